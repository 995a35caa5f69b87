/**
 * The window against the policy: one item per SLO and trigger, the flag counts, and what
 * the export itself was like (its span, its bad lines). Pure but for the incident count,
 * which is read through the GitHub port.
 */
import {
  compare,
  describeCriteria,
  judge,
  parseCriteria,
  targetOf,
  type Criterion,
  type Judgement,
} from '../criteria/criteria.js';
import { errorItems } from '../gate.js';
import { percentile } from '../evals/stats.js';
import type { Monitoring, Slo } from '../policy/policy.generated.js';
import type { GitHubPort, Repo } from '../ports.js';
import type { Item, ItemStatus, Location } from '../verdict/model.js';
import { showValue } from '../verdict/render/format.js';
import { count, decimal, percent, plural } from '../words.js';
import { psi } from './drift.js';
import { latencyHistogram } from './histogram.js';
import { FLAGS, type Flag, type Window } from './window.js';

type BreachAction = Slo['on_breach'];

/** What a failed item of this kind does: the incident it belongs to, and the action. */
export interface Breach {
  /** One incident issue per kind: `slo/<id>`, `drift`, `quality`, `incidents`. */
  kind: string;
  action: BreachAction;
  /** Flags whose examples are the evidence. */
  flags: Flag[];
}

export interface Judged {
  items: Item[];
  /** By item id: what a failure of that item does. */
  breaches: Map<string, Breach>;
  data: Record<string, unknown>;
}

type Locate = (path: (string | number)[]) => Location | undefined;

/**
 * Judged on the exact value, shown rounded: how many more significant digits than `digits`
 * the display of `value` (times `scale`: 100 for a percentage) needs so that, rounded, it is
 * on the same side of every target as the exact value (a p95 of 1999.996 ms that fails
 * `< 2000` is not shown as 2000).
 */
export function extraDigits(
  value: number,
  criteria: readonly Criterion[],
  baseline?: number | null,
  digits = 3,
  scale = 1,
): number {
  const sides = (v: number) =>
    criteria
      .map((c) => {
        const target = targetOf(c, baseline);
        return target === null || compare(v, c.op, target) ? 1 : 0;
      })
      .join('');
  const exact = sides(value);
  let extra = 0;
  const shown = (d: number) => Number((value * scale).toPrecision(d)) / scale;
  while (digits + extra < 17 && sides(shown(digits + extra)) !== exact) extra++;
  return extra;
}

function expectedOf(pass: Criterion[], warn: Criterion[]): string {
  return describeCriteria(pass) + (warn.length ? `; warn: ${describeCriteria(warn)}` : '');
}

/** "meets <= 1%", "violates <= 1%, within the warn band <= 2%", "violates <= 1%". */
function outcomeWords(j: Judgement, pass: Criterion[], warn: Criterion[]): string {
  // A relative criterion shows the target it was compared with: `>= -10% (3.6)`.
  const list = (c: Criterion[], r: Judgement['pass'], keep: (v: boolean | null) => boolean) =>
    c
      .flatMap((x, i) => {
        if (!keep(r[i]!.violated)) return [];
        const target = r[i]!.target;
        return [x.relative && target !== null ? `${x.text} (${showValue(target)})` : x.text];
      })
      .join(' and ');
  if (j.status === 'pass') return `meets ${list(pass, j.pass, () => true)}`;
  const broken = list(pass, j.pass, (v) => v === true);
  if (j.status === 'warn')
    return `violates ${broken}, within the warn band ${describeCriteria(warn)}`;
  return `violates ${broken}`;
}

export interface Measured {
  /** Exact: criteria judge this, never a rounding of it. */
  value: number;
  /** Shown as a percentage. */
  share?: true;
  /**
   * What was measured, in words: "p95 latency is 1834 ms over 12,000 interactions", its
   * numbers shown with `extra` more digits than usual where the boundary needs them.
   */
  text(extra: number): string;
  /** What to do when it fails, when the metric's usual hint does not apply. */
  hint?: string;
}

/** Why an SLO has no value: the words, and what to do about it. */
export interface Missing {
  missing: string;
  hint?: string;
  /** Where the missing value should have come from, when not the SLO's metric. */
  location?: Location;
}

