/**
 * Generates what follows from its single source (the JSON Schemas, the command specs):
 *   actions/lib/policy/policy.generated.ts    TypeScript types of a validated policy
 *   actions/lib/release/release.generated.ts  types of release records and ledger events
 *   actions/lib/controls/register.generated.ts  types of the controls register
 *   docs/policy-reference.md                  the field-by-field reference
 *   actions/<name>/action.yml, docs/actions.md  each action and the reference, from the command specs
 *   actions/lib/init/workflows.generated.ts   the release workflows `release-gates init` writes
 *   *.validate.generated.ts                   the schemas' validators, compiled ahead of time
 *   actions/lib/pii/trigrams.wasm.generated.ts  the PII prefilter's loop, trigrams.wat compiled
 * `npm run generate` writes them; a test fails when the committed copies are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';
import { stringify as stringifyYaml } from 'yaml';
import wabt from 'wabt';
import {
  ACTION_COMMANDS,
  COMMON_OUTPUTS,
  actionInputs,
  type ActionEntry,
} from '../actions/lib/commands/actions.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMA_PATH = 'actions/lib/policy/policy.schema.json';
export const TYPES_PATH = 'actions/lib/policy/policy.generated.ts';
export const RELEASE_SCHEMA_PATH = 'actions/lib/release/release.schema.json';
export const RELEASE_TYPES_PATH = 'actions/lib/release/release.generated.ts';
export const REGISTER_SCHEMA_PATH = 'actions/lib/controls/register.schema.json';
export const REGISTER_TYPES_PATH = 'actions/lib/controls/register.generated.ts';
export const REGISTER_VALIDATOR_PATH = 'actions/lib/controls/register.validate.generated.ts';
export const DOCS_PATH = 'docs/policy-reference.md';
export const VALIDATOR_PATH = 'actions/lib/policy/policy.validate.generated.ts';
export const RELEASE_VALIDATORS_PATH = 'actions/lib/release/release.validate.generated.ts';
export const TRIGRAMS_WAT_PATH = 'actions/lib/pii/trigrams.wat';
export const TRIGRAMS_WASM_PATH = 'actions/lib/pii/trigrams.wasm.generated.ts';

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  required?: string[];
  definitions?: Record<string, Schema>;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  'x-hint'?: string;
};

function loadSchema(path = SCHEMA_PATH): Schema {
  return JSON.parse(readFileSync(ROOT + path, 'utf8')) as Schema;
}

/** ajv fills in defaults, so after validation a defaulted key is always present. */
function requireDefaulted(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(requireDefaulted);
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.properties) {
    const defaulted = Object.entries(schema.properties)
      .filter(([, s]) => s && 'default' in s)
      .map(([k]) => k);
    if (defaulted.length)
      schema.required = [...new Set([...(schema.required ?? []), ...defaulted])];
  }
  for (const [k, v] of Object.entries(schema))
    if (k !== 'default' && k !== 'examples') requireDefaulted(v);
}

async function generateTypes(path: string, name: string): Promise<string> {
  const schema = loadSchema(path);
  requireDefaulted(schema);
  // x-hint is ours; json-schema-to-typescript would ignore it anyway, but keep the input standard.
  const ts = await compile(schema as never, name, {
    bannerComment: `/* Generated from ${path.split('/').pop()} by \`npm run generate\`. Do not edit: edit the schema. */`,
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 100, trailingComma: 'all' },
  });
  return ts;
}

// ---------------------------------------------------------------- validators

/**
 * ajv's standalone code for a schema: one validating function per export (a JSON pointer into
 * the schema). Strict, every error reported, defaults filled in, our `x-hint` keyword allowed.
 * Compiled here rather than at run time because compiling the policy schema took about 0.1 s
 * of every run's start. ajv emits `require()` for its runtime helpers even in ESM mode, so
 * they become imports.
 */
