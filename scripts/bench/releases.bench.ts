/**
 * Promote and roll back on a large repository (20,000 commits, 10,000 files, generated with
 * git fast-import) through a local bare remote: the bundled CLI, process start to exit, with the
 * loopback GitHub API for the follow-ups. Peers: the git commands a user would run instead
 * (a checkout, a fast-forward merge or a hard reset, a tag, a push), measured in the same run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FakeGitHub } from '../../test/support/github-server.js';
import { ROOT, round, type Bench, type Row } from './lib.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@invalid',
};

function git(dir: string, args: string[], input?: string | Buffer): string {
  return execFileSync('git', args, {
    cwd: dir,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...IDENTITY },
  }).trim();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * A fast-import stream: the sample release and `files` knowledge-base articles in the first
 * commit, then one article edited per commit up to `commits`.
 */
function history(commits: number, files: number): Buffer {
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s));
  const data = (content: Buffer | string) => {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    text(`data ${bytes.length}\n`);
    parts.push(bytes);
    text('\n');
  };
  const article = (n: number, edit: number) =>
    `# Article ${n}\n\nHow to handle case ${n} (revision ${edit}).\n\n${'Support answer text. '.repeat(12)}\n`;
  let time = Date.parse('2025-01-01T00:00:00Z') / 1000;
  for (let c = 1; c <= commits; c++) {
    text(`commit refs/heads/main\nmark :${c}\ncommitter bench <bench@invalid> ${time++} +0000\n`);
    data(`change ${c}\n`);
    if (c === 1) {
      for (const dir of ['policies', 'chatbot', 'docs', 'evals']) {
        const root = join(ROOT, dir);
        try {
          statSync(root);
        } catch {
          continue;
        }
        for (const file of filesUnder(root)) {
          text(`M 100644 inline ${relative(ROOT, file)}\n`);
          data(readFileSync(file));
        }
      }
      for (let n = 0; n < files; n++) {
        text(`M 100644 inline knowledge/${String(n % 100).padStart(2, '0')}/article-${n}.md\n`);
        data(article(n, 0));
      }
    } else {
      text(`from :${c - 1}\n`);
      const n = (c * 7919) % files;
      text(`M 100644 inline knowledge/${String(n % 100).padStart(2, '0')}/article-${n}.md\n`);
      data(article(n, c));
    }
  }
  return Buffer.concat(parts);
}

interface Fixture {
  base: string;
  remote: string;
  work: string;
  peer: string;
  heads: string[];
}

function fixture(commits: number, files: number): Fixture {
  const base = mkdtempSync(join(tmpdir(), 'rg-bench-releases-'));
  const remote = join(base, 'remote.git');
  git(base, ['init', '-q', '--bare', '-b', 'main', remote]);
  git(remote, ['fast-import', '--quiet'], history(commits, files));
  git(remote, ['gc', '-q']);
  const work = join(base, 'work');
  const peer = join(base, 'peer');
  git(base, ['clone', '-q', `file://${remote}`, work]);
  git(base, ['clone', '-q', `file://${remote}`, peer]);
  // The team adopts release-gates on this history: it is taken as reviewed, and the three
  // commits after it (the adoption and two changes) arrive through pull requests.
  const policy = join(work, 'policies/release-policy.yaml');
  const reviewed = git(work, ['rev-parse', 'HEAD']);
  writeFileSync(
    policy,
    readFileSync(policy, 'utf8').replace(
      '\npromotion:\n',
      `\npromotion:\n  reviewed_since: ${reviewed}\n`,
    ),
  );
  const id = ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid'];
  git(work, [...id, 'commit', '-q', '-am', 'adopt release-gates']);
  for (const n of [1, 2]) {
    writeFileSync(join(work, `knowledge/00/article-${n}00.md`), `# Article ${n}00, revised\n`);
    git(work, [...id, 'commit', '-q', '-am', `revise article ${n}00`]);
  }
  git(work, ['push', '-q', 'origin', 'HEAD:main']);
  git(peer, ['pull', '-q', '--ff-only']);
  const heads = git(work, ['rev-list', '-n', '3', 'HEAD']).split('\n').reverse();
  return { base, remote, work, peer, heads };
}

/** When each GitHub request of the current run arrived; the first comes right after its push. */
const arrivals: number[] = [];

/** Process start to exit, and to the first GitHub request (undefined when none was made). */
async function timed(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; firstRequest: number | undefined }> {
  arrivals.length = 0;
  const start = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'actions/cli/dist/index.js'), ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const ms = performance.now() - start;
  if (code !== 0)
    throw new Error(`release-gates ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`);
  return { ms, firstRequest: arrivals.length ? arrivals[0]! - start : undefined };
}

