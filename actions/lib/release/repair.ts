/**
 * The supported way back for a release branch moved outside release-gates: a new commit on top
 * of where the branch was found, with exactly the last recorded release's tree, recorded as a
 * release of kind `repair`. It fast-forwards, so rulesets that block force pushes let it
 * through; nothing is rewritten, and the hand-made commits stay in the history for the review.
 */
import { problemItem } from '../gate.js';
import type { Item } from '../verdict/model.js';
import {
  blocked,
  checkReason,
  describeRelease,
  markOf,
  readState,
  type ReleaseContext,
  policyOf,
} from './operation.js';
import { shortSha } from '../words.js';
import { RECORD_SCHEMA, type ReleaseRecord } from './records.js';
import { authorize } from './roles.js';
import { branchProblem } from './state.js';
import { identityOf, isoSeconds, type Checked } from './write.js';

/** Checks that there is a hand-moved release branch to repair, and plans the repair. */
export async function checkRepair(
  ctx: ReleaseContext,
  request: { reason: string },
): Promise<Checked> {
  const { policy } = ctx.loaded;
  const p = policy.promotion;
  const items: Item[] = [];
  const stop = (summary: string): Checked => ({
    items,
    verdicts: [],
    commit: null,
    stopped: summary,
  });
  // Whoever may roll back may repair: on-call must never be left without a path.
  items.push(
    await authorize(
      policy,
      ctx.actor,
      {
        roles: policy.rollback.allowed_roles,
        what: 'repair the release branch',
        field: 'rollback.allowed_roles',
      },
      ctx.ports.github,
    ),
  );
  const checked = checkReason(request.reason, true);
  if (checked.item) items.push(checked.item);
  if (blocked(items)) return stop('nothing moved: a precondition failed');
  const reason = checked.reason!;

  const state = await readState(ctx);
  items.push(...state.problems.map((pr, i) => problemItem(`records-${i + 1}`, pr, 'records')));
  const { current, stable } = state;
  if (state.source === 'local' || !current || !stable) {
    const moved = branchProblem(state);
    items.push(
      moved && current
        ? problemItem('branch', moved, 'records')
        : {
            id: 'branch',
            status: 'fail',
            message: current
              ? `there is no ${p.branch} on ${p.remote} to repair`
              : `nothing to repair: no release is recorded on ${p.remote}`,
            rule: 'records',
          },
    );
    return stop('nothing moved: nothing to repair');
  }
  if (stable.commit === current.record.stable.commit) {
    items.push({
      id: 'branch',
      status: 'pass',
      message: `${p.branch} is where ${current.record.tag} left it (${shortSha(stable.commit)}): nothing to repair`,
      rule: 'records',
    });
    return stop('nothing to repair: nothing moved');
  }
  if (blocked(items)) return stop('nothing moved: the records disagree');
  items.push({
    id: 'branch',
    status: 'pass',
    message: `${p.branch} was moved outside release-gates to ${shortSha(stable.commit)}; the last recorded release is ${describeRelease(current)}`,
    observed: stable.commit,
    rule: 'records',
  });

  const at = ctx.now;
  const number = state.releases.length + 1;
  const tag = `${p.tag_prefix}${number}`;
  const identity = identityOf(ctx.actor!, at);
  const head = await ctx.ports.git.createCommit({
    tree: current.record.stable.tree,
    parents: [stable.commit],
    message: `Repair ${p.branch}: restore ${current.record.tag} as ${tag}\n\n${p.branch} was moved outside release-gates to ${stable.commit}.\nThe tree of this commit is exactly the tree of ${current.record.tag}: ${reason}\n`,
    identity,
  });
  const record: ReleaseRecord = {
    schema: RECORD_SCHEMA,
    release: number,
    tag,
    kind: 'repair',
    ...markOf(ctx, isoSeconds(at)),
    reason,
    source: { ref: current.record.tag, commit: current.record.stable.commit },
    stable: {
      branch: p.branch,
      commit: head,
      tree: current.record.stable.tree,
      previous: stable.commit,
    },
    previous_release: current.number,
    rollback_to: current.number,
    model: current.record.model,
    policy: policyOf(ctx),
    gates: null,
    run: ctx.run.url ? { url: ctx.run.url } : null,
  };
  const how = `adds ${shortSha(head)} on top of ${shortSha(stable.commit)} with exactly ${current.record.tag}'s tree (a fast-forward, no force push)`;
  return {
    items,
    verdicts: [],
    commit: null,
    plan: {
      state,
      move: {
        publication: {
          events: [{ ...markOf(ctx, record.at), event: 'repair', record }],
          move: { head, record },
          identity,
        },
        what: 'repair',
        preview: {
          message: `dry run: the repair ${how} and tags ${tag}; nothing moved`,
          summary: `dry run: ${tag} would restore ${current.record.tag}`,
        },
        published: `published ${tag}: the repair ${how}`,
      },
      data: { release: number, tag, commit: head, restored: current.record.tag },
      summary: () => `repaired ${p.branch}: ${tag} restores ${current.record.tag}`,
    },
  };
}
