/**
 * `release-gates monitor` with monitoring.prometheus against a real Prometheus server: two
 * hours of a chatbot's histogram and request counters backfilled with promtool, the server
 * started on 127.0.0.1, the CLI in-process querying it over HTTP. Every way the server can
 * fail to give one number is an error item, never a pass.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item, Report, Verdict } from '../actions/lib/verdict/model.js';
import { cli } from './support/cli.js';
import {
  backfill,
  findPrometheus,
  PrometheusServer,
  writeOpenMetrics,
  type Family,
} from './support/prometheus.js';
import { tempDir } from './support/tmp.js';
import { workspace } from './support/workspace.js';

const BIN = findPrometheus();
if (!BIN)
  console.warn(
    'NOTE: prometheus or promtool is not installed (apt-get install prometheus; .ci/run does): the Prometheus monitoring tests are SKIPPED',
  );

// The window is the hour before END; the hour before it has other traffic, which must not count.
const END = Date.parse('2026-11-20T18:00:00Z') / 1000;
const START = END - 2 * 3600;
const NOW = new Date(END * 1000).toISOString();
const BOUNDS = ['0.25', '0.5', '1', '2', '4', '+Inf'];
// Requests a minute per latency bucket (not cumulative): before the window all are fast.
const BEFORE = [1000, 0, 0, 0, 0, 0];
const DURING = [100, 400, 300, 120, 60, 20];
// Per minute: [ok, failed] requests.
const REQUESTS_BEFORE = [1000, 0];
const REQUESTS_DURING = [985, 15];

/** A counter growing by `perMinute(minute)` each minute, one point a minute from START. */
function counter(perMinute: (minute: number) => number): [number, number][] {
  const points: [number, number][] = [[START, 0]];
  let value = 0;
  for (let m = 1; m <= 120; m++) points.push([START + 60 * m, (value += perMinute(m))]);
  return points;
}

const during = (m: number) => m > 60;

function families(): Family[] {
  const cumulative = (per: number[], b: number) => per.slice(0, b + 1).reduce((x, y) => x + y, 0);
  const bucket = (b: number) => counter((m) => cumulative(during(m) ? DURING : BEFORE, b));
  const histogram = (route: string, series: (b: number) => [number, number][]) => [
    ...BOUNDS.map((le, b) => ({
      name: 'chat_request_duration_seconds_bucket',
      labels: { route, le },
      points: series(b),
    })),
    { name: 'chat_request_duration_seconds_count', labels: { route }, points: series(5) },
    {
      name: 'chat_request_duration_seconds_sum',
      labels: { route },
      points: series(5).map(([t, v]) => [t, v * 0.8] as const),
    },
  ];
  return [
    {
      name: 'chat_request_duration_seconds',
      type: 'histogram',
      // A route with no traffic: its buckets never move.
      series: [...histogram('chat', bucket), ...histogram('idle', () => counter(() => 0))],
    },
    {
      name: 'chat_requests',
      type: 'counter',
      series: ['200', '500'].map((code, i) => ({
        name: 'chat_requests_total',
        labels: { code },
        points: counter((m) => (during(m) ? REQUESTS_DURING : REQUESTS_BEFORE)[i]!),
      })),
    },
  ];
}

let server: PrometheusServer | undefined;
let stopped: PrometheusServer | undefined;

