import { describe, expect, it } from 'vitest';
import { readJsonArray, type ArrayElement } from './json-array.js';

async function elements(chunks: (string | Uint8Array)[], max?: number): Promise<ArrayElement[]> {
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  }
  const out: ArrayElement[] = [];
  for await (const batch of readJsonArray(source(), max)) out.push(...batch);
  return out;
}

/** Every split of `text` into two chunks gives the same elements as the whole. */
async function everySplit(text: string): Promise<ArrayElement[]> {
  const whole = await elements([text]);
  const bytes = Buffer.from(text, 'utf8');
  for (let k = 1; k < bytes.length; k++)
    expect(await elements([bytes.subarray(0, k), bytes.subarray(k)]), `split at ${k}`).toEqual(
      whole,
    );
  return whole;
}

describe('readJsonArray', () => {
  it.each<[string, string, ArrayElement[]]>([
    ['an empty array', '[]', []],
    ['an empty array with spaces and a byte-order mark', '\ufeff  [ \n ]\n', []],
    [
      'one line, as Langfuse writes it',
      '[{"a":1},{"b":"x,]}\\"y"},[1,[2]],3,"s",null]',
      [
        { line: 1, column: 2, value: { a: 1 } },
        { line: 1, column: 10, value: { b: 'x,]}"y' } },
        { line: 1, column: 26, value: [1, [2]] },
        { line: 1, column: 34, value: 3 },
        { line: 1, column: 36, value: 's' },
        { line: 1, column: 40, value: null },
      ],
    ],
    [
      'pretty-printed over lines, columns in characters',
      '[\n  {"q": "Größe 😀"},\n  {\n    "n": 2\n  }\n]\n',
      [
        { line: 2, column: 3, value: { q: 'Größe 😀' } },
        { line: 3, column: 3, value: { n: 2 } },
      ],
    ],
    [
      'an element that is not JSON, located at its fault, and the next read',
      '[{"a":1},{"b":tru},{"c":3}]',
      [
        { line: 1, column: 2, value: { a: 1 } },
        {
          line: 1,
          column: 15,
          problem: expect.stringMatching(/^is an element that is not valid JSON/) as string,
        },
        { line: 1, column: 20, value: { c: 3 } },
      ],
    ],
    [
      'two commas and a trailing comma',
      '[1,,2,]',
      [
        { line: 1, column: 2, value: 1 },
        {
          line: 1,
          column: 4,
          problem: 'is a comma where an element should be (two commas in a row)',
        },
        { line: 1, column: 5, value: 2 },
        { line: 1, column: 7, problem: 'is a comma before the closing ] of the array' },
      ],
    ],
    [
      'a file cut short inside an element',
      '[{"a":1},{"b":"cut',
      [
        { line: 1, column: 2, value: { a: 1 } },
        {
          line: 1,
          column: 10,
          problem: 'is an element cut short: the file ends before the array is closed',
        },
      ],
    ],
    [
      'a file cut short after a comma',
      '[{"a":1},\n',
      [
        { line: 1, column: 2, value: { a: 1 } },
        { line: 2, column: 1, problem: 'ends before the array is closed: the file is cut short' },
      ],
    ],
    [
      'text after the array',
      '[1] [2]',
      [
        { line: 1, column: 2, value: 1 },
        { line: 1, column: 5, problem: 'is text after the closing ] of the array' },
      ],
    ],
  ])('%s', async (_what, text, expected) => {
    expect(await everySplit(text)).toEqual(expected);
  });

  it('reports an element over the size limit and reads the next, in bounded memory', async () => {
    const big = `{"q":"${'x'.repeat(100)}"}`;
    expect(await elements(['[{"a":1},', big.slice(0, 50), big.slice(50), ',{"c":3}]'], 64)).toEqual(
      [
        { line: 1, column: 2, value: { a: 1 } },
        { line: 1, column: 10, problem: 'is an element longer than 64 bytes' },
        { line: 1, column: 119, value: { c: 3 } },
      ],
    );
  });

  it('reports an element that is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('[{"b":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"},{"c":3}]'),
    ]);
    expect(await elements([bytes])).toEqual([
      { line: 1, column: 2, problem: 'is an element that is not valid UTF-8' },
      { line: 1, column: 13, value: { c: 3 } },
    ]);
  });

  it('ends strings right after runs of backslashes, wherever a chunk ends', async () => {
    // Runs of one to four backslashes before quotes and brackets: the string scanning of an
    // ASCII chunk must find the same closing quote as reading byte by byte.
    const values = ['a\\', '\\"', 'x\\\\"]', '\\\\\\', '"],[{', 'q\\\\"\\'];
    const text = JSON.stringify(values.map((v, i) => (i % 2 ? { v } : v)));
    const got = await everySplit(text);
    expect(got.map((e) => ('value' in e ? e.value : e.problem))).toEqual(
      values.map((v, i) => (i % 2 ? { v } : v)),
    );
  });

  it('hands on the elements of a chunk a batch at a time, each of at most 64', async () => {
    // A whole chunk's parsed elements held at once outlived the young generation.
    const text = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i })));
    async function* source() {
      yield Buffer.from(text);
    }
    const sizes: number[] = [];
    let next = 0;
    for await (const batch of readJsonArray(source()))
      for (const e of (sizes.push(batch.length), batch))
        expect('value' in e && e.value).toEqual({ i: next++ });
    expect(next).toBe(1000);
    expect(Math.max(...sizes)).toBe(64);
  });
});
