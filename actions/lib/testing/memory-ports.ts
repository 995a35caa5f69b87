/**
 * In-memory doubles of the ports, for unit tests of the core: no disk, no git process. They
 * keep the real ports' rules (paths inside the root, the same UserErrors, git's object ids:
 * blobs, trees, commits and tags are hashed exactly as git hashes them), and
 * test/ports-contract.test.ts runs one table of cases against them and the runtime ports.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import type {
  Clock,
  CommitInfo,
  CommitObject,
  FilePort,
  FileStat,
  GitPort,
  Identity,
  NewCommit,
  NewTag,
  Ports,
  PushResult,
  RefInfo,
  RefSnapshot,
  RefUpdate,
} from '../ports.js';

const encoder = new TextEncoder();
const bytesOf = (data: string | Uint8Array) =>
  typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);

function outside(path: string): UserError {
  return new UserError({
    message: `${path} is outside the repository`,
    hint: 'use a path relative to the repository root',
    location: { file: path },
  });
}

/** A path as NodeFiles resolves it against the root: `a/./b/../c` is `a/c`, `..` escapes. */
function inside(path: string): string {
  if (posix.isAbsolute(path)) throw outside(path);
  const clean = posix.normalize(path).replace(/\/+$/, '');
  if (clean === '..' || clean.startsWith('../')) throw outside(path);
  return clean === '.' ? '' : clean;
}

/** Everything under `dir` ('' is the root), as a prefix test. */
const under = (dir: string) => (name: string) => dir === '' || name.startsWith(`${dir}/`);

