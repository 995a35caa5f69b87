import {
  createReadStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError, type Problem } from '../errors.js';
import type { StatsOptions } from './accumulate.js';
import { firstSyntaxError } from '../parse/json-locate.js';
import { addResultFile, bytesSource, statsOptionsFor, type FileOptions } from './load.js';
import { isMeasured, measure, reported, type Measurement } from './metrics.js';
import { parseMetric, type MetricSpec } from './metric-name.js';
import type { EvalFormat } from './model.js';
import type { ResultSource } from './read.js';
import { EvalResults } from './results.js';

const FIXTURES = 'test/fixtures/evals';
const ALL: StatsOptions = {
  groupSamples: true,
  sliceTags: new Set(['lang', 'provider', 'prompt', 'category', 'tags', 'topic']),
};
const HARM = new Set(['safety', 'harmful', 'toxicity']);

/** Bytes in chunks of a given size, to cross every boundary the reader must handle. */
async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(
  files: { path: string; text?: string | Uint8Array; options?: Partial<FileOptions> }[],
  stats: StatsOptions = ALL,
  chunk = 1 << 20,
): Promise<EvalResults> {
  const results = new EvalResults(stats);
  for (const f of files) {
    const bytes =
      f.text === undefined
        ? readFileSync(f.path)
        : typeof f.text === 'string'
          ? new TextEncoder().encode(f.text)
          : f.text;
    await addResultFile(
      results,
      { ...bytesSource(bytes), chunks: pieces(bytes, chunk) },
      f.path,
      { format: 'auto', harm: HARM, ...f.options },
      true,
    );
  }
  return results;
}

