import { UserError } from '../../errors.js';
import { eraseFeedback } from '../../feedback/erase.js';
import { normalUserId } from '../../feedback/record.js';
import { withPullRequest } from '../pull-request.js';
import { defineCommand, text } from '../spec.js';
import { STORE_OPTIONS, context, report } from './context.js';

export const feedbackEraseCommand = defineCommand({
  name: 'feedback erase',
  summary:
    'Erase every record of a user (an erasure request): from the store, and from the feedback issues it was imported from.',
  details:
    "The feedback issues (feedback.issue_label) that hold the user's feedback are redacted first: title and body replaced by an erasure note, closed, so that no import brings them back; this needs GITHUB_TOKEN (issues: write) when any record came from an issue. Then the store is rewritten atomically; a store with unreadable lines is refused, so that nothing is erased in part. The store is in git: erasing from the file does not erase it from history; docs/feedback.md says how.",
  options: {
    'user-id': text(
      'The pseudonymous user id whose records are erased, as the store has it in user_id (e.g. u-7f3a91).',
    ),
    repo: text('Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.', {
      cliOnly: true,
    }),
    ...STORE_OPTIONS,
  },
  examples: [
    {
      what: "Erase a user's records from the store and the feedback issues (needs GITHUB_TOKEN)",
      run: 'release-gates feedback erase --user-id u-7f3a91 --repo acme/support-chatbot',
    },
    {
      what: 'The same for a store elsewhere',
      run: 'release-gates feedback erase --user-id u-7f3a91 --store data/feedback.jsonl',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    const user = normalUserId(options['user-id'] ?? '');
    if (!user)
      throw new UserError({
        message:
          '--user-id is required: the pseudonymous id of the person whose records are erased, as the store has it in user_id',
        hint: 'e.g. release-gates feedback erase --user-id u-7f3a91; anonymous records (user_id null) name no one and are not erased by user',
      });
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    return report('erase', ctx, run, await eraseFeedback(ports, ctx, user, run.repository));
  },
});
