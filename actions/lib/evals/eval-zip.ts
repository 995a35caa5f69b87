/**
 * inspect_ai `.eval` logs: a ZIP archive of `header.json` (the log without its samples) and
 * one `samples/<id>_epoch_<n>.json` per sample, besides journal and summary entries the gate
 * does not need. yauzl reads the central directory and then one entry at a time, so only
 * the compressed archive and one sample are in memory at once. Entries are stored, deflated,
 * or (inspect_ai 0.3.206 and later) zstd-compressed, decoded by fzstd on every Node.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UserError } from '../errors.js';
import { quotable, quoteOr } from '../parse/quote.js';
import {
  INSPECT_HEADER_PICK,
  INSPECT_SAMPLE_PICK,
  inspectHeader,
  inspectSample,
} from './adapters/inspect.js';
import { isObject } from './adapters/shape.js';
import { JsonBytes, JsonSyntaxError } from '../parse/json-bytes.js';
import { ShapeError, newRow, type AdapterOptions, type ResultSink } from './model.js';

/** An archive larger than this is refused: it is read into memory (compressed) whole. */
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
/** Uncompressed size of one entry (a sample with its messages and events). */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** Uncompressed bytes read from one archive in all. */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024;
/** Entries in one archive: a million samples and their journal. */
const MAX_ENTRIES = 2_000_000;

const HEADER = 'header.json';
const JOURNAL_START = '_journal/start.json';
const SAMPLE = /^samples\/.+_epoch_\d+\.json$/;
const STORED = 0;
const DEFLATED = 8;
const ZSTD = 93;

/** A ZIP archive starts with a local file header, or, empty, with its end record. */
export function isZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  );
}

/** Raw zstd bytes are fed this many at a time, so output stays bounded between size checks. */
const ZSTD_SLICE = 1024;

/**
 * An entry's zstd frames decoded with fzstd (pure JavaScript), the same on every Node; Node's
 * own decoder exists only from 22.15, and the CLI runs on 20. A slice of 1 KiB decodes to at
 * most a few dozen MiB, so the caller's size check stops a bomb early.
 */
async function* unzstd(raw: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const decoder = new Decompress((chunk) => out.push(chunk));
  for await (const chunk of raw)
    for (let at = 0; at < chunk.length; at += ZSTD_SLICE) {
      decoder.push(chunk.subarray(at, at + ZSTD_SLICE));
      yield* out.splice(0);
    }
  decoder.push(new Uint8Array(0), true);
  yield* out.splice(0);
}

const refuse = (path: string, message: string, hint: string) =>
  new UserError({ message: `${path}: ${message}`, hint, location: { file: path } });

const RECOPY = 'copy the log again from where inspect wrote it, or re-run the eval';

/** yauzl's complaint in the gate's words; a name from the archive is quoted only if safe. */
function archiveError(path: string, e: unknown): UserError {
  const message = e instanceof Error ? e.message : String(e);
  const named =
    /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(message);
  if (named) {
    const name = quoteOr(named[2]!, `of ${named[2]!.length} characters`);
    return refuse(
      path,
      `the archive has an entry named ${name}, a path outside the archive (${named[1]}): not an archive inspect writes`,
      'use the .eval file inspect wrote; an archive with such names is refused, not unpacked',
    );
  }
  if (/end of central directory record signature not found/i.test(message))
    return refuse(
      path,
      'is not a complete ZIP archive: its central directory (the index at its end) is missing, so the file is truncated or damaged',
      RECOPY,
    );
  return refuse(
    path,
    `is a damaged ZIP archive (${quoteOr(message, 'its data does not decode', 160)})`,
    RECOPY,
  );
}

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true },
      (e, zip) => (e ? reject(e) : resolve(zip)),
    ),
  );
}

/** The central directory: every entry's name, sizes and method, no data yet. */
function listEntries(zip: ZipFile, path: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) {
        zip.close();
        reject(
          refuse(
            path,
            `the archive has more than ${MAX_ENTRIES} entries: more than a log of a million samples`,
            'split the run into several logs',
          ),
        );
      } else zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openStream(zip: ZipFile, entry: Entry, raw: boolean): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, raw ? { decodeFileData: false } : {}, (e, s) =>
      e ? reject(e) : resolve(s),
    ),
  );
}

/** Reads entries one at a time, each and all within their caps. */
class EntryReader {
  private total = 0;

  constructor(
    private readonly zip: ZipFile,
    private readonly path: string,
  ) {}

