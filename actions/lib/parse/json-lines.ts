import { isAscii, isUtf8 } from 'node:buffer';
import { UserError } from '../errors.js';
import { invalidUtf8Offset } from './bytes.js';

/**
 * A line of a JSON Lines stream as text. `last`: a final line without a line break, which may
 * be a truncated write.
 */
interface TextLine {
  line: number;
  text: string;
  last: boolean;
}

/**
 * A line that cannot be read as text: why (the words after "line N"), the column of its first
 * bad byte, and what to do.
 */
interface LineProblem {
  line: number;
  column: number;
  problem: string;
  hint: string;
}

export type RawLine = TextLine | LineProblem;

/** A line longer than this is reported, not held: memory stays bounded whatever the input. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * A chunk's lines of more bytes than this together are decoded one by one: one string of them
 * all could pass what V8 can hold (a result file's first chunk holds its whole first record).
 */
const MAX_DECODED_AT_ONCE = 64 * 1024 * 1024;

/**
 * The lines of a chunk are decoded this many bytes at a time (to the next line break): a
 * string under V8's large-object size (128 KiB) is young and dies young.
 */
const DECODED_PIECE = 64 * 1024;

/** Why bytes are not text, in the words of every reader of lines (and of whole documents). */
export const NOT_TEXT = {
  nul: {
    problem: 'holds a NUL byte (binary data, not text)',
    hint: 'check that the path names the right file: this one holds binary data',
  },
  utf8: { problem: 'is not valid UTF-8', hint: 'save the file as UTF-8' },
} as const;

const tooLong = (max: number) => ({
  problem: `is longer than ${max} bytes (binary data, or records not separated by line breaks)`,
  hint: 'write one record per line',
});

/** Characters in `bytes[from, to)` when they are UTF-8: every byte but continuation bytes. */
export function charsIn(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((bytes[i]! & 0xc0) !== 0x80) n++;
  return n;
}

/**
 * The first NUL byte or invalid UTF-8 in `bytes[start, end)`: its offset and why; undefined
 * when the bytes are text. A NUL byte is looked for first: it says binary data.
 */
export function notText(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): { offset: number; why: (typeof NOT_TEXT)[keyof typeof NOT_TEXT] } | undefined {
  const range = bytes.subarray(start, end);
  const nul = range.indexOf(0);
  if (nul !== -1) return { offset: start + nul, why: NOT_TEXT.nul };
  if (isUtf8(range)) return undefined;
  return { offset: start + Math.max(0, invalidUtf8Offset(range)), why: NOT_TEXT.utf8 };
}

/** A bad line as the error of a reader that stops at it: the file's name, then the words. */
export function lineError(file: string, p: LineProblem): UserError {
  return new UserError({
    message: `${file}: line ${p.line} ${p.problem}`,
    hint: p.hint,
    location: { file, line: p.line, column: p.column },
  });
}

const hasBom = (buf: Uint8Array, start: number) =>
  buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf;

export interface LineOptions {
  /** A longer line is a problem, skipped without being held. */
  maxLineBytes?: number;
  /**
   * Stop at the first bad line with its `lineError` in this file: for inputs that must be
   * valid throughout (a result file, a golden set). Without it a bad line is a problem in the
   * batch and reading goes on (an export of production traffic, judged on what can be read).
   */
  strictFile?: string;
}

/**
 * The lines of a byte stream: split on bytes, a chunk's complete lines decoded together when
 * they are all text (the usual case), else one by one. A line with a NUL byte, invalid UTF-8
 * or more than `maxLineBytes` bytes is a problem; a CRLF's CR and a byte-order mark are
 * dropped. Yields the lines of each chunk together (one await per chunk, not per line);
 * memory is one chunk plus one line.
 */
