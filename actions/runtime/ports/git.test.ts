import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo } from '../../../test/support/git.js';
import { UserError } from '../../lib/errors.js';
import { GitError, SimpleGitPort, pathspec, pushOutcome } from './git.js';

const WHO = { name: 'oscar-oncall', email: 'oscar-oncall@users.noreply.github.com' };
const AT = new Date('2026-11-22T03:15:40Z');

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

describe("git push --porcelain, read as the release writer's outcome", () => {
  it.each([
    ['every ref moved', 0, 'To x\n*\tabc:refs/heads/stable\t[new branch]\nDone\n', '', 'pushed'],
    [
      'a lease failed',
      1,
      '!\tabc:refs/heads/release-gates/ledger\t[rejected] (stale info)\n!\tdef:refs/tags/release/2\t[rejected] (atomic push failed)\n',
      '',
      'stale',
    ],
    [
      'a concurrent push took the ref lock first',
      1,
      '!\tabc:refs/heads/release-gates/ledger\t[remote rejected] (atomic transaction failed)\n',
      "remote: error: cannot lock ref 'refs/heads/release-gates/ledger': is at 1 but expected 2\n",
      'stale',
    ],
    [
      'a ruleset declined',
      1,
      '!\tabc:refs/heads/stable\t[remote rejected] (protected branch hook declined)\n',
      '',
      'refused',
    ],
    [
      'the remote is unreachable',
      128,
      '',
      "fatal: 'origin' does not appear to be a git repository\n",
      'refused',
    ],
  ])('%s', (_, code, stdout, stderr, status) => {
    const outcome = pushOutcome(code, stdout, stderr);
    expect(outcome.status).toBe(status);
    if (outcome.status !== 'pushed') expect(outcome.detail.length).toBeGreaterThan(5);
  });
});

