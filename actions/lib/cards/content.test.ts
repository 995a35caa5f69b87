import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../parse/markdown.js';
import type { Item } from '../verdict/model.js';
import { contentItems, placeholderPattern, type RequiredSection } from './content.js';

const DEFAULT_PLACEHOLDERS = ['[More Information Needed]', 'TODO', 'TBD', 'lorem ipsum'];

function judge(
  lines: string[],
  required: Partial<RequiredSection>[] = [],
  placeholders = DEFAULT_PLACEHOLDERS,
): Item[] {
  const doc = parseMarkdown(lines.join('\n') + '\n', 'card.md');
  const sections = required.map((r) => ({ heading: 'X', aliases: [], min_words: 3, ...r }));
  return contentItems(doc, sections, placeholders, 'card.md:');
}

function byId(items: Item[], id: string): Item {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id} in ${items.map((i) => i.id).join(', ')}`);
  return item;
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('required sections', () => {
  it('passes a section with enough words, at its heading', () => {
    const items = judge(
      ['# Card', '', '## Uses', '', words(5)],
      [{ heading: 'Uses', min_words: 5 }],
    );
    expect(byId(items, 'card.md:section/uses')).toMatchObject({
      status: 'pass',
      observed: 5,
      expected: '≥ 5 words',
      location: { file: 'card.md', line: 3, column: 1 },
    });
  });

  it('fails a section with too few words', () => {
    const items = judge(['## Uses', words(4)], [{ heading: 'Uses', min_words: 5 }]);
    expect(byId(items, 'card.md:section/uses')).toMatchObject({
      status: 'fail',
      observed: 4,
      message: 'section "Uses" has 4 words, fewer than the 5 required',
      location: { line: 1 },
    });
  });

  it('fails a missing section, naming its aliases', () => {
    const items = judge(['## Other', words(9)], [{ heading: 'Uses', aliases: ['Intended Uses'] }]);
    expect(byId(items, 'card.md:section/uses')).toMatchObject({
      status: 'fail',
      observed: null,
      message: 'the card has no "Uses" section (or "Intended Uses")',
      location: { file: 'card.md', line: 1, column: 1 },
    });
  });

  it('accepts an alias, any heading level, setext headings, and other case and punctuation', () => {
    const items = judge(
      ['# Card', '### intended uses:', words(3), '', 'Bias risks and limitations', '---', words(3)],
      [
        { heading: 'Uses', aliases: ['Intended Uses'] },
        { heading: 'Bias, Risks, and Limitations' },
      ],
    );
    expect(byId(items, 'card.md:section/uses').status).toBe('pass');
    expect(byId(items, 'card.md:section/bias-risks-and-limitations')).toMatchObject({
      status: 'pass',
      location: { line: 5, endLine: 6 },
    });
  });

  it('counts the words of subsections, but not headings or HTML comments', () => {
    const lines = [
      '## Evaluation',
      '<!-- This section describes the evaluation protocols and provides the results. -->',
      '### Testing Data',
      words(2),
      '### Results',
      words(2),
    ];
    expect(
      byId(judge(lines, [{ heading: 'Evaluation', min_words: 4 }]), 'card.md:section/evaluation'),
    ).toMatchObject({ status: 'pass', observed: 4 });
    expect(
      byId(judge(lines, [{ heading: 'Evaluation', min_words: 5 }]), 'card.md:section/evaluation')
        .status,
    ).toBe('fail');
  });

  it('does not count placeholder words, and says the section holds placeholders', () => {
    const items = judge(
      ['## Training Details', '[More Information Needed]', 'TODO lorem ipsum'],
      [{ heading: 'Training Details', min_words: 1 }],
    );
    expect(byId(items, 'card.md:section/training-details')).toMatchObject({
      status: 'fail',
      observed: 0,
      message:
        'section "Training Details" has 0 words besides placeholders, fewer than the 1 required',
    });
  });

  it('judges the fullest of several sections with the same heading', () => {
    const items = judge(
      ['## Uses', 'short', '# Later', '## Uses', words(6)],
      [{ heading: 'Uses', min_words: 5 }],
    );
    expect(byId(items, 'card.md:section/uses')).toMatchObject({
      status: 'pass',
      location: { line: 4 },
    });
  });

  it('ignores headings inside code fences', () => {
    const items = judge(['# Card', '```', '## Uses', words(9), '```'], [{ heading: 'Uses' }]);
    expect(byId(items, 'card.md:section/uses').status).toBe('fail');
  });
});