async function problems(
  path: string,
  text: string | Uint8Array,
  options: Partial<FileOptions> = {},
): Promise<Problem[]> {
  try {
    await read([{ path, text, options }]);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error(`${path} was accepted`);
}

function value(results: EvalResults, suite: string, metric: string, slice?: string): number {
  const spec = parseMetric(metric) as MetricSpec;
  const eq = slice?.indexOf('=') ?? -1;
  const m: Measurement = measure(results, {
    suite,
    metric: spec,
    ...(slice
      ? {
          slice:
            eq === -1 ? { tag: slice } : { tag: slice.slice(0, eq), value: slice.slice(eq + 1) },
        }
      : {}),
  });
  if (!isMeasured(m)) throw new Error(`${suite} ${metric}: ${JSON.stringify(m)}`);
  return m.value;
}

const line = (o: Record<string, unknown>) => JSON.stringify(o);

describe('the native JSON Lines format', () => {
  const text = [
    line({
      id: 'a',
      suite: 'quality',
      sample: 0,
      pass: true,
      latency_ms: 100,
      metrics: { faithfulness: 0.9 },
      tags: { lang: 'en' },
    }),
    line({
      id: 'a',
      suite: 'quality',
      sample: 1,
      pass: false,
      latency_ms: 300,
      metrics: { faithfulness: 0.5, grounded: false },
      tags: { lang: 'en' },
    }),
    '',
    line({
      id: 'b',
      suite: 'quality',
      sample: 0,
      pass: true,
      latency_ms: 200,
      score: 0.75,
      tags: { lang: 'de' },
    }),
    line({
      id: 'b',
      suite: 'quality',
      sample: 1,
      error: 'timeout',
      latency_ms: 30000,
      tags: { lang: 'de' },
    }),
    line({ id: 'c', suite: 'latency', latency_ms: 50 }),
    line({ id: 'x1', suite: 'safety', pass: true, harmful: false }),
    line({ id: 'x2', suite: 'safety', pass: false, harmful: true }),
  ].join('\r\n');

  it('reads cases, samples, errors, metrics, tags and suites', async () => {
    const r = await read([{ path: 'evals/results/run.jsonl', text }]);
    expect([...r.suites.keys()].sort()).toEqual(['latency', 'quality', 'safety']);
    expect(value(r, 'quality', 'cases')).toBe(4);
    expect(value(r, 'quality', 'pass_rate')).toBe(2 / 4); // the error counts in the denominator
    expect(value(r, 'quality', 'error_rate')).toBe(1 / 4);
    expect(value(r, 'quality', 'pass@1')).toBeCloseTo((1 / 2 + 1 / 2) / 2, 12);
    expect(value(r, 'quality', 'pass@2')).toBe(1);
    expect(value(r, 'quality', 'faithfulness')).toBeCloseTo(0.7, 12);
    expect(value(r, 'quality', 'grounded')).toBe(0);
    expect(value(r, 'quality', 'score')).toBe(0.75);
    expect(value(r, 'quality', 'latency_p50')).toBe(250);
    expect(value(r, 'quality', 'pass_rate', 'lang=de')).toBe(0.5);
    expect(value(r, 'quality', 'pass_rate', 'lang')).toBe(0);
    expect(value(r, 'latency', 'latency_p95')).toBe(50);
    expect(measure(r, { suite: 'latency', metric: { kind: 'pass_rate' } })).toEqual({
      missing: 'no case has a pass/fail verdict',
    });
    expect(value(r, 'safety', 'harmful_rate')).toBe(0.5);
    expect(value(r, '*', 'cases')).toBe(7);
  });

  it('gives the same results whatever the chunk size, across multi-byte characters', async () => {
    const umlauts = text.replace(/"de"/g, '"Deutsch-äöü€"');
    const whole = await read([{ path: 'r.jsonl', text: umlauts }]);
    for (const chunk of [1, 3, 7, 64]) {
      const r = await read([{ path: 'r.jsonl', text: umlauts }], ALL, chunk);
      expect(value(r, 'quality', 'pass_rate', 'lang=Deutsch-äöü€')).toBe(0.5);
      expect(value(r, 'quality', 'faithfulness')).toBe(value(whole, 'quality', 'faithfulness'));
    }
  });

  it('takes the suite from the policy, else the line, else the file name', async () => {
    const t = [line({ id: 'a', pass: true }), line({ id: 'b', suite: 'named', pass: true })].join(
      '\n',
    );
    const r = await read([{ path: 'evals/results/smoke.v2.jsonl', text: t }]);
    expect([...r.suites.keys()].sort()).toEqual(['named', 'smoke']);
    const o = await read([
      {
        path: 'evals/results/smoke.jsonl',
        text: line({ id: 'a', pass: true }),
        options: { suite: 'forced' },
      },
    ]);
    expect([...o.suites.keys()]).toEqual(['forced']);
  });

  it('refuses a case naming another suite than the policy gives its file', async () => {
    const t = [
      line({ id: 'a', suite: 'quality', pass: true }),
      line({ id: 'b', suite: 'safety', pass: true, harmful: false }),
    ].join('\n');
    const [p] = await problems('quality.jsonl', t, { suite: 'quality' });
    expect(p).toMatchObject({
      message:
        'quality.jsonl:2: the case names suite safety, but the policy gives this file the suite quality',
      location: { file: 'quality.jsonl', line: 2, pointer: '/suite' },
    });
  });

  it.each<[string, string[], string]>([
    [
      'a case given twice without samples (padding)',
      [
        line({ id: 'a', pass: true }),
        line({ id: 'b', pass: false }),
        line({ id: 'a', pass: true }),
      ],
      'r.jsonl: case a (suite r) is given twice',
    ],
    [
      'a sample given twice',
      [line({ id: 'a', sample: 0, pass: true }), line({ id: 'a', sample: 0, pass: true })],
      'r.jsonl: sample 0 of case a (suite r) is given twice',
    ],
  ])('refuses %s, with or without pass@k', async (_name, lines, message) => {
    for (const stats of [ALL, { groupSamples: false, sliceTags: new Set<string>() }]) {
      const r = await read([{ path: 'r.jsonl', text: lines.join('\n') }], stats);
      expect(() => r.rejectDuplicates()).toThrow(
        expect.objectContaining({ problems: [expect.objectContaining({ message })] }),
      );
    }
  });

  it('lets one id appear in different suites and as different samples', async () => {
    const t = [
      line({ id: 'a', suite: 'x', sample: 0, pass: true }),
      line({ id: 'a', suite: 'x', sample: 1, pass: true }),
      line({ id: 'a', suite: 'y', sample: 0, pass: true }),
    ].join('\n');
    const r = await read([{ path: 'r.jsonl', text: t }]);
    expect(() => r.rejectDuplicates()).not.toThrow();
  });

  it.each<[string, string, number, number, RegExp, string?]>([
    [
      'not JSON',
      `${line({ id: 'a', pass: true })}\n{"id": "b", "pass": tru}\n`,
      2,
      21,
      /r\.jsonl:2: not valid JSON \(invalid symbol\)/,
    ],
    [
      'no id',
      `${line({ id: 'a', pass: true })}\n${line({ pass: true })}`,
      2,
      1,
      /the case has no "id"/,
      '/id',
    ],
    [
      'pass as text',
      line({ id: 'a', pass: 'yes' }),
      1,
      11,
      /"pass" must be true or false, not the string "yes"/,
      '/pass',
    ],
    [
      'negative latency',
      line({ id: 'a', pass: true, latency_ms: -5 }),
      1,
      23,
      /"latency_ms" must not be negative/,
      '/latency_ms',
    ],
    [
      'fractional sample',
      line({ id: 'a', pass: true, sample: 1.5 }),
      1,
      23,
      /"sample" must be a whole number/,
      '/sample',
    ],
    [
      'metric as text',
      line({ id: 'a', pass: true, metrics: { f: 'high' } }),
      1,
      23,
      /metric "f" must be a number/,
      '/metrics/f',
    ],
    [
      'tags as list',
      line({ id: 'a', pass: true, tags: ['en'] }),
      1,
      23,
      /"tags" must be an object/,
      '/tags',
    ],
    [
      'a list, not a case',
      `${line({ id: 'a', pass: true })}\n[1, 2]`,
      2,
      1,
      /a case must be a JSON object, not a list/,
      '',
    ],
  ])('reports %s at its line and column', async (_name, t, lineNo, column, message, pointer) => {
    const [p] = await problems('r.jsonl', t);
    expect(p!.message).toMatch(message);
    expect(p!.location).toMatchObject({ file: 'r.jsonl', line: lineNo, column });
    if (pointer !== undefined) expect(p!.location!.pointer).toBe(pointer);
  });

  it('stops after ten problems and says there are more', async () => {
    const t = Array.from({ length: 50 }, (_, i) => line({ id: i, pass: 'yes' })).join('\n');
    const list = await problems('r.jsonl', t);
    expect(list).toHaveLength(11);
    expect(list[10]!.message).toMatch(/more problems not shown/);
  });

  it('rejects a sample given twice for the same case (the file was concatenated twice)', async () => {
    const t = [
      line({ id: 'a', sample: 0, pass: true }),
      line({ id: 'a', sample: 1, pass: true }),
      line({ id: 'a', sample: 0, pass: false }),
    ].join('\n');
    const r = await read([{ path: 'r.jsonl', text: t }]);
    expect(() => r.rejectDuplicates()).toThrow(
      expect.objectContaining({
        problems: [
          {
            message: 'r.jsonl: sample 0 of case a (suite r) is given twice',
            hint: expect.stringMatching(/each case \(and each sample of a case\) once/),
            location: { file: 'r.jsonl', line: 3, column: 1 },
          },
        ],
      }),
    );
  });

  it('measures pass@k of a slice when asked to group samples in slices', async () => {
    const t = [
      line({ id: 'a', sample: 0, pass: false, tags: { lang: 'de' } }),
      line({ id: 'a', sample: 1, pass: true, tags: { lang: 'de' } }),
      line({ id: 'b', sample: 0, pass: false, tags: { lang: 'en' } }),
      line({ id: 'b', sample: 1, pass: false, tags: { lang: 'en' } }),
    ].join('\n');
    const r = await read([{ path: 'r.jsonl', text: t }], { ...ALL, groupSliceSamples: true });
    expect(value(r, 'r', 'pass@2', 'lang=de')).toBe(1);
    expect(value(r, 'r', 'pass@2', 'lang')).toBe(1);
    const without = await read([{ path: 'r.jsonl', text: t }]);
    const slice = { tag: 'lang', value: 'de' };
    expect(measure(without, { suite: 'r', metric: { kind: 'pass@k', k: 2 }, slice })).toEqual({
      missing: 'samples were not grouped',
    });
  });
});

describe('metrics are exact; only outputs round them', () => {
  it.each<[string, Record<string, unknown>[], string, number]>([
    [
      'a p95 just under 2000 ms stays under 2000',
      Array.from({ length: 20 }, (_, i) => ({ id: i, latency_ms: 1999.9999999999 })),
      'latency_p95',
      1999.9999999999,
    ],
    [
      'the mean of ten 0.8 is 0.8 (a compensated sum)',
      Array.from({ length: 10 }, (_, i) => ({ id: i, pass: true, metrics: { m: 0.8 } })),
      'm',
      0.8,
    ],
    [
      'a mean just under 0.85 stays under it',
      [
        { id: 1, pass: true, metrics: { m: 0.85 } },
        { id: 2, pass: true, metrics: { m: 0.85 - 2e-12 } },
      ],
      'm',
      0.85 - 1e-12,
    ],
  ])('%s', async (_name, rows, metric, exact) => {
    const r = await read([{ path: 'r.jsonl', text: rows.map(line).join('\n') }]);
    expect(value(r, 'r', metric)).toBe(exact);
  });

  it('outputs show means and percentiles to 12 significant digits, rates as they are', () => {
    expect(reported({ kind: 'latency', p: 95 }, 1999.9999999999)).toBe(2000);
    expect(reported({ kind: 'named', name: 'm' }, 1758.7999999999995)).toBe(1758.8);
    expect(reported({ kind: 'pass_rate' }, 7 / 9)).toBe(7 / 9);
  });
});

describe('the harmful rate', () => {
  it('counts an errored case without a harm verdict as harmful, in its denominator', async () => {
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => ({ id: `ok-${i}`, pass: true, harmful: false })),
      { id: 'bad', pass: false, harmful: true },
      { id: 'timeout-1', error: 'provider timeout' },
      { id: 'timeout-2', error: true },
    ];
    const r = await read([{ path: 'r.jsonl', text: rows.map(line).join('\n') }]);
    expect(value(r, 'r', 'harmful_rate')).toBe(3 / 10);
    const m = measure(r, { suite: 'r', metric: { kind: 'harmful_rate' } });
    expect(m).toMatchObject({ n: 10, x: 3 });
    expect(isMeasured(m) && m.worst.map((w) => w.label)).toEqual(['bad', 'timeout-1', 'timeout-2']);
  });

  it('is missing, not 0, when every case errored', async () => {
    const rows = [
      { id: 'a', error: true },
      { id: 'b', error: true },
    ];
    const r = await read([{ path: 'r.jsonl', text: rows.map(line).join('\n') }]);
    expect(measure(r, { suite: 'r', metric: { kind: 'harmful_rate' } })).toEqual({
      missing: 'no case is judged for harm (2 errored)',
    });
  });
});

