import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { UserError, describeError } from '../../lib/errors.js';
import type {
  CommitInfo,
  CommitObject,
  FilePort,
  GitPort,
  Identity,
  NewCommit,
  NewTag,
  PushResult,
  RefInfo,
  RefSnapshot,
  RefUpdate,
} from '../../lib/ports.js';
import { CatFileBatch } from './git-batch.js';
import { GitError, absentOr } from './git-error.js';
import { GitTreeFiles } from './git-files.js';

export { GitError } from './git-error.js';

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

/** Git's own date format (seconds and offset), which no locale or time zone can misread. */
function gitDate(date: Date): string {
  return `${Math.floor(date.getTime() / 1000)} +0000`;
}

function identityEnv(who: Identity): NodeJS.ProcessEnv {
  const date = gitDate(who.date);
  return {
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
    GIT_COMMITTER_DATE: date,
  };
}

// A lease that failed, or a concurrent push that took the ref lock first: someone else moved.
const STALE =
  /stale info|fetch first|non-fast-forward|already exists|cannot lock ref|but expected|incorrect old value/i;

/** Reads `git push --porcelain`: the refs it did not move, with git's reasons. */
export function pushOutcome(code: number, stdout: string, stderr: string): PushResult {
  if (code === 0) return { status: 'pushed' };
  const rejected = stdout
    .split('\n')
    .filter((l) => l.startsWith('!\t'))
    .map((l) => {
      const [, refspec, reason] = l.split('\t');
      return `${refspec!.split(':').pop()} ${reason}`;
    });
  const remote = stderr
    .split('\n')
    .filter((l) => /^(remote: )?(error|fatal):/.test(l.trim()))
    .map((l) => l.trim());
  const detail = [...rejected, ...remote].join('; ') || stderr.trim() || `git push exited ${code}`;
  if (rejected.length === 0) return { status: 'refused', detail };
  return { status: STALE.test(detail) ? 'stale' : 'refused', detail };
}

/** Git's account of a lock file another process holds: `Unable to create '…/x.lock': File exists`. */
const LOCKED = /Unable to create '([^']+\.lock)': File exists/;
/** Waits between tries while another run holds a lock: about 3 s in all. */
const LOCK_WAITS_MS = [100, 200, 400, 800, 1600];

/**
 * Runs a git command that updates refs, again while another run from the same clone holds one
 * of its lock files; then says which file and what to do, rather than git's bare error.
 */
async function whenUnlocked<T>(run: () => Promise<T>, waits = LOCK_WAITS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const lock = LOCKED.exec(describeError(e))?.[1];
      if (!lock) throw e;
      if (attempt < waits.length) {
        await new Promise((r) => setTimeout(r, waits[attempt]));
        continue;
      }
      throw new UserError({
        message: `another run holds this clone: git's lock file ${lock} stayed in place for ${waits.reduce((a, b) => a + b, 0) / 1000} s`,
        hint: 'wait for the other release-gates or git command in this clone to finish and run again; if none is running, a crashed one left the file: delete it',
        location: { file: lock },
      });
    }
  }
}

/**
 * A policy glob as a git pathspec with the same meaning. With `**` in a `:(glob)` pathspec git
 * cannot prune the trees it walks, so the common shapes become literal pathspecs: a path
 * without wildcards, and `dir/**`, which is everything under `dir/`. On 20,000 commits, the
 * `git log -1` of the sample's three evaluated paths took 0.39 s as globs and 0.15 s as these.
 */
