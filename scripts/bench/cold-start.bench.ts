import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, round, sampleWorkspace, timeProcess, type Bench, type Row } from './lib.js';

export const bench: Bench = {
  name: 'cold-start',
  description:
    'Process start to verdict on the sample release: the bundled check action and the CLI, against bare node.',
  async run({ quick }) {
    const ws = sampleWorkspace();
    const runs = quick ? 3 : 15;
    const env = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };
    const actionEnv = {
      ...env,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_EVENT_NAME: 'push',
      RUNNER_TEMP: ws,
      GITHUB_OUTPUT: join(ws, 'out'),
      GITHUB_STEP_SUMMARY: join(ws, 'summary'),
    };
    // The runner creates these files before a step starts; @actions/core requires them.
    writeFileSync(actionEnv.GITHUB_OUTPUT, '');
    writeFileSync(actionEnv.GITHUB_STEP_SUMMARY, '');
    try {
      const node = await timeProcess(process.execPath, ['-e', '0'], {
        cwd: ws,
        runs,
        expectCode: 0,
      });
      const action = await timeProcess(
        process.execPath,
        [join(ROOT, 'actions/check/dist/index.js')],
        {
          cwd: ws,
          env: actionEnv,
          runs,
          expectCode: 0,
        },
      );
      const cli = await timeProcess(
        process.execPath,
        [join(ROOT, 'actions/cli/dist/index.js'), 'check'],
        {
          cwd: ws,
          env,
          runs,
          expectCode: 0,
        },
      );
      const rows: Row[] = [
        {
          name: 'node -e 0 (floor: bare Node.js start)',
          value: round(node.medianMs),
          unit: 'ms',
          peer: true,
        },
        {
          name: 'check action, process start to verdict (median)',
          value: round(action.medianMs),
          unit: 'ms',
          note: `p90 ${round(action.p90Ms)} ms`,
        },
        { name: 'check action peak memory', value: action.peakMb ?? 0, unit: 'MB' },
        {
          name: 'CLI `release-gates check` (median)',
          value: round(cli.medianMs),
          unit: 'ms',
          note: `p90 ${round(cli.p90Ms)} ms`,
        },
        { name: 'CLI peak memory', value: cli.peakMb ?? 0, unit: 'MB' },
      ];
      return rows;
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  },
};
