/**
 * Judging one objective: its metric against pass and warn criteria, absolute and relative
 * to the baseline, with the missing-data and noise rules of the policy.
 */
import {
  describeCriteria,
  judge,
  parseCriteria,
  type Criterion,
  type TargetResult,
} from '../criteria/criteria.js';
import type { Objective } from '../policy/policy.generated.js';
import type { Item, ItemStatus } from '../verdict/model.js';
import { showValue as show } from '../verdict/render/format.js';
import type { CaseRef } from './accumulate.js';
import { metricLabel } from './metric-name.js';
import {
  isMeasured,
  reported,
  type Measured,
  type Measurement,
  type MetricQuery,
} from './metrics.js';
import { meanDifference, proportionDifference, zFor, type Interval } from './stats.js';

interface NoisePolicy {
  confidence: number;
  min_samples: number;
}

/** The baseline side of an objective: a measurement, or why there is none. */
export type BaselineSide = { label: string; measurement: Measurement } | { missing: string };

export interface JudgedObjective {
  item: Item;
  /** A failure turned into a warning because the drop may be noise. */
  noisy: boolean;
  /** Cases to point at (the item's location is the first). */
  worst: CaseRef[];
  /** The measurement, for locating aggregates. */
  measured?: Measured;
}

function describeQuery(q: MetricQuery): string {
  const where = q.suite === '*' ? 'all suites' : q.suite;
  if (q.slice && q.slice.value === undefined)
    return `largest ${q.slice.tag} gap in ${metricLabel(q.metric)} of ${where}`;
  const slice = q.slice ? ` [${q.slice.tag}=${q.slice.value}]` : '';
  return `${metricLabel(q.metric)}${slice} of ${where}`;
}

/** The criteria whose result `keep` selects, with the target of relative ones: `>= -10% (0.81)`. */
function describeWhere(
  list: readonly Criterion[],
  results: readonly TargetResult[],
  keep: (r: TargetResult) => boolean,
): string {
  return list
    .flatMap((c, i) => {
      const r = results[i]!;
      if (!keep(r)) return [];
      return [c.relative && r.target != null ? `${c.text} (${show(r.target)})` : c.text];
    })
    .join(' and ');
}

const holds = (r: TargetResult) => r.violated === false;
const broken = (r: TargetResult) => r.violated === true;

function changeOf(value: number, base: number): string {
  const delta = value - base;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const pct = base !== 0 ? `, ${sign}${Math.abs((delta / Math.abs(base)) * 100).toFixed(1)} %` : '';
  return `${sign}${show(Math.abs(delta))}${pct}`;
}

/** Whether a violated relative criterion may be noise; the reason in words when it may. */
function noiseReason(
  c: Criterion,
  target: number,
  now: Measured,
  base: Measured,
  noise: NoisePolicy,
): string | undefined {
  if (Math.min(now.n, base.n) < noise.min_samples) {
    return `with ${now.n} and ${base.n} cases (fewer than noise.min_samples ${noise.min_samples}) a drop can only warn`;
  }
  const z = zFor(noise.confidence);
  let interval: Interval | undefined;
  let method = '';
  if (now.x !== undefined && base.x !== undefined) {
    interval = proportionDifference(now.x, now.n, base.x, base.n, z);
    method = 'Newcombe/Wilson';
  } else if (now.stderr !== undefined && base.stderr !== undefined) {
    interval = meanDifference(now.value, now.stderr, base.value, base.stderr, z);
    method = 'normal';
  }
  if (!interval) return undefined;
  const allowed = target - base.value;
  const mayMeet =
    c.op === '>=' || c.op === '>'
      ? interval.high >= allowed
      : c.op === '<=' || c.op === '<'
        ? interval.low <= allowed
        : false;
  if (!mayMeet) return undefined;
  const pct = `${Math.round(noise.confidence * 1000) / 10}%`;
  return `the change is within statistical noise: its ${pct} ${method} interval is ${show(interval.low)} to ${show(interval.high)} on ${now.n} and ${base.n} cases`;
}