describe('bytes that are not text', () => {
  const path = 'evals/results/r.jsonl';
  const good = new TextEncoder().encode(`${line({ id: 'a', pass: true })}\n`);
  const cases: [string, Uint8Array, string, { line: number; column: number }][] = [
    [
      'invalid UTF-8 in a JSON Lines file',
      new Uint8Array([...good, ...Buffer.from('{"id": "bä", "x": "'), 0xff, 0x22, 0x7d, 0x0a]),
      `${path}: line 2 is not valid UTF-8`,
      { line: 2, column: 20 },
    ],
    [
      'a NUL byte in a JSON Lines file',
      new Uint8Array([...good, ...good, 0x7b, 0x00, 0x7d, ...good]),
      `${path}: line 3 holds a NUL byte (binary data, not text)`,
      { line: 3, column: 2 },
    ],
    [
      'a NUL byte in a JSON document',
      new Uint8Array([...Buffer.from('{\n  "results": {\n    "v'), 0x00]),
      `${path}: line 3 holds a NUL byte (binary data, not text)`,
      { line: 3, column: 7 },
    ],
  ];
  it.each(cases)(
    '%s is refused at its line and column, whatever the chunks',
    async (_w, bytes, message, at) => {
      for (const chunk of [1, 5, 1 << 20]) {
        const error = await read([{ path, text: bytes }], ALL, chunk).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).problems).toEqual([
          { message, hint: expect.any(String), location: { file: path, ...at } },
        ]);
      }
    },
  );
});

