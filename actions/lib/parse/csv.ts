import { UserError, type Problem } from '../errors.js';
import { invalidUtf8Offset } from './bytes.js';
import { MAX_LINE_BYTES } from './json-lines.js';
import { safeKeys } from './quote.js';

/**
 * What a CSV fault means, in our words (csv-parse's error codes; its own messages quote the
 * record): for the eval gate's tables, read by csv-parse, and for readCsv below.
 */
export function csvProblem(
  path: string,
  e: { code: string; column?: unknown },
  line: number,
  header: string[] | undefined,
  maxRecordBytes = MAX_LINE_BYTES,
): Omit<Problem, 'location'> {
  const field = typeof e.column === 'number' ? header?.[e.column] : undefined;
  const where = field !== undefined ? ` in the column ${safeKeys([field])}` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        message: `${path}:${line}: a quoted field starts here and is never closed`,
        hint: 'the file is cut short or a quote is missing: re-export the table',
      };
    case 'CSV_MAX_RECORD_SIZE':
      return {
        message: `${path}:${line}: a record starts here and is longer than ${maxRecordBytes} bytes`,
        hint: 'a quote is probably missing, so that the rest of the file reads as one field: re-export the table',
      };
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return {
        message: `${path}:${line}: a quote${where} is not where CSV allows one`,
        hint: 'a field holding a quote must be quoted, its quotes doubled (""): re-export the table with a CSV writer',
      };
    default:
      return {
        message: `${path}:${line}: not valid CSV (${e.code})`,
        hint: 're-export the table with a CSV writer (pandas to_csv, Python csv)',
      };
  }
}

/** A record of a CSV file by its header's names, or why the row is not one; at its first line. */
export type CsvRecord =
  { line: number; value: Record<string, unknown> } | { line: number; problem: string };

/** A fault that stops reading: where the record starts, what is wrong, the field's index. */
class Stop {
  constructor(
    readonly code:
      | 'CSV_QUOTE_NOT_CLOSED'
      | 'CSV_MAX_RECORD_SIZE'
      | 'CSV_INVALID_CLOSING_QUOTE'
      | 'INVALID_OPENING_QUOTE',
    readonly column?: number,
  ) {}
}

/** A record's fields and where the text after it starts, or null when the text ends inside it. */
interface Parsed {
  fields: string[];
  next: number;
  breaks: number;
}

/**
 * One record of RFC 4180 CSV at `p`: quoted fields (`""` a quote, line breaks allowed) or plain
 * ones, ended by LF or CRLF. Null when `text` ends inside it and more may come (`final`: no more).
 * Quoted fields are skipped by `indexOf`, which Langfuse's cells (JSON text, every quote
 * doubled) make most of the file; csv-parse, reading a character at a time, was 9 MB/s on them.
 */
function parseRecord(text: string, p: number, final: boolean): Parsed | null | Stop {
  const fields: string[] = [];
  let breaks = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(p) === 0x22) {
      let q = p + 1;
      let doubled = false;
      let close: number;
      for (;;) {
        close = text.indexOf('"', q);
        if (close === -1) return final ? new Stop('CSV_QUOTE_NOT_CLOSED', fields.length) : null;
        if (close + 1 === n && !final) return null; // a doubled quote may be split
        if (text.charCodeAt(close + 1) !== 0x22) break;
        doubled = true;
        q = close + 2;
      }
      const raw = text.slice(p + 1, close);
      for (let k = raw.indexOf('\n'); k !== -1; k = raw.indexOf('\n', k + 1)) breaks++;
      fields.push(doubled ? raw.replaceAll('""', '"') : raw);
      p = close + 1;
    } else {
      let k = p;
      for (; k < n; k++) {
        const c = text.charCodeAt(k);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        if (c === 0x22) return new Stop('INVALID_OPENING_QUOTE', fields.length);
      }
      if (k === n && !final) return null;
      fields.push(text.slice(p, k));
      p = k;
    }
    const c = text.charCodeAt(p);
    if (c === 0x2c) {
      p++;
      continue;
    }
    if (p === n) return final ? { fields, next: p, breaks } : null;
    if (c === 0x0a) return { fields, next: p + 1, breaks };
    if (c === 0x0d) {
      if (p + 1 === n && !final) return null;
      if (text.charCodeAt(p + 1) === 0x0a) return { fields, next: p + 2, breaks };
    }
    return new Stop('CSV_INVALID_CLOSING_QUOTE', fields.length - 1);
  }
}

