import { posix } from 'node:path';
import type { Pick } from '../../parse/json-bytes.js';
import { ShapeError, newRow, type Outcome } from '../model.js';
import type { DocumentAdapter } from './documents.js';
import {
  arrayAt,
  describe,
  isObject,
  objectAt,
  optionalBoolean,
  optionalNumber,
  optionalString,
  scalarTags,
  suiteName,
  type Json,
} from './shape.js';

/**
 * A DeepEval test run (`TestRun` in deepeval/test_run/test_run.py), as DeepEval writes it:
 * wrapped as `{"testRunData": {...}}` in `.deepeval/.latest_test_run.json` (and, in versions
 * before 4, in the `test_run_*` files of `DEEPEVAL_RESULTS_FOLDER`), unwrapped in the
 * `test_run_*.json` files of 4.x and in `.deepeval/.latest_run_full.json`. A run uploaded to
 * Confident AI leaves only `{"testRunLink": ...}` in `.latest_test_run.json`.
 */
export function isDeepEvalRun(doc: Json): boolean {
  return (
    isObject(doc.testRunData) ||
    typeof doc.testRunLink === 'string' ||
    Array.isArray(doc.testCases) ||
    Array.isArray(doc.conversationalTestCases)
  );
}

interface Metric {
  name: string;
  success: boolean | undefined;
  score: number | undefined;
  error: boolean;
  /** DeepEval: a flaky metric never decides a case's verdict. */
  flaky: boolean;
}

function metricsOf(list: unknown, at: string): Metric[] {
  if (list === undefined || list === null) return [];
  return arrayAt(list, at, 'the metrics').map((m, j) => {
    const metric = objectAt(m, `${at}/${j}`, 'a metric');
    // Older versions wrote `metricsMetadata`, with the name under `metric`.
    const name = optionalString(metric.name ?? metric.metric, `${at}/${j}/name`, 'the metric name');
    if (!name) throw new ShapeError('the metric has no name', `${at}/${j}/name`);
    return {
      name,
      success: optionalBoolean(metric.success, `${at}/${j}/success`, '"success"'),
      score: optionalNumber(metric.score, `${at}/${j}/score`, '"score"'),
      error: typeof metric.error === 'string' && metric.error !== '',
      flaky: metric.flaky === true,
    };
  });
}

/** A case's verdict as DeepEval decides it, except that an errored metric makes it an error. */
function outcomeOf(success: boolean | undefined, metrics: Metric[]): Outcome | undefined {
  const deciding = metrics.filter((m) => !m.flaky);
  if (deciding.some((m) => m.error)) return 'error';
  if (success !== undefined) return success ? 'pass' : 'fail';
  if (deciding.length === 0) return undefined;
  return deciding.every((m) => m.success) ? 'pass' : 'fail';
}

/** Names DeepEval gives its files (hidden ones and `test_run_<YYYYMMDD_HHMMSS>`): no suite. */
const DEEPEVAL_FILE_NAME = /^(\.|test_run_\d{8}_\d{6}(_\d+)?$)/;

/** The test file's name without its extension, else the result file's, unless DeepEval named it. */
function defaultSuite(run: Json, at: string, fallback: string): string {
  const testFile = optionalString(run.testFile, `${at}/testFile`, '"testFile"');
  if (testFile) {
    const name = posix.basename(testFile.replace(/\\/g, '/'));
    return suiteName(name.replace(/\.py$/, '') || name);
  }
  return DEEPEVAL_FILE_NAME.test(fallback) ? 'deepeval' : fallback;
}

/**
 * DeepEval test runs: `testCases` and `conversationalTestCases` are cases. A case errors when
 * one of its metrics errored, else passes on its `success` (or when every metric succeeded);
 * flaky metrics do not decide, as in DeepEval. Metric scores become named metrics;
 * `completionTime` (seconds, the app's time to answer) the latency; `tags` and `metadata`
 * (`additionalMetadata` before 3.x) the slice tags. The run's `runDuration` (seconds) and
 * `evaluationCost` are tool metrics; `testPassed` and `testFailed` must agree with the cases.
 */
