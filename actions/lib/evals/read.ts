import { UserError, type Problem } from '../errors.js';
import { positionOfByte } from '../parse/bytes.js';
import { lineError, notText, readLines } from '../parse/json-lines.js';
import { quoteOr, safeKeys } from '../parse/quote.js';
import type { Location } from '../verdict/model.js';
import { deepEval, isDeepEvalRun } from './adapters/deepeval.js';
import { DOCUMENT_PICKS, type DocumentAdapter } from './adapters/documents.js';
import { nativeLines } from './adapters/jsonl.js';
import { lmEval } from './adapters/lm-eval.js';
import { promptfoo, promptfooLines } from './adapters/promptfoo.js';
import { braintrustLines } from './adapters/braintrust.js';
import type { LineAdapter } from './adapters/lines.js';
import { openAiEvalsLines } from './adapters/openai-evals.js';
import { inspect } from './adapters/inspect.js';
import { MAX_ARCHIVE_BYTES, isZip, readInspectArchive } from './eval-zip.js';
import { isObject, type Json } from './adapters/shape.js';
import {
  JsonBytes,
  JsonDuplicateKeyError,
  JsonSyntaxError,
  type Pick as JsonPick,
} from '../parse/json-bytes.js';
import { firstSyntaxError, nonFiniteNumbers, type Position } from '../parse/json-locate.js';
import {
  FORMATS,
  ShapeError,
  type AdapterOptions,
  type EvalFormat,
  type ResultSink,
} from './model.js';
import type { ResultFile } from './results.js';

/** A JSON document larger than this is refused: it cannot be held as one string. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** Problems reported per file before reading stops. */
const MAX_PROBLEMS = 10;
/** Lines listed in a message that lists lines. */
const MAX_LINES_SHOWN = 10;

const LINE_ADAPTERS: Partial<
  Record<EvalFormat, (o: AdapterOptions, s: ResultSink) => LineAdapter>
> = {
  jsonl: nativeLines,
  'openai-evals': openAiEvalsLines,
  braintrust: braintrustLines,
  promptfoo: promptfooLines,
};

const DOCUMENT_ADAPTERS: Partial<Record<EvalFormat, DocumentAdapter>> = {
  promptfoo,
  'lm-eval': lmEval,
  inspect,
  deepeval: deepEval,
};

const FORMAT_HINT = `set \`format:\` in the results entry to one of ${FORMATS.join(', ')}; docs/evals.md shows what each looks like`;

const LM_EVAL_KEYS = ['n-samples', 'higher_is_better', 'versions', 'configs'];

/** Each JSON document format, with what every document of it has (docs/evals.md). */
const DOCUMENT_SIGNATURES: readonly (readonly [EvalFormat, (doc: Json) => boolean])[] = [
  [
    'promptfoo',
    (d) => isObject(d.results) && Array.isArray(d.results.results) && 'version' in d.results,
  ],
  ['inspect', (d) => isObject(d.eval) && typeof d.status === 'string'],
  ['deepeval', isDeepEvalRun],
  ['lm-eval', (d) => isObject(d.results) && LM_EVAL_KEYS.some((k) => isObject(d[k]))],
];

/** The JSON document formats a parsed document fits. */
function documentFormats(doc: Json): EvalFormat[] {
  return DOCUMENT_SIGNATURES.filter(([, fits]) => fits(doc)).map(([format]) => format);
}

/** The format of a parsed JSON document, when it fits exactly one. */
export function documentFormat(doc: Json): EvalFormat | undefined {
  const found = documentFormats(doc);
  return found.length === 1 ? found[0] : undefined;
}

/** Keys of the native JSON Lines format that no other format writes at the top of a line. */
const NATIVE_OWN_KEYS = ['pass', 'metrics', 'latency_ms'];

/**
 * The JSON Lines formats a file can be, from the keys of its first record: each test holds
 * for every line its format writes. More than one: the file is refused, never guessed.
 */
function lineFormats(keys: ReadonlySet<string>): EvalFormat[] {
  const has = (k: string) => keys.has(k);
  const found: EvalFormat[] = [];
  if (has('spec') || has('final_report') || (has('run_id') && has('event_id')))
    found.push('openai-evals');
  // An EvaluateResult always has `success` and its test and prompt numbers.
  const promptfoo = has('success') && (has('testIdx') || has('promptIdx'));
  if (promptfoo) found.push('promptfoo');
  // promptfoo results carry `id` and `error` too: next to its keys, only the native ones tell.
  if (has('id') && (NATIVE_OWN_KEYS.some(has) || (has('error') && !promptfoo))) found.push('jsonl');
  return found;
}

