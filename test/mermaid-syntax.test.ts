/**
 * The charts parse with Mermaid's own parser (the library GitHub renders ```mermaid blocks
 * with), hostile labels included. Mermaid sanitizes text through DOMPurify, which needs a
 * window: jsdom gives it one. Both are dev dependencies only, never in the bundle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { decide } from '../actions/lib/verdict/decide.js';
import { chartSections } from '../actions/lib/verdict/render/charts.js';
import { ROOT } from './support/action.js';

const { window } = new JSDOM('');
Object.assign(globalThis, { window, document: window.document });
const { default: mermaid } = await import('mermaid');

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function parses(chart: string): Promise<string> {
  const parsed = await mermaid.parse(chart);
  return parsed ? parsed.diagramType : 'no diagram';
}

const HOSTILE = [
  'release/1"]\n  bar [9',
  '%%{init: {"theme": "dark"}}%%',
  '<img src=x onerror=alert(1)>',
  '`**md**` #quot; &amp;',
  'x'.repeat(500),
  '> 5000',
  'naïve — 東京 🚀',
];

describe('Mermaid parses every chart', () => {
  it('of the rendered example, docs/charts.md', async () => {
    const charts = blocks(readFileSync(join(ROOT, 'docs/charts.md'), 'utf8'));
    expect(charts.length).toBeGreaterThan(5);
    for (const chart of charts) expect(await parses(chart), chart).toBe('xychart');
  });

  it('with hostile labels and awkward numbers', async () => {
    const values = [1e-7, -3.4, 123456789, 0.1 + 0.2, 0, 1758.7999999999995, 1e-7];
    const trend = {
      objectives: HOSTILE.map((id) => ({ id, metric: id })),
      points: HOSTILE.map((label, i) => ({
        label,
        commit: null,
        values: HOSTILE.map((_, j) => values[(i + j) % values.length]!),
      })),
    };
    const buckets = HOSTILE.map((bucket, i) => ({ bucket, count: i, reference: 0.1, window: 0.2 }));
    const sections = [
      ...chartSections(decide({ items: [], data: { trend } }, context('evals'))),
      ...chartSections(
        decide(
          {
            items: [],
            data: {
              latency_histogram: buckets,
              drift_buckets: Object.fromEntries(HOSTILE.map((f) => [f, buckets])),
            },
          },
          context('monitor'),
        ),
      ),
    ];
    const charts = sections.flatMap(blocks);
    expect(charts.length).toBe(HOSTILE.length * 2 + 1);
    for (const chart of charts) expect(await parses(chart), chart).toBe('xychart');
  });

  it('and refuses what the escaping prevents: the parser is a real check', async () => {
    await expect(parses('xychart-beta\n  title "a"b"\n  line [1, 2]\n')).rejects.toThrow(
      /Parse error/,
    );
    await expect(parses('xychart-beta\n  line [1e-7, 2]\n')).rejects.toThrow(/Parse error/);
  });
});

function context(gate: string) {
  return { gate, title: gate, mode: 'enforce' as const, inputs: [] };
}
