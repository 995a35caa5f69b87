/**
 * `release-gates monitor` with its SLOs in Prometheus: a day of a chatbot's latency histogram
 * and request counters (4 pods, 11 buckets, a scrape every 15 s) backfilled into a real server,
 * once for 1 million and once for 100 million requests in the window. The samples are the same
 * in number whatever the traffic, so the cost must be too. Floor: a bare node process sending
 * the same queries the monitor builds to the same server.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFor, queriesOf } from '../../actions/lib/monitor/prometheus.js';
import type { Report } from '../../actions/lib/verdict/model.js';
import {
  backfill,
  findPrometheus,
  PrometheusServer,
  writeOpenMetrics,
  type Family,
} from '../../test/support/prometheus.js';
import { ROOT, round, timeProcess, type Bench, type Row } from './lib.js';

const CLI = join(ROOT, 'actions/cli/dist/index.js');
const END = Date.parse('2026-11-20T18:00:00Z') / 1000;
const SCRAPE = 15;
const PODS = 4;
const BOUNDS = ['0.1', '0.25', '0.5', '1', '1.5', '2', '3', '4', '6', '10', '+Inf'];
// Share of requests in each bucket (not cumulative): 90 % by 2 s, 96 % by 3 s.
const SHARES = [0.05, 0.15, 0.2, 0.25, 0.15, 0.1, 0.06, 0.02, 0.01, 0.01, 0];
const ERROR_SHARE = 0.004;
// histogram_quantile interpolates linearly in the bucket holding the rank: 2 + (0.95-0.90)/0.06 s.
const EXPECTED_P95_MS = (2 + (0.95 - 0.9) / 0.06) * 1000;

// The SLOs by id: their metric, and their entry under monitoring.prometheus.slos.
const SLOS = {
  'latency-p95': ['latency_p95', { histogram: 'chat_request_duration_seconds' }],
  errors: [
    'error_rate',
    { errors: 'chat_requests_total{code="500"}', total: 'chat_requests_total' },
  ],
  traffic: ['interactions', { total: 'chat_requests_total' }],
} as const;

function policy(window: string): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: bench, owner: lead }
roles: { lead: { users: [lead] } }
gates: {}
monitoring:
  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 3000', on_breach: none }
    - { id: errors, metric: error_rate, pass: '<= 1%', on_breach: none }
    - { id: traffic, metric: interactions, pass: '>= 1000', on_breach: none }
  prometheus:
    window: ${window}
    slos:
${Object.entries(SLOS)
  .map(
    ([id, [, spec]]) =>
      `      ${id}: { ${Object.entries(spec)
        .map(([k, v]) => `${k}: '${v}'`)
        .join(', ')} }`,
  )
  .join('\n')}
`;
}

/** `requests` spread evenly over `hours` of scrapes before END, on PODS pods. */
function families(requests: number, hours: number): Family[] {
  const scrapes = (hours * 3600) / SCRAPE;
  const perScrape = requests / scrapes / PODS;
  const start = END - hours * 3600;
  const series = (perStep: number) => {
    const points: [number, number][] = [];
    for (let i = 0; i <= scrapes; i++) points.push([start + i * SCRAPE, i * perStep]);
    return points;
  };
  const pods = Array.from({ length: PODS }, (_, p) => `chatbot-${p}`);
  let cumulative = 0;
  const cumulativeShares = SHARES.map((s) => (cumulative += s));
  cumulativeShares[cumulativeShares.length - 1] = 1;
  return [
    {
      name: 'chat_request_duration_seconds',
      type: 'histogram',
      series: pods.flatMap((pod) => [
        ...BOUNDS.map((le, b) => ({
          name: 'chat_request_duration_seconds_bucket',
          labels: { pod, le },
          points: series(perScrape * cumulativeShares[b]!),
        })),
        { name: 'chat_request_duration_seconds_count', labels: { pod }, points: series(perScrape) },
        {
          name: 'chat_request_duration_seconds_sum',
          labels: { pod },
          points: series(perScrape * 1.1),
        },
      ]),
    },
    {
      name: 'chat_requests',
      type: 'counter',
      series: pods.flatMap((pod) =>
        (['200', '500'] as const).map((code) => ({
          name: 'chat_requests_total',
          labels: { pod, code },
          points: series(perScrape * (code === '500' ? ERROR_SHARE : 1 - ERROR_SHARE)),
        })),
      ),
    },
  ];
}