/** A result file's own line limit: a line is one string, and JSON.parse needs several times it. */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** Why a file too large to read whole is refused, and what to do instead. */
interface TooLarge {
  what: string;
  hint: string;
}

const AS_DOCUMENT: TooLarge = {
  what: 'too large to read as one JSON document',
  hint: 'split the run into several files, or write JSON Lines (docs/evals.md), which is streamed',
};

const tooLarge = (path: string, max: number, { what, hint }: TooLarge) =>
  new UserError({
    message: `${path} is larger than ${max / 1024 / 1024} MiB: ${what}`,
    hint,
    location: { file: path },
  });

/**
 * A result file's bytes in one allocation, refused above `max` bytes (checked before reading
 * and again after, for a file that grew).
 */
export async function readWhole(
  source: ResultSource,
  path: string,
  max: number,
  refusal: TooLarge,
): Promise<Uint8Array> {
  if ((await source.size()) > max) throw tooLarge(path, max, refusal);
  const bytes = await source.whole();
  if (bytes.length > max) throw tooLarge(path, max, refusal);
  return bytes;
}

/**
 * A whole document's bytes, checked to hold no NUL byte and to be UTF-8: refused as the line
 * reader refuses a line, at the line and column of the first bad byte.
 */
export function documentBytes(bytes: Uint8Array, path: string): Uint8Array {
  const bad = notText(bytes);
  if (bad) {
    const { line, column } = positionOfByte(bytes, bad.offset);
    throw lineError(path, { line, column, ...bad.why });
  }
  return bytes;
}

/** NaN and Infinity found in a file, for one problem that lists their lines. */
class NonFinite {
  private readonly tokens = new Set<string>();
  private readonly lines: number[] = [];
  private first: Position | undefined;
  count = 0;

  /** Records the tokens of one line (1-based, in the file). */
  add(found: readonly (Position & { token: string })[], line: number): void {
    for (const f of found) this.tokens.add(f.token);
    this.first ??= { line, column: found[0]!.column };
    if (this.lines.length < MAX_LINES_SHOWN) this.lines.push(line);
    this.count++;
  }

