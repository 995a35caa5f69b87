/**
 * Markdown documents with YAML front matter (cards, compliance evidence), read with the
 * mdast/micromark parser: CommonMark headings (ATX and setext), code fences and HTML comments
 * are handled as GitHub renders them, with positions for every node.
 */
import type { Nodes, RootContent, Yaml } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { UserError } from '../errors.js';
import type { Location } from '../verdict/model.js';
import { readTextInput, type TextSource } from './text-input.js';
import { parseYaml, type YamlFile } from './yaml.js';

export interface FrontMatter {
  yaml: YamlFile;
  /** The whole block, `---` lines included. */
  location: Location;
}

export interface Section {
  /** Heading text without Markdown formatting. */
  title: string;
  /** 1 for `#`, 2 for `##` (and setext `---` underlines), ... */
  depth: number;
  /** The heading. */
  location: Location;
  /** Blocks between this heading and the next one, whatever its depth. */
  blocks: RootContent[];
  /** Index of the enclosing section in `sections`, or -1. */
  parent: number;
}

export interface MarkdownDoc {
  file: string;
  frontMatter: FrontMatter | null;
  /** Blocks before the first heading, front matter excluded. */
  preamble: RootContent[];
  /** Every heading's section, in document order. */
  sections: Section[];
  /** 1-based line and column of a character offset in the text. */
  position(offset: number): { line: number; column: number };
}

/** Text of a document for word counts and placeholder scans, with where it starts. */
export interface TextSpan {
  value: string;
  offset: number;
  /** Inline code or a code block: counted as words, never scanned for placeholders. */
  code: boolean;
}

/** Where a node is in the file. */
export function nodeLocation(file: string, node: Nodes): Location {
  const p = node.position;
  if (!p) return { file };
  return {
    file,
    line: p.start.line,
    column: p.start.column,
    endLine: p.end.line,
    endColumn: p.end.column,
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Parse a Markdown document. Front matter is parsed strictly (see parseYaml) with lines
 * counted from the top of the file; a front matter block that is never closed is an error.
 */
export function parseMarkdown(text: string, file: string): MarkdownDoc {
  const tree = fromMarkdown(text, {
    extensions: [frontmatter(['yaml']), gfmTable()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmTableFromMarkdown()],
  });
  const starts = lineStarts(text);
  const position = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };

  const doc: MarkdownDoc = { file, frontMatter: null, preamble: [], sections: [], position };
  const stack: number[] = [];
  for (const node of tree.children) {
    if (node.type === 'yaml') {
      doc.frontMatter = frontMatterOf(node, file);
      continue;
    }
    if (node.type === 'heading') {
      while (stack.length && doc.sections[stack.at(-1)!]!.depth >= node.depth) stack.pop();
      doc.sections.push({
        title: toString(node),
        depth: node.depth,
        location: nodeLocation(file, node),
        blocks: [],
        parent: stack.at(-1) ?? -1,
      });
      stack.push(doc.sections.length - 1);
      continue;
    }
    (doc.sections.at(-1)?.blocks ?? doc.preamble).push(node);
  }
  const first = tree.children[0];
  if (!doc.frontMatter && first?.type === 'thematicBreak' && /^---[ \t]*\r?\n/.test(text)) {
    throw new UserError({
      message: `${file}: the front matter opened by \`---\` on line 1 is never closed`,
      hint: 'end the YAML front matter with a line holding only `---`',
      location: { file, line: 1, column: 1, endLine: 1, endColumn: 4 },
    });
  }
  return doc;
}

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

/** Front matter is a mapping of keys; an empty block is an empty mapping. */
function frontMatterOf(node: Yaml, file: string): FrontMatter {
  const location = nodeLocation(file, node);
  // The YAML starts on the line after the opening `---`.
  const yaml = parseYaml(node.value, file, { offsetLine: location.line ?? 1 });
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

/** Indexes of a section and its subsections (they follow it in document order). */
export function subtree(doc: MarkdownDoc, index: number): number[] {
  const out = [index];
  const depth = doc.sections[index]!.depth;
  for (let i = index + 1; i < doc.sections.length && doc.sections[i]!.depth > depth; i++)
    out.push(i);
  return out;
}

/** The text of some blocks: prose and code, without HTML (comments are instructions). */
export function textSpans(blocks: readonly Nodes[]): TextSpan[] {
  const out: TextSpan[] = [];
  const walk = (node: Nodes) => {
    switch (node.type) {
      case 'text':
        out.push({ value: node.value, offset: node.position?.start.offset ?? 0, code: false });
        return;
      case 'inlineCode':
      case 'code':
        out.push({ value: node.value, offset: node.position?.start.offset ?? 0, code: true });
        return;
      case 'html':
      case 'yaml':
      case 'definition':
        return;
      default:
        if ('children' in node) for (const child of node.children) walk(child);
    }
  };
  blocks.forEach(walk);
  return out;
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