/** The same matching as NodeFiles' glob: dot files included; .git, node_modules, .release-gates skipped. */
function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  for (const p of patterns) inside(p.replace(/[*?{[].*$/, '') || '.');
  const isMatch = picomatch([...patterns], { dot: true });
  const skip = picomatch(['.git/**', '**/node_modules/**', '.release-gates/**'], { dot: true });
  return (name) => isMatch(name) && !skip(name);
}

/** A working tree in memory: what NodeFiles does on a directory, without the directory. */
export class MemoryFiles implements FilePort {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>();

  /** `chunkSize`: how `stream` cuts a file, small to make tests cross chunk boundaries. */
  constructor(
    files: Record<string, string | Uint8Array> = {},
    private readonly chunkSize = 1 << 20,
  ) {
    for (const [path, data] of Object.entries(files)) this.put(path, data);
  }

  /** Sets a file, as a test's setup (no path rules: the test names the repository's own files). */
  put(path: string, data: string | Uint8Array): void {
    this.files.set(path, bytesOf(data));
  }

  /** An empty directory, which only a directory on disk can be. */
  mkdir(path: string): void {
    this.dirs.add(path);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  /** Every file, path and bytes, sorted: what a test inspects after a command wrote. */
  entries(): [string, Uint8Array][] {
    return [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  text(path: string): string | undefined {
    const data = this.files.get(path);
    return data && new TextDecoder().decode(data);
  }

  private isDir(clean: string): boolean {
    if (clean === '' || this.dirs.has(clean)) return true;
    for (const name of this.files.keys()) if (under(clean)(name)) return true;
    for (const name of this.dirs) if (under(clean)(name)) return true;
    return false;
  }

  private file(path: string): Uint8Array {
    const clean = inside(path);
    const data = this.files.get(clean);
    if (data) return data;
    const location = { file: path };
    if (this.isDir(clean))
      throw new UserError({
        message: `${path} is a directory, expected a file`,
        hint: 'name a file inside it',
        location,
      });
    throw new UserError({
      message: `${path} does not exist`,
      hint: 'check the path, or create the file',
      location,
    });
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(this.file(path));
  }

  async *stream(path: string): AsyncIterable<Uint8Array> {
    const data = this.file(path);
    for (let at = 0; at < data.length; at += this.chunkSize)
      yield data.slice(at, at + this.chunkSize);
  }

  async stat(path: string): Promise<FileStat | null> {
    const clean = inside(path);
    const data = this.files.get(clean);
    if (data) return { kind: 'file', size: data.length };
    // A directory's size is the file system's business; nothing reads it.
    return this.isDir(clean) ? { kind: 'dir', size: 0 } : null;
  }

  async glob(patterns: readonly string[]): Promise<string[]> {
    const match = globMatcher(patterns);
    return [...this.files.keys()].filter(match).sort();
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.files.set(inside(path), bytesOf(data));
  }

  async append(path: string, data: string): Promise<void> {
    const clean = inside(path);
    const before = this.files.get(clean) ?? new Uint8Array();
    const added = encoder.encode(data);
    const joined = new Uint8Array(before.length + added.length);
    joined.set(before);
    joined.set(added, before.length);
    this.files.set(clean, joined);
  }
}

/** A clock that always says `at` (what RELEASE_GATES_NOW does for the real one). */
export function fixedClock(at: string | Date): Clock {
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) throw new Error(`${String(at)} is not a date`);
  return { now: () => new Date(time) };
}

// Git's objects, hashed as git hashes them, so ids match a real repository's.

type GitObject =
  | { type: 'blob'; data: Uint8Array }
  | { type: 'tree'; entries: TreeEntry[] }
  | { type: 'commit'; tree: string; parents: string[]; date: Date; message: string }
  | {
      type: 'tag';
      object: string;
      name: string;
      tagger: { name: string; email: string; date: Date };
      message: string;
    };

interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}

/** A file of a flattened tree. */
interface Leaf {
  mode: string;
  sha: string;
}

const gitDate = (date: Date) => `${Math.floor(date.getTime() / 1000)} +0000`;
const signature = (who: { name: string; email: string; date: Date }) =>
  `${who.name} <${who.email}> ${gitDate(who.date)}`;

/** The identity of test/support/setup.ts's git configuration, for commits a test makes. */
export const TEST_IDENTITY = { name: 'Release Gates Test', email: 'test@release-gates.invalid' };

class ObjectStore {
  readonly objects = new Map<string, { object: GitObject; identity?: Omit<Identity, 'date'> }>();

  put(object: GitObject, identity?: Omit<Identity, 'date'>): string {
    const body = this.serialize(object, identity);
    const header = encoder.encode(`${object.type} ${body.length}\0`);
    const sha = createHash('sha1').update(header).update(body).digest('hex');
    this.objects.set(sha, { object, ...(identity ? { identity } : {}) });
    return sha;
  }

  private serialize(object: GitObject, identity?: Omit<Identity, 'date'>): Uint8Array {
    switch (object.type) {
      case 'blob':
        return object.data;
      case 'tree': {
        const parts = object.entries.map((e) =>
          Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]),
        );
        return Buffer.concat(parts);
      }
      case 'commit': {
        const who = signature({ ...(identity ?? TEST_IDENTITY), date: object.date });
        const lines = [
          `tree ${object.tree}`,
          ...object.parents.map((p) => `parent ${p}`),
          `author ${who}`,
          `committer ${who}`,
        ];
        return encoder.encode(`${lines.join('\n')}\n\n${object.message}`);
      }
      case 'tag': {
        const lines = [
          `object ${object.object}`,
          'type commit',
          `tag ${object.name}`,
          `tagger ${signature(object.tagger)}`,
        ];
        return encoder.encode(`${lines.join('\n')}\n\n${object.message}`);
      }
    }
  }

  get<T extends GitObject['type']>(sha: string, type: T): Extract<GitObject, { type: T }> | null {
    const found = this.objects.get(sha)?.object;
    return found?.type === type ? (found as Extract<GitObject, { type: T }>) : null;
  }

  /** A commit or tree's files, path to mode and blob. */
  flatten(treeish: string): Map<string, Leaf> {
    const commit = this.get(treeish, 'commit');
    const tree = this.get(commit ? commit.tree : treeish, 'tree');
    if (!tree) throw new Error(`fatal: not a tree object: ${treeish}`);
    const out = new Map<string, Leaf>();
    const walk = (entries: TreeEntry[], prefix: string) => {
      for (const e of entries) {
        if (e.mode === '40000') walk(this.get(e.sha, 'tree')!.entries, `${prefix}${e.name}/`);
        else out.set(`${prefix}${e.name}`, { mode: e.mode, sha: e.sha });
      }
    };
    walk(tree.entries, '');
    return out;
  }

  /** Stores the nested trees of a flat listing; returns the root tree's id. */
  tree(files: Map<string, Leaf>): string {
    const root = new Map<string, Leaf | Map<string, unknown>>();
    for (const [path, leaf] of files) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.get(part);
        if (!(next instanceof Map)) dir.set(part, (next = new Map()));
        dir = next as typeof root;
      }
      dir.set(parts.at(-1)!, leaf);
    }
    const store = (dir: typeof root): string => {
      const entries: TreeEntry[] = [...dir].map(([name, value]) =>
        value instanceof Map
          ? { mode: '40000', name, sha: store(value as typeof root) }
          : { mode: value.mode, name, sha: value.sha },
      );
      // Git orders a tree's entries by name, a subtree's name as if it ended in a slash.
      const key = (e: TreeEntry) => (e.mode === '40000' ? `${e.name}/` : e.name);
      entries.sort((a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))));
      return this.put({ type: 'tree', entries });
    };
    return store(root);
  }

  /** Copies `sha` and every object it reaches into `to`, as a push or fetch transfers them. */
  copyTo(to: ObjectStore, sha: string): void {
    const pending = [sha];
    while (pending.length) {
      const next = pending.pop()!;
      const stored = this.objects.get(next);
      if (!stored || to.objects.has(next)) continue;
      to.objects.set(next, stored);
      const o = stored.object;
      if (o.type === 'commit') pending.push(o.tree, ...o.parents);
      else if (o.type === 'tree') pending.push(...o.entries.map((e) => e.sha));
      else if (o.type === 'tag') pending.push(o.object);
    }
  }
}

