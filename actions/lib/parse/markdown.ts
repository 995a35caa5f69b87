/**
 * Markdown documents with YAML front matter (cards, compliance evidence), read with
 * markdown-it: CommonMark headings (ATX and setext), code fences, HTML comments and GFM
 * tables are handled as GitHub renders them, in linear time. markdown-it reports where each
 * block is by line; positions inside a block are found in the source lines.
 */
import markdownit, { type Token } from 'markdown-it';
import { UserError } from '../errors.js';
import type { Location } from '../verdict/model.js';
import { readTextInput, type TextSource } from './text-input.js';
import { parseYaml, type YamlFile } from './yaml.js';

export type { Token } from 'markdown-it';

interface FrontMatter {
  yaml: YamlFile;
  /** The whole block, `---` lines included. */
  location: Location;
}

interface Section {
  /** Heading text without Markdown formatting. */
  title: string;
  /** 1 for `#`, 2 for `##` (and setext `---` underlines), ... */
  depth: number;
  /** The heading. */
  location: Location;
  /** Tokens between this heading and the next one, whatever its depth. */
  blocks: Token[];
  /** Index of the enclosing section in `sections`, or -1. */
  parent: number;
}

export interface MarkdownDoc {
  file: string;
  frontMatter: FrontMatter | null;
  /** Tokens before the first heading, front matter excluded. */
  preamble: Token[];
  /** Every heading's section, in document order. */
  sections: Section[];
  /** The source, line by line, for positions inside a block. */
  lines: string[];
}

/** Text of a document for word counts and placeholder scans, with the lines of its block. */
interface TextSpan {
  value: string;
  /** 1-based first and last line of the block it comes from. */
  line: number;
  endLine: number;
  /** Inline code or a code block: counted as words, never scanned for placeholders. */
  code: boolean;
}

// HTML is parsed (never rendered) so that comments are recognised and left out of the text.
const parser = markdownit({ html: true, linkify: false, typographer: false });

/** Cards and evidence are tens of kilobytes; anything this large is the wrong file. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/** Reads and parses a Markdown document through a gate's input recorder. */
export async function readMarkdown(
  source: TextSource,
  path: string,
  expected: string,
): Promise<MarkdownDoc> {
  const text = await readTextInput(source, path, { maxBytes: MAX_DOCUMENT_BYTES, expected });
  return parseMarkdown(text, path);
}

const FENCE = /^---[ \t]*$/;

/** Front matter is a mapping of keys between `---` lines at the top; an empty block is no keys. */
function frontMatterOf(lines: string[], file: string): FrontMatter | null {
  if (!FENCE.test(lines[0] ?? '')) return null;
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close === -1) {
    throw new UserError({
      message: `${file}: the front matter opened by \`---\` on line 1 is never closed`,
      hint: 'end the YAML front matter with a line holding only `---`',
      location: { file, line: 1, column: 1, endLine: 1, endColumn: 4 },
    });
  }
  const location = { file, line: 1, column: 1, endLine: close + 1, endColumn: 4 };
  // The YAML starts on line 2 of the file.
  const yaml = parseYaml(lines.slice(1, close).join('\n'), file, { offsetLine: 1 });
  if (yaml.value === null) return { yaml: { ...yaml, value: {} }, location };
  if (typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    throw new UserError({
      message: `the front matter of ${file} must be a mapping of keys, not ${Array.isArray(yaml.value) ? 'a list' : 'a single value'}`,
      hint: 'write the metadata as `key: value` lines between the two `---` lines',
      location,
    });
  }
  return { yaml, location };
}

/** Where a block token is: its lines, from its first non-blank character. */
export function blockLocation(doc: Pick<MarkdownDoc, 'file' | 'lines'>, token: Token): Location {
  if (!token.map) return { file: doc.file };
  const [start, end] = token.map;
  const first = doc.lines[start] ?? '';
  const last = (doc.lines[end - 1] ?? '').trimEnd();
  return {
    file: doc.file,
    line: start + 1,
    column: first.length - first.trimStart().length + 1,
    endLine: end,
    endColumn: last.length + 1,
  };
}