beforeAll(async () => {
  if (!BIN) return;
  const dir = tempDir('rg-prom-');
  await writeOpenMetrics(join(dir, 'chatbot.om'), families());
  backfill(BIN.promtool, join(dir, 'chatbot.om'), join(dir, 'data'));
  mkdirSync(join(dir, 'empty'));
  server = await PrometheusServer.start(BIN.prometheus, join(dir, 'data'));
  // A server that was up once and is gone: its port refuses connections.
  stopped = await PrometheusServer.start(BIN.prometheus, join(dir, 'empty'));
  await stopped.stop();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

interface Run {
  code: number;
  stderr: string;
  verdict: Verdict;
  item(id: string): Item;
}

function policy(monitoring: string): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
${monitoring}`;
}

async function monitor(
  monitoring: string,
  options: { files?: Record<string, string>; env?: Record<string, string>; now?: string } = {},
): Promise<Run> {
  const dir = workspace({
    'policies/release-policy.yaml': policy(monitoring),
    ...options.files,
  });
  const run = await cli(['monitor', '--format', 'json'], {
    cwd: dir,
    env: {
      RELEASE_GATES_NOW: options.now ?? NOW,
      GITHUB_TOKEN: '',
      GH_TOKEN: '',
      GITHUB_REPOSITORY: 'acme/support-chatbot',
      PROMETHEUS_URL: server!.url,
      ...options.env,
    },
  });
  const verdict = (JSON.parse(run.stdout) as Report).verdicts[0]!;
  return {
    code: run.code,
    stderr: run.stderr,
    verdict,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found) throw new Error(`no item ${id}: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
  };
}

const SLOS = `  slos:
    - { id: latency-p90, metric: latency_p90, pass: '< 1500', on_breach: none }
    - { id: latency-p95, metric: latency_p95, pass: '< 3500', on_breach: none }
    - { id: errors, metric: error_rate, pass: '<= 1%', on_breach: none }
    - { id: availability, metric: availability, pass: '>= 98%', on_breach: none }
    - { id: traffic, metric: interactions, pass: '>= 50000', on_breach: none }
`;

const SOURCE = `  prometheus:
    window: 1h
    slos:
      latency-p90: { histogram: 'chat_request_duration_seconds{route="chat"}' }
      latency-p95: { histogram: 'chat_request_duration_seconds{route="chat"}' }
      errors: { errors: 'chat_requests_total{code="500"}', total: chat_requests_total }
      availability: { errors: 'chat_requests_total{code="500"}', total: chat_requests_total }
      traffic: { total: chat_requests_total }
`;

