import { toPointer } from '../../parse/yaml.js';
import type { Pick } from '../../parse/json-bytes.js';
import {
  ShapeError,
  newRow,
  type AdapterOptions,
  type CaseRow,
  type ResultSink,
} from '../model.js';
import type { DocumentAdapter } from './documents.js';
import {
  arrayAt,
  describe,
  isObject,
  objectAt,
  optionalNumber,
  optionalString,
  scalarTags,
  suiteName,
  type Json,
} from './shape.js';

/**
 * inspect_ai eval logs: the JSON document of `--log-format json` and the `.eval` ZIP archive
 * (its `header.json` is the same log without samples, each `samples/<id>_epoch_<n>.json` one
 * sample). Both are mapped here, the same way; `eval-zip.ts` opens the archive.
 */

/** What is read of one sample (`EvalSample`). */
export const INSPECT_SAMPLE_PICK: Pick = {
  id: true,
  epoch: true,
  scores: { '*': { value: true } },
  error: { message: true },
  total_time: true,
  working_time: true,
  metadata: true,
  invalidation: true,
};

/** What is read of the log without its samples (`header.json` of a `.eval` archive). */
export const INSPECT_HEADER_PICK: Pick = {
  status: true,
  eval: { task: true },
  results: true,
  invalidated: true,
};

/** `inspect log invalidate` marks samples whose results no longer stand (the metrics keep them). */
const invalidated = (pointer: string) =>
  new ShapeError(
    'samples of this log were invalidated (inspect log invalidate): its results no longer stand',
    pointer,
    're-run the eval (an eval set retries invalidated samples), or uninvalidate them if that was a mistake',
  );

/**
 * The log's status, task, counts and each scorer's metrics; returns the suite. Only a run with
 * `status: success` counts. A log holding `logged` samples (0: written without them) is partial
 * when it holds fewer than `total_samples`, and an error when it holds more; without samples,
 * `completed_samples < total_samples` is a partial run. Metrics are
 * `results.scores[*].metrics[name].value`, named `name` and `scorer/name`; a scorer's
 * `stderr` metric is the standard error of its other metrics.
 */
export function inspectHeader(
  doc: Json,
  options: AdapterOptions,
  sink: ResultSink,
  logged: number,
): string {
  const status = optionalString(doc.status, '/status', '"status"');
  if (status !== 'success')
    throw new ShapeError(
      `the inspect run's status is ${status ?? 'missing'}: only a run with status "success" counts`,
      '/status',
      status === 'started'
        ? 'the run had not finished when the log was written (still running, or killed): let it finish, or re-run it'
        : 're-run the eval until it completes successfully',
    );
  if (doc.invalidated === true) throw invalidated('/invalidated');
  const evalInfo = objectAt(doc.eval, '/eval', '"eval"');
  const task = optionalString(evalInfo.task, '/eval/task', '"eval.task"');
  const suite = options.suite ?? (task ? suiteName(task) : options.fallbackSuite);
  const results = objectAt(doc.results, '/results', '"results"');
  const total = optionalNumber(results.total_samples, '/results/total_samples', '"total_samples"');
  const completed = optionalNumber(
    results.completed_samples,
    '/results/completed_samples',
    '"completed_samples"',
  );
  if (completed !== undefined)
    sink.aggregate({
      suite,
      name: 'cases',
      value: completed,
      n: completed,
      pointer: '/results/completed_samples',
    });
  if (total !== undefined && logged > total)
    throw new ShapeError(
      `the log holds ${logged} samples but its results count ${total} (total_samples): it was joined or edited`,
      '/results/total_samples',
      're-run the eval rather than joining or editing logs',
    );
  // completed_samples leaves out samples that errored: with the samples at hand, those are
  // errored cases, and only samples missing from the log make the run partial.
  if (logged > 0 && total !== undefined && logged < total)
    sink.partial({
      suite,
      message: `the log holds ${logged} of ${total} samples`,
      pointer: '/results/total_samples',
    });
  else if (logged === 0 && total !== undefined && completed !== undefined && completed < total)
    sink.partial({
      suite,
      message: `${completed} of ${total} samples completed`,
      pointer: '/results/completed_samples',
    });
  const scores = arrayAt(results.scores ?? [], '/results/scores', '"results.scores"');
  const bare = new Map<string, number>();
  for (const s of scores) {
    if (isObject(s) && isObject(s.metrics))
      for (const name of Object.keys(s.metrics)) bare.set(name, (bare.get(name) ?? 0) + 1);
  }
  scores.forEach((s, i) => {
    const score = objectAt(s, `/results/scores/${i}`, 'a score');
    const scorer =
      optionalString(score.name, `/results/scores/${i}/name`, 'the scorer name') ?? `scorer${i}`;
    const metrics = objectAt(score.metrics, `/results/scores/${i}/metrics`, '"metrics"');
    const stderrEntry = metrics.stderr;
    const stderr =
      isObject(stderrEntry) && typeof stderrEntry.value === 'number'
        ? stderrEntry.value
        : undefined;
    const n = typeof score.scored_samples === 'number' ? score.scored_samples : completed;
    for (const [name, m] of Object.entries(metrics)) {
      if (!isObject(m) || typeof m.value !== 'number' || !Number.isFinite(m.value)) continue;
      const pointer = toPointer(['results', 'scores', i, 'metrics', name, 'value']);
      const base = {
        suite,
        value: m.value,
        pointer,
        ...(n !== undefined ? { n } : {}),
        ...(stderr !== undefined && name !== 'stderr' ? { stderr } : {}),
      };
      sink.aggregate({ ...base, name: `${scorer}/${name}` });
      if (bare.get(name) === 1) sink.aggregate({ ...base, name });
    }
  });
  return suite;
}