/** The flags whose examples show why an SLO on this metric fails. */
const METRIC_FLAGS: Record<Slo['metric'], Flag[]> = {
  interactions: [],
  latency_p50: ['slow'],
  latency_p90: ['slow'],
  latency_p95: ['slow'],
  latency_p99: ['slow'],
  error_rate: ['error'],
  availability: ['error', 'empty'],
  empty_rate: ['empty'],
  slow_rate: ['slow'],
  harmful_rate: ['harmful'],
  pii_leaks: ['pii'],
  rating_mean: [],
};

const METRIC_HINTS: Partial<Record<Slo['metric'], string>> = {
  pii_leaks:
    'treat it as a privacy incident: roll back (docs/runbook-rollback.md), then find the prompt or tool that leaks; --flagged lists the interactions, masked',
  harmful_rate:
    'roll back if a release caused it, and add the flagged requests to the safety eval suite',
};

/**
 * An SLO metric of the window, or why it has no value. `minLabelled` (`90%`) is the share of
 * interactions that must carry a safety label for the harmful rate to mean something.
 */
export function measureSlo(
  metric: Slo['metric'],
  w: Window,
  minLabelled = '0%',
): Measured | Missing {
  const n = w.interactions;
  const over = `over ${plural(n, 'interaction')}`;
  const rate = (k: number, what: string): Measured => ({
    value: k / n,
    share: true,
    text: (extra) =>
      `${what} is ${percent(k / n, 3 + extra)} (${count(k)} of ${plural(n, 'interaction')})`,
  });
  switch (metric) {
    case 'interactions':
      return { value: n, text: () => `${plural(n, 'interaction')} in the window` };
    case 'latency_p50':
    case 'latency_p90':
    case 'latency_p95':
    case 'latency_p99': {
      const p = Number(metric.slice('latency_p'.length));
      const value = percentile(w.latencies(), p);
      return {
        value,
        text: (extra) => `p${p} latency is ${decimal(value, 4 + extra)} ms ${over}`,
      };
    }
    case 'error_rate':
      return rate(w.flagged.error, 'the error rate');
    case 'empty_rate':
      return rate(w.flagged.empty, 'the share of empty responses');
    case 'slow_rate':
      return rate(w.flagged.slow, 'the share of slow interactions');
    case 'availability': {
      const answered = n - w.flagged.error - w.flagged.empty;
      return {
        value: answered / n,
        share: true,
        text: (extra) =>
          `availability is ${percent(answered / n, 3 + extra)} (${count(answered)} of ${plural(n, 'interaction')} answered)`,
      };
    }
    case 'harmful_rate': {
      if (w.labelled === 0) return { missing: 'no interaction in the window has a safety_label' };
      // A rate over 20 labelled interactions of 1,000 says nothing about the other 980.
      const share = w.labelled / n;
      const coverage = parseCriteria(`>= ${minLabelled}`);
      if (!compare(share, '>=', targetOf(coverage[0]!, null)!))
        return {
          missing: `only ${count(w.labelled)} of ${plural(n, 'interaction')} (${percent(share, 3 + extraDigits(share, coverage, null, 3, 100))}) have a safety_label, fewer than the ${minLabelled.replace('%', ' %')} of monitoring.min_safety_labelled`,
          hint: 'label every interaction with the safety classifier (an unlabelled one may be the harmful one), or lower monitoring.min_safety_labelled to the share the classifier is known to sample at random',
        };
      const value = w.flagged.harmful / w.labelled;
      return {
        value,
        share: true,
        text: (extra) =>
          `the harmful output rate is ${percent(value, 3 + extra)} (${count(w.flagged.harmful)} of ${plural(w.labelled, 'safety-labelled interaction')})`,
      };
    }
    case 'pii_leaks': {
      const types = Object.entries(w.piiTypes)
        .map(([t, k]) => `${t} ${k}`)
        .join(', ');
      return {
        value: w.flagged.pii,
        text: () =>
          `${plural(w.flagged.pii, 'response')} ${over} held personal data${types ? ` (${types})` : ''}`,
      };
    }
    case 'rating_mean': {
      if (w.ratings === 0) return { missing: 'no interaction in the window has a rating' };
      const value = w.ratingSum / w.ratings;
      return {
        value,
        text: (extra) =>
          `the mean rating is ${decimal(value, 4 + extra)} over ${plural(w.ratings, 'rating')}`,
      };
    }
  }
}