  problem(path: string): Problem {
    const names = [...this.tokens].join(' and ');
    const more = this.count - this.lines.length;
    const where =
      this.count === 1
        ? `line ${this.lines[0]} holds ${this.tokens.size > 1 ? 'them' : 'it'}`
        : `${this.count} lines hold ${this.tokens.size > 1 ? 'them' : 'one'}: ${this.lines.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    return {
      message: `${path}: ${names} ${this.tokens.size > 1 ? 'are not JSON numbers' : 'is not a JSON number'}, and ${where}`,
      hint: "write null (or leave the value out) where a number is missing: Python's json module writes NaN unless told allow_nan=False, and the gate does not guess what a NaN score means",
      location: { file: path, ...this.first! },
    };
  }
}

/** NaN or Infinity where the text's first syntax error is: the reason it is not JSON. */
function nonFiniteAt(text: string, at: Position | null): (Position & { token: string })[] {
  if (!at) return [];
  const found = nonFiniteNumbers(text);
  const first = found[0];
  return first && first.line === at.line && first.column === at.column ? found : [];
}

/**
 * Why a document is not JSON: NaN or Infinity with every line holding one, or else the words
 * and place jsonc-parser gives for its text; the reader's own finding if it finds nothing (a
 * broken string the reader did not decode, which JSON.parse would not have accepted either).
 */
function notJsonDocument(
  path: string,
  json: JsonBytes,
  e: JsonSyntaxError,
  hint: string,
): UserError {
  const text = new TextDecoder().decode(json.b);
  const at = firstSyntaxError(text);
  const found = nonFiniteAt(text, at);
  if (found.length > 0) {
    const byLine = new Map<number, typeof found>();
    for (const f of found) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
    const nonFinite = new NonFinite();
    for (const [line, tokens] of byLine) nonFinite.add(tokens, line);
    return new UserError(nonFinite.problem(path));
  }
  const where = at ?? { ...json.positionOf(e.offset), message: e.message };
  return new UserError({
    message: `${path} is not valid JSON: ${where.message}`,
    hint: `a result file must be complete: ${hint}`,
    location: { file: path, line: where.line, column: where.column },
  });
}

/**
 * The values `pick` asks for of a whole JSON document, checked as strictly as JSON.parse and
 * with no key given twice; `fix` says how to get a good file instead of one with a key given
 * twice (`once`) or one cut short (`complete`).
 */
export function pickDocument(
  json: JsonBytes,
  path: string,
  pick: JsonPick,
  fix: { once: string; complete: string },
): unknown {
  try {
    return json.pick(pick);
  } catch (e) {
    if (e instanceof JsonDuplicateKeyError) {
      throw new UserError({
        message: `${path}: ${e.message}: JSON readers disagree on which value counts`,
        hint: `write each key once: ${fix.once}`,
        location: { file: path, ...json.positionOf(e.offset) },
      });
    }
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw notJsonDocument(path, json, e, fix.complete);
  }
}

export { safeKeys };

function columnOf(lineText: string, pointer: string): number {
  const key = pointer.split('/')[1];
  if (!key) return 1;
  const at = lineText.indexOf(`"${key.replace(/~1/g, '/').replace(/~0/g, '~')}"`);
  return at === -1 ? 1 : at + 1;
}

/**
 * The problems of one file, up to MAX_PROBLEMS; then reading stops. `lead`, when it has one,
 * is a problem about the whole file that goes first (NaN on some lines).
 */
export class Problems {
  readonly list: Problem[] = [];

  constructor(
    private readonly path: string,
    private readonly lead: () => Problem | undefined = () => undefined,
  ) {}

  add(p: Problem): void {
    this.list.push(p);
    if (this.list.length < MAX_PROBLEMS) return;
    throw new UserError([
      ...this.all(),
      {
        message: `${this.path}: more problems not shown; fix these first`,
        location: { file: this.path },
      },
    ]);
  }

  get any(): boolean {
    return this.list.length > 0 || this.lead() !== undefined;
  }

  throwAny(): void {
    if (this.any) throw new UserError(this.all());
  }

  private all(): Problem[] {
    const lead = this.lead();
    return lead ? [lead, ...this.list] : this.list;
  }
}

/**
 * Feeds JSON Lines to a line adapter, collecting problems with their line and column. Without
 * an adapter it only checks the lines (a file refused for its NaN, whose format is unknown).
 */
export class LineFeeder {
  /** The number of the last line fed. */
  lineNo = 0;
  private readonly nonFinite = new NonFinite();
  private readonly problems: Problems;

  constructor(
    private readonly path: string,
    private readonly adapter: LineAdapter | undefined,
  ) {
    this.problems = new Problems(path, () =>
      this.nonFinite.count > 0 ? this.nonFinite.problem(path) : undefined,
    );
  }

  finish(): void {
    // What the adapter finds at the end rests on every line: only when they were all read.
    if (!this.problems.any && this.adapter?.finish) {
      try {
        this.adapter.finish();
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
        this.shapeProblem(e, e.line ?? 1, '');
      }
    }
    this.problems.throwAny();
  }

  private shapeProblem(e: ShapeError, lineNo: number, lineText: string): void {
    this.problems.add({
      message: `${this.path}:${lineNo}: ${e.message}`,
      ...(e.hint ? { hint: e.hint } : {}),
      location: {
        file: this.path,
        line: lineNo,
        column: columnOf(lineText, e.pointer),
        pointer: e.pointer,
      },
    });
  }

  /** Feeds one line (its text, without its line break), numbered from 1 in the file. */
  line(lineText: string, lineNo: number): void {
    this.lineNo = lineNo;
    // The hot path of a million-line file: no allocation for the common `{...}` line.
    if (lineText.charCodeAt(0) !== 123 && lineText.trim() === '') return;
    const { path } = this;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      const at = firstSyntaxError(lineText);
      const found = nonFiniteAt(lineText, at);
      if (found.length > 0) return this.nonFinite.add(found, lineNo);
      return this.problems.add({
        message: `${path}:${lineNo}: not valid JSON${at ? ` (${at.message})` : ''}`,
        hint: 'each line of a JSON Lines file must be one complete JSON object',
        location: { file: path, line: lineNo, column: at?.column ?? 1 },
      });
    }
    if (!this.adapter) return;
    try {
      this.adapter.line(value, lineNo);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      this.shapeProblem(e, lineNo, lineText);
    }
  }
}

const isBlank = (byte: number) => byte === 32 || byte === 10 || byte === 13 || byte === 9;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * The start of a result file, read chunk by chunk until its first record ends: the end of its
 * first line, however long that line is, or the end of the file. The bytes are kept, not yet
 * decoded, for the reader that takes over (which checks them).
 */
class Head {
  private raw: Uint8Array[] = [];
  done = false;
  private size = 0;
  /** Offsets in the file of the first record's first byte and of the line break after it. */
  private start = -1;
  private end = -1;

  constructor(
    private readonly it: AsyncIterator<Uint8Array>,
    private readonly path: string,
  ) {}

  /** The next chunk, kept; undefined at the end of the file. */
  private async pull(): Promise<Uint8Array | undefined> {
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return undefined;
    }
    this.raw.push(next.value);
    this.size += next.value.length;
    // No line (and no document) this long can be read.
    if (this.size > MAX_DOCUMENT_BYTES) throw tooLarge(this.path, MAX_DOCUMENT_BYTES, AS_DOCUMENT);
    return next.value;
  }

  /**
   * The file up to the end of its first record (blank space before it included, so that
   * positions in it are positions in the file), and the record's first byte; undefined for a
   * file of blank space only.
   */
  async firstRecord(): Promise<{ bytes: Uint8Array; first: number } | undefined> {
    while (this.end === -1) {
      const offset = this.size;
      const chunk = await this.pull();
      if (!chunk) {
        if (this.start !== -1) this.end = this.size;
        break;
      }
      let from = 0;
      if (this.start === -1) {
        while (
          from < chunk.length &&
          (isBlank(chunk[from]!) || (offset + from < 3 && chunk[from] === BOM[offset + from]))
        )
          from++;
        if (from === chunk.length) continue;
        this.start = offset + from;
      }
      const lineEnd = chunk.indexOf(10, from);
      if (lineEnd !== -1) this.end = offset + lineEnd;
    }
    if (this.start === -1) return undefined;
    const bytes = this.bytes();
    return { bytes: bytes.subarray(0, this.end), first: bytes[this.start]! };
  }

  /** Up to 20 characters from the first record on, for a message. */
  startText(): string {
    return new TextDecoder()
      .decode(this.bytes().subarray(this.start, this.start + 80))
      .slice(0, 20);
  }

  /** Whether anything but blank space follows the first record; reads on until it knows. */
  async more(): Promise<boolean> {
    for (let from = this.end; ;) {
      const bytes = this.bytes();
      for (let i = from; i < bytes.length; i++) if (!isBlank(bytes[i]!)) return true;
      from = bytes.length;
      if (this.done || !(await this.pull())) return false;
    }
  }

  /** Everything read so far, joined once. */
  bytes(): Uint8Array {
    if (this.raw.length > 1) this.raw = [Buffer.concat(this.raw)];
    return this.raw[0] ?? new Uint8Array();
  }

  /** Lets go of the bytes read. */
  drop(): void {
    this.raw = [];
  }

  /** The bytes read, let go of. */
  private handOver(): Uint8Array {
    const read = this.bytes();
    this.drop();
    return read;
  }

  /** The whole file from its first byte: the bytes read so far (let go of), then the rest. */
  async *rest(): AsyncGenerator<Uint8Array> {
    try {
      yield this.handOver(); // not held here while the reader reads them
      if (!this.done)
        for (let next = await this.it.next(); !next.done; next = await this.it.next())
          yield next.value;
    } finally {
      await this.it.return?.();
    }
  }
}

/** How a file is read: as JSON Lines of a format, or as a JSON document (already parsed). */
type Shape =
  | { lines: EvalFormat | undefined }
  | { document: EvalFormat | 'auto'; parsed?: { json: JsonBytes; doc: unknown } };

const ambiguous = (path: string, formats: readonly EvalFormat[], keys: readonly string[]) =>
  new UserError({
    message: `${path} could be ${formats.join(' or ')}: it has the keys of each (top-level keys ${safeKeys(keys)}), and the gate does not guess`,
    hint: `set \`format:\` in the results entry to ${formats.join(' or ')}`,
    location: { file: path, line: 1, column: 1 },
  });

