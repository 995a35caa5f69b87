import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../parse/markdown.js';
import {
  compareClaims,
  modelIndexClaims,
  parseClaimValue,
  tableClaims,
  type Claim,
  type MetricLookup,
} from './claims.js';

function frontMatter(yaml: string) {
  return parseMarkdown(`---\n${yaml}\n---\n# Card\n`, 'card.md').frontMatter!.yaml;
}

const MODEL_INDEX = `license: mit
model-index:
  - name: acme-support-assistant
    results:
      - task: { type: text-generation }
        dataset: { type: acme/golden, name: quality }
        metrics:
          - type: pass@5
            value: 0.87
          - { type: pass_rate, value: "78%" }
      - dataset: { name: safety }
        metrics:
          - { type: harmful_rate, value: 0.002 }`;

describe('parseClaimValue', () => {
  it.each([
    [0.87, 0.87],
    ['0.87', 0.87],
    [' 87% ', 0.87],
    ['87.5 %', 0.875],
    ['.5', 0.5],
    ['-0.1', -0.1],
    [1200, 1200],
  ])('%j -> %d', (raw, value) => {
    expect(parseClaimValue(raw)).toBeCloseTo(value, 12);
  });

  it.each([[''], ['n/a'], ['0.8x'], ['1,200'], [null], [true], [[0.8]], [Number.NaN], ['87%%']])(
    '%j is not a claim value',
    (raw) => {
      expect(parseClaimValue(raw)).toBeUndefined();
    },
  );
});

describe('modelIndexClaims', () => {
  it('reads suite = dataset.name and metric = metrics[].type, pointing at each value', () => {
    const { claims, problems } = modelIndexClaims(frontMatter(MODEL_INDEX));
    expect(problems).toEqual([]);
    expect(claims.map((c) => [c.suite, c.metric, c.value, c.text])).toEqual([
      ['quality', 'pass@5', 0.87, '0.87'],
      ['quality', 'pass_rate', 0.78, '78%'],
      ['safety', 'harmful_rate', 0.002, '0.002'],
    ]);
    expect(claims[0]!.location).toEqual({
      file: 'card.md',
      line: 10,
      column: 20,
      endLine: 10,
      endColumn: 24,
      pointer: '/model-index/0/results/0/metrics/0/value',
    });
  });

  it.each([
    ['no model-index', 'license: mit', /has no model-index/, 2],
    ['model-index not a list', 'model-index: { name: x }', /must be a list/, 2],
    ['an empty model-index', 'model-index: []', /lists no metrics/, 2],
    ['a model without results', 'model-index:\n  - name: x', /has no results list/, 3],
    [
      'a result without a suite',
      'model-index:\n  - results:\n      - dataset: { type: acme/golden }\n        metrics: [{ type: acc, value: 1 }]',
      /names no eval suite in dataset.name/,
      4,
    ],
    [
      'a result without metrics',
      'model-index:\n  - results:\n      - dataset: { name: quality }',
      /\(quality\) has no metrics list/,
      4,
    ],
    [
      'a metric without a type',
      'model-index:\n  - results:\n      - dataset: { name: quality }\n        metrics:\n          - value: 0.8',
      /a metric of quality has no type/,
      6,
    ],
    [
      'a metric value that is not a number',
      'model-index:\n  - results:\n      - dataset: { name: quality }\n        metrics:\n          - { type: acc, value: high }',
      /quality\/acc: value "high" is not a number/,
      6,
    ],
  ])('reports %s as a problem at its line', (_, yaml, message, line) => {
    const { claims, problems } = modelIndexClaims(frontMatter(yaml));
    expect(claims).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.location).toMatchObject({ file: 'card.md', line });
    expect(problems[0]!.hint).toBeTruthy();
  });

  it('keeps the readable claims when others are broken', () => {
    const { claims, problems } = modelIndexClaims(
      frontMatter(
        'model-index:\n  - results:\n      - dataset: { name: quality }\n        metrics:\n          - { type: acc, value: 0.9 }\n          - { type: f1 }',
      ),
    );
    expect(claims.map((c) => c.metric)).toEqual(['acc']);
    expect(problems.map((p) => p.message)).toEqual(['quality/f1: no value']);
  });
});

