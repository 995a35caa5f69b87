import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { readLines, type LineOptions, type RawLine } from './json-lines.js';

async function* source(chunks: (string | Uint8Array)[]) {
  for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
}

async function lines(chunks: (string | Uint8Array)[], max?: number): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const batch of readLines(source(chunks), { maxLineBytes: max })) out.push(...batch);
  return out;
}

/** What a strict reader throws, and the lines it yielded before. */
async function strict(chunks: (string | Uint8Array)[], options: LineOptions = {}) {
  const read: string[] = [];
  try {
    for await (const batch of readLines(source(chunks), { ...options, strictFile: 'r.jsonl' }))
      for (const l of batch) read.push(l.text);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { read, problems: e.problems };
  }
  return { read, problems: [] };
}

describe('readLines', () => {
  it('splits lines across chunk boundaries, with CRLF, a byte-order mark and no final break', async () => {
    expect(await lines(['\ufeff{"a":', '1}\r\n{"b"', ':2}\n', '{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}', last: false },
      { line: 2, text: '{"b":2}', last: false },
      { line: 3, text: '{"c":3}', last: true },
    ]);
  });

  it('reads a whole file in one chunk the same: byte-order mark, CRLF, blank and non-ASCII lines', async () => {
    expect(await lines(['\ufeff{"a":1}\r\n\n{"q":"Größe"}\r\n{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}', last: false },
      { line: 2, text: '', last: false },
      { line: 3, text: '{"q":"Größe"}', last: false },
      { line: 4, text: '{"c":3}', last: true },
    ]);
  });

  it('reads a chunk of many lines the same in one chunk as line by line: pieces split at line breaks', async () => {
    // 1 MiB and more in one chunk, decoded a piece at a time: lines at and around a piece's
    // end, a line longer than a piece, non-ASCII lines, CRLF, blank lines, a NUL byte.
    const texts: string[] = [];
    for (let i = 0; texts.join('\n').length < 1.2 * 1024 * 1024; i++)
      texts.push(
        i % 97 === 0
          ? 'x'.repeat(70_000 + i)
          : i % 13 === 0
            ? `{"q":"Größe ${i}"}\r`
            : i % 29 === 0
              ? ''
              : i === 500
                ? 'nul\u0000'
                : `{"i":${i},"pad":"${'y'.repeat(i % 300)}"}`,
      );
    const file = texts.join('\n') + '\n';
    const oneChunk = await lines([file]);
    const byLine = await lines(texts.map((t) => t + '\n'));
    expect(oneChunk).toEqual(byLine);
    expect(oneChunk.length).toBe(texts.length);
    expect(oneChunk[1]).toEqual({ line: 2, text: '{"i":1,"pad":"y"}', last: false });
  });

  it('counts a line over the limit in bytes, not characters', async () => {
    // 30 characters, 60 bytes: over a limit of 40 bytes, in a chunk of text and in one that is not.
    const long = 'ä'.repeat(30);
    for (const tail of ['', '\u0000'])
      expect((await lines([`${long}\n${'ö'.repeat(20)}\n${tail}\n`], 40)).slice(0, 2)).toEqual([
        {
          line: 1,
          column: 1,
          problem: expect.stringMatching(/^is longer than 40 bytes/),
          hint: expect.any(String),
        },
        { line: 2, text: 'ö'.repeat(20), last: false },
      ]);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('{"q":"Größe 😀"}\n', 'utf8');
    expect(await lines([bytes.subarray(0, 9), bytes.subarray(9, 14), bytes.subarray(14)])).toEqual([
      { line: 1, text: '{"q":"Größe 😀"}', last: false },
    ]);
  });

  const nul = Buffer.from('{"a":1}\n{"b"\u0000:2}\n{"c":3}\n');
  const notUtf8 = Buffer.concat([
    Buffer.from('{"a":1}\n{"bä":"'),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('"}\n{"c":3}\n'),
  ]);

  it.each([
    ['a NUL byte', nul, 'holds a NUL byte (binary data, not text)', 5],
    ['invalid UTF-8', notUtf8, 'is not valid UTF-8', 8],
  ])(
    'reports a line with %s, at its column, and goes on',
    async (_what, bytes, problem, column) => {
      // Within one chunk (ASCII or not), and across chunks of every size.
      for (const size of [bytes.length, 1, 3, 7]) {
        const chunks = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        const out = await lines(chunks);
        expect(out).toHaveLength(3);
        expect(out[1]).toEqual({ line: 2, column, problem, hint: expect.any(String) });
        expect(out[2]).toEqual({ line: 3, text: '{"c":3}', last: false });
      }
    },
  );

  it.each([
    ['a NUL byte', nul, 'r.jsonl: line 2 holds a NUL byte (binary data, not text)', 5],
    ['invalid UTF-8', notUtf8, 'r.jsonl: line 2 is not valid UTF-8', 8],
  ])('when strict, stops at a line with %s, located', async (_what, bytes, message, column) => {
    const { problems } = await strict([bytes]);
    expect(problems).toEqual([
      { message, hint: expect.any(String), location: { file: 'r.jsonl', line: 2, column } },
    ]);
  });

  it('when strict, yields the lines of the chunks before the bad line and stops at its own', async () => {
    const { read, problems } = await strict([
      '{"a":1}\n',
      '{"b":2}\n{"c"\u0000}\n{"d":4}\n',
      '{"e":5}\n',
    ]);
    expect(read).toEqual(['{"a":1}']);
    expect(problems[0]!.location).toEqual({ file: 'r.jsonl', line: 3, column: 5 });
  });

  it('when strict, stops at a line over the limit, the last one too', async () => {
    const { problems } = await strict(['{"a":1}\n', 'y'.repeat(200)], { maxLineBytes: 64 });
    expect(problems).toEqual([
      {
        message:
          'r.jsonl: line 2 is longer than 64 bytes (binary data, or records not separated by line breaks)',
        hint: 'write one record per line',
        location: { file: 'r.jsonl', line: 2, column: 1 },
      },
    ]);
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