/** inspect's `value_to_float` for the values it maps: C 1, P 0.5, I and N 0, yes/no, numbers. */
function scoreNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return undefined;
  if (v === 'C') return 1;
  if (v === 'P') return 0.5;
  if (v === 'I' || v === 'N') return 0;
  const lower = v.trim().toLowerCase();
  if (lower === 'yes' || lower === 'true') return 1;
  if (lower === 'no' || lower === 'false') return 0;
  const n = lower === '' ? NaN : Number(lower);
  return Number.isFinite(n) ? n : undefined;
}

const unreadableScore = (value: unknown, pointer: string) =>
  new ShapeError(
    `the score value is ${describe(value)}: not one inspect maps to a number (C, P, I, N, yes, no, true, false or a number)`,
    pointer,
    'give the scorer a value inspect can average, or leave this log out of the gate',
  );

/**
 * One sample as a case row: each scorer's value (C/P/I/N, booleans or numbers, or an object
 * of them) is a named metric (`scorer`, or `scorer/key`), and the sample passes when every
 * value is full marks; a sample with an `error` errors. `epoch` makes repeats samples of one
 * case (pass@k); `total_time` (seconds) is the latency; `metadata` gives the slice tags.
 */
export function inspectSample(
  sample: unknown,
  at: string,
  ref: number,
  suite: string,
  options: AdapterOptions,
  row: CaseRow,
  sink: ResultSink,
): void {
  const s = objectAt(sample, at, 'a sample');
  if (typeof s.id !== 'string' && typeof s.id !== 'number')
    throw new ShapeError(
      `the sample's "id" must be a string or a number, not ${describe(s.id)}`,
      `${at}/id`,
    );
  if (s.invalidation !== undefined && s.invalidation !== null)
    throw invalidated(`${at}/invalidation`);
  const epoch = optionalNumber(s.epoch, `${at}/epoch`, '"epoch"');
  if (epoch !== undefined && (!Number.isInteger(epoch) || epoch < 1))
    throw new ShapeError(`"epoch" must be a whole number from 1, not ${epoch}`, `${at}/epoch`);
  const errored = s.error !== undefined && s.error !== null;
  const metrics: Record<string, number> = {};
  let full = true;
  let scored = false;
  let harmful: boolean | undefined;
  const scores =
    s.scores === undefined || s.scores === null
      ? {}
      : objectAt(s.scores, `${at}/scores`, '"scores"');
  for (const [scorer, score] of Object.entries(scores)) {
    const scoreAt = `${at}${toPointer(['scores', scorer])}`;
    const value = objectAt(score, scoreAt, 'a score').value;
    const pointer = `${scoreAt}/value`;
    const parts: [string, unknown][] = isObject(value)
      ? Object.entries(value).map(([key, v]) => [`${scorer}/${key}`, v])
      : [[scorer, value]];
    for (const [name, v] of parts) {
      const n = scoreNumber(v);
      if (n === undefined) {
        if (errored) continue; // a sample that errored is an error, whatever its scores
        throw unreadableScore(v, pointer);
      }
      metrics[name] = n;
      scored = true;
      if (n !== 1) full = false;
    }
    if (options.harmMetrics.has(scorer.toLowerCase()))
      harmful = harmful === true || parts.some(([name]) => metrics[name] !== 1);
  }
  const working = optionalNumber(s.working_time, `${at}/working_time`, '"working_time"');
  if (working !== undefined) metrics.working_time = working;
  const seconds = optionalNumber(s.total_time, `${at}/total_time`, '"total_time"');
  row.suite = suite;
  row.id = String(s.id);
  row.label = String(s.id);
  row.sample = epoch === undefined ? undefined : epoch - 1;
  row.outcome = errored ? 'error' : scored ? (full ? 'pass' : 'fail') : undefined;
  row.latencyMs = seconds === undefined ? undefined : seconds * 1000;
  row.score = undefined;
  row.harmful = errored ? undefined : harmful;
  row.metrics = metrics;
  row.tags = scalarTags(s.metadata);
  row.ref = ref;
  sink.row(row);
}

/** inspect_ai `--log-format json`: the header's metrics, and each of `samples` as a case. */
export const inspect: DocumentAdapter = (doc, options, sink) => {
  const logged = Array.isArray(doc.samples) ? doc.samples.length : 0;
  const suite = inspectHeader(doc, options, sink, logged);
  const samples =
    doc.samples === undefined || doc.samples === null
      ? []
      : arrayAt(doc.samples, '/samples', '"samples"');
  const row = newRow(suite);
  samples.forEach((sample, i) =>
    inspectSample(sample, `/samples/${i}`, i, suite, options, row, sink),
  );
  return { rowPointer: (ref) => `/samples/${ref}` };
};
