import { findNodeAtLocation, parseTree, visit, type Node } from 'jsonc-parser';
import { UserError, type Problem } from '../errors.js';
import { decodeText } from '../parse/bytes.js';
import { readLines } from '../parse/json-lines.js';
import { parseYaml, toPointer, fromPointer, type DocPath, type YamlFile } from '../parse/yaml.js';
import type { Location } from '../verdict/model.js';
import { scanText } from './scan.js';
import type { Finding, ScanOptions } from './types.js';

type FileFormat = 'jsonl' | 'json' | 'yaml' | 'csv' | 'text';

/** Files larger than this are refused, except JSON Lines, which are streamed. */
const MAX_WHOLE_FILE = 256 * 1024 * 1024;
/** One JSON Lines record larger than this is refused: the reader holds one line at a time. */
const MAX_LINE = 64 * 1024 * 1024;

function formatOf(path: string): FileFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    case 'json':
      return 'json';
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'csv':
      return 'csv';
    default:
      return 'text';
  }
}

/**
 * A finding in a file. `value` is the clear value, for allowlists and baselines only: it is
 * never put in a report, a message or a log.
 */
export interface FileFinding extends Omit<Finding, 'start' | 'end'> {
  location: Location;
  /** Offset of the finding inside the value at `location.pointer`, in characters. */
  offset?: number;
  /** Found in a mapping key or a CSV header, not in a value. */
  key?: true;
  value: string;
}

interface FileScanOptions {
  scan?: ScanOptions;
  /** In structured files, only values under these field names or JSON pointers (`*` a segment). */
  fields?: readonly string[];
}

/** What a file scan saw: how many values and characters were scanned. */
export interface ScanStats {
  values: number;
  chars: number;
}

export interface FileSource {
  /** Whole file (JSON, YAML, CSV, text). */
  read(path: string): Promise<Uint8Array>;
  /** The file in chunks (JSON Lines). */
  stream(path: string): AsyncIterable<Uint8Array>;
}

type Selector = (path: DocPath) => boolean;

/** `fields` as a test of a value's path: a name anywhere on it, or a pointer (from the record). */
export function selector(fields: readonly string[] = []): Selector {
  if (fields.length === 0) return () => true;
  const names = new Set(fields.filter((f) => !f.startsWith('/')));
  const pointers = fields.filter((f) => f.startsWith('/')).map(fromPointer);
  const under = (path: DocPath, p: string[]) =>
    p.length <= path.length && p.every((s, i) => s === '*' || s === String(path[i]));
  return (path) =>
    path.some((s) => typeof s === 'string' && names.has(s)) ||
    pointers.some(
      (p) => under(path, p) || (typeof path[0] === 'number' && under(path.slice(1), p)),
    );
}

/** Line starts of a text, to turn offsets into 1-based line and column (in characters). */
class Lines {
  private readonly starts: number[] = [0];
  constructor(
    private readonly text: string,
    private readonly firstLine = 1,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      this.starts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.starts[lo]!;
    return { line: this.firstLine + lo, column: codePoints(this.text, lineStart, offset) + 1 };
  }

  /** Offset of a 1-based line and a column counted in UTF-16 units, as yaml reports them. */
  offset(line: number, column: number): number {
    return (this.starts[line - this.firstLine] ?? 0) + column - 1;
  }
}

function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates belong to the character before
  }
  return n;
}

function range(file: string, lines: Lines, start: number, end: number, pointer?: string): Location {
  const s = lines.at(start);
  const e = lines.at(end);
  return {
    file,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    ...(pointer !== undefined ? { pointer } : {}),
  };
}

/**
 * Where the `occurrence`-th copy of `needle` sits in raw source (escapes decoded differently
 * from the value would hide it): its raw offset, or -1.
 */
function nth(raw: string, needle: string, occurrence: number): number {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = raw.indexOf(needle, at + 1);
    if (at === -1) return -1;
  }
  return at;
}

function occurrencesBefore(value: string, needle: string, offset: number): number {
  let n = 0;
  for (let at = value.indexOf(needle); at !== -1 && at < offset; at = value.indexOf(needle, at + 1))
    n++;
  return n;
}

/**
 * Findings of one value of a structured file, located in the raw source: `rawStart..rawEnd`
 * is where the value is written (quotes, escapes and all).
 */
