/** The native JSON Lines format of eval results (docs/evals.md). */
import { toPointer } from '../../parse/yaml.js';
import {
  ShapeError,
  newRow,
  type AdapterOptions,
  type Outcome,
  type ResultSink,
  type TagValue,
} from '../model.js';
import type { LineAdapter } from './lines.js';
import {
  describe,
  isObject,
  optionalBoolean,
  optionalNumber,
  optionalString,
  scalarTags,
  suiteName,
  type Json,
} from './shape.js';

function caseId(v: unknown): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new ShapeError(
    v === undefined
      ? 'the case has no "id"'
      : `"id" must be a string or a number, not ${describe(v)}`,
    '/id',
    'give every case an "id"; repeated samples of one case share it',
  );
}

function metricValues(v: unknown): Record<string, number> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw new ShapeError(`"metrics" must be an object, not ${describe(v)}`, '/metrics');
  let converted: Record<string, number> | undefined;
  for (const name in v) {
    const value = v[name];
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    if (typeof value !== 'boolean')
      throw new ShapeError(
        `metric "${name}" must be a number or true/false, not ${describe(value)}`,
        toPointer(['metrics', name]),
      );
    converted ??= { ...(v as Record<string, number>) };
    converted[name] = value ? 1 : 0;
  }
  return converted ?? (v as Record<string, number>);
}

function isTag(value: unknown): boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean';
}

function tagValues(v: unknown): Record<string, TagValue> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new ShapeError(`"tags" must be an object, not ${describe(v)}`, '/tags');
  // Used as parsed unless some value is not a tag (an object, a list of numbers): then copied.
  for (const key in v) if (!isTag(v[key])) return scalarTags(v);
  return v as Record<string, TagValue>;
}

/**
 * The native format: one case (or one sample of a case) per line. See docs/evals.md.
 * `{"id": "refund-03", "suite": "quality", "sample": 2, "pass": true, "latency_ms": 812,
 *   "metrics": {"faithfulness": 0.91}, "tags": {"lang": "de"}}`
 */
export function nativeLines(options: AdapterOptions, sink: ResultSink): LineAdapter {
  const row = newRow();
  let lastDeclared: string | undefined;
  let lastSuite = options.fallbackSuite;
  return {
    line(value, line) {
      if (!isObject(value))
        throw new ShapeError(`a case must be a JSON object, not ${describe(value)}`, '');
      const c = value as Json;
      row.id = caseId(c.id);
      row.label = row.id;
      const declared = optionalString(c.suite, '/suite', '"suite"');
      if (declared !== lastDeclared) {
        lastDeclared = declared;
        lastSuite = declared ? suiteName(declared) : options.fallbackSuite;
        // A file's rows belong to the suite the policy gives it: no padding another suite.
        if (declared && options.suite && lastSuite !== options.suite) {
          lastDeclared = undefined;
          throw new ShapeError(
            `the case names suite ${lastSuite}, but the policy gives this file the suite ${options.suite}`,
            '/suite',
            'each suite in its own file: move the case, or remove its "suite"',
          );
        }
      }
      row.suite = options.suite ?? lastSuite;
      const sample = optionalNumber(c.sample, '/sample', '"sample"');
      if (sample !== undefined && (!Number.isInteger(sample) || sample < 0))
        throw new ShapeError(`"sample" must be a whole number from 0, not ${sample}`, '/sample');
      row.sample = sample;
      const pass = optionalBoolean(c.pass, '/pass', '"pass"');
      const error = c.error;
      if (
        error !== undefined &&
        error !== null &&
        typeof error !== 'string' &&
        typeof error !== 'boolean'
      )
        throw new ShapeError(
          `"error" must be a message or true/false, not ${describe(error)}`,
          '/error',
        );
      row.outcome = (error ? 'error' : pass === undefined ? undefined : pass ? 'pass' : 'fail') as
        Outcome | undefined;
      const latency = optionalNumber(c.latency_ms, '/latency_ms', '"latency_ms"');
      if (latency !== undefined && latency < 0)
        throw new ShapeError(`"latency_ms" must not be negative, got ${latency}`, '/latency_ms');
      row.latencyMs = latency;
      row.score = optionalNumber(c.score, '/score', '"score"');
      row.harmful = optionalBoolean(c.harmful, '/harmful', '"harmful"');
      row.metrics = metricValues(c.metrics);
      row.tags = tagValues(c.tags);
      row.ref = line;
      sink.row(row);
    },
  };
}