/** Plain text of an inline token: its text and code, without Markdown formatting. */
export function inlineText(token: Token | undefined): string {
  return (token?.children ?? [])
    .map((c) =>
      c.type === 'text' || c.type === 'code_inline'
        ? c.content
        : c.type === 'softbreak' || c.type === 'hardbreak'
          ? ' '
          : '',
    )
    .join('')
    .trim();
}

/**
 * Parse a Markdown document. Front matter is parsed strictly (see parseYaml) with lines
 * counted from the top of the file; a front matter block that is never closed is an error.
 */
export function parseMarkdown(text: string, file: string): MarkdownDoc {
  const lines = text.split(/\r\n|\r|\n/);
  const frontMatter = frontMatterOf(lines, file);
  // Blank out the front matter so that block lines stay the file's lines.
  const body = frontMatter
    ? lines.map((line, i) => (i < frontMatter.location.endLine! ? '' : line)).join('\n')
    : text;
  const doc: MarkdownDoc = { file, frontMatter, preamble: [], sections: [], lines };
  const tokens = parser.parse(body, {});
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // Headings inside lists or quotes are content, as they do not structure the document.
    if (token.type === 'heading_open' && token.level === 0) {
      const depth = Number(token.tag.slice(1));
      while (stack.length && doc.sections[stack.at(-1)!]!.depth >= depth) stack.pop();
      doc.sections.push({
        title: inlineText(tokens[i + 1]),
        depth,
        location: blockLocation(doc, token),
        blocks: [],
        parent: stack.at(-1) ?? -1,
      });
      stack.push(doc.sections.length - 1);
      i += 2; // the heading's inline and closing tokens
      continue;
    }
    (doc.sections.at(-1)?.blocks ?? doc.preamble).push(token);
  }
  return doc;
}

/** Indexes of a section and its subsections (they follow it in document order). */
export function subtree(doc: MarkdownDoc, index: number): number[] {
  const out = [index];
  const depth = doc.sections[index]!.depth;
  for (let i = index + 1; i < doc.sections.length && doc.sections[i]!.depth > depth; i++)
    out.push(i);
  return out;
}

/** The text of some blocks: prose and code, without HTML (comments are instructions). */
export function textSpans(blocks: readonly Token[]): TextSpan[] {
  const out: TextSpan[] = [];
  // Table cells have no lines of their own: they are on the line of their row.
  let at = { line: 1, endLine: 1 };
  for (const token of blocks) {
    if (token.map) at = { line: token.map[0] + 1, endLine: token.map[1] };
    if (token.type === 'fence' || token.type === 'code_block') {
      out.push({ value: token.content, ...at, code: true });
    } else if (token.type === 'inline') {
      let prose = '';
      for (const child of token.children ?? []) {
        if (child.type === 'text') prose += child.content;
        else if (child.type === 'softbreak' || child.type === 'hardbreak') prose += '\n';
        else if (child.type === 'code_inline') {
          out.push({ value: child.content, ...at, code: true });
          prose += ' ';
        }
      }
      out.push({ value: prose, ...at, code: false });
    }
  }
  return out;
}

/**
 * Line and column of the first occurrence of `text` (case-insensitive) in lines `from.line`
 * to `endLine`, at or after `from.column`; `from` itself when it is not found.
 */
export function findText(
  doc: MarkdownDoc,
  text: string,
  from: { line: number; column: number },
  endLine: number,
): { line: number; column: number } {
  const needle = text.split('\n')[0]!.toLowerCase();
  for (let line = from.line; line <= endLine; line++) {
    const hay = (doc.lines[line - 1] ?? '').toLowerCase();
    const index = hay.indexOf(needle, line === from.line ? from.column - 1 : 0);
    if (index !== -1) return { line, column: index + 1 };
  }
  return from;
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

/** Heading text compared without case, punctuation or spacing: "Bias, Risks, and Limitations" = "bias risks and limitations". */
export function normalizeHeading(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