function locateInSource(
  file: string,
  lines: Lines,
  source: string,
  rawStart: number,
  rawEnd: number,
  value: string,
  findings: Finding[],
  pointer: string,
): FileFinding[] {
  const raw = source.slice(rawStart, rawEnd);
  return findings.map(({ start, end, ...f }) => {
    const clear = value.slice(start, end);
    const at = nth(raw, clear, occurrencesBefore(value, clear, start));
    // Written with escapes: point at the value itself.
    const from = at === -1 ? rawStart : rawStart + at;
    const to = at === -1 ? rawEnd : from + clear.length;
    return { ...f, location: range(file, lines, from, to, pointer), offset: start, value: clear };
  });
}

/**
 * Calls `visit` with every string (and long integer) value of a parsed document and its
 * path, and `visitKey` with every mapping key and the path of its member. The path is one
 * array, pushed and popped: copy it to keep it.
 */
function eachString(
  value: unknown,
  visit: (text: string, path: (string | number)[]) => void,
  visitKey: (key: string, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): void {
  if (typeof value === 'string') visit(value, path);
  else if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e6)
    visit(String(value), path);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      eachString(value[i], visit, visitKey, path);
      path.pop();
    }
  } else if (value && typeof value === 'object') {
    for (const k in value) {
      path.push(k);
      visitKey(k, path);
      eachString((value as Record<string, unknown>)[k], visit, visitKey, path);
      path.pop();
    }
  }
}

/** How many keys a parsed value has, at every depth. */
function countKeys(value: unknown): number {
  let n = 0;
  if (Array.isArray(value)) for (const v of value) n += countKeys(v);
  else if (value && typeof value === 'object')
    for (const k in value) n += 1 + countKeys((value as Record<string, unknown>)[k]);
  return n;
}

/**
 * How many members the JSON source writes: one colon outside strings each. More than the
 * parsed value has keys means a duplicate key, whose first value JSON.parse dropped.
 */
function writtenMembers(source: string): number {
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 58)
      n++; // :
    else if (c === 34) {
      // skip the string: to the next quote not escaped
      for (i++; i < source.length; i++) {
        const d = source.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    }
  }
  return n;
}

/**
 * Whether a JSON source writes more members than its parsed value has keys. Counting every
 * colon (a native search) settles the common case; only colons inside strings (URLs, times)
 * need the exact count.
 */
function mayHideDuplicates(source: string, value: unknown): boolean {
  const keys = countKeys(value);
  let colons = 0;
  for (let i = source.indexOf(':'); i !== -1 && colons <= keys; i = source.indexOf(':', i + 1))
    colons++;
  return colons > keys && writtenMembers(source) > keys;
}

/** Keys seen without a finding, so the same keys on a million lines are scanned once. */
const CLEAN_KEYS_MAX = 10_000;

/**
 * A JSON pointer that is safe to print: a segment holding personal data (a key that is an
 * email) shows its masked preview instead.
 */
function maskedPointer(path: readonly (string | number)[]): string {
  return toPointer(
    path.map((segment) => {
      if (typeof segment !== 'string') return segment;
      let out = segment;
      for (const f of scanText(segment).sort((a, b) => b.start - a.start))
        out = out.slice(0, f.start) + f.preview + out.slice(f.end);
      return out;
    }),
  );
}

