import { simpleGit, type SimpleGit } from 'simple-git';
import type { CommitInfo, GitPort } from '../../lib/ports.js';

/** Git through simple-git, in the repository at `root`. */
export class SimpleGitPort implements GitPort {
  readonly git: SimpleGit;
  private readonly fetched = new Set<string>();

  constructor(
    readonly root: string,
    private readonly remote = 'origin',
  ) {
    this.git = simpleGit({ baseDir: root, maxConcurrentProcesses: 6 });
  }

  async head(): Promise<string | null> {
    return this.verify('HEAD');
  }

  private async verify(ref: string): Promise<string | null> {
    try {
      const sha = (
        await this.git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      ).trim();
      return sha || null;
    } catch {
      return null;
    }
  }

  async resolve(ref: string): Promise<string | null> {
    if (ref.startsWith('-')) return null;
    const local =
      (await this.verify(ref)) ?? (await this.verify(`refs/remotes/${this.remote}/${ref}`));
    if (local) return local;
    // A shallow CI checkout lacks other branches: fetch the one asked for, once.
    if (this.fetched.has(ref)) return null;
    this.fetched.add(ref);
    try {
      await this.git.raw([
        'fetch',
        '--no-tags',
        '--quiet',
        this.remote,
        `+${ref}:refs/remotes/${this.remote}/${ref}`,
      ]);
    } catch {
      try {
        await this.git.raw(['fetch', '--no-tags', '--quiet', this.remote, ref]);
        return await this.verify('FETCH_HEAD');
      } catch {
        return null;
      }
    }
    return this.verify(`refs/remotes/${this.remote}/${ref}`);
  }

  async show(ref: string, path: string): Promise<Uint8Array | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    try {
      return await this.git.showBuffer([`${sha}:${path}`]);
    } catch {
      return null;
    }
  }

  async lastChange(paths: readonly string[], ref = 'HEAD'): Promise<CommitInfo | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    try {
      const out = (
        await this.git.raw([
          'log',
          '-1',
          '--format=%H %cI',
          sha,
          '--',
          ...paths.map((p) => `:(glob)${p}`),
        ])
      ).trim();
      if (!out) return null;
      const [commit, date] = out.split(' ');
      return { sha: commit!, date: new Date(date!) };
    } catch {
      return null;
    }
  }

  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    const [a, c] = await Promise.all([this.verify(ancestor), this.verify(commit)]);
    if (!a || !c) return false;
    // simple-git does not expose exit codes, so not `merge-base --is-ancestor`: the merge
    // base of an ancestor and its descendant is the ancestor itself.
    const base = await this.git.raw(['merge-base', a, c]).catch(() => '');
    return base.trim() === a;
  }

  async isShallow(): Promise<boolean> {
    const out = await this.git.raw(['rev-parse', '--is-shallow-repository']).catch(() => '');
    return out.trim() === 'true';
  }

  async uncommitted(paths: readonly string[]): Promise<string[]> {
    const out = await this.git.raw([
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--',
      ...paths.map((p) => `:(glob)${p}`),
    ]);
    // Entries are "XY path\0"; a rename or copy adds its source as one more "\0"-ended field.
    const fields = out.split('\0');
    const changed: string[] = [];
    for (let i = 0; i < fields.length; i++) {
      const entry = fields[i]!;
      if (entry.length < 4) continue;
      changed.push(entry.slice(3));
      if (entry[0] === 'R' || entry[0] === 'C') i++;
    }
    return changed.sort();
  }
}