describe.skipIf(!BIN)('monitor reads the SLOs that are metrics from Prometheus', () => {
  it('measures percentiles from the histogram and rates from the counters, over the window only', async () => {
    const run = await monitor(SLOS + SOURCE);
    // The window's buckets, cumulative, are the per-minute counts times 60; histogram_quantile
    // interpolates linearly within the bucket that holds the rank, and the rates are 15 of 1000:
    // python3 -c "c=[x*60 for x in (100,500,800,920,980,1000)];b=(0.25,0.5,1,2,4);q=lambda p:next(b[i-1]+(b[i]-b[i-1])*(p*c[-1]-c[i-1])/(c[i]-c[i-1]) for i in range(1,5) if c[i]>=p*c[-1]);print(q(.9)*1000,q(.95)*1000,15*60/(1000*60),1-15*60/(1000*60))"
    // -> 1833.3333333333335 3000.0 0.015 0.985
    const p90 = run.item('slo/latency-p90');
    expect(p90.status).toBe('fail');
    expect(p90.observed).toBeCloseTo(1833.3333333333335, 6);
    expect(p90.message).toBe(
      'p90 latency is 1833 ms over 60,000 requests in Prometheus over the 1h to 2026-11-20T18:00:00Z: violates < 1500',
    );
    const p95 = run.item('slo/latency-p95');
    expect(p95.status).toBe('pass');
    expect(p95.observed).toBeCloseTo(3000, 6);
    const errors = run.item('slo/errors');
    expect(errors.status).toBe('fail');
    expect(errors.observed).toBeCloseTo(0.015, 12);
    expect(errors.message).toBe(
      'the error rate is 1.5 % (900 of 60,000 requests) in Prometheus over the 1h to 2026-11-20T18:00:00Z: violates <= 1%',
    );
    const availability = run.item('slo/availability');
    expect(availability.status).toBe('pass');
    expect(availability.observed).toBeCloseTo(0.985, 12);
    expect([run.item('slo/traffic').status, run.item('slo/traffic').observed]).toEqual([
      'pass',
      60000,
    ]);
    expect(run.item('prometheus').message).toContain(
      `5 SLOs (latency-p90, latency-p95, errors, availability, traffic) from Prometheus over the 1h to 2026-11-20T18:00:00Z at ${server!.url}`,
    );
    expect(run.verdict.result).toBe('fail');
    expect(run.code).toBe(1);
  });

  it('runs the PromQL the policy gives, $window standing for the window', async () => {
    const run = await monitor(`  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 3500' }
  prometheus:
    window: 1h
    slos:
      latency-p95:
        query: 'histogram_quantile(0.95, sum by (le) (increase(chat_request_duration_seconds_bucket{route="chat"}[$window]))) * 1000'
        unit: ms
`);
    expect(run.item('slo/latency-p95').status).toBe('pass');
    expect(run.item('slo/latency-p95').observed).toBeCloseTo(3000, 6);
    expect(run.code).toBe(0);
  });

  it('runs the checks that need the interactions on the sampled export, and says so', async () => {
    const line = (i: number) =>
      JSON.stringify({
        timestamp: new Date((END - 600 + i) * 1000).toISOString(),
        request_id: `req-${i}`,
        user_id: `u-${i}`,
        query: 'Where is my order?',
        response: i === 3 ? 'The account belongs to jane.doe@gmail.com' : 'It arrives tomorrow.',
        latency_ms: 90000,
        error: null,
        model_version: '2.4.0',
      });
    const run = await monitor(
      `  logs: logs/sample.jsonl
${SLOS}    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0', on_breach: none }
${SOURCE}`,
      {
        files: {
          'logs/sample.jsonl': Array.from({ length: 20 }, (_, i) => line(i)).join('\n') + '\n',
        },
      },
    );
    expect(run.item('slo/pii-leaks').status).toBe('fail');
    expect(run.item('slo/pii-leaks').observed).toBe(1);
    // Latency comes from Prometheus, not from the sample's 90-second latencies.
    expect(run.item('slo/latency-p95').observed).toBeCloseTo(3000, 6);
    expect(run.item('prometheus').message).toContain(
      '; pii-leaks on the export logs/sample.jsonl (a sample of the traffic is enough for them)',
    );
    expect(run.verdict.items.filter((i) => i.id === 'slo/latency-p95')).toHaveLength(1);
  });

  it('without an export, a check that needs the interactions is an error, not skipped', async () => {
    const run = await monitor(`  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 3500' }
    - { id: harmful, metric: harmful_rate, pass: '<= 0.5%' }
  prometheus:
    window: 1h
    slos:
      latency-p95: { histogram: 'chat_request_duration_seconds{route="chat"}' }
`);
    const harmful = run.item('slo/harmful');
    expect(harmful.status).toBe('error');
    expect(harmful.message).toContain(
      'harmful_rate needs the interactions themselves, which Prometheus does not have, and there is no export (monitoring.logs): it runs on a sampled export',
    );
    expect(run.item('slo/latency-p95').status).toBe('pass');
    expect(run.code).toBe(2);
  });

  describe('fails closed', () => {
    const latency = (spec: string) => `  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 3500' }
  prometheus:
    window: 1h
    slos:
      latency-p95: ${spec}
`;
    const HISTOGRAM = `{ histogram: 'chat_request_duration_seconds{route="chat"}' }`;

    async function expectError(run: Run, message: string | RegExp, hint: RegExp) {
      const item = run.item('slo/latency-p95');
      expect(item.status).toBe('error');
      expect(item.observed).toBeNull();
      expect(item.message).toMatch(message);
      expect(item.hint).toMatch(hint);
      expect(item.location?.file).toBe('policies/release-policy.yaml');
      expect(run.verdict.result).toBe('error');
      expect(run.code).toBe(2);
    }

    it('the server is down', async () => {
      const run = await monitor(latency(HISTOGRAM), { env: { PROMETHEUS_URL: stopped!.url } });
      await expectError(
        run,
        `SLO latency-p95 cannot be judged: Prometheus at ${stopped!.url}/api/v1/query did not answer (ECONNREFUSED)`,
        /check that the server is up/,
      );
    });

    it('no server is named', async () => {
      const run = await monitor(latency(HISTOGRAM), { env: { PROMETHEUS_URL: '' } });
      await expectError(
        run,
        'the Prometheus server is not known: the policy gives no url and the environment variable PROMETHEUS_URL is not set',
        /set monitoring\.prometheus\.url/,
      );
    });

    it('the token variable is not set', async () => {
      const run = await monitor(
        latency(HISTOGRAM).replace('window: 1h', 'window: 1h\n    token_env: PROM_TOKEN'),
      );
      await expectError(run, /PROM_TOKEN \(token_env\) is not set/, /token_env/);
    });

    it('an HTTP error', async () => {
      const run = await monitor(latency(HISTOGRAM), {
        env: { PROMETHEUS_URL: `${server!.url}/not-prometheus` },
      });
      await expectError(
        run,
        `Prometheus at ${server!.url}/not-prometheus/api/v1/query answered HTTP 404`,
        /check that the server is up/,
      );
    });

    it('no data in the window', async () => {
      // A day after the data ends: nothing was scraped in the hour before.
      const run = await monitor(latency(HISTOGRAM), { now: '2026-11-21T18:00:00Z' });
      await expectError(run, /no data in the window: .* returned no series/, /metric names/);
    });

    it('a metric that does not exist', async () => {
      const run = await monitor(latency(`{ histogram: chat_request_latency_seconds }`));
      await expectError(run, /no data in the window/, /check the metric names/);
    });

    it('a query Prometheus refuses (status: error)', async () => {
      const run = await monitor(
        latency(`{ query: 'histogram_quantile(0.95, sum by (le) (rate(x[$window]))', unit: s }`),
      );
      await expectError(
        run,
        /Prometheus refused the query .*: bad_data: .*parse error/,
        /fix the PromQL/,
      );
    });

    it('NaN: a histogram without observations in the window', async () => {
      const run = await monitor(
        latency(
          `{ query: 'histogram_quantile(0.95, sum by (le) (rate(chat_request_duration_seconds_bucket{route="idle"}[$window])))' }`,
        ),
      );
      await expectError(run, /is NaN: no requests in the window/, /had traffic/);
    });

    it('no requests counted by the histogram', async () => {
      const run = await monitor(
        latency(`{ histogram: 'chat_request_duration_seconds{route="idle"}' }`),
      );
      await expectError(run, /is NaN|no requests in Prometheus/, /traffic|check/);
    });

    it('more than one series where one is expected', async () => {
      const run = await monitor(`  slos:
    - { id: errors, metric: error_rate, pass: '<= 1%' }
  prometheus:
    window: 1h
    slos:
      errors: { query: 'increase(chat_requests_total[$window]) / 60000' }
`);
      const item = run.item('slo/errors');
      expect(item.status).toBe('error');
      expect(item.message).toMatch(
        /returned 2 series where one is expected: \{code="(200|500)"\}, \{code="(200|500)"\}/,
      );
      expect(item.hint).toMatch(/aggregate the query/);
      expect(run.code).toBe(2);
    });

    it('an SLO the source names that the policy does not have', async () => {
      const run = await monitor(
        latency(HISTOGRAM).replace(
          'slos:\n      latency',
          'slos:\n      latency-p99: { histogram: x }\n      latency',
        ),
      );
      const item = run.item('prometheus/latency-p99');
      expect(item.status).toBe('error');
      expect(item.message).toBe(
        'monitoring.prometheus.slos names latency-p99, which is not an SLO of monitoring.slos',
      );
      expect(run.code).toBe(2);
    });
  });
});
