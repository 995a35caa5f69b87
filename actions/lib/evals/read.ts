import { UserError, type Problem } from '../errors.js';
import { invalidUtf8Offset } from '../parse/bytes.js';
import type { Location } from '../verdict/model.js';
import {
  deepEval,
  inspect,
  lmEval,
  promptfoo,
  type DocumentAdapter,
} from './adapters/documents.js';
import { nativeLines, openAiEvalsLines, type LineAdapter } from './adapters/lines.js';
import { isObject, type Json } from './adapters/shape.js';
import { firstSyntaxError, locatePointers } from './json-locate.js';
import { FORMATS, ShapeError, type AdapterOptions, type Format, type ResultSink } from './model.js';
import type { EvalResults, ResultFile } from './results.js';

/** A JSON document larger than this is refused: it cannot be held as one string. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** How far to look for the end of the first record when detecting the format. */
const HEAD_BYTES = 1024 * 1024;
/** Problems reported per file before reading stops. */
const MAX_PROBLEMS = 10;

const LINE_ADAPTERS: Partial<Record<Format, (o: AdapterOptions, s: ResultSink) => LineAdapter>> = {
  jsonl: nativeLines,
  'openai-evals': openAiEvalsLines,
};

const DOCUMENT_ADAPTERS: Partial<Record<Format, DocumentAdapter>> = {
  promptfoo,
  'lm-eval': lmEval,
  inspect,
  deepeval: deepEval,
};

const FORMAT_HINT = `set \`format:\` in the results entry to one of ${FORMATS.join(', ')}; docs/evals.md shows what each looks like`;

/** The format of a parsed JSON document, from the keys only its format has. */
function documentFormat(doc: Json): Format | undefined {
  if (isObject(doc.results) && Array.isArray(doc.results.results) && 'version' in doc.results)
    return 'promptfoo';
  if (isObject(doc.eval) && typeof doc.status === 'string') return 'inspect';
  if (Array.isArray(doc.testCases) || Array.isArray(doc.conversationalTestCases)) return 'deepeval';
  if (
    isObject(doc.results) &&
    ['n-samples', 'higher_is_better', 'versions', 'configs'].some((k) => isObject(doc[k]))
  )
    return 'lm-eval';
  return undefined;
}

/** The format of a JSON Lines file, from its first record. */
function lineFormat(first: Json): Format | undefined {
  if ('spec' in first || 'final_report' in first || ('run_id' in first && 'event_id' in first))
    return 'openai-evals';
  if (
    'id' in first &&
    ('pass' in first || 'error' in first || 'metrics' in first || 'latency_ms' in first)
  )
    return 'jsonl';
  return undefined;
}

/** Bytes that are not UTF-8: where, and how many line breaks precede them in their chunk. */
class Utf8Error extends Error {
  constructor(
    readonly offset: number,
    readonly byte: number,
    readonly breaksBefore: number,
  ) {
    super('not UTF-8');
  }
}

function utf8Error(chunk: Uint8Array, chunkOffset: number): Utf8Error {
  const local = Math.max(0, invalidUtf8Offset(chunk));
  let breaks = 0;
  for (let i = chunk.indexOf(10); i !== -1 && i < local; i = chunk.indexOf(10, i + 1)) breaks++;
  return new Utf8Error(chunkOffset + local, chunk[local] ?? 0, breaks);
}

async function* decode(chunks: AsyncIterable<Uint8Array>, path: string): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for await (const chunk of chunks) {
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw new UserError({
        message: `${path} is a binary file (NUL byte at offset ${offset + nul}), expected eval results`,
        hint: 'check that the path names a result file',
        location: { file: path },
      });
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw utf8Error(chunk, offset);
    }
    yield text;
    offset += chunk.length;
  }
  try {
    yield decoder.decode();
  } catch {
    throw new Utf8Error(offset, 0, 0);
  }
}

const breaks = (text: string) => text.split('\n').length - 1;

