import { CsvError, parse } from 'csv-parse';
import { UserError, type Problem } from '../errors.js';
import { invalidUtf8Offset } from './bytes.js';
import { MAX_LINE_BYTES } from './json-lines.js';
import { safeKeys } from './quote.js';

/** What a CSV error means, in our words: csv-parse's own messages quote the record. */
export function csvProblem(
  path: string,
  e: CsvError,
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

/**
 * The records of a CSV file with a header row, streamed (csv-parse), each keyed by the
 * header and its cells turned into values by `cell`. A ragged row is a problem and the next
 * is read; what stops the parser (a quote never closed, a record over `maxRecordBytes`, a
 * file that is not UTF-8) is a UserError at its line. Yields the records of each chunk together.
 */
export async function* readCsv(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  cell: (text: string) => unknown = (text) => text,
  maxRecordBytes = MAX_LINE_BYTES,
): AsyncGenerator<CsvRecord[]> {
  let header: string[] | undefined;
  let batch: CsvRecord[] = [];
  // csv-parse gives the line a record ends on; a record starts after the previous one and
  // the empty lines skipped since.
  let lastEnd = 0;
  let lastEmpty = 0;
  const startOf = (emptyLines: number) => lastEnd + 1 + (emptyLines - lastEmpty);
  const onRecord = (record: string[], info: { lines: number; empty_lines: number }): null => {
    const line = startOf(info.empty_lines);
    lastEnd = info.lines;
    lastEmpty = info.empty_lines;
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
      batch.push({
        line,
        problem: `has ${record.length} fields, the header ${header.length}`,
      });
    else {
      const value: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) value[header[i]!] = cell(record[i]!);
      batch.push({ line, value });
    }
    return null; // nothing is kept: the records are yielded in batches
  };
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: maxRecordBytes,
    on_record: onRecord as never,
  });
  let failure: unknown;
  parser.on('error', (e) => (failure ??= e));
  const settle = (e: unknown) => {
    failure ??= e;
    if (failure === undefined || failure === null) return;
    if (failure instanceof UserError) throw failure;
    if (!(failure instanceof CsvError)) throw failure;
    const line = startOf(Number(failure.empty_lines ?? lastEmpty));
    throw new UserError({
      ...csvProblem(file, failure, line, header, maxRecordBytes),
      location: { file, line, column: 1 },
    });
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let breaks = 0; // line breaks before the chunk, to place bytes that are not UTF-8
  const text = (chunk?: Uint8Array): string => {
    try {
      const piece = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) breaks++;
      return piece;
    } catch {
      const bad = chunk ? Math.max(0, invalidUtf8Offset(chunk)) : 0;
      let line = breaks + 1;
      for (let i = 0; i < bad; i++) if (chunk![i] === 0x0a) line++;
      throw new UserError({
        message: `${file}:${line}: not valid UTF-8`,
        hint: 'save the export as UTF-8',
        location: { file, line },
      });
    }
  };
  for await (const chunk of chunks) {
    settle(await new Promise((done) => parser.write(text(chunk), done)));
    if (batch.length) yield batch;
    batch = [];
  }
  const rest = text();
  if (rest) settle(await new Promise((done) => parser.write(rest, done)));
  settle(await new Promise((done) => parser.end(done)));
  if (batch.length) yield batch;
}
