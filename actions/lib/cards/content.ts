/**
 * What a card says, judged for substance: the required sections with enough words, and no
 * placeholders or empty sections anywhere.
 */
import {
  countWords,
  findText,
  normalizeHeading,
  subtree,
  textSpans,
  type MarkdownDoc,
  type Token,
} from '../parse/markdown.js';
import type { Item, Location } from '../verdict/model.js';

export interface RequiredSection {
  heading: string;
  aliases: string[];
  min_words: number;
}

interface Placeholder {
  text: string;
  location: Location;
}

interface Analysed {
  /** Words of the section's own blocks, placeholders excluded. */
  words: number;
  placeholders: Placeholder[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/** Placeholders as one pattern: case-insensitive, whole words, any spacing inside. */
export function placeholderPattern(placeholders: readonly string[]): RegExp | null {
  if (placeholders.length === 0) return null;
  const longestFirst = [...placeholders].sort((a, b) => b.length - a.length);
  return new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${longestFirst.map(escape).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
}

function analyse(doc: MarkdownDoc, blocks: Token[], pattern: RegExp | null): Analysed {
  const out: Analysed = { words: 0, placeholders: [] };
  for (const span of textSpans(blocks)) {
    if (span.code || !pattern) {
      out.words += countWords(span.value);
      continue;
    }
    let from = { line: span.line, column: 1 };
    for (const m of span.value.matchAll(pattern)) {
      const at = findText(doc, m[0], from, span.endLine);
      out.placeholders.push({ text: m[0], location: { file: doc.file, ...at } });
      from = { line: at.line, column: at.column + 1 };
    }
    out.words += countWords(span.value.replace(pattern, ' '));
  }
  return out;
}

function slug(text: string): string {
  return normalizeHeading(text).replace(/ /g, '-') || 'untitled';
}

function lines(found: Placeholder[]): string {
  const shown = found
    .slice(0, 5)
    .map((p) => `${p.text} (line ${p.location.line})`)
    .join(', ');
  return found.length > 5 ? `${shown} and ${found.length - 5} more` : shown;
}

/**
 * Items for a card's content. Required sections are found at any heading level, counting
 * the words of their subsections too; placeholders and empty sections are reported wherever
 * they are, each under the id of its section.
 */
export function contentItems(
  doc: MarkdownDoc,
  required: readonly RequiredSection[],
  placeholders: readonly string[],
  idPrefix: string,
): Item[] {
  const pattern = placeholderPattern(placeholders);
  const own = doc.sections.map((s) => analyse(doc, s.blocks, pattern));
  const total = doc.sections.map((_, i) => subtree(doc, i).reduce((n, j) => n + own[j]!.words, 0));
  const hasPlaceholders = doc.sections.map((_, i) =>
    subtree(doc, i).some((j) => own[j]!.placeholders.length > 0),
  );
  const paths = pathIds(doc);
  const items: Item[] = [];
  const judged = new Set<number>();

  for (const req of required) {
    const names = new Set([req.heading, ...req.aliases].map(normalizeHeading));
    const matches = doc.sections
      .map((_, i) => i)
      .filter((i) => names.has(normalizeHeading(doc.sections[i]!.title)));
    const id = `${idPrefix}section/${slug(req.heading)}`;
    const expected = `≥ ${req.min_words} words`;
    if (matches.length === 0) {
      const also = req.aliases.length ? ` (or ${req.aliases.map((a) => `"${a}"`).join(', ')})` : '';
      items.push({
        id,
        status: 'fail',
        message: `the card has no "${req.heading}" section${also}`,
        observed: null,
        expected,
        hint: `add a "## ${req.heading}" section with at least ${req.min_words} words`,
        location: { file: doc.file, line: 1, column: 1 },
        rule: 'section',
      });
      continue;
    }
    const best = matches.reduce((a, b) => (total[b]! > total[a]! ? b : a));
    matches.forEach((i) => judged.add(i));
    const section = doc.sections[best]!;
    const words = total[best]!;
    const ok = words >= req.min_words;
    items.push({
      id,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `section "${section.title}" has ${words} words`
        : `section "${section.title}" has ${words} word${words === 1 ? '' : 's'}${hasPlaceholders[best] ? ' besides placeholders' : ''}, fewer than the ${req.min_words} required`,
      observed: words,
      expected,
      ...(ok
        ? {}
        : { hint: `write at least ${req.min_words - words} more words of real content here` }),
      location: section.location,
      rule: 'section',
    });
  }

  const preamble = analyse(doc, doc.preamble, pattern);
  const unfilled: { id: string; title: string; found: Placeholder[] }[] = [];
  if (preamble.placeholders.length)
    unfilled.push({
      id: 'preamble',
      title: 'before the first heading',
      found: preamble.placeholders,
    });
  doc.sections.forEach((s, i) => {
    if (own[i]!.placeholders.length)
      unfilled.push({ id: paths[i]!, title: `section "${s.title}"`, found: own[i]!.placeholders });
  });
  for (const u of unfilled) {
    items.push({
      id: `${idPrefix}placeholder/${u.id}`,
      status: 'fail',
      message: `${u.title} is unfilled: ${lines(u.found)}`,
      observed: u.found.length,
      expected: 'no placeholders',
      hint: 'replace each placeholder with the real content, or remove what does not apply',
      location: u.found[0]!.location,
      rule: 'placeholder',
    });
  }

  let empty = 0;
  doc.sections.forEach((s, i) => {
    if (total[i]! > 0 || hasPlaceholders[i] || judged.has(i)) return;
    empty++;
    items.push({
      id: `${idPrefix}empty/${paths[i]}`,
      status: 'fail',
      message: `section "${s.title}" is empty`,
      observed: 0,
      expected: '≥ 1 word',
      hint: 'write the section, or remove the heading if it does not apply',
      location: s.location,
      rule: 'empty-section',
    });
  });

  if (unfilled.length === 0 && empty === 0) {
    items.push({
      id: `${idPrefix}placeholders`,
      status: 'pass',
      message: `no placeholders or empty sections in ${doc.sections.length} section${doc.sections.length === 1 ? '' : 's'}`,
      location: { file: doc.file, line: 1, column: 1 },
      rule: 'placeholder',
    });
  }
  return items;
}

/** A stable id per section: its heading path, e.g. `evaluation/results`, made unique. */
function pathIds(doc: MarkdownDoc): string[] {
  const seen = new Map<string, number>();
  const ids: string[] = [];
  for (const s of doc.sections) {
    const base = s.parent >= 0 ? `${ids[s.parent]}/${slug(s.title)}` : slug(s.title);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    ids.push(n > 1 ? `${base}-${n}` : base);
  }
  return ids;
}
