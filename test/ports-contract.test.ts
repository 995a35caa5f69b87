/**
 * The memory ports (actions/lib/testing/memory-ports.ts) answer as the runtime ports do: one
 * table of cases, run against NodeFiles on a temporary directory and SimpleGitPort on a real
 * repository with a bare remote, and against the doubles built the same way; the results must
 * be equal. Commit and tag ids are compared through the names the scenario gives them (the
 * on-disk repository's first commit takes its date from a shared clock); blob and tree ids,
 * which hold no date, must be equal as they are.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FilePort, GitPort } from '../actions/lib/ports.js';
import { MemoryFiles, MemoryGit } from '../actions/lib/testing/memory-ports.js';
import { NodeFiles } from '../actions/runtime/ports/files.js';
import { SimpleGitPort } from '../actions/runtime/ports/git.js';
import { createRepo } from './support/git.js';
import { tempDir } from './support/tmp.js';

/** What a call gave: its value, or the UserError's message (never a stack). */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await call();
    if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('utf8') };
    return { value };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

const FILES: Record<string, string> = {
  'a.txt': 'one\n',
  'docs/guide.md': '# guide\n',
  'docs/deep/notes.md': 'notes\n',
  '.github/workflows/ci.yml': 'on: push\n',
  'node_modules/pkg/readme.md': 'skipped\n',
  '.release-gates/verdict.md': 'skipped\n',
  'big.bin': 'x'.repeat(3000),
};

type FileCase = [string, (files: FilePort) => Promise<unknown>];

const FILE_CASES: FileCase[] = [
  ['read a file', (f) => f.read('a.txt')],
  ['read through ./ and ..', (f) => f.read('./docs/../a.txt')],
  ['read a missing file', (f) => f.read('missing.txt')],
  ['read a file under a missing directory', (f) => f.read('nowhere/a.txt')],
  ['read a directory', (f) => f.read('docs')],
  ['read outside the root', (f) => f.read('../etc/passwd')],
  ['read an absolute path', (f) => f.read('/etc/passwd')],
  ['stat a file', (f) => f.stat('big.bin')],
  ['stat a directory (its kind)', async (f) => (await f.stat('docs/deep'))?.kind],
  ['stat an empty directory (its kind)', async (f) => (await f.stat('empty'))?.kind],
  ['stat a missing path', (f) => f.stat('missing')],
  ['stat outside the root', (f) => f.stat('../x')],
  ['glob with dot files, skipping node_modules and .release-gates', (f) => f.glob(['**/*.md'])],
  ['glob several patterns', (f) => f.glob(['docs/*.md', '*.txt', '.github/**'])],
  ['glob that matches nothing', (f) => f.glob(['*.csv'])],
  ['glob outside the root', (f) => f.glob(['../**/*.md'])],
  ['stream a file whole', async (f) => collect(f.stream('big.bin'))],
  ['stream a missing file', async (f) => collect(f.stream('missing.txt'))],
  ['stream a directory', async (f) => collect(f.stream('docs'))],
  [
    'write a new file in a new directory, then read it',
    async (f) => {
      await f.write('out/report.json', '{}\n');
      return f.read('out/report.json');
    },
  ],
  [
    'write over a file',
    async (f) => {
      await f.write('a.txt', 'replaced\n');
      return f.read('a.txt');
    },
  ],
  [
    'append twice to a new file',
    async (f) => {
      await f.append('logs/events.jsonl', '{"n":1}\n');
      await f.append('logs/events.jsonl', '{"n":2}\n');
      return f.read('logs/events.jsonl');
    },
  ],
  ['write outside the root', (f) => f.write('../escape.txt', 'x')],
];

function nodeFiles(): FilePort {
  const dir = tempDir('rg-contract-');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(join(dir, 'empty'));
  return new NodeFiles(dir);
}

function memoryFiles(): FilePort {
  const files = new MemoryFiles(FILES, 1000);
  files.mkdir('empty');
  return files;
}

describe('the memory FilePort answers as NodeFiles does', () => {
  it.each(FILE_CASES)('%s', async (_, run) => {
    const real = await outcome(() => run(nodeFiles()));
    const memory = await outcome(() => run(memoryFiles()));
    expect(memory).toEqual(real);
  });
});

/** One repository's ports and the names of its commits. */
interface Side {
  git: GitPort;
  commits: Record<string, string>;
  /** Changes a file in the working tree without committing it. */
  edit(path: string, content: string): void;
}

const WHO = { name: 'oscar-oncall', email: 'oscar-oncall@users.noreply.github.com' };
const AT = new Date('2026-11-22T03:15:40Z');

/**
 * The same history on either side: main with three commits (the first pushed), a feature
 * branch forked from the second, and on the remote only: `stable` and an annotated tag
 * `release/1` on the second, pushed by the port itself.
 */
