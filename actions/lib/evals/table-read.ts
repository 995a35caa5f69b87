/**
 * Reading a table of results (`format: table`): CSV streamed through csv-parse, or JSON Lines
 * through the line reader, each row mapped by the policy's `columns:`. See docs/evals.md.
 */
import { isAscii } from 'node:buffer';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { UserError } from '../errors.js';
import { csvProblem } from '../parse/csv.js';
import { JsonBytes } from '../parse/json-bytes.js';
import { charsIn, lineError, NOT_TEXT, notText, readLines } from '../parse/json-lines.js';
import { TableRows, type TableColumns } from './adapters/table.js';
import { isObject } from './adapters/shape.js';
import { ShapeError, type AdapterOptions, type ResultSink } from './model.js';
import {
  LineFeeder,
  Problems,
  documentBytes,
  pickDocument,
  readWhole,
  safeKeys,
  type ResultSource,
} from './read.js';

export type TableFormat = 'csv' | 'jsonl' | 'json';

/** A table document larger than this is refused: it is read whole. */
const MAX_JSON_TABLE_BYTES = 256 * 1024 * 1024;

/** How the table is written: as the policy says, else from the file name. */
function tableFormatOf(path: string, declared: TableFormat | undefined): TableFormat {
  if (declared) return declared;
  const ext = posix.extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  throw new UserError({
    message: `${path}: a table must be CSV, JSON Lines or a JSON table document, and the file name does not say which`,
    hint: 'set `table_format: csv`, `jsonl` or `json` in the results entry, or name the file .csv, .jsonl or .json',
    location: { file: path },
  });
}

function countBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * UTF-8 decoding chunk by chunk for csv-parse, whose records may span lines: a NUL byte or
 * invalid UTF-8 is refused in the line reader's words, at its line and column. ASCII chunks
 * (most tables) take a fast path: a byte copy into a one-byte string.
 */
class Utf8Stream {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** The decoder holds no partial character, so the fast path is safe. */
  private clean = true;
  /** Line breaks before the current chunk, and characters since the last of them. */
  private breaks = 0;
  private column = 0;

  constructor(private readonly path: string) {}

  decode(chunk: Uint8Array): string {
    let text: string;
    const nul = chunk.indexOf(0);
    if (nul !== -1) this.refuse(chunk, nul, 'nul');
    if (this.clean && isAscii(chunk)) {
      text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    } else {
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch {
        // A character cut at the chunk's start belongs to the line before: offset 0 is close.
        this.refuse(chunk, notText(chunk)?.offset ?? 0, 'utf8');
      }
      this.clean = chunk.length > 0 && chunk[chunk.length - 1]! < 0x80;
    }
    const last = chunk.lastIndexOf(10);
    this.column =
      last === -1
        ? this.column + charsIn(chunk, 0, chunk.length)
        : charsIn(chunk, last + 1, chunk.length);
    this.breaks += countBreaks(text);
    return text;
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      return this.refuse(new Uint8Array(), 0, 'utf8');
    }
  }

  private refuse(chunk: Uint8Array, at: number, why: 'nul' | 'utf8'): never {
    const before = chunk.subarray(0, at);
    const last = before.lastIndexOf(10);
    let breaks = 0;
    for (let i = before.indexOf(10); i !== -1; i = before.indexOf(10, i + 1)) breaks++;
    const column =
      last === -1 ? this.column + charsIn(before, 0, at) : charsIn(before, last + 1, at);
    throw lineError(this.path, {
      line: this.breaks + breaks + 1,
      column: column + 1,
      ...NOT_TEXT[why],
    });
  }
}

const missingColumn = (path: string, role: string, column: string, line: number, have: string) => ({
  message: `${path}: the policy maps ${role} to the column ${JSON.stringify(column)}, which the table does not have`,
  hint: `its columns are ${have}; fix \`${role}\` in the results entry`,
  location: { file: path, line, column: 1 },
});

/** What locates the rows of a JSON table document later (its rows are not lines). */
interface TableDocument {
  document: JsonBytes;
  rowPointer: (ref: number) => string;
}

/** Reads a table into the sink; every bad row is reported with its line, up to ten. */
export async function readTableFile(
  source: ResultSource,
  path: string,
  declared: TableFormat | undefined,
  columns: TableColumns,
  options: AdapterOptions,
  sink: ResultSink,
): Promise<TableDocument | undefined> {
  const table = new TableRows(columns, options, sink);
  const format = tableFormatOf(path, declared);
  if (format === 'csv') await readCsv(source, path, table);
  else if (format === 'jsonl') await readJsonLines(source, path, table);
  else return readJsonTable(source, path, table);
  return undefined;
}

/**
 * A JSON table document as pandas writes it with `orient="split"` and MLflow logs its tables
 * (`eval_results_table.json`): `{"columns": [...], "data": [[...], ...]}`. Read whole (it is
 * one document), checked as strictly as JSON.parse, with no key given twice.
 */
