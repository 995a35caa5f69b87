import { errorItems } from '../gate.js';
import { MONITOR_GATE, monitor } from '../monitor/monitor.js';
import type { LoadedPolicy } from '../policy/load.js';
import { errorVerdict } from '../verdict/decide.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { withPullRequest } from './pull-request.js';
import { POLICY_OPTIONS, defineCommand, flag, list, path, text } from './spec.js';

export const monitorCommand = defineCommand({
  name: 'monitor',
  summary:
    'Check an export of production interactions against the SLOs and triggers of the policy (latency, availability, harmful output, personal data in answers, drift, quality drop, incidents); open incident issues and dispatch the rollback the policy asks for.',
  details:
    'The export is JSON Lines, one interaction a line (docs/monitoring.md), or the format monitoring.source names (OpenTelemetry, Langfuse, mapped; JSON Lines, a JSON array or, for Langfuse, CSV, each maybe gzipped), streamed whatever its size; with monitoring.source.api the window is read from Langfuse’s public API, the keys from LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY. Bad lines are counted and reported with their line numbers; too many of them, or no interaction at all, is an error. Breaches open one incident issue per kind (or comment on the open one) and, where monitoring.*.on_breach is rollback, dispatch monitoring.rollback_workflow once; --dry-run reports what would be done. Needs GITHUB_TOKEN (or GH_TOKEN) for issues, the incident count and the dispatch.',
  positional: {
    name: 'logs',
    description: 'Export files or globs (default: monitoring.logs of the policy).',
  },
  options: {
    logs: list(
      'Export of production interactions, one file or glob per line (docs/monitoring.md). Default: monitoring.logs of the policy, or Langfuse’s API when monitoring.source.api is set.',
      { paths: true },
    ),
    reference: path(
      'Reference window for drift, same format. Default: monitoring.drift.reference.',
    ),
    previous: path(
      'Previous period for the quality drop, same format. Default: monitoring.quality.previous.',
    ),
    flagged: path(
      'Write the flagged interactions (slow, error, empty, personal data, harmful) to this file as JSON Lines, personal data masked; in an action, a file in the workspace to upload as an artifact.',
    ),
    'dry-run': flag(
      'Report which incident issues would be opened or commented on and whether the rollback would be dispatched, without doing it.',
    ),
    repo: text('Repository of the incident issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.', {
      cliOnly: true,
    }),
    policy: POLICY_OPTIONS.policy,
    'policy-ref': text('Read the policy as it is at this git ref instead of the working tree.'),
  },
  examples: [
    {
      what: "Check last week's export; say which issues and rollback it would open, do nothing",
      run: 'release-gates monitor exports/2026-W47.jsonl --dry-run',
    },
    {
      what: 'Check the exports the policy names and act on breaches (needs GITHUB_TOKEN)',
      run: 'release-gates monitor --repo acme/support-chatbot',
    },
    {
      what: 'Write the flagged interactions for a closer look',
      run: 'release-gates monitor exports/today.jsonl --flagged flagged.jsonl --dry-run',
    },
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
    const { reference, previous, flagged } = options;
    try {
      const verdict = await monitor(
        {
          loaded,
          logs: options.logs,
          ...(reference ? { reference } : {}),
          ...(previous ? { previous } : {}),
          ...(flagged ? { flagged } : {}),
          dryRun: options['dry-run'],
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
});
