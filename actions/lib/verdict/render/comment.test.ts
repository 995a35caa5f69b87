import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { countItems, type Item, type Verdict } from '../model.js';
import { makeReport } from '../report.js';
import { COMMENT_LIMIT, COMMENT_MARKER, inline, renderComment } from './comment.js';

function verdict(gate: string, items: Item[], result: Verdict['result'] = 'fail'): Verdict {
  return {
    gate,
    title: gate[0]!.toUpperCase() + gate.slice(1),
    result,
    mode: 'enforce',
    summary: `${gate}: ${items.length} items`,
    counts: countItems(items),
    items,
    waivers: { applied: [], rejected: [] },
    inputs: [],
  };
}

const report = (...verdicts: Verdict[]) => makeReport('check', verdicts, null, 'a'.repeat(40));
const text = (markdown: string) =>
  new MarkdownIt({ html: true, linkify: true })
    .render(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

describe('the pull-request comment', () => {
  it('starts with the marker, lists every gate, what failed and what changed against the base', () => {
    const body = renderComment(
      [
        report(
          verdict('evals', [
            {
              id: 'quality-no-regression',
              status: 'fail',
              key: true,
              observed: 0.7778,
              baseline: 0.8889,
              expected: '>= baseline - 0.05',
              message: 'pass rate dropped',
              location: { file: 'evals/results/quality.jsonl', line: 3 },
            },
            {
              id: 'latency',
              status: 'pass',
              message: 'fast enough',
              observed: 900,
              baseline: 1000,
              expected: '<= 2000',
            },
          ]),
        ),
        report(verdict('cards', [], 'pass')),
      ],
      { runUrl: 'https://github.com/acme/bot/actions/runs/7' },
    );
    expect(body.startsWith(`${COMMENT_MARKER}\n## ❌ release-gates: FAIL\n`)).toBe(true);
    expect(body).toContain('| Evals | ❌ fail | evals: 2 items |');
    expect(body).toContain('| Cards | ✅ pass |');
    expect(body).toMatch(
      /### What failed[\s\S]*\| ❌ fail \| quality-no-regression 🔑 \| 0\.7778 \| &gt;= baseline - 0\.05 \| evals\/results\/quality\.jsonl:3 \| pass rate dropped \|/,
    );
    expect(body).not.toMatch(/What failed[\s\S]*\| latency \|[\s\S]*Against the base/);
    expect(body).toContain(
      '| Evals | quality-no-regression | 0.8889 | 0.7778 | −0.1111 | ❌ fail |',
    );
    expect(body).toContain('| Evals | latency | 1000 | 900 | −100 | ✅ pass |');
    expect(body).toContain(
      '[the job summaries of this run](https://github.com/acme/bot/actions/runs/7)',
    );
  });

  it('escapes what the head controls: no forged marker, HTML, links, mentions or table breaks', () => {
    const hostile = `${COMMENT_MARKER} @octocat [click](https://evil.example) <img src=x> | *bold* \`code\`\n::error::x`;
    const body = renderComment([
      report(verdict('pii', [{ id: hostile, status: 'fail', message: hostile }])),
    ]);
    expect(body.split(COMMENT_MARKER)).toHaveLength(2);
    expect(body.indexOf(COMMENT_MARKER)).toBe(0);
    const html = new MarkdownIt({ html: true, linkify: false }).render(body);
    expect(html).not.toMatch(/<img|<a |<em>|<code>code|<strong>bold/);
    expect(html).toContain('*bold* `code`');
    expect(body).not.toContain('@octocat');
    expect(body).not.toMatch(/^::/m);
    // Still readable as written, once rendered.
    expect(text(body)).toContain('[click](https://evil.example)');
    // Every row of the table keeps its six cells.
    const row = body.split('\n').find((l) => l.includes('click') && l.startsWith('| ❌'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it('stays under the limit with a note, whatever the number of findings', () => {
    const items: Item[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `EMAIL-${i}`,
      status: 'fail',
      observed: i,
      baseline: i + 1,
      message: 'x'.repeat(400),
    }));
    const body = renderComment([report(verdict('pii', items))]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(/4990 more not shown here; the job summary lists them all/);
    expect(body).toMatch(/Left out to stay under GitHub's 65536-character comment limit: \d+ rows/);
    expect(body).toMatch(/<\/sub>\n$/);
    const small = renderComment([report(verdict('pii', items))], { limit: 4000 });
    expect(small.length).toBeLessThanOrEqual(4000);
  });

  it('appends extra sections (e.g. charts) in order, and leaves out one that does not fit', () => {
    const sections = [
      { title: 'Trend', markdown: '```mermaid\nxychart-beta\n```' },
      { title: 'Huge', markdown: 'y'.repeat(COMMENT_LIMIT) },
    ];
    const body = renderComment([report(verdict('evals', [], 'pass'))], { sections });
    expect(body).toContain('### Trend\n\n```mermaid\nxychart-beta\n```\n');
    expect(body).not.toContain('### Huge');
    expect(body).toContain('1 extra section.');
  });

  it('says so when no gate reported', () => {
    expect(renderComment([])).toMatch(/## 🛑 release-gates: ERROR\n\nNo gate reported a verdict/);
  });

  it.each([
    ['a\nb', 'a b'],
    ['x'.repeat(400), `${'x'.repeat(299)}…`],
    ['<!-- x -->', '&lt;\\!-- x --&gt;'],
    ['[a](b)', '\\[a\\](b)'],
    ['@team', '@\u2060team'],
  ])('inline(%j)', (input, output) => {
    expect(inline(input)).toBe(output);
  });
});
