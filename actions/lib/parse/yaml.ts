import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { UserError, type Problem } from '../errors.js';
import type { Location } from '../verdict/model.js';
import { quotable } from './quote.js';

/** Path into a parsed document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

export interface YamlFile<T = unknown> {
  file: string;
  value: T;
  /** Location of the value at `path`, or of its key with `{ key: true }`; nearest existing ancestor otherwise. */
  locate(path: DocPath, options?: { key?: boolean }): Location;
}

const HINTS: Record<string, string> = {
  DUPLICATE_KEY:
    'remove or rename one of the two keys: YAML keeps only one and the other would be lost',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  TAG_RESOLVE_FAILED: 'remove the tag, or quote the value if it starts with !',
  BAD_INDENT: 'align the key with its siblings using spaces',
  MISSING_CHAR: 'close the quote or bracket that was opened',
  MULTIPLE_DOCS: 'keep one document per file: remove the extra `---`',
  BAD_ALIAS: 'define the anchor (&name) before using the alias (*name)',
  UNEXPECTED_TOKEN: 'check the indentation and punctuation of this line',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after the colon, or quote the value',
  MULTILINE_IMPLICIT_KEY: 'put a key and its value on one line, or quote the value',
};

/** Alias expansions allowed before a document is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** Pointer segments as a JSON pointer: `/gates/evals/objectives/0`. */
export function toPointer(path: DocPath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * yaml's messages for these codes are fixed sentences (`Missing closing "quote`), so they are
 * kept; the others may quote the source (`Unresolved tag: !jane@mail.com`, a key, a token).
 */
const FIXED_WORDS = new Set([
  'MISSING_CHAR',
  'BAD_INDENT',
  'TAB_AS_INDENT',
  'MULTILINE_IMPLICIT_KEY',
  'BLOCK_AS_IMPLICIT_KEY',
  'BLOCK_IN_FLOW',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_TAGS',
]);

/** Every other code in our words, by kind only: the position is reported separately. */
const MESSAGES: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias names no anchor defined before it',
  BAD_COLLECTION_TYPE: 'the tag does not fit the kind of value it is on',
  BAD_DIRECTIVE: 'a directive (a line starting with %) is not valid',
  BAD_DQ_ESCAPE: 'a double-quoted text has an invalid escape sequence',
  BAD_INDENT: 'the indentation is wrong',
  BAD_PROP_ORDER: 'an anchor or a tag is in the wrong place',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  BLOCK_AS_IMPLICIT_KEY: 'a block value cannot be a key',
  BLOCK_IN_FLOW: 'a block value cannot be inside [ ] or { }',
  DUPLICATE_KEY: 'duplicate key: it is already defined in the same mapping',
  IMPOSSIBLE: 'the document could not be read',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a character is missing (a quote, a bracket, a comma or a space after a colon)',
  MULTILINE_IMPLICIT_KEY: 'a key spans several lines',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key is not text',
  RESOURCE_EXHAUSTION: 'the document expands too far',
  TAB_AS_INDENT: 'a tab is used for indentation',
  TAG_RESOLVE_FAILED: 'a tag (!name) is not one YAML knows',
  UNEXPECTED_TOKEN: 'unexpected text here',
};

function firstLine(message: string): string {
  // yaml appends " at line N, column M"; the location is reported separately.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** A duplicate key is named when it is safe to quote (`duplicate key "mode"`), never otherwise. */
function duplicateKey(text: string, offset: number): string {
  const written = /^[^:\n]*/.exec(text.slice(offset))?.[0]?.trim() ?? '';
  const key = quotable(written.replace(/^(["'])(.*)\1$/, '$2'));
  return key
    ? `duplicate key ${key}: it is already defined in the same mapping`
    : MESSAGES.DUPLICATE_KEY!;
}

/**
 * Parse one YAML document strictly: duplicate keys, bad indentation, multiple documents,
 * unresolved tags and alias bombs are errors with line and column.
 */
export function parseYaml<T = unknown>(
  text: string,
  file: string,
  options: { offsetLine?: number } = {},
): YamlFile<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const lineShift = options.offsetLine ?? 0;
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineShift, column: col };
  };
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const start = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    const end = e.linePos?.[1];
    return {
      message:
        e.code === 'DUPLICATE_KEY'
          ? duplicateKey(text, e.pos[0])
          : FIXED_WORDS.has(e.code)
            ? firstLine(e.message)
            : (MESSAGES[e.code] ?? 'the YAML is not valid here'),
      hint: HINTS[e.code],
      location: {
        file,
        line: start.line + lineShift,
        column: start.col,
        ...(end ? { endLine: end.line + lineShift, endColumn: end.col } : {}),
      },
    };
  });
  if (problems.length > 0) throw new UserError(problems);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new UserError({
      message: /alias/i.test(message)
        ? `${file} expands too many aliases (more than ${MAX_ALIAS_COUNT}): this looks like an alias bomb`
        : `${file} could not be read as YAML`,
      hint: 'write the values out instead of nesting anchors and aliases',
      location: { file, line: 1 + lineShift, column: 1 },
    });
  }
  return {
    file,
    value: value as T,
    locate: (path, opts) => locateIn(doc, path, opts?.key ?? false, file, at),
  };
}

function rangeLocation(
  file: string,
  range: readonly [number, number, number?] | null | undefined,
  at: (offset: number) => { line: number; column: number },
): Location {
  if (!range) return { file, line: 1, column: 1 };
  const start = at(range[0]);
  const end = at(range[1]);
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function locateIn(
  doc: Document,
  path: DocPath,
  key: boolean,
  file: string,
  at: (offset: number) => { line: number; column: number },
): Location {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const found = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!found) break;
      pair = found;
      node = found.value;
    } else if (isSeq(node)) {
      const index = Number(segment);
      const item = Number.isInteger(index) ? node.items[index] : undefined;
      if (item === undefined) break;
      pair = undefined;
      node = item;
    } else {
      break;
    }
  }
  const target =
    key && pair && isScalar(pair.key)
      ? (pair.key as Node)
      : ((node as Node | null) ?? (pair?.key as Node));
  return rangeLocation(file, target?.range, at);
}
