/**
 * Promotion: a verified commit of the source branch becomes the release branch. Every
 * precondition is checked before anything moves, the gates are re-run on the exact commit
 * (read from git, no checkout), and the plan moves the branch, the release tag and the ledger
 * in one atomic push with leases (`carryOut` in write.ts publishes it). docs/release-model.md.
 */
import { runGates } from '../commands/check.js';
import { errorItems, isEnabled } from '../gate.js';
import type { GitPort } from '../ports.js';
import { PULL_REQUEST_GATES, implementedGates } from '../gates.js';
import type { ReleasePolicy } from '../policy/policy.generated.js';
import type { GateName } from '../policy/semantics.js';
import { modelContent, modelPaths, readShippedModel } from '../shipped-model.js';
import { worst, type Item, type Verdict } from '../verdict/model.js';
import { portsAt } from './at-commit.js';
import { ensureDeployment, type Api } from './followups.js';
import {
  blocked,
  checkReason,
  describeRelease,
  markOf,
  needGitHub,
  readState,
  stateItems,
  type ReleaseContext,
  policyOf,
} from './operation.js';
import { shortSha } from '../words.js';
import { provenanceItem } from './provenance.js';
import { RECORD_SCHEMA, type ReleaseRecord } from './records.js';
import { authorize } from './roles.js';
import type { Release } from './state.js';
import { identityOf, isoSeconds, type Checked } from './write.js';

interface PromoteRequest {
  /** A commit of the source branch; default its head. */
  commit?: string;
  reason?: string;
}

/** The gates a promotion re-runs: `promotion.gates`, or every enabled one but the PR gates. */
function promotionGates(ctx: ReleaseContext): GateName[] {
  const { policy } = ctx.loaded;
  return (
    (policy.promotion.gates as GateName[] | undefined) ??
    implementedGates().filter((n) => isEnabled(policy, n) && !PULL_REQUEST_GATES.includes(n))
  );
}

function gatesItem(verdicts: Verdict[], commit: string): Item {
  const result = worst(verdicts.map((v) => v.result));
  const tally = (['pass', 'warn', 'fail', 'error'] as const)
    .map((r) => [r, verdicts.filter((v) => v.result === r).map((v) => v.gate)] as const)
    .filter(([, gates]) => gates.length)
    .map(([r, gates]) => `${r}: ${gates.join(', ')}`)
    .join('; ');
  return {
    id: 'gates',
    status: result,
    message: `${verdicts.length} gate(s) re-run on ${shortSha(commit)}: ${tally}`,
    observed: result,
    expected: 'pass or warn',
    ...(result === 'fail' || result === 'error'
      ? {
          hint: 'see the gate verdicts below; fix the source branch, merge, and promote the new commit',
        }
      : {}),
    rule: 'gates',
  };
}

/** The model-relevant content of a commit, or null when it has none. */
async function modelContentAt(git: GitPort, commit: string, policy: ReleasePolicy) {
  const content = await modelContent(git.filesAt(commit), policy);
  return content.files ? content.sha256 : null;
}

/**
 * Whether the commit brings back a rejected release: the same tree, the same source commit, or
 * the same model-relevant content whatever else changed. Clearing the rejection is the way out.
 */
async function rejectedItem(
  ctx: ReleaseContext,
  releases: Release[],
  commit: string,
  tree: string,
): Promise<Item> {
  const rejected = releases.filter((r) => r.rejected);
  const { policy } = ctx.loaded;
  const { git } = ctx.ports;
  const mine = rejected.length ? await modelContentAt(git, commit, policy) : null;
  let hit: Release | undefined;
  let how = 'content';
  for (const r of rejected) {
    if (r.record.stable.tree === tree || r.record.source.commit === commit) hit = r;
    else if (mine && mine === (await modelContentAt(git, r.record.stable.commit, policy))) {
      hit = r;
      how = `model-relevant content (${modelPaths(policy).join(', ')})`;
    }
    if (hit) break;
  }
  if (!hit) {
    return {
      id: 'rejected',
      status: 'pass',
      message: `${shortSha(commit)} is not the content of a rejected release`,
      rule: 'rejected',
    };
  }
  const mark = hit.rejected!;
  return {
    id: 'rejected',
    status: 'fail',
    message: `${shortSha(commit)} has the ${how} of ${hit.record.tag}, which ${mark.actor} rejected at ${mark.at}: ${mark.reason}`,
    observed: hit.record.tag,
    hint: `fix the fault and promote a new commit; or a governance lead clears the rejection: release-gates clear-rejection --release ${hit.number} --reason "..."`,
    rule: 'rejected',
  };
}

