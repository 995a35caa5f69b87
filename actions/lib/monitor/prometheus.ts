/**
 * Prometheus as the source of the SLOs that are metrics: the PromQL each SLO needs, built
 * from metric names or given, run as instant queries at the end of the window through the
 * metrics port, and the answers read strictly. Anything but one finite number is an error
 * item with what went wrong and what to do; never a pass.
 */
import type {
  Monitoring,
  PrometheusQuery,
  PrometheusSource,
  Slo,
} from '../policy/policy.generated.js';
import type { MetricsAnswer, MetricsPort } from '../ports.js';
import type { Item, Location } from '../verdict/model.js';
import { count, decimal, percent, plural } from '../words.js';
import { judgeSlo, type Breach, type Measured, type Missing } from './judge.js';

type Locate = (path: (string | number)[]) => Location | undefined;

/** The SLO metrics Prometheus can measure; the others need the interactions themselves. */
const PROMETHEUS_METRICS: ReadonlySet<Slo['metric']> = new Set([
  'latency_p50',
  'latency_p90',
  'latency_p95',
  'latency_p99',
  'error_rate',
  'availability',
  'interactions',
]);

/** `name{labels}` with `_suffix` on the name: `x{job="a"}` -> `x_bucket{job="a"}`. */
export function withSuffix(selector: string, suffix: string): string {
  const brace = selector.indexOf('{');
  return brace === -1
    ? `${selector}${suffix}`
    : `${selector.slice(0, brace)}${suffix}${selector.slice(brace)}`;
}

function increase(selector: string, window: string): string {
  return `sum(increase(${selector}[${window}]))`;
}

/** How an SLO's value is computed from the answers of its queries. */
type Plan =
  | { kind: 'quantile'; p: number; query: string; requests?: string; scale: number }
  | { kind: 'ratio'; metric: 'error_rate' | 'availability'; errors: string; total: string }
  | { kind: 'share'; metric: 'error_rate' | 'availability'; query: string }
  | { kind: 'requests'; query: string };

/** The queries for one SLO, or why there can be none (a policy problem). */
export function planFor(
  metric: Slo['metric'],
  spec: PrometheusQuery,
  window: string,
): Plan | Missing {
  const given = spec.query?.replaceAll('$window', window);
  const scale = (spec.unit ?? 's') === 's' ? 1000 : 1;
  if (!PROMETHEUS_METRICS.has(metric))
    return {
      missing: `${metric} needs the interactions themselves (their text, labels or ratings), which Prometheus does not have`,
      hint: 'remove it from monitoring.prometheus.slos: it runs on the export (monitoring.logs), a sample of the traffic is enough',
    };
  if (metric.startsWith('latency_p')) {
    const p = Number(metric.slice('latency_p'.length));
    if (given) return { kind: 'quantile', p, query: given, scale };
    if (!spec.histogram)
      return {
        missing: `${metric} needs a histogram (or a query) in monitoring.prometheus.slos`,
        hint: 'name the latency histogram, e.g. histogram: http_request_duration_seconds, or give the PromQL as query',
      };
    return {
      kind: 'quantile',
      p,
      query: `histogram_quantile(${p / 100}, sum by (le) (rate(${withSuffix(spec.histogram, '_bucket')}[${window}])))`,
      requests: increase(withSuffix(spec.histogram, '_count'), window),
      scale,
    };
  }
  if (metric === 'interactions') {
    if (given) return { kind: 'requests', query: given };
    if (!spec.total)
      return {
        missing: 'interactions needs a total counter (or a query) in monitoring.prometheus.slos',
        hint: 'name the counter of all requests, e.g. total: http_requests_total',
      };
    return { kind: 'requests', query: increase(spec.total, window) };
  }
  const rate = metric as 'error_rate' | 'availability';
  if (given) return { kind: 'share', metric: rate, query: given };
  if (!spec.errors || !spec.total)
    return {
      missing: `${metric} needs an errors and a total counter (or a query) in monitoring.prometheus.slos`,
      hint: 'name both counters, e.g. errors: http_requests_total{code=~"5.."} and total: http_requests_total',
    };
  return {
    kind: 'ratio',
    metric: rate,
    errors: increase(spec.errors, window),
    total: increase(spec.total, window),
  };
}

