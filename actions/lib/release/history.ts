/**
 * The release history, read from the ledger: what was in production at a time T, and every
 * promotion, rollback, freeze and rejection with who, when and why.
 */
import type { GateOutcome } from '../verdict/decide.js';
import type { Item } from '../verdict/model.js';
import { describeRelease, stateItems } from './operation.js';
import type { LedgerEvent } from './records.js';
import { replayLedger, type ReleaseState } from './state.js';
import { shortSha } from '../words.js';

/** One event as a sentence. */
function describeEvent(event: LedgerEvent, prefix: string): string {
  const by = `by ${event.actor} at ${event.at}`;
  switch (event.event) {
    case 'promote': {
      const r = event.record;
      const model = r.model ? `, model ${r.model.version}` : '';
      return `${r.tag}: promoted ${shortSha(r.source.commit)} of ${r.source.ref} to ${r.stable.branch} (${shortSha(r.stable.commit)}${model}) ${by}; gates ${r.gates?.result ?? 'none'}${r.reason ? `: ${r.reason}` : ''}`;
    }
    case 'rollback': {
      const r = event.record;
      return `${r.tag}: rolled ${r.stable.branch} back from ${prefix}${r.previous_release} to ${prefix}${r.rollback_to} (${shortSha(r.stable.commit)}) ${by}: ${r.reason ?? ''}${r.incident ? ` [${r.incident}]` : ''}`;
    }
    case 'repair': {
      const r = event.record;
      return `${r.tag}: repaired ${r.stable.branch}, found at ${shortSha(r.stable.previous ?? '')} outside release-gates, with ${prefix}${r.rollback_to}'s tree (${shortSha(r.stable.commit)}) ${by}: ${r.reason ?? ''}`;
    }
    case 'reject':
      return `${prefix}${event.release} rejected ${by}: ${event.reason}`;
    case 'clear':
      return `rejection of ${prefix}${event.release} cleared ${by}: ${event.reason}`;
    case 'freeze':
      return `promotions frozen ${by}: ${event.reason}`;
    case 'unfreeze':
      return `freeze lifted ${by}: ${event.reason}`;
  }
}

function eventData(e: LedgerEvent): Record<string, unknown> {
  const base = { seq: e.seq, event: e.event, at: e.at, actor: e.actor };
  switch (e.event) {
    case 'promote':
    case 'rollback':
    case 'repair': {
      const r = e.record;
      return {
        ...base,
        release: r.release,
        tag: r.tag,
        commit: r.stable.commit,
        tree: r.stable.tree,
        source: r.source,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.rollback_to ? { rollback_to: r.rollback_to } : {}),
        ...(r.incident ? { incident: r.incident } : {}),
        model: r.model,
        gates: r.gates?.result ?? null,
      };
    }
    case 'reject':
    case 'clear':
      return { ...base, release: e.release, reason: e.reason };
    default:
      return { ...base, reason: e.reason };
  }
}

/**
 * The history as items: the state checks, what ran at `at` (default now), and the last
 * `limit` events up to then (0: all). Structured in `data` for tools.
 */
export function history(
  state: ReleaseState,
  options: { at?: Date; limit: number; prefix: string },
): GateOutcome {
  const { at, limit, prefix } = options;
  const events = at ? state.events.filter((e) => Date.parse(e.at) <= at.getTime()) : state.events;
  const then = replayLedger(events);
  const items: Item[] =
    state.source === 'local' ? [] : stateItems(state).filter((i) => i.status !== 'pass');
  const when = at ? `at ${at.toISOString()}` : 'now';
  const current = then.current;
  items.push({
    id: 'production',
    status: 'info',
    message: current
      ? `${when} production ran ${describeRelease(current)}${current.rejected ? `, rejected since ${current.rejected.at}` : ''}; promotions ${then.frozen ? `frozen since ${then.frozen.at} by ${then.frozen.actor}: ${then.frozen.reason}` : 'not frozen'}`
      : `${when} nothing was in production: no release ${at ? 'before then' : 'is recorded yet'}`,
    observed: current?.record.tag ?? null,
    rule: 'production',
  });
  const shown = limit > 0 ? events.slice(-limit) : events;
  for (const e of [...shown].reverse()) {
    items.push({
      id: `event-${e.seq}`,
      status: 'info',
      message: describeEvent(e, prefix),
      observed: e.event,
      rule: e.event,
    });
  }
  return {
    items,
    summary: `${current ? `${when}: ${current.record.tag}` : `${when}: no release`}; ${events.length} event(s)${shown.length < events.length ? `, the last ${shown.length} listed` : ''}`,
    data: {
      at: at?.toISOString() ?? null,
      release: current
        ? {
            number: current.number,
            tag: current.record.tag,
            commit: current.record.stable.commit,
            tree: current.record.stable.tree,
            rejected: current.rejected !== null,
          }
        : null,
      frozen: then.frozen !== null,
      events: shown.map(eventData),
    },
  };
}