/** Turns a policy glob (see `pathspec` of the git port) into a path test. */
function pathspecMatcher(globs: readonly string[]): (name: string) => boolean {
  const tests = globs.map((glob) => {
    const literal = (p: string) => !/[*?[\\]/.test(p);
    const dir = glob.endsWith('/**') ? glob.slice(0, -3) : undefined;
    if (literal(glob)) return (n: string) => n === glob || n.startsWith(`${glob}/`);
    if (dir !== undefined && literal(dir)) return under(dir);
    return picomatch(glob, { dot: true });
  });
  return (name) => tests.some((t) => t(name));
}

function refMatches(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** Git's ISO 8601 strict date, as `%(taggerdate:iso-strict)` writes it for a +0000 date. */
const isoStrict = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');

export interface MemoryGitOptions {
  /** The working tree `uncommitted` compares with HEAD, and `commit` writes into. */
  worktree?: MemoryFiles;
  /** Remotes by name: each a bare MemoryGit and the URL it is configured with. */
  remotes?: Record<string, { repo: MemoryGit; url: string }>;
  /** Which of the branches `resolve` and `resolveBranch` look up on (the runtime's `origin`). */
  remote?: string;
  shallow?: boolean;
  /** What a remote's hooks or rulesets say about a push: a reason refuses it, null lets it in. */
  refusePush?: (updates: readonly RefUpdate[]) => string | null;
}

/**
 * A git repository in memory: objects, refs, HEAD, remotes. Tests build history with
 * `commit` (as test/support/git.ts's TestRepo does on disk) and read the remote with `ref`.
 */
export class MemoryGit implements GitPort {
  private readonly store = new ObjectStore();
  readonly refs = new Map<string, string>();
  /** `ref: refs/heads/main` for a branch, a commit id when detached, null before any commit. */
  private headRef: string | null = 'refs/heads/main';
  private readonly remotes: Record<string, { repo: MemoryGit; url: string }>;
  private readonly remote: string;
  private readonly snapshots = new Map<string, RefSnapshot>();
  private clock = Date.parse('2026-11-01T09:00:00Z');

  constructor(private readonly options: MemoryGitOptions = {}) {
    this.remotes = { ...options.remotes };
    this.remote = options.remote ?? 'origin';
  }

  /**
   * A working clone of a bare `origin` (file:///memory/remote.git), `main` checked out, with
   * the files committed and pushed: the memory twin of test/support/git.ts's createRepo.
   */
  static clone(
    files: Record<string, string | Uint8Array> = {},
    options: MemoryGitOptions = {},
  ): MemoryGit {
    const origin = new MemoryGit();
    const git = new MemoryGit({
      worktree: new MemoryFiles(),
      ...options,
      remotes: { origin: { repo: origin, url: 'file:///memory/remote.git' }, ...options.remotes },
    });
    const sha = git.commit(files, 'initial commit');
    git.store.copyTo(origin.store, sha);
    origin.refs.set('refs/heads/main', sha);
    git.refs.set('refs/remotes/origin/main', sha);
    return git;
  }

  get worktree(): MemoryFiles | undefined {
    return this.options.worktree;
  }

  /** The bare repository behind a remote, to read or move its refs as another pusher would. */
  remoteRepo(name = this.remote): MemoryGit {
    const found = this.remotes[name];
    if (!found) throw new Error(`no remote ${name}`);
    return found.repo;
  }

  /**
   * Writes files (null deletes) into the working tree and commits them on the checked-out
   * branch, at `date` or a minute after the previous commit; returns the commit id.
   */
  commit(
    files: Record<string, string | Uint8Array | null>,
    message: string,
    date?: string,
  ): string {
    const head = this.headCommit();
    const tree = head ? this.store.flatten(head) : new Map<string, Leaf>();
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        tree.delete(path);
        this.worktree?.delete(path);
        continue;
      }
      tree.set(path, {
        mode: '100644',
        sha: this.store.put({ type: 'blob', data: bytesOf(content) }),
      });
      this.worktree?.put(path, content);
    }
    const when = date ? new Date(date) : new Date((this.clock += 60_000));
    // `git commit -m` ends the message with a line break.
    const sha = this.store.put({
      type: 'commit',
      tree: this.store.tree(tree),
      parents: head ? [head] : [],
      date: when,
      message: message.endsWith('\n') ? message : `${message}\n`,
    });
    if (this.headRef?.startsWith('refs/')) this.refs.set(this.headRef, sha);
    else this.headRef = sha;
    return sha;
  }

  /** Checks out a branch, creating it at HEAD when there is none (`git checkout [-b] name`). */
  branch(name: string): void {
    const ref = `refs/heads/${name}`;
    if (!this.refs.has(ref)) this.refs.set(ref, this.headCommit()!);
    this.checkout(ref);
  }

  /** Checks out a branch (full name `refs/heads/x` or `x`) or detaches at a commit. */
  checkout(target: string): void {
    const branch = target.startsWith('refs/') ? target : `refs/heads/${target}`;
    this.headRef = this.refs.has(branch) ? branch : target;
    const sha = this.headCommit();
    if (this.worktree && sha) {
      for (const [path] of this.worktree.entries()) this.worktree.delete(path);
      for (const [path, leaf] of this.store.flatten(sha))
        this.worktree.put(path, this.store.get(leaf.sha, 'blob')!.data);
    }
  }

  /** The id a ref has here, or null: what `git rev-parse --verify` says, unpeeled. */
  ref(name: string): string | null {
    return this.refs.get(name) ?? null;
  }

  private headCommit(): string | null {
    if (this.headRef === null) return null;
    return this.headRef.startsWith('refs/') ? (this.refs.get(this.headRef) ?? null) : this.headRef;
  }

  /** `ref^{commit}`: tags peeled, null for anything that is not a commit here. */
  private peel(sha: string | undefined | null): string | null {
    for (let at = sha; at;) {
      const stored = this.store.objects.get(at)?.object;
      if (!stored) return null;
      if (stored.type === 'commit') return at;
      if (stored.type !== 'tag') return null;
      at = stored.object;
    }
    return null;
  }

  /** rev-parse's lookup: a full or abbreviated id, HEAD, then refs in git's order; `~n` and `^`. */
  private verify(ref: string): string | null {
    const step = /^(.*?)(~(\d*)|\^)$/.exec(ref);
    if (step) {
      let sha = this.verify(step[1]!);
      const n = step[2] === '^' ? 1 : Number(step[3] || 1);
      for (let i = 0; i < n && sha; i++) sha = this.store.get(sha, 'commit')?.parents[0] ?? null;
      return sha;
    }
    if (ref === 'HEAD') return this.headCommit();
    if (/^[0-9a-f]{4,40}$/.test(ref)) {
      const ids = [...this.store.objects.keys()].filter((k) => k.startsWith(ref));
      if (ids.length === 1) return this.peel(ids[0]);
    }
    for (const name of [
      ref,
      `refs/${ref}`,
      `refs/tags/${ref}`,
      `refs/heads/${ref}`,
      `refs/remotes/${ref}`,
    ])
      if (this.refs.has(name)) return this.peel(this.refs.get(name));
    return null;
  }

  /** Copies a remote's ref and its objects here, as `git fetch remote +from:to`. */
  private fetchInto(remote: string, from: string, to: string): string | null {
    const source = this.remotes[remote]?.repo;
    const sha = source?.refs.get(from);
    if (!source || !sha) return null;
    source.store.copyTo(this.store, sha);
    this.refs.set(to, sha);
    return sha;
  }

  async head(): Promise<string | null> {
    return this.headCommit();
  }

  async resolve(ref: string): Promise<string | null> {
    if (ref.startsWith('-')) return null;
    const local = this.verify(ref) ?? this.verify(`refs/remotes/${this.remote}/${ref}`);
    if (local) return local;
    const tracking = `refs/remotes/${this.remote}/${ref}`;
    if (this.fetchInto(this.remote, `refs/heads/${ref}`, tracking)) return this.verify(tracking);
    // A commit id the remote has, fetched without a ref.
    const source = this.remotes[this.remote]?.repo;
    if (source && /^[0-9a-f]{40}$/.test(ref) && source.store.get(ref, 'commit')) {
      source.store.copyTo(this.store, ref);
      return ref;
    }
    return null;
  }

  async resolveBranch(name: string): Promise<string | null> {
    if (name.startsWith('-')) return null;
    const tracking = `refs/remotes/${this.remote}/${name}`;
    const known =
      this.peel(this.refs.get(tracking)) ?? this.peel(this.refs.get(`refs/heads/${name}`));
    if (known) return known;
    return this.fetchInto(this.remote, `refs/heads/${name}`, tracking) && this.verify(tracking);
  }

  async show(ref: string, path: string): Promise<Uint8Array | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    const leaf = this.store.flatten(sha).get(path);
    return leaf ? new Uint8Array(this.store.get(leaf.sha, 'blob')!.data) : null;
  }

  /** git log -1's history simplification: a merge whose paths match one parent's follows it. */
  async lastChange(paths: readonly string[], ref = 'HEAD'): Promise<CommitInfo | null> {
    const start = await this.resolve(ref);
    if (!start) return null;
    const match = pathspecMatcher(paths);
    const view = (sha: string) =>
      JSON.stringify([...this.store.flatten(sha)].filter(([p]) => match(p)));
    const queue = [start];
    const seen = new Set<string>();
    while (queue.length) {
      // Newest first, as git log walks.
      queue.sort((a, b) => this.dateOf(b).getTime() - this.dateOf(a).getTime());
      const sha = queue.shift()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const { parents } = this.store.get(sha, 'commit')!;
      const mine = view(sha);
      const same = parents.find((p) => view(p) === mine);
      if (same) queue.push(same);
      else if (parents.length === 0 && mine === '[]') continue;
      else return { sha, date: this.dateOf(sha) };
    }
    return null;
  }

  private dateOf(sha: string): Date {
    return this.store.get(sha, 'commit')!.date;
  }

  private ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const pending = [sha];
    while (pending.length) {
      const next = pending.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      pending.push(...(this.store.get(next, 'commit')?.parents ?? []));
    }
    return seen;
  }

  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    const [a, c] = [this.verify(ancestor), this.verify(commit)];
    return !!a && !!c && this.ancestors(c).has(a);
  }

  fetchRefs(remote: string, patterns: readonly string[]): Promise<RefSnapshot> {
    const key = JSON.stringify([remote, patterns]);
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      const wider = [...this.snapshots.entries()].find(([k]) => {
        const [r, taken] = JSON.parse(k) as [string, string[]];
        return r === remote && patterns.every((p) => taken.includes(p));
      });
      snapshot = wider
        ? {
            ...wider[1],
            refs: wider[1].refs.filter((r) => patterns.some((p) => refMatches(r.name, p))),
          }
        : this.snapshot(remote, patterns);
      this.snapshots.set(key, snapshot);
    }
    return Promise.resolve(snapshot);
  }

  private snapshot(remote: string, patterns: readonly string[]): RefSnapshot {
    const source = this.remotes[remote]?.repo;
    const from = source ?? this;
    const refs: RefInfo[] = [];
    for (const [name, sha] of from.refs) {
      if (!patterns.some((p) => refMatches(name, p))) continue;
      if (source) source.store.copyTo(this.store, sha);
      const tag = this.store.get(sha, 'tag');
      const commit = this.peel(sha) ?? '';
      refs.push({
        name,
        sha,
        commit,
        tree: commit ? this.store.get(commit, 'commit')!.tree : '',
        ...(tag
          ? {
              tag: {
                message: tagMessage(tag.message),
                tagger: `${tag.tagger.name} <${tag.tagger.email}>`,
                date: isoStrict(tag.tagger.date),
              },
            }
          : {}),
      });
    }
    refs.sort((a, b) => a.name.localeCompare(b.name));
    return { source: source ? 'remote' : 'local', refs };
  }

  private mergeBase(a: string, b: string): string | null {
    const ofA = this.ancestors(a);
    const common = [...this.ancestors(b)].filter((c) => ofA.has(c));
    const best = common.filter((c) => !common.some((o) => o !== c && this.ancestors(o).has(c)));
    return best[0] ?? null;
  }

  async changedFiles(base: string, head = 'HEAD'): Promise<string[]> {
    const [from, to] = [await this.resolve(base), await this.resolve(head)];
    if (!from || !to) {
      throw new UserError({
        message: `cannot compare ${base} with ${head}: ${from ? head : base} is not in this repository`,
        hint: 'check out the full history (actions/checkout with fetch-depth: 0)',
      });
    }
    const fork = this.mergeBase(from, to);
    if (!fork) throw new Error(`fatal: ${base}...${head}: no merge base`);
    return this.diffTrees(fork, to);
  }

  async isShallow(): Promise<boolean> {
    return this.options.shallow ?? false;
  }

  async uncommitted(paths: readonly string[]): Promise<string[]> {
    const worktree = this.worktree;
    if (!worktree) throw new Error('fatal: this operation must be run in a work tree');
    const head = this.headCommit();
    const committed = head ? this.store.flatten(head) : new Map<string, Leaf>();
    const current = new Map(
      worktree.entries().map(([p, data]) => [p, this.hashBlob(data)] as const),
    );
    const match = pathspecMatcher(paths);
    const changed = new Set<string>();
    for (const [path, sha] of current) if (committed.get(path)?.sha !== sha) changed.add(path);
    for (const path of committed.keys()) if (!current.has(path)) changed.add(path);
    return [...changed].filter(match).sort();
  }

  private hashBlob(data: Uint8Array): string {
    const header = encoder.encode(`blob ${data.length}\0`);
    return createHash('sha1').update(header).update(data).digest('hex');
  }

  async readCommit(commit: string): Promise<CommitObject | null> {
    const sha = this.verify(commit);
    if (!sha) return null;
    const { tree, parents } = this.store.get(sha, 'commit')!;
    return { sha, tree, parents: [...parents] };
  }

  async diffTrees(from: string, to: string): Promise<string[]> {
    const [a, b] = [this.store.flatten(this.treeish(from)), this.store.flatten(this.treeish(to))];
    const paths = new Set([...a.keys(), ...b.keys()]);
    return [...paths]
      .filter((p) => a.get(p)?.sha !== b.get(p)?.sha || a.get(p)?.mode !== b.get(p)?.mode)
      .sort();
  }

  /** A commit or tree by any name git's tree-ish arguments take. */
  private treeish(name: string): string {
    if (this.store.get(name, 'tree')) return name;
    const sha = this.verify(name);
    if (!sha) throw new Error(`fatal: bad revision '${name}'`);
    return sha;
  }

  filesAt(commit: string): FilePort {
    return new MemoryTreeFiles(commit, () => {
      const sha = this.verify(commit);
      if (!sha) throw new Error(`fatal: not a tree object: ${commit}`);
      return new Map(
        [...this.store.flatten(sha)].map(([p, leaf]) => [
          p,
          { mode: leaf.mode, data: this.store.get(leaf.sha, 'blob')?.data ?? new Uint8Array() },
        ]),
      );
    });
  }

  async writeBlob(text: string): Promise<string> {
    return this.store.put({ type: 'blob', data: encoder.encode(text) });
  }

  async writeTree(files: readonly { path: string; blob: string }[]): Promise<string> {
    return this.store.tree(new Map(files.map((f) => [f.path, { mode: '100644', sha: f.blob }])));
  }

  async mixTree(base: string, from: string, paths: readonly string[]): Promise<string> {
    const tree = this.store.flatten(this.treeish(base));
    const source = this.store.flatten(this.treeish(from));
    for (const path of paths) {
      const leaf = source.get(path);
      if (leaf) tree.set(path, leaf);
      else tree.delete(path);
    }
    return this.store.tree(tree);
  }

  async treeWith(base: string, files: readonly { path: string; blob: string }[]): Promise<string> {
    const tree = this.store.flatten(this.treeish(base));
    for (const f of files) tree.set(f.path, { mode: '100644', sha: f.blob });
    return this.store.tree(tree);
  }

  async createCommit(commit: NewCommit): Promise<string> {
    const { name, email, date } = commit.identity;
    return this.store.put(
      {
        type: 'commit',
        tree: commit.tree,
        parents: [...commit.parents],
        date,
        message: commit.message,
      },
      { name, email },
    );
  }

  async createTag(tag: NewTag): Promise<string> {
    return this.store.put({
      type: 'tag',
      object: tag.commit,
      name: tag.name,
      tagger: tag.identity,
      message: tag.message,
    });
  }

  /** One atomic push with a lease per ref, as `git push --atomic --force-with-lease`. */
  async push(remote: string, updates: readonly RefUpdate[]): Promise<PushResult> {
    const target = this.remotes[remote]?.repo;
    if (!target)
      return {
        status: 'refused',
        detail: `fatal: '${remote}' does not appear to be a git repository`,
      };
    const stale = updates.filter((u) => (target.refs.get(u.ref) ?? null) !== u.expect);
    if (stale.length)
      return { status: 'stale', detail: stale.map((u) => `${u.ref} stale info`).join('; ') };
    const refused = this.options.refusePush?.(updates) ?? target.options.refusePush?.(updates);
    if (refused) return { status: 'refused', detail: refused };
    for (const u of updates) {
      this.store.copyTo(target.store, u.to);
      target.refs.set(u.ref, u.to);
      // git push updates the remote-tracking branch of every branch it moved.
      if (u.ref.startsWith('refs/heads/'))
        this.refs.set(`refs/remotes/${remote}/${u.ref.slice('refs/heads/'.length)}`, u.to);
    }
    return { status: 'pushed' };
  }

  async commitsSince(to: string, exclude: readonly string[]): Promise<string[]> {
    const start = this.verify(to);
    if (!start) throw new Error(`fatal: bad revision '${to}'`);
    const hidden = new Set<string>();
    for (const e of exclude) {
      const sha = this.verify(e);
      if (!sha) throw new Error(`fatal: bad revision '${e}'`);
      for (const a of this.ancestors(sha)) hidden.add(a);
    }
    return [...this.ancestors(start)]
      .filter((c) => !hidden.has(c))
      .sort((a, b) => this.dateOf(b).getTime() - this.dateOf(a).getTime());
  }

  async remoteUrl(remote: string): Promise<string | null> {
    return this.remotes[remote]?.url ?? null;
  }
}

