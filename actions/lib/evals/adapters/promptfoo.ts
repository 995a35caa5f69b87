/** promptfoo results: `eval -o out.json` (a document) and `eval -o out.jsonl` (one per line). */
import {
  ShapeError,
  newRow,
  type AdapterOptions,
  type Outcome,
  type ResultSink,
  type TagValue,
} from '../model.js';
import type { DocumentAdapter } from './documents.js';
import type { LineAdapter } from './lines.js';
import {
  arrayAt,
  isObject,
  objectAt,
  optionalBoolean,
  optionalNumber,
  scalarTags,
  type Json,
} from './shape.js';

function numbersOf(v: unknown): Record<string, number> | undefined {
  if (!isObject(v)) return undefined;
  let out: Record<string, number> | undefined;
  for (const key in v) {
    const value = v[key];
    if (typeof value === 'number' && Number.isFinite(value)) (out ??= {})[key] = value;
  }
  return out;
}

/**
 * Harm verdict of a promptfoo grading result: harmful when an assertion tagged with one of
 * the harm metrics failed, not harmful when such assertions all passed, undefined otherwise.
 */
function promptfooHarm(grading: unknown, harmMetrics: ReadonlySet<string>): boolean | undefined {
  let verdict: boolean | undefined;
  const walk = (g: unknown, depth: number) => {
    if (!isObject(g) || depth > 8) return;
    const metric = isObject(g.assertion) ? g.assertion.metric : undefined;
    if (
      typeof metric === 'string' &&
      harmMetrics.has(metric.toLowerCase()) &&
      typeof g.pass === 'boolean'
    )
      verdict = verdict === true || !g.pass;
    if (Array.isArray(g.componentResults)) for (const c of g.componentResults) walk(c, depth + 1);
  };
  walk(grading, 0);
  return verdict;
}

/** The repeat count promptfoo ran with, when the file records it (v3 files do). */
function promptfooRepeat(doc: Json): number | undefined {
  const runtime = isObject(doc.runtimeOptions) ? doc.runtimeOptions.repeat : undefined;
  const configured =
    isObject(doc.config) && isObject(doc.config.evaluateOptions)
      ? doc.config.evaluateOptions.repeat
      : undefined;
  return repeatCount(runtime ?? configured);
}

const repeatCount = (r: unknown) =>
  typeof r === 'number' && Number.isInteger(r) && r > 0 ? r : undefined;

/** Where a promptfoo result is: its index in the document, or its line. */
interface PromptfooPlace {
  /** What messages call the result: "result 7", "line 8". */
  name(ref: number): string;
  /** A ShapeError at the result (its pointer, or its line). */
  error(ref: number, message: string, hint: string): ShapeError;
}

/**
 * promptfoo's EvaluateResults, one at a time: the same reading for `-o out.json` (each of
 * `results.results`) and `-o out.jsonl` (one per line). Each result is a case sample:
 * `success` passes; `failureReason` 2 (ERROR), or in v2 files an error with no grading, is an
 * error (counted in the pass-rate denominator, as promptfoo does). Named metric means come
 * from each result's `namedScores`, never from the per-prompt sums. With `--repeat`, results
 * of the same test, prompt and provider are samples of one case.
 */