describe('the git port writes release objects and pushes them atomically', () => {
  it('writes commits and tags deterministically, moving no local ref', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    const git = new SimpleGitPort(repo.dir);
    const head = (await git.readCommit('HEAD'))!;
    const identity = { ...WHO, date: AT };
    const commit = () =>
      git.createCommit({ tree: head.tree, parents: [head.sha], message: 'x\n', identity });
    const first = await commit();
    expect(await commit()).toBe(first);
    expect(repo.git('show', '-s', '--format=%an <%ae> %aI|%cn %cI|%P', first)).toBe(
      `oscar-oncall <oscar-oncall@users.noreply.github.com> 2026-11-22T03:15:40+00:00|oscar-oncall 2026-11-22T03:15:40+00:00|${head.sha}`,
    );
    const tag = await git.createTag({
      name: 'release/1',
      commit: first,
      message: 'm\n\n{}\n',
      identity,
    });
    expect(repo.git('cat-file', '-p', tag)).toContain('tag release/1\ntagger oscar-oncall');
    expect(repo.git('tag', '-l')).toBe('');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head.sha);
  });

  it('pushes several refs in one go, or none when a lease fails', async () => {
    const repo = createRepo();
    const git = new SimpleGitPort(repo.dir);
    const head = repo.head();
    expect(
      await git.push('origin', [
        { ref: 'refs/heads/stable', to: head, expect: null },
        { ref: 'refs/heads/other', to: head, expect: null },
      ]),
    ).toEqual({ status: 'pushed' });
    const next = repo.commit({ 'b.txt': 'b' }, 'next');
    const stale = await git.push('origin', [
      { ref: 'refs/heads/other', to: next, expect: head },
      { ref: 'refs/heads/stable', to: next, expect: next },
    ]);
    expect(stale.status).toBe('stale');
    expect(repo.remoteRef('refs/heads/other')).toBe(head);
    expect(repo.remoteRef('refs/heads/stable')).toBe(head);
  });

  it('builds a tree from a base with some paths taken from another commit', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a1\n', 'dir/b.txt': 'b1\n', 'c.txt': 'c1\n' } });
    const old = repo.head();
    const head = repo.commit({ 'a.txt': 'a2\n', 'dir/b.txt': null, 'd.txt': 'd\n' }, 'change');
    const git = new SimpleGitPort(repo.dir);
    expect(await git.diffTrees(old, head)).toEqual(['a.txt', 'd.txt', 'dir/b.txt']);
    const tree = await git.mixTree(head, old, ['a.txt', 'd.txt', 'dir/b.txt']);
    expect(tree).toBe(repo.git('rev-parse', `${old}^{tree}`));
    const partial = await git.mixTree(head, old, ['a.txt']);
    expect(repo.git('ls-tree', '-r', '--name-only', partial).split('\n')).toEqual([
      'a.txt',
      'c.txt',
      'd.txt',
    ]);
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

describe('the files of a commit, read from git without a checkout', () => {
  const repo = createRepo({
    files: { 'docs/card.md': '# Card\n', 'evals/r.jsonl': '{"a":1}\n', '.hidden/x': 'x' },
  });
  const commit = repo.head();
  // The checkout moves on and gets untracked files: the commit's files stay what they were.
  repo.commit({ 'docs/card.md': '# Changed\n' }, 'later');
  symlinkSync('/etc/passwd', join(repo.dir, 'evals/link'));
  repo.git('add', 'evals/link');
  repo.git('commit', '-q', '-m', 'link');
  const linked = repo.head();
  const files = new SimpleGitPort(repo.dir).filesAt(commit);

  it('reads, streams, stats and globs the commit, not the working tree', async () => {
    expect(Buffer.from(await files.read('docs/card.md')).toString()).toBe('# Card\n');
    expect(await collect(files.stream('evals/r.jsonl'))).toBe('{"a":1}\n');
    expect(await files.stat('docs/card.md')).toEqual({ kind: 'file', size: 7 });
    expect(await files.stat('docs')).toEqual({ kind: 'dir', size: 0 });
    expect(await files.stat('missing.md')).toBeNull();
    expect(await files.glob(['**/*.md', 'evals/*.jsonl', '.hidden/*'])).toEqual([
      '.hidden/x',
      'docs/card.md',
      'evals/r.jsonl',
    ]);
  });

  it.each([
    ['a missing file', 'nope.md', /nope\.md does not exist in commit [0-9a-f]{12}/],
    ['a directory', 'docs', /docs is a directory in commit/],
    ['a path outside the repository', '../etc/passwd', /outside the repository/],
  ])('refuses %s with the path', async (_, path, message) => {
    const e = await files.read(path).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toMatch(message);
    expect((e as UserError).problems[0]!.location).toEqual({ file: path });
  });

  it('refuses a symbolic link and any write', async () => {
    const later = new SimpleGitPort(repo.dir).filesAt(linked);
    expect(await later.stat('evals/link')).toMatchObject({ kind: 'other' });
    await expect(later.read('evals/link')).rejects.toThrow(/symbolic link/);
    await expect(files.write('x.txt', 'x')).rejects.toThrow(/read-only/);
  });
});

describe('policy globs as git pathspecs', () => {
  it.each([
    ['chatbot/model.yaml', ':(literal)chatbot/model.yaml'],
    ['chatbot/prompts/**', ':(literal)chatbot/prompts/'],
    ['evals/*.jsonl', ':(glob)evals/*.jsonl'],
    ['evals/**/results/**', ':(glob)evals/**/results/**'],
    ['data/[ab].json', ':(glob)data/[ab].json'],
    ['**', ':(glob)**'],
  ])('%s becomes %s', (glob, spec) => {
    expect(pathspec(glob)).toBe(spec);
  });

  it('selects the same commits and changes as the glob pathspec would', async () => {
    const repo = createRepo({
      files: { 'chatbot/model.yaml': 'v1\n', 'chatbot/prompts/a.md': 'a\n' },
    });
    repo.commit({ 'chatbot/prompts/deep/b.md': 'b\n' }, 'prompt');
    repo.commit({ 'chatbot/prompts.md': 'not under the directory\n' }, 'sibling');
    repo.commit({ 'other.txt': 'o\n' }, 'other');
    const git = new SimpleGitPort(repo.dir);
    const globs = ['chatbot/prompts/**', 'chatbot/model.yaml', 'chatbot/model.yaml/**', 'x/**'];
    for (const glob of globs) {
      const ours = (await git.lastChange([glob]))?.sha ?? null;
      const raw = repo.git('log', '-1', '--format=%H', 'HEAD', '--', `:(glob)${glob}`) || null;
      expect(ours, glob).toBe(raw);
    }
    expect((await git.lastChange(['chatbot/prompts/**']))?.sha).toBe(
      repo.git('rev-parse', 'HEAD~2'),
    );
    writeFileSync(join(repo.dir, 'chatbot/prompts.md'), 'changed\n');
    writeFileSync(join(repo.dir, 'chatbot/prompts/deep/b.md'), 'changed\n');
    expect(await git.uncommitted(['chatbot/prompts/**'])).toEqual(['chatbot/prompts/deep/b.md']);
  });
});

describe('the files a pull request changes', () => {
  it('lists both paths of a moved file, whatever rename detection git is configured with', async () => {
    const workflow = 'on: schedule\njobs: {}\n';
    const repo = createRepo({ files: { '.github/workflows/monitor.yml': workflow } });
    const base = repo.head();
    repo.git('config', 'diff.renames', 'copies');
    repo.git('checkout', '-q', '-b', 'disable-monitoring');
    repo.git('mv', '.github/workflows', '.github/disabled');
    repo.commit({}, 'park the monitor');
    const git = new SimpleGitPort(repo.dir);
    expect(await git.changedFiles(base)).toEqual([
      '.github/disabled/monitor.yml',
      '.github/workflows/monitor.yml',
    ]);
  });
});

/** Replaces a loose object's file with bytes that do not inflate: a corrupt object. */
function corrupt(dir: string, sha: string): void {
  const file = join(dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
  chmodSync(file, 0o644);
  writeFileSync(file, 'not a zlib stream');
}

async function failure(promise: Promise<unknown>): Promise<GitError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GitError);
  return e as GitError;
}

