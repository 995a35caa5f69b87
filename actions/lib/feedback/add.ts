/** `feedback add`: one record, from flags or asked field by field in a terminal. */
import { UserError } from '../errors.js';
import type { Ports, RunInfo } from '../ports.js';
import type { Report } from '../verdict/model.js';
import {
  describe,
  feedbackReport,
  fieldItems,
  maskedNote,
  storeItems,
  type FeedbackContext,
} from './context.js';
import { interview } from './prompt.js';
import { checkFeedback, type CheckContext } from './record.js';
import { appendRecords, readStore } from './store.js';

/**
 * Checks the record given by `flags` (asking for each missing field when there is a terminal)
 * and appends it to the store; an invalid record stores nothing.
 */
export async function addFeedback(
  ctx: FeedbackContext,
  flags: Record<string, unknown>,
  ports: Ports,
  run: RunInfo,
): Promise<Report> {
  const check: CheckContext = { now: ctx.now, source: 'cli', pii: ctx.pii };
  let input = { ...flags };
  const missing = ['type', 'description'].filter((f) => !(f in input));
  if (missing.length) {
    if (!ports.prompt)
      throw new UserError({
        message: `${missing.map((f) => `--${f}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required when not run in a terminal`,
        hint: 'e.g. release-gates feedback add --type quality --rating 2 --description "..."',
      });
    input = await interview(ports.prompt, input, check, ctx.store);
  }
  const checked = checkFeedback(input, check);
  if (Array.isArray(checked))
    return feedbackReport('add', ctx, run, {
      items: fieldItems(checked, { key: 'feedback', name: 'the feedback' }),
      summary: 'nothing stored: the feedback is not valid',
    });
  const store = await readStore(ctx.store, ports.files, ctx.inputs);
  if (store.entries.some((e) => e.record.id === checked.record.id))
    throw new UserError({
      message: `a record with id ${checked.record.id} is already in ${ctx.store}`,
      hint: 'run it again: ids are random',
    });
  await appendRecords(ports.files, store, [checked.record]);
  const r = checked.record;
  ports.prompt?.say(`Stored ${r.id}${maskedNote(checked.masked)}.`);
  return feedbackReport('add', ctx, run, {
    items: [
      {
        id: 'stored',
        status: 'pass',
        message: `stored ${r.id} (${describe(r)}) in ${ctx.store}${maskedNote(checked.masked)}`,
        location: { file: ctx.store },
      },
      ...storeItems(store, 'warn'),
    ],
    summary: `stored ${r.id} (${describe(r)})${maskedNote(checked.masked)}`,
    data: { record: r },
  });
}