async function readJsonTable(
  source: ResultSource,
  path: string,
  table: TableRows,
): Promise<TableDocument> {
  const bytes = await readWhole(source, path, MAX_JSON_TABLE_BYTES, {
    what: 'too large to read as one JSON document',
    hint: 'save the table as CSV (`to_csv`), which is streamed',
  });
  const json = new JsonBytes(documentBytes(bytes, path));
  const doc = pickDocument(
    json,
    path,
    { columns: true, data: true },
    { once: 're-export the table', complete: 're-export the table' },
  );
  const shape = isObject(doc) ? doc : {};
  const header = shape.columns;
  const data = shape.data;
  if (!Array.isArray(header) || !header.every((c) => typeof c === 'string') || !Array.isArray(data))
    throw new UserError({
      message: `${path} is not a JSON table: it needs "columns" (a list of names) and "data" (a list of rows)`,
      hint: 'write it with pandas `to_json(orient="split", index=False)`, as MLflow logs tables, or save the table as CSV',
      location: { file: path, line: 1, column: 1 },
    });
  const index = bindHeader(path, header as string[], table, 1);
  const problems = new Problems(path);
  const at = (pointer: string) => ({
    file: path,
    ...(json.locate([pointer]).get(pointer) ?? { line: 1, column: 1 }),
    pointer,
  });
  data.forEach((row, i) => {
    const pointer = `/data/${i}`;
    if (!Array.isArray(row) || row.length !== header.length) {
      problems.add({
        message: `${path}: row ${i + 1} is not a list of ${header.length} values, one per column`,
        hint: 're-export the table',
        location: at(pointer),
      });
      return;
    }
    try {
      table.add((slot) => row[index[slot]!], i, `in row ${i + 1}`);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      const column = header.indexOf(e.pointer.slice(1).replace(/~1/g, '/').replace(/~0/g, '~'));
      problems.add({
        message: `${path}: row ${i + 1}: ${e.message}`,
        ...(e.hint ? { hint: e.hint } : {}),
        location: at(column === -1 ? pointer : `${pointer}/${column}`),
      });
    }
  });
  problems.throwAny();
  return { document: json, rowPointer: (ref) => `/data/${ref}` };
}

async function readJsonLines(source: ResultSource, path: string, table: TableRows): Promise<void> {
  const seen = new Set<string>();
  const keys = new Set<string>();
  const feeder = new LineFeeder(path, {
    line(value, line) {
      if (!isObject(value))
        throw new ShapeError('a row must be a JSON object of column values', '');
      // The keys seen, to tell a misspelt column from one that is empty in every row.
      if (seen.size < table.slots.length)
        for (const { column } of table.slots) if (column in value) seen.add(column);
      if (keys.size < 64) for (const k in value) keys.add(k);
      table.add((slot) => value[table.slots[slot]!.column], line);
    },
  });
  for await (const batch of readLines(source.chunks, { strictFile: path }))
    for (const { text, line } of batch) feeder.line(text, line);
  feeder.finish();
  const problems = new Problems(path);
  for (const { column, role } of table.slots)
    if (!seen.has(column) && feeder.lineNo > 0)
      problems.add(missingColumn(path, role, column, 1, safeKeys([...keys])));
  problems.throwAny();
}

async function readCsv(source: ResultSource, path: string, table: TableRows): Promise<void> {
  const problems = new Problems(path);
  let header: string[] | undefined;
  let index: number[] = [];
  let fields: string[] = [];
  const cell = (slot: number) => fields[index[slot]!];
  // csv-parse gives the line a record ends on; a record starts after the previous one and
  // the empty lines skipped since. Records are handled in `on_record`, as they are parsed,
  // so that this is known when the parser stops at a broken record.
  let lastEnd = 0;
  let lastEmpty = 0;
  const startOf = (emptyLines: number) => lastEnd + 1 + (emptyLines - lastEmpty);

  const onRecord = (record: string[], info: RecordInfo): null => {
    const line = startOf(info.empty_lines);
    lastEnd = info.lines;
    lastEmpty = info.empty_lines;
    if (!header) {
      header = record;
      index = bindHeader(path, header, table, line);
      return null;
    }
    const at = { file: path, line, column: 1 };
    if (record.length !== header.length) {
      problems.add({
        message: `${path}:${line}: the row has ${record.length} fields, the header ${header.length}`,
        hint: 'every row needs one field per header column: quote a field that holds a comma, or re-export the table',
        location: at,
      });
      return null;
    }
    fields = record;
    try {
      table.add(cell, line);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      problems.add({
        message: `${path}:${line}: ${e.message}`,
        ...(e.hint ? { hint: e.hint } : {}),
        location: at,
      });
    }
    return null; // nothing is kept: the rows went to the sink
  };

  const utf8 = new Utf8Stream(path);
  async function* text(): AsyncIterable<string> {
    for await (const chunk of source.chunks) yield utf8.decode(chunk);
    yield utf8.end();
  }

  // Ragged rows are checked above, with their line, rather than by csv-parse.
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: onRecord as never,
  });
  try {
    await pipeline(text(), parser, async (rows: AsyncIterable<unknown>) => {
      for await (const _ of rows); // on_record keeps none
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = startOf(Number(e.empty_lines ?? lastEmpty));
    problems.list.push({
      ...csvProblem(path, e, line, header),
      location: { file: path, line, column: 1 },
    });
  }
  problems.throwAny();
}

/** What csv-parse tells `on_record` of where it is (without `info: true`, which copies it). */
interface RecordInfo {
  lines: number;
  empty_lines: number;
}

/** The field index of each mapped column; a header naming a column twice is refused. */
function bindHeader(path: string, header: string[], table: TableRows, line: number): number[] {
  const problems = new Problems(path);
  const at = new Map<string, number>();
  const twice = new Set<string>();
  header.forEach((name, i) => (at.has(name) ? twice.add(name) : at.set(name, i)));
  if (twice.size > 0) {
    problems.add({
      message: `${path}:${line}: the header names the column${twice.size > 1 ? 's' : ''} ${safeKeys([...twice])} twice: which one counts would be a guess`,
      hint: 'give each column its own name: re-export the table',
      location: { file: path, line, column: 1 },
    });
  }
  const index = table.slots.map(({ column, role }) => {
    const i = at.get(column);
    if (i === undefined) problems.add(missingColumn(path, role, column, line, safeKeys(header)));
    return i ?? -1;
  });
  problems.throwAny();
  return index;
}
