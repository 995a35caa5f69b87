/**
 * What every feedback command shares: the store and the policy settings it works with, the
 * report it returns, and the items for the store's and a record's problems.
 */
import type { InputRecorder } from '../gate.js';
import type { PiiCheck } from '../pii/redact.js';
import type { PiiType } from '../pii/types.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { Feedback } from '../policy/policy.generated.js';
import type { RunInfo } from '../ports.js';
import { decide, type GateOutcome } from '../verdict/decide.js';
import type { Item, Location, Report } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { PII_WORDS, type FeedbackRecord, type FieldProblem } from './record.js';
import type { Store } from './store.js';

/** The store a feedback command works on, and the policy settings that apply to it. */
export interface FeedbackContext {
  loaded: LoadedPolicy | undefined;
  config: Feedback;
  store: string;
  pii: PiiCheck;
  inputs: InputRecorder;
  now: Date;
}

export function feedbackReport(
  command: string,
  ctx: FeedbackContext,
  run: RunInfo,
  outcome: GateOutcome,
): Report {
  const verdict = decide(outcome, {
    gate: 'feedback',
    title: `Feedback ${command}`,
    mode: 'enforce',
    inputs: ctx.inputs.list(),
  });
  return makeReport(`feedback ${command}`, [verdict], ctx.loaded?.ref ?? null, run.commit);
}

/** The store's unreadable lines: a warning when appending, an error when reading it all. */
export function storeItems(store: Store, status: 'warn' | 'error'): Item[] {
  return store.problems.map((p, i) => ({
    id: `store/${i + 1}`,
    status,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.location ? { location: p.location } : {}),
    rule: 'store',
  }));
}

export function maskedNote(types: readonly PiiType[]): string {
  return types.length
    ? `; the description held ${types.map((t) => PII_WORDS[t]).join(' and ')}, stored masked`
    : '';
}

export function kindOf(r: FeedbackRecord): string {
  return `${r.type}${r.rating !== null ? `, rating ${r.rating}` : ''}`;
}

export function describe(r: FeedbackRecord): string {
  return `${kindOf(r)}${r.user_id ? `, user ${r.user_id}` : ', anonymous'}`;
}

/** One item per problem, named by the record (`record 3 (line 4)`, `issue #12`) and the field. */
export function fieldItems(
  problems: readonly FieldProblem[],
  record: { key: string; name: string; locate?: (field: string) => Location | undefined },
  status: 'error' | 'warn' = 'error',
): Item[] {
  return problems.map((p) => {
    const at = record.locate?.(p.field);
    return {
      id: `${record.key}/${p.field}`,
      status,
      message: `${record.name}: ${p.field} ${p.message}`,
      rule: 'field',
      ...(at ? { location: at } : {}),
    };
  });
}
