import { describe, expect, it } from 'vitest';
import { decide } from '../decide.js';
import type { Verdict } from '../model.js';
import { makeReport } from '../report.js';
import {
  MAX_BARS,
  MAX_CHARTS,
  chartSections,
  evalTrendSections,
  mermaidNumber,
  mermaidText,
  monitorChartSections,
} from './charts.js';
import { renderMarkdown } from './markdown.js';

function verdict(gate: string, data: Record<string, unknown>): Verdict {
  return decide({ items: [], data }, { gate, title: gate, mode: 'enforce', inputs: [] });
}

describe('text inside a Mermaid string', () => {
  it.each([
    ['release/12', 'release/12'],
    ['PR #12', 'PR #12'],
    ['pass@5 of quality', 'pass@5 of quality'],
    ['≤ 200', '≤ 200'],
    ['> 20000', 'over 20000'],
    // A quote would end the string, a newline the statement, `%%` start a directive.
    ['a"b', 'a_b'],
    ['x\n  line [1]', 'x line _1_'],
    ['%%{init: {}}%%', '%_init: ___%'],
    ['<img src=x>', '_img src_x_'],
    ['`code` #quot;', '_code_ #quot_'],
    ['', '_'],
    ['release/123456789012345678901234', 'release/123456789012345…'],
  ])('%j -> %j', (text, safe) => {
    expect(mermaidText(text)).toBe(safe);
  });
});

describe('numbers in a Mermaid data list', () => {
  it.each([
    [0.1 + 0.2, '0.3'],
    [1758.7999999999995, '1758.8'],
    [1e-7, '0.0000001'],
    [-3.4, '-3.4'],
    [123456789, '123457000'],
    [0, '0'],
  ])('%s -> %s', (v, text) => {
    expect(mermaidNumber(v)).toBe(text);
  });
});

const TREND = {
  objectives: [
    { id: 'quality', metric: 'pass_rate of quality' },
    { id: 'harm', metric: 'harmful_rate of safety' },
  ],
  points: [
    { label: 'release/1', commit: 'a', values: [0.8, 0] },
    { label: 'release/2', commit: 'b', values: [null, 0], unread: 'x.jsonl:1: not valid JSON' },
    { label: 'PR #7', commit: 'c', values: [0.9, 0] },
  ],
};

