/**
 * The weekly feedback report: a week (ISO 8601, Monday to Sunday, UTC) by type and by rating,
 * each with the week before for the trend. Safety and privacy feedback warns: each may be an
 * incident and needs triage.
 */
import { UserError } from '../errors.js';
import type { FilePort } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { Item, ItemStatus } from '../verdict/model.js';
import { showValue } from '../verdict/render/format.js';
import type { FeedbackContext } from './context.js';
import { FEEDBACK_TYPES, type FeedbackRecord } from './record.js';
import { readStore, storeItems, type StoredEntry } from './store.js';

const DAY = 86_400_000;

interface Week {
  /** e.g. `2026-W47`. */
  label: string;
  /** Monday 00:00 UTC, ms. */
  start: number;
}

function mondayOf(time: number): number {
  const d = new Date(time);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY;
}

export function weekOf(time: number): Week {
  const start = mondayOf(time);
  const thursday = new Date(start + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY) + 1;
  const week = Math.ceil(dayOfYear / 7);
  return { label: `${year}-W${String(week).padStart(2, '0')}`, start };
}

/** `last` (the last complete week, the default), `current`, or an ISO week such as 2026-W47. */
export function parseWeek(text: string, now: Date): Week {
  if (text === 'last') return weekOf(now.getTime() - 7 * DAY);
  if (text === 'current') return weekOf(now.getTime());
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  const week = m ? Number(m[2]) : 0;
  if (m && week >= 1 && week <= 53) {
    const jan4 = Date.UTC(Number(m[1]), 0, 4);
    const found = weekOf(mondayOf(jan4) + (week - 1) * 7 * DAY);
    if (found.label === text) return found;
  }
  throw new UserError({
    message: '--week must be last, current or an ISO week such as 2026-W47',
    hint: 'e.g. --week 2026-W47 (weeks run Monday to Sunday, UTC)',
  });
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function trend(now: number, before: number): string {
  if (before === 0) return now === 0 ? 'none the week before either' : 'none the week before';
  if (now === before) return `${before} the week before, unchanged`;
  const pct = Math.round(((now - before) / before) * 100);
  return `${before} the week before, ${pct > 0 ? '+' : '−'}${Math.abs(pct)} %`;
}

interface Tally {
  total: number;
  byType: Map<string, number>;
  byRating: Map<string, number>;
  ratingSum: number;
  rated: number;
}

function tally(records: readonly FeedbackRecord[]): Tally {
  const t: Tally = { total: 0, byType: new Map(), byRating: new Map(), ratingSum: 0, rated: 0 };
  for (const r of records) {
    t.total++;
    t.byType.set(r.type, (t.byType.get(r.type) ?? 0) + 1);
    const rating = r.rating === null ? 'none' : String(r.rating);
    t.byRating.set(rating, (t.byRating.get(rating) ?? 0) + 1);
    if (r.rating !== null) {
      t.ratingSum += r.rating;
      t.rated++;
    }
  }
  return t;
}

const mean = (t: Tally) => (t.rated ? Math.round((t.ratingSum / t.rated) * 100) / 100 : null);

export function weeklyReport(
  entries: readonly StoredEntry[],
  week: Week,
  store: string,
): GateOutcome {
  const end = week.start + 7 * DAY;
  const inRange = (from: number, to: number) =>
    entries
      .map((e) => e.record)
      .filter((r) => {
        const t = Date.parse(r.created_at);
        return t >= from && t < to;
      });
  const now = tally(inRange(week.start, end));
  const before = tally(inRange(week.start - 7 * DAY, week.start));
  const location = { file: store };
  const items: Item[] = [
    {
      id: 'week',
      status: 'info',
      observed: now.total,
      baseline: before.total,
      message: `${week.label} (${day(week.start)} to ${day(end - DAY)}): ${now.total} feedback record${now.total === 1 ? '' : 's'}; ${trend(now.total, before.total)}`,
      location,
    },
  ];
  for (const type of FEEDBACK_TYPES) {
    const n = now.byType.get(type) ?? 0;
    const urgent = (type === 'safety' || type === 'privacy') && n > 0;
    items.push({
      id: `type/${type}`,
      status: (urgent ? 'warn' : 'info') as ItemStatus,
      observed: n,
      baseline: before.byType.get(type) ?? 0,
      message: `${type}: ${n}; ${trend(n, before.byType.get(type) ?? 0)}`,
      rule: 'type',
      ...(urgent
        ? {
            hint: `triage each ${type} report this week: it may be an incident (open one, or roll back, as the runbook says)`,
          }
        : {}),
    });
  }
  const m = mean(now);
  const b = mean(before);
  items.push({
    id: 'rating/mean',
    status: 'info',
    observed: m,
    baseline: b,
    message:
      m === null
        ? 'no rating this week'
        : `mean rating ${showValue(m)} over ${now.rated} rated${b === null ? ', none the week before' : `, ${showValue(b)} the week before (${m >= b ? '+' : '−'}${showValue(Math.abs(Math.round((m - b) * 100) / 100))})`}`,
    rule: 'rating',
  });
  for (const rating of ['1', '2', '3', '4', '5', 'none']) {
    const n = now.byRating.get(rating) ?? 0;
    items.push({
      id: `rating/${rating}`,
      status: 'info',
      observed: n,
      baseline: before.byRating.get(rating) ?? 0,
      message: `${rating === 'none' ? 'no rating' : `rating ${rating}`}: ${n}; ${trend(n, before.byRating.get(rating) ?? 0)}`,
      rule: 'rating',
    });
  }
  const counts = (keys: readonly string[], map: Map<string, number>) =>
    Object.fromEntries(keys.map((k) => [k, map.get(k) ?? 0]));
  return {
    items,
    summary: `${week.label}: ${now.total} feedback record${now.total === 1 ? '' : 's'} (${trend(now.total, before.total)})${m === null ? '' : `, mean rating ${showValue(m)}`}`,
    data: {
      week: week.label,
      from: day(week.start),
      to: day(end - DAY),
      total: now.total,
      previous_total: before.total,
      by_type: counts(FEEDBACK_TYPES, now.byType),
      previous_by_type: counts(FEEDBACK_TYPES, before.byType),
      by_rating: counts(['1', '2', '3', '4', '5', 'none'], now.byRating),
      previous_by_rating: counts(['1', '2', '3', '4', '5', 'none'], before.byRating),
      mean_rating: m,
      previous_mean_rating: b,
    },
  };
}

/** The report of `week` on the store, whose unreadable lines are errors: the counts miss them. */
export async function reportWeek(
  files: FilePort,
  ctx: FeedbackContext,
  week: Week,
): Promise<GateOutcome> {
  const store = await readStore(ctx.store, files, ctx.inputs);
  if (!store.exists)
    throw new UserError({
      message: `there is no feedback store at ${ctx.store}`,
      hint: 'collect feedback first (release-gates feedback add, or the issue form), or pass --store',
      location: { file: ctx.store },
    });
  const outcome = weeklyReport(store.entries, week, ctx.store);
  outcome.items.push(...storeItems(store, 'error'));
  return outcome;
}
