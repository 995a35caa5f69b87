/**
 * The sign-off gate on a busy pull request (many reviews, large teams) through the real
 * Octokit against the loopback GitHub API, and the release state of a repository with many
 * releases. Peers: the bare HTTP requests and the bare git commands that fetch the same data
 * without judging it, measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGate } from '../../actions/lib/gate.js';
import { parsePolicy } from '../../actions/lib/policy/load.js';
import { checkWaivers } from '../../actions/lib/policy/waivers.js';
import {
  LEDGER_BRANCH,
  LEDGER_FILE,
  LEDGER_SCHEMA,
  RECORD_SCHEMA,
  formatLedgerLine,
  formatTagMessage,
  type ReleaseRecord,
} from '../../actions/lib/release/records.js';
import { readReleaseState } from '../../actions/lib/release/state.js';
import { signoffGate } from '../../actions/lib/signoff/gate.js';
import { createPorts } from '../../actions/runtime/ports/index.js';
import { SimpleGitPort } from '../../actions/runtime/ports/git.js';
import { FakeGitHub } from '../../test/support/github-server.js';
import { round, type Bench, type Row } from './lib.js';

const HEAD = 'b'.repeat(40);

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function signoff(reviewCount: number, teamSize: number, runs: number): Promise<Row[]> {
  const gh = await FakeGitHub.listen({ t: { login: 'bench', orgRead: true } });
  try {
    const number = gh.addPull('acme/chatbot', { author: 'mei-ml', head: { sha: HEAD } });
    for (let i = 0; i < reviewCount - 2; i++)
      gh.addReview('acme/chatbot', number, {
        user: `reviewer-${i % 300}`,
        state: 'COMMENTED',
        commit: HEAD,
      });
    gh.addReview('acme/chatbot', number, { user: 'member-7', state: 'APPROVED', commit: HEAD });
    gh.addReview('acme/chatbot', number, { user: 'gabriel-gov', state: 'APPROVED', commit: HEAD });
    gh.addTeam(
      'acme',
      'product',
      Array.from({ length: teamSize }, (_, i) => `member-${i}`),
    );
    const loaded = parsePolicy(
      Buffer.from(
        [
          'apiVersion: release-gates/v1',
          'kind: ReleasePolicy',
          'metadata: { name: chatbot, owner: governance-lead }',
          'roles:',
          '  product-owner: { teams: [acme/product] }',
          '  governance-lead: { users: [gabriel-gov] }',
          'gates:',
          '  signoff: { required: [{ role: product-owner }, { role: governance-lead }] }',
          '',
        ].join('\n'),
      ),
      'policies/release-policy.yaml',
    );
    const dir = mkdtempSync(join(tmpdir(), 'rg-bench-signoff-'));
    const ports = createPorts(
      dir,
      {},
      { token: 't', baseUrl: gh.url, names: { token: 't', membershipToken: 't' } },
    );
    const run = {
      commit: HEAD,
      event: 'pull_request',
      repository: { owner: 'acme', repo: 'chatbot' },
      pullRequest: {
        number,
        author: 'mei-ml',
        base: { ref: 'main', sha: HEAD },
        head: { ref: 'x', sha: HEAD },
      },
    };
    const waivers = checkWaivers(loaded, new Date());
    let result = '';
    const before = gh.requests.length;
    const gate = await median(runs, async () => {
      result = (await runGate(signoffGate, loaded, ports, run, waivers)).result;
    });
    if (result !== 'pass') throw new Error(`sign-off gave ${result}, expected pass`);
    const requests = (gh.requests.length - before) / (runs + 1);
    const pages = async (path: string) => {
      for (let page = 1; ; page++) {
        const res = await fetch(`${gh.url}${path}?per_page=100&page=${page}`, {
          headers: { authorization: 'token t' },
        });
        await res.json();
        if (!res.headers.get('link')?.includes('rel="next"')) return;
      }
    };
    const peer = await median(runs, async () => {
      await fetch(`${gh.url}/repos/acme/chatbot/pulls/${number}`, {
        headers: { authorization: 'token t' },
      }).then((r) => r.json());
      await pages(`/repos/acme/chatbot/pulls/${number}/reviews`);
      await pages('/orgs/acme/teams/product/members');
    });
    rmSync(dir, { recursive: true, force: true });
    const what = `${reviewCount} reviews, a team of ${teamSize}`;
    return [
      {
        name: `signoff gate, ${what} (median)`,
        value: round(gate),
        unit: 'ms',
        target: '< 2000 ms',
        ok: gate < 2000,
        note: `${requests} requests`,
      },
      {
        name: `bare fetch of the same pages, one after another (median)`,
        value: round(peer),
        unit: 'ms',
        peer: true,
      },
    ];
  } finally {
    await gh.close();
  }
}

/** A bare remote with `count` promotions, built directly with git plumbing. */
function releaseHistory(count: number): { work: string; base: string } {
  const base = mkdtempSync(join(tmpdir(), 'rg-bench-releases-'));
  const remote = join(base, 'remote.git');
  const work = join(base, 'work');
  const git = (dir: string, args: string[], input?: string) =>
    execFileSync('git', args, {
      cwd: dir,
      input,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'bench',
        GIT_AUTHOR_EMAIL: 'b@x',
        GIT_COMMITTER_NAME: 'bench',
        GIT_COMMITTER_EMAIL: 'b@x',
      },
    }).trim();
  mkdirSync(remote);
  mkdirSync(work);
  git(remote, ['init', '-q', '--bare', '-b', 'main']);
  git(work, ['init', '-q', '-b', 'main']);
  git(work, ['remote', 'add', 'origin', `file://${remote}`]);
  const tree = git(work, ['mktree'], '');
  let previous: string | null = null;
  const lines: string[] = [];
  const message = join(base, 'message');
  for (let n = 1; n <= count; n++) {
    const commit = git(work, [
      'commit-tree',
      tree,
      ...(previous ? ['-p', previous] : []),
      '-m',
      `change ${n}`,
    ]);
    const at = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const record: ReleaseRecord = {
      schema: RECORD_SCHEMA,
      release: n,
      tag: `release/${n}`,
      kind: 'promote',
      at,
      actor: 'priya-po',
      source: { ref: 'main', commit },
      stable: { branch: 'stable', commit, tree, previous },
      previous_release: n > 1 ? n - 1 : null,
      model: { id: 'acme-support-llm', version: `2026.${n}` },
      policy: { file: 'policies/release-policy.yaml', sha256: 'f'.repeat(64) },
      gates: { result: 'pass', verdicts: [{ gate: 'evals', result: 'pass' }] },
      run: null,
    };
    writeFileSync(message, formatTagMessage(record));
    git(work, ['tag', '-a', '--cleanup=verbatim', '-F', message, record.tag, commit]);
    lines.push(
      formatLedgerLine({
        schema: LEDGER_SCHEMA,
        seq: n,
        at,
        actor: 'priya-po',
        event: 'promote',
        record,
      }),
    );
    previous = commit;
  }
  const blob = git(work, ['hash-object', '-w', '--stdin'], lines.join(''));
  const ledgerTree = git(work, ['mktree'], `100644 blob ${blob}\t${LEDGER_FILE}\n`);
  const ledger = git(work, ['commit-tree', ledgerTree, '-m', 'ledger']);
  git(work, [
    'push',
    '-q',
    'origin',
    `${previous}:refs/heads/stable`,
    `${ledger}:refs/heads/${LEDGER_BRANCH}`,
    'refs/tags/*:refs/tags/*',
  ]);
  return { work, base };
}