/**
 * Checks every precondition of promoting a commit of the source branch, re-runs the gates on
 * it, and plans the move: the items, the gate verdicts, and the plan when every check passes.
 */
export async function checkPromotion(
  ctx: ReleaseContext,
  request: PromoteRequest,
): Promise<Checked> {
  const { policy } = ctx.loaded;
  const { git } = ctx.ports;
  const p = policy.promotion;
  const items: Item[] = [];
  let verdicts: Verdict[] = [];
  let judged: string | null = null;
  const stop = (why: string): Checked => ({
    items,
    verdicts,
    commit: judged,
    stopped: `nothing moved: ${why}`,
  });

  const actor = await authorize(
    policy,
    ctx.actor,
    { roles: p.allowed_roles, what: 'promote', field: 'promotion.allowed_roles' },
    ctx.ports.github,
  );
  items.push(actor);
  if (actor.status !== 'pass') return stop('the actor may not promote');

  const { reason, item: badReason } = checkReason(request.reason, false);
  if (badReason) items.push(badReason);

  const requested = request.commit ?? ctx.sourceHead;
  const sha = await git.resolve(requested);
  const commit = sha ? await git.readCommit(sha) : null;
  if (!commit) {
    items.push({
      id: 'commit',
      status: 'fail',
      message: `${requested} is not a commit of this repository`,
      hint: 'give a commit of the source branch (full or abbreviated SHA); a CI checkout needs fetch-depth: 0',
      rule: 'commit',
    });
    return stop('no such commit');
  }
  judged = commit.sha;
  const reachable = await git.isAncestor(commit.sha, ctx.sourceHead);
  items.push({
    id: 'commit',
    status: reachable ? 'pass' : 'fail',
    message: reachable
      ? `${shortSha(commit.sha)} is on ${p.source} (head ${shortSha(ctx.sourceHead)} on ${p.remote})`
      : `${shortSha(commit.sha)} is not on ${p.source}: only commits merged to ${p.source} are promoted`,
    observed: commit.sha,
    ...(reachable ? {} : { hint: `merge it to ${p.source} through a pull request first` }),
    rule: 'commit',
  });

  // The API checks how the commits arrived, and records the deployment.
  const github = needGitHub(
    ctx,
    p.deployment.enabled
      ? `checking how the commits arrived and recording the ${p.deployment.environment} deployment`
      : 'checking how the commits arrived',
  );
  items.push(github.item);
  const viaApi: Api | undefined =
    github.github && github.repo ? { github: github.github, repo: github.repo } : undefined;
  const api = p.deployment.enabled ? viaApi : undefined;
  const deployment = (release: Release) => async () =>
    api ? [await ensureDeployment(ctx, api, release, 'running the promotion again')] : [];

  const state = await readState(ctx);
  items.push(...stateItems(state));
  const current = state.current;
  if (current && current.record.stable.tree === commit.tree && !blocked(items)) {
    items.push({
      id: 'move',
      status: 'pass',
      message: `production already runs this content: ${describeRelease(current)}; nothing moved`,
      observed: current.record.tag,
      rule: 'move',
    });
    const summary = `already released as ${current.record.tag}: nothing moved`;
    return {
      items,
      verdicts,
      commit: judged,
      plan: {
        state,
        data: {
          release: current.number,
          tag: current.record.tag,
          commit: current.record.stable.commit,
          tree: commit.tree,
          source: commit.sha,
        },
        followUps: deployment(current),
        summary: () => summary,
      },
    };
  }
  // The reviewed history is the source branch's own: a commit outside it could hide any part.
  const reviewedSince = p.reviewed_since;
  if (
    reviewedSince &&
    (!(await git.readCommit(reviewedSince)) || !(await git.isAncestor(reviewedSince, commit.sha)))
  ) {
    items.push({
      id: 'reviewed-since',
      status: 'error',
      message: `promotion.reviewed_since ${shortSha(reviewedSince)} is not in the history of ${shortSha(commit.sha)}, so it cannot mark where the reviewed history ends`,
      hint: `name a commit of ${p.source} (git rev-parse ${p.source} at the time the gates were adopted)`,
      rule: 'pull-requests',
    });
  }
  if (viaApi && reachable && !blocked(items)) {
    const promoted = state.releases.filter((r) => r.record.kind === 'promote');
    items.push(
      await provenanceItem({
        ...viaApi,
        policy,
        commits: await git.commitsSince(commit.sha, [
          ...promoted.map((r) => r.record.source.commit),
          // History the adopting team took as reviewed; bounded by the releases once there are.
          ...(reviewedSince ? [reviewedSince] : []),
        ]),
        source: p.source,
        since: promoted.at(-1) ?? null,
      }),
    );
  }
  items.push(await rejectedItem(ctx, state.releases, commit.sha, commit.tree));
  const frozen = state.frozen;
  items.push(
    frozen
      ? {
          id: 'freeze',
          status: 'fail',
          message: `promotions are frozen since ${frozen.at} by ${frozen.actor}: ${frozen.reason}`,
          hint: 'a governance lead lifts the freeze once the cause is understood: release-gates unfreeze --reason "..."',
          rule: 'freeze',
        }
      : { id: 'freeze', status: 'pass', message: 'promotions are not frozen', rule: 'freeze' },
  );

  // The commit as the gates see it: its own files and HEAD, whatever is checked out.
  const atCommit = portsAt(ctx.ports, commit.sha);
  let model: ReleaseRecord['model'] = null;
  if (policy.model) {
    try {
      const { files } = atCommit;
      const shipped = await readShippedModel(policy, { inputs: files, files });
      model = { id: shipped.id, version: shipped.version };
    } catch (e) {
      items.push(...errorItems(e, 'model/'));
    }
  }

  const { pullRequest: _notOne, ...run } = ctx.run;
  verdicts = await runGates(ctx.loaded, promotionGates(ctx), atCommit, {
    ...run,
    commit: commit.sha,
  });
  items.push(gatesItem(verdicts, commit.sha));
  if (blocked(items)) return stop('a precondition failed');

  // How the branch moves: never rewriting history unless the policy asks for `reset`. The
  // merge commit is an object no ref points at until the push: the plan names its SHA.
  const at = ctx.now;
  const number = state.releases.length + 1;
  const tag = `${p.tag_prefix}${number}`;
  const stable = state.stable?.commit ?? null;
  const identity = identityOf(ctx.actor!, at);
  let head = commit.sha;
  let how: string;
  if (!stable) how = `creates ${p.branch} at ${shortSha(commit.sha)}`;
  else if (p.strategy === 'reset')
    how = `resets ${p.branch} to ${shortSha(commit.sha)} (with a lease)`;
  else if (await git.isAncestor(stable, commit.sha))
    how = `fast-forwards ${p.branch} from ${shortSha(stable)} to ${shortSha(commit.sha)}`;
  else {
    head = await git.createCommit({
      tree: commit.tree,
      parents: [stable, commit.sha],
      message: `Promote ${shortSha(commit.sha)} of ${p.source} to ${p.branch} as ${tag}\n\nThe tree of this commit is exactly the tree of ${commit.sha}.\n${p.branch} is not an ancestor of it (after a rollback, ${p.branch} has diverged\nfrom ${p.source}), so it cannot fast-forward.\n`,
      identity,
    });
    how = `adds a promotion commit ${shortSha(head)} on ${p.branch} with exactly the tree of ${shortSha(commit.sha)} (${p.branch} is not an ancestor of it)`;
  }

  const record: ReleaseRecord = {
    schema: RECORD_SCHEMA,
    release: number,
    tag,
    kind: 'promote',
    ...markOf(ctx, isoSeconds(at)),
    ...(reason ? { reason } : {}),
    source: { ref: p.source, commit: commit.sha },
    stable: { branch: p.branch, commit: head, tree: commit.tree, previous: stable },
    previous_release: current?.number ?? null,
    model,
    policy: policyOf(ctx),
    gates: {
      result: worst(verdicts.map((v) => v.result)),
      verdicts: verdicts.map((v) => ({ gate: v.gate, result: v.result, summary: v.summary })),
    },
    run: ctx.run.url ? { url: ctx.run.url } : null,
  };
  return {
    items,
    verdicts,
    commit: judged,
    plan: {
      state,
      move: {
        publication: {
          events: [{ ...markOf(ctx, record.at), event: 'promote', record }],
          move: { head, record },
          identity,
        },
        what: 'promotion',
        preview: {
          message: `dry run: the promotion ${how} and tags ${tag}; nothing moved`,
          summary: `dry run: every precondition holds; ${tag} would be published`,
        },
        published: `published ${tag}: the promotion ${how}`,
      },
      data: { release: number, tag, commit: head, tree: commit.tree, source: commit.sha },
      followUps: deployment({ number, record, verified: true, rejected: null }),
      summary: (done) =>
        done.some((i) => i.status === 'error')
          ? `${tag} is published and ${p.branch} moved, but a follow-up failed: see the error`
          : `promoted ${shortSha(commit.sha)} to ${p.branch} as ${tag}`,
    },
  };
}