/** The name of the field a value is in: context for the scanner (`ssn`, `phone`). */
function fieldName(path: readonly (string | number)[], length = path.length): string | undefined {
  for (let i = length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

/** A structured document: parsed fast, located (a slower parse) only when something is found. */
function scanDocument(
  file: string,
  source: string,
  value: unknown,
  locator: () => YamlFile,
  options: FileScanOptions,
  stats: ScanStats,
  problems: Problem[],
  firstLine = 1,
  json = false,
): FileFinding[] {
  if (json && mayHideDuplicates(source, value)) {
    // JSON.parse kept the last of duplicate keys: read it as written, the dropped values too.
    const read = duplicateKeys(file, source, firstLine, options, stats);
    problems.push(...read.problems);
    return read.findings;
  }
  const select = selector(options.fields);
  const scan: ScanOptions = { ...options.scan };
  const out: FileFinding[] = [];
  let located: { doc: YamlFile; lines: Lines } | undefined;
  let tree: { root: Node | undefined; lines: Lines } | undefined;
  const locate = (path: (string | number)[], key: boolean) => {
    if (json) {
      // JSON is located by jsonc-parser's offsets: in dense files every record has a finding,
      // and the YAML parser took ten times as long as the scan itself.
      tree ??= { root: parseTree(source), lines: new Lines(source, firstLine) };
      const node = tree.root && findNodeAtLocation(tree.root, path);
      const at = key ? node?.parent?.children?.[0] : node;
      if (at) return { lines: tree.lines, start: at.offset, end: at.offset + at.length };
    }
    located ??= { doc: locator(), lines: new Lines(source, firstLine) };
    const node = located.doc.locate(path, { key });
    return {
      lines: located.lines,
      start: located.lines.offset(node.line ?? firstLine, node.column ?? 1),
      end: located.lines.offset(node.endLine ?? firstLine, node.endColumn ?? 1),
    };
  };
  eachString(
    value,
    (text, path) => {
      if (!select(path)) return;
      stats.values++;
      stats.chars += text.length;
      scan.context = fieldName(path);
      const findings = scanText(text, scan);
      if (findings.length === 0) return;
      const { lines, start, end } = locate(path, false);
      out.push(
        ...locateInSource(file, lines, source, start, end, text, findings, maskedPointer(path)),
      );
    },
    // Keys are always scanned, whatever `fields` selects: a key is no place for personal data.
    // They are structure, not values: the stats count values only.
    (key, path) => {
      const context = fieldName(path, path.length - 1);
      const memo = `${context ?? ''}\0${key}`;
      if (cleanKeys.has(memo)) return;
      scan.context = context;
      const findings = scanText(key, scan);
      if (findings.length === 0) {
        if (cleanKeys.size < CLEAN_KEYS_MAX) cleanKeys.add(memo);
        return;
      }
      const { lines, start, end } = locate(path, true);
      const pointer = maskedPointer(path);
      for (const f of locateInSource(file, lines, source, start, end, key, findings, pointer))
        out.push({ ...f, key: true });
    },
  );
  return out;
}

const cleanKeys = new Set<string>();

/**
 * A JSON document with duplicate keys, read as written (jsonc-parser keeps every member):
 * every value is scanned, the hidden ones included, and each duplicate is a problem.
 */
function duplicateKeys(
  file: string,
  source: string,
  firstLine: number,
  options: FileScanOptions,
  stats: ScanStats,
): { findings: FileFinding[]; problems: Problem[] } {
  const lines = new Lines(source, firstLine);
  const select = selector(options.fields);
  const scan: ScanOptions = { ...options.scan };
  const out: FileFinding[] = [];
  const problems: Problem[] = [];
  const objects: Set<string>[] = [];
  // The findings in `text`, the source's characters from `offset` on, scanned in its field.
  const scanAt = (text: string, offset: number, length: number, field: DocPath, at: DocPath) => {
    scan.context = fieldName(field);
    const findings = scanText(text, scan);
    return findings.length
      ? locateInSource(
          file,
          lines,
          source,
          offset,
          offset + length,
          text,
          findings,
          maskedPointer(at),
        )
      : [];
  };
  visit(
    source,
    {
      onObjectBegin: () => void objects.push(new Set()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (key, offset, length, _l, _c, pathOf) => {
        const path = [...pathOf(), key];
        const members = objects[objects.length - 1]!;
        if (members.has(key)) {
          problems.push({
            message: `${file} has a duplicate key in ${maskedPointer(path.slice(0, -1)) || 'the top level'}: JSON keeps only the last value, so the first would be judged by nobody`,
            hint: 'remove or rename one of the two keys',
            location: {
              ...range(file, lines, offset, offset + length),
              pointer: maskedPointer(path),
            },
          });
        }
        members.add(key);
        for (const f of scanAt(key, offset, length, path.slice(0, -1), path))
          out.push({ ...f, key: true as const });
      },
      onLiteralValue: (value, offset, length, _l, _c, pathOf) => {
        const path = pathOf();
        const text =
          typeof value === 'string'
            ? value
            : typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e6
              ? String(value)
              : undefined;
        if (text === undefined || !select(path)) return;
        stats.values++;
        stats.chars += text.length;
        out.push(...scanAt(text, offset, length, path, path));
      },
    },
    { disallowComments: true },
  );
  return { findings: out, problems };
}

function invalidJson(file: string, e: unknown, line?: number): UserError {
  // V8's message quotes the input; report only where it broke.
  const position = /at position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
  const where = line !== undefined ? `line ${line} of ${file}` : file;
  return new UserError({
    message: `${where} is not valid JSON${position ? ` (at character ${Number(position) + 1})` : ''}`,
    hint:
      line !== undefined
        ? 'each line of a JSON Lines file must be one JSON value'
        : 'fix the JSON syntax',
    location: { file, ...(line !== undefined ? { line } : {}) },
  });
}

async function* scanJsonLines(
  file: string,
  source: FileSource,
  options: FileScanOptions,
  stats: ScanStats,
): AsyncGenerator<FileFinding> {
  let records = 0;
  const problems: Problem[] = [];
  const lines = readLines(source.stream(file), { maxLineBytes: MAX_LINE, strictFile: file });
  for await (const batch of lines)
    for (const { text, line } of batch) {
      if (text.trim() === '') continue;
      records++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw invalidJson(file, e, line);
      }
      yield* scanDocument(
        file,
        text,
        value,
        () => parseYaml(text, file, { offsetLine: line - 1 }),
        options,
        stats,
        problems,
        line,
        true,
      );
    }
  // After the whole file, so the values hidden by a duplicate key were reported too.
  if (problems.length > 0) throw new UserError(problems);
  if (records === 0) {
    throw new UserError({
      message: `${file} holds no JSON Lines record`,
      hint: 'add the golden outputs, or remove the file from the scanned paths',
      location: { file },
    });
  }
}

/** RFC 4180 CSV: records of fields with the raw offsets where each is written. */
function parseCsv(file: string, text: string): { value: string; start: number; end: number }[][] {
  const rows: { value: string; start: number; end: number }[][] = [];
  let row: { value: string; start: number; end: number }[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    const start = i;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          throw new UserError({
            message: `${file} has a quoted field that is never closed`,
            hint: 'close the quote; a quote inside a quoted field is written twice ("")',
            location: { file, ...new Lines(text).at(start) },
          });
        }
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
    }
    row.push({ value, start, end: i });
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (row.length > 1 || row[0]!.value !== '') rows.push(row);
    row = [];
    if (i >= n) break;
    i++; // \n
  }
  return rows;
}

