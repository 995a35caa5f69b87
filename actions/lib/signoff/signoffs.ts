import { UserError } from '../errors.js';
import type { ReleasePolicy } from '../policy/load.js';
import type { GitHubPort, PullRequest, Repo, RunInfo } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { Item, Location } from '../verdict/model.js';
import {
  countSignoffs,
  type RoleHolders,
  type RoleSignoff,
  type SignoffResult,
  type SignoffRules,
} from './approvals.js';
import { shortSha } from '../words.js';

/** The GitHub API and repository a pull-request gate needs, or a UserError saying what to set. */
export function requireGitHub(
  gate: string,
  github: GitHubPort | undefined,
  run: RunInfo,
): { github: GitHubPort; repo: Repo } {
  if (!github) {
    throw new UserError({
      message: `the ${gate} gate reads the pull request's reviews from the GitHub API, but no token was given`,
      hint: 'in the action keep the `token` input (default: github.token) and give the job `pull-requests: read`; on the command line set GITHUB_TOKEN or GH_TOKEN',
    });
  }
  if (!run.repository) {
    throw new UserError({
      message: `the ${gate} gate does not know the repository of pull request #${run.pullRequest?.number}`,
      hint: 'set GITHUB_REPOSITORY, or pass --repo OWNER/NAME',
    });
  }
  return { github, repo: run.repository };
}

/** The outcome of a gate that judges pull requests, run outside one: `info`, so it passes. */
export function notAPullRequest(gate: string, what: string): GateOutcome {
  return {
    items: [
      {
        id: 'not-applicable',
        status: 'info',
        message: `not a pull request: ${what}, so there is nothing to judge here`,
        hint: `the ${gate} gate runs on pull_request and pull_request_review events, or with --pr NUMBER`,
        rule: 'not-applicable',
      },
    ],
    summary: 'not applicable: not a pull request',
  };
}

/**
 * Who holds each role: its users, and the members of its teams read through the API (once
 * per team). Unreadable team membership throws: a sign-off never passes on a guess.
 */
export async function resolveHolders(
  github: GitHubPort,
  policy: ReleasePolicy,
  roles: readonly string[],
): Promise<Map<string, RoleHolders>> {
  const teams = new Map<string, Promise<string[]>>();
  const membersOf = (team: string) => {
    if (!teams.has(team)) {
      const [org, slug] = team.split('/') as [string, string];
      teams.set(team, github.teamMembers(org, slug));
    }
    return teams.get(team)!;
  };
  const out = new Map<string, RoleHolders>();
  for (const role of new Set(roles)) {
    const def = policy.roles[role];
    const members = new Map<string, string>();
    for (const team of def?.teams ?? [])
      for (const login of await membersOf(team)) members.set(login.toLowerCase(), `team ${team}`);
    for (const user of def?.users ?? []) members.set(user.toLowerCase(), 'user');
    out.set(role, {
      members,
      listed: [...(def?.users ?? []), ...(def?.teams ?? []).map((t) => `@${t}`)],
    });
  }
  return out;
}

/**
 * Reads the pull request as it is now, its commits, its reviews and the role holders, and
 * counts (`countSignoffs`). `isSignedOff(result)` says whether it is signed off on its head.
 */
export async function readSignoffs(
  github: GitHubPort,
  repo: Repo,
  number: number,
  policy: ReleasePolicy,
  rules: SignoffRules,
): Promise<{ pr: PullRequest; result: SignoffResult }> {
  const [pr, commits, reviews, holders] = await Promise.all([
    github.pullRequest(repo, number),
    github.pullRequestCommits(repo, number),
    github.reviews(repo, number),
    resolveHolders(
      github,
      policy,
      rules.required.map((r) => r.role),
    ),
  ]);
  // A fork's pushes happen in the fork: this repository's activity does not list them.
  const fromFork =
    pr.headRepo !== undefined &&
    pr.headRepo.toLowerCase() !== `${repo.owner}/${repo.repo}`.toLowerCase();
  const pushes = fromFork ? [] : await github.branchPushes(repo, pr.head.ref);
  const result = countSignoffs(rules, {
    head: pr.head.sha,
    author: pr.author.login,
    commits,
    pushes,
    reviews,
    holders,
  });
  return { pr, result };
}

const short = (sha: string | null) => (sha ? shortSha(sha) : 'unknown');

function approvedBy(r: RoleSignoff): string {
  const list = r.counted.map((a) => `${a.login} on ${short(a.commit)}`).join(', ');
  const others = r.others.map((a) => `${a.login} (${a.why})`).join(', ');
  return `${list}${others ? `; also ${others}` : ''}`;
}

/** One item per required role: who approved on which commit, or who is still missing. */
export function roleItems(
  result: SignoffResult,
  options: { idPrefix: string; location: (index: number) => Location; what: string },
): Item[] {
  return result.roles.map((r, i) => {
    const ok = r.missing === 0;
    const have = `${r.counted.length} of ${r.min} approval${r.min === 1 ? '' : 's'}`;
    const missing = r.candidates.length
      ? `still needed from ${r.candidates.join(', ')}`
      : 'nobody else holds this role';
    return {
      id: `${options.idPrefix}${r.role}`,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${r.role} ${options.what}: approved by ${approvedBy(r)}`
        : `${r.role} ${options.what}: ${have}${r.counted.length || r.others.length ? ` (approved by ${approvedBy(r)})` : ''}; ${missing}`,
      observed: r.counted.length,
      expected: `>= ${r.min}`,
      ...(ok
        ? {}
        : {
            hint: r.candidates.length
              ? `ask ${r.candidates.join(' or ')} to review and approve the pull request's head commit`
              : `add another holder to roles.${r.role}: nobody who wrote the change may approve it`,
          }),
      location: options.location(i),
      rule: 'signoff',
    };
  });
}

/**
 * Blocking "changes requested" reviews, commits of unknown writers and disregarded approvals,
 * as items.
 */
export function reviewItems(result: SignoffResult): Item[] {
  return [
    // The email is never shown: it is personal data, and the sha finds the commit.
    ...result.unattributed.map((u): Item => ({
      id: `unattributed/${shortSha(u.sha)}/${u.who}`,
      status: 'fail',
      message: `commit ${short(u.sha)}: its ${u.who} has no GitHub account, so no approval can be shown to come from someone who did not write it`,
      hint:
        u.who === 'pusher'
          ? 'the account that pushed it no longer exists: push the commits again from an existing account (amend the head commit and push)'
          : `make the ${u.who} email one of a GitHub account's emails (Settings › Emails), or rewrite the commit with an email of your account (\`git rebase --exec 'git commit --amend --no-edit --reset-author' BASE\`) and push`,
      rule: 'unattributed-commit',
    })),
    ...result.blockers.map((b): Item => ({
      id: `changes-requested/${b.login}`,
      status: 'fail',
      message: `${b.login} (${b.roles.join(', ')}) requested changes on ${short(b.commit)}: blocks sign-off until they approve`,
      hint: `address the review, then ask ${b.login} to approve`,
      rule: 'changes-requested',
    })),
    ...result.disregarded.map((d): Item => ({
      id: `disregarded/${d.login}`,
      status: 'info',
      message: `approval by ${d.login} on ${short(d.commit)} does not count: ${d.why}`,
      rule: 'disregarded',
    })),
  ];
}