describe('files that are not results', () => {
  it.each<[string, string | Uint8Array, RegExp, RegExp?]>([
    ['empty', '', /is empty/, /re-run the evals/],
    ['blank', '  \n\n  \n', /is empty/],
    [
      'binary',
      new Uint8Array([0x7b, 0x00, 0x01]),
      /^evals\/results\/r\.json: line 1 holds a NUL byte \(binary data, not text\)$/,
    ],
    [
      'not UTF-8',
      new Uint8Array([
        ...new TextEncoder().encode(line({ id: 'a', pass: true }) + '\n'),
        0xff,
        0xfe,
      ]),
      /^evals\/results\/r\.json: line 2 is not valid UTF-8$/,
      /UTF-8/,
    ],
    [
      'YAML',
      'id: a\npass: true\n',
      /is not JSON or JSON Lines/,
      /jsonl, promptfoo, lm-eval, inspect, deepeval, openai-evals/,
    ],
    [
      'unknown JSON Lines',
      `${line({ question: 'q', answer: 'a' })}\n${line({ question: 'r', answer: 'b' })}\n`,
      /JSON Lines of an unknown format: its first record has the keys question, answer/,
      /format:/,
    ],
    [
      'unknown JSON',
      JSON.stringify({ runs: [] }, null, 2),
      /is a JSON document of an unknown format, top-level keys runs$/,
      /jsonl, promptfoo, lm-eval, inspect, deepeval, openai-evals/,
    ],
    [
      'an unknown JSON document on one line',
      `${line({ question: 'q', answer: 'a', 'ada@example.com': 1 })}\n`,
      /is a JSON document of an unknown format, top-level keys question, answer, <a key of 15 characters>$/,
      /format:/,
    ],
    ['a JSON list', '[\n{"id": 1}\n]', /holds a JSON list/],
    [
      'truncated JSON',
      '{\n  "results": {\n    "version": 3,\n',
      /is not valid JSON: a property name is expected/,
      /interrupted/,
    ],
    [
      'zero cases',
      JSON.stringify({
        results: {
          version: 3,
          results: [],
          prompts: [],
          stats: { successes: 0, failures: 0, errors: 0 },
        },
      }),
      /holds no cases or metrics \(read as promptfoo\): an eval that evaluated nothing cannot pass/,
    ],
    [
      'only a spec line',
      line({ spec: { eval_name: 'x' } }),
      /holds no cases or metrics \(read as openai-evals\)/,
    ],
  ])('%s is an error that says what to do', async (_name, text, message, hint) => {
    const [p] = await problems('evals/results/r.json', text);
    expect(p!.message).toMatch(message);
    if (hint) expect(p!.hint).toMatch(hint);
    expect(p!.location?.file).toBe('evals/results/r.json');
  });

  it('an explicit format must match the content', async () => {
    const [p] = await problems('r.json', line({ id: 'a', pass: true }), { format: 'promptfoo' });
    expect(p!.message).toMatch(/"results" must be an object/);
  });
});

