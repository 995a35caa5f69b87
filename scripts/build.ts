/**
 * Bundles every action (actions/<name>/main.ts) and the CLI into actions/<name>/dist/index.js,
 * committed so `uses: OWNER/REPO/actions/<name>@v1` needs no install. One esbuild call for all
 * entries with code splitting: the entries share chunks in actions/shared/dist/ instead of
 * each carrying its own 1.6 MiB copy of the toolkit (the runner downloads the whole
 * repository for an action, so the chunks are always there). Deterministic, so CI can diff it.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function entries(): string[] {
  return readdirSync(ROOT + 'actions', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${ROOT}actions/${d.name}/main.ts`))
    .map((d) => d.name)
    .sort();
}

// ESM output: CommonJS dependencies still call require() and read __dirname.
const BANNER = [
  "import { createRequire as __rgCreateRequire } from 'node:module';",
  "import { fileURLToPath as __rgFileURLToPath } from 'node:url';",
  "import { dirname as __rgDirname } from 'node:path';",
  'const require = __rgCreateRequire(import.meta.url);',
  'const __filename = __rgFileURLToPath(import.meta.url);',
  'const __dirname = __rgDirname(__filename);',
].join('\n');

const names = entries();
// Chunk names carry a content hash: clear old ones so none linger.
rmSync(ROOT + 'actions/shared/dist', { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: Object.fromEntries(names.map((n) => [`${n}/dist/index`, `actions/${n}/main.ts`])),
  outdir: 'actions',
  chunkNames: 'shared/dist/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: BANNER },
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
  // jsonc-parser's main build is UMD, whose require() esbuild cannot follow; its ESM build
  // bundles (Node itself cannot load it: extensionless imports).
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
});
for (const n of [...names, 'shared']) {
  // Marks the bundle as ESM even where the repository's package.json is not beside it.
  writeFileSync(`${ROOT}actions/${n}/dist/package.json`, '{ "type": "module" }\n');
}
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  console.log(`${file}  ${(info.bytes / 1024).toFixed(0)} KiB`);
}
