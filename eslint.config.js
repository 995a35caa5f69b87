import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** What actions/lib may not import, statically or with import(): the edge's business. */
const CORE_BOUNDARY = [
  { regex: '^@actions/', message: 'actions/lib is pure: use a port from ports.ts.' },
  { regex: '^(simple-git|(node:)?child_process)$', message: 'Git goes through the GitPort.' },
  {
    regex: '^(node:)?fs(/promises)?$',
    message: 'actions/lib reads and writes files through the FilePort of ports.ts.',
  },
  {
    // actions/runtime is the edge that implements the ports; the core only knows ports.ts.
    regex: '(^|/)actions/runtime(/|$)|^\\.\\.?/(.*/)?runtime(/|$)',
    message: 'actions/lib never imports actions/runtime: take a port from ports.ts.',
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', '**/*.generated.ts', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core stays pure: no toolkit, no environment, no file system. Only actions/runtime
    // touches them. test/lint-boundary.test.ts proves each rule fires.
    files: ['actions/lib/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: CORE_BOUNDARY }],
      // import() is not an import declaration: the same sources, refused in it too.
      'no-restricted-syntax': [
        'error',
        ...CORE_BOUNDARY.map(({ regex, message }) => ({
          selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`,
          message,
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'actions/lib never reads the environment.' },
        {
          object: 'process',
          property: 'exit',
          message: 'Return a verdict; the edge sets the exit code.',
        },
        { object: 'process', property: 'stdout', message: 'The core never writes to stdout.' },
        { object: 'console', property: 'log', message: 'The core never writes to stdout.' },
      ],
    },
  },
);
