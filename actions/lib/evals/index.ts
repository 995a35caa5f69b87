/**
 * What other gates can ask of the eval results (the cards gate compares
 * a model card's claimed metrics with them).
 */
import { UserError } from '../errors.js';
import type { GateContext } from '../gate.js';
import type { GateName } from '../policy/semantics.js';
import type { Location } from '../verdict/model.js';
import { queryOf } from './gate.js';
import { readCurrent, statsOptionsFor } from './load.js';
import { parseMetric, type MetricName } from './metric-name.js';
import { isMeasured, measure } from './metrics.js';

interface EvalMetricRequest {
  /** A suite name, or `*` for every suite pooled. */
  suite: string;
  /** The objective metric language: `pass_rate`, `pass@5`, `latency_p95`, `acc,none`, `{tool: NAME}`, … */
  metric: MetricName;
  /** `tag=value`, or a tag alone for the largest gap between its values. */
  slice?: string;
}

interface EvalMetricValue extends EvalMetricRequest {
  /** null when the results do not have it; `reason` says why. */
  value: number | null;
  /** Cases (or samples) the value rests on. */
  n?: number;
  reason?: string;
  /** The first result file of the suite. */
  location?: Location;
}

type EvalContext = Pick<GateContext<GateName>, 'policy' | 'inputs' | 'ports' | 'loaded'>;

function evalsConfig(ctx: EvalContext) {
  const config = ctx.policy.gates.evals;
  if (!config) {
    throw new UserError({
      message:
        'the policy has no gates.evals section, so there are no eval results to compare with',
      hint: 'add gates.evals with the result files (docs/evals.md)',
      location: ctx.loaded.locate(['gates']),
    });
  }
  return config;
}

/**
 * Computes metrics from the result files the policy's `gates.evals.results` names, exactly
 * as the eval gate does (same adapters, same metric language), and records the files read
 * in the caller's verdict inputs. Throws UserError when the policy has no eval results or a
 * file cannot be read, and for a request whose metric name is malformed.
 */
export async function computeEvalMetrics(
  ctx: EvalContext,
  requests: readonly EvalMetricRequest[],
): Promise<EvalMetricValue[]> {
  const config = evalsConfig(ctx);
  const queries = requests.map((r) => {
    try {
      return queryOf({ suite: r.suite, metric: r.metric, ...(r.slice ? { slice: r.slice } : {}) });
    } catch (e) {
      throw new UserError({
        message: (e as Error).message,
        hint: 'docs/evals.md lists the metric names',
      });
    }
  });
  const { results } = await readCurrent(config, ctx, statsOptionsFor(queries));
  return requests.map((request, i) => {
    const m = measure(results, queries[i]!);
    const suite = results.suites.get(request.suite);
    const first = suite ? results.files[Math.min(...suite.files)] : undefined;
    return {
      ...request,
      value: isMeasured(m) ? m.value : null,
      ...(isMeasured(m) ? { n: m.n } : { reason: 'error' in m ? m.error : m.missing }),
      ...(first ? { location: { file: first.path, line: 1, column: 1 } } : {}),
    };
  });
}

/**
 * The eval results read once, then any (suite, metric) looked up by name, as the cards gate's
 * `EvalMetrics` wants it: `createCardsGate(evalMetricLookup)`. Samples are grouped so that
 * pass@k can be looked up; a name that is malformed or absent gives undefined. A card names a
 * tool metric that looks like a built-in in the text form `tool:pass@1,create_test`.
 */
export async function evalMetricLookup(
  ctx: EvalContext,
): Promise<(suite: string, metric: string) => number | undefined> {
  const config = evalsConfig(ctx);
  const { results } = await readCurrent(config, ctx, { groupSamples: true, sliceTags: new Set() });
  return (suite, metric) => {
    const spec = parseMetric(metric);
    if ('error' in spec) return undefined;
    const m = measure(results, { suite, metric: spec });
    return isMeasured(m) ? m.value : undefined;
  };
}
