import { isAscii, isUtf8 } from 'node:buffer';
import { firstSyntaxError } from './json-locate.js';
import { MAX_LINE_BYTES } from './json-lines.js';

/**
 * One element of a top-level JSON array, parsed, or why it cannot be read; located by the
 * line and column (1-based, in characters) where it starts.
 */
export type ArrayElement =
  | { line: number; column: number; value: unknown }
  | { line: number; column: number; problem: string };

const B = {
  NL: 0x0a,
  QUOTE: 0x22,
  COMMA: 0x2c,
  BACKSLASH: 0x5c,
  OPEN_BRACKET: 0x5b,
  CLOSE_BRACKET: 0x5d,
  OPEN_BRACE: 0x7b,
  CLOSE_BRACE: 0x7d,
} as const;

/**
 * How many elements a batch holds at most: a whole chunk's parsed elements held at once
 * outlived the young generation, and the collector copied them.
 */
const BATCH = 64;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The elements of a JSON array (`[{…},{…}]`, as Langfuse's blob-storage export writes it:
 * one line of any size), streamed: memory is one chunk plus one element, whatever the file.
 * A bad element (invalid JSON or UTF-8, longer than `maxElementBytes`, a stray comma) is
 * reported with its position and the next one is read; a file cut short ends in a problem.
 * Yields the elements of each chunk together.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  maxElementBytes = MAX_LINE_BYTES,
): AsyncGenerator<ArrayElement[]> {
  type State = 'before' | 'next' | 'value' | 'after' | 'done';
  let state: State = 'before';
  let afterComma = false;
  // Inside the element: nesting below it, whether in a string, an escape split over chunks.
  let depth = 0;
  let inString = false;
  let escape = false;
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let at = { line: 1, column: 1 };
  // Where the current line starts (absolute byte offset) and its continuation bytes counted
  // so far, for columns in characters.
  let base = 0;
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  let continuation = 0;

  for await (const chunk of chunks) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const ascii = isAscii(buf);
    // An all-ASCII chunk (the usual export) is scanned as one string: its string contents are
    // skipped by indexOf, and an element inside it is parsed from a slice, no copy of its bytes.
    const text = ascii ? buf.toString('latin1') : undefined;
    let batch: ArrayElement[] = [];
    let nextNl = buf.indexOf(B.NL);
    /** The line and column of byte `pos` of this chunk. */
    const position = (pos: number) => {
      while (nextNl !== -1 && nextNl < pos) {
        line++;
        lineStart = counted = base + nextNl + 1;
        continuation = 0;
        nextNl = buf.indexOf(B.NL, nextNl + 1);
      }
      if (!ascii)
        for (let k = Math.max(counted - base, 0); k < pos; k++)
          if ((buf[k]! & 0xc0) === 0x80) continuation++;
      counted = base + pos;
      return { line, column: base + pos - lineStart - continuation + 1 };
    };
    const problem = (where: { line: number; column: number }, message: string) =>
      batch.push({ ...where, problem: message });
    const keep = (from: number, to: number) => {
      if (tooLong || to <= from) return;
      size += to - from;
      if (size > maxElementBytes) {
        tooLong = true;
        parts = [];
      } else parts.push(Buffer.from(buf.subarray(from, to)));
    };
    /** Parses the element kept, or `whole`, its text when it lies in this chunk alone. */
    const finish = (whole?: string) => {
      if (tooLong) problem(at, `is an element longer than ${maxElementBytes} bytes`);
      else {
        const bytes =
          whole !== undefined ? undefined : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
        if (bytes && !isUtf8(bytes)) problem(at, 'is an element that is not valid UTF-8');
        else {
          const text = whole ?? bytes!.toString('utf8');
          try {
            // Written out, not spread: a spread per element cost more than its fields.
            batch.push({ line: at.line, column: at.column, value: JSON.parse(text) as unknown });
          } catch {
            const error = firstSyntaxError(text);
            const where = error
              ? error.line === 1
                ? { line: at.line, column: at.column + error.column - 1 }
                : { line: at.line + error.line - 1, column: error.column }
              : at;
            problem(
              where,
              `is an element that is not valid JSON${error ? ` (${error.message})` : ''}`,
            );
          }
        }
      }
      parts = [];
      size = 0;
      tooLong = false;
    };

    /**
     * From `i` inside an element, in a chunk read as `t`: the index of the comma or ] that ends
     * it at its own level, or t.length when the chunk ends first (the state carried on).
     */
    const scanValue = (t: string, i: number): number => {
      const end = t.length;
      if (inString && escape && i < end) {
        escape = false; // the character after a backslash that ended the last chunk
        i++;
      }
      for (; i < end; i++) {
        if (inString) {
          // The closing quote: the next one not preceded by an odd run of backslashes.
          const lo = i;
          let q = t.indexOf('"', i);
          for (; q !== -1; q = t.indexOf('"', q + 1)) {
            let b = q;
            while (b > lo && t.charCodeAt(b - 1) === 0x5c) b--;
            if ((q - b) % 2 === 0) break;
          }
          if (q === -1) {
            let b = end;
            while (b > lo && t.charCodeAt(b - 1) === 0x5c) b--;
            escape = (end - b) % 2 === 1;
            return end;
          }
          inString = false;
          i = q;
          continue;
        }
        const c = t.charCodeAt(i);
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth > 0) depth--;
          else if (c === 0x5d) return i;
        } else if (c === 0x2c && depth === 0) return i;
      }
      return end;
    };

    let i = 0;
    let from = -1; // where the element's bytes in this chunk start
    if (state === 'value') from = 0;
    const n = buf.length;
    while (i < n) {
      if (state === 'value' && text !== undefined) {
        i = scanValue(text, i);
        if (i === n) break;
        if (size === 0 && !tooLong) {
          if (i - from > maxElementBytes) tooLong = true; // as keep() would have found
          finish(tooLong ? undefined : text.slice(from, i));
        } else {
          keep(from, i);
          finish();
        }
        afterComma = buf[i] === B.COMMA;
        state = afterComma ? 'next' : 'after';
        i++;
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
        continue;
      }
      if (state === 'value') {
        // The hot loop: a plain byte loop beats indexOf, whose calls cost more than the short
        // hops between the escapes of JSON text inside strings (Langfuse's input and output).
        // Byte values as literals: \ 0x5c, " 0x22, { 0x7b, [ 0x5b, } 0x7d, ] 0x5d, "," 0x2c.
        for (; i < n; i++) {
          const b = buf[i]!;
          if (inString) {
            if (b === 0x5c) escape = !escape;
            else if (escape) escape = false;
            else if (b === 0x22) inString = false;
          } else if (b === 0x22) inString = true;
          else if (b === 0x7b || b === 0x5b) depth++;
          else if (b === 0x7d || b === 0x5d) {
            if (depth > 0) depth--;
            else if (b === 0x5d) break;
          } else if (b === 0x2c && depth === 0) break;
        }
        if (i === n) break;
        keep(from, i);
        finish();
        afterComma = buf[i] === B.COMMA;
        state = afterComma ? 'next' : 'after';
        i++;
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
        continue;
      }
      const b = buf[i]!;
      // A byte-order mark's bytes before the array are skipped like white space.
      if (isSpace(b) || (state === 'before' && (b === 0xef || b === 0xbb || b === 0xbf))) {
        i++;
        continue;
      }
      if (state === 'before') {
        if (b === B.OPEN_BRACKET) state = 'next';
        else {
          problem(position(i), 'is not a JSON array: it does not start with [');
          state = 'done';
        }
      } else if (state === 'next') {
        if (b === B.COMMA || b === B.CLOSE_BRACKET) {
          if (b === B.CLOSE_BRACKET && !afterComma) state = 'after';
          else {
            problem(
              position(i),
              b === B.COMMA
                ? 'is a comma where an element should be (two commas in a row)'
                : 'is a comma before the closing ] of the array',
            );
            if (b === B.CLOSE_BRACKET) state = 'after';
          }
        } else {
          state = 'value';
          at = position(i);
          from = i;
          depth = 0;
          continue; // the element's first byte is read as part of it
        }
      } else if (state === 'after') {
        problem(position(i), 'is text after the closing ] of the array');
        state = 'done';
      } else break; // done: read on, the input is recorded whole
      i++;
    }
    if (state === 'value') keep(from === -1 ? 0 : from, buf.length);
    position(buf.length);
    base += buf.length;
    if (batch.length) yield batch;
  }
  if (state === 'value')
    yield [{ ...at, problem: 'is an element cut short: the file ends before the array is closed' }];
  else if (state === 'next' || state === 'before')
    yield [{ line, column: 1, problem: 'ends before the array is closed: the file is cut short' }];
}