/**
 * How to read a file, from its first record (docs/evals.md, "How the format is found"). A
 * record that is not a complete JSON value on its line starts a JSON document over several
 * lines; else the record's keys decide, and a file they fit in more than one format is refused.
 */
async function shapeOf(
  head: Head,
  record: Uint8Array,
  path: string,
  format: EvalFormat | 'auto',
  pick: JsonPick,
): Promise<Shape> {
  const lineAdapter = format !== 'auto' ? LINE_ADAPTERS[format] : undefined;
  const documentAdapter = format !== 'auto' ? DOCUMENT_ADAPTERS[format] : undefined;
  if (lineAdapter && !documentAdapter) return { lines: format as EvalFormat };
  if (documentAdapter && !lineAdapter) return { document: format };

  const json = new JsonBytes(record);
  let doc: unknown;
  try {
    doc = json.pick(pick);
  } catch (e) {
    // A key given twice: the document reader says where.
    if (e instanceof JsonDuplicateKeyError) return { document: format };
    if (!(e instanceof JsonSyntaxError)) throw e;
    // A first line with NaN: JSON Lines or a one-line document, refused for it either way.
    const text = new TextDecoder().decode(record);
    if (nonFiniteAt(text, firstSyntaxError(text)).length > 0)
      return { lines: format === 'auto' ? undefined : format };
    return { document: format };
  }
  if (!isObject(doc)) return { document: format };
  const keys = json.keys();
  const inDocuments = documentFormats(doc);
  const inDocument = inDocuments.length === 1 ? inDocuments[0] : undefined;
  const inLines = lineFormats(new Set(keys));
  const parsed = async () => ((await head.more()) ? {} : { parsed: { json, doc } });

  if (format !== 'auto') {
    // A format of both kinds (promptfoo): its JSON Lines only when the record is a line of it.
    return inLines.includes(format) && inDocument !== format
      ? { lines: format }
      : { document: format, ...(await parsed()) };
  }
  const found = [...new Set([...inDocuments, ...inLines])];
  if (found.length > 1) throw ambiguous(path, found, keys);
  if (inDocument) return { document: inDocument, ...(await parsed()) };
  if (found.length === 1) return { lines: found[0] };
  const lines = await head.more();
  throw new UserError({
    message: lines
      ? `${path} is JSON Lines of an unknown format: its first record has the keys ${safeKeys(keys)}`
      : `${path} is a JSON document of an unknown format, top-level keys ${safeKeys(keys)}`,
    hint: FORMAT_HINT,
    location: { file: path, line: 1, column: 1 },
  });
}

