import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTraffic } from '../../test/support/traffic.js';
import { hasJq, ROOT, round, timeProcess, type Bench, type Row } from './lib.js';

const CLI = join(ROOT, 'actions/cli/dist/index.js');

/** Node streaming the export and calling JSON.parse on each line, nothing else: the floor. */
export const FLOOR = `import { createReadStream } from 'node:fs';
let carry = '';
let errors = 0;
for await (const chunk of createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = carry + chunk;
  let start = 0;
  for (let end = text.indexOf('\\n'); end !== -1; end = text.indexOf('\\n', start)) {
    if (JSON.parse(text.slice(start, end)).error) errors++;
    start = end + 1;
  }
  carry = text.slice(start);
}
`;

/** The jq a user would write for one of the SLOs (the error rate), streaming, not slurping. */
const JQ_ERROR_RATE = [
  '-n',
  'reduce inputs as $i ({n: 0, e: 0}; .n += 1 | .e += (if $i.error then 1 else 0 end)) | .e / .n',
];

/** The sample policy's monitoring section: six SLOs, three drift features, the quality drop. */
const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: bench, owner: lead }
roles: { lead: { users: [lead] } }
gates:
  pii:
    paths: [golden/*.jsonl]
    allowlist:
      patterns: ['(?:returns|billing|privacy)@support\\.acme-corp\\.com']
monitoring:
  logs: exports/window.jsonl
  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 2000', warn: '< 2500' }
    - { id: latency-p99, metric: latency_p99, pass: '< 5000' }
    - { id: availability, metric: availability, pass: '>= 99.5%' }
    - { id: harmful-output, metric: harmful_rate, pass: '<= 0.5%' }
    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0' }
    - { id: traffic, metric: interactions, pass: '>= 500' }
  drift:
    reference: exports/reference.jsonl
    features:
      - { field: query_length, buckets: [20, 30, 40, 60] }
      - { field: language }
      - { field: intent }
  quality:
    previous: exports/previous.jsonl
    pass: '>= -10%'
`;

export const bench: Bench = {
  name: 'monitor',
  description:
    '`release-gates monitor`, process start to verdict, on an export of 1,000,000 interactions of the sample chatbot (every response scanned for personal data) with a 100,000-interaction reference and previous period, against the floor (JSON.parse of every line) and the jq a user would write for one SLO.',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'rg-bench-monitor-'));
    const count = quick ? 20_000 : 1_000_000;
    const side = quick ? 5_000 : 100_000;
    const runs = quick ? 1 : 3;
    mkdirSync(join(dir, 'exports'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies/release-policy.yaml'), POLICY);
    writeFileSync(join(dir, 'floor.mjs'), FLOOR);
    const window = join(dir, 'exports/window.jsonl');
    writeTraffic(window, { start: '2026-11-20T00:00:00Z', hours: 24, count, seed: 1 });
    writeTraffic(join(dir, 'exports/reference.jsonl'), {
      start: '2026-11-06T00:00:00Z',
      hours: 168,
      count: side,
      seed: 2,
    });
    writeTraffic(join(dir, 'exports/previous.jsonl'), {
      start: '2026-11-19T00:00:00Z',
      hours: 24,
      count: side,
      seed: 3,
    });
    const mb = round(statSync(window).size / 1024 / 1024);
    try {
      const env = { RELEASE_GATES_NOW: '2026-11-21T06:00:00Z', GITHUB_TOKEN: '', GH_TOKEN: '' };
      const monitor = await timeProcess(process.execPath, [CLI, 'monitor', '--format', 'json'], {
        cwd: dir,
        env,
        runs,
        expectCode: 0,
      });
      const floor = await timeProcess(process.execPath, ['floor.mjs', window], {
        cwd: dir,
        runs,
        expectCode: 0,
      });
      const rows: Row[] = [
        {
          name: `monitor, ${count.toLocaleString('en')} interactions (${mb} MB), 6 SLOs, 3 drift features, quality drop (median)`,
          value: round(monitor.medianMs / 1000, 2),
          unit: 's',
          target: '< 10 s',
          ok: monitor.medianMs < 10_000,
          note: `${round(count / (monitor.medianMs / 1000) / 1000)}k interactions/s`,
        },
        {
          name: 'monitor, peak memory',
          value: monitor.peakMb ?? 0,
          unit: 'MB',
          target: '< 300 MB',
          ok: (monitor.peakMb ?? 0) < 300,
        },
        {
          name: '(floor) node: stream the export, JSON.parse every line, nothing else',
          value: round(floor.medianMs / 1000, 2),
          unit: 's',
          peer: true,
        },
      ];
      if (hasJq()) {
        const jq = await timeProcess('jq', [...JQ_ERROR_RATE, window], {
          cwd: dir,
          runs,
          expectCode: 0,
        });
        rows.push({
          name: "jq -n 'reduce inputs as $i (…) | .e / .n' (the error rate alone)",
          value: round(jq.medianMs / 1000, 2),
          unit: 's',
          peer: true,
        });
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