export function judgeObjective(
  objective: Objective,
  query: MetricQuery,
  current: Measurement,
  baseline: BaselineSide | undefined,
  options: { noise: NoisePolicy; onMissingBaseline: 'pass' | 'warn' | 'fail' },
): JudgedObjective {
  const criteria = { pass: parseCriteria(objective.pass), warn: parseCriteria(objective.warn) };
  const scored = criteria.pass.length > 0;
  const what = describeQuery(query);
  const common: Pick<Item, 'id' | 'expected' | 'rule'> & Partial<Item> = {
    id: objective.id,
    expected:
      (describeCriteria(criteria.pass) || 'none (informational)') +
      (criteria.warn.length ? `; warn: ${describeCriteria(criteria.warn)}` : ''),
    rule: 'objective',
    ...(objective.key ? { key: true } : {}),
    ...(scored ? { weight: objective.weight } : {}),
  };

  if ('error' in current) {
    return {
      item: {
        ...common,
        status: 'error',
        message: `${what}: ${current.error}`,
        observed: null,
        hint: /samples/.test(current.error)
          ? 'run at least k samples of every case (e.g. promptfoo --repeat k, or JSON Lines "sample" 0..k-1), or lower k'
          : 'fix the results or the objective so that it names one metric',
      },
      worst: current.worst ?? [],
      noisy: false,
    };
  }
  if (!isMeasured(current)) {
    const status: ItemStatus = objective.on_missing;
    return {
      item: {
        ...common,
        status,
        message: `${what} is missing: ${current.missing}`,
        observed: null,
        hint: 'check the suite and metric names against the results (docs/evals.md lists the metrics), and that the suite ran; `on_missing: warn` relaxes this objective',
      },
      worst: [],
      noisy: false,
    };
  }

  const relative = [...criteria.pass, ...criteria.warn].some((c) => c.relative);
  let base: Measured | undefined;
  let baseLabel = 'baseline';
  let baseMissing: string | undefined;
  if (relative) {
    if (!baseline) baseMissing = 'no baseline was read';
    else if ('missing' in baseline) baseMissing = baseline.missing;
    else {
      baseLabel = baseline.label;
      const m = baseline.measurement;
      if (isMeasured(m)) base = m;
      else baseMissing = `${baseline.label}: ${'error' in m ? m.error : m.missing}`;
    }
  }

  const j = judge(criteria, current.value, base?.value);
  let status: ItemStatus = j.status;
  let noisy = false;
  const notes: string[] = [];
  if (status === 'pass') {
    const met = describeWhere(criteria.pass, j.pass, holds);
    if (met) notes.push(`meets ${met}`);
  } else if (status === 'warn') {
    notes.push(
      `violates ${describeWhere(criteria.pass, j.pass, broken)}, within the warn band ${describeWhere(criteria.warn, j.warn, () => true)}`,
    );
  } else if (status === 'fail') {
    notes.push(`violates ${describeWhere(criteria.pass, j.pass, broken)}`);
    // A drop that only relative criteria see, and that noise can explain, warns.
    const failed = criteria.pass.flatMap((c, i) =>
      broken(j.pass[i]!) ? [{ c, target: j.pass[i]!.target! }] : [],
    );
    if (base && failed.every(({ c }) => c.relative)) {
      const reasons = failed.map(({ c, target }) =>
        noiseReason(c, target, current, base!, options.noise),
      );
      if (reasons.every((r) => r !== undefined)) {
        status = 'warn';
        noisy = true;
        notes.push(`but ${reasons[0]}: a warning, not a failure`);
      }
    }
  } else notes.push('informational (no pass criteria)');

  if (j.missingBaseline && baseMissing !== undefined) {
    const rule = options.onMissingBaseline;
    if (rule === 'fail' && status !== 'info') status = 'fail';
    if (rule === 'warn' && status === 'pass') status = 'warn';
    notes.push(
      `no baseline (${baseMissing}): relative criteria not judged, ${rule} by baseline.on_missing`,
    );
  }

  // Cases explain a value that misses its criteria, not a missing baseline.
  const worst = j.status === 'pass' || j.status === 'info' ? [] : current.worst;
  let message = `${what} is ${show(current.value)}`;
  if (current.detail) message += ` (${current.detail})`;
  if (base)
    message += `, ${baseLabel} ${show(base.value)} (${changeOf(current.value, base.value)})`;
  if (notes.length) message += `: ${notes.join('; ')}`;
  if (worst.length > 0) {
    const labels = [...new Set(worst.map((w) => w.label))];
    message += `. Worst cases: ${labels.slice(0, 3).join(', ')}${labels.length > 3 ? ', …' : ''}`;
  }
  const hint =
    status === 'fail'
      ? 'look at the worst cases, fix them and re-run the evals; to accept the risk, add a waiver for this objective with an owner, ticket and expiry'
      : status !== 'warn'
        ? undefined
        : noisy
          ? 're-run with more cases to tell a real regression from noise'
          : j.status === 'warn'
            ? 'look at the worst cases before this warning becomes a failure'
            : 'promote a release to the baseline branch, or pin baseline.path, so relative criteria can be judged';
  return {
    item: {
      ...common,
      status,
      message,
      // Judged above on the exact values; reported as outputs show them.
      observed: reported(query.metric, current.value),
      ...(relative ? { baseline: base ? reported(query.metric, base.value) : null } : {}),
      ...(hint ? { hint } : {}),
    },
    worst,
    noisy,
    measured: current,
  };
}
