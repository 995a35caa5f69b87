import { addFeedback } from '../../feedback/add.js';
import { FEEDBACK_TYPES, MAX_DESCRIPTION } from '../../feedback/record.js';
import { choice, defineCommand, text, type OptionValues } from '../spec.js';
import { STORE_OPTIONS, context, report } from './context.js';

const ADD_OPTIONS = {
  'user-id': text('Pseudonymous id of the user (e.g. u-7f3a91); absent: anonymous.'),
  type: choice(FEEDBACK_TYPES, 'Kind of feedback.'),
  rating: text('Rating of the answer, 1 (very poor) to 5 (very good).'),
  description: text(`What happened, at most ${MAX_DESCRIPTION} characters.`),
  conversation: text('Request or conversation id the feedback is about.'),
  ...STORE_OPTIONS,
};

type AddValues = OptionValues<typeof ADD_OPTIONS>;

/** The fields given as flags, by their name in the record; a numeric rating as a number. */
function flagsOf(options: AddValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, field] of [
    ['user-id', 'user_id'],
    ['type', 'type'],
    ['description', 'description'],
    ['conversation', 'conversation'],
  ] as const) {
    const v = options[flag];
    if (v !== undefined) out[field] = v;
  }
  const rating = options.rating;
  if (rating !== undefined) out.rating = /^-?\d+(\.\d+)?$/.test(rating) ? Number(rating) : rating;
  return out;
}

export const feedbackAddCommand = defineCommand({
  name: 'feedback add',
  summary:
    'Add one piece of feedback: asks for each field in a terminal, or takes them all as flags.',
  details:
    'Without --type and --description, and in an interactive terminal, asks for every field not given. The user id must be pseudonymous (an email, a phone number or other personal data is refused); personal data in the description is masked before it is stored. The record is appended to the store, which is never rewritten.',
  options: ADD_OPTIONS,
  examples: [
    { what: 'Asks for each field in a terminal', run: 'release-gates feedback add' },
    {
      what: 'All fields as flags, e.g. from a support tool',
      run: "release-gates feedback add --type quality --rating 2 --description 'Gave the old refund window' --conversation req-81f2",
    },
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    return report('add', ctx, run, await addFeedback(ports, ctx, flagsOf(options)));
  },
});