async function scenario(
  git: GitPort,
  commit: (files: Record<string, string | null>, message: string, date: string) => string,
  branch: (name: string) => void,
  push: (ref: string) => void,
  edit: Side['edit'],
): Promise<Side> {
  const commits: Record<string, string> = { initial: (await git.head())! };
  commits.second = commit({ 'a.txt': 'two\n' }, 'change a', '2026-11-02T10:00:00Z');
  push('main');
  branch('feature');
  commits.feature = commit(
    { 'docs/new.md': '# new\n', 'a.txt': null },
    'add a document, drop a',
    '2026-11-03T10:00:00Z',
  );
  branch('main');
  commits.third = commit({ 'b.txt': 'bee\n' }, 'add b', '2026-11-04T10:00:00Z');
  const tag = await git.createTag({
    name: 'release/1',
    commit: commits.second,
    message: 'Release 1\n\nThe second commit.\n',
    identity: { ...WHO, date: AT },
  });
  const pushed = await git.push('origin', [
    { ref: 'refs/heads/stable', to: commits.second, expect: null },
    { ref: 'refs/tags/release/1', to: tag, expect: null },
  ]);
  expect(pushed).toEqual({ status: 'pushed' });
  commits.release1 = tag;
  return { git, commits, edit };
}

async function realSide(): Promise<Side> {
  const repo = createRepo({ files: FILES });
  const git = new SimpleGitPort(repo.dir);
  return scenario(
    git,
    (files, message, date) => repo.commit(files, message, date),
    (name) => {
      const exists = repo.git('branch', '--list', name) !== '';
      repo.git('checkout', '-q', ...(exists ? [name] : ['-b', name]));
    },
    (ref) => repo.git('push', '-q', 'origin', ref),
    (path, content) => writeFileSync(join(repo.dir, path), content),
  );
}

async function memorySide(): Promise<Side> {
  const git = MemoryGit.clone(FILES);
  return scenario(
    git,
    (files, message, date) => git.commit(files, message, date),
    (name) => git.branch(name),
    (ref) => {
      const sha = git.ref(`refs/heads/${ref}`)!;
      git.remoteRepo().refs.set(`refs/heads/${ref}`, sha);
      git.refs.set(`refs/remotes/origin/${ref}`, sha);
    },
    (path, content) => git.worktree!.put(path, content),
  );
}

type GitCase = [string, (side: Side) => Promise<unknown>];

