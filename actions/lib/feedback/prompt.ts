/**
 * `feedback add` in a terminal: one question per field not given as a flag, asked again after
 * a wrong answer, judged by the same checks as every other way in.
 */
import { UserError } from '../errors.js';
import type { PromptPort } from '../ports.js';
import { FEEDBACK_TYPES, MAX_DESCRIPTION, fieldProblem, type CheckContext } from './record.js';

/** Asks until the answer is valid; the end of the input stops with nothing stored. */
async function ask(
  prompt: PromptPort,
  question: string,
  check: (answer: string) => { value: unknown } | { problem: string },
): Promise<unknown> {
  for (;;) {
    const answer = await prompt.ask(question);
    if (answer === null) {
      prompt.say(''); // the cursor is still after the question
      throw new UserError({
        message: 'the input ended before the feedback was complete: nothing was stored',
        hint: 'run it again, or give every field as a flag (release-gates feedback add --help)',
      });
    }
    const result = check(answer.trim());
    if ('value' in result) return result.value;
    prompt.say(`  ${result.problem}`);
  }
}

export async function interview(
  prompt: PromptPort,
  given: Record<string, unknown>,
  ctx: CheckContext,
  store: string,
): Promise<Record<string, unknown>> {
  const field = (name: string, empty: unknown) => (answer: string) => {
    const value = answer === '' ? empty : answer;
    const problem = value === undefined ? 'is required' : fieldProblem(name, value, ctx);
    return problem ? { problem: `${name.replace('_', ' ')} ${problem}` } : { value };
  };
  prompt.say(
    `New feedback, stored in ${store}. Personal data in the description is masked before it is stored. Press Ctrl-D to stop without storing.`,
  );
  const out = { ...given };
  if (!('user_id' in out))
    out.user_id = await ask(
      prompt,
      'Pseudonymous user id (empty for anonymous): ',
      field('user_id', null),
    );
  if (!('type' in out)) {
    const choices = FEEDBACK_TYPES.map((t, i) => `${i + 1} ${t}`).join(', ');
    out.type = await ask(prompt, `Type (${choices}): `, (answer) => {
      const byNumber = FEEDBACK_TYPES[Number(answer) - 1];
      const value = /^[1-6]$/.test(answer) ? byNumber : answer.toLowerCase();
      return (FEEDBACK_TYPES as readonly string[]).includes(value ?? '')
        ? { value }
        : { problem: `type must be one of ${FEEDBACK_TYPES.join(', ')} (or its number)` };
    });
  }
  if (!('rating' in out))
    out.rating = await ask(
      prompt,
      'Rating, 1 (very poor) to 5 (very good) (empty for none): ',
      (answer) =>
        answer === ''
          ? { value: null }
          : /^[1-5]$/.test(answer)
            ? { value: Number(answer) }
            : { problem: 'rating must be a whole number from 1 to 5, or empty' },
    );
  if (!('description' in out))
    out.description = await ask(
      prompt,
      `What happened (one line, at most ${MAX_DESCRIPTION} characters): `,
      field('description', undefined),
    );
  if (!('conversation' in out))
    out.conversation = await ask(
      prompt,
      'Conversation reference, e.g. a request id (empty for none): ',
      field('conversation', null),
    );
  return out;
}