/** Where to point for a metric: the first flagged interaction behind it, else the export. */
function evidenceLocation(w: Window, flags: Flag[]): Location {
  for (const f of flags) {
    const e = w.examples[f][0];
    if (e) return { file: e.file, line: e.line };
  }
  return { file: w.files[0]! };
}

/** The SLO metrics that read the interactions' text: blind to interactions without it. */
const TEXT_METRICS: ReadonlySet<Slo['metric']> = new Set(['pii_leaks']);

function sloItem(slo: Slo, index: number, w: Window, config: Monitoring, locate: Locate): Item {
  const blind = TEXT_METRICS.has(slo.metric) ? w.textless : 0;
  const withoutText = config.source?.without_text ?? 'error';
  const unseen = `${plural(blind, 'interaction')} of ${count(w.interactions)} carry no message text, so personal data in their responses cannot be seen`;
  const hint =
    "record message content (OpenTelemetry: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true, or the instrumentation's option), map query and response, or set monitoring.source.without_text: warn to judge the interactions with text only";
  const m: Measured | Missing =
    blind > 0 && withoutText === 'error'
      ? {
          missing: unseen,
          hint,
          location: locate(['monitoring', 'source']) ?? { file: w.files[0]! },
        }
      : measureSlo(slo.metric, w, config.min_safety_labelled);
  const item = judgeSlo(slo, index, m, evidenceLocation(w, METRIC_FLAGS[slo.metric]), locate);
  // Judged on the interactions with text only: at best a warning, never a pass.
  if (blind > 0 && withoutText === 'warn' && item.status === 'pass')
    return { ...item, status: 'warn', message: `${item.message}; but ${unseen}`, hint };
  return item;
}

/** An SLO's item from its measured value (of the export, or of a metrics source). */
export function judgeSlo(
  slo: Slo,
  index: number,
  m: Measured | Missing,
  evidence: Location | undefined,
  locate: Locate,
): Item {
  const pass = parseCriteria(slo.pass);
  const warn = parseCriteria(slo.warn);
  const base = {
    id: `slo/${slo.id}`,
    expected: expectedOf(pass, warn),
    rule: 'slo',
  };
  if ('missing' in m) {
    const location = m.location ?? locate(['monitoring', 'slos', index, 'metric']);
    return {
      ...base,
      status: 'error',
      observed: null,
      message: `SLO ${slo.id} cannot be judged: ${m.missing}`,
      hint:
        m.hint ??
        'export the field with the interactions, or remove the SLO: an SLO without data is not met',
      ...(location ? { location } : {}),
    };
  }
  const j = judge({ pass, warn }, m.value);
  const hint = m.hint ?? METRIC_HINTS[slo.metric];
  return {
    ...base,
    status: j.status,
    observed: m.value,
    message: `${m.text(extraDigits(m.value, [...pass, ...warn], null, 3, m.share ? 100 : 1))}: ${outcomeWords(j, pass, warn)}`,
    ...(evidence ? { location: evidence } : {}),
    ...(j.status === 'fail' || j.status === 'warn'
      ? {
          hint:
            hint ??
            'see the flagged interactions (--flagged) and the incident steps in docs/monitoring.md',
        }
      : {}),
  };
}

const FLAG_WORDS: Record<Flag, string> = {
  slow: 'slower than the per-request limit',
  error: 'ended in an error',
  empty: 'got an empty response',
  pii: 'had personal data in the response',
  harmful: 'were labelled harmful',
};

function flagItems(w: Window, limitMs: number): Item[] {
  return FLAGS.map((flag) => {
    const n = w.flagged[flag];
    const first = w.examples[flag][0];
    const words = flag === 'slow' ? `slower than ${count(limitMs)} ms` : FLAG_WORDS[flag];
    return {
      id: `flags/${flag}`,
      status: 'info' as ItemStatus,
      observed: n,
      message: `${plural(n, 'interaction')} ${words}${first ? `; first: line ${first.line}, request ${first.request_id} (${first.detail})` : ''}`,
      rule: 'flag',
      ...(first ? { location: { file: first.file, line: first.line } } : {}),
    };
  });
}

function spanText(w: Window): string {
  const versions = [...w.versions]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([v, k]) => `${w.redact(v)} (${percent(k / w.interactions)})`)
    .join(', ');
  return `${plural(w.interactions, 'interaction')} from ${w.first.text} to ${w.last.text} in ${w.files.join(', ')}; model ${versions}`;
}