describe('the eval trend', () => {
  it('a line per objective over the releases it was measured at, then one table', () => {
    expect(evalTrendSections(verdict('evals', { trend: TREND }))).toEqual([
      `#### Objectives across the last releases

Each objective at the last 2 releases, read from the same result files at each release's commit, then PR #7.

\`\`\`mermaid
xychart-beta
  title "quality: pass_rate of quality"
  x-axis ["release/1", "PR #7"]
  y-axis "pass_rate of quality"
  line [0.8, 0.9]
\`\`\`

\`\`\`mermaid
xychart-beta
  title "harm: harmful_rate of safety"
  x-axis ["release/1", "release/2", "PR #7"]
  y-axis "harmful_rate of safety" 0 --> 1
  line [0, 0, 0]
\`\`\`

| Objective | release/1 | release/2 | PR #7 |
| --- | --- | --- | --- |
| quality | 0.8 | – | 0.9 |
| harm | 0 | 0 | 0 |

_release/2: not read: x.jsonl:1: not valid JSON._

_– : not measured there. The trend never decides the verdict._
`,
    ]);
  });

  it('without releases: the table of the change and why there is no trend, no picture', () => {
    const trend = { ...TREND, points: [TREND.points[2]], unread: 'no release yet' };
    expect(evalTrendSections(verdict('evals', { trend }))).toEqual([
      `#### Objectives across the last releases

| Objective | PR #7 |
| --- | --- |
| quality | 0.9 |
| harm | 0 |

_No trend: no release yet._

_– : not measured there. The trend never decides the verdict._
`,
    ]);
  });

  it(`charts at most ${MAX_CHARTS} objectives; the rest are in the table`, () => {
    const n = MAX_CHARTS + 3;
    const trend = {
      objectives: Array.from({ length: n }, (_, i) => ({ id: `o${i}`, metric: 'pass_rate' })),
      points: ['release/1', 'PR #1'].map((label) => ({
        label,
        commit: null,
        values: Array.from({ length: n }, (_, i) => i / n),
      })),
    };
    const [section] = evalTrendSections(verdict('evals', { trend }));
    expect(section!.match(/```mermaid/g)).toHaveLength(MAX_CHARTS);
    expect(section).toContain('_3 more objectives are in the table only._');
    expect(section).toContain(`| o${n - 1} |`);
  });

  it('escapes what a tag could smuggle into the picture and the table', () => {
    const trend = {
      objectives: [{ id: 'q|x', metric: 'pass_rate' }],
      points: [
        { label: 'release/1"] [9', commit: null, values: [1] },
        { label: '<b>PR</b>', commit: null, values: [0.5] },
      ],
    };
    const [section] = evalTrendSections(verdict('evals', { trend }));
    expect(section).toContain('  x-axis ["release/1__ _9", "_b_PR_/b_"]');
    expect(section).toContain('| Objective | release/1"] [9 | &lt;b&gt;PR&lt;/b&gt; |');
    expect(section).toContain('| q\\|x | 1 | 0.5 |');
  });
});

describe('the monitor pictures', () => {
  const histogram = [
    { bucket: '≤ 500', count: 3 },
    { bucket: '500–1000', count: 1 },
    { bucket: '> 1000', count: 0 },
  ];
  const drift = {
    language: [
      { bucket: 'en', reference: 0.6, window: 0.5 },
      { bucket: 'de', reference: 0.4, window: 0.5 },
    ],
  };

  it('the latency histogram and each drift feature, bars and line told apart in the title', () => {
    expect(
      monitorChartSections(
        verdict('monitor', { latency_histogram: histogram, drift_buckets: drift }),
      ),
    ).toEqual([
      `#### Latency of the window

\`\`\`mermaid
xychart-beta
  title "Interactions per latency bucket (ms)"
  x-axis ["≤ 500", "500–1000", "over 1000"]
  y-axis "interactions"
  bar [3, 1, 0]
\`\`\`

| Latency (ms) | Interactions | Share |
| --- | --- | --- |
| ≤ 500 | 3 | 75 % |
| 500–1000 | 1 | 25 % |
| &gt; 1000 | 0 | 0 % |
`,
      `#### Drift of language: the window against the reference

\`\`\`mermaid
xychart-beta
  title "language: bars reference, line window (%)"
  x-axis ["en", "de"]
  y-axis "share of interactions (%)" 0 --> 60
  bar [60, 40]
  line [50, 50]
\`\`\`

| Bucket | Reference | Window |
| --- | --- | --- |
| en | 60 % | 50 % |
| de | 40 % | 50 % |
`,
    ]);
  });

  it(`shows at most ${MAX_BARS} bars and says how many more there are`, () => {
    const many = Array.from({ length: MAX_BARS + 5 }, (_, i) => ({
      bucket: `c${i}`,
      reference: 0.04,
      window: 0.04,
    }));
    const [section] = monitorChartSections(verdict('monitor', { drift_buckets: { intent: many } }));
    expect(section!.match(/^\| c\d+ /gm)).toHaveLength(MAX_BARS);
    expect(section).toContain('_5 more buckets are in the JSON report only._');
  });
});

describe('data that is not what the gates write draws nothing (reports are read back)', () => {
  it.each([
    ['evals', { trend: null }],
    ['evals', { trend: { objectives: [], points: 'x' } }],
    ['evals', { trend: { ...TREND, points: [{ label: 'a', values: [1] }] } }],
    ['evals', { trend: { ...TREND, points: [{ label: 'a', values: ['1', 2] }] } }],
    ['monitor', { latency_histogram: [{ bucket: 'a', count: '3' }] }],
    ['monitor', { latency_histogram: [] }],
    ['monitor', { drift_buckets: { x: [{ bucket: 'a', reference: 1 }] } }],
    ['monitor', { drift_buckets: 'x' }],
    // Each picture belongs to its gate.
    ['pii', { trend: TREND, latency_histogram: [{ bucket: 'a', count: 1 }] }],
  ])('%s %j', (gate, data) => {
    expect(chartSections(verdict(gate, data))).toEqual([]);
  });
});

describe('in the job summary', () => {
  const report = (data: Record<string, unknown>) =>
    makeReport('check', [verdict('evals', data)], null, null);

  it('after the items of its gate', () => {
    const markdown = renderMarkdown(report({ trend: TREND }));
    const [section] = evalTrendSections(verdict('evals', { trend: TREND }));
    expect(markdown).toContain(`\n${section}`);
    expect(markdown.indexOf('### ')).toBeLessThan(markdown.indexOf(section!));
  });

  it('left out when it does not fit the 1 MiB budget, never cut in half', () => {
    const bare = renderMarkdown(report({}));
    const tight = renderMarkdown(report({ trend: TREND }), Buffer.byteLength(bare) + 2048 + 10);
    expect(tight).toBe(bare);
  });
});