describe('the git port fails closed: only "no such ref" and "no such path" read as absent', () => {
  it("answers null for git's own no such ref, no such path, and no such remote", async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    const git = new SimpleGitPort(repo.dir);
    expect(await git.resolve('stable')).toBeNull();
    expect(await git.show('HEAD', 'missing.txt')).toBeNull();
    expect(await git.show('HEAD', 'a.txt/deeper')).toBeNull();
    expect(await git.show('stable', 'a.txt')).toBeNull();
    expect(await git.lastChange(['a.txt'], 'stable')).toBeNull();
    expect(await git.resolve('HEAD~5')).toBeNull();
    repo.git('remote', 'remove', 'origin');
    expect(await new SimpleGitPort(repo.dir).resolve('stable')).toBeNull();
  });

  it('throws on a corrupt blob, never a missing baseline', async () => {
    const repo = createRepo({ files: { 'evals/baseline.json': '{"pass_rate":0.9}\n' } });
    repo.git('push', '-q', 'origin', 'HEAD:refs/heads/stable');
    corrupt(repo.dir, repo.git('rev-parse', 'HEAD:evals/baseline.json'));
    const e = await failure(new SimpleGitPort(repo.dir).show('stable', 'evals/baseline.json'));
    expect(e.kind).toBe('git');
    expect(e.message).toMatch(/^cannot read evals\/baseline\.json at stable: .*corrupt/);
    expect(e.problems[0]!.hint).toMatch(/git fsck/);
  });

  it('throws on a corrupt commit, for resolve, history and ancestry alike', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    const first = repo.head();
    const middle = repo.commit({ 'a.txt': 'b\n' }, 'second');
    const last = repo.commit({ 'b.txt': 'b\n' }, 'third');
    corrupt(repo.dir, middle);
    const git = new SimpleGitPort(repo.dir);
    expect((await failure(git.resolve(middle))).message).toMatch(
      new RegExp(`^cannot resolve ${middle}: .*corrupt`),
    );
    expect((await failure(git.isAncestor(first, last))).message).toMatch(
      new RegExp(`^cannot tell whether ${first} is an ancestor of ${last}: .*corrupt`),
    );
    expect((await failure(git.lastChange(['a.txt'], last))).message).toMatch(
      /^cannot read the history of a\.txt: .*corrupt/,
    );
    corrupt(repo.dir, last);
    await failure(new SimpleGitPort(repo.dir).head());
  });

  it("throws on a corrupt blob or tree of a commit's files, as a promotion reads them", async () => {
    const repo = createRepo({ files: { 'docs/card.md': '# Card\n', 'b.txt': 'b\n' } });
    const head = repo.head();
    corrupt(repo.dir, repo.git('rev-parse', 'HEAD:docs/card.md'));
    const files = new SimpleGitPort(repo.dir).filesAt(head);
    expect((await failure(files.read('docs/card.md'))).message).toMatch(
      /^cannot read docs\/card\.md from commit [0-9a-f]{12}: .*corrupt/,
    );
    corrupt(repo.dir, repo.git('rev-parse', 'HEAD:docs'));
    const later = new SimpleGitPort(repo.dir).filesAt(head);
    expect((await failure(later.stat('b.txt'))).message).toMatch(
      /^cannot list the files of commit [0-9a-f]{12}: .*corrupt/,
    );
  });

  it('throws when git is missing from PATH', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    const path = process.env.PATH;
    process.env.PATH = join(repo.dir, 'no-git-here');
    try {
      const e = await failure(new SimpleGitPort(repo.dir).show('HEAD', 'a.txt'));
      expect(e.message).toBe('cannot resolve HEAD: git is not installed or not on PATH');
      expect(e.problems[0]!.hint).toMatch(/install git/);
      await failure(new SimpleGitPort(repo.dir).isShallow());
    } finally {
      process.env.PATH = path;
    }
  });

  it('throws when the remote cannot be read, instead of calling the branch absent', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    repo.git('remote', 'set-url', 'origin', `file://${join(repo.dir, 'gone.git')}`);
    const e = await failure(new SimpleGitPort(repo.dir).resolve('stable'));
    expect(e.message).toMatch(/^cannot fetch stable from the remote origin: fatal: /);
    const branch = await failure(new SimpleGitPort(repo.dir).resolveBranch('stable'));
    expect(branch.message).toMatch(/^cannot fetch branch stable from the remote origin: fatal: /);
  });

  it('throws when git stays silent past the limit (a hung fetch)', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    // An ssh remote whose "ssh" never answers: the fetch hangs as on a dead network.
    repo.git('remote', 'set-url', 'origin', 'ssh://git@unreachable.invalid/acme/chatbot.git');
    repo.git('config', 'core.sshCommand', 'sleep 3;:');
    const e = await failure(new SimpleGitPort(repo.dir, 'origin', 300).resolve('stable'));
    expect(e.message).toBe(
      'cannot fetch stable from the remote origin: git did not answer in time',
    );
  });
});