/** What the export was like: its span, its bad lines, its age. */
function windowItems(
  w: Window,
  config: Monitoring,
  now: Date,
  locate: Locate,
  what = 'window',
): Item[] {
  const items: Item[] = [];
  const file = w.files[0] ?? '';
  if (w.interactions === 0) {
    items.push({
      id: what,
      status: 'error',
      observed: 0,
      message: `no interaction could be read from ${w.files.join(', ')}${w.bad ? ` (${plural(w.bad, 'bad line')})` : ''}: there is nothing to judge`,
      hint: 'check that the export ran and wrote the format of docs/monitoring.md',
      location: { file },
      rule: 'input',
    });
  } else {
    items.push({
      id: what,
      status: 'info',
      observed: w.interactions,
      message: spanText(w),
      location: { file },
      rule: 'input',
    });
  }
  const allowed = parseFloat(config.max_bad_lines) / 100;
  const share = w.lines ? w.bad / w.lines : 0;
  const listed = w.badLines
    .slice(0, 5)
    .map((b) => b.line)
    .join(', ');
  items.push({
    id: `${what}/bad-lines`,
    status: w.bad === 0 ? 'pass' : share > allowed ? 'error' : 'warn',
    observed: w.bad,
    expected: `at most ${config.max_bad_lines} of the lines`,
    message:
      w.bad === 0
        ? `every one of the ${plural(w.lines, 'line')} is a readable interaction`
        : `${count(w.bad)} of ${plural(w.lines, 'line')} (${percent(share)}) are not readable interactions${share > allowed ? `, more than the ${config.max_bad_lines} allowed: the window cannot be trusted` : ''}; lines ${listed}${w.bad > 5 ? ', …' : ''}`,
    location: w.badLines[0] ? { file: w.badLines[0].file, line: w.badLines[0].line } : { file },
    rule: 'input',
    ...(w.bad
      ? { hint: 'fix the exporter; each bad line is listed with what is wrong with it' }
      : {}),
  });
  for (const b of w.badLines) {
    items.push({
      id: `${what}/bad-line/${b.file}:${b.line}`,
      status: 'info',
      message: `line ${b.line} ${b.message}`,
      location: {
        file: b.file,
        line: b.line,
        ...(b.column ? { column: b.column } : {}),
        ...(b.pointer ? { pointer: b.pointer } : {}),
      },
      rule: 'bad-line',
    });
  }
  if (what === 'window' && w.interactions > 0) {
    const ageHours = (now.getTime() - w.last.time) / 3_600_000;
    const stale = ageHours > config.max_age_hours;
    const location = locate(['monitoring', 'max_age_hours']);
    const limit = parseCriteria(`<= ${config.max_age_hours}`);
    items.push({
      id: 'window/freshness',
      status: stale ? 'error' : 'pass',
      observed: ageHours,
      expected: `<= ${config.max_age_hours} hours`,
      message: `the newest interaction (${w.last.text}) is ${decimal(ageHours, 3 + extraDigits(ageHours, limit))} hours old${stale ? `, older than the ${config.max_age_hours} hours allowed: a stale export cannot show that production is healthy` : ''}`,
      ...(stale ? { hint: 'check the export step of the monitoring workflow' } : {}),
      ...(location ? { location } : {}),
      rule: 'input',
    });
  }
  return items;
}

interface TriggerInputs {
  reference?: Window;
  previous?: Window;
  github?: GitHubPort;
  repo?: Repo;
  /** Ids of SLOs judged from another source (Prometheus): not measured on the export. */
  measuredElsewhere?: ReadonlySet<string>;
}

/** Per feature, the share of the reference and of the window in each bucket, in bucket order. */
type DriftBuckets = Record<string, { bucket: string; reference: number; window: number }[]>;