function timeShell(dir: string, commands: string[][]): number {
  const start = performance.now();
  for (const args of commands) git(dir, args);
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The remote's release refs, to put back between measured runs. */
function snapshot(remote: string): string {
  return git(remote, ['for-each-ref', '--format=%(objectname) %(refname)']);
}

function restore(remote: string, saved: string): void {
  const keep = new Map(saved.split('\n').map((l) => [l.split(' ')[1]!, l.split(' ')[0]!]));
  const now = snapshot(remote)
    .split('\n')
    .map((l) => l.split(' '));
  const commands = [
    ...now.filter(([, ref]) => !keep.has(ref!)).map(([, ref]) => `delete ${ref}`),
    ...[...keep].map(([ref, sha]) => `update ${ref} ${sha}`),
  ];
  git(remote, ['update-ref', '--stdin'], commands.join('\n') + '\n');
}

export const bench: Bench = {
  name: 'releases',
  description:
    'Promote (the gates re-run on the exact commit, no checkout) and roll back (with the incident issue, the revert pull request and the deployment record) on a repository of 20,000 commits and 10,000 files through a local bare remote; the bundled CLI from process start to exit, next to the git commands a user would run instead.',
  async run({ quick }) {
    const [commits, files, runs] = quick ? [2_000, 1_000, 1] : [20_000, 10_000, 5];
    const setupStart = performance.now();
    const fx = fixture(commits, files);
    const setupMs = performance.now() - setupStart;
    const gh = await FakeGitHub.listen({ t: { login: 'github-actions[bot]' } });
    const name = 'acme/bench-chatbot';
    const api = gh.repo(name);
    api.gitDir = fx.remote;
    gh.onRequest = () => {
      arrivals.push(performance.now());
    };
    // On the command line the actor is the token's own login (GET /user).
    for (const login of ['priya-po', 'oscar-oncall']) gh.tokens.set(login, { login });
    // How each promoted commit arrived: a merged pull request both sign-off roles approved.
    const arrived = () => {
      for (const sha of fx.heads)
        gh.mergedPull(name, { sha, author: 'mei-ml', approvers: ['priya-po', 'gabriel-gov'] });
    };
    arrived();
    const env = (now: string, actor = 'priya-po') => ({
      RELEASE_GATES_NOW: now,
      GITHUB_TOKEN: actor,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: name,
    });
    try {
      const [first, second, head] = fx.heads as [string, string, string];
      // Two releases out; main one commit further.
      await timed(
        fx.work,
        ['promote', '--commit', first, '--actor', 'priya-po'],
        env('2026-11-20T10:00:00Z'),
      );
      await timed(
        fx.work,
        ['promote', '--commit', second, '--actor', 'priya-po'],
        env('2026-11-21T10:00:00Z'),
      );
      const released = snapshot(fx.remote);
      const resetApi = () => {
        restore(fx.remote, released);
        api.issues.clear();
        api.pulls.clear();
        api.deployments.length = 0;
        arrived();
      };

      const promote: number[] = [];
      const rollback: number[] = [];
      const moved: number[] = [];
      const naivePromote: number[] = [];
      const naiveRollback: number[] = [];
      for (let i = 0; i < runs; i++) {
        resetApi();
        promote.push(
          (await timed(fx.work, ['promote', '--actor', 'priya-po'], env('2026-11-22T10:00:00Z')))
            .ms,
        );
        if (git(fx.remote, ['rev-parse', 'stable']) !== head)
          throw new Error('promote did not move stable');
        resetApi();
        const rolled = await timed(
          fx.work,
          ['rollback', '--reason', 'harmful answers', '--actor', 'oscar-oncall'],
          env('2026-11-22T11:00:00Z', 'oscar-oncall'),
        );
        if (api.issues.size !== 1) throw new Error('rollback opened no incident issue');
        rollback.push(rolled.ms);
        moved.push(rolled.firstRequest!);
        resetApi();
        naivePromote.push(
          timeShell(fx.peer, [
            ['fetch', '-q', 'origin'],
            ['checkout', '-q', '-B', 'stable', 'origin/stable'],
            ['merge', '-q', '--ff-only', 'origin/main'],
            ['tag', '-f', '-a', '-m', 'release 3', 'release/3'],
            ['push', '-q', 'origin', 'stable', 'refs/tags/release/3'],
          ]),
        );
        resetApi();
        naiveRollback.push(
          timeShell(fx.peer, [
            ['fetch', '-q', '--tags', '--force', 'origin'],
            ['checkout', '-q', '-B', 'stable', 'origin/stable'],
            ['reset', '-q', '--hard', 'release/1'],
            ['push', '-q', '--force', 'origin', 'stable'],
          ]),
        );
        git(fx.peer, ['checkout', '-q', 'main']);
      }
      const size = `${commits.toLocaleString('en')} commits, ${files.toLocaleString('en')} files`;
      const rows: Row[] = [
        {
          name: `rollback to the previous release, ${size}: move, record, incident issue, revert PR, deployment (median)`,
          value: round(median(rollback)),
          unit: 'ms',
          target: '< 5000 ms',
          ok: median(rollback) < 5000,
        },
        {
          name: 'rollback: from process start to stable moved and recorded (the first follow-up request; median)',
          value: round(median(moved)),
          unit: 'ms',
        },
        {
          name: `promote the head of main, ${size}: preconditions, 5 gates re-run on the commit, move, record, deployment (median)`,
          value: round(median(promote)),
          unit: 'ms',
        },
        {
          name: 'naive rollback: fetch, checkout stable, reset --hard to the tag, force push (median)',
          value: round(median(naiveRollback)),
          unit: 'ms',
          peer: true,
          note: 'no record, no lease, no incident',
        },
        {
          name: 'naive promotion: fetch, checkout stable, merge --ff-only, tag, push (median)',
          value: round(median(naivePromote)),
          unit: 'ms',
          peer: true,
          note: 'no gates, no lease, no record',
        },
        {
          name: `building the repository with git fast-import (setup, not a target)`,
          value: round(setupMs / 1000),
          unit: 's',
        },
      ];
      return rows;
    } finally {
      await gh.close();
      rmSync(fx.base, { recursive: true, force: true });
    }
  },
};