/** `%(contents:subject)\n\n%(contents:body)`: the first paragraph on one line, then the rest. */
function tagMessage(message: string): string {
  const [first = '', ...rest] = message.split(/\n\n+/);
  const subject = first.split('\n').join(' ').trim();
  const body = rest.join('\n\n');
  return body ? `${subject}\n\n${body}` : subject;
}

/** A commit's files, read-only, with GitTreeFiles' messages. */
class MemoryTreeFiles implements FilePort {
  private listing: Map<string, { mode: string; data: Uint8Array }> | undefined;

  constructor(
    readonly commit: string,
    private readonly list: () => Map<string, { mode: string; data: Uint8Array }>,
  ) {}

  private get where(): string {
    return `commit ${this.commit.slice(0, 12)}`;
  }

  private entries() {
    return (this.listing ??= this.list());
  }

  private check(path: string): string {
    const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
    if (path.startsWith('/') || clean.split('/').includes('..')) throw outside(path);
    return clean;
  }

  private entry(path: string): Uint8Array {
    const clean = this.check(path);
    const entry = this.entries().get(clean);
    const location = { file: path };
    if (!entry) {
      const isDir = [...this.entries().keys()].some(under(clean));
      throw new UserError(
        isDir
          ? {
              message: `${path} is a directory in ${this.where}, expected a file`,
              hint: 'name a file inside it',
              location,
            }
          : {
              message: `${path} does not exist in ${this.where}`,
              hint: 'check the path, or commit the file to the branch being promoted',
              location,
            },
      );
    }
    return entry.data;
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(this.entry(path));
  }

