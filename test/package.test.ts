/**
 * The npm package (`npx release-gates@1 check`): what `npm pack` puts in it, its size, and that
 * it installs with no network into a directory holding nothing else and runs there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFiles, writePackage, REPOSITORY } from '../scripts/package.js';
import { ROOT } from './support/action.js';
import { createRepo } from './support/git.js';
import { sampleRepo } from './support/sample.js';
import { tempDir } from './support/tmp.js';

/** What the package may hold: the CLI bundle, its chunks, the README and the manifest. */
const ALLOWED = [
  /^README\.md$/,
  /^package\.json$/,
  /^actions\/cli\/dist\/index\.js$/,
  /^actions\/shared\/dist\/[A-Za-z0-9_-]+\.js$/,
];
/** The budget: today about 0.8 MiB packed and 3.8 MiB unpacked. */
const MAX_PACKED = 1024 * 1024;
const MAX_UNPACKED = 5 * 1024 * 1024;

const COMMIT = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
  bundled: string[];
}

/** npm as a user's machine has it: no registry reachable, a cache of its own, no npm_* of ours. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    GITHUB_ACTIONS: '',
  };
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(file, args, { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package', () => {
  let packed: Packed;
  let env: NodeJS.ProcessEnv;
  let tarball: string;

  beforeAll(() => {
    const base = tempDir('rg-npm-');
    const dir = join(base, 'package');
    writePackage(dir, { commit: COMMIT });
    env = npmEnv(join(base, 'cache'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', base], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    packed = (JSON.parse(out) as Packed[])[0]!;
    tarball = join(base, packed.filename);
  }, 60_000);

  it('holds the CLI bundle and the chunks it imports, nothing else, within its size budget', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths.filter((p) => !ALLOWED.some((a) => a.test(p)))).toEqual([]);
    expect(paths).toEqual(['README.md', 'package.json', ...bundleFiles()].sort());
    expect(packed.bundled).toEqual([]);
    expect(packed.size).toBeLessThan(MAX_PACKED);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED);
  });

  it('has no dependencies, and the metadata npm provenance and npx need', () => {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'release-gates',
      version: VERSION,
      license: 'MIT',
      type: 'module',
      engines: { node: '>=20.19' },
      bin: { 'release-gates': 'actions/cli/dist/index.js' },
      repository: { type: 'git', url: `git+https://github.com/${REPOSITORY}.git` },
      publishConfig: { access: 'public', provenance: true },
      releaseGates: { repository: REPOSITORY, commit: COMMIT },
    });
    expect(manifest).not.toHaveProperty('private');
    for (const deps of ['dependencies', 'optionalDependencies', 'peerDependencies', 'scripts'])
      expect(manifest).not.toHaveProperty(deps);
  });

  it('installs offline into an empty directory and runs --help, check and init there', () => {
    const consumer = tempDir('rg-npm-consumer-');
    const install = run('npm', ['install', '--offline', tarball], consumer, env);
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.code).toBe(0);
    // Only the package itself: the bundle needs nothing from node_modules.
    expect(readdirSync(join(consumer, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([
      'release-gates',
    ]);

    const help = run('npx', ['--offline', 'release-gates', '--help'], consumer, env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^release-gates ${VERSION}: `));
    expect(help.stdout).toMatch(/^ {2}check\s/m);

    const bin = join(consumer, 'node_modules/.bin/release-gates');
    const sample = sampleRepo();
    const check = run(bin, ['check', '--format', 'json'], sample.dir, env);
    expect(check.stderr).toBe('');
    const report = JSON.parse(check.stdout) as { result: string; verdicts: { gate: string }[] };
    expect(check.code).toBe(0);
    expect(['pass', 'warn']).toContain(report.result);
    expect(report.verdicts.map((v) => v.gate)).toContain('evals');

    // A repository with no package.json: init pins the commit the package was built from.
    const repo = createRepo();
    const init = run(
      bin,
      ['init', '--name', 'faq-bot', '--governance-lead', 'gabriel-gov,gwen-gov'],
      repo.dir,
      env,
    );
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const gates = readFileSync(join(repo.dir, '.github/workflows/release-gates.yml'), 'utf8');
    expect(gates).toContain(
      `uses: ${REPOSITORY}/.github/workflows/gates.yml@${COMMIT} # v${VERSION}`,
    );
    expect(gates).toContain(`release-gates-ref: ${COMMIT}`);
    // The workflows run the pinned actions: nothing in them needs a package.json or npm.
    for (const file of readdirSync(join(repo.dir, '.github/workflows')))
      expect(readFileSync(join(repo.dir, '.github/workflows', file), 'utf8')).not.toMatch(
        /\bnpm\b|\bnpx\b|package(-lock)?\.json/,
      );
    const validate = run(bin, ['validate-policy'], repo.dir, env);
    expect(validate.code).toBe(0);
  });
});
