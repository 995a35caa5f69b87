/**
 * `feedback prune`: the store's retention. Records created before a cutoff go, in one atomic
 * rewrite; a cutoff that would empty the store is refused unless asked for, so that a mistyped
 * date does not.
 */
import { UserError } from '../errors.js';
import { parseTimestamp } from '../monitor/interaction.js';
import type { FilePort } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { FeedbackContext } from './context.js';
import type { FeedbackRecord } from './record.js';
import { readStore, rewriteStore } from './store.js';

/** `90d`, `12w`, or a date: the time before which records go. */
export function cutoffOf(text: string, now: Date): number {
  const m = /^(\d+)([dw])$/.exec(text);
  if (m) return now.getTime() - Number(m[1]) * (m[2] === 'w' ? 7 : 1) * 86_400_000;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? parseTimestamp(`${text}T00:00:00Z`)
    : parseTimestamp(text);
  if (time === null)
    throw new UserError({
      message: '--older-than must be a number of days or weeks (90d, 12w) or a date (2026-01-01)',
      hint: 'e.g. --older-than 365d; without it, feedback.retention_days of the policy applies',
    });
  return time;
}

/**
 * Removes the records older than `olderThan` (an age or a date; absent: the policy's
 * retention); `all` allows a cutoff that removes every record.
 */
export async function pruneFeedback(
  files: FilePort,
  ctx: FeedbackContext,
  { olderThan: given, all }: { olderThan: string | undefined; all: boolean },
): Promise<GateOutcome> {
  const cutoff = cutoffOf(given ?? `${ctx.config.retention_days}d`, ctx.now);
  const since = new Date(cutoff).toISOString().slice(0, 10);
  // `given` parsed as an age or a date, so it can be repeated.
  const cutoffText = given
    ? `--older-than ${given} (before ${since})`
    : `retention (before ${since})`;
  const refuse = (why: string) =>
    new UserError({
      message: `${cutoffText} ${why}: nothing was removed`,
      hint: 'give an age (365d) or a past date; pass --all to remove every record on purpose',
      location: { file: ctx.store },
    });
  if (!all && cutoff >= ctx.now.getTime())
    throw refuse("is not in the past, so it would remove every record, today's included");
  const store = await readStore(ctx.store, files, ctx.inputs);
  const keep = (r: FeedbackRecord) => Date.parse(r.created_at) >= cutoff;
  const total = store.entries.length;
  if (!all && total > 0 && !store.entries.some((e) => keep(e.record)))
    throw refuse(`would remove all ${total} record${total === 1 ? '' : 's'} of the store`);
  const { removed, kept } = await rewriteStore(files, store, keep);
  const why = given ? '' : ` (retention ${ctx.config.retention_days} days)`;
  const what = `${removed ? `removed ${removed} record${removed === 1 ? '' : 's'}` : 'nothing to remove'} created before ${since}${why}`;
  return {
    items: [
      {
        id: 'pruned',
        status: 'pass',
        observed: removed,
        message: `${what} from ${ctx.store}; ${kept} kept`,
        location: { file: ctx.store },
      },
    ],
    summary: `${what}; ${kept} kept`,
    data: { removed, kept, before: since },
  };
}
