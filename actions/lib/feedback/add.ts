/**
 * `feedback add`: one piece of feedback, the fields not given asked for in a terminal, checked
 * like every other way in, and appended to the store under a new id.
 */
import { UserError } from '../errors.js';
import type { Ports } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { FeedbackContext } from './context.js';
import { describeRecord, fieldItems, maskedNote } from './items.js';
import { interview } from './prompt.js';
import { checkFeedback, type CheckContext } from './record.js';
import { appendRecords, readStore, storeItems } from './store.js';

/** Stores the feedback of `given` (its fields by record name), unless it is not valid. */
export async function addFeedback(
  ports: Pick<Ports, 'files' | 'prompt'>,
  ctx: FeedbackContext,
  given: Record<string, unknown>,
): Promise<GateOutcome> {
  const check: CheckContext = { now: ctx.now, source: 'cli', pii: ctx.pii };
  let input = given;
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
    return {
      items: fieldItems(checked, { key: 'feedback', name: 'the feedback' }),
      summary: 'nothing stored: the feedback is not valid',
    };
  const store = await readStore(ctx.store, ports.files, ctx.inputs);
  if (store.entries.some((e) => e.record.id === checked.record.id))
    throw new UserError({
      message: `a record with id ${checked.record.id} is already in ${ctx.store}`,
      hint: 'run it again: ids are random',
    });
  await appendRecords(ports.files, store, [checked.record]);
  const r = checked.record;
  ports.prompt?.say(`Stored ${r.id}${maskedNote(checked.masked)}.`);
  return {
    items: [
      {
        id: 'stored',
        status: 'pass',
        message: `stored ${r.id} (${describeRecord(r)}) in ${ctx.store}${maskedNote(checked.masked)}`,
        location: { file: ctx.store },
      },
      ...storeItems(store, 'warn'),
    ],
    summary: `stored ${r.id} (${describeRecord(r)})${maskedNote(checked.masked)}`,
    data: { record: r },
  };
}