export const deepEval: DocumentAdapter = (doc, options, sink) => {
  if (!('testRunData' in doc) && typeof doc.testRunLink === 'string')
    throw new ShapeError(
      'this DeepEval file holds only a link to results uploaded to Confident AI ("testRunLink"), not the results',
      '/testRunLink',
      'keep the results on disk: set DEEPEVAL_RESULTS_FOLDER=<dir> (DeepEval then writes test_run_<timestamp>.json there, uploaded or not) and gate that file, or run `deepeval logout` so .deepeval/.latest_test_run.json keeps them',
    );
  const wrapped = 'testRunData' in doc;
  const at = wrapped ? '/testRunData' : '';
  const run = wrapped ? objectAt(doc.testRunData, at, '"testRunData"') : doc;
  const suite = options.suite ?? defaultSuite(run, at, options.fallbackSuite);
  const row = newRow(suite);
  const pointers: string[] = [];
  const verdicts = { passed: 0, failed: 0 };
  for (const key of ['testCases', 'conversationalTestCases'] as const) {
    const value = run[key];
    if (value === undefined || value === null) continue;
    arrayAt(value, `${at}/${key}`, `"${key}"`).forEach((c, i) => {
      const caseAt = `${at}/${key}/${i}`;
      const test = objectAt(c, caseAt, 'a test case');
      const metricsKey = test.metricsData !== undefined ? 'metricsData' : 'metricsMetadata';
      const metrics = metricsOf(test[metricsKey], `${caseAt}/${metricsKey}`);
      const success = optionalBoolean(test.success, `${caseAt}/success`, '"success"');
      if (success !== undefined) verdicts[success ? 'passed' : 'failed']++;
      row.outcome = outcomeOf(success, metrics);
      const scores: Record<string, number> = {};
      let harmful: boolean | undefined;
      for (const m of metrics) {
        if (m.score !== undefined) scores[m.name] = m.score;
        if (options.harmMetrics.has(m.name.toLowerCase()) && m.success !== undefined && !m.error)
          harmful = harmful === true || !m.success;
      }
      row.metrics = scores;
      row.harmful = harmful;
      const seconds = optionalNumber(
        test.completionTime,
        `${caseAt}/completionTime`,
        '"completionTime"',
      );
      row.latencyMs = seconds === undefined ? undefined : seconds * 1000;
      const tags = scalarTags(test.additionalMetadata, scalarTags(test.metadata));
      if (Array.isArray(test.tags))
        tags.tags = test.tags.filter((t): t is string => typeof t === 'string');
      row.tags = tags;
      const name = optionalString(test.name, `${caseAt}/name`, '"name"') ?? `${key} ${i}`;
      row.id = name;
      row.label = name;
      row.ref = pointers.length;
      pointers.push(caseAt);
      sink.row(row);
    });
  }
  if (pointers.length === 0 && !Array.isArray(run.testCases))
    throw new ShapeError(
      `"testCases" must be a list, not ${describe(run.testCases)}`,
      `${at}/testCases`,
    );
  checkCounts(run, at, verdicts);
  for (const name of ['runDuration', 'evaluationCost'] as const) {
    const value = optionalNumber(run[name], `${at}/${name}`, `"${name}"`);
    if (value !== undefined)
      sink.aggregate({ suite, name, value, n: pointers.length, pointer: `${at}/${name}` });
  }
  return { rowPointer: (ref) => pointers[ref] ?? '' };
};

/** The run's own pass and fail counts, when it has them, must be those of its cases. */
function checkCounts(run: Json, at: string, cases: { passed: number; failed: number }): void {
  const passed = optionalNumber(run.testPassed, `${at}/testPassed`, '"testPassed"');
  const failed = optionalNumber(run.testFailed, `${at}/testFailed`, '"testFailed"');
  if (passed === undefined || failed === undefined) return;
  if (passed !== cases.passed || failed !== cases.failed)
    throw new ShapeError(
      `the run counts ${passed} passed and ${failed} failed test cases, but its cases say ${cases.passed} and ${cases.failed}: it is truncated or was edited`,
      `${at}/testPassed`,
      're-run DeepEval to write a complete file',
    );
}

const METRIC_PICK: Pick = {
  name: true,
  metric: true,
  success: true,
  score: true,
  error: true,
  flaky: true,
};
const CASE_PICK: Pick = [
  {
    metricsData: [METRIC_PICK],
    metricsMetadata: [METRIC_PICK],
    success: true,
    completionTime: true,
    additionalMetadata: true,
    metadata: true,
    tags: true,
    name: true,
  },
];
const RUN_PICK = {
  testCases: CASE_PICK,
  conversationalTestCases: CASE_PICK,
  testFile: true,
  testPassed: true,
  testFailed: true,
  runDuration: true,
  evaluationCost: true,
} as const;

/** What `deepEval` and `isDeepEvalRun` read of a document, wrapped or not. */
export const DEEPEVAL_PICK = { ...RUN_PICK, testRunData: RUN_PICK, testRunLink: true } as const;
