/**
 * Ledger events that move no branch: freezing promotions, lifting the freeze, and clearing a
 * release's rejection. Each is one ledger commit pushed with a lease; doing what is already
 * done moves nothing and says so.
 */
import type { Item } from '../verdict/model.js';
import {
  checkReason,
  markOf,
  notPublished,
  readState,
  type OperationResult,
  type ReleaseContext,
} from './operation.js';
import { authorize, unfreezeRule, type RoleRule } from './roles.js';
import type { ReleaseState } from './state.js';
import { identityOf, isoSeconds, ledgerEvents, publish, type NewEvent } from './write.js';

type MarkRequest =
  | { event: 'freeze' | 'unfreeze'; reason: string }
  | { event: 'clear'; release: string; reason: string };

const WHAT = {
  freeze: 'freeze promotions',
  unfreeze: 'lift the freeze',
  clear: 'clear a rejection',
};

/** Who may: freezing is open to whoever may roll back, lifting and clearing to the owners. */
function ruleOf(ctx: ReleaseContext, event: MarkRequest['event']): RoleRule {
  const { policy } = ctx.loaded;
  const owners = unfreezeRule(policy, WHAT[event]);
  if (event !== 'freeze') return owners;
  const rollback = policy.rollback.allowed_roles;
  return rollback.length
    ? {
        roles: [...new Set([...rollback, ...owners.roles])],
        what: WHAT.freeze,
        field: `rollback.allowed_roles and ${owners.field}`,
      }
    : { roles: [], what: WHAT.freeze, field: 'rollback.allowed_roles' };
}

/** The event to write, or an item saying there is nothing to do (or nothing to do it to). */
function eventOf(
  ctx: ReleaseContext,
  state: ReleaseState,
  request: MarkRequest,
): { event: NewEvent; message: string } | { item: Item } {
  const mark = { ...markOf(ctx, isoSeconds(ctx.now)), reason: request.reason };
  const { frozen } = state;
  if (request.event === 'clear') return clearEvent(ctx, state, request, mark);
  if (request.event === 'freeze') {
    return frozen
      ? {
          item: {
            id: 'freeze',
            status: 'pass',
            message: `promotions are already frozen since ${frozen.at} by ${frozen.actor}: ${frozen.reason}; nothing changed`,
          },
        }
      : { event: { ...mark, event: 'freeze' }, message: 'froze promotions' };
  }
  return frozen
    ? {
        event: { ...mark, event: 'unfreeze' },
        message: `lifted the freeze of ${frozen.at} by ${frozen.actor} (${frozen.reason})`,
      }
    : {
        item: {
          id: 'unfreeze',
          status: 'pass',
          message: 'promotions are not frozen; nothing changed',
        },
      };
}

function clearEvent(
  ctx: ReleaseContext,
  state: ReleaseState,
  request: { release: string },
  mark: ReturnType<typeof markOf> & { reason: string },
): { event: NewEvent; message: string } | { item: Item } {
  const prefix = ctx.loaded.policy.promotion.tag_prefix;
  const text = request.release.startsWith(prefix)
    ? request.release.slice(prefix.length)
    : request.release;
  const release = /^[1-9][0-9]{0,8}$/.test(text) ? state.releases[Number(text) - 1] : undefined;
  if (!release) {
    return {
      item: {
        id: 'clear',
        status: 'fail',
        message: `there is no release ${request.release}`,
        hint: `name a release as N or ${prefix}N; release-gates releases lists them`,
      },
    };
  }
  const rejected = release.rejected;
  return rejected
    ? {
        event: { ...mark, event: 'clear', release: release.number },
        message: `cleared the rejection of ${release.record.tag} (by ${rejected.actor} at ${rejected.at}: ${rejected.reason}); it may be promoted again`,
      }
    : {
        item: {
          id: 'clear',
          status: 'pass',
          message: `${release.record.tag} is not rejected; nothing changed`,
        },
      };
}

export async function markRelease(
  ctx: ReleaseContext,
  request: MarkRequest,
): Promise<OperationResult> {
  const items: Item[] = [];
  const result = (summary: string): OperationResult => ({
    outcome: { items, summary },
    verdicts: [],
    commit: null,
  });
  const actor = await authorize(
    ctx.loaded.policy,
    ctx.actor,
    ruleOf(ctx, request.event),
    ctx.ports.github,
  );
  items.push(actor);
  if (actor.status !== 'pass')
    return result(`nothing changed: the actor may not ${WHAT[request.event]}`);
  const { reason, item } = checkReason(request.reason, true);
  if (item) {
    items.push(item);
    return result('nothing changed: the reason cannot be recorded');
  }
  const state = await readState(ctx);
  const next = eventOf(ctx, state, { ...request, reason: reason! });
  if ('item' in next) {
    items.push({ rule: request.event, ...next.item });
    return result(next.item.message);
  }
  if (ctx.dryRun) {
    items.push({
      id: request.event,
      status: 'info',
      message: `dry run: would have ${next.message}; nothing changed`,
      rule: request.event,
    });
    return result(`dry run: would have ${next.message}`);
  }
  const published = await publish(ctx.ports.git, state, {
    events: [next.event],
    identity: identityOf(ctx.actor!, ctx.now),
  });
  if (published.result.status !== 'pushed') {
    items.push(notPublished(published, WHAT[request.event].split(' ')[0]!, state.remote));
    return result('nothing changed: the push was not accepted');
  }
  items.push({
    id: request.event,
    status: 'pass',
    message: `${next.message}: ${ledgerEvents(published.events)}`,
    rule: request.event,
  });
  return result(next.message);
}
