import { describe, expect, it } from 'vitest';
import { firstSyntaxError, locatePointers } from './json-locate.js';

const text = JSON.stringify(
  {
    results: { version: 3, results: [{ a: 1 }, { a: 2, 'b/c': [true, { '~d': 'x' }] }] },
    z: null,
  },
  null,
  2,
);

describe('locatePointers', () => {
  it('finds values at pointers, escaped keys included, in one scan', () => {
    expect(
      locatePointers(text, [
        '/results/results/1',
        '/results/results/1/b~1c/1/~0d',
        '/results/version',
        '/z',
        '/results/results/7',
        '/nope/deeper',
      ]),
    ).toEqual(
      new Map([
        ['/results/version', { line: 3, column: 16 }],
        ['/results/results/1', { line: 8, column: 7 }],
        ['/results/results/1/b~1c/1/~0d', { line: 13, column: 19 }],
        ['/z', { line: 19, column: 8 }],
      ]),
    );
  });

  it('finds the root and values on one line', () => {
    expect(locatePointers('{"a": [1, 2, {"b": 3}]}', ['', '/a/2/b'])).toEqual(
      new Map([
        ['', { line: 1, column: 1 }],
        ['/a/2/b', { line: 1, column: 20 }],
      ]),
    );
  });

  it('asks for nothing, finds nothing', () => {
    expect(locatePointers(text, [])).toEqual(new Map());
  });
});

describe('firstSyntaxError', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": }', 3, 8, 'a value is expected'],
    ['{"a": 1 "b": 2}', 1, 9, 'a comma is expected'],
    ['{"a": "unterminated', 1, 7, 'unterminated string'],
  ])('%j -> %i:%i %s', (json, line, column, message) => {
    expect(firstSyntaxError(json)).toEqual({ line, column, message });
  });

  it('is null for valid JSON', () => {
    expect(firstSyntaxError(text)).toBeNull();
  });
});