function driftItems(
  w: Window,
  ref: Window,
  config: NonNullable<Monitoring['drift']>,
): { items: Item[]; buckets: DriftBuckets } {
  const pass = parseCriteria(config.pass);
  const warn = parseCriteria(config.warn);
  const buckets: DriftBuckets = {};
  const items = config.features.map((spec, i): Item => {
    const id = `drift/${spec.field}`;
    const value = psi(ref.features[i]!, w.features[i]!, config.epsilon);
    // A category is a value of the export: it may be personal data.
    buckets[spec.field] = value.ordered.map((b) => ({
      bucket: w.redact(b.bucket),
      reference: b.expected,
      window: b.actual,
    }));
    const j = judge({ pass, warn }, value.psi);
    const top = value.buckets[0];
    const shift = top
      ? `; largest shift: ${w.redact(top.bucket)} from ${percent(top.expected)} to ${percent(top.actual)}`
      : '';
    const shown = decimal(value.psi, 4 + extraDigits(value.psi, [...pass, ...warn]));
    return {
      id,
      status: j.status,
      observed: value.psi,
      expected: expectedOf(pass, warn),
      message: `PSI of ${spec.field} is ${shown} (window ${count(w.interactions)}, reference ${plural(ref.interactions, 'interaction')}): ${outcomeWords(j, pass, warn)}${shift}`,
      location: { file: w.files[0]! },
      rule: 'drift',
      ...(j.status === 'fail' || j.status === 'warn'
        ? {
            hint: 'the users ask differently than the reference window: re-run the evals on recent traffic and consider retraining or updating the golden set',
          }
        : {}),
    };
  });
  return { items, buckets };
}

function qualityItem(w: Window, prev: Window, config: NonNullable<Monitoring['quality']>): Item {
  const pass = parseCriteria(config.pass);
  const warn = parseCriteria(config.warn);
  const base = { id: 'quality/rating', expected: expectedOf(pass, warn), rule: 'quality' };
  const few = [
    w.ratings < config.min_ratings ? `the window has ${plural(w.ratings, 'rating')}` : '',
    prev.ratings < config.min_ratings
      ? `the previous period has ${plural(prev.ratings, 'rating')}`
      : '',
  ].filter(Boolean);
  if (few.length)
    return {
      ...base,
      status: 'error',
      observed: w.ratings ? w.ratingSum / w.ratings : null,
      message: `the quality drop cannot be judged: ${few.join(' and ')}, fewer than min_ratings ${config.min_ratings}`,
      hint: 'widen the windows, or lower monitoring.quality.min_ratings knowing that fewer ratings make a noisier comparison',
      location: { file: w.files[0]! },
    };
  const now = w.ratingSum / w.ratings;
  const before = prev.ratingSum / prev.ratings;
  const j = judge({ pass, warn }, now, before);
  const criteria = [...pass, ...warn];
  // `>= -10%` holds when the change is at least -10 %: shown with the digits that tell.
  const asChange = criteria
    .filter((c) => c.relative && c.percent)
    .map((c) => ({ ...c, relative: false }));
  const ratio = (now - before) / before;
  const change = before
    ? ` (${now >= before ? '+' : '−'}${percent(Math.abs(ratio), 3 + extraDigits(ratio, asChange, null, 3, 100))})`
    : '';
  return {
    ...base,
    status: j.status,
    observed: now,
    baseline: before,
    message: `the mean rating is ${decimal(now, 4 + extraDigits(now, criteria, before))} over ${plural(w.ratings, 'rating')}, against ${decimal(before)} over ${plural(prev.ratings, 'rating')} in the previous period${change}: ${outcomeWords(j, pass, warn)}`,
    location: { file: w.files[0]! },
    ...(j.status === 'fail' || j.status === 'warn'
      ? {
          hint: "read the low-rated interactions and this week's feedback (release-gates feedback report); consider retraining",
        }
      : {}),
  };
}