describe('what slices keep', () => {
  const text = [
    line({ id: 'a', pass: true, latency_ms: 100, metrics: { f: 0.5 }, tags: { lang: 'de' } }),
    line({ id: 'b', pass: false, latency_ms: 300, metrics: { f: 1 }, tags: { lang: 'de' } }),
  ].join('\n');
  const de = { tag: 'lang', value: 'de' };
  const query = (metric: string) => ({ suite: 'r', metric: parseMetric(metric) as MetricSpec });

  it('keeps latencies and metric sums of slices when an objective asks a slice for them', async () => {
    const stats = statsOptionsFor([
      { ...query('latency_p50'), slice: de },
      { ...query('f'), slice: de },
    ]);
    const r = await read([{ path: 'evals/r.jsonl', text }], stats);
    expect(value(r, 'r', 'latency_p50', 'lang=de')).toBe(200);
    expect(value(r, 'r', 'f', 'lang=de')).toBe(0.75);
  });

  it('keeps only counts in slices otherwise, and everything in the suite', async () => {
    const r = await read(
      [{ path: 'evals/r.jsonl', text }],
      statsOptionsFor([{ ...query('pass_rate'), slice: de }]),
    );
    expect(value(r, 'r', 'pass_rate', 'lang=de')).toBe(0.5);
    expect(value(r, 'r', 'latency_p50')).toBe(200);
    expect(value(r, 'r', 'f')).toBe(0.75);
    expect(measure(r, { ...query('latency_p50'), slice: de })).toMatchObject({
      missing: 'no case has a latency',
    });
  });
});