const GIT_CASES: GitCase[] = [
  ['head', (s) => s.git.head()],
  ['resolve a branch', (s) => s.git.resolve('feature')],
  ['resolve a parent', (s) => s.git.resolve('main~1')],
  ['resolve a commit id', (s) => s.git.resolve(s.commits.second!)],
  ['resolve what does not exist', (s) => s.git.resolve('no-such-branch')],
  ['resolve an option-like name', (s) => s.git.resolve('--all')],
  ['resolve a branch only the remote has', (s) => s.git.resolveBranch('stable')],
  ['resolveBranch of a missing branch', (s) => s.git.resolveBranch('gone')],
  ['show a file at a ref', (s) => s.git.show('main', 'b.txt')],
  ['show a file the ref lacks', (s) => s.git.show('feature', 'a.txt')],
  ['show at a missing ref', (s) => s.git.show('no-such-branch', 'a.txt')],
  ['lastChange of a file', (s) => s.git.lastChange(['a.txt'])],
  ['lastChange of a glob', (s) => s.git.lastChange(['docs/**'], 'feature')],
  ['lastChange of a wildcard', (s) => s.git.lastChange(['*.txt'])],
  ['lastChange of nothing', (s) => s.git.lastChange(['none/**'])],
  ['isAncestor, yes', (s) => s.git.isAncestor(s.commits.initial!, s.commits.third!)],
  ['isAncestor, no', (s) => s.git.isAncestor(s.commits.feature!, s.commits.third!)],
  ['isAncestor of itself', (s) => s.git.isAncestor('main', s.commits.third!)],
  [
    'fetchRefs reads branches and annotated tags from the remote',
    (s) => s.git.fetchRefs('origin', ['refs/heads/*', 'refs/tags/release/*']),
  ],
  [
    'fetchRefs of a narrower set reads the same snapshot',
    async (s) => {
      await s.git.fetchRefs('origin', ['refs/heads/stable', 'refs/tags/release/*']);
      return s.git.fetchRefs('origin', ['refs/tags/release/*']);
    },
  ],
  [
    'fetchRefs: a wildcard matches names that hold a slash',
    async (s) => {
      await s.git.push('origin', [
        { ref: 'refs/heads/team/fix/one', to: s.commits.third!, expect: null },
      ]);
      return s.git.fetchRefs('origin', ['refs/heads/team/*']);
    },
  ],
  [
    'fetchRefs without such a remote reads local refs',
    (s) => s.git.fetchRefs('upstream', ['refs/heads/*']),
  ],
  ['changedFiles of a branch', (s) => s.git.changedFiles('main', 'feature')],
  ['changedFiles against a missing base', (s) => s.git.changedFiles('no-such-branch')],
  ['isShallow', (s) => s.git.isShallow()],
  [
    'uncommitted, untracked files included',
    async (s) => {
      s.edit('b.txt', 'changed\n');
      s.edit('docs/untracked.md', 'new\n');
      return s.git.uncommitted(['*.txt', 'docs/**']);
    },
  ],
  ['readCommit', (s) => s.git.readCommit(s.commits.feature!)],
  ['readCommit of a missing commit', (s) => s.git.readCommit('no-such-branch')],
  ['diffTrees', (s) => s.git.diffTrees(s.commits.initial!, s.commits.feature!)],
  ['filesAt: read', (s) => s.git.filesAt(s.commits.feature!).read('docs/new.md')],
  ['filesAt: a missing file', (s) => s.git.filesAt(s.commits.feature!).read('a.txt')],
  ['filesAt: a directory', (s) => s.git.filesAt(s.commits.feature!).read('docs')],
  ['filesAt: outside', (s) => s.git.filesAt(s.commits.feature!).read('../x')],
  ['filesAt: stat', (s) => s.git.filesAt(s.commits.feature!).stat('big.bin')],
  ['filesAt: stat a directory', (s) => s.git.filesAt(s.commits.feature!).stat('docs')],
  ['filesAt: glob', (s) => s.git.filesAt(s.commits.feature!).glob(['**/*.md'])],
  ['filesAt: stream', async (s) => collect(s.git.filesAt(s.commits.third!).stream('big.bin'))],
  ['filesAt: write', (s) => s.git.filesAt(s.commits.feature!).write('x.txt', 'x')],
  ['writeBlob', (s) => s.git.writeBlob('hello\n')],
  [
    'writeTree',
    async (s) =>
      s.git.writeTree([
        { path: 'z.txt', blob: await s.git.writeBlob('z\n') },
        { path: 'a.txt', blob: await s.git.writeBlob('a\n') },
      ]),
  ],
  [
    'mixTree takes paths from another commit, removing those it lacks',
    async (s) => {
      const tree = await s.git.mixTree(s.commits.third!, s.commits.feature!, [
        'a.txt',
        'docs/new.md',
      ]);
      return s.git.diffTrees(s.commits.third!, tree).then((paths) => ({ tree, paths }));
    },
  ],
  [
    'treeWith adds files in directories',
    async (s) =>
      s.git.treeWith(s.commits.third!, [
        { path: 'records/1.json', blob: await s.git.writeBlob('{}\n') },
        { path: 'b.txt', blob: await s.git.writeBlob('B\n') },
      ]),
  ],
  [
    'createCommit and createTag',
    async (s) => {
      const { tree } = (await s.git.readCommit(s.commits.second!))!;
      const commit = await s.git.createCommit({
        tree,
        parents: [s.commits.second!],
        message: 'Promote\n',
        identity: { ...WHO, date: AT },
      });
      const tag = await s.git.createTag({
        name: 'release/2',
        commit,
        message: 'Release 2\n',
        identity: { ...WHO, date: AT },
      });
      Object.assign(s.commits, { promoted: commit, release2: tag });
      return { commit: await s.git.readCommit(commit), tag };
    },
  ],
  [
    'push with a stale lease moves nothing',
    async (s) => {
      const result = await s.git.push('origin', [
        { ref: 'refs/heads/stable', to: s.commits.third!, expect: s.commits.initial! },
        { ref: 'refs/heads/next', to: s.commits.third!, expect: null },
      ]);
      const after = await s.git.fetchRefs('origin', ['refs/heads/next', 'refs/heads/stable']);
      return { status: result.status, after };
    },
  ],
  [
    'push with a lease that holds moves every ref',
    async (s) => {
      const result = await s.git.push('origin', [
        { ref: 'refs/heads/stable', to: s.commits.third!, expect: s.commits.second! },
      ]);
      return { result, tracking: await s.git.resolve('origin/stable') };
    },
  ],
  ['commitsSince', (s) => s.git.commitsSince(s.commits.third!, [s.commits.initial!])],
  ['remoteUrl of a missing remote', (s) => s.git.remoteUrl('upstream')],
  [
    'remoteUrl is a file URL',
    async (s) => (await s.git.remoteUrl('origin'))?.startsWith('file:///'),
  ],
];

/** The outcome with every commit id replaced by the scenario's name for it. */
function named(value: unknown, commits: Record<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [name, sha] of Object.entries(commits)) {
    text = text.replaceAll(sha, `<${name}>`).replaceAll(sha.slice(0, 12), `<${name}:short>`);
  }
  return JSON.parse(text);
}

describe('the memory GitPort answers as SimpleGitPort does on a real repository', () => {
  // Each case changes refs or the working tree: a fresh pair of repositories per case.
  let fresh: () => Promise<[Side, Side]>;
  beforeAll(() => {
    fresh = async () => [await realSide(), await memorySide()];
  });

  it.each(GIT_CASES)('%s', async (_, run) => {
    const [real, memory] = await fresh();
    const expected = named(await outcome(() => run(real)), real.commits);
    const actual = named(await outcome(() => run(memory)), memory.commits);
    expect(actual).toEqual(expected);
  });
});
