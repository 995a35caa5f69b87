/**
 * Writes the npm package of the command line into a directory of its own (default
 * .release-gates/npm): the CLI bundle, the shared chunks it imports, the README, and a
 * package.json generated from this repository's. The repository's own package.json stays the
 * development manifest (private, scripts, the toolkit as dependencies for the build); the
 * published one has no dependencies, because the bundle carries them (docs/releasing.md).
 *
 *   npm run build && npm run package [-- --out DIR] [-- --commit SHA]
 *
 * The package records the release-gates commit it was built from (`releaseGates.commit`), so
 * that `release-gates init` run from the package pins the workflows to the same code. Without
 * --commit it is HEAD, and only when the tracked files are unchanged: a package built from a
 * modified tree records no commit, since no commit holds what it ships.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE = 'actions/cli/dist/index.js';
export const REPOSITORY = 'release-gates/release-gates';
const SHA = /^[0-9a-f]{40}$/;

/** Relative imports, static and dynamic, as esbuild writes them (not those in doc comments). */
const IMPORT = /^(?!\s*(?:\*|\/\/|\/\*)).*?(?:\bfrom |\bimport\(|^import )"(\.{1,2}\/[^"]+)"/gm;

/** The bundle and every chunk it reaches, as paths relative to the repository root. */
export function bundleFiles(root = ROOT, entry = CLI_BUNDLE): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    if (!existsSync(join(root, file)))
      throw new Error(`${file} is missing: run npm run build first`);
    seen.add(file);
    for (const [, spec] of readFileSync(join(root, file), 'utf8').matchAll(IMPORT))
      visit(posix.join(posix.dirname(file), spec!));
  };
  visit(entry);
  return [...seen].sort();
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

function cleanHead(): string | undefined {
  return git('status', '--porcelain', '--untracked-files=no')
    ? undefined
    : git('rev-parse', 'HEAD');
}

/** Writes the package into `out` (replacing it); returns the paths it holds. */
export function writePackage(out: string, options: { commit?: string } = {}): string[] {
  const dev = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const commit = options.commit ?? cleanHead();
  if (commit !== undefined && !SHA.test(commit))
    throw new Error(`--commit must be a full 40-character commit SHA, not "${commit}"`);
  const files = bundleFiles();
  const manifest = {
    name: dev.name,
    version: dev.version,
    description: dev.description,
    keywords: dev.keywords,
    license: dev.license,
    // npm's provenance checks that the package was built in this repository.
    repository: { type: 'git', url: `git+https://github.com/${REPOSITORY}.git` },
    homepage: `https://github.com/${REPOSITORY}#readme`,
    bugs: { url: `https://github.com/${REPOSITORY}/issues` },
    type: 'module',
    engines: dev.engines,
    bin: { 'release-gates': CLI_BUNDLE },
    files: ['actions/'],
    publishConfig: { access: 'public', provenance: true },
    ...(commit ? { releaseGates: { repository: REPOSITORY, commit } } : {}),
  };
  rmSync(out, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    cpSync(join(ROOT, file), join(out, file));
  }
  cpSync(join(ROOT, 'README.md'), join(out, 'README.md'));
  writeFileSync(join(out, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return ['README.md', 'package.json', ...files];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, commit: { type: 'string' } },
  });
  const out = values.out ?? join(ROOT, '.release-gates/npm');
  try {
    const files = writePackage(out, values.commit ? { commit: values.commit } : {});
    console.log(`wrote ${files.length} files to ${out}; next: npm pack ${out}`);
  } catch (e) {
    console.error(`npm run package: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
