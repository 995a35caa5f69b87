import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError, type Problem } from '../errors.js';
import type { TableColumns } from './adapters/table.js';
import { addResultFile, bytesSource } from './load.js';
import { isMeasured, measure } from './metrics.js';
import { parseMetric, type MetricSpec } from './metric-name.js';
import { EvalResults } from './results.js';
import type { TableFormat } from './table-read.js';

const REAL = 'test/fixtures/evals';

interface Table {
  path: string;
  text?: string | Uint8Array;
  columns: TableColumns;
  format?: TableFormat;
  /** Bytes handed over per chunk, to cross record boundaries. */
  chunk?: number;
}

async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readTable(t: Table): Promise<EvalResults> {
  const results = new EvalResults({ groupSamples: true, sliceTags: new Set(['lang']) });
  const bytes =
    t.text === undefined
      ? readFileSync(t.path)
      : typeof t.text === 'string'
        ? new TextEncoder().encode(t.text)
        : t.text;
  await addResultFile(
    results,
    { ...bytesSource(bytes), chunks: pieces(bytes, t.chunk ?? 1 << 20) },
    t.path,
    { format: 'table', harm: new Set(), table: { format: t.format, columns: t.columns } },
    false,
  );
  results.rejectDuplicates();
  return results;
}

async function refusal(t: Table): Promise<Problem[]> {
  try {
    await readTable(t);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error(`${t.path} was accepted`);
}

function value(results: EvalResults, suite: string, metric: string, slice?: string): number {
  const [tag, v] = slice?.split('=') ?? [];
  const m = measure(results, {
    suite,
    metric: parseMetric(metric) as MetricSpec,
    ...(tag ? { slice: { tag, ...(v !== undefined ? { value: v } : {}) } } : {}),
  });
  if (!isMeasured(m)) throw new Error(`${suite} ${metric}: ${JSON.stringify(m)}`);
  return m.value;
}

describe('real tables', () => {
  it('ragas evaluate().to_pandas().to_csv(): study-buddy ragas_scores.csv (ragas 0.2/0.3 columns)', async () => {
    const path = `${REAL}/ragas/real/ragas_scores.csv`;
    const columns: TableColumns = {
      id: 'user_input',
      pass: { column: 'faithfulness', min: 0.8 },
      metrics: {
        faithfulness: 'faithfulness',
        answer_relevancy: 'answer_relevancy',
        context_precision: 'context_precision',
        context_recall: 'context_recall',
      },
    };
    // Expected, computed with Python's csv module, not with the reader:
    //   rows = list(csv.DictReader(open(path, encoding='utf-8', newline='')))
    //   len(rows) == 45; f = [float(r['faithfulness']) for r in rows if r['faithfulness'] != '']
    //   sum(x >= 0.8 for x in f) / len(f) == 32 / 45
    //   math.fsum(float(r[m]) for r in rows if r[m] != '') / n for each metric m
    // Read in chunks of 4 KiB too, so records with line breaks cross chunk boundaries.
    for (const chunk of [1 << 20, 4096]) {
      const r = await readTable({ path, columns, chunk });
      expect([...r.suites.keys()]).toEqual(['ragas_scores']);
      expect(value(r, 'ragas_scores', 'cases')).toBe(45);
      expect(value(r, 'ragas_scores', 'pass_rate')).toBe(32 / 45);
      expect(value(r, 'ragas_scores', 'error_rate')).toBe(0);
      expect(value(r, 'ragas_scores', 'faithfulness')).toBeCloseTo(0.8283124899791565, 14);
      expect(value(r, 'ragas_scores', 'answer_relevancy')).toBeCloseTo(0.7266524763796662, 14);
      expect(value(r, 'ragas_scores', 'context_precision')).toBeCloseTo(0.6234567901002551, 14);
      expect(value(r, 'ragas_scores', 'context_recall')).toBeCloseTo(0.6518518518518518, 14);
    }
  });
});

describe('the table mapping (hand-made edge cases)', () => {
  const columns: TableColumns = {
    id: 'id',
    pass: { column: 'verdict' },
    latency: { column: 'latency', unit: 's' },
    error: 'error',
    score: 'score',
    metrics: { faith: 'faithfulness' },
    tags: ['lang'],
  };
  const csv = [
    '\ufeffid,verdict,latency,error,score,faith,lang',
    'a,True,0.5,,1,0.9,de',
    '"b, with a comma","pass","1.5",,0,,en',
    '',
    '"c',
    'on two lines",fail,2,,0.5,0.7,de',
    'd,,3,timeout after 30 s,,,en',
    '',
  ].join('\r\n');

  it('reads CSV with a BOM, CRLF, quoted fields with line breaks, empty cells and blank lines', async () => {
    // By hand: 4 cases; verdicts a pass, b pass, c fail, d errored -> pass_rate 2/4;
    // error_rate 1/4; latencies 500, 1500, 2000, 3000 ms -> p50 1750; faithfulness (0.9 + 0.7) / 2;
    // score (1 + 0 + 0.5) / 3; lang=de: a pass, c fail -> 1/2.
    for (const chunk of [1 << 20, 7]) {
      const r = await readTable({ path: 'evals/results/t.csv', text: csv, columns, chunk });
      expect(value(r, 't', 'cases')).toBe(4);
      expect(value(r, 't', 'pass_rate')).toBe(0.5);
      expect(value(r, 't', 'error_rate')).toBe(0.25);
      expect(value(r, 't', 'latency_p50')).toBe(1750);
      expect(value(r, 't', 'faithfulness')).toBeCloseTo(0.8, 15);
      expect(value(r, 't', 'score')).toBe(0.5);
      expect(value(r, 't', 'pass_rate', 'lang=de')).toBe(0.5);
    }
  });

  it('reads the same table as JSON Lines (pandas to_json(orient="records", lines=True))', async () => {
    const text = [
      { id: 'a', verdict: true, latency: 0.5, error: null, score: 1, faith: 0.9, lang: 'de' },
      {
        id: 'b, with a comma',
        verdict: 'pass',
        latency: 1.5,
        error: null,
        score: 0,
        faith: null,
        lang: 'en',
      },
      {
        id: 'c\non two lines',
        verdict: false,
        latency: 2,
        error: null,
        score: 0.5,
        faith: 0.7,
        lang: 'de',
      },
      {
        id: 'd',
        verdict: null,
        latency: 3,
        error: 'timeout',
        score: null,
        faith: null,
        lang: 'en',
      },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const r = await readTable({ path: 'evals/results/t.jsonl', text, columns });
    expect(value(r, 't', 'cases')).toBe(4);
    expect(value(r, 't', 'pass_rate')).toBe(0.5);
    expect(value(r, 't', 'error_rate')).toBe(0.25);
    expect(value(r, 't', 'latency_p50')).toBe(1750);
    expect(value(r, 't', 'faithfulness')).toBeCloseTo(0.8, 15);
  });

  it("reads Opik's experiment export, whose missing scores are written as -", async () => {
    // Hand-made in the shape of Opik's compare-experiments CSV export (CompareExperimentsActionsPanel
    // in comet-ml/opik: `id`, `evaluation_task.<field>`, `dataset.<output>`, and
    // `feedback_scores.<name>`, "-" when an item has no such score).
    const text = [
      'id,evaluation_task.input,dataset.output,feedback_scores.hallucination,feedback_scores.equals',
      '0191-a,What is 2+2?,4,0,1',
      '0191-b,Capital of France?,Paris,-,1',
      '0191-c,Capital of Poland?,Krakow,1,0',
    ].join('\n');
    const r = await readTable({
      path: 'evals/results/opik.csv',
      text,
      columns: {
        id: 'id',
        pass: { column: 'feedback_scores.equals', min: 1 },
        metrics: { 'feedback_scores.hallucination': 'hallucination' },
      },
    });
    // By hand: equals 1, 1, 0 -> 2/3 pass; hallucination over the two items that have it: (0 + 1) / 2.
    expect(value(r, 'opik', 'pass_rate')).toBe(2 / 3);
    expect(value(r, 'opik', 'hallucination')).toBe(0.5);
  });

  it('groups samples for pass@k, judges harm, and ignores the unnamed index column pandas writes', async () => {
    // to_csv() with its default index=True writes a first column with an empty name.
    const text = [
      ',case,sample,ok,unsafe',
      '0,q1,0,fail,false',
      '1,q1,1,pass,false',
      '2,q2,0,fail,true',
      '3,q2,1,fail,false',
    ].join('\n');
    const columns: TableColumns = {
      id: 'case',
      sample: 'sample',
      pass: { column: 'ok' },
      harmful: 'unsafe',
    };
    const r = await readTable({ path: 'evals/results/t.csv', text, columns });
    // By hand: q1 has 1 of 2 samples passing, q2 none -> pass@2 = (1 + 0) / 2; pass_rate 1/4;
    // harmful 1 of 4 judged.
    expect(value(r, 't', 'pass@2')).toBe(0.5);
    expect(value(r, 't', 'pass_rate')).toBe(0.25);
    expect(value(r, 't', 'harmful_rate')).toBe(0.25);

    const twice = await refusal({
      path: 'evals/results/t.csv',
      text: text.replace('3,q2,1,', '3,q2,0,'),
      columns,
    });
    expect(twice.map((p) => p.message)).toEqual([
      'evals/results/t.csv: sample 0 of case "q2" (suite t) is given twice',
    ]);
    const badSample = await refusal({
      path: 'evals/results/t.csv',
      text: text.replace('3,q2,1,', '3,q2,1.5,'),
      columns,
    });
    expect(badSample[0]!.message).toBe(
      'evals/results/t.csv:5: column "sample" (columns.sample) is not a sample index: number 1.5',
    );
  });

  it('refuses a JSON Lines row that is not an object, with its line', async () => {
    const p = await refusal({
      path: 'evals/results/t.jsonl',
      text: '{"id": "a"}\n[1, 2]\n',
      columns: { id: 'id' },
    });
    expect(p.map((x) => [x.message, x.location?.line])).toEqual([
      ['evals/results/t.jsonl:2: a row must be a JSON object of column values', 2],
    ]);
  });

  it.each<[string, Uint8Array, string, { line: number; column: number }]>([
    [
      'evals/results/t.csv',
      new Uint8Array([
        ...Buffer.from('id,verdict\r\na,pass\r\nbä,f'),
        0xff,
        ...Buffer.from('\r\n'),
      ]),
      'line 3 is not valid UTF-8',
      { line: 3, column: 5 },
    ],
    [
      'evals/results/t.csv',
      new Uint8Array([...Buffer.from('id,verdict\n"a\nb",pass\nc,'), 0x00]),
      'line 4 holds a NUL byte (binary data, not text)',
      { line: 4, column: 3 },
    ],
    [
      'evals/results/t.jsonl',
      new Uint8Array([...Buffer.from('{"id": "a", "verdict": true}\n{"id": "'), 0xc3, 0x28]),
      'line 2 is not valid UTF-8',
      { line: 2, column: 9 },
    ],
  ])(
    'refuses %s with bytes that are not text, at their line and column',
    async (path, text, words, at) => {
      for (const chunk of [1 << 20, 3, 1]) {
        const p = await refusal({
          path,
          text,
          chunk,
          columns: { id: 'id', pass: { column: 'verdict' } },
        });
        expect(p).toEqual([
          {
            message: `${path}: ${words}`,
            hint: expect.any(String),
            location: { file: path, ...at },
          },
        ]);
      }
    },
  );

  it("reads MLflow's eval_results_table.json, a pandas split document", async () => {
    // Hand-made in the shape of a real eval_results_table.json (mlflow.evaluate with an
    // LLM-judged metric; the real file has no licence to commit): names escaped as MLflow's
    // JSON writer escapes "/", latency in seconds, a score the judge failed on as null.
    const text = [
      '{"columns":["inputs","outputs","latency","token_count","answer_correctness\\/v1\\/score","answer_correctness\\/v1\\/justification"],',
      '"data":[["What is 1+1?","2",1.5,12,5.0,"Correct."],',
      '["What is 2+2?","5",2.5,14,1.0,"Wrong."],',
      '["What is 3+3?","6",3.0,15,null,"Failed to score model on payload. Error: 429"]]}',
    ].join('\n');
    const columns: TableColumns = {
      id: 'inputs',
      latency: { column: 'latency', unit: 's' },
      pass: { column: 'answer_correctness/v1/score', min: 4 },
      metrics: { 'answer_correctness/v1/score': 'answer_correctness', token_count: 'token_count' },
    };
    const r = await readTable({ path: 'evals/results/eval_results_table.json', text, columns });
    // By hand: verdicts 5 >= 4 pass, 1 fail, null none -> 1/2; correctness (5 + 1) / 2;
    // tokens (12 + 14 + 15) / 3; latencies 1500, 2500, 3000 ms -> p50 2500.
    expect(value(r, 'eval_results_table', 'cases')).toBe(3);
    expect(value(r, 'eval_results_table', 'pass_rate')).toBe(0.5);
    expect(value(r, 'eval_results_table', 'answer_correctness')).toBe(3);
    expect(value(r, 'eval_results_table', 'token_count')).toBeCloseTo(41 / 3, 14);
    expect(value(r, 'eval_results_table', 'latency_p50')).toBe(2500);

    const bad = await refusal({
      path: 'evals/results/t.json',
      text: text.replace('1.5,12', '"1.5 s",12'),
      columns,
    });
    expect(bad.map((p) => [p.message, p.location])).toEqual([
      [
        'evals/results/t.json: row 1: column "latency" (columns.latency.column) is not a number: the text "1.5 s"',
        // line 2 is `"data":[["What is 1+1?","2","1.5 s"...`: the value starts at 9 + 14 + 1 + 3 + 1 + 1.
        { file: 'evals/results/t.json', line: 2, column: 29, pointer: '/data/0/2' },
      ],
    ]);
    const twice = await refusal({
      path: 'evals/results/t.json',
      text: text.replace('"data"', '"columns":[],"data"'),
      columns,
    });
    expect(twice[0]!.message).toMatch(/JSON readers disagree on which value counts$/);
    const cut = await refusal({ path: 'evals/results/t.json', text: text.slice(0, 120), columns });
    expect(cut[0]!.message).toMatch(/^evals\/results\/t\.json is not valid JSON: /);
    expect(Object.keys(cut[0]!.location!).sort()).toEqual(['column', 'file', 'line']);
    // Python's json writes NaN for a missing score: named with its line, as in every result file.
    const nan = await refusal({
      path: 'evals/results/t.json',
      text: text.replace('null,"Failed', 'NaN,"Failed'),
      columns,
    });
    expect(nan[0]!.message).toBe(
      'evals/results/t.json: NaN is not a JSON number, and line 4 holds it',
    );
    const notTable = await refusal({ path: 'evals/results/t.json', text: '{"rows": []}', columns });
    expect(notTable[0]!.message).toBe(
      'evals/results/t.json is not a JSON table: it needs "columns" (a list of names) and "data" (a list of rows)',
    );
  });

  it('passes on a score threshold: at least min, at most max', async () => {
    const text = 'id,toxicity\na,0.01\nb,0.2\nc,0.1\n';
    const r = await readTable({
      path: 'evals/results/t.csv',
      text,
      columns: { id: 'id', pass: { column: 'toxicity', max: 0.1 } },
    });
    expect(value(r, 't', 'pass_rate')).toBe(2 / 3);
  });

  it('refuses a mapped column the header does not have, naming the columns it has', async () => {
    const p = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,faithfulness\na,1\n',
      columns: { id: 'id', metrics: { faithfulnes: 'faithfulness' } },
    });
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toBe(
      'evals/results/t.csv: the policy maps columns.metrics.faithfulnes to the column "faithfulnes", which the table does not have',
    );
    expect(p[0]!.hint).toContain('its columns are id, faithfulness');
    expect(p[0]!.location).toEqual({ file: 'evals/results/t.csv', line: 1, column: 1 });
  });

  it('refuses a JSON Lines column that no row has', async () => {
    const p = await refusal({
      path: 'evals/results/t.jsonl',
      text: '{"id": "a", "score": 1}\n',
      columns: { id: 'id', score: 'scor' },
    });
    expect(p.map((x) => x.message)).toEqual([
      'evals/results/t.jsonl: the policy maps columns.score to the column "scor", which the table does not have',
    ]);
  });

  it('refuses a header that names a column twice', async () => {
    const p = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score,score\na,1,0\n',
      columns: { id: 'id', score: 'score' },
    });
    expect(p[0]!.message).toBe(
      'evals/results/t.csv:1: the header names the column score twice: which one counts would be a guess',
    );
  });

  it('refuses a ragged row with its line, and a bad cell with its line and column, never quoting personal data', async () => {
    const ragged = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score\na,1\n"b\nc",2,3\n',
      columns: { id: 'id', score: 'score' },
    });
    expect(ragged.map((x) => [x.message, x.location?.line])).toEqual([
      ['evals/results/t.csv:3: the row has 3 fields, the header 2', 3],
    ]);

    const bad = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score\na,1\nb,jane.doe@example.com\nc,NaN\nd,\n',
      columns: { id: 'id', score: 'score' },
    });
    expect(bad.map((x) => x.message)).toEqual([
      'evals/results/t.csv:3: column "score" (columns.score) is not a number: the text of 20 characters',
      'evals/results/t.csv:4: column "score" (columns.score) is not a number: the text "NaN"',
    ]);
    expect(JSON.stringify(bad)).not.toContain('jane');
  });

  it('refuses a row without its id, an unclosed quote, and a case given twice', async () => {
    const noId = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score\n,1\n',
      columns: { id: 'id', score: 'score' },
    });
    expect(noId[0]!.message).toBe(
      'evals/results/t.csv:2: column "id" (columns.id) has no case id: empty',
    );

    const open = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score\na,1\n"b,2\n',
      columns: { id: 'id', score: 'score' },
    });
    expect(open.map((x) => x.message)).toEqual([
      'evals/results/t.csv:3: a quoted field starts here and is never closed',
    ]);

    const twice = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score\na,1\na,1\n',
      columns: { id: 'id', score: 'score' },
    });
    expect(twice[0]!.message).toBe('evals/results/t.csv: case "a" (suite t) is given twice');
    expect(twice[0]!.location).toEqual({ file: 'evals/results/t.csv', line: 3, column: 1 });
  });

  it('refuses a table with a header only, and a file name that says neither CSV nor JSON Lines', async () => {
    const empty = await refusal({
      path: 'evals/results/t.csv',
      text: 'id,score\n',
      columns: { id: 'id' },
    });
    expect(empty[0]!.message).toContain('holds no cases or metrics (read as table)');
    const unnamed = await refusal({
      path: 'evals/results/t.txt',
      text: 'id\na\n',
      columns: { id: 'id' },
    });
    expect(unnamed[0]!.hint).toContain('table_format: csv');
    const declared = await readTable({
      path: 'evals/results/t.txt',
      text: 'id\na\n',
      columns: { id: 'id' },
      format: 'csv',
    });
    expect(value(declared, 't', 'cases')).toBe(1);
  });
});