/**
 * A result file: its chunks as they are read (JSON Lines are streamed), or, for a JSON
 * document, its size and all its bytes at once.
 */
export interface ResultSource {
  chunks: AsyncIterable<Uint8Array>;
  size(): Promise<number>;
  whole(): Promise<Uint8Array>;
}

/** Reads one result file into the sink; returns what is needed to point into it later. */
export async function readResultFile(
  source: ResultSource,
  path: string,
  format: EvalFormat | 'auto',
  options: AdapterOptions,
  sink: ResultSink & { received: () => number },
  keepDocument: boolean,
): Promise<Pick<ResultFile, 'format' | 'document' | 'rowPointer'>> {
  const start = await firstBytes(source.chunks, 4);
  if (isZip(start.head)) return readArchive(source, path, format, options, sink, start.rest);
  const it = start.rest;
  const head = new Head(it, path);
  const record = await head.firstRecord();
  if (!record) {
    throw new UserError({
      message: `${path} is empty`,
      hint: 're-run the evals: an empty result file judges nothing',
      location: { file: path, line: 1, column: 1 },
    });
  }
  if (record.first !== 123 && record.first !== 91) {
    throw new UserError({
      message: `${path} is not JSON or JSON Lines: it starts with ${quoteOr(head.startText(), 'text that is neither { nor [')}`,
      hint: FORMAT_HINT,
      location: { file: path, line: 1, column: 1 },
    });
  }
  const pick = options.groupSamples ? DOCUMENT_PICKS.grouped : DOCUMENT_PICKS.ungrouped;
  const shape = await shapeOf(head, record.bytes, path, format, pick);

  if ('lines' in shape) {
    const adapter = shape.lines ? LINE_ADAPTERS[shape.lines]!(options, sink) : undefined;
    const feeder = new LineFeeder(path, adapter);
    for await (const batch of readLines(head.rest(), {
      maxLineBytes: MAX_LINE_BYTES,
      strictFile: path,
    }))
      for (const { text, line } of batch) feeder.line(text, line);
    feeder.finish();
    noCases(path, sink, shape.lines!);
    return { format: shape.lines! };
  }

  let json: JsonBytes;
  let doc: unknown;
  if (shape.parsed) {
    documentBytes(head.bytes(), path);
    ({ json, doc } = shape.parsed);
  } else {
    // A document is read again whole, in one allocation, rather than joined from its chunks.
    let bytes: Uint8Array;
    if (head.done) bytes = head.bytes();
    else {
      head.drop();
      await it.return?.();
      bytes = await readWhole(source, path, MAX_DOCUMENT_BYTES, AS_DOCUMENT);
    }
    json = new JsonBytes(documentBytes(bytes, path));
    doc = pickDocument(json, path, pick, {
      once: 're-run the evals rather than editing or merging result files by hand',
      complete: 're-run the evals if the run was interrupted',
    });
  }
  if (!isObject(doc)) {
    throw new UserError({
      message: `${path} holds a JSON ${Array.isArray(doc) ? 'list' : typeof doc}, not a result object`,
      hint: FORMAT_HINT,
      location: { file: path, line: 1, column: 1 },
    });
  }
  const candidates = shape.document === 'auto' ? documentFormats(doc) : [shape.document];
  if (candidates.length > 1) throw ambiguous(path, candidates, json.keys());
  const found = candidates[0];
  const adapter = found ? DOCUMENT_ADAPTERS[found] : undefined;
  if (!found || !adapter) {
    throw new UserError({
      message: `${path} is a JSON document of an unknown format, top-level keys ${safeKeys(json.keys())}`,
      hint: FORMAT_HINT,
      location: { file: path, line: 1, column: 1 },
    });
  }
  let info;
  try {
    info = adapter(doc, options, sink);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new UserError({
      message: `${path}: ${e.message}`,
      ...(e.hint ? { hint: e.hint } : {}),
      location: locateIn(path, json, e.pointer),
    });
  }
  noCases(path, sink, found);
  return {
    format: found,
    rowPointer: info.rowPointer,
    ...(keepDocument ? { document: json } : {}),
  };
}

