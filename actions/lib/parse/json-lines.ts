import { isAscii, isUtf8 } from 'node:buffer';

/**
 * One line of a JSON Lines stream: its text, or why it cannot be read as text. `last` marks
 * a final line without a line break, which may be a truncated write.
 */
export type RawLine =
  { line: number; text: string; last: boolean } | { line: number; problem: string };

/** A line longer than this is reported, not held: memory stays bounded whatever the input. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * The line's text; null when it is not valid UTF-8. `ascii`: the whole of `buf` as text, when
 * it is all ASCII, to slice from.
 */
function decode(
  buf: Buffer,
  start: number,
  end: number,
  line: number,
  ascii?: string,
): string | null {
  if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
  if (ascii !== undefined) return ascii.slice(start, end);
  if (line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf)
    start += 3; // byte-order mark
  const bytes = buf.subarray(start, end);
  if (isAscii(bytes)) return bytes.toString('latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

/**
 * The lines of a byte stream, tolerant of bad ones: a line with a NUL byte, invalid UTF-8 or
 * more than `maxLineBytes` bytes comes back as a problem and reading goes on. Yields the lines
 * of each chunk together (one await per chunk, not per line); memory is one chunk plus one line.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<RawLine[]> {
  let line = 0;
  let carry: Buffer[] = [];
  let carried = 0;
  let tooLong = false;
  const tooLongProblem = () =>
    `is longer than ${maxLineBytes} bytes (binary data, or records not separated by line breaks)`;
  const lineOf = (
    buf: Buffer,
    start: number,
    end: number,
    hasNul: boolean,
    ascii?: string,
  ): RawLine => {
    if (hasNul) return { line, problem: 'holds a NUL byte (binary data, not JSON)' };
    const text = decode(buf, start, end, line, ascii);
    return text === null ? { line, problem: 'is not valid UTF-8' } : { line, text, last: false };
  };

  for await (const chunk of chunks) {
    const batch: RawLine[] = [];
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // An all-ASCII chunk (the usual export) is decoded once; its lines are slices of it.
    const ascii = isAscii(buf) ? buf.toString('latin1') : undefined;
    let start = 0;
    let nul = buf.indexOf(0);
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) {
        const rest = buf.length - start;
        if (!tooLong && carried + rest > maxLineBytes) {
          tooLong = true;
          carry = [];
          carried = 0;
        } else if (!tooLong && rest > 0) {
          carry.push(Buffer.from(buf.subarray(start)));
          carried += rest;
        }
        break;
      }
      line++;
      if (nul !== -1 && nul < start) nul = buf.indexOf(0, start);
      if (tooLong) {
        batch.push({ line, problem: tooLongProblem() });
        tooLong = false;
      } else if (carried > 0) {
        const whole = Buffer.concat([...carry, buf.subarray(start, nl)]);
        carry = [];
        carried = 0;
        batch.push(
          whole.length > maxLineBytes
            ? { line, problem: tooLongProblem() }
            : lineOf(whole, 0, whole.length, whole.includes(0)),
        );
      } else {
        batch.push(
          nl - start > maxLineBytes
            ? { line, problem: tooLongProblem() }
            : lineOf(buf, start, nl, nul !== -1 && nul < nl, ascii),
        );
      }
      start = nl + 1;
    }
    if (batch.length) yield batch;
  }
  if (tooLong) {
    yield [{ line: line + 1, problem: tooLongProblem() }];
  } else if (carried > 0) {
    line++;
    const whole = Buffer.concat(carry);
    const read = lineOf(whole, 0, whole.length, whole.includes(0));
    yield ['text' in read ? { ...read, last: true } : read];
  }
}