function columnOf(lineText: string, pointer: string): number {
  const key = pointer.split('/')[1];
  if (!key) return 1;
  const at = lineText.indexOf(`"${key.replace(/~1/g, '/').replace(/~0/g, '~')}"`);
  return at === -1 ? 1 : at + 1;
}

/** Reads one result file into the sink; returns what is needed to point into it later. */
export async function readResultFile(
  chunks: AsyncIterable<Uint8Array>,
  path: string,
  format: Format | 'auto',
  options: AdapterOptions,
  sink: ResultSink & { received: () => number },
  keepText: boolean,
): Promise<Pick<ResultFile, 'format' | 'text' | 'rowPointer'>> {
  const problems: Problem[] = [];
  const fail = () => {
    if (problems.length >= MAX_PROBLEMS)
      problems.push({
        message: `${path}: more problems not shown; fix these first`,
        location: { file: path },
      });
    throw new UserError(problems);
  };
  let lineNo = 0;
  let carry = '';
  type Mode = { lines: LineAdapter } | { document: string[]; bytes: number };
  let mode: Mode | undefined;
  let detected: Format | undefined = format === 'auto' ? undefined : format;

  const onLine = (text: string) => {
    lineNo++;
    const lineText = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (lineText.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      const at = firstSyntaxError(lineText);
      problems.push({
        message: `${path}:${lineNo}: not valid JSON${at ? ` (${at.message})` : ''}`,
        hint: 'each line of a JSON Lines file must be one complete JSON object',
        location: { file: path, line: lineNo, column: at?.column ?? 1 },
      });
      if (problems.length >= MAX_PROBLEMS) fail();
      return;
    }
    try {
      (mode as { lines: LineAdapter }).lines.line(value, lineNo);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      problems.push({
        message: `${path}:${lineNo}: ${e.message}`,
        ...(e.hint ? { hint: e.hint } : {}),
        location: {
          file: path,
          line: lineNo,
          column: columnOf(lineText, e.pointer),
          pointer: e.pointer,
        },
      });
      if (problems.length >= MAX_PROBLEMS) fail();
    }
  };

  /** Decides lines or document from the first record, once the first line is complete. */
  const start = (head: string, complete: boolean): Mode | undefined => {
    const firstChar = head.search(/\S/);
    if (firstChar === -1) return undefined;
    if (head[firstChar] !== '{' && head[firstChar] !== '[') {
      throw new UserError({
        message: `${path} is not JSON or JSON Lines: it starts with ${JSON.stringify(head.slice(firstChar, firstChar + 20))}`,
        hint: FORMAT_HINT,
        location: { file: path, line: 1, column: 1 },
      });
    }
    const lineEnd = head.indexOf('\n', firstChar);
    // No line break in the first MiB: a one-line document, not records.
    if (lineEnd === -1 && !complete && head.length < HEAD_BYTES) return undefined;
    if (!detected && (lineEnd !== -1 || complete)) {
      let first: unknown;
      try {
        first = JSON.parse(head.slice(firstChar, lineEnd === -1 ? undefined : lineEnd));
      } catch {
        /* not a one-line record: a JSON document */
      }
      if (isObject(first) && !documentFormat(first)) {
        detected = lineFormat(first);
        if (!detected) {
          throw new UserError({
            message: `${path} is JSON Lines of an unknown format: its first record has the keys ${Object.keys(first).slice(0, 8).join(', ') || 'none'}`,
            hint: FORMAT_HINT,
            location: { file: path, line: 1, column: 1 },
          });
        }
      }
    }
    const lineAdapter = detected ? LINE_ADAPTERS[detected] : undefined;
    return lineAdapter ? { lines: lineAdapter(options, sink) } : { document: [], bytes: 0 };
  };

  try {
    for await (const piece of decode(chunks, path)) {
      if (!mode) {
        carry += piece;
        mode = start(carry, false);
        if (!mode) continue;
        const text = carry;
        carry = '';
        if ('document' in mode) {
          mode.document.push(text);
          mode.bytes += text.length;
          continue;
        }
        carry = feedLines(text, onLine);
        continue;
      }
      if ('document' in mode) {
        mode.bytes += piece.length;
        if (mode.bytes > MAX_DOCUMENT_BYTES) {
          throw new UserError({
            message: `${path} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB: too large to read as one JSON document`,
            hint: 'split the run into several files, or write JSON Lines (docs/evals.md), which is streamed',
            location: { file: path },
          });
        }
        mode.document.push(piece);
      } else {
        carry = feedLines(carry + piece, onLine);
      }
    }
  } catch (e) {
    if (e instanceof Utf8Error) {
      const before =
        lineNo + breaks(carry) + (mode && 'document' in mode ? breaks(mode.document.join('')) : 0);
      const line = before + e.breaksBefore + 1;
      throw new UserError({
        message: `${path} is not valid UTF-8 (byte 0x${e.byte.toString(16).padStart(2, '0')} at offset ${e.offset}, line ${line})`,
        hint: 'save the file as UTF-8',
        location: { file: path, line, column: 1 },
      });
    }
    throw e;
  }
  if (!mode) {
    // No line break at all: the whole file is its first line.
    mode = start(carry, true);
    if (mode && 'document' in mode) {
      mode.document.push(carry);
      carry = '';
    }
  }
  if (!mode) {
    throw new UserError({
      message: `${path} is empty`,
      hint: 're-run the evals: an empty result file judges nothing',
      location: { file: path, line: 1, column: 1 },
    });
  }
  if ('lines' in mode) {
    if (carry !== '') onLine(carry);
    if (problems.length > 0) fail();
    noCases(path, sink, detected!);
    return { format: detected! };
  }

  const text = mode.document.join('');
  mode.document.length = 0;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const at = firstSyntaxError(text);
    throw new UserError({
      message: `${path} is not valid JSON${at ? `: ${at.message}` : ''}`,
      hint: 'a result file must be complete: re-run the evals if the run was interrupted',
      location: { file: path, line: at?.line ?? 1, column: at?.column ?? 1 },
    });
  }
  if (!isObject(doc)) {
    throw new UserError({
      message: `${path} holds a JSON ${Array.isArray(doc) ? 'list' : typeof doc}, not a result object`,
      hint: FORMAT_HINT,
      location: { file: path, line: 1, column: 1 },
    });
  }
  const found = detected ?? documentFormat(doc);
  const adapter = found ? DOCUMENT_ADAPTERS[found] : undefined;
  if (!found || !adapter) {
    throw new UserError({
      message: found
        ? `${path} is a JSON document, not ${found} (a JSON Lines format)`
        : `${path} is not a result file of a known format (known: ${FORMATS.join(', ')}); its top-level keys are ${Object.keys(doc).slice(0, 8).join(', ') || 'none'}`,
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
      location: locateIn(path, text, e.pointer),
    });
  }
  noCases(path, sink, found);
  return { format: found, rowPointer: info.rowPointer, ...(keepText ? { text } : {}) };
}

function noCases(path: string, sink: { received: () => number }, format: Format): void {
  if (sink.received() > 0) return;
  throw new UserError({
    message: `${path} holds no cases or metrics (read as ${format}): an eval that evaluated nothing cannot pass`,
    hint: 'check that the eval ran its suite, then re-run it',
    location: { file: path, line: 1, column: 1 },
  });
}

/** Splits text into lines, feeding the complete ones; returns the incomplete rest. */
function feedLines(text: string, onLine: (line: string) => void): string {
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    onLine(text.slice(start, end));
    start = end + 1;
  }
  return start === 0 ? text : text.slice(start);
}

/** Location of a pointer in a JSON text, with its line when it can be found. */
export function locateIn(file: string, text: string | undefined, pointer: string): Location {
  const at =
    text !== undefined && pointer !== '' ? locatePointers(text, [pointer]).get(pointer) : undefined;
  return at
    ? { file, line: at.line, column: at.column, pointer }
    : { file, line: 1, column: 1, pointer };
}

export type { EvalResults };