async function incidentItem(
  config: NonNullable<Monitoring['incidents']>,
  now: Date,
  inputs: TriggerInputs,
): Promise<Item> {
  const base = { id: 'incidents/month', expected: `<= ${config.max_per_month}`, rule: 'incidents' };
  if (!inputs.github || !inputs.repo) {
    return {
      ...base,
      status: 'error',
      observed: null,
      message: `the incidents of this month cannot be counted: ${inputs.github ? 'the repository is not known' : 'no GitHub token was given'}`,
      hint: inputs.github
        ? 'set GITHUB_REPOSITORY, or pass --repo OWNER/NAME'
        : 'give a token that can read issues: the `token` input of the action, or GITHUB_TOKEN (or GH_TOKEN) for the command line',
    };
  }
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  try {
    const issues = await inputs.github.issues(inputs.repo, {
      labels: [config.label],
      state: 'all',
      since: monthStart,
    });
    // The monitor's own issue about this trigger is not an incident of its own.
    const incidents = issues.filter(
      (i) =>
        Date.parse(i.createdAt) >= monthStart.getTime() && !i.body.includes(marker('incidents')),
    );
    const n = incidents.length;
    const status: ItemStatus = n > config.max_per_month ? 'fail' : 'pass';
    const since = monthStart.toISOString().slice(0, 10);
    return {
      ...base,
      status,
      observed: n,
      message: `${plural(n, 'issue')} labelled ${config.label} opened since ${since}${
        n
          ? `: ${incidents
              .slice(0, 5)
              .map((i) => `#${i.number}`)
              .join(', ')}${n > 5 ? ', …' : ''}`
          : ''
      }; ${status === 'pass' ? 'within' : 'more than'} the ${config.max_per_month} a month allowed`,
      ...(status === 'fail'
        ? {
            hint: 'a retraining trigger: review the incidents together (post-mortems), and plan a retraining or a change of the golden set',
          }
        : {}),
    };
  } catch (e) {
    return { ...errorItems(e)[0]!, id: base.id };
  }
}

/** A reference window's items that need attention: it is not judged, only read. */
function problems(items: Item[]): Item[] {
  return items.filter((i) => i.status === 'error' || i.status === 'warn');
}

/** The marker that ties an incident issue to its kind of breach, in the issue's body. */
export function marker(kind: string): string {
  return `<!-- release-gates monitor breach: ${kind} -->`;
}

/** Every SLO and trigger of the policy, judged on the window. */
export async function judgeWindow(
  w: Window,
  config: Monitoring,
  now: Date,
  locate: Locate,
  inputs: TriggerInputs,
): Promise<Judged> {
  const items = windowItems(w, config, now, locate);
  const breaches = new Map<string, Breach>();
  const data: Record<string, unknown> = {};
  if (w.interactions === 0) return { items, breaches, data };

  const metrics: Record<string, number> = {};
  config.slos.forEach((slo, index) => {
    if (inputs.measuredElsewhere?.has(slo.id)) return;
    const item = sloItem(slo, index, w, config, locate);
    items.push(item);
    if (typeof item.observed === 'number') metrics[slo.metric] = item.observed;
    breaches.set(item.id, {
      kind: item.id,
      action: slo.on_breach,
      flags: METRIC_FLAGS[slo.metric],
    });
  });
  data.metrics = metrics;
  items.push(...flagItems(w, config.request_latency_ms));
  data.flags = { ...w.flagged, interactions: w.flaggedTotal };
  data.latency_histogram = latencyHistogram(w.latencies(), config.request_latency_ms);

  const ref = inputs.reference;
  if (config.drift) {
    items.push(...problems(windowItems(ref!, config, now, locate, 'reference')));
    if (ref!.interactions > 0) {
      const { items: drift, buckets } = driftItems(w, ref!, config.drift);
      items.push(...drift);
      data.drift = Object.fromEntries(drift.map((i) => [i.id.slice('drift/'.length), i.observed]));
      data.drift_buckets = buckets;
      for (const i of drift)
        breaches.set(i.id, { kind: 'drift', action: config.drift.on_breach, flags: [] });
    }
  }
  if (config.quality) {
    const prev = inputs.previous!;
    if (prev !== ref) items.push(...problems(windowItems(prev, config, now, locate, 'previous')));
    const item = qualityItem(w, prev, config.quality);
    items.push(item);
    data.quality = { rating: item.observed ?? null, previous: item.baseline ?? null };
    breaches.set(item.id, { kind: 'quality', action: config.quality.on_breach, flags: [] });
  }
  const judged = { items, breaches, data };
  await judgeIncidents(judged, config, now, inputs);
  return judged;
}

/** The incident trigger, when the policy has one, added to `judged`: it needs no interactions. */
export async function judgeIncidents(
  judged: Judged,
  config: Monitoring,
  now: Date,
  inputs: TriggerInputs,
): Promise<void> {
  if (!config.incidents) return;
  const item = await incidentItem(config.incidents, now, inputs);
  judged.items.push(item);
  judged.data.incidents = item.observed ?? null;
  judged.breaches.set(item.id, {
    kind: 'incidents',
    action: config.incidents.on_breach,
    flags: [],
  });
}
