import type { WaiverSet } from '../policy/waivers.js';
import {
  countItems,
  type Input,
  type Item,
  type Mode,
  type Result,
  type Score,
  type Verdict,
} from './model.js';
import { plural } from '../words.js';

/** What a gate computes; decide() turns it into a Verdict the same way for every gate. */
export interface GateOutcome {
  items: Item[];
  /** Overrides the generated one-line summary. */
  summary?: string;
  /** Appended to the summary, e.g. "1 drop within statistical noise warns instead of failing". */
  note?: string;
  /** Keptn bands in percent: the result follows the weighted score instead of the worst item. */
  scoring?: { pass: number; warn: number };
  data?: Record<string, unknown>;
}

interface DecideContext {
  gate: string;
  title: string;
  mode: Mode;
  waivers?: WaiverSet;
  inputs?: Input[];
}

/** Waived items count as passed; waivers never cover errors, which mean "could not decide". */
function applyWaivers(gate: string, items: Item[], waivers: WaiverSet | undefined) {
  const applied = new Set<string>();
  const out = items.map((item) => {
    if (item.status !== 'fail' && item.status !== 'warn') return item;
    const w = waivers?.active.find((w) => w.gate === gate && w.matches(item.id));
    if (!w) return item;
    applied.add(w.id);
    return {
      ...item,
      status: 'waived' as const,
      originalStatus: item.status,
      waiver: { id: w.id, owner: w.owner, reason: w.reason, ticket: w.ticket, expires: w.expires },
      message: `${item.message} (waived by ${w.id} until ${w.expires}: ${w.reason})`,
    };
  });
  const rejected = (waivers?.rejected ?? [])
    .filter((r) => r.gate === gate)
    .map(({ gate: _gate, ...r }) => r);
  return { items: out, waivers: { applied: [...applied].sort(), rejected } };
}

function scoreOf(items: Item[], bands: { pass: number; warn: number }): Score | null {
  let total = 0;
  let got = 0;
  for (const item of items) {
    if (item.weight === undefined || item.status === 'info' || item.status === 'error') continue;
    total += item.weight;
    if (item.status === 'pass' || item.status === 'waived') got += item.weight;
    else if (item.status === 'warn') got += item.weight / 2;
  }
  if (total === 0) return null;
  return { value: Math.round((got / total) * 10000) / 100, pass: bands.pass, warn: bands.warn };
}

/**
 * The one decision rule. Nothing judged or any error: error. A failed key item: fail.
 * With scoring: the score band. Otherwise the worst item. Report mode downgrades fail to warn.
 */
export function decide(outcome: GateOutcome, ctx: DecideContext): Verdict {
  const { items, waivers } = applyWaivers(ctx.gate, outcome.items, ctx.waivers);
  const counts = countItems(items);
  let result: Result;
  let score: Score | undefined;
  let why: string;
  if (items.length === 0) {
    result = 'error';
    why = 'the gate judged nothing: no objectives or inputs were evaluated';
  } else if (counts.error > 0) {
    result = 'error';
    why = `${plural(counts.error, 'item')} could not be evaluated`;
  } else if (items.some((i) => i.key && i.status === 'fail')) {
    result = 'fail';
    why = `key objective failed: ${items
      .filter((i) => i.key && i.status === 'fail')
      .map((i) => i.id)
      .join(', ')}`;
  } else if (outcome.scoring) {
    const s = scoreOf(items, outcome.scoring);
    if (!s) {
      result = 'error';
      why = 'no scored objectives were evaluated';
    } else {
      score = s;
      result = s.value >= s.pass ? 'pass' : s.value >= s.warn ? 'warn' : 'fail';
      why = `score ${s.value}% (pass ≥ ${s.pass}%, warn ≥ ${s.warn}%)`;
    }
  } else {
    result = counts.fail > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'pass';
    why = '';
  }

  const tally = (['pass', 'warn', 'fail', 'error', 'waived', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  let summary = outcome.summary ?? `${plural(items.length, 'check')}: ${tally}`;
  if (why && (result !== 'pass' || score)) summary += ` — ${why}`;
  if (outcome.note) summary += `; ${outcome.note}`;

  let finalItems = items;
  if (ctx.mode === 'report' && result === 'fail') {
    result = 'warn';
    summary = `report mode, not enforced: would fail. ${summary}`;
    finalItems = items.map((i) =>
      i.status === 'fail' ? { ...i, status: 'warn', originalStatus: 'fail' } : i,
    );
  }

  const verdict: Verdict = {
    gate: ctx.gate,
    title: ctx.title,
    result,
    mode: ctx.mode,
    summary,
    ...(score ? { score } : {}),
    counts: countItems(finalItems),
    items: finalItems,
    waivers,
    inputs: ctx.inputs ?? [],
    ...(outcome.data ? { data: outcome.data } : {}),
  };
  return verdict;
}

/** A verdict for a gate that could not run at all (bad input, API failure). */
export function errorVerdict(
  gate: string,
  title: string,
  mode: Mode,
  items: Item[],
  inputs: Input[] = [],
): Verdict {
  return decide({ items }, { gate, title, mode, inputs });
}
