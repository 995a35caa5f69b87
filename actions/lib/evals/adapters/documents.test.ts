import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVAL_DOCUMENTS } from '../../../../test/support/eval-fixtures.js';
import { JsonBytes } from '../../parse/json-bytes.js';
import { ShapeError, type AdapterOptions, type ResultSink } from '../model.js';
import { documentFormat } from '../read.js';
import { deepEval } from './deepeval.js';
import { DOCUMENT_PICKS } from './documents.js';
import { lmEval } from './lm-eval.js';
import { promptfoo } from './promptfoo.js';
import { inspect } from './inspect.js';
import type { Json } from './shape.js';

const ADAPTERS = { promptfoo, lmEval, inspect, deepEval };

/** Everything an adapter tells its sink, the pointers of its rows, or the error it throws. */
function run(doc: Json, options: AdapterOptions): unknown {
  const events: unknown[] = [];
  const sink: ResultSink = {
    row: (row) => events.push(['row', structuredClone(row)]),
    aggregate: (metric) => events.push(['aggregate', structuredClone(metric)]),
    partial: (note) => events.push(['partial', structuredClone(note)]),
  };
  const out: Record<string, unknown> = { format: documentFormat(doc) };
  for (const [name, adapter] of Object.entries(ADAPTERS)) {
    events.length = 0;
    try {
      const info = adapter(doc, options, sink);
      const rows = events.filter((e) => (e as unknown[])[0] === 'row').length;
      out[name] = [...events, Array.from({ length: rows }, (_, i) => info.rowPointer(i))];
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      out[name] = [...events, { error: e.message, pointer: e.pointer, hint: e.hint }];
    }
  }
  return out;
}

/** Every adapter on the whole document and on what the reader picks of it: the same. */
function expectSame(text: string): void {
  const doc = JSON.parse(text) as Json;
  for (const [groupSamples, suite] of [
    [true, undefined],
    [false, undefined],
    [false, 'named'],
  ] as const) {
    const options: AdapterOptions = {
      file: 'f.json',
      suite,
      fallbackSuite: 'f',
      harmMetrics: new Set(['safety', 'harmful']),
      groupSamples,
    };
    const picked = new JsonBytes(new TextEncoder().encode(text)).pick(
      groupSamples ? DOCUMENT_PICKS.grouped : DOCUMENT_PICKS.ungrouped,
    ) as Json;
    expect(run(picked, options)).toStrictEqual(run(doc, options));
  }
}

function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
}

/** Every place in a document: its parent and the key or index there. */
function places(v: unknown, out: [Json | unknown[], string | number][] = []) {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v, i]);
      places(x, out);
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.push([v as Json, k]);
      places(x, out);
    }
  }
  return out;
}

/** A fixture made small: promptfoo's results and DeepEval's cases cut to a few. */
function small(doc: Json): Json {
  const results = (doc.results as Json | undefined)?.results;
  if (Array.isArray(results)) results.splice(6);
  if (Array.isArray(doc.testCases)) doc.testCases.splice(6);
  return doc;
}

const REPLACEMENTS = [
  null,
  'x',
  '',
  0,
  -0.5,
  3,
  2,
  true,
  false,
  [],
  {},
  ['a'],
  { a: 1 },
  undefined,
];

describe('the document adapters read only what the reader picks', () => {
  it.each(EVAL_DOCUMENTS)('give the same on %s', (file) => {
    expectSame(readFileSync(file, 'utf8'));
  });

  it.each(EVAL_DOCUMENTS)(
    'give the same on variants of %s with values changed or removed',
    (file) => {
      const pick = random(file.length);
      const original = JSON.stringify(small(JSON.parse(readFileSync(file, 'utf8'))));
      for (let n = 0; n < 120; n++) {
        const doc = JSON.parse(original) as Json;
        const all = places(doc);
        for (let k = 0; k < 3; k++) {
          const [parent, key] = pick(all);
          const value = pick(REPLACEMENTS);
          if (value === undefined && !Array.isArray(parent)) delete parent[key as string];
          else (parent as Record<string | number, unknown>)[key] = structuredClone(value ?? null);
        }
        expectSame(JSON.stringify(doc, null, 2));
      }
    },
  );
});