  async bytes(entry: Entry): Promise<Uint8Array> {
    const { path } = this;
    const name = entry.fileName;
    const tooLarge = (size: number) =>
      refuse(
        path,
        `entry ${name} is ${size > MAX_ENTRY_BYTES ? `larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MiB` : 'larger than the archive says'} uncompressed: refused as a possible ZIP bomb`,
        'use the .eval file inspect wrote; split a run whose samples are this large',
      );
    if (entry.uncompressedSize > MAX_ENTRY_BYTES) throw tooLarge(entry.uncompressedSize);
    if (this.total + entry.uncompressedSize > MAX_TOTAL_BYTES)
      throw refuse(
        path,
        `the archive holds more than ${MAX_TOTAL_BYTES / 1024 ** 3} GiB uncompressed: refused as a possible ZIP bomb`,
        'split the run into several logs',
      );
    if (entry.isEncrypted())
      throw refuse(path, `entry ${name} is encrypted`, 'use the .eval file inspect wrote');
    const method = entry.compressionMethod;
    let stream: AsyncIterable<Uint8Array>;
    try {
      if (method === STORED || method === DEFLATED)
        stream = await openStream(this.zip, entry, false);
      else if (method === ZSTD) stream = unzstd(await openStream(this.zip, entry, true));
      else
        throw refuse(
          path,
          `entry ${name} uses ZIP compression method ${method}, which inspect does not write (it writes stored, deflate and zstd)`,
          'use the .eval file inspect wrote',
        );
      const chunks: Uint8Array[] = [];
      let size = 0;
      let crc = 0;
      for await (const chunk of stream) {
        size += chunk.length;
        crc = zlib.crc32(chunk, crc);
        if (size > entry.uncompressedSize) throw tooLarge(size); // the loop's end destroys it
        chunks.push(chunk);
      }
      if (size !== entry.uncompressedSize)
        throw refuse(
          path,
          `entry ${name} holds ${size} bytes, but the archive says ${entry.uncompressedSize}: it is truncated or damaged`,
          RECOPY,
        );
      // yauzl checks sizes, not checksums: a damaged entry could still decode to its size.
      if (crc !== entry.crc32)
        throw refuse(
          path,
          `entry ${name} does not match its checksum (CRC-32): the archive is damaged`,
          RECOPY,
        );
      this.total += size;
      return Buffer.concat(chunks, size);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw archiveError(path, e);
    }
  }

  /** An entry's JSON, picked as `pick` says; a place in it is `entry:line:column`. */
  async json(entry: Entry, pick: Parameters<JsonBytes['pick']>[0]): Promise<unknown> {
    const bytes = await this.bytes(entry);
    const name = entry.fileName;
    if (bytes.includes(0) || !isUtf8(bytes))
      throw refuse(this.path, `entry ${name} is not UTF-8 JSON`, RECOPY);
    const json = new JsonBytes(bytes);
    try {
      return json.pick(pick);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      const at = json.positionOf(e.offset);
      throw refuse(
        this.path,
        `entry ${name} is not valid JSON at line ${at.line}, column ${at.column}: ${e.message}`,
        RECOPY,
      );
    }
  }
}

/** Runs `read` on an entry; its shape errors name the entry, and point into it. */
function inEntry<T>(path: string, name: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new UserError({
      message: `${path}: ${name}: ${e.message}`,
      ...(e.hint ? { hint: e.hint } : {}),
      // A sample's entry is named by its id, which may be personal: then no pointer.
      location: { file: path, ...(quotable(name, 200) ? { pointer: `/${name}${e.pointer}` } : {}) },
    });
  }
}

/**
 * Reads an inspect `.eval` archive into the sink: the header's metrics (as for a JSON log),
 * then each sample entry as a case. Returns the pointer of a case: its entry's name.
 */
export async function readInspectArchive(
  bytes: Uint8Array,
  path: string,
  options: AdapterOptions,
  sink: ResultSink,
): Promise<(ref: number) => string> {
  let zip: ZipFile;
  let entries: Entry[];
  try {
    zip = await openZip(bytes);
    entries = await listEntries(zip, path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw archiveError(path, e);
  }
  try {
    const byName = new Map<string, Entry>();
    const samples: Entry[] = [];
    for (const entry of entries) {
      const name = entry.fileName;
      if (byName.has(name))
        throw refuse(
          path,
          `the archive has two entries named ${quoteOr(name, `of ${name.length} characters`)}: ZIP readers disagree on which one counts`,
          'use the .eval file inspect wrote, not one appended to or merged by hand',
        );
      byName.set(name, entry);
      if (SAMPLE.test(name)) samples.push(entry);
    }
    const header = byName.get(HEADER);
    if (!header) {
      throw byName.has(JOURNAL_START)
        ? refuse(
            path,
            `the archive has no ${HEADER}, only the journal of a run in progress (${JOURNAL_START}): the run had not finished (still running, or killed)`,
            'let the run finish, or re-run it; `inspect log` lists a finished log',
          )
        : refuse(
            path,
            `is a ZIP archive but not an inspect .eval log: it has no ${HEADER}`,
            'name an inspect .eval log, or a result file of another format (docs/evals.md)',
          );
    }
    const reader = new EntryReader(zip, path);
    const doc = await reader.json(header, INSPECT_HEADER_PICK);
    if (!isObject(doc)) throw refuse(path, `${HEADER} is not a JSON object`, RECOPY);
    const suite = inEntry(path, HEADER, () => inspectHeader(doc, options, sink, samples.length));
    const row = newRow(suite);
    for (const [i, entry] of samples.entries()) {
      const sample = await reader.json(entry, INSPECT_SAMPLE_PICK);
      inEntry(path, entry.fileName, () => inspectSample(sample, '', i, suite, options, row, sink));
    }
    return (ref) => {
      const name = samples[ref]?.fileName ?? '';
      return quotable(name, 200) ? `/${name}` : '';
    };
  } finally {
    zip.close();
  }
}