function scanCsv(
  file: string,
  text: string,
  options: FileScanOptions,
  stats: ScanStats,
): FileFinding[] {
  const [header, ...rows] = parseCsv(file, text);
  if (!header) throw new UserError({ message: `${file} has no header row`, location: { file } });
  const names = header.map((h) => h.value);
  const select = selector(options.fields);
  const lines = new Lines(text);
  const out: FileFinding[] = [];
  // Headers are always scanned, whatever `fields` selects: a header is no place for personal data.
  for (const cell of header) {
    const findings = scanText(cell.value, options.scan);
    for (const f of locateInSource(
      file,
      lines,
      text,
      cell.start,
      cell.end,
      cell.value,
      findings,
      '',
    ))
      out.push({ ...f, key: true });
  }
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      const path = [r, names[c] ?? String(c)];
      if (!select(path)) return;
      stats.values++;
      stats.chars += cell.value.length;
      const findings = scanText(cell.value, { ...options.scan, context: names[c] });
      if (findings.length)
        out.push(
          ...locateInSource(
            file,
            lines,
            text,
            cell.start,
            cell.end,
            cell.value,
            findings,
            maskedPointer(path),
          ),
        );
    });
  });
  return out;
}

function scanPlain(
  file: string,
  text: string,
  options: FileScanOptions,
  stats: ScanStats,
): FileFinding[] {
  stats.values++;
  stats.chars += text.length;
  const findings = scanText(text, options.scan);
  if (findings.length === 0) return [];
  const lines = new Lines(text);
  return findings.map(({ start, end, ...f }) => ({
    ...f,
    location: range(file, lines, start, end),
    value: text.slice(start, end),
  }));
}

/**
 * Every finding in one file, in order. JSON Lines are streamed a line at a time; other
 * formats are read whole. In structured files only string values are scanned (all of
 * them, or those `fields` selects), and each finding carries the value's JSON pointer.
 */
export async function* scanFile(
  file: string,
  source: FileSource,
  options: FileScanOptions = {},
  stats: ScanStats = { values: 0, chars: 0 },
): AsyncGenerator<FileFinding> {
  const format = formatOf(file);
  if (format === 'jsonl') {
    yield* scanJsonLines(file, source, options, stats);
    return;
  }
  const text = decodeText(await source.read(file), file, {
    maxBytes: MAX_WHOLE_FILE,
    expected: `a ${format.toUpperCase()} file`,
  });
  if (format === 'text') yield* scanPlain(file, text, options, stats);
  else if (format === 'csv') yield* scanCsv(file, text, options, stats);
  else if (format === 'yaml') {
    const doc = parseYaml(text, file);
    yield* scanDocument(file, text, doc.value, () => doc, options, stats, []);
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw invalidJson(file, e);
    }
    const problems: Problem[] = [];
    yield* scanDocument(
      file,
      text,
      value,
      () => parseYaml(text, file),
      options,
      stats,
      problems,
      1,
      true,
    );
    if (problems.length > 0) throw new UserError(problems);
  }
}