describe('tableClaims', () => {
  const card = (table: string[]) =>
    parseMarkdown(
      ['# Card', '', '## Evaluation', '', '### Results', '', ...table, '', '## Other', 'text'].join(
        '\n',
      ),
      'card.md',
    );

  it('reads the first table of the section or its subsections, pointing at each value cell', () => {
    const doc = card([
      '| Suite | Metric | Value | Notes |',
      '| --- | --- | ---: | --- |',
      '| quality | pass@5 | 0.87 | five samples |',
      '| `safety` | harmful_rate | 0.2% | |',
    ]);
    const { claims, problems } = tableClaims(doc, 'evaluation');
    expect(problems).toEqual([]);
    expect(claims.map((c) => [c.suite, c.metric, c.value, c.text])).toEqual([
      ['quality', 'pass@5', 0.87, '0.87'],
      ['safety', 'harmful_rate', 0.002, '0.2%'],
    ]);
    expect(claims[1]!.location).toMatchObject({ file: 'card.md', line: 10, column: 29 });
  });

  it('accepts Dataset and Score as column names, in any order', () => {
    const doc = card(['| Score | Metric | Dataset |', '|---|---|---|', '| 0.5 | acc | quality |']);
    expect(tableClaims(doc, 'Results').claims).toEqual([
      expect.objectContaining({ suite: 'quality', metric: 'acc', value: 0.5 }),
    ]);
  });

  it.each([
    [
      'no such section',
      ['| Suite | Metric | Value |', '|-|-|-|', '| a | b | 1 |'],
      'Benchmarks',
      /no section "Benchmarks"/,
      1,
    ],
    [
      'no table in the section',
      ['Only prose.'],
      'Evaluation',
      /has no table of claimed metrics/,
      3,
    ],
    [
      'a missing column',
      ['| Suite | Value |', '|-|-|', '| a | 1 |'],
      'Evaluation',
      /has no metric column/,
      7,
    ],
    ['no rows', ['| Suite | Metric | Value |', '|-|-|-|'], 'Evaluation', /has no rows/, 7],
    [
      'a value that is not a number',
      ['| Suite | Metric | Value |', '|-|-|-|', '| a | b | high |'],
      'Evaluation',
      /a\/b: "high" is not a number/,
      9,
    ],
    [
      'a row without a suite',
      ['| Suite | Metric | Value |', '|-|-|-|', '|  | b | 1 |'],
      'Evaluation',
      /names no suite/,
      9,
    ],
  ])('reports %s as a problem at its line', (_, table, heading, message, line) => {
    const { claims, problems } = tableClaims(card(table), heading);
    expect(claims).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.location).toMatchObject({ file: 'card.md', line });
  });
});

describe('compareClaims', () => {
  const claim = (suite: string, metric: string, value: number, text = String(value)): Claim => ({
    suite,
    metric,
    value,
    text,
    location: { file: 'card.md', line: 12, column: 20 },
  });
  const computed: Record<string, number> = {
    'quality/pass@5': 0.84,
    'safety/harmful_rate': 0.002,
  };
  const lookup: MetricLookup = (suite, metric) => computed[`${suite}/${metric}`];

  it('passes a claim within the tolerance, inclusive', () => {
    const [item] = compareClaims([claim('quality', 'pass@5', 0.85)], lookup, 0.01, 'card.md:');
    expect(item).toMatchObject({
      id: 'card.md:claim/quality/pass@5',
      status: 'pass',
      observed: 0.85,
      expected: '0.84 ± 0.01',
      location: { file: 'card.md', line: 12 },
      rule: 'claim',
    });
  });

  it('fails a card claiming 0.91 where the evals say 0.84, showing both numbers', () => {
    const [item] = compareClaims([claim('quality', 'pass@5', 0.91)], lookup, 0.01, 'card.md:');
    expect(item).toMatchObject({
      status: 'fail',
      observed: 0.91,
      expected: '0.84 ± 0.01',
      message:
        'the card claims pass@5 0.91 on quality, but the evals computed 0.84 (off by 0.07, tolerance 0.01)',
    });
    expect(item!.hint).toContain('0.84');
  });

  it('compares percentages as fractions', () => {
    const [item] = compareClaims([claim('safety', 'harmful_rate', 0.002, '0.2%')], lookup, 0, 'c:');
    expect(item).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('harmful_rate 0.2% on safety'),
    });
  });

  it('fails a claim the evals do not compute, naming the suite and metric', () => {
    const [item] = compareClaims([claim('quality', 'bleu', 0.4)], lookup, 0.01, 'c:');
    expect(item).toMatchObject({
      status: 'fail',
      message:
        'the card claims bleu 0.4 on quality, but the evals compute no bleu for suite quality',
    });
  });

  it('gives repeated claims of the same metric their own ids', () => {
    const items = compareClaims(
      [claim('quality', 'pass@5', 0.84), claim('quality', 'pass@5', 0.9)],
      lookup,
      0.01,
      'c:',
    );
    expect(items.map((i) => [i.id, i.status])).toEqual([
      ['c:claim/quality/pass@5', 'pass'],
      ['c:claim/quality/pass@5#2', 'fail'],
    ]);
  });
});
