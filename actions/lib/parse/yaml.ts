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

const MESSAGES: Record<string, (text: string, offset: number) => string> = {
  DUPLICATE_KEY: (text, offset) => {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0]?.trim();
    return key
      ? `duplicate key "${key}": it is already defined in the same mapping`
      : 'duplicate key in a mapping';
  },
  MULTIPLE_DOCS: () => 'the file holds more than one YAML document',
};

function firstLine(message: string): string {
  // yaml appends " at line N, column M" and a code excerpt; the location is reported separately.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
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
      message: MESSAGES[e.code]?.(text, e.pos[0]) ?? firstLine(e.message),
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
        : `${file} could not be read as YAML: ${message}`,
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