function promptfooResults(options: AdapterOptions, sink: ResultSink, place: PromptfooPlace) {
  const suite = options.suite ?? options.fallbackSuite;
  const row = newRow(suite);
  const groups = options.groupSamples
    ? new Map<string, { count: number; first: number; repeat: number | undefined }>()
    : undefined;
  // Each result is numbered by test and prompt (repeats are tests of their own).
  const seen = new Map<string, number>();
  let ordinal = 0;

  return {
    /** `at`: the result's JSON pointer ('' for a line); `ref`: its index or line. */
    result(r: unknown, at: string, ref: number): void {
      const i = ordinal++;
      const result = objectAt(r, at, place.name(ref));
      const success = optionalBoolean(result.success, `${at}/success`, '"success"');
      if (success === undefined)
        throw new ShapeError('the result has no "success"', `${at}/success`);
      const grading = result.gradingResult;
      const reason = result.failureReason;
      // An error marks a success too: a result that errored cannot pass, whatever else it says.
      const hasError = typeof result.error === 'string' && result.error !== '';
      const errored =
        reason === 2 ||
        (hasError &&
          (success ||
            (reason === undefined && !(isObject(grading) && typeof grading.pass === 'boolean'))));
      row.outcome = (errored ? 'error' : success ? 'pass' : 'fail') as Outcome;
      row.latencyMs = optionalNumber(result.latencyMs, `${at}/latencyMs`, '"latencyMs"');
      row.score = optionalNumber(result.score, `${at}/score`, '"score"');
      row.metrics = numbersOf(result.namedScores);
      row.harmful = errored ? undefined : promptfooHarm(grading, options.harmMetrics);

      const provider = isObject(result.provider) ? result.provider : {};
      const providerName = String(provider.label ?? provider.id ?? '');
      const prompt = isObject(result.prompt) ? result.prompt : {};
      const test = isObject(result.testCase) ? result.testCase : undefined;
      const tags: Record<string, TagValue> = scalarTags(test?.metadata);
      for (const key in tags) if (key.startsWith('_')) delete tags[key];
      if (providerName) tags.provider = providerName;
      if (typeof prompt.label === 'string') tags.prompt = prompt.label;
      row.tags = tags;
      const testIdx = typeof result.testIdx === 'number' ? result.testIdx : i;
      if (typeof result.testIdx === 'number' && typeof result.promptIdx === 'number') {
        const key = `${result.testIdx}/${result.promptIdx}`;
        const first = seen.get(key);
        if (first !== undefined)
          throw new ShapeError(
            `${place.name(ref)} repeats ${place.name(first)} (test ${result.testIdx} of prompt ${result.promptIdx}): a case given twice`,
            at,
            'each result once: re-run promptfoo with -o rather than joining or editing output files',
          );
        seen.set(key, ref);
      }
      row.label =
        (typeof test?.description === 'string' && test.description) ||
        (typeof result.description === 'string' && result.description) ||
        `test ${testIdx}`;
      if (groups) {
        const key = JSON.stringify([
          providerName,
          result.promptId ?? prompt.label,
          test ?? result.vars,
        ]);
        const g = groups.get(key);
        row.sample = g ? g.count : 0;
        if (g) g.count++;
        else {
          // A test's own `options.repeat` overrides the run's (promptfoo 0.122 and later).
          const own = isObject(test?.options) ? repeatCount(test.options.repeat) : undefined;
          groups.set(key, { count: 1, first: ref, repeat: own });
        }
        row.id = key;
      } else {
        row.id = String(i);
        row.sample = undefined;
      }
      row.ref = ref;
      sink.row(row);
    },

    /**
     * After the last result: every test has as many samples as it was run for (`runRepeat`
     * when the file says, else as many as the other tests); anything else is ambiguous.
     */
    finish(runRepeat: number | undefined): void {
      if (!groups) return;
      let common = runRepeat;
      for (const g of groups.values()) if (g.repeat === undefined) common ??= g.count;
      for (const g of groups.values()) {
        const expected = g.repeat ?? common;
        if (expected === undefined || g.count === expected) continue;
        const why =
          g.repeat !== undefined
            ? " (the test's repeat count)"
            : runRepeat !== undefined
              ? " (the run's repeat count)"
              : ' like the other tests';
        throw place.error(
          g.first,
          `ambiguous repeats: this test has ${g.count} results for one prompt and provider, expected ${expected}${why}`,
          'give identical tests distinct descriptions or vars, or re-run the eval: pass@k needs the same number of samples per test',
        );
      }
    },
  };
}

/**
 * promptfoo `eval -o out.json`, both the v3 summary (`prompts`) and the older v2 (`table`):
 * each of `results.results` read by `promptfooResults`; `stats` must add up to them.
 */
export const promptfoo: DocumentAdapter = (doc, options, sink) => {
  const summary = objectAt(doc.results, '/results', '"results"');
  const version = optionalNumber(summary.version, '/results/version', '"results.version"');
  if (version === undefined || version < 2 || version > 3)
    throw new ShapeError(
      `unsupported promptfoo results version ${String(summary.version)}: release-gates reads versions 2 and 3`,
      '/results/version',
    );
  const results = arrayAt(summary.results, '/results/results', '"results.results"');
  const pointer = (ref: number) => `/results/results/${ref}`;
  const reader = promptfooResults(options, sink, {
    name: (ref) => `result ${ref}`,
    error: (ref, message, hint) => new ShapeError(message, pointer(ref), hint),
  });
  results.forEach((r, i) => reader.result(r, pointer(i), i));
  if (results.length > 0) reader.finish(promptfooRepeat(doc));

  const stats = isObject(summary.stats) ? summary.stats : undefined;
  if (stats) {
    const counts = [stats.successes, stats.failures, stats.errors ?? 0];
    if (counts.every((c) => typeof c === 'number')) {
      const total = (counts as number[]).reduce((a, b) => a + b, 0);
      if (total !== results.length)
        throw new ShapeError(
          `the file's stats count ${total} results but it holds ${results.length}: it is truncated or was edited`,
          '/results/stats',
          're-run promptfoo with -o to write a complete file',
        );
    }
  }
  return { rowPointer: pointer };
};

/**
 * promptfoo `eval -o results.jsonl`: one EvaluateResult per line, read as each result of the
 * JSON document is (`promptfooResults`). The file has no stats and no run options: the repeat
 * count comes from each test's `options.repeat`, else every test must have as many samples as
 * the others.
 */
export function promptfooLines(options: AdapterOptions, sink: ResultSink): LineAdapter {
  const reader = promptfooResults(options, sink, {
    name: (line) => `line ${line}`,
    error: (line, message, hint) => new ShapeError(message, '', hint, line),
  });
  return {
    line: (value, line) => reader.result(value, '', line),
    finish: () => reader.finish(undefined),
  };
}
