/** How a piece of feedback and its problems read in a report's items and summaries. */
import type { PiiType } from '../pii/types.js';
import type { Item, Location } from '../verdict/model.js';
import { PII_WORDS, type FeedbackRecord, type FieldProblem } from './record.js';

export function maskedNote(types: readonly PiiType[]): string {
  return types.length
    ? `; the description held ${types.map((t) => PII_WORDS[t]).join(' and ')}, stored masked`
    : '';
}

export function kindOf(r: FeedbackRecord): string {
  return `${r.type}${r.rating !== null ? `, rating ${r.rating}` : ''}`;
}

export function describeRecord(r: FeedbackRecord): string {
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
