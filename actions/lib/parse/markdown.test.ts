import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { countWords, normalizeHeading, parseMarkdown, subtree, textSpans } from './markdown.js';

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('parseMarkdown', () => {
  it('finds ATX and setext headings with their depth, line and parent, ignoring code fences', () => {
    const doc = parseMarkdown(
      [
        'Intro text.',
        '',
        'Overview',
        '========',
        '',
        '## Details',
        '',
        '```md',
        '## not a heading',
        '```',
        '',
        'Uses',
        '----',
        '',
        '### Direct Use ###',
        'Words.',
        '',
        '# Next',
      ].join('\n'),
      'card.md',
    );
    expect(doc.sections.map((s) => [s.title, s.depth, s.location.line, s.parent])).toEqual([
      ['Overview', 1, 3, -1],
      ['Details', 2, 6, 0],
      ['Uses', 2, 12, 0],
      ['Direct Use', 3, 15, 2],
      ['Next', 1, 18, -1],
    ]);
    expect(doc.preamble.map((t) => t.type)).toEqual([
      'paragraph_open',
      'inline',
      'paragraph_close',
    ]);
    expect(subtree(doc, 0)).toEqual([0, 1, 2, 3]);
    expect(subtree(doc, 2)).toEqual([2, 3]);
    expect(subtree(doc, 4)).toEqual([4]);
  });

  it('does not take headings inside lists or quotes as sections', () => {
    const doc = parseMarkdown('# Card\n\n- ## In a list\n\n> ## In a quote\n', 'c.md');
    expect(doc.sections.map((s) => s.title)).toEqual(['Card']);
  });

  it('locates indented and setext headings from their first character to their end', () => {
    const doc = parseMarkdown('   ## Indented\n\nTwo lines\nof title\n=========\n', 'c.md');
    expect(doc.sections.map((s) => s.location)).toEqual([
      { file: 'c.md', line: 1, column: 4, endLine: 1, endColumn: 15 },
      { file: 'c.md', line: 3, column: 1, endLine: 5, endColumn: 10 },
    ]);
    expect(doc.sections[1]!.title).toBe('Two lines of title');
  });

  it('strips Markdown formatting from heading text', () => {
    const doc = parseMarkdown('## **Bias**, `Risks`, and [Limitations](#x)\n', 'c.md');
    expect(doc.sections[0]!.title).toBe('Bias, Risks, and Limitations');
  });

  it('parses front matter with line numbers counted from the top of the file', () => {
    const doc = parseMarkdown('---\nlicense: mit\nmodel_version: 2.4.0\n---\n# Card\n', 'c.md');
    expect(doc.frontMatter!.yaml.value).toEqual({ license: 'mit', model_version: '2.4.0' });
    expect(doc.frontMatter!.yaml.locate(['model_version'])).toMatchObject({ line: 3, column: 16 });
    expect(doc.frontMatter!.location).toMatchObject({ line: 1, endLine: 4 });
    expect(doc.sections[0]!.location.line).toBe(5);
  });

  it('reads CRLF files and treats an empty front matter block as no keys', () => {
    const doc = parseMarkdown('---\r\n---\r\n# Card\r\n', 'c.md');
    expect(doc.frontMatter!.yaml.value).toEqual({});
    expect(doc.sections[0]!.title).toBe('Card');
  });

  it('has no front matter when the file does not start with one', () => {
    expect(parseMarkdown('# Card\n\n---\nkey: value\n---\n', 'c.md').frontMatter).toBeNull();
  });

  it.each([
    [
      'broken YAML, at its line in the card',
      '---\nlicense: mit\ntags: [a, b\n---\n# Card\n',
      { file: 'c.md', line: 3 },
      /flow sequence|close|end/i,
    ],
    [
      'a duplicate key',
      '---\nlicense: mit\nlicense: apache-2.0\n---\n',
      { file: 'c.md', line: 3, column: 1 },
      /duplicate key "license"/,
    ],
    ['tab indentation', '---\nmodel:\n\tversion: 1\n---\n', { file: 'c.md', line: 3 }, /tab/i],
    [
      'an unclosed block',
      '---\nlicense: mit\n\n# Card\n',
      { file: 'c.md', line: 1, column: 1 },
      /never closed/,
    ],
    [
      'a list instead of keys',
      '---\n- a\n- b\n---\n',
      { file: 'c.md', line: 1, column: 1 },
      /must be a mapping of keys, not a list/,
    ],
    ['a single value', '---\njust text\n---\n', { file: 'c.md', line: 1 }, /not a single value/],
  ])('refuses front matter with %s', (_, text, location, message) => {
    const [problem] = problemsOf(() => parseMarkdown(text, 'c.md'));
    expect(problem!.message).toMatch(message);
    expect(problem!.location).toMatchObject(location);
    expect(problem!.hint).toBeTruthy();
  });
});

describe('textSpans and countWords', () => {
  it('counts prose and code, never HTML comments', () => {
    const doc = parseMarkdown(
      [
        '# A',
        '<!-- Provide a longer summary of what this model is. -->',
        'Two words.',
        '',
        '```',
        'pip install acme',
        '```',
        '',
        '| Suite | Value |',
        '| --- | --- |',
        '| quality | 0.87 |',
      ].join('\n'),
      'c.md',
    );
    const spans = textSpans(doc.sections[0]!.blocks);
    expect(spans.filter((s) => s.code).map((s) => s.value)).toEqual(['pip install acme\n']);
    expect(spans.reduce((n, s) => n + countWords(s.value), 0)).toBe(2 + 3 + 4);
  });

  it.each([
    ['', 0],
    ['one', 1],
    ["don't stop-gap 2.4.0 e-mail", 4],
    ['  spaced   out\n\nlines ', 3],
    ['— · ; !', 0],
    ['naïve Zürich 東京', 3],
  ])('countWords(%j) = %i', (text, n) => {
    expect(countWords(text)).toBe(n);
  });
});

describe('normalizeHeading', () => {
  it.each([
    ['Bias, Risks, and Limitations', 'bias risks and limitations'],
    ['  Red-Teaming ', 'red teaming'],
    ['Model Card Contact', 'model card contact'],
    ['Évaluation', 'évaluation'],
  ])('%j -> %j', (input, out) => {
    expect(normalizeHeading(input)).toBe(out);
  });
});