/** How many records a batch holds at most. */
const BATCH = 64;

/**
 * The records of a CSV file with a header row, streamed, each keyed by the header and its
 * cells turned into values by `cell`. Empty lines are skipped. A ragged row is a problem and
 * the next is read; what stops reading (a quote never closed or out of place, a record over
 * `maxRecordBytes`, a file that is not UTF-8) is a UserError at the line the record starts on.
 * Yields the records of each chunk together.
 */
export async function* readCsv(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  cell: (text: string) => unknown = (text) => text,
  maxRecordBytes = MAX_LINE_BYTES,
): AsyncGenerator<CsvRecord[]> {
  let header: string[] | undefined;
  let line = 1; // where the next record starts
  let carry = ''; // the text of a record not complete yet
  const stop = (e: Stop | 'CSV_MAX_RECORD_SIZE'): never => {
    const fault = typeof e === 'string' ? new Stop(e) : e;
    throw new UserError({
      ...csvProblem(file, fault, line, header, maxRecordBytes),
      location: { file, line, column: 1 },
    });
  };
  /** The records of `text`, one at a time; `carry` is what is left when they are all read. */
  function* records(text: string, final: boolean): Generator<CsvRecord> {
    let p = 0;
    if (line === 1 && !header && text.charCodeAt(0) === 0xfeff) p = 1; // byte-order mark
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(p + 1) === 0x0a)) {
        p += c === 0x0a ? 1 : 2; // an empty line
        line++;
        continue;
      }
      if (c === 0x0d && p + 1 === text.length && !final) break;
      const read = parseRecord(text, p, final);
      if (read instanceof Stop) return stop(read);
      if (read === null) break;
      if (read.next - p > maxRecordBytes) stop('CSV_MAX_RECORD_SIZE');
      const record = read.fields;
      if (!header) {
        const twice = record.filter((name, i) => record.indexOf(name) !== i);
        if (twice.length)
          throw new UserError({
            message: `${file}:${line}: the header names the column${twice.length > 1 ? 's' : ''} ${safeKeys(twice)} twice: which one counts would be a guess`,
            hint: 'give each column its own name: re-export the file',
            location: { file, line, column: 1 },
          });
        header = record;
      } else if (record.length !== header.length)
        yield { line, problem: `has ${record.length} fields, the header ${header.length}` };
      else {
        const value: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) value[header[i]!] = cell(record[i]!);
        yield { line, value };
      }
      line += 1 + read.breaks;
      p = read.next;
    }
    carry = text.slice(p);
    if (carry.length > maxRecordBytes) stop('CSV_MAX_RECORD_SIZE');
  }
  /**
   * Batches of at most BATCH records, parsed as they are taken: a whole chunk's records held at
   * once outlived the young generation and the collector copied them (half the run's time).
   */
  async function* batches(text: string, final: boolean): AsyncGenerator<CsvRecord[]> {
    let batch: CsvRecord[] = [];
    for (const record of records(text, final)) {
      batch.push(record);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      // The line of the bytes: those of the record not read yet, then the chunk's.
      const bad = chunk ? Math.max(0, invalidUtf8Offset(chunk)) : 0;
      let at = line;
      for (let i = carry.indexOf('\n'); i !== -1; i = carry.indexOf('\n', i + 1)) at++;
      for (let i = 0; i < bad; i++) if (chunk![i] === 0x0a) at++;
      throw new UserError({
        message: `${file}:${at}: not valid UTF-8`,
        hint: 'save the export as UTF-8',
        location: { file, line: at },
      });
    }
  };
  for await (const chunk of chunks) yield* batches(carry + text(chunk), false);
  const last: CsvRecord[] = [];
  for (const record of records(carry + text(), true)) last.push(record);
  if (carry) stop(new Stop('CSV_QUOTE_NOT_CLOSED'));
  if (last.length) yield last;
}
