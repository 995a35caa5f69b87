import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateChangelog, moveMajorTag, release } from '../scripts/release.js';
import { createRepo } from './support/git.js';

const CHANGELOG =
  '# Changelog\n\n## [Unreleased]\n\n- The eval gate.\n\n## [1.1.0] - 2026-10-01\n\n- Sign-off.\n';

describe('versioning the actions', () => {
  it('tags a release and moves the major tag with it, release after release', () => {
    const repo = createRepo({
      files: {
        'package.json': '{ "name": "release-gates", "version": "1.1.0" }\n',
        'CHANGELOG.md': CHANGELOG,
      },
    });
    expect(release(repo.dir, '1.2.0', '2026-11-21')).toEqual({ tag: 'v1.2.0', major: 'v1' });
    const first = repo.head();
    expect(repo.git('rev-parse', 'v1.2.0^{commit}')).toBe(first);
    expect(repo.git('rev-parse', 'v1^{commit}')).toBe(first);
    expect(repo.git('cat-file', '-t', 'v1')).toBe('tag');
    expect(JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8')).version).toBe('1.2.0');
    expect(readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8')).toContain(
      '## [Unreleased]\n\n## [1.2.0] - 2026-11-21\n\n- The eval gate.',
    );

    repo.commit(
      {
        'CHANGELOG.md': readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8').replace(
          '## [Unreleased]\n',
          '## [Unreleased]\n\n- Monitoring.\n',
        ),
      },
      'next',
    );
    release(repo.dir, '1.3.0', '2026-12-01');
    expect(repo.git('rev-parse', 'v1^{commit}')).toBe(repo.head());
    expect(repo.git('rev-parse', 'v1.2.0^{commit}')).toBe(first);
  });

  it('moves only the major tag of the version given', () => {
    const repo = createRepo();
    repo.git('tag', '-a', 'v2.0.1', '-m', 'v2.0.1');
    expect(moveMajorTag(repo.dir, 'v2.0.1')).toBe('v2');
    expect(repo.git('rev-parse', 'v2^{commit}')).toBe(repo.head());
    expect(() => moveMajorTag(repo.dir, 'v2')).toThrow(/not a version tag/);
  });

  it.each([
    ['1.2', /not a version like 1.2.0/],
    ['1.1.0', /CHANGELOG.md already has 1.1.0/],
  ])('refuses version %s', (version, message) => {
    const repo = createRepo({
      files: { 'package.json': '{ "version": "1.1.0" }\n', 'CHANGELOG.md': CHANGELOG },
    });
    expect(() => release(repo.dir, version, '2026-11-21')).toThrow(message);
  });

  it('refuses a dirty tree and an empty Unreleased section', () => {
    const repo = createRepo({
      files: { 'package.json': '{ "version": "1.1.0" }\n', 'CHANGELOG.md': '## [Unreleased]\n' },
    });
    expect(() => release(repo.dir, '1.2.0', '2026-11-21')).toThrow(
      /Unreleased section of CHANGELOG.md is empty/,
    );
    expect(repo.git('status', '--porcelain')).toBe('');
    repo.commit({ 'x.txt': 'x' }, 'x');
    writeFileSync(join(repo.dir, 'x.txt'), 'changed');
    expect(() => release(repo.dir, '1.2.0', '2026-11-21')).toThrow(/working tree has changes/);
  });

  it('dates the changelog without losing earlier releases', () => {
    expect(dateChangelog(CHANGELOG, '1.2.0', '2026-11-21')).toMatch(
      /## \[1\.2\.0\] - 2026-11-21\n\n- The eval gate\.\n\n## \[1\.1\.0\] - 2026-10-01\n\n- Sign-off\./,
    );
  });
});