function generateValidators(path: string, exports: Record<string, string>): string {
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    useDefaults: true,
    verbose: true,
    code: { source: true, esm: true },
  });
  (addFormats as unknown as typeof addFormats.default)(ajv, ['date', 'date-time', 'regex']);
  ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
  const schema = loadSchema(path);
  ajv.addSchema(schema, 'schema');
  const refs = Object.fromEntries(
    Object.entries(exports).map(([name, ref]) => [`${name}Code`, `schema${ref}`]),
  );
  const modules: string[] = [];
  const code = standaloneCode
    .default(ajv, refs)
    .replace(/require\("([^"]+)"\)/g, (_, module: string) => {
      if (!modules.includes(module)) modules.push(module);
      return `runtime${modules.indexOf(module)}`;
    });
  return [
    `// Generated from ${path.split('/').pop()} by \`npm run generate\`. Do not edit: edit the schema.`,
    '// @ts-nocheck',
    ...modules.map((m, i) => `import * as module${i} from '${m}.js';`),
    // Node.js, esbuild and vitest disagree on what a CommonJS default import is.
    'const cjs = (m) => (m.default?.__esModule ? m.default : m);',
    ...modules.map((_, i) => `const runtime${i} = cjs(module${i});`),
    code.replace(/^"use strict";/, ''),
    '',
    "type Validator = { (data: unknown): boolean; errors?: import('ajv').ErrorObject[] | null };",
    ...Object.keys(exports).map(
      (name) => `export const ${name} = ${name}Code as unknown as Validator;`,
    ),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- policy reference

function resolve(schema: Schema, root: Schema): Schema {
  let out = schema;
  const seen = new Set<string>();
  while (out.$ref && !seen.has(out.$ref)) {
    seen.add(out.$ref);
    const target = out.$ref
      .replace('#/', '')
      .split('/')
      .reduce<unknown>((n, k) => (n as Schema)[k], root) as Schema;
    const { $ref: _ref, ...rest } = out;
    out = { ...target, ...rest };
  }
  return out;
}

function typeOf(s: Schema, root: Schema): string {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const names = types.map((t) =>
    t === 'array'
      ? s.items
        ? `list of ${typeOf(resolve(s.items, root), root)}`
        : 'list'
      : t === 'object'
        ? 'mapping'
        : t,
  );
  return names.join(' or ') || 'any';
}

function code(v: unknown): string {
  return '`' + (typeof v === 'string' ? v : JSON.stringify(v)) + '`';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function generateDocs(): string {
  const root = loadSchema();
  const lines: string[] = [
    '<!-- Generated from actions/lib/policy/policy.schema.json by `npm run generate`. Do not edit. -->',
    '',
    '# Policy reference',
    '',
    `${root.description}`,
    '',
    'A policy is one YAML file, by default `policies/release-policy.yaml`. It is validated against',
    '[the JSON Schema](../actions/lib/policy/policy.schema.json) with every error reported as',
    '`file:line:column`; add `# yaml-language-server: $schema=<path or URL of the schema>` as its first',
    'line for completion and checks in your editor. `release-gates validate-policy` checks a file.',
    '',
    'Keys in each table are written as their path from the top of the file; `[]` marks a list item and',
    '`<name>` a key you choose. A default is filled in when the key is absent.',
    '',
  ];
  const sections: string[] = [];

  function walk(schema: Schema, path: string, depth: number): void {
    const s = resolve(schema, root);
    const rows: string[] = [];
    const nested: [Schema, string][] = [];
    const required = new Set(s.required ?? []);
    const props = Object.entries(s.properties ?? {});
    if (
      props.length === 0 &&
      s.additionalProperties &&
      typeof s.additionalProperties === 'object'
    ) {
      props.push(['<name>', s.additionalProperties]);
    }
    for (const [key, raw] of props) {
      const p = resolve(raw, root);
      const full = path ? `${path}.${key}` : key;
      const facts: string[] = [];
      if (p.enum) facts.push('one of ' + p.enum.map(code).join(', '));
      if (p.const !== undefined) facts.push('exactly ' + code(p.const));
      if (
        p.default !== undefined &&
        !(typeof p.default === 'object' && p.default && Object.keys(p.default).length === 0)
      )
        facts.push('default ' + code(p.default));
      for (const [k, label] of [
        ['minimum', '≥'],
        ['exclusiveMinimum', '>'],
        ['maximum', '≤'],
        ['exclusiveMaximum', '<'],
      ] as const) {
        if (p[k] !== undefined) facts.push(`${label} ${String(p[k])}`);
      }
      if (p['x-hint'] && p.pattern) facts.push(String(p['x-hint']));
      rows.push(
        `| \`${full}\` | ${typeOf(p, root)} | ${required.has(key) ? 'yes' : ''} | ${cell(
          [p.description ?? '', facts.length ? `(${facts.join('; ')})` : '']
            .filter(Boolean)
            .join(' '),
        )} |`,
      );
      const itemSchema = p.items ? resolve(p.items, root) : undefined;
      if (
        p.properties ||
        (typeof p.additionalProperties === 'object' && p.additionalProperties.properties)
      ) {
        nested.push([p, full]);
      } else if (itemSchema?.properties) {
        nested.push([itemSchema, `${full}[]`]);
      }
    }
    if (rows.length) {
      sections.push(
        `${'#'.repeat(Math.min(depth, 4))} ${path || 'Top level'}`,
        '',
        ...(path && s.description ? [s.description, ''] : []),
        '| key | type | required | meaning |',
        '| --- | --- | --- | --- |',
        ...rows,
        '',
      );
    }
    for (const [child, childPath] of nested) walk(child, childPath, depth + 1);
  }

  walk(root, '', 2);
  return [...lines, ...sections].join('\n');
}

// ---------------------------------------------------------------- actions reference

export const ACTIONS_DOCS_PATH = 'docs/actions.md';

/** An action's action.yml, as an object: from its entry in ACTION_COMMANDS and its command's spec. */
function actionMetadata(name: string, entry: ActionEntry) {
  return {
    name: `release-gates: ${name}`,
    description: entry.description ?? entry.command.summary,
    author: 'release-gates',
    branding: { icon: entry.branding.icon, color: entry.branding.color ?? 'green' },
    inputs: actionInputs(entry),
    outputs: Object.fromEntries(
      Object.entries({ ...COMMON_OUTPUTS, ...entry.outputs }).map(([k, description]) => [
        k,
        { description },
      ]),
    ),
    runs: { using: 'node24', main: 'dist/index.js' },
  };
}

const actionNames = () => Object.keys(ACTION_COMMANDS).sort();

function generateActionYaml(name: string): string {
  const yaml = stringifyYaml(actionMetadata(name, ACTION_COMMANDS[name]!), {
    defaultStringType: 'QUOTE_SINGLE',
    defaultKeyType: 'PLAIN',
    lineWidth: 0,
  });
  return `# Generated from actions/lib/commands by \`npm run generate\`. Do not edit.\n${yaml}`;
}

/** docs/actions.md from the same entries as every action.yml, so the two cannot disagree. */
function generateActionsDocs(): string {
  const names = actionNames();
  const lines = [
    '<!-- Generated from actions/lib/commands by `npm run generate`. Do not edit. -->',
    '',
    '# Actions reference',
    '',
    'Every action runs one `release-gates` command and gives the same verdict as the CLI, byte for',
    'byte in JSON. Use them from another repository pinned to the full commit SHA of a release,',
    "`release-gates/release-gates/actions/<name>@<commit SHA> # v1.4.0` (a fork's `OWNER/NAME` instead,",
    'if you run one), as `release-gates init` writes them; `@v1`, shown below for short, is the moving',
    'major tag, and whoever can move it decides what runs ([releasing](releasing.md)). Use them after',
    '`actions/checkout` with `fetch-depth: 0`. Every action writes a job summary, annotations at',
    'the file and line of the top findings, and JSON, SARIF and JUnit reports; exit code 0 for',
    'pass or warn, 1 for fail, 2 for error.',
    '',
    ...names.map((n) => `- [\`${n}\`](#${n})`),
    '',
  ];
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const n of names) {
    const entry = ACTION_COMMANDS[n]!;
    const meta = actionMetadata(n, entry);
    lines.push(
      `## ${n}`,
      '',
      cell(meta.description),
      '',
      '```yaml',
      `- uses: release-gates/release-gates/actions/${n}@v1`,
      '```',
      '',
    );
    const inputs = Object.entries(meta.inputs);
    if (inputs.length) {
      lines.push('| input | default | description |', '| --- | --- | --- |');
      for (const [k, v] of inputs) {
        lines.push(
          `| \`${k}\`${v.required ? ' (required)' : ''} | ${v.default !== undefined ? `\`${cell(v.default)}\`` : ''} | ${cell(v.description)} |`,
        );
      }
      lines.push('');
    }
    lines.push('| output | description |', '| --- | --- |');
    for (const [k, v] of Object.entries(meta.outputs))
      lines.push(`| \`${k}\` | ${cell(v.description)} |`);
    lines.push('');
    // The command line runs the same command; a single-gate action is `check --gate <gate>`.
    if (!entry.fixed) {
      lines.push('On the command line (`release-gates ' + entry.command.name + ' --help`):', '');
      lines.push('```sh');
      for (const e of entry.command.examples) lines.push(`# ${e.what}`, e.run);
      lines.push('```', '');
    }
  }
  return lines.join('\n');
}

export const INIT_WORKFLOWS_PATH = 'actions/lib/init/workflows.generated.ts';
const RELEASE_WORKFLOWS = ['promote.yml', 'rollback.yml', 'release-admin.yml', 'deploy.yml'];

/** This repository's release workflows, for `release-gates init`: one copy, tested here. */
function generateInitWorkflows(): string {
  const entries = RELEASE_WORKFLOWS.map(
    (f) =>
      `  ${JSON.stringify(f)}: ${JSON.stringify(readFileSync(`${ROOT}.github/workflows/${f}`, 'utf8'))},`,
  );
  return [
    '// Generated from .github/workflows by `npm run generate`. Do not edit.',
    '',
    '/** The release workflows of this repository, which `release-gates init` writes for a team. */',
    'export const RELEASE_WORKFLOWS: Record<string, string> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

/** trigrams.wat as WebAssembly bytes in base64, for the bundle to carry without a file of its own. */
async function generateTrigramsWasm(): Promise<string> {
  const toolkit = await wabt();
  const module = toolkit.parseWat(
    TRIGRAMS_WAT_PATH,
    readFileSync(ROOT + TRIGRAMS_WAT_PATH, 'utf8'),
  );
  try {
    module.validate();
    const bytes = Buffer.from(module.toBinary({}).buffer).toString('base64');
    return [
      `/** ${TRIGRAMS_WAT_PATH} compiled by wabt: written by \`npm run generate\`, do not edit. */`,
      `export const TRIGRAM_SCAN_WASM = '${bytes}';`,
      '',
    ].join('\n');
  } finally {
    module.destroy();
  }
}

export async function generatedFiles(): Promise<Record<string, string>> {
  const format = async (text: string, parser: 'typescript' | 'markdown' | 'yaml') =>
    prettier.format(text, { parser, singleQuote: true, printWidth: 100, trailingComma: 'all' });
  return {
    [TYPES_PATH]: await format(await generateTypes(SCHEMA_PATH, 'ReleasePolicy'), 'typescript'),
    [RELEASE_TYPES_PATH]: await format(
      await generateTypes(RELEASE_SCHEMA_PATH, 'ReleaseLedgerLine'),
      'typescript',
    ),
    [REGISTER_TYPES_PATH]: await format(
      await generateTypes(REGISTER_SCHEMA_PATH, 'ControlsRegister'),
      'typescript',
    ),
    [DOCS_PATH]: await format(generateDocs(), 'markdown'),
    [ACTIONS_DOCS_PATH]: await format(generateActionsDocs(), 'markdown'),
    ...Object.fromEntries(
      await Promise.all(
        actionNames().map(async (n) => [
          `actions/${n}/action.yml`,
          await format(generateActionYaml(n), 'yaml'),
        ]),
      ),
    ),
    [INIT_WORKFLOWS_PATH]: await format(generateInitWorkflows(), 'typescript'),
    [VALIDATOR_PATH]: generateValidators(SCHEMA_PATH, {
      validatePolicy: '#',
      // Applied to {} they give a section's defaults, for commands that run without a policy.
      validatePromotion: '#/definitions/promotion',
      validateFeedback: '#/definitions/feedback',
    }),
    [REGISTER_VALIDATOR_PATH]: generateValidators(REGISTER_SCHEMA_PATH, { validateRegister: '#' }),
    [TRIGRAMS_WASM_PATH]: await generateTrigramsWasm(),
    [RELEASE_VALIDATORS_PATH]: generateValidators(RELEASE_SCHEMA_PATH, {
      validateRecord: '#/definitions/record',
      validateMoveEvent: '#/definitions/moveEvent',
      validateFreezeEvent: '#/definitions/freezeEvent',
      validateReleaseMarkEvent: '#/definitions/releaseMarkEvent',
    }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [path, content] of Object.entries(await generatedFiles())) {
    writeFileSync(ROOT + path, content);
    console.log(`wrote ${path}`);
  }
}