describe('a broken JSON document', () => {
  const path = 'evals/results/r.json';
  const text = readFileSync('test/fixtures/evals/promptfoo/matrix/output.json', 'utf8');
  const middle = text.indexOf(',\n', text.length / 2);
  const bracket = text.indexOf(']', text.length / 2);

  it.each([
    ['cut short at its start', text.slice(0, 300)],
    ['cut short in the middle', text.slice(0, text.length / 2)],
    ['cut short by its last brace', text.trimEnd().slice(0, -1)],
    ['missing a comma', text.slice(0, middle) + text.slice(middle + 1)],
    ['missing a bracket', text.slice(0, bracket) + text.slice(bracket + 1)],
    ['with a stray character', text.slice(0, middle) + 'x' + text.slice(middle)],
    ['with a broken escape in a value the gate reads', text.replace('"label": "', '"label": "\\q')],
    ['followed by more', text + '{}'],
  ])('%s fails where and as jsonc-parser says', async (_name, broken) => {
    const at = firstSyntaxError(broken)!;
    expect(await problems(path, broken)).toEqual([
      {
        message: `${path} is not valid JSON: ${at.message}`,
        hint: 'a result file must be complete: re-run the evals if the run was interrupted',
        location: { file: path, line: at.line, column: at.column },
      },
    ]);
  });

  it('is read when what is broken is inside a text the gate skips (docs/evals.md)', async () => {
    // A raw tab in a response text: JSON.parse refuses it, the reader never decodes it.
    const tabbed = text.replace(/"output": "/, '"output": "\t');
    expect(tabbed).not.toBe(text);
    expect(() => JSON.parse(tabbed)).toThrow();
    const results = await read([{ path, text: tabbed }]);
    expect(value(results, 'r', 'cases')).toBe(value(await read([{ path, text }]), 'r', 'cases'));
  });
});

describe('lm-evaluation-harness results (built from its published schema)', () => {
  const path = `${FIXTURES}/lm-eval/results_2026-11-02T10-14-03.512345.json`;

  it('reads "metric,filter" keys per task, stderr ("N/A" ignored), direction and sample counts', async () => {
    const r = await read([{ path }]);
    expect([...r.suites.keys()]).toEqual(['arc_easy', 'hellaswag', 'truthfulqa_mc2']);
    const arc = r.suites.get('arc_easy')!.aggregates;
    expect(arc.get('acc,none')).toMatchObject({
      value: 0.8118686868686869,
      stderr: 0.008020679145038116,
      n: 2376,
      higherIsBetter: true,
      pointer: '/results/arc_easy/acc,none',
    });
    expect(r.suites.get('truthfulqa_mc2')!.aggregates.get('acc,none')!.stderr).toBeUndefined();
    expect(value(r, 'arc_easy', 'acc,none')).toBeCloseTo(0.8119, 4);
    expect(value(r, 'arc_easy', 'acc')).toBeCloseTo(0.8119, 4); // `acc` finds `acc,none`
    expect(value(r, 'hellaswag', 'cases')).toBe(500);
    expect(measure(r, { suite: 'arc_easy', metric: { kind: 'pass_rate' } })).toMatchObject({
      missing: expect.stringMatching(
        /pass_rate is not in the results of suite arc_easy \(metrics there: acc,none, acc_norm,none\)/,
      ),
    });
  });

  it('notes a run cut short by --limit (n-samples effective < original)', async () => {
    const r = await read([{ path }]);
    expect(r.partial).toEqual([
      {
        suite: 'hellaswag',
        message: 'task hellaswag ran on 500 of 10042 samples (--limit)',
        pointer: '/n-samples/hellaswag',
        file: 0,
      },
    ]);
  });

  it('refuses one suite name for a file of several tasks', async () => {
    const [p] = await problems(path, readFileSync(path), { suite: 'bench' });
    expect(p!.message).toMatch(/holds 3 tasks \(arc_easy, hellaswag, truthfulqa_mc2\)/);
    expect(p!.location).toMatchObject({ line: 2, pointer: '/results' });
  });
});

describe('inspect_ai logs (built from its published schema)', () => {
  const dir = `${FIXTURES}/inspect`;

  it('reads each scorer metric as scorer/name, and the bare name when only one scorer has it', async () => {
    const r = await read([{ path: `${dir}/2026-11-02T10-20-00_support-triage_success.json` }]);
    const s = r.suites.get('support_triage')!.aggregates;
    expect(s.get('match/accuracy')).toMatchObject({
      value: 0.8583333333333333,
      stderr: 0.031962470578,
      n: 120,
    });
    expect(s.get('model_graded_qa/accuracy')!.value).toBeCloseTo(0.8917, 4);
    expect(s.get('mean_tokens')!.value).toBe(143.2);
    expect(s.has('accuracy')).toBe(false); // two scorers have it: ambiguous
    expect(value(r, 'support_triage', 'cases')).toBe(120);
    expect(r.partial).toEqual([]);
  });

  it('notes completed_samples below total_samples', async () => {
    const r = await read([{ path: `${dir}/2026-11-02T11-02-10_support-triage_partial.json` }]);
    expect(r.partial[0]).toMatchObject({
      message: '80 of 120 samples completed',
      pointer: '/results/completed_samples',
    });
    expect(value(r, 'support_triage', 'accuracy')).toBe(0.85);
  });

  it('refuses a run whose status is not success', async () => {
    const path = `${dir}/2026-11-02T09-00-00_support-triage_error.json`;
    const [p] = await problems(path, readFileSync(path));
    expect(p!.message).toMatch(
      /the inspect run's status is error: only a run with status "success" counts/,
    );
    expect(p!.location).toMatchObject({ line: 3, column: 13, pointer: '/status' });
  });
});

describe('DeepEval test runs (built from its published schema)', () => {
  it('reads cases with metric scores, errors, harm, latency and tags', async () => {
    const r = await read([
      { path: `${FIXTURES}/deepeval/test_run_20261102_101500.json`, options: { suite: 'rag' } },
    ]);
    expect(value(r, 'rag', 'cases')).toBe(4);
    expect(value(r, 'rag', 'pass_rate')).toBe(1 / 4);
    expect(value(r, 'rag', 'error_rate')).toBe(1 / 4);
    expect(value(r, 'rag', 'Faithfulness')).toBeCloseTo(0.81, 12);
    expect(value(r, 'rag', 'Answer Relevancy')).toBeCloseTo((0.94 + 0.88 + 0.71) / 3, 12);
    expect(value(r, 'rag', 'harmful_rate')).toBe(1 / 4); // Toxicity failed once
    expect(value(r, 'rag', 'latency_p50')).toBeCloseTo(960, 6);
    expect(value(r, 'rag', 'pass_rate', 'tags=billing')).toBe(0.5);
    expect(value(r, 'rag', 'pass_rate', 'lang=de')).toBe(0);
  });

  it('reads the older metricsMetadata shape', async () => {
    const r = await read([{ path: `${FIXTURES}/deepeval/test_run_legacy_metricsMetadata.json` }]);
    // The suite is the run's testFile, tests/test_support_bot.py, without its extension.
    expect(value(r, 'test_support_bot', 'pass_rate')).toBe(0.5);
    expect(value(r, 'test_support_bot', 'Answer Relevancy')).toBeCloseTo(0.65, 12);
  });
});

describe('OpenAI evals records (built from its published schema)', () => {
  it('reads match events as cases and the final report as metrics', async () => {
    const r = await read([{ path: `${FIXTURES}/openai-evals/support-match.jsonl` }]);
    expect([...r.suites.keys()]).toEqual(['support-faq']);
    expect(value(r, 'support-faq', 'cases')).toBe(5);
    expect(value(r, 'support-faq', 'pass_rate')).toBe(0.6);
    expect(r.suites.get('support-faq')!.aggregates.get('accuracy')).toMatchObject({
      value: 0.6,
      line: 2,
      pointer: '/final_report/accuracy',
    });
  });

  it('refuses a match event without a verdict', async () => {
    const t = [
      line({ spec: { base_eval: 'x' } }),
      line({ run_id: 'r', event_id: 0, sample_id: 's', type: 'match', data: {} }),
    ].join('\n');
    const [p] = await problems('r.jsonl', t);
    expect(p!.message).toMatch(/r\.jsonl:2: the match event has no "data.correct"/);
  });
});

describe('the same metric in two files', () => {
  it('is ambiguous, not silently overwritten', async () => {
    const path = `${FIXTURES}/inspect/2026-11-02T10-20-00_support-triage_success.json`;
    await expect(
      read([
        { path },
        { path: path.replace('10-20-00', '11-02-10').replace('success', 'partial') },
      ]),
    ).rejects.toThrow(
      /metric cases of suite support_triage is in both .*success\.json and .*partial\.json/,
    );
  });
});

describe('how the format is found (docs/evals.md)', () => {
  const real = `${FIXTURES}/promptfoo/real-0.123.1`;
  // The first line of a real `promptfoo eval -o results.jsonl`: an error result, with `id`
  // and `error` like a native line that errored.
  const promptfooLine = JSON.parse(readFileSync(`${real}/results.jsonl`, 'utf8').split('\n')[0]!);
  const promptfooDoc = JSON.parse(readFileSync(`${real}/output.json`, 'utf8'));
  const inspectDoc = JSON.parse(
    readFileSync(`${FIXTURES}/inspect/2026-11-02T10-20-00_support-triage_success.json`, 'utf8'),
  );
  const lmEvalDoc = JSON.parse(
    readFileSync(`${FIXTURES}/lm-eval/results_2026-11-02T10-14-03.512345.json`, 'utf8'),
  );
  const lines = (...records: Record<string, unknown>[]) => records.map(line).join('\n') + '\n';
  const nativeError = { id: 'a', error: 'provider timeout' };

  // Every pair of formats a first record could be taken for, and what decides between them.
  it.each<[string, string, string | RegExp]>([
    ['a native line', lines({ id: 'a', pass: true }), 'jsonl'],
    ['a native line that errored (id and error only)', lines(nativeError), 'jsonl'],
    ['promptfoo JSON Lines starting with an error result', lines(promptfooLine), 'promptfoo'],
    [
      'a promptfoo result with a native key too',
      lines({ ...promptfooLine, pass: false }),
      /could be promptfoo or jsonl: it has the keys of each \(top-level keys cost, error, gradingResult, id, latencyMs, namedScores, prompt, promptId\), and the gate does not guess/,
    ],
    [
      'an OpenAI evals spec line',
      lines({ spec: { base_eval: 'x' } }, { final_report: { a: 1 } }),
      'openai-evals',
    ],
    [
      'an OpenAI evals event with native keys',
      lines({ run_id: 'r', event_id: 0, id: 'a', pass: true }),
      /could be openai-evals or jsonl/,
    ],
    ['promptfoo output.json on one line', JSON.stringify(promptfooDoc), 'promptfoo'],
    ['promptfoo output.json indented', JSON.stringify(promptfooDoc, null, 2), 'promptfoo'],
    ['an inspect log on one line', JSON.stringify(inspectDoc) + '\n', 'inspect'],
    [
      'an inspect log with native keys, on one line',
      JSON.stringify({ ...inspectDoc, id: 'a', pass: true }),
      /could be inspect or jsonl/,
    ],
    [
      'a promptfoo summary with lm-eval keys, indented',
      JSON.stringify({ ...promptfooDoc, versions: {} }, null, 2),
      /could be promptfoo or lm-eval/,
    ],
    ['an lm-eval results file', JSON.stringify(lmEvalDoc, null, 2), 'lm-eval'],
    [
      'a DeepEval run on one line, with native keys',
      JSON.stringify({ testCases: [], id: 'run-1', latency_ms: 5 }),
      /could be deepeval or jsonl/,
    ],
    [
      'a one-line document after blank lines and a byte-order mark',
      `\uFEFF\n\n  ${JSON.stringify(inspectDoc)}\n\n`,
      'inspect',
    ],
  ])('%s', async (_name, text, expected) => {
    if (typeof expected === 'string') {
      const r = await read([{ path: 'evals/results/r.jsonl', text }]);
      expect(r.files[0]!.format).toBe(expected);
    } else {
      const [p] = await problems('evals/results/r.jsonl', text);
      expect(p!.message).toMatch(expected);
      expect(p!.hint).toMatch(/set `format:` in the results entry to/);
    }
  });

  it('reads a promptfoo JSON Lines file that starts with an error right, not as native lines', async () => {
    // Read as native lines, every failed assertion (which carries `error`) would be an error
    // and the pass rate 0: no line has `pass`.
    const text = readFileSync(`${real}/results.jsonl`, 'utf8');
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const r = await read([{ path: 'evals/results/r.jsonl', text }]);
    expect(value(r, 'r', 'pass_rate')).toBe(rows.filter((x) => x.success).length / rows.length);
    expect(value(r, 'r', 'error_rate')).toBe(
      rows.filter((x) => x.failureReason === 2).length / rows.length,
    );
    const native = await read([{ path: 'r.jsonl', text, options: { format: 'jsonl' } }]);
    expect(value(native, 'r', 'pass_rate')).toBe(0); // what `format: jsonl` asks for
  });

  it('finds the same whatever the chunk size, a byte-order mark split across chunks too', async () => {
    const text = '\uFEFF\n' + readFileSync(`${real}/results.jsonl`, 'utf8');
    const whole = await read([{ path: 'r.jsonl', text }]);
    for (const chunk of [1, 2, 7, 4096]) {
      const r = await read([{ path: 'r.jsonl', text }], ALL, chunk);
      expect(r.files[0]!.format).toBe('promptfoo');
      expect(value(r, 'r', 'pass_rate')).toBe(value(whole, 'r', 'pass_rate'));
    }
  });

  it('an explicit promptfoo format reads both the document and the JSON Lines', async () => {
    for (const file of ['output.json', 'results.jsonl']) {
      const r = await read([{ path: `${real}/${file}`, options: { format: 'promptfoo' } }]);
      expect(value(r, file.split('.')[0]!, 'cases')).toBe(23);
    }
  });
});

describe('a first line longer than any fixed head', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-evals-long-line-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fileSource(path: string): ResultSource {
    return {
      chunks: createReadStream(path, { highWaterMark: 1 << 20 }),
      size: async () => statSync(path).size,
      whole: async () => readFileSync(path),
    };
  }

  async function readFile(path: string, format: EvalFormat | 'auto'): Promise<EvalResults> {
    const results = new EvalResults(ALL);
    await addResultFile(results, fileSource(path), path, { format, harm: HARM }, false);
    return results;
  }

  it('a native JSON Lines file whose first line is 50 MB is read as with format: jsonl', async () => {
    const path = join(dir, 'long.jsonl');
    const notes = 'x'.repeat(50 * 1024 * 1024);
    writeFileSync(
      path,
      lines([
        { id: 'a', pass: true, latency_ms: 100, notes },
        { id: 'b', pass: false, latency_ms: 300 },
      ]),
    );
    for (const format of ['auto', 'jsonl'] as const) {
      const r = await readFile(path, format);
      expect(r.files[0]!.format).toBe('jsonl');
      expect(value(r, 'long', 'pass_rate')).toBe(0.5);
      expect(value(r, 'long', 'latency_p50')).toBe(200);
    }
  });

  it('a one-line promptfoo document of several MB is a document', async () => {
    const path = join(dir, 'minified.json');
    const doc = JSON.parse(readFileSync(`${FIXTURES}/promptfoo/real-0.123.1/output.json`, 'utf8'));
    doc.config.description = 'y'.repeat(3 * 1024 * 1024);
    writeFileSync(path, JSON.stringify(doc));
    const r = await readFile(path, 'auto');
    expect(r.files[0]!.format).toBe('promptfoo');
    expect(value(r, 'minified', 'cases')).toBe(23);
  });

  function lines(records: Record<string, unknown>[]): string {
    return records.map(line).join('\n') + '\n';
  }
});

