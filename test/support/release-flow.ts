/**
 * Promotion and rollback as the on-call engineer runs them: the CLI (in-process) on a real
 * repository with a bare remote, against the loopback GitHub API, at a pinned time.
 */
import { expect } from 'vitest';
import type { Item, Report, Verdict } from '../../actions/lib/verdict/model.js';
import { parseTagMessage, type ReleaseRecord } from '../../actions/lib/release/records.js';
import { branchProblem } from '../../actions/lib/release/state.js';
import { cli } from './cli.js';
import { copyRepo, createRepo, type TestRepo } from './git.js';
import type { FakeGitHub } from './github-server.js';
import { readState } from './releases.js';

/** A small policy: the policy gate only, so that each promotion takes a fraction of a second. */
export const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: chatbot, owner: governance-lead }
roles:
  product-owner: { users: [priya-po] }
  governance-lead: { users: [gabriel-gov] }
  risk-manager: { users: [rosa-risk] }
  on-call: { users: [oscar-oncall], teams: [acme/sre] }
model: { config: chatbot/model.yaml }
gates:
  policy: {}
promotion:
  allowed_roles: [product-owner, governance-lead]
  gates: [policy]
  deployment: { enabled: true }
rollback:
  allowed_roles: [on-call, governance-lead]
  unfreeze_roles: [governance-lead]
  revert_pr: true
  incident: { notify_role: risk-manager, rca_due_hours: 24 }
`;

export const MODEL = (version: string) =>
  `id: acme-support-llm\nversion: "${version}"\nprovider: local\n`;

let repos = 0;

export interface ReleaseRepo extends TestRepo {
  /** Its name on the loopback GitHub API, which sees the bare remote's branches. */
  name: string;
  /** Commits files on main and pushes. */
  change(files: Record<string, string | null>, message: string): string;
}

/**
 * Records on the loopback API that `sha` reached main through a merged pull request, approved
 * on it by the sample's product owner and governance lead: how a promoted commit must arrive.
 */
export function viaPullRequest(gh: FakeGitHub, name: string, sha: string): number {
  return gh.mergedPull(name, { sha, author: 'mei-ml', approvers: ['priya-po', 'gabriel-gov'] });
}

/** Records every commit of HEAD as arrived through a reviewed pull request. */
export function reviewedHistory(gh: FakeGitHub, name: string, repo: TestRepo): void {
  for (const sha of repo.git('rev-list', 'HEAD').split('\n').filter(Boolean))
    viaPullRequest(gh, name, sha);
}

/**
 * A repository under its own name on the loopback API, which sees its bare remote; the
 * commits of its HEAD arrived through pull requests, and so does each `change`.
 */
function known(gh: FakeGitHub, repo: TestRepo): ReleaseRepo {
  const name = `acme/chatbot-${++repos}`;
  gh.repo(name).gitDir = repo.remote;
  reviewedHistory(gh, name, repo);
  return {
    ...repo,
    name,
    change(files, message) {
      const sha = repo.commit(files, message);
      repo.git('push', '-q', 'origin', 'HEAD:main');
      viaPullRequest(gh, name, sha);
      return sha;
    },
  };
}

/** A repository with the policy and a model on main, known to the loopback API. */
export function releaseRepo(gh: FakeGitHub, policy = POLICY): ReleaseRepo {
  return known(
    gh,
    createRepo({
      files: { 'policies/release-policy.yaml': policy, 'chatbot/model.yaml': MODEL('1.0.0') },
    }),
  );
}

/** An independent copy of a fixture (its clone and its remote), under a name of its own. */
export function copyReleaseRepo(gh: FakeGitHub, fixture: TestRepo): ReleaseRepo {
  return known(gh, copyRepo(fixture));
}

/** The record in a release tag, as the remote has it. */
export function tagRecord(repo: TestRepo, tag: string): ReleaseRecord {
  repo.git('fetch', '-q', 'origin', `+refs/tags/${tag}:refs/tags/${tag}`);
  return parseTagMessage(repo.git('tag', '-l', '--format=%(contents)', tag) + '\n', tag);
}

export interface ReleaseRun {
  code: number;
  report: Report;
  verdict: Verdict;
  stderr: string;
  item(id: string): Item;
  ids(): Record<string, string>;
}

let minutes = 0;
/** A time that moves on by a minute on every call, from 2026-11-21T10:00:00Z. */
export function tick(): string {
  return new Date(Date.parse('2026-11-21T10:00:00Z') + 60_000 * minutes++)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A token of the loopback API that belongs to `login`: on the command line it proves who acts. */
export function userToken(gh: FakeGitHub, login: string): string {
  const token = `user-token-${login}`;
  gh.tokens.set(token, { login });
  return token;
}

/**
 * `release-gates <command> ... --format json` as `actor` (default priya-po), with that actor's
 * own token for the loopback API unless `token` says otherwise (null: none).
 */
export async function release(
  gh: FakeGitHub,
  repo: ReleaseRepo,
  args: string[],
  options: { actor?: string; now?: string; token?: string | null; env?: NodeJS.ProcessEnv } = {},
): Promise<ReleaseRun> {
  const login = options.actor ?? 'priya-po';
  const token =
    options.token === undefined ? (login ? userToken(gh, login) : 'repo-token') : options.token;
  const actor = args[0] === 'releases' || !login ? [] : ['--actor', login];
  const run = await cli([...args, '--format', 'json', ...actor], {
    cwd: repo.dir,
    env: {
      RELEASE_GATES_NOW: options.now ?? tick(),
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: repo.name,
      GITHUB_TOKEN: token ?? '',
      GH_TOKEN: '',
      ...options.env,
    },
  });
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${run.code}): ${run.stderr}${run.stdout}`);
  }
  const verdict = report.verdicts[0]!;
  return {
    code: run.code,
    report,
    verdict,
    stderr: run.stderr,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found)
        throw new Error(`no item ${id}; items: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
    ids: () => Object.fromEntries(verdict.items.map((i) => [i.id, i.status])),
  };
}

/** The refs that make up the releases on the remote: what must not change when nothing moves. */
export function releaseRefs(repo: TestRepo): string {
  return repo.git(
    'ls-remote',
    'origin',
    'refs/heads/stable',
    'refs/heads/release-gates/ledger',
    'refs/tags/*',
  );
}

/** The remote's releases replay, every tag agrees with the ledger, stable is where it was left. */
export async function expectConsistent(repo: TestRepo) {
  const state = await readState(repo.dir);
  expect(state.problems.map((p) => p.message)).toEqual([]);
  expect(branchProblem(state)).toBeNull();
  return state;
}
