/**
 * Versioning of the actions themselves (docs/releasing.md):
 *
 *   npm run release -- 1.2.0        bump package.json, date the CHANGELOG's Unreleased section,
 *                                   commit, tag v1.2.0 and move the major tag v1 to it
 *   npm run release -- move-major v1.2.0
 *                                   only move v1 to the commit of v1.2.0 (what the release
 *                                   workflow runs after a version tag is pushed)
 *
 * Users pin a full commit SHA, which `release-gates init` writes from their package-lock.json;
 * `@v1` (moves with every compatible release) only with allow-moving-ref.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export class ReleaseError extends Error {}

/** Points the major tag (v1) at the commit of a version tag (v1.2.0), as an annotated tag. */
export function moveMajorTag(cwd: string, versionTag: string): string {
  const m = /^v(\d+)\.\d+\.\d+$/.exec(versionTag);
  if (!m) throw new ReleaseError(`${versionTag} is not a version tag like v1.2.0`);
  const commit = git(cwd, 'rev-parse', '--verify', `${versionTag}^{commit}`);
  const major = `v${m[1]}`;
  git(
    cwd,
    'tag',
    '-f',
    '-a',
    major,
    '-m',
    `${major}: latest ${major}.x release, ${versionTag}`,
    commit,
  );
  return major;
}

/** Moves the CHANGELOG's "Unreleased" entries under a dated version heading. */
export function dateChangelog(text: string, version: string, date: string): string {
  const heading = '## [Unreleased]';
  const at = text.indexOf(heading);
  if (at === -1) throw new ReleaseError('CHANGELOG.md has no "## [Unreleased]" section');
  const body = text
    .slice(at + heading.length)
    .split(/\n## /)[0]!
    .trim();
  if (!body)
    throw new ReleaseError('the Unreleased section of CHANGELOG.md is empty: say what changed');
  if (text.includes(`## [${version}]`))
    throw new ReleaseError(`CHANGELOG.md already has ${version}`);
  return text.replace(heading, `${heading}\n\n## [${version}] - ${date}`);
}

/** The whole release, in a clean checkout of the default branch with fresh bundles. */
export function release(
  cwd: string,
  version: string,
  date: string,
): { tag: string; major: string } {
  const m = SEMVER.exec(version);
  if (!m) throw new ReleaseError(`${version} is not a version like 1.2.0`);
  if (git(cwd, 'status', '--porcelain'))
    throw new ReleaseError('the working tree has changes: commit or stash them');
  const tag = `v${version}`;
  if (git(cwd, 'tag', '--list', tag)) throw new ReleaseError(`tag ${tag} exists already`);

  // Everything is checked before anything is written.
  const changelogPath = join(cwd, 'CHANGELOG.md');
  const changelog = dateChangelog(readFileSync(changelogPath, 'utf8'), version, date);
  const pkgPath = join(cwd, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  pkg.version = version;
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  writeFileSync(changelogPath, changelog);

  git(cwd, 'add', 'package.json', 'CHANGELOG.md');
  git(cwd, 'commit', '-q', '-m', `Release ${tag}`);
  git(cwd, 'tag', '-a', tag, '-m', `release-gates ${tag}`);
  return { tag, major: moveMajorTag(cwd, tag) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [first, second] = process.argv.slice(2);
  try {
    if (first === 'move-major' && second) {
      console.log(`moved ${moveMajorTag(process.cwd(), second)} to ${second}`);
    } else if (first && SEMVER.test(first)) {
      const { tag, major } = release(process.cwd(), first, new Date().toISOString().slice(0, 10));
      console.log(
        `tagged ${tag} and moved ${major}. Publish with:\n  git push origin HEAD ${tag} && git push --force origin ${major}`,
      );
    } else {
      throw new ReleaseError('usage: npm run release -- <version> | move-major <version tag>');
    }
  } catch (e) {
    console.error(`release: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