async function releaseState(count: number, runs: number): Promise<Row[]> {
  const { work, base } = releaseHistory(count);
  try {
    const refs = { remote: 'origin', branch: 'stable', tagPrefix: 'release/' };
    let current = 0;
    const ours = await median(runs, async () => {
      // A new port each time: a port fetches once for the life of a run and keeps the snapshot.
      const state = await readReleaseState(new SimpleGitPort(work), refs);
      if (state.problems.length) throw new Error(state.problems[0]!.message);
      current = state.current?.number ?? 0;
    });
    if (current !== count) throw new Error(`read release ${current}, expected ${count}`);
    const git = (args: string[]) => execFileSync('git', args, { cwd: work, encoding: 'utf8' });
    const peer = await median(runs, async () => {
      git(['ls-remote', 'origin', 'refs/heads/stable', `refs/heads/${LEDGER_BRANCH}`]);
      git([
        'fetch',
        '-q',
        '--no-tags',
        'origin',
        `+refs/heads/${LEDGER_BRANCH}:refs/bench/ledger`,
        '+refs/tags/release/*:refs/bench/tags/*',
      ]);
      git(['for-each-ref', '--format=%(contents)', 'refs/bench/tags/']);
      git(['show', `refs/bench/ledger:${LEDGER_FILE}`]);
    });
    return [
      {
        name: `release state of ${count} releases: fetch, replay, check every tag (median)`,
        value: round(ours),
        unit: 'ms',
        target: '< 3000 ms',
        ok: ours < 3000,
      },
      {
        name: 'bare git: ls-remote, fetch, for-each-ref, show of the same refs (median)',
        value: round(peer),
        unit: 'ms',
        peer: true,
      },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: 'pull-request-gates',
  description:
    'Sign-off on a busy pull request through the real Octokit against a loopback GitHub API, and the release state of a long release history; side by side with the bare requests and git commands that only fetch the same data.',
  async run({ quick }) {
    const runs = quick ? 3 : 11;
    return [
      ...(await signoff(quick ? 250 : 1000, quick ? 100 : 500, runs)),
      ...(await releaseState(quick ? 20 : 300, runs)),
    ];
  },
};
