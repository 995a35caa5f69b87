import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './tmp.js';

export interface TestRepo {
  /** Working clone. */
  dir: string;
  /** Bare repository, the clone's `origin`, reached through a file:// URL. */
  remote: string;
  git(...args: string[]): string;
  /** Writes files (path -> content; null deletes) and commits them at a pinned date. */
  commit(files: Record<string, string | null>, message: string, date?: string): string;
  head(): string;
  /** sha of a ref on the bare remote, or null. */
  remoteRef(ref: string): string | null;
}

let clock = Date.parse('2026-11-01T09:00:00Z');

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * A real repository with a bare `file://` remote, `main` checked out. `seed` copies a
 * directory into the first commit (e.g. the repository's own sample release).
 */
export function createRepo(
  options: { files?: Record<string, string>; seed?: { from: string; paths: string[] } } = {},
): TestRepo {
  const base = tempDir('rg-repo-');
  const remote = join(base, 'remote.git');
  const dir = join(base, 'work');
  mkdirSync(remote);
  run(remote, ['init', '--bare', '-b', 'main', '--quiet']);
  mkdirSync(dir);
  run(dir, ['init', '-b', 'main', '--quiet']);
  run(dir, ['remote', 'add', 'origin', `file://${remote}`]);
  const repo = open(dir, remote);

  if (options.seed) {
    for (const p of options.seed.paths)
      cpSync(join(options.seed.from, p), join(dir, p), { recursive: true });
    run(dir, ['add', '-A']);
  }
  repo.commit(options.files ?? {}, 'initial commit');
  run(dir, ['push', '-q', 'origin', 'main']);
  return repo;
}

/**
 * An independent copy of a repository and its bare remote: build an expensive fixture once,
 * then give each test its own copy to change.
 */
export function copyRepo(repo: TestRepo): TestRepo {
  const base = tempDir('rg-repo-');
  const remote = join(base, 'remote.git');
  const dir = join(base, 'work');
  cpSync(repo.remote, remote, { recursive: true });
  cpSync(repo.dir, dir, { recursive: true });
  run(dir, ['remote', 'set-url', 'origin', `file://${remote}`]);
  return open(dir, remote);
}

function open(dir: string, remote: string): TestRepo {
  return {
    dir,
    remote,
    git: (...args) => run(dir, args),
    commit(files, message, date) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        if (content === null) {
          run(dir, ['rm', '-q', '--', path]);
          continue;
        }
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
        run(dir, ['add', '--', path]);
      }
      const when = date ?? new Date((clock += 60_000)).toISOString();
      run(dir, ['commit', '-q', '--allow-empty', '-m', message], {
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_DATE: when,
      });
      return run(dir, ['rev-parse', 'HEAD']);
    },
    head: () => run(dir, ['rev-parse', 'HEAD']),
    remoteRef(ref) {
      try {
        return run(remote, ['rev-parse', '--verify', '--quiet', ref]) || null;
      } catch {
        return null;
      }
    },
  };
}