export function pathspec(glob: string): string {
  const literal = (p: string) => !/[*?[\\]/.test(p);
  if (literal(glob)) return `:(literal)${glob}`;
  if (glob.endsWith('/**') && literal(glob.slice(0, -2))) return `:(literal)${glob.slice(0, -2)}`;
  return `:(glob)${glob}`;
}

/** How long git may stay silent before the port gives up (a hung fetch, a stuck lock). */
const SILENCE_LIMIT_MS = 5 * 60_000;

/** A commit's tree and parents, from its object's header lines. */
function commitOf(sha: string, bytes: Buffer): CommitObject {
  const end = bytes.indexOf('\n\n');
  const header = bytes.toString('utf8', 0, end < 0 ? bytes.length : end).split('\n');
  const field = (name: string) =>
    header.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
  return { sha, tree: field('tree')[0]!, parents: field('parent') };
}

/**
 * Git through simple-git, in the repository at `root`; object reads through one
 * `git cat-file --batch` (git-batch.ts), confirmed by git's one-off command when it says none.
 */
export class SimpleGitPort implements GitPort {
  readonly git: SimpleGit;
  private readonly fetched = new Map<string, Promise<string | null>>();
  private readonly snapshots = new Map<string, Promise<RefSnapshot>>();
  /** Commits read this run: a full name stays the same commit, with the same tree and parents. */
  private readonly commits = new Map<string, CommitObject | undefined>();
  private readonly batch: CatFileBatch;
  private remotes: Promise<string | null> | undefined;
  /** Ancestry of two commits never changes: the gates ask the same question more than once. */
  private readonly ancestry = new Map<string, Promise<boolean>>();

  constructor(
    readonly root: string,
    private readonly remote = 'origin',
    silenceLimitMs = SILENCE_LIMIT_MS,
  ) {
    this.batch = new CatFileBatch(root, silenceLimitMs);
    this.git = simpleGit({
      baseDir: root,
      maxConcurrentProcesses: 6,
      timeout: { block: silenceLimitMs },
      // simple-git 3 takes a process for done 50 ms after its `exit`, when its output may still
      // be in the pipe: under load a large blob came back cut short. `close` means all was read.
      completion: { onClose: true, onExit: false },
    });
  }

  async head(): Promise<string | null> {
    return this.verify('HEAD');
  }

  /** Ends the object reader; reads after it start git processes again. */
  close(): void {
    this.batch.close();
  }

  private async verify(ref: string): Promise<string | null> {
    // A commit's full name stays a commit for the run; every gate resolves the same few.
    if (this.commits.has(ref)) return ref;
    const found = await this.batch.read(`${ref}^{commit}`);
    if (found?.type === 'commit') {
      this.commits.set(found.sha, commitOf(found.sha, found.bytes));
      return found.sha;
    }
    // Git's own answer, for what the batch could not say: --quiet makes a ref that does not
    // exist an empty answer; a failure (a corrupt object) is an error.
    const sha = await this.git
      .raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      .then((out) => out.trim(), absentOr(`resolve ${ref}`));
    if (sha && !this.commits.has(sha)) this.commits.set(sha, undefined);
    return sha || null;
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
    // Without the remote there is nothing to fetch: the ref is not in this repository.
    if (!(await this.hasRemote(this.remote))) return null;
    const what = `fetch ${ref} from the remote ${this.remote}`;
    try {
      await this.git.raw([
        'fetch',
        '--no-tags',
        '--quiet',
        this.remote,
        `+${ref}:refs/remotes/${this.remote}/${ref}`,
      ]);
    } catch (e) {
      absentOr(what)(e);
      // Not a branch name: a commit sha, which a remote serves without a ref to store it in.
      const fetched = await this.git
        .raw(['fetch', '--no-tags', '--quiet', this.remote, ref])
        .then(() => true, absentOr(what));
      if (!fetched) return null;
      return (await this.verify(ref)) ?? (await this.verify('FETCH_HEAD'));
    }
    return this.verify(`refs/remotes/${this.remote}/${ref}`);
  }

  private async hasRemote(remote: string): Promise<boolean> {
    // A run adds no remote: one listing serves every gate.
    const out = await (this.remotes ??= this.git
      .raw(['remote'])
      .catch(absentOr('list the remotes')));
    return (out ?? '').split('\n').some((r) => r.trim() === remote);
  }

  async resolveBranch(name: string): Promise<string | null> {
    if (name.startsWith('-')) return null;
    const tracking = `refs/remotes/${this.remote}/${name}`;
    const known = (await this.verify(tracking)) ?? (await this.verify(`refs/heads/${name}`));
    if (known) return known;
    let fetched = this.fetched.get(`refs/heads/${name}`);
    if (!fetched) {
      fetched = this.fetchBranch(name, tracking);
      this.fetched.set(`refs/heads/${name}`, fetched);
    }
    return fetched;
  }

  /** The remote's branch; null only when git says it has no such branch (or no such remote). */
  private async fetchBranch(name: string, tracking: string): Promise<string | null> {
    if (!(await this.hasRemote(this.remote))) return null;
    const fetched = await this.git
      .raw(['fetch', '--no-tags', '--quiet', this.remote, `+refs/heads/${name}:${tracking}`])
      .then(() => true, absentOr(`fetch branch ${name} from the remote ${this.remote}`));
    return fetched ? this.verify(tracking) : null;
  }

  async show(ref: string, path: string): Promise<Uint8Array | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    const found = await this.batch.read(`${sha}:${path}`);
    if (found?.type === 'blob') return found.bytes;
    return this.git
      .showBuffer([`${sha}:${path}`])
      .then((bytes) => bytes as Uint8Array | null, absentOr(`read ${path} at ${ref}`));
  }

  /**
   * One fetch per remote and patterns for the life of the port (one run): every gate sees the
   * same snapshot, and gates running side by side never race for the same ref locks.
   */
  fetchRefs(remote: string, patterns: readonly string[]): Promise<RefSnapshot> {
    const key = JSON.stringify([remote, patterns]);
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      // A snapshot taken for more patterns holds these too: the same moment, no second fetch.
      const wider = [...this.snapshots.entries()].find(([k]) => {
        const [r, taken] = JSON.parse(k) as [string, string[]];
        return r === remote && patterns.every((p) => taken.includes(p));
      });
      snapshot = wider
        ? wider[1].then((s) => ({
            ...s,
            refs: s.refs.filter((ref) => patterns.some((p) => matches(ref.name, p))),
          }))
        : this.fetchSnapshot(remote, patterns);
      this.snapshots.set(key, snapshot);
    }
    return snapshot;
  }

  private async fetchSnapshot(remote: string, patterns: readonly string[]): Promise<RefSnapshot> {
    if (!(await this.hasRemote(remote))) {
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
        await whenUnlocked(() =>
          this.git.raw(['fetch', '--quiet', '--no-tags', '--prune', remote, ...refspecs]),
        );
    } catch (e) {
      if (e instanceof UserError) throw e;
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
    // for-each-ref's `*` stops at a slash (release/1/hotfix); a prefix up to a slash does not,
    // and `matches` below keeps what the patterns ask for.
    const prefixes = patterns.map((p) =>
      p.endsWith('*') ? p.slice(0, p.lastIndexOf('/') + 1) : p,
    );
    const out = await this.git.raw(['for-each-ref', `--format=${REF_FORMAT}`, '--', ...prefixes]);
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
    // Without rename detection a move lists both paths: moving a file out of a protected path
    // is a change of that path.
    const out = await this.git.raw([
      'diff',
      '--no-renames',
      '--name-only',
      '-z',
      `${from}...${to}`,
    ]);
    return out.split('\0').filter(Boolean).sort();
  }

  /** Runs git with stdin and extra environment (simple-git's raw takes neither). */
  private run(
    args: string[],
    options: { input?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: this.root,
        env: { ...process.env, ...options.env },
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const result = { code: code ?? -1, stdout, stderr };
        if (result.code !== 0 && !options.allowFailure)
          reject(new Error(`git ${args[0]} failed: ${stderr.trim() || `exit ${result.code}`}`));
        else resolve(result);
      });
      if (options.input !== undefined) child.stdin!.end(options.input);
    });
  }

  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    const [a, c] = await Promise.all([this.verify(ancestor), this.verify(commit)]);
    if (!a || !c) return false;
    if (a === c) return true;
    const key = `${a} ${c}`;
    let answer = this.ancestry.get(key);
    if (!answer) {
      // 1 is git's "no"; anything else (a corrupt object, say) is not an answer.
      answer = this.run(['merge-base', '--is-ancestor', a, c], { allowFailure: true }).then(
        ({ code, stderr }) => {
          if (code === 0 || code === 1) return code === 0;
          throw new GitError(`tell whether ${ancestor} is an ancestor of ${commit}`, stderr);
        },
      );
      this.ancestry.set(key, answer);
    }
    return answer;
  }

  async readCommit(commit: string): Promise<CommitObject | null> {
    const sha = await this.verify(commit);
    if (!sha) return null;
    const known = this.commits.get(sha);
    if (known) return known;
    const out = (await this.git.raw(['show', '-s', '--format=%T %P', sha])).trim();
    const [tree, ...parents] = out.split(' ').filter(Boolean);
    return { sha, tree: tree!, parents };
  }

  async diffTrees(from: string, to: string): Promise<string[]> {
    const out = await this.git.raw(['diff', '--name-only', '-z', '--no-renames', from, to, '--']);
    return out.split('\0').filter(Boolean).sort();
  }

  filesAt(commit: string): FilePort {
    return new GitTreeFiles(this.git, this.root, commit, this.batch);
  }

  async writeBlob(text: string): Promise<string> {
    return (await this.run(['hash-object', '-w', '--stdin'], { input: text })).stdout.trim();
  }

  async writeTree(files: readonly { path: string; blob: string }[]): Promise<string> {
    const input = files.map((f) => `100644 blob ${f.blob}\t${f.path}\n`).join('');
    return (await this.run(['mktree'], { input })).stdout.trim();
  }

  async mixTree(base: string, from: string, paths: readonly string[]): Promise<string> {
    // The whole listing rather than the paths as arguments: a release may change thousands.
    const wanted = new Set(paths);
    const present = new Map<string, string>();
    const listed = await this.run(['ls-tree', '-r', '-z', from]);
    for (const entry of listed.stdout.split('\0')) {
      const tab = entry.indexOf('\t');
      if (tab > 0 && wanted.has(entry.slice(tab + 1)))
        present.set(entry.slice(tab + 1), entry.slice(0, tab));
    }
    const info = paths.map((path) => {
      const meta = present.get(path);
      if (!meta) return `0 ${'0'.repeat(40)}\t${path}\n`;
      const [mode, , sha] = meta.split(' ');
      return `${mode} ${sha}\t${path}\n`;
    });
    return this.editTree(base, info.join(''));
  }

  async treeWith(base: string, files: readonly { path: string; blob: string }[]): Promise<string> {
    return this.editTree(base, files.map((f) => `100644 ${f.blob}\t${f.path}\n`).join(''));
  }

  /** The tree of `base` with `git update-index --index-info` lines applied. */
  private async editTree(base: string, info: string): Promise<string> {
    // A private index: the working tree and the user's index stay untouched.
    const dir = await mkdtemp(join(tmpdir(), 'release-gates-index-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      await this.run(['read-tree', base], { env });
      await this.run(['update-index', '--index-info'], { env, input: info });
      return (await this.run(['write-tree'], { env })).stdout.trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async createCommit(commit: NewCommit): Promise<string> {
    const parents = commit.parents.flatMap((p) => ['-p', p]);
    const out = await this.run(['commit-tree', commit.tree, ...parents, '-F', '-'], {
      input: commit.message,
      env: identityEnv(commit.identity),
    });
    return out.stdout.trim();
  }

  async createTag(tag: NewTag): Promise<string> {
    const { name, email, date } = tag.identity;
    const header = [
      `object ${tag.commit}`,
      'type commit',
      `tag ${tag.name}`,
      `tagger ${name} <${email}> ${gitDate(date)}`,
    ];
    const input = `${header.join('\n')}\n\n${tag.message}`;
    return (await this.run(['mktag'], { input })).stdout.trim();
  }

  async push(remote: string, updates: readonly RefUpdate[]): Promise<PushResult> {
    const leases = updates.map((u) => `--force-with-lease=${u.ref}:${u.expect ?? ''}`);
    const refspecs = updates.map((u) => `${u.to}:${u.ref}`);
    const out = await this.run(
      ['push', '--atomic', '--porcelain', '--no-verify', remote, ...leases, ...refspecs],
      { allowFailure: true },
    );
    return pushOutcome(out.code, out.stdout, out.stderr);
  }

  async commitsSince(to: string, exclude: readonly string[]): Promise<string[]> {
    const out = await this.run(['rev-list', to, '--not', ...exclude, '--']);
    return out.stdout.split('\n').filter(Boolean);
  }

  async remoteUrl(remote: string): Promise<string | null> {
    // Where pushes go, as configured: url.*.insteadOf rewrites are local and prove nothing.
    for (const key of [`remote.${remote}.pushurl`, `remote.${remote}.url`]) {
      const out = await this.run(['config', '--get', key], { allowFailure: true });
      if (out.code === 0 && out.stdout.trim()) return out.stdout.trim();
    }
    return null;
  }

  async lastChange(paths: readonly string[], ref = 'HEAD'): Promise<CommitInfo | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    const out = (
      await this.git
        .raw(['log', '-1', '--format=%H %cI', sha, '--', ...paths.map(pathspec)])
        .catch((e: unknown) => {
          throw new GitError(`read the history of ${paths.join(', ')}`, e);
        })
    ).trim();
    if (!out) return null;
    const [commit, date] = out.split(' ');
    return { sha: commit!, date: new Date(date!) };
  }

  async isShallow(): Promise<boolean> {
    const out = await this.git
      .raw(['rev-parse', '--is-shallow-repository'])
      .catch(absentOr('tell whether the clone is shallow'));
    return out?.trim() === 'true';
  }

  async uncommitted(paths: readonly string[]): Promise<string[]> {
    const out = await this.git.raw([
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--',
      ...paths.map(pathspec),
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