describe('NaN and Infinity', () => {
  it('in JSON Lines: one problem naming the token, with every line (ten shown) and a count', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 1 && i < 26
        ? `{"id": "c${i}", "pass": true, "metrics": {"f": NaN}, "note": "NaN in a string is text"}`
        : line({ id: `c${i}`, pass: true, note: 'NaN' }),
    );
    // Lines (1-based) holding NaN: 2, 4, ..., 26: thirteen of them.
    const list = await problems('r.jsonl', rows.join('\n'));
    expect(list).toEqual([
      {
        message:
          'r.jsonl: NaN is not a JSON number, and 13 lines hold one: 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 3 more',
        hint: expect.stringMatching(/write null .* allow_nan=False/),
        // python3 -c "print('{\"id\": \"c1\", \"pass\": true, \"metrics\": {\"f\": NaN}'.index('NaN') + 1)"
        location: { file: 'r.jsonl', line: 2, column: 45 },
      },
    ]);
  });

  it('in a document: every kind named, each line once', async () => {
    const text = [
      '{',
      '  "results": {"version": 3, "results": [], "stats": {}},',
      '  "a": NaN,',
      '  "b": [Infinity, -Infinity],',
      '  "c": "Infinity"',
      '}',
    ].join('\n');
    expect(await problems('r.json', text)).toEqual([
      {
        message:
          'r.json: NaN and Infinity and -Infinity are not JSON numbers, and 2 lines hold them: 3, 4',
        hint: expect.any(String),
        location: { file: 'r.json', line: 3, column: 8 },
      },
    ]);
  });

  it('on the first line of a one-line file', async () => {
    const [p] = await problems('r.json', '{"id": "a", "score": -Infinity}');
    expect(p!.message).toBe('r.json: -Infinity is not a JSON number, and line 1 holds it');
    expect(p!.location).toMatchObject({ line: 1, column: 22 });
  });
});