/** The file's first `n` bytes (fewer if it is shorter), and all its chunks from the start. */
async function firstBytes(
  chunks: AsyncIterable<Uint8Array>,
  n: number,
): Promise<{ head: Uint8Array; rest: AsyncIterator<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      if (!ended)
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    } finally {
      await it.return?.();
    }
  }
  return { head: Buffer.concat(seen).subarray(0, n), rest: replay() };
}

/** An inspect `.eval` log (a ZIP archive), read whole: yauzl needs to reach its end first. */
async function readArchive(
  source: ResultSource,
  path: string,
  format: EvalFormat | 'auto',
  options: AdapterOptions,
  sink: ResultSink & { received: () => number },
  rest: AsyncIterator<Uint8Array>,
): Promise<Pick<ResultFile, 'format' | 'rowPointer'>> {
  await rest.return?.();
  if (format !== 'auto' && format !== 'inspect')
    throw new UserError({
      message: `${path} is a ZIP archive, not a ${format} result file`,
      hint: 'a ZIP result file is an inspect .eval log: set `format: inspect` or `auto`, or name the right file',
      location: { file: path },
    });
  const bytes = await readWhole(source, path, MAX_ARCHIVE_BYTES, {
    what: 'too large an inspect .eval log to read',
    hint: 'split the run into several logs',
  });
  const rowPointer = await readInspectArchive(bytes, path, options, sink);
  noCases(path, sink, 'inspect');
  return { format: 'inspect', rowPointer };
}

export function noCases(path: string, sink: { received: () => number }, format: EvalFormat): void {
  if (sink.received() > 0) return;
  throw new UserError({
    message: `${path} holds no cases or metrics (read as ${format}): an eval that evaluated nothing cannot pass`,
    hint: 'check that the eval ran its suite, then re-run it',
    location: { file: path, line: 1, column: 1 },
  });
}

/** Location of a pointer in a JSON document, with its line when it can be found. */
function locateIn(file: string, json: JsonBytes, pointer: string): Location {
  const at = pointer !== '' ? json.locate([pointer]).get(pointer) : undefined;
  return { file, line: at?.line ?? 1, column: at?.column ?? 1, pointer };
}