describe('placeholders', () => {
  it.each([
    ['[More Information Needed]', 'Data: [More Information Needed]'],
    ['TODO', 'The dataset is todo.'],
    ['TBD', 'Release date: TBD'],
    ['lorem ipsum', 'Lorem   ipsum dolor sit amet.'],
  ])('fails on %s at its line and column', (placeholder, text) => {
    const items = judge(['# Card', '', `## Section`, '', `Some words here. ${text}`]);
    const item = byId(items, 'card.md:placeholder/card/section');
    expect(item).toMatchObject({
      status: 'fail',
      rule: 'placeholder',
      location: { file: 'card.md', line: 5 },
    });
    expect(item.message.toLowerCase()).toContain(placeholder.toLowerCase().split(' ')[0]);
    expect(item.location!.column).toBe(
      `Some words here. ${text}`.toLowerCase().indexOf(placeholder.toLowerCase().split(' ')[0]!) +
        1,
    );
  });

  it('matches whole words only, and never inside code', () => {
    const items = judge([
      '## Notes',
      'Our TODOS list and the TBDX project are real names; `TODO` in code and',
      '```',
      '# TODO: lorem ipsum',
      '```',
    ]);
    expect(items.filter((i) => i.rule === 'placeholder')).toEqual([
      expect.objectContaining({ id: 'card.md:placeholders', status: 'pass' }),
    ]);
  });

  it('reports each section once, listing every occurrence with its line', () => {
    const items = judge(['## A', 'TODO one', '', 'TBD two and TODO three', '## B', words(3)]);
    expect(byId(items, 'card.md:placeholder/a')).toMatchObject({
      observed: 3,
      message: 'section "A" is unfilled: TODO (line 2), TBD (line 4), TODO (line 4)',
      location: { line: 2, column: 1 },
    });
    expect(items.some((i) => i.id === 'card.md:placeholder/b')).toBe(false);
  });

  it('locates placeholders in table cells and repeated on one line', () => {
    const items = judge([
      '## A',
      '',
      '| Field | Value |',
      '| --- | --- |',
      '| Owner | TBD |',
      '',
      'TODO, then `TODO` in code, then TODO.',
    ]);
    const item = byId(items, 'card.md:placeholder/a');
    expect(item.message).toBe(
      'section "A" is unfilled: TBD (line 5), TODO (line 7), TODO (line 7)',
    );
    expect(item.location).toMatchObject({ line: 5, column: 11 });
  });

  it('reports placeholders before the first heading', () => {
    expect(
      byId(judge(['TBD', '# Card', words(3)]), 'card.md:placeholder/preamble').location,
    ).toMatchObject({ line: 1 });
  });

  it('uses the policy list, including none at all', () => {
    expect(byId(judge(['## A', 'FIXME soon'], [], ['FIXME']), 'card.md:placeholder/a').status).toBe(
      'fail',
    );
    expect(byId(judge(['## A', 'TODO soon'], [], []), 'card.md:placeholders').status).toBe('pass');
  });

  it('escapes regular expression characters, and never backtracks on near misses', () => {
    const pattern = placeholderPattern(['a.b', '(x)'])!;
    expect('axb'.match(pattern)).toBeNull();
    expect('see a.b and (x)'.match(pattern)).toEqual(['a.b', '(x)']);
    // Near misses of every placeholder: a catastrophic pattern would hang here.
    const hostile = `${'lorem '.repeat(200_000)}${'[More Information '.repeat(50_000)}TODOS`;
    expect([...hostile.matchAll(placeholderPattern(DEFAULT_PLACEHOLDERS)!)]).toEqual([]);
  });
});

describe('empty sections', () => {
  it('fails a heading with nothing under it, at the heading', () => {
    const items = judge([
      '# Card',
      words(3),
      '## Citation',
      '<!-- BibTeX here -->',
      '## Contact',
      words(2),
    ]);
    expect(byId(items, 'card.md:empty/card/citation')).toMatchObject({
      status: 'fail',
      message: 'section "Citation" is empty',
      location: { line: 3 },
    });
    expect(items.some((i) => i.id === 'card.md:placeholders')).toBe(false);
  });

  it('does not count a heading whose subsections have content as empty', () => {
    const items = judge(['## Uses', '### Direct Use', words(3)]);
    expect(items.map((i) => i.id)).toEqual(['card.md:placeholders']);
  });

  it('gives stable, unique ids to repeated headings', () => {
    const items = judge(['# A', '## Notes', '## Notes', words(1)]);
    expect(items.map((i) => i.id)).toEqual(['card.md:empty/a/notes']);
    const twice = judge(['# A', '## Notes', '## Notes', '## End', words(1)]);
    expect(twice.map((i) => i.id)).toEqual(['card.md:empty/a/notes', 'card.md:empty/a/notes-2']);
  });

  it('passes a card with no placeholders or empty sections, saying how many sections it read', () => {
    expect(judge(['# A', words(2), '## B', words(2)])).toEqual([
      expect.objectContaining({
        id: 'card.md:placeholders',
        status: 'pass',
        message: 'no placeholders or empty sections in 2 sections',
      }),
    ]);
  });
});