/** The floor: the monitor's own queries, sent in parallel by bare node, answers parsed. */
function floorScript(url: string, time: string, queries: string[]): string {
  return `const queries = ${JSON.stringify(queries)};
const answers = await Promise.all(queries.map(async (query) => {
  const u = new URL(${JSON.stringify(`${url}/api/v1/query`)});
  u.searchParams.set('query', query);
  u.searchParams.set('time', ${JSON.stringify(time)});
  const body = await (await fetch(u, { headers: { accept: 'application/json' } })).json();
  if (body.status !== 'success') throw new Error(query);
  return Number(body.data.result[0].value[1]);
}));
if (answers.some((n) => !Number.isFinite(n))) process.exit(1);
`;
}

export const bench: Bench = {
  name: 'monitor-prometheus',
  description:
    '`release-gates monitor` with latency p95, error rate and traffic from a real Prometheus server (4 pods, 11-bucket histogram, 15 s scrapes), a window of 1 million and of 100 million requests, against the floor (the same PromQL sent by bare node).',
  async run({ quick }) {
    const bin = findPrometheus();
    if (!bin)
      return [
        {
          name: 'skipped: prometheus and promtool are not installed (apt-get install prometheus)',
          value: 0,
          unit: '',
        },
      ];
    const hours = quick ? 2 : 24;
    const window = `${hours}h`;
    const runs = quick ? 1 : 11;
    const time = new Date(END * 1000).toISOString();
    const queries = Object.values(SLOS).flatMap(([metric, spec]) => {
      const plan = planFor(metric, { unit: 's', ...spec }, window);
      if ('missing' in plan) throw new Error(plan.missing);
      return queriesOf(plan);
    });
    const rows: Row[] = [];
    for (const requests of [1_000_000, 100_000_000]) {
      const dir = mkdtempSync(join(tmpdir(), 'rg-bench-prom-'));
      let server: PrometheusServer | undefined;
      try {
        // An hour of traffic before the window, which must not count.
        const total = (requests * (hours + 1)) / hours;
        await writeOpenMetrics(join(dir, 'chatbot.om'), families(total, hours + 1));
        backfill(bin.promtool, join(dir, 'chatbot.om'), join(dir, 'data'));
        server = await PrometheusServer.start(bin.prometheus, join(dir, 'data'));
        const ws = join(dir, 'ws');
        mkdirSync(join(ws, 'policies'), { recursive: true });
        writeFileSync(join(ws, 'policies/release-policy.yaml'), policy(window));
        writeFileSync(join(ws, 'floor.mjs'), floorScript(server.url, time, queries));
        const env = {
          RELEASE_GATES_NOW: time,
          PROMETHEUS_URL: server.url,
          GITHUB_TOKEN: '',
          GH_TOKEN: '',
        };
        // The numbers first: a fast wrong answer is no result.
        const report = JSON.parse(
          execFileSync(process.execPath, [CLI, 'monitor', '--format', 'json'], {
            cwd: ws,
            env: { ...process.env, ...env },
            encoding: 'utf8',
          }),
        ) as Report;
        const items = report.verdicts[0]!.items;
        const observed = (id: string) => items.find((i) => i.id === `slo/${id}`)?.observed;
        const p95 = observed('latency-p95');
        const traffic = observed('traffic');
        const errors = observed('errors');
        const right =
          typeof p95 === 'number' &&
          Math.abs(p95 - EXPECTED_P95_MS) / EXPECTED_P95_MS < 0.001 &&
          typeof traffic === 'number' &&
          Math.abs(traffic - requests) / requests < 0.02 &&
          typeof errors === 'number' &&
          Math.abs(errors - ERROR_SHARE) < 1e-6;
        if (!right)
          throw new Error(
            `wrong answer at ${requests} requests: p95 ${p95} (expected ${EXPECTED_P95_MS}), traffic ${traffic}, error rate ${errors}`,
          );
        const monitor = await timeProcess(process.execPath, [CLI, 'monitor', '--format', 'json'], {
          cwd: ws,
          env,
          runs,
          expectCode: 0,
        });
        const floor = await timeProcess(process.execPath, ['floor.mjs'], {
          cwd: ws,
          runs,
          expectCode: 0,
        });
        const label = `${requests.toLocaleString('en')} requests in a ${window} window`;
        rows.push(
          {
            name: `monitor, ${label} (median of ${runs})`,
            value: round(monitor.medianMs),
            unit: 'ms',
            note: `p95 ${round(p95)} ms, ${round(traffic).toLocaleString('en')} requests seen`,
          },
          {
            name: `monitor, ${label}, peak memory`,
            value: monitor.peakMb ?? 0,
            unit: 'MB',
            target: '< 300 MB',
            ok: (monitor.peakMb ?? 0) < 300,
          },
          {
            name: `(floor) node sending the same ${queries.length} queries, ${label}`,
            value: round(floor.medianMs),
            unit: 'ms',
            peer: true,
          },
        );
      } finally {
        await server?.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return rows;
  },
};
