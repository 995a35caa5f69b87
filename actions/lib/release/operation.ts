/**
 * What promotion, rollback, freezes and the history share: the context they run in, the
 * release state they judge, and how they describe releases and publication results.
 */
import { problemItem } from '../gate.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { Ports, Repo, RunInfo } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { Item, Verdict } from '../verdict/model.js';
import type { ReleaseRecord } from './records.js';
import type { Published } from './write.js';
import { branchProblem, readReleaseState, type Release, type ReleaseState } from './state.js';
import { shortSha } from '../words.js';

export interface ReleaseContext {
  loaded: LoadedPolicy;
  ports: Ports;
  run: RunInfo;
  /** Who acts: checked against the policy's roles before anything moves. */
  actor: string | undefined;
  /** Nothing proved who the actor is (`--local-unverified`): the records say so. */
  unverifiedActor?: boolean;
  /** The head of the source branch (`promotion.source`) on the remote. */
  sourceHead: string;
  /** Check everything, move nothing. */
  dryRun: boolean;
  now: Date;
}

/** What a release operation did: its items and summary, for the report's first verdict. */
export interface OperationResult {
  outcome: GateOutcome;
  /** The gates a promotion re-ran on the commit, each its own verdict in the report. */
  verdicts: Verdict[];
  /** The commit judged. */
  commit: string | null;
}

export const UNVERIFIED_ACTOR = 'unverified local actor';

/** Who and when, as every record and ledger event keeps them. */
export function markOf(ctx: ReleaseContext, at: string) {
  return {
    at,
    actor: ctx.actor!,
    ...(ctx.unverifiedActor ? { identity: UNVERIFIED_ACTOR } : {}),
  } as { at: string; actor: string; identity?: typeof UNVERIFIED_ACTOR };
}

/** The policy a record was made under: its file, sha256 and the ref it was read at. */
export function policyOf(ctx: ReleaseContext): ReleaseRecord['policy'] {
  const { file, sha256, ref } = ctx.loaded.ref;
  return { file, sha256, ...(ref ? { ref } : {}) };
}

/** The release state on the remote the policy names. */
export function readState(ctx: ReleaseContext): Promise<ReleaseState> {
  const { remote, branch, tag_prefix: tagPrefix } = ctx.loaded.policy.promotion;
  return readReleaseState(ctx.ports.git, { remote, branch, tagPrefix });
}

/**
 * Items for what must hold before the release branch moves: the records agree and the
 * branch is where the last release left it. A repository without the remote cannot publish.
 */
export function stateItems(state: ReleaseState): Item[] {
  if (state.source === 'local') {
    return [
      {
        id: 'remote',
        status: 'fail',
        message: `this repository has no remote ${state.remote}: releases are published there`,
        hint: `add the remote (git remote add ${state.remote} URL), or set promotion.remote`,
        rule: 'records',
      },
    ];
  }
  const items = state.problems.map((p, i) => problemItem(`records-${i + 1}`, p, 'records'));
  const moved = branchProblem(state);
  items.push(
    moved
      ? problemItem('branch', moved, 'records')
      : {
          id: 'branch',
          status: 'pass',
          message: state.current
            ? `${state.branch} on ${state.remote} is where ${state.current.record.tag} left it (${shortSha(state.stable!.commit)}), and the records agree`
            : `no release yet: ${state.branch} does not exist on ${state.remote} and nothing is recorded`,
          rule: 'records',
        },
  );
  return items;
}

/** "release/3 (promotion of 9f2a77c4e1b0 by priya-po at …, model 2026.11.0)". */
export function describeRelease(r: Release): string {
  const { record } = r;
  const what =
    record.kind === 'promote'
      ? `promotion of ${shortSha(record.source.commit)}`
      : record.kind === 'repair'
        ? `repair restoring release ${record.rollback_to}`
        : `rollback to release ${record.rollback_to}`;
  const model = record.model ? `, model ${record.model.version}` : '';
  return `${record.tag} (${what} by ${record.actor} at ${record.at}${model})`;
}

/** The release whose content another release carries: a rollback carries its target's. */
export function contentOrigin(state: { releases: Release[] }, release: Release): Release {
  let r = release;
  while (r.record.kind !== 'promote' && r.record.rollback_to)
    r = state.releases[r.record.rollback_to - 1]!;
  return r;
}

/** The item for a publication that did not happen: a lost race (fail) or a refusal (error). */
export function notPublished(published: Published, what: string, remote: string): Item {
  const { result } = published;
  if (result.status === 'pushed')
    throw new Error('notPublished called for a push that went through');
  return result.status === 'stale'
    ? {
        id: 'publish',
        status: 'fail',
        message: `someone else changed the releases on ${remote} while this ${what} ran, so nothing moved (${result.detail})`,
        hint: `run the ${what} again: it re-reads the releases and checks every precondition anew`,
        rule: 'publish',
      }
    : {
        id: 'publish',
        status: 'error',
        message: `${remote} refused the push, so nothing moved: ${result.detail}`,
        hint: 'the job needs `contents: write`, and the rulesets protecting the release branch, the release tags and the ledger branch must let this workflow (or its GitHub App) through',
        rule: 'publish',
      };
}

/** The repository for API calls, or an item saying how to give it (checked before moving). */
export function needGitHub(
  ctx: ReleaseContext,
  why: string,
): { item: Item; repo?: Repo; github?: NonNullable<Ports['github']> } {
  const { github } = ctx.ports;
  const repo = ctx.run.repository;
  if (github && repo) {
    return {
      item: {
        id: 'github',
        status: 'pass',
        message: `the GitHub API of ${repo.owner}/${repo.repo} is available to ${why}`,
        rule: 'github',
      },
      repo,
      github,
    };
  }
  return {
    item: {
      id: 'github',
      status: 'fail',
      message: `${why} needs the GitHub API, but ${github ? 'the repository is unknown' : 'no token was given'}: refusing before anything moves`,
      hint: github
        ? 'set GITHUB_REPOSITORY, or pass --repo OWNER/NAME'
        : 'in the action keep the `token` input (default: github.token); on the command line set GITHUB_TOKEN or GH_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token))',
      rule: 'github',
    },
  };
}

const MAX_REASON = 2000;

/**
 * The reason an actor gives, as the records keep it (trimmed, 1 to 2000 characters), or a
 * failed item saying why it cannot be kept. `required: false` accepts no reason at all.
 */
export function checkReason(
  text: string | undefined,
  required: boolean,
): { reason: string | undefined; item?: Item } {
  const reason = text?.trim() || undefined;
  const problem =
    reason === undefined
      ? required
        ? 'is empty: the record says why'
        : ''
      : reason.length > MAX_REASON
        ? `is longer than ${MAX_REASON} characters`
        : '';
  if (!problem) return { reason };
  return {
    reason,
    item: {
      id: 'reason',
      status: 'fail',
      message: `the reason ${problem}`,
      hint: 'e.g. --reason "harmful refund answers since release/12, see INC-2041"',
      rule: 'reason',
    },
  };
}

export function blocked(items: readonly Item[]): boolean {
  return items.some((i) => i.status === 'fail' || i.status === 'error');
}