export function readLines(
  chunks: AsyncIterable<Uint8Array>,
  options: LineOptions & { strictFile: string },
): AsyncGenerator<TextLine[]>;
export function readLines(
  chunks: AsyncIterable<Uint8Array>,
  options?: LineOptions,
): AsyncGenerator<RawLine[]>;
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  { maxLineBytes = MAX_LINE_BYTES, strictFile }: LineOptions = {},
): AsyncGenerator<RawLine[]> {
  let line = 0;
  let carry: Buffer[] = [];
  let carried = 0;
  let tooLongSeen = false;
  const problem = (p: LineProblem): LineProblem => {
    if (strictFile !== undefined) throw lineError(strictFile, p);
    return p;
  };
  const overLong = () => problem({ line, column: 1, ...tooLong(maxLineBytes) });
  /** One line, decoded alone: a line begun in an earlier chunk, or one of a chunk not all text. */
  const lineOf = (buf: Buffer, start: number, end: number): RawLine => {
    if (end - start > maxLineBytes) return overLong();
    if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
    if (line === 1 && hasBom(buf, start)) start += 3;
    const bad = notText(buf, start, end);
    if (bad) return problem({ line, column: charsIn(buf, start, bad.offset) + 1, ...bad.why });
    return {
      line,
      text: buf.toString(isAscii(buf.subarray(start, end)) ? 'latin1' : 'utf8', start, end),
      last: false,
    };
  };
  /**
   * The lines of `buf[from, to)`, which ends before a line break. Bytes that are all text (the
   * usual case) are decoded at once and split as a string; else line by line, to find the bad.
   */
  const lines = (buf: Buffer, from: number, to: number, batch: RawLine[]) => {
    const region = buf.subarray(from, to);
    const text =
      region.length > MAX_DECODED_AT_ONCE || region.indexOf(0) !== -1
        ? undefined
        : isAscii(region)
          ? region.toString('latin1')
          : isUtf8(region)
            ? region.toString('utf8')
            : undefined;
    if (text === undefined) {
      for (let start = from; ;) {
        const nl = buf.indexOf(0x0a, start);
        const end = nl === -1 || nl > to ? to : nl;
        line++;
        batch.push(lineOf(buf, start, end));
        if (end === to) return;
        start = end + 1;
      }
    }
    // Characters are bytes in ASCII; else a line has at most 3 bytes a UTF-16 unit.
    const ascii = text.length === region.length;
    let start = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      line++;
      const long = ascii
        ? end - start > maxLineBytes
        : (end - start) * 3 > maxLineBytes &&
          Buffer.byteLength(text.slice(start, end)) > maxLineBytes;
      if (long) batch.push(overLong());
      else {
        const textEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end; // CRLF
        batch.push({ line, text: text.slice(start, textEnd), last: false });
      }
      if (nl === -1) return;
      start = nl + 1;
    }
  };

  /** The lines a chunk completes; the rest of it is carried to the next. */
  const take = (chunk: Uint8Array): RawLine[] => {
    const batch: RawLine[] = [];
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    const first = buf.indexOf(0x0a);
    if (first !== -1 && (carried > 0 || tooLongSeen)) {
      // The end of a line begun in an earlier chunk.
      line++;
      if (tooLongSeen) batch.push(overLong());
      else
        batch.push(lineOf(Buffer.concat([...carry, buf.subarray(0, first)]), 0, carried + first));
      carry = [];
      carried = 0;
      tooLongSeen = false;
      start = first + 1;
    }
    const last = first === -1 ? -1 : buf.lastIndexOf(0x0a);
    // Decoded a piece of about DECODED_PIECE at a time, split at a line break: one string of a
    // whole 1 MiB chunk is a large object, which V8 counts as old space, and a full collection
    // came every 15 chunks (20 of them in 1,000,000 lines, 170 ms).
    while (last >= start) {
      // `last` is the chunk's last line break, so indexOf finds one at or before it.
      const to = last - start > DECODED_PIECE ? buf.indexOf(0x0a, start + DECODED_PIECE) : last;
      lines(buf, start, to, batch);
      start = to + 1;
    }
    const rest = buf.length - start;
    if (rest > 0 && !tooLongSeen) {
      if (carried + rest > maxLineBytes) {
        tooLongSeen = true;
        carry = [];
        carried = 0;
      } else {
        carry.push(Buffer.from(buf.subarray(start)));
        carried += rest;
      }
    }
    return batch;
  };

  // By hand rather than `for await`, whose chunk would be held while the caller reads the
  // batch: a result file's first chunk is its whole first record.
  const it = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const batch = take(next.value);
      if (batch.length) yield batch;
    }
  } finally {
    await it.return?.();
  }
  if (tooLongSeen) {
    line++;
    yield [overLong()];
  } else if (carried > 0) {
    line++;
    const read = lineOf(Buffer.concat(carry), 0, carried);
    yield ['text' in read ? { ...read, last: true } : read];
  }
}
