/**
 * Langfuse's blob-storage export written by Langfuse's own writers (vendored in
 * ./langfuse-export, see its SOURCE.md): the rows of the ClickHouse query, through the
 * transform of the file type, gzipped as the export does when compression is on.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { transformStreamToCsv } from './langfuse-export/transformStreamToCsv.js';
import { transformStreamToJson } from './langfuse-export/transformStreamToJson.js';
import { transformStreamToJsonl } from './langfuse-export/transformStreamToJsonl.js';

export type LangfuseFileType = 'JSONL' | 'JSON' | 'CSV';

const transforms = {
  JSONL: transformStreamToJsonl,
  JSON: transformStreamToJson,
  CSV: transformStreamToCsv,
};

/** The bytes of an export file of `rows` (objects as ClickHouse's JSONEachRow gives them). */
export async function langfuseExport(
  rows: Record<string, unknown>[],
  type: LangfuseFileType,
  gzip = false,
): Promise<Buffer> {
  const transform = transforms[type]();
  const [bytes] = await Promise.all([
    buffer(transform),
    pipeline(Readable.from(rows, { objectMode: true }), transform),
  ]);
  return gzip ? gzipSync(bytes) : bytes;
}