describe('resolveBranch: a branch only, never a tag or an object of the same name', () => {
  type Repo = ReturnType<typeof createRepo>;
  const push = (r: Repo) => r.git('push', '-q', 'origin', 'main:stable');
  it.each<[string, (repo: Repo) => void, (first: string) => string, boolean]>([
    ['the remote branch', push, () => 'stable', true],
    [
      'the remote branch, not a local tag of its name',
      (r) => {
        push(r);
        r.commit({ 'b.txt': 'head\n' }, 'head');
        r.git('tag', 'stable');
      },
      () => 'stable',
      true,
    ],
    ['a local branch without a remote one', (r) => r.git('branch', 'stable'), () => 'stable', true],
    ['nothing for a tag alone', (r) => r.git('tag', 'stable'), () => 'stable', false],
    ['nothing for a commit sha', () => {}, (first) => first.slice(0, 12), false],
  ])('%s', async (_name, setup, name, found) => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    const first = repo.head();
    setup(repo);
    const port = new SimpleGitPort(repo.dir);
    expect(await port.resolveBranch(name(first))).toBe(found ? first : null);
  });

  it('fetches a branch the clone lacks, and says nothing is there when the remote has none', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a\n' } });
    repo.git('push', '-q', 'origin', 'main:stable');
    repo.git('update-ref', '-d', 'refs/remotes/origin/stable');
    const port = new SimpleGitPort(repo.dir);
    expect(await port.resolveBranch('stable')).toBe(repo.head());
    expect(await port.resolveBranch('no-such-branch')).toBeNull();
  });
});

describe('the git port reads all of what git writes', () => {
  it('waits for the output to close, not for the process to exit', async () => {
    // A git whose output outlives its process, as a loaded machine makes it: the real git runs
    // in a background child that keeps the pipe open after the wrapper has exited.
    const content = `${'x'.repeat(64 * 1024)}\n`.repeat(16);
    const repo = createRepo({ files: { 'big.txt': content } });
    const bin = join(repo.dir, 'slow-git-bin');
    mkdirSync(bin);
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\n(sleep 0.3; exec "${real}" "$@") &\nexit 0\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const sha = repo.head();
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const bytes = await new SimpleGitPort(repo.dir).filesAt(sha).read('big.txt');
      expect(Buffer.from(bytes).toString('utf8')).toBe(content);
    } finally {
      process.env.PATH = path;
    }
  });
});
