import { errorItems } from '../gate.js';
import { MONITOR_GATE, monitor } from '../monitor/monitor.js';
import type { LoadedPolicy } from '../policy/load.js';
import { errorVerdict } from '../verdict/decide.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { withPullRequest } from './pull-request.js';
import { POLICY_OPTIONS, list, str, type CommandSpec } from './spec.js';

export const monitorCommand: CommandSpec = {
  name: 'monitor',
  summary:
    'Check an export of production interactions against the SLOs and triggers of the policy; open incident issues and dispatch the rollback the policy asks for.',
  details:
    'The export is JSON Lines, one interaction a line (docs/monitoring.md), streamed whatever its size. Bad lines are counted and reported with their line numbers; too many of them, or no interaction at all, is an error. Breaches open one incident issue per kind (or comment on the open one) and, where monitoring.*.on_breach is rollback, dispatch monitoring.rollback_workflow once; --dry-run reports what would be done. Needs GITHUB_TOKEN (or GH_TOKEN) for issues, the incident count and the dispatch.',
  positional: {
    name: 'logs',
    description: 'Export files or globs (default: monitoring.logs of the policy).',
  },
  options: [
    {
      name: 'logs',
      type: 'list',
      description: 'Export of production interactions, JSON Lines (default: monitoring.logs).',
    },
    {
      name: 'reference',
      type: 'string',
      description: 'Reference window for drift (default: monitoring.drift.reference).',
    },
    {
      name: 'previous',
      type: 'string',
      description: 'Previous period for the quality drop (default: monitoring.quality.previous).',
    },
    {
      name: 'flagged',
      type: 'string',
      description:
        'Write the flagged interactions (slow, error, empty, personal data, harmful) to this file as JSON Lines, personal data masked.',
    },
    {
      name: 'dry-run',
      type: 'boolean',
      default: false,
      description:
        'Report which issues would be opened or commented on and whether the rollback would be dispatched, without doing it.',
    },
    {
      name: 'repo',
      type: 'string',
      cliOnly: true,
      description: 'Repository of the incident issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.',
    },
    ...POLICY_OPTIONS,
  ],
  async run(options, env) {
    const { ports } = env;
    const run = await withPullRequest(options, ports, env.run);
    let loaded: LoadedPolicy;
    try {
      loaded = await loadPolicy(options, ports);
    } catch (e) {
      return makeReport(
        'monitor',
        [errorVerdict('policy', 'Policy', 'enforce', errorItems(e))],
        null,
        run.commit,
      );
    }
    const reference = str(options, 'reference');
    const previous = str(options, 'previous');
    const flagged = str(options, 'flagged');
    try {
      const verdict = await monitor(
        {
          loaded,
          logs: list(options, 'logs'),
          ...(reference ? { reference } : {}),
          ...(previous ? { previous } : {}),
          ...(flagged ? { flagged } : {}),
          dryRun: options['dry-run'] === true,
        },
        ports,
        run,
      );
      return makeReport('monitor', [verdict], loaded.ref, run.commit);
    } catch (e) {
      const mode = loaded.policy.monitoring?.mode ?? loaded.policy.defaults.mode;
      return makeReport(
        'monitor',
        [errorVerdict(MONITOR_GATE, 'Production monitoring', mode, errorItems(e))],
        loaded.ref,
        run.commit,
      );
    }
  },
};
