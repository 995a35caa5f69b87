import { parseWeek, reportWeek } from '../../feedback/report.js';
import { defineCommand, text } from '../spec.js';
import { STORE_OPTIONS, context, report } from './context.js';

export const feedbackReportCommand = defineCommand({
  name: 'feedback report',
  summary:
    'The weekly feedback report: counts by type and by rating, each with the trend against the week before.',
  details:
    'Weeks are ISO 8601 weeks, Monday to Sunday, UTC. Safety and privacy feedback warns: each may be an incident. --format markdown gives the job summary of the weekly workflow.',
  options: {
    week: text('last (the last complete week), current, or an ISO week such as 2026-W47.', {
      default: 'last',
    }),
    ...STORE_OPTIONS,
  },
  examples: [
    { what: 'The report of the last complete week', run: 'release-gates feedback report' },
    {
      what: 'A given week, as the job summary of the weekly workflow writes it',
      run: 'release-gates feedback report --week 2026-W47 --format markdown',
    },
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const week = parseWeek(options.week, ctx.now);
    return report('report', ctx, run, await reportWeek(ports.files, ctx, week));
  },
});
