import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { readCsv, type CsvRecord } from './csv.js';

async function records(
  chunks: (string | Uint8Array)[],
  max?: number,
): Promise<CsvRecord[] | string> {
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  }
  const out: CsvRecord[] = [];
  try {
    for await (const batch of readCsv(source(), 'x.csv', (t) => (t === '' ? null : t), max))
      out.push(...batch);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return `${e.problems[0]!.location?.line}: ${e.message}`;
  }
  return out;
}

describe('readCsv', () => {
  it.each<[string, (string | Uint8Array)[], CsvRecord[] | string]>([
    [
      'records by the header, at the line each starts on, across chunks',
      ['\ufeff"a","b"\n"1","x\ny"\n\n"2', '",""\n"3","z"'],
      [
        { line: 2, value: { a: '1', b: 'x\ny' } },
        { line: 5, value: { a: '2', b: null } },
        { line: 6, value: { a: '3', b: 'z' } },
      ],
    ],
    [
      'a ragged row is a problem, and the next is read',
      ['a,b\n1\n2,3\n'],
      [
        { line: 2, problem: 'has 1 fields, the header 2' },
        { line: 3, value: { a: '2', b: '3' } },
      ],
    ],
    ['a header only', ['a,b\n'], []],
    [
      'doubled quotes, CRLF, an empty quoted field and a last record without a line break',
      ['"a","b"\r\n"say ""hi""","{""k"":""v""}"\r\n"",x'],
      [
        { line: 2, value: { a: 'say "hi"', b: '{"k":"v"}' } },
        { line: 3, value: { a: null, b: 'x' } },
      ],
    ],
    [
      'a quote inside a plain field',
      ['a,b\n1,x"y\n'],
      '2: x.csv:2: a quote in the column b is not where CSV allows one',
    ],
    [
      'text after a closing quote',
      ['a,b\n"1"x,2\n'],
      '2: x.csv:2: a quote in the column a is not where CSV allows one',
    ],
    [
      'a quote never closed',
      ['a,b\n1,2\n3,"cut'],
      '3: x.csv:3: a quoted field starts here and is never closed',
    ],
    [
      'a record over the limit',
      ['a,b\n1,2\n3,"' + 'x'.repeat(100) + '"\n'],
      '3: x.csv:3: a record starts here and is longer than 64 bytes',
    ],
    [
      'a header naming a column twice',
      ['a,b,a\n1,2,3\n'],
      '1: x.csv:1: the header names the column a twice: which one counts would be a guess',
    ],
    [
      'bytes that are not UTF-8',
      [Buffer.from('a,b\n1,2\n'), Buffer.from([0x33, 0x2c, 0xc3, 0x28, 0x0a])],
      '3: x.csv:3: not valid UTF-8',
    ],
  ])('%s', async (_what, chunks, expected) => {
    expect(await records(chunks, 64)).toEqual(expected);
    // Any split of the bytes into two chunks reads the same.
    const bytes = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    for (let k = 1; k < bytes.length; k++)
      expect(await records([bytes.subarray(0, k), bytes.subarray(k)], 64), `split at ${k}`).toEqual(
        expected,
      );
  });

  it('hands on the records of a chunk a batch at a time, each of at most 64', async () => {
    // A whole chunk's records held at once outlived the young generation.
    const text = 'i,s\n' + Array.from({ length: 1000 }, (_, i) => `${i},"a ""${i}"""\n`).join('');
    async function* source() {
      yield Buffer.from(text);
    }
    const sizes: number[] = [];
    let next = 0;
    for await (const batch of readCsv(source(), 'x.csv')) {
      sizes.push(batch.length);
      for (const r of batch) {
        expect(r).toEqual({ line: next + 2, value: { i: String(next), s: `a "${next}"` } });
        next++;
      }
    }
    expect(next).toBe(1000);
    expect(Math.max(...sizes)).toBe(64);
  });
});
