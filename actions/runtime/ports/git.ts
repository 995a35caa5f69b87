import { simpleGit, type SimpleGit } from 'simple-git';
import { UserError, describeError } from '../../lib/errors.js';
import type { CommitInfo, GitPort, RefInfo, RefSnapshot } from '../../lib/ports.js';

// One NUL-separated record per ref; tag fields are empty for refs that are not annotated tags.
const REF_FIELDS = [
  'refname',
  'objectname',
  'objecttype',
  '*objectname',
  '*objecttype',
  'tree',
  '*tree',
  'taggername',
  'taggeremail',
  'taggerdate:iso-strict',
  'contents:subject',
  'contents:body',
];
const REF_FORMAT = REF_FIELDS.map((f) => `%(${f})`).join('%00') + '%00';

/** Where fetchRefs keeps its copy of a remote's refs, apart from the user's branches and tags. */
function mirrorOf(remote: string, name: string): string {
  return `refs/release-gates/remotes/${remote}/${name.replace(/^refs\//, '')}`;
}

function matches(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** Git through simple-git, in the repository at `root`. */
export class SimpleGitPort implements GitPort {
  readonly git: SimpleGit;
  private readonly fetched = new Map<string, Promise<string | null>>();
  private readonly snapshots = new Map<string, Promise<RefSnapshot>>();

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
    // A shallow CI checkout lacks other branches: fetch the one asked for, once, also when
    // several gates ask for it at the same time.
    let fetched = this.fetched.get(ref);
    if (!fetched) {
      fetched = this.fetchRef(ref);
      this.fetched.set(ref, fetched);
    }
    return fetched;
  }

  private async fetchRef(ref: string): Promise<string | null> {
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
        return (await this.verify(ref)) ?? (await this.verify('FETCH_HEAD'));
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

  /**
   * One fetch per remote and patterns for the life of the port (one run): every gate sees the
   * same snapshot, and gates running side by side never race for the same ref locks.
   */
  fetchRefs(remote: string, patterns: readonly string[]): Promise<RefSnapshot> {
    const key = JSON.stringify([remote, patterns]);
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      snapshot = this.fetchSnapshot(remote, patterns);
      this.snapshots.set(key, snapshot);
    }
    return snapshot;
  }

  private async fetchSnapshot(remote: string, patterns: readonly string[]): Promise<RefSnapshot> {
    const remotes = (await this.git.raw(['remote'])).split('\n').map((r) => r.trim());
    if (!remotes.includes(remote)) {
      return { source: 'local', refs: await this.readRefs(patterns, (n) => n) };
    }
    const exact = patterns.filter((p) => !p.endsWith('*'));
    const wild = patterns.filter((p) => p.endsWith('*'));
    let existing: string[] = [];
    try {
      if (exact.length) {
        const listed = await this.git.raw(['ls-remote', '--', remote, ...exact]);
        const names = new Set(listed.split('\n').map((l) => l.split('\t')[1]));
        existing = exact.filter((n) => names.has(n));
      }
      const refspecs = [...existing, ...wild].map((p) => `+${p}:${mirrorOf(remote, p)}`);
      // One fetch is one read of the remote's refs: a consistent snapshot. --prune drops
      // mirrored tags the remote no longer has.
      if (refspecs.length)
        await this.git.raw(['fetch', '--quiet', '--no-tags', '--prune', remote, ...refspecs]);
    } catch (e) {
      throw new UserError({
        message: `cannot read ${patterns.join(', ')} from the remote ${remote}: ${describeError(e).trim()}`,
        hint: `check that the remote ${remote} is reachable and readable with the job's credentials (actions/checkout keeps them unless persist-credentials is false)`,
      });
    }
    const mirrored = [...existing, ...wild].map((p) => mirrorOf(remote, p));
    const prefix = mirrorOf(remote, 'refs/');
    return {
      source: 'remote',
      refs: await this.readRefs(mirrored, (n) => `refs/${n.slice(prefix.length)}`),
    };
  }

  private async readRefs(
    patterns: readonly string[],
    rename: (name: string) => string,
  ): Promise<RefInfo[]> {
    if (patterns.length === 0) return [];
    const out = await this.git.raw(['for-each-ref', `--format=${REF_FORMAT}`, '--', ...patterns]);
    const refs: RefInfo[] = [];
    for (const record of out.split('\0\n')) {
      if (!record.trim()) continue;
      const [
        name,
        sha,
        type,
        peeled,
        peeledType,
        tree,
        peeledTree,
        tagger,
        email,
        date,
        subject,
        body,
      ] = record.replace(/^\n/, '').split('\0') as string[];
      if (!patterns.some((p) => matches(name!, p))) continue;
      const isTag = type === 'tag';
      refs.push({
        name: rename(name!),
        sha: sha!,
        commit: isTag ? (peeledType === 'commit' ? peeled! : '') : type === 'commit' ? sha! : '',
        tree: isTag ? peeledTree! : tree!,
        ...(isTag
          ? {
              tag: {
                message: body ? `${subject}\n\n${body}` : subject!,
                tagger: `${tagger} ${email}`.trim(),
                date: date!,
              },
            }
          : {}),
      });
    }
    return refs.sort((a, b) => a.name.localeCompare(b.name));
  }

  async changedFiles(base: string, head = 'HEAD'): Promise<string[]> {
    const [from, to] = [await this.resolve(base), await this.resolve(head)];
    if (!from || !to) {
      throw new UserError({
        message: `cannot compare ${base} with ${head}: ${from ? head : base} is not in this repository`,
        hint: 'check out the full history (actions/checkout with fetch-depth: 0)',
      });
    }
    const out = await this.git.raw(['diff', '--name-only', '-z', `${from}...${to}`]);
    return out.split('\0').filter(Boolean).sort();
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
