/**
 * How the change arrived: every commit a promotion brings since the last release reached the
 * source branch through a merged pull request whose required roles signed off on its final
 * head. A commit pushed straight to the source branch cannot reach production.
 */
import { errorItems } from '../gate.js';
import type { ReleasePolicy } from '../policy/load.js';
import type { GitHubPort, PullRequest, Repo } from '../ports.js';
import { readSignoffs } from '../signoff/signoffs.js';
import type { Item } from '../verdict/model.js';
import type { Release } from './state.js';
import { shortSha } from '../words.js';

/** More commits than this in one promotion are not checked one by one: promote in steps. */
const MAX_PROMOTED_COMMITS = 300;

/**
 * Why a merged pull request does not vouch for its commits, or null when its required roles
 * (gates.signoff) signed off on its final head. Only this calls into the signoff evaluation.
 */
async function signoffProblem(
  github: GitHubPort,
  repo: Repo,
  pr: PullRequest,
  policy: ReleasePolicy,
): Promise<string | null> {
  const config = policy.gates.signoff;
  const { result } = await readSignoffs(github, repo, pr.number, policy, {
    required: config?.required ?? [],
    dismissStale: true,
    bots: config?.bots ?? [],
    distinct: config?.distinct_approvers ?? true,
  });
  const missing = result.roles.filter((r) => r.missing > 0).map((r) => r.role);
  const blocked = result.blockers.map((b) => b.login);
  if (!missing.length && !blocked.length) return null;
  return [
    missing.length
      ? `${missing.join(', ')} did not sign off on its head ${shortSha(pr.head.sha)}`
      : '',
    blocked.length ? `changes requested by ${blocked.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

interface ProvenanceInput {
  github: GitHubPort;
  repo: Repo;
  policy: ReleasePolicy;
  /** The commits the promotion brings: reachable from the candidate, not from any release. */
  commits: string[];
  /** Where they must have been merged. */
  source: string;
  since: Release | null;
}

/** One item: pass when every commit came through a signed-off pull request, else names them. */
export async function provenanceItem(input: ProvenanceInput): Promise<Item> {
  const { github, repo, policy, commits, source } = input;
  const base = { id: 'pull-requests', rule: 'pull-requests' };
  const since = input.since ? `since ${input.since.record.tag}` : 'in its history (first release)';
  if (commits.length > MAX_PROMOTED_COMMITS) {
    return {
      ...base,
      status: 'error',
      message: `${commits.length} commits ${since} are more than the ${MAX_PROMOTED_COMMITS} a promotion checks one by one`,
      observed: commits.length,
      hint: 'promote an earlier commit of the source branch first (--commit SHA), then the rest',
    };
  }
  const verdicts = new Map<number, Promise<string | null>>();
  const bad: string[] = [];
  const vouching = new Set<number>();
  try {
    for (const sha of commits) {
      const pulls = (await github.pullRequestsOfCommit(repo, sha)).filter(
        (p) => p.merged && p.base.ref === source,
      );
      let why = pulls.length ? '' : `no pull request merged into ${source}`;
      for (const pr of pulls) {
        if (!verdicts.has(pr.number))
          verdicts.set(pr.number, signoffProblem(github, repo, pr, policy));
        const problem = await verdicts.get(pr.number)!;
        if (problem === null) {
          vouching.add(pr.number);
          why = '';
          break;
        }
        why = `#${pr.number}: ${problem}`;
      }
      if (why) bad.push(`${shortSha(sha)} (${why})`);
    }
  } catch (e) {
    return { ...errorItems(e)[0]!, ...base };
  }
  const prs = [...vouching].sort((a, b) => a - b).map((n) => `#${n}`);
  if (bad.length === 0) {
    return {
      ...base,
      status: 'pass',
      message: `the ${commits.length} commit(s) ${since} reached ${source} through pull requests signed off on their final head${prs.length ? ` (${prs.join(', ')})` : ''}`,
      observed: commits.length,
    };
  }
  return {
    ...base,
    status: 'fail',
    message: `${bad.length} of ${commits.length} commit(s) ${since} did not reach ${source} through a pull request signed off on its final head: ${bad.join(', ')}`,
    observed: bad.length,

    hint: `bring the change through a pull request into ${source} that the required roles (gates.signoff.required) approve on its head, then promote the merge`,
  };
}
