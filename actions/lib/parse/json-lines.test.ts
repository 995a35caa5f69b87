import { describe, expect, it } from 'vitest';
import { readLines, type RawLine } from './json-lines.js';

async function lines(chunks: (string | Uint8Array)[], max?: number): Promise<RawLine[]> {
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  }
  const out: RawLine[] = [];
  for await (const batch of readLines(source(), max)) out.push(...batch);
  return out;
}

describe('readLines', () => {
  it('splits lines across chunk boundaries, with CRLF, a byte-order mark and no final break', async () => {
    expect(await lines(['\ufeff{"a":', '1}\r\n{"b"', ':2}\n', '{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}', last: false },
      { line: 2, text: '{"b":2}', last: false },
      { line: 3, text: '{"c":3}', last: true },
    ]);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('{"q":"Größe 😀"}\n', 'utf8');
    expect(await lines([bytes.subarray(0, 9), bytes.subarray(9, 14), bytes.subarray(14)])).toEqual([
      { line: 1, text: '{"q":"Größe 😀"}', last: false },
    ]);
  });

  it.each([
    ['a NUL byte', Buffer.from('{"a":1}\n{"b"\u0000:2}\n{"c":3}\n'), /NUL byte/],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('{"a":1}\n{"b":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}\n{"c":3}\n'),
      ]),
      /not valid UTF-8/,
    ],
  ])('reports a line with %s and goes on', async (_what, bytes, problem) => {
    const out = await lines([bytes]);
    expect(out).toHaveLength(3);
    expect(out[1]).toMatchObject({ line: 2, problem: expect.stringMatching(problem) });
    expect(out[2]).toEqual({ line: 3, text: '{"c":3}', last: false });
  });

  it('skips a line longer than the limit without holding it, within a chunk and across chunks', async () => {
    const long = 'x'.repeat(100);
    const out = await lines(
      [`{"a":1}\n${long}\n{"b":2}\n${long.slice(0, 60)}`, `${long}\n{"c":3}\n`],
      64,
    );
    expect(out.map((l) => ('text' in l ? l.text : `${l.line}: too long`))).toEqual([
      '{"a":1}',
      '2: too long',
      '{"b":2}',
      '4: too long',
      '{"c":3}',
    ]);
  });

  it('reports an unterminated oversized last line', async () => {
    const out = await lines(['{"a":1}\n', 'y'.repeat(200)], 64);
    expect(out[1]).toMatchObject({
      line: 2,
      problem: expect.stringMatching(/longer than 64 bytes/),
    });
  });

  it('yields nothing for an empty stream', async () => {
    expect(await lines([])).toEqual([]);
  });
});
