import { createScanner, visit, type JSONPath } from 'jsonc-parser';
import { toPointer } from './yaml.js';

export interface Position {
  line: number;
  column: number;
}

const FOUND_ALL = Symbol('found all');

/**
 * 1-based line and column of the values at JSON pointers in a JSON text, in one scan that
 * skips every subtree off the pointers' paths and stops when all are found. Pointers that do
 * not exist are absent from the result.
 */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, Position> {
  const wanted = new Set(pointers);
  const found = new Map<string, Position>();
  if (wanted.size === 0) return found;
  const onPath = new Set<string>();
  for (const p of wanted) {
    for (let i = p.indexOf('/', 1); i !== -1; i = p.indexOf('/', i + 1)) onPath.add(p.slice(0, i));
    onPath.add(p);
  }
  onPath.add('');
  const at = (path: JSONPath, line: number, character: number): boolean => {
    const pointer = toPointer(path);
    if (wanted.has(pointer) && !found.has(pointer)) {
      found.set(pointer, { line: line + 1, column: character + 1 });
      if (found.size === wanted.size) throw FOUND_ALL;
    }
    return onPath.has(pointer);
  };
  try {
    visit(
      text,
      {
        onObjectBegin: (_o, _l, line, character, path) => at(path(), line, character),
        onArrayBegin: (_o, _l, line, character, path) => at(path(), line, character),
        onLiteralValue: (_v, _o, _l, line, character, path) => void at(path(), line, character),
        // jsonc-parser resumes after a skipped subtree only when these are given.
        onObjectEnd: () => {},
        onArrayEnd: () => {},
      },
      { disallowComments: true },
    );
  } catch (e) {
    if (e !== FOUND_ALL) throw e;
  }
  return found;
}

/** 1-based line and column of the first syntax error in a JSON text, or null. */
export function firstSyntaxError(text: string): (Position & { message: string }) | null {
  let first: (Position & { message: string }) | null = null;
  visit(
    text,
    {
      onError: (code, _offset, _length, line, character) => {
        first ??= {
          line: line + 1,
          column: character + 1,
          message: ERRORS[code] ?? 'invalid JSON',
        };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return first;
}

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot import).
const UNKNOWN_TOKEN = 16;
const END_OF_TEXT = 17;

/**
 * NaN, Infinity and -Infinity outside strings, in order: what Python's json module writes for
 * numbers JSON does not have.
 */
export function nonFiniteNumbers(text: string): (Position & { token: string })[] {
  const found: (Position & { token: string })[] = [];
  const scanner = createScanner(text, false);
  let minus: (Position & { end: number }) | undefined;
  for (let kind = scanner.scan(); kind !== END_OF_TEXT; kind = scanner.scan()) {
    const value = kind === UNKNOWN_TOKEN ? scanner.getTokenValue() : '';
    const at = {
      line: scanner.getTokenStartLine() + 1,
      column: scanner.getTokenStartCharacter() + 1,
    };
    if (value === 'NaN' || value === 'Infinity') {
      const negative = value === 'Infinity' && minus?.end === scanner.getTokenOffset();
      found.push(
        negative
          ? { token: '-Infinity', line: minus!.line, column: minus!.column }
          : { token: value, ...at },
      );
    }
    minus = value === '-' ? { ...at, end: scanner.getTokenOffset() + 1 } : undefined;
  }
  return found;
}

// jsonc-parser's ParseErrorCode values, in words.
const ERRORS: Record<number, string> = {
  1: 'invalid symbol',
  2: 'invalid number format',
  3: 'a property name is expected',
  4: 'a value is expected',
  5: 'a colon is expected',
  6: 'a comma is expected',
  7: 'a closing brace is expected',
  8: 'a closing bracket is expected',
  9: 'the file ends too early',
  10: 'invalid comment token',
  11: 'unterminated comment',
  12: 'unterminated string',
  13: 'unterminated number',
  14: 'invalid unicode escape',
  15: 'invalid escape character',
  16: 'invalid character',
};