  async *stream(path: string): AsyncIterable<Uint8Array> {
    yield new Uint8Array(this.entry(path));
  }

  async stat(path: string): Promise<FileStat | null> {
    const clean = this.check(path);
    const entry = this.entries().get(clean);
    if (entry) return { kind: 'file', size: entry.data.length };
    return [...this.entries().keys()].some(under(clean)) ? { kind: 'dir', size: 0 } : null;
  }

  async glob(patterns: readonly string[]): Promise<string[]> {
    for (const p of patterns) this.check(p.replace(/[*?{[].*$/, ''));
    const isMatch = picomatch([...patterns], { dot: true });
    const skip = picomatch('**/node_modules/**', { dot: true });
    return [...this.entries().keys()].filter((n) => isMatch(n) && !skip(n)).sort();
  }

  write(path: string): Promise<void> {
    return Promise.reject(this.readOnly(path));
  }

  append(path: string): Promise<void> {
    return Promise.reject(this.readOnly(path));
  }

  private readOnly(path: string): UserError {
    return new UserError({
      message: `${path} cannot be written: the files of ${this.where} are read from git, read-only`,
      location: { file: path },
    });
  }
}

/**
 * Ports for a core test: a working tree of `files`, committed in a memory repository with an
 * `origin` (or, with `git: false`, a directory that is no repository), at a pinned clock.
 */
export function memoryPorts(
  files: Record<string, string | Uint8Array> = {},
  options: { now?: string; git?: boolean } = {},
): Ports & { files: MemoryFiles; git: MemoryGit } {
  const git =
    options.git === false ? new NotARepository(new MemoryFiles(files)) : MemoryGit.clone(files);
  return {
    files: git.worktree!,
    git,
    clock: fixedClock(options.now ?? '2026-11-21T12:00:00Z'),
  };
}

/** A directory that is no git repository: no HEAD, no refs, no remote. */
class NotARepository extends MemoryGit {
  constructor(worktree: MemoryFiles) {
    super({ worktree });
  }

  override async head(): Promise<string | null> {
    return null;
  }

  override async uncommitted(): Promise<string[]> {
    throw new Error('fatal: not a git repository (or any of the parent directories): .git');
  }
}