/** The PromQL a plan runs, in order. */
export function queriesOf(plan: Plan): string[] {
  switch (plan.kind) {
    case 'quantile':
      return plan.requests ? [plan.query, plan.requests] : [plan.query];
    case 'ratio':
      return [plan.errors, plan.total];
    case 'share':
    case 'requests':
      return [plan.query];
  }
}

interface PromBody {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

const CHECK_SERVER =
  'check that the server is up and that the runner can reach it (monitoring.prometheus.url or the variable url_env names); a check that cannot run is not met';

function labels(metric: unknown): string {
  const entries = Object.entries((metric ?? {}) as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${k}="${String(v)}"`).join(', ')}}`;
}

/**
 * One finite number from the answer to an instant query, or why there is none. Fail closed:
 * an unreachable server, an HTTP or PromQL error, no series, several series, NaN or an
 * infinity are each `missing`, with a hint.
 */
export function readNumber(answer: MetricsAnswer, query: string): number | Missing {
  if (answer.kind === 'unconfigured')
    return {
      missing: `the Prometheus server is not known: ${answer.detail}`,
      hint: 'set monitoring.prometheus.url, or the environment variable it names in url_env (and token_env, when set) in the workflow',
    };
  if (answer.kind === 'unreachable')
    return {
      missing: `Prometheus at ${answer.url} did not answer (${answer.detail})`,
      hint: CHECK_SERVER,
    };
  let body: PromBody | undefined;
  try {
    body = JSON.parse(answer.body) as PromBody;
  } catch {
    body = undefined;
  }
  const ok = answer.status >= 200 && answer.status < 300;
  if (body?.status === 'error' || (!ok && typeof body?.error === 'string'))
    return {
      missing: `Prometheus refused the query ${query}: ${String(body.errorType ?? 'error')}: ${String(body.error)}`,
      hint:
        body.errorType === 'bad_data'
          ? 'fix the PromQL (or the metric names it was built from) in monitoring.prometheus.slos; try it in the Prometheus web UI'
          : CHECK_SERVER,
    };
  if (!ok)
    return {
      missing: `Prometheus at ${answer.url} answered HTTP ${answer.status}`,
      hint:
        answer.status === 401 || answer.status === 403
          ? 'give a token the server accepts: token_env names the runner variable holding it'
          : CHECK_SERVER,
    };
  if (body?.status !== 'success' || typeof body.data !== 'object' || body.data === null)
    return {
      missing: `the answer of ${answer.url} is not a Prometheus API answer`,
      hint: 'point monitoring.prometheus.url at the server itself (the API is under /api/v1)',
    };
  const { resultType, result } = body.data;
  let sample: unknown;
  if (resultType === 'scalar') sample = result;
  else if (resultType === 'vector' && Array.isArray(result)) {
    if (result.length === 0)
      return {
        missing: `no data in the window: ${query} returned no series`,
        hint: 'check the metric names and labels, and that the service was scraped in the window; a counter of errors that never happened has no series yet: write the query with `or vector(0)` only if that is what you mean',
      };
    if (result.length > 1)
      return {
        missing: `${query} returned ${result.length} series where one is expected: ${(
          result as { metric?: unknown }[]
        )
          .slice(0, 3)
          .map((s) => labels(s.metric))
          .join(', ')}${result.length > 3 ? ', …' : ''}`,
        hint: 'aggregate the query (sum(...), or sum by (le) for a histogram) or narrow its label selector',
      };
    sample = (result[0] as { value?: unknown }).value;
  } else
    return {
      missing: `${query} returned a ${String(resultType)}, not a number`,
      hint: 'write an instant query that returns one number, e.g. sum(increase(x[24h]))',
    };
  const text = Array.isArray(sample) ? sample[1] : undefined;
  const value = typeof text === 'string' ? Number(text) : NaN;
  if (Number.isNaN(value))
    return {
      missing: `${query} is NaN: no requests in the window (0 / 0), or a histogram without observations`,
      hint: 'check that the service had traffic in the window and that the metric is the one it exports',
    };
  if (!Number.isFinite(value))
    return {
      missing: `${query} is ${String(text)}`,
      hint: 'a rate over a total of zero, or a quantile beyond the last finite bucket: check the counters and the buckets',
    };
  return value;
}

/** The window in words: `the 24h to 2026-11-20T18:00:00Z`. */
function span(source: PrometheusSource, end: Date): string {
  return `the ${source.window} to ${end.toISOString().replace('.000Z', 'Z')}`;
}

const FAIL_HINT =
  'look at the dashboards for the window (the query is in the message) and the incident steps in docs/monitoring.md';

const shareName = (metric: 'error_rate' | 'availability') =>
  metric === 'error_rate' ? 'the error rate' : 'availability';

/** The SLO's value from its plan and the numbers its queries returned (in `queriesOf` order). */
function measureFrom(plan: Plan, values: number[], where: string): Measured | Missing {
  const requests = (n: number) => plural(Math.round(n), 'request');
  switch (plan.kind) {
    case 'quantile': {
      const value = values[0]! * plan.scale;
      const n = values[1];
      if (n !== undefined && !(n > 0))
        return { missing: `no requests in ${where}: ${plan.requests} is ${n}` };
      return {
        value,
        hint: FAIL_HINT,
        text: (extra) =>
          `p${plan.p} latency is ${decimal(value, 4 + extra)} ms${n === undefined ? '' : ` over ${requests(n)}`} in ${where}`,
      };
    }
    case 'requests':
      return {
        value: values[0]!,
        hint: FAIL_HINT,
        text: () => `${requests(values[0]!)} in ${where}`,
      };
    case 'share': {
      const value = values[0]!;
      if (value < 0 || value > 1)
        return {
          missing: `${plan.query} is ${value}, not a share between 0 and 1`,
          hint: 'write the query as a ratio (errors / total), not a percentage',
        };
      return {
        value,
        share: true,
        hint: FAIL_HINT,
        text: (extra) => `${shareName(plan.metric)} is ${percent(value, 3 + extra)} in ${where}`,
      };
    }
    case 'ratio': {
      const [errors, total] = values as [number, number];
      if (!(total > 0)) return { missing: `no requests in ${where}: ${plan.total} is ${total}` };
      if (errors > total)
        return {
          missing: `more errors (${count(Math.round(errors))}) than requests (${count(Math.round(total))}) in ${where}`,
          hint: 'the errors counter must count a subset of the total counter’s requests',
        };
      const error = errors / total;
      const value = plan.metric === 'error_rate' ? error : 1 - error;
      const detail =
        plan.metric === 'error_rate'
          ? `${count(Math.round(errors))} of ${requests(total)}`
          : `${count(Math.round(total - errors))} of ${requests(total)} answered`;
      return {
        value,
        share: true,
        hint: FAIL_HINT,
        text: (extra) =>
          `${shareName(plan.metric)} is ${percent(value, 3 + extra)} (${detail}) in ${where}`,
      };
    }
  }
}

interface PrometheusJudged {
  items: Item[];
  breaches: Map<string, Breach>;
  /** Ids of the SLOs judged from Prometheus. */
  measured: Set<string>;
  /** By SLO metric, as the export's `data.metrics`. */
  metrics: Record<string, number>;
  data: Record<string, unknown>;
}

/**
 * The SLOs `monitoring.prometheus.slos` lists, judged from the server at `end`, and an item
 * saying which SLOs came from where. `exportFiles`: the export the other SLOs run on, if any.
 */
export async function judgePrometheus(
  config: Monitoring,
  metrics: MetricsPort,
  end: Date,
  locate: Locate,
  exportFiles: readonly string[],
): Promise<PrometheusJudged> {
  const source = config.prometheus!;
  const server = {
    ...(source.url ? { url: source.url } : {}),
    urlEnv: source.url_env,
    ...(source.token_env ? { tokenEnv: source.token_env } : {}),
  };
  const where = `Prometheus over ${span(source, end)}`;
  const time = String(end.getTime() / 1000);
  const items: Item[] = [];
  const breaches = new Map<string, Breach>();
  const measured = new Set<string>();
  const values: Record<string, number> = {};
  const queries: Record<string, string[]> = {};
  const known = new Set(config.slos.map((s) => s.id));
  for (const id of Object.keys(source.slos).filter((k) => !known.has(k))) {
    const location = locate(['monitoring', 'prometheus', 'slos', id]);
    items.push({
      id: `prometheus/${id}`,
      status: 'error',
      message: `monitoring.prometheus.slos names ${id}, which is not an SLO of monitoring.slos`,
      hint: 'use the id of an SLO in monitoring.slos, or add the SLO there',
      rule: 'input',
      ...(location ? { location } : {}),
    });
  }
  const url = source.url ?? `$${source.url_env}`;
  let answeredBy = url;
  await Promise.all(
    config.slos.map(async (slo, index) => {
      const spec = source.slos[slo.id];
      if (!spec) return;
      measured.add(slo.id);
      const location = locate(['monitoring', 'prometheus', 'slos', slo.id]);
      const plan = planFor(slo.metric, spec, source.window);
      let m: Measured | Missing;
      if ('missing' in plan) m = plan;
      else {
        const promql = queriesOf(plan);
        queries[slo.id] = promql;
        const answers = await Promise.all(
          promql.map((q) =>
            metrics.get(server, '/api/v1/query', { query: q, time }, source.timeout_seconds * 1000),
          ),
        );
        for (const a of answers)
          if (a.kind !== 'unconfigured') answeredBy = a.url.replace(/\/api\/v1\/query$/, '');
        const numbers = answers.map((a, i) => readNumber(a, promql[i]!));
        const problem = numbers.find((n): n is Missing => typeof n !== 'number');
        m = problem ?? measureFrom(plan, numbers as number[], where);
        if (!('missing' in m)) values[slo.metric] = m.value;
      }
      const item = judgeSlo(
        slo,
        index,
        'missing' in m ? { ...m, ...(location ? { location } : {}) } : m,
        location,
        locate,
      );
      items.push(item);
      breaches.set(item.id, { kind: item.id, action: slo.on_breach, flags: [] });
    }),
  );
  // Concurrent queries finish in any order: the items keep the policy's order.
  const order = new Map(config.slos.map((s, i) => [`slo/${s.id}`, i]));
  items.sort((a, b) => (order.get(a.id) ?? -1) - (order.get(b.id) ?? -1));

  const others = config.slos.filter((s) => !measured.has(s.id));
  const otherText = others.length
    ? exportFiles.length
      ? `; ${others.map((s) => s.id).join(', ')} on the export ${exportFiles.join(', ')} (a sample of the traffic is enough for them)`
      : ''
    : '';
  const sourceLocation = locate(['monitoring', 'prometheus']);
  items.unshift({
    id: 'prometheus',
    status: 'info',
    message: `${plural(measured.size, 'SLO')} (${[...measured].join(', ')}) from ${where} at ${answeredBy}${otherText}`,
    rule: 'input',
    ...(sourceLocation ? { location: sourceLocation } : {}),
  });
  if (!exportFiles.length)
    others.forEach((slo) => {
      const index = config.slos.indexOf(slo);
      const why = PROMETHEUS_METRICS.has(slo.metric)
        ? 'it is not listed in monitoring.prometheus.slos and there is no export (monitoring.logs) to measure it on'
        : `${slo.metric} needs the interactions themselves, which Prometheus does not have, and there is no export (monitoring.logs): it runs on a sampled export`;
      items.push(
        judgeSlo(
          slo,
          index,
          {
            missing: why,
            hint: 'export a sample of the interactions (docs/monitoring.md#the-interaction-export) and set monitoring.logs, or list the SLO in monitoring.prometheus.slos',
          },
          undefined,
          locate,
        ),
      );
      breaches.set(`slo/${slo.id}`, { kind: `slo/${slo.id}`, action: slo.on_breach, flags: [] });
    });
  return {
    items,
    breaches,
    measured,
    metrics: values,
    data: { url: answeredBy, window: source.window, end: end.toISOString(), queries },
  };
}
