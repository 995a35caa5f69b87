import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { openExport } from './export-file.js';

async function* chunks(bytes: Buffer, size = 3) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The type openExport picks, and what it reads: each line's text, record's value or problem. */
async function read(file: string, bytes: Buffer, csv = true) {
  const opened = await openExport(chunks(bytes), file, csv ? { csv: (c) => c } : {});
  const out: unknown[] = [];
  const items = opened.format === 'jsonl' ? opened.lines : opened.records;
  for await (const batch of items)
    for (const r of batch)
      out.push('text' in r ? r.text : 'value' in r ? r.value : `problem: ${r.problem}`);
  return { format: opened.format, gzip: opened.gzip, out };
}

const JSONL = Buffer.from('{"a":1}\n{"a":2}\n');
const ARRAY = Buffer.from('\ufeff \n [{"a":1},{"a":2}]');
const CSV = Buffer.from('"a"\n"1"\n"2"\n');

describe('openExport', () => {
  it.each([
    ['x.jsonl', JSONL, 'jsonl', false, ['{"a":1}', '{"a":2}']],
    ['x.json', ARRAY, 'json', false, [{ a: 1 }, { a: 2 }]],
    ['x.jsonl', ARRAY, 'json', false, [{ a: 1 }, { a: 2 }]],
    ['x.csv', CSV, 'csv', false, [{ a: '1' }, { a: '2' }]],
    ['x.jsonl.gz', gzipSync(JSONL), 'jsonl', true, ['{"a":1}', '{"a":2}']],
    ['x.json', gzipSync(ARRAY), 'json', true, [{ a: 1 }, { a: 2 }]],
    ['x.CSV.GZ', gzipSync(CSV), 'csv', true, [{ a: '1' }, { a: '2' }]],
    ['empty.jsonl', Buffer.alloc(0), 'jsonl', false, []],
  ])('%s is read by its bytes (and a CSV by its name)', async (file, bytes, format, gzip, out) => {
    expect(await read(file, bytes)).toEqual({ format, gzip, out });
  });

  it.each([
    [
      'a CSV for a source that reads none',
      'x.csv',
      CSV,
      false,
      'x.csv is named as CSV, and this source reads JSON Lines and JSON arrays only',
    ],
    [
      'a gzip file cut short',
      'x.jsonl.gz',
      gzipSync(JSONL).subarray(0, 15),
      true,
      'x.jsonl.gz is a gzip file cut short: its compressed stream ends early',
    ],
    [
      'a corrupt gzip file',
      'x.jsonl.gz',
      Buffer.concat([gzipSync(JSONL).subarray(0, 10), Buffer.from('not deflate at all')]),
      true,
      /^x\.jsonl\.gz is not a valid gzip file \(/,
    ],
  ])('refuses %s', async (_what, file, bytes, csv, message) => {
    const error = await read(file, bytes, csv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).problems[0]!.location).toEqual({ file });
  });
});
