import { problemItem, type Gate } from '../gate.js';
import type { Item } from '../verdict/model.js';
import type { Release } from '../release/state.js';
import { branchProblem, readReleaseState, rollbackTarget } from '../release/state.js';
import { shortSha } from '../words.js';

function describe(r: Release): string {
  const { record } = r;
  const what =
    record.kind === 'promote'
      ? `promotion of ${shortSha(record.source.commit)}`
      : `${record.kind} to release ${record.rollback_to}`;
  const model = record.model ? `, model ${record.model.version}` : '';
  return `${record.tag} (${what} by ${record.actor} at ${record.at}${model})`;
}

/** Whether production runs a verified release that nobody rejected. */
export function currentReleaseItem(current: Release): Item {
  const rejected = current.rejected;
  return {
    id: 'current-release',
    status: current.verified && !rejected ? 'pass' : 'fail',
    message: rejected
      ? `production runs ${describe(current)}, which ${rejected.actor} rejected at ${rejected.at}: ${rejected.reason}`
      : current.verified
        ? `production runs ${describe(current)}, verified: gates ${current.record.gates?.result ?? `of release ${current.record.rollback_to}`}`
        : `production runs ${describe(current)}, which is not verified: its gates gave ${current.record.gates?.result ?? 'no verdict'}`,
    observed: current.record.tag,
    ...(current.verified && !rejected
      ? {}
      : { hint: 'roll back to a verified release, or promote a verified commit' }),
    rule: 'current-release',
  };
}

/**
 * Production can be rolled back: the release branch is where the last recorded, verified
 * release left it, the records agree, the release judged has a verified release to return to,
 * and promotions are not frozen. The rollback target is judged for the commit under test:
 * a new commit would roll back to the current release, the current release to the one before.
 */
export const rollbackReadinessGate: Gate<'rollback-readiness'> = {
  name: 'rollback-readiness',
  title: 'Rollback readiness',
  async run({ config, policy, ports, inputs, run }) {
    const { remote, branch, tag_prefix: tagPrefix } = policy.promotion;
    const state = await readReleaseState(ports.git, { remote, branch, tagPrefix }, (ref, path) =>
      inputs.readAt(ref, path),
    );
    const where =
      state.source === 'remote' ? remote : `this repository (it has no remote ${remote})`;
    const items: Item[] = state.problems.map((p, i) =>
      problemItem(`records-${i + 1}`, p, 'records'),
    );

    const { current, stable, frozen } = state;
    if (!current && !stable) {
      items.push({
        id: 'first-release',
        status: 'info',
        message: `no release yet: ${branch} does not exist on ${where} and no release is recorded, so there is nothing to roll back; the first promotion creates ${branch} and ${tagPrefix}1`,
        rule: 'first-release',
      });
    } else {
      const moved = branchProblem(state);
      items.push(
        moved
          ? problemItem('branch', moved, 'branch')
          : {
              id: 'branch',
              status: 'pass',
              message: `${branch} on ${where} is at ${shortSha(stable!.commit)}, where ${current!.record.tag} left it`,
              observed: stable!.commit,
              rule: 'branch',
            },
      );
    }

    if (current) {
      items.push(currentReleaseItem(current));
      const { target, candidateIsCurrent } = rollbackTarget(state, run.commit);
      const judged = candidateIsCurrent
        ? `production (${current.record.tag})`
        : `the commit judged (${run.commit ? shortSha(run.commit) : 'unknown'}), once released,`;
      items.push(
        target
          ? {
              id: 'rollback-target',
              status: 'pass',
              message: `${judged} can roll back to ${describe(target)}`,
              observed: target.record.tag,
              rule: 'rollback-target',
            }
          : {
              id: 'rollback-target',
              status: config.require_previous_release ? 'fail' : 'info',
              message: `${judged} has no earlier verified, unrejected release with other content to roll back to`,
              observed: null,
              hint: 'promote another verified release; until then a rollback has no target',
              rule: 'rollback-target',
            },
      );
    }

    const unfreeze = policy.rollback.unfreeze_roles.length
      ? policy.rollback.unfreeze_roles
      : [policy.metadata.owner];
    items.push(
      frozen
        ? {
            id: 'freeze',
            status: config.freeze,
            message: `promotions are frozen since ${frozen.at} by ${frozen.actor}: ${frozen.reason}`,
            hint: `a holder of ${unfreeze.join(' or ')} lifts the freeze once the cause is understood`,
            rule: 'freeze',
          }
        : { id: 'freeze', status: 'pass', message: 'promotions are not frozen', rule: 'freeze' },
    );

    const target = rollbackTarget(state, run.commit).target;
    const problems = items.filter((i) => i.status === 'fail').length;
    return {
      items,
      summary: [
        current
          ? `production runs ${current.record.tag}, rollback target ${target?.record.tag ?? 'none'}`
          : 'no release yet: nothing to roll back',
        frozen ? 'promotions frozen' : 'not frozen',
        problems ? `${problems} problem${problems === 1 ? '' : 's'}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      data: {
        stable: stable?.commit ?? null,
        'current-release': current?.record.tag ?? null,
        'rollback-target': target?.record.tag ?? null,
        frozen: frozen !== null,
      },
    };
  },
};
