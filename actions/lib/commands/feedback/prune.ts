import { pruneFeedback } from '../../feedback/prune.js';
import { defineCommand, flag, text } from '../spec.js';
import { STORE_OPTIONS, context, report } from './context.js';

export const feedbackPruneCommand = defineCommand({
  name: 'feedback prune',
  summary:
    'Remove records older than the retention period (feedback.retention_days), rewriting the store atomically.',
  details:
    'Refuses a cutoff that is now or in the future (0d, a future date) and one that would remove every record, unless --all: a mistyped date must not empty the store.',
  options: {
    'older-than': text(
      'Age (90d, 12w) or date (2026-01-01) before which records are removed. Default: feedback.retention_days of the policy.',
    ),
    all: flag('Allow the cutoff to remove every record (the store is left empty).'),
    ...STORE_OPTIONS,
  },
  examples: [
    { what: 'Remove what is older than the retention period', run: 'release-gates feedback prune' },
    {
      what: 'Remove records older than 90 days',
      run: 'release-gates feedback prune --older-than 90d',
    },
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const outcome = await pruneFeedback(ports.files, ctx, {
      olderThan: options['older-than'],
      all: options.all,
    });
    return report('prune', ctx, run, outcome);
  },
});
