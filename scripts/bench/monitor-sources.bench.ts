import {
  createWriteStream,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { LangfuseFileType } from '../../test/support/langfuse.js';
import { transformStreamToCsv } from '../../test/support/langfuse-export/transformStreamToCsv.js';
import { transformStreamToJson } from '../../test/support/langfuse-export/transformStreamToJson.js';
import { transformStreamToJsonl } from '../../test/support/langfuse-export/transformStreamToJsonl.js';
import { FLOOR } from './monitor.bench.js';
import { ROOT, round, timeProcess, type Bench, type Row } from './lib.js';

const CLI = join(ROOT, 'actions/cli/dist/index.js');

/**
 * The floor of each file type: the bare work its format forces on anyone reading it in node,
 * then `JSON.parse` of every record, as FLOOR does for JSON Lines. Each one is the fastest
 * correct reader we found in plain node (an unquoted CSV field, an escaped quote, a `]` inside
 * a string all handled), checked to read every record of the bench's files.
 */
const FLOORS = {
  // Inflating is the work of a gzipped file: node's zlib stream, then FLOOR's split.
  gzip: String.raw`import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
let carry = '';
let errors = 0;
const inflate = createReadStream(process.argv[2], { highWaterMark: 1 << 20 }).pipe(createGunzip());
inflate.setEncoding('utf8');
for await (const chunk of inflate) {
  const text = carry + chunk;
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    if (JSON.parse(text.slice(start, end)).error) errors++;
    start = end + 1;
  }
  carry = text.slice(start);
}
`,
  // One JSON array in one line: each element's end is found (strings skipped by indexOf, an
  // odd run of backslashes escaping a quote; nesting counted outside them), then parsed.
  json: String.raw`import { createReadStream } from 'node:fs';
let carry = '';
let errors = 0;
let depth = 0;
let started = false;
let closed = false;
let resume = 0;
for await (const chunk of createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  if (closed) continue; // read to the end, as a reader of the file does
  const text = carry + chunk;
  let i = resume;
  let from = 0;
  if (!started) {
    i = from = text.indexOf('[') + 1;
    started = true;
  }
  const len = text.length;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let q = i;
      for (;;) {
        q = text.indexOf('"', q + 1);
        if (q === -1) break;
        let b = q - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        if ((q - 1 - b) % 2 === 0) break;
      }
      if (q === -1) break; // the string goes on in the next chunk: scanned again from its quote
      i = q;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
      else {
        if (JSON.parse(text.slice(from, i)).error) errors++;
        closed = true;
        break;
      }
    } else if (c === 0x2c && depth === 0) {
      if (JSON.parse(text.slice(from, i)).error) errors++;
      from = i + 1;
    }
  }
  carry = text.slice(from);
  resume = i - from;
}
`,
  // RFC 4180 records (quoted fields found by indexOf, doubled quotes undone, line breaks
  // inside them kept), and JSON.parse of each cell that holds JSON: CSV has no objects of
  // its own, so its writer puts them there as JSON text (usage_details, input, output).
  csv: String.raw`import { createReadStream } from 'node:fs';
let carry = '';
let rows = 0;
let header;
for await (const chunk of createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = carry + chunk;
  const len = text.length;
  let p = 0;
  let from = 0;
  record: while (p < len) {
    const fields = [];
    for (;;) {
      let value;
      if (text.charCodeAt(p) === 0x22) {
        let q = p + 1;
        let close;
        let doubled = false;
        for (;;) {
          close = text.indexOf('"', q);
          if (close === -1 || close + 1 === len) break record;
          if (text.charCodeAt(close + 1) !== 0x22) break;
          doubled = true;
          q = close + 2;
        }
        value = text.slice(p + 1, close);
        if (doubled) value = value.replaceAll('""', '"');
        p = close + 1;
      } else {
        let k = p;
        for (; k < len; k++) {
          const c = text.charCodeAt(k);
          if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        }
        if (k === len) break record;
        value = text.slice(p, k);
        p = k;
      }
      const first = value.charCodeAt(0);
      fields.push(header && (first === 0x7b || first === 0x5b) ? JSON.parse(value) : value);
      const c = text.charCodeAt(p);
      if (c === 0x2c) {
        p++;
        continue;
      }
      if (c === 0x0d) p++;
      p++;
      break;
    }
    if (header) rows++;
    else header = fields;
    from = p;
  }
  carry = text.slice(from);
}
`,
} as const;

const T0 = Date.parse('2026-11-20T00:00:00Z');
const ANSWERS = [
  'Your order left our warehouse yesterday and arrives within 2 days.',
  'You can change the delivery address until the parcel ships.',
  'Refunds reach your card within 5 working days.',
];

/** How many interactions the day of the export holds. */
let perDay = 1_000_000;

/** The i-th interaction's numbers, the same in every source's export. */
function facts(i: number) {
  const at = T0 + Math.floor((i * 86_400_000) / perDay);
  return {
    at,
    latencyMs: 400 + ((i * 7919) % 1600) + (i % 97 === 0 ? 4000 : 0),
    failed: i % 211 === 0,
    answer: ANSWERS[i % ANSWERS.length]!,
  };
}

/** One OTLP LLM span as the JS SDK's JSON serializer writes it (see test/support/otel.ts). */
function otlpSpan(i: number): string {
  const f = facts(i);
  const ns = (ms: number) => `${ms}000000`;
  const trace = i.toString(16).padStart(32, '0');
  const messages = (role: string, text: string) =>
    JSON.stringify(JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]));
  return `{"traceId":"${trace}","spanId":"${trace.slice(16)}","name":"chat gpt-4o","kind":3,"startTimeUnixNano":"${ns(f.at)}","endTimeUnixNano":"${ns(f.at + f.latencyMs)}","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},{"key":"gen_ai.response.model","value":{"stringValue":"gpt-4o-2024-08-06"}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":31}},{"key":"gen_ai.usage.output_tokens","value":{"intValue":19}},{"key":"user.id","value":{"stringValue":"u-${i % 50_000}"}},{"key":"gen_ai.input.messages","value":{"stringValue":${messages('user', 'Where is my order?')}}},{"key":"gen_ai.output.messages","value":{"stringValue":${messages('assistant', f.answer)}}}${f.failed ? ',{"key":"error.type","value":{"stringValue":"rate_limited"}}' : ''}],"droppedAttributesCount":0,"events":[],"droppedEventsCount":0,"status":{"code":${f.failed ? 2 : 0}},"links":[],"droppedLinksCount":0,"flags":257}`;
}

const OTLP_RESOURCE =
  '{"attributes":[{"key":"service.name","value":{"stringValue":"support-chatbot"}},{"key":"service.version","value":{"stringValue":"1.4.0"}}],"droppedAttributesCount":0}';

/** A Langfuse blob-storage observation row (see test/monitor-sources.test.ts). */
function langfuseObject(i: number): Record<string, unknown> {
  const f = facts(i);
  const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  return {
    id: `obs-${i}`,
    trace_id: `trace-${i}`,
    project_id: 'cm0project',
    environment: 'production',
    type: 'GENERATION',
    parent_observation_id: null,
    start_time: time(f.at),
    end_time: time(f.at + f.latencyMs),
    name: 'chat-completion',
    level: f.failed ? 'ERROR' : 'DEFAULT',
    status_message: f.failed ? 'upstream 529' : null,
    version: '1.4.0',
    input: JSON.stringify([{ role: 'user', content: 'Where is my order?' }]),
    output: JSON.stringify({ role: 'assistant', content: f.answer }),
    provided_model_name: 'gpt-4o',
    usage_details: { input: 31, output: 19, total: 50 },
    latency: f.latencyMs / 1000,
  };
}

const langfuseRow = (i: number) => JSON.stringify(langfuseObject(i));

/**
 * Writes `count` Langfuse rows to `path` as Langfuse's own writer of `type` does (vendored in
 * test/support/langfuse-export), gzipped when the name ends in .gz; streamed, bounded memory.
 */
async function writeLangfuse(path: string, count: number, type: LangfuseFileType): Promise<void> {
  const transform = {
    JSONL: transformStreamToJsonl,
    JSON: transformStreamToJson,
    CSV: transformStreamToCsv,
  }[type]();
  const rows = Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) yield langfuseObject(i);
    })(),
    { objectMode: true },
  );
  const out = createWriteStream(path);
  await (path.endsWith('.gz')
    ? pipeline(rows, transform, createGzip(), out)
    : pipeline(rows, transform, out));
}

/** An ECS document as Elasticsearch exports it. */
function ecsLine(i: number): string {
  const f = facts(i);
  return JSON.stringify({
    '@timestamp': new Date(f.at).toISOString(),
    event: {
      dataset: 'chatbot.requests',
      duration: f.latencyMs * 1_000_000,
      outcome: f.failed ? 'failure' : 'success',
    },
    trace: { id: i.toString(16).padStart(32, '0') },
    user: { id: `u-${i % 50_000}` },
    service: { name: 'support-chatbot', version: '1.4.0' },
    labels: { model: 'gpt-4o' },
    gen_ai: { prompt: 'Where is my order?', completion: f.answer },
  });
}

/** Writes `count` interactions as `lineOf(first, n)` lines, in 4 MiB writes. */
function writeExport(
  path: string,
  count: number,
  perLine: number,
  lineOf: (first: number, n: number) => string,
) {
  const fd = openSync(path, 'w');
  let buffer = '';
  for (let i = 0; i < count; i += perLine) {
    buffer += lineOf(i, Math.min(perLine, count - i)) + '\n';
    if (buffer.length > 1 << 22) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}

export const SOURCES = [
  {
    name: 'OpenTelemetry OTLP JSON (50 spans a line)',
    source: '{ format: otlp }',
    perLine: 50,
    line: (first: number, n: number) =>
      `{"resourceSpans":[{"resource":${OTLP_RESOURCE},"scopeSpans":[{"scope":{"name":"support-chatbot"},"spans":[${Array.from({ length: n }, (_, k) => otlpSpan(first + k)).join(',')}]}]}]}`,
  },
  {
    name: 'Langfuse observations export',
    source: '{ format: langfuse }',
    perLine: 1,
    line: langfuseRow,
  },
  // The other file types of the same export, each against the floor of its own type.
  ...(
    [
      ['JSON array', 'window.json', 'JSON'],
      ['CSV', 'window.csv', 'CSV'],
      ['JSON Lines gzipped', 'window.jsonl.gz', 'JSONL'],
    ] as const
  ).map(([what, file, type]) => ({
    name: `Langfuse observations export, ${what}`,
    source: '{ format: langfuse }',
    perLine: 1,
    line: langfuseRow,
    file,
    write: (path: string, count: number) => writeLangfuse(path, count, type),
    floor: FLOORS[type === 'CSV' ? 'csv' : type === 'JSON' ? 'json' : 'gzip'],
  })),
  {
    name: 'ECS export, mapped',
    source: `
    format: mapped
    fields: { timestamp: /@timestamp, latency: /event/duration, request_id: /trace/id, user_id: /user/id, model_version: /labels/model, query: /gen_ai/prompt, response: /gen_ai/completion }
    latency_unit: ns
    error: { pointer: /event/outcome, equals: failure }`,
    perLine: 1,
    line: ecsLine,
  },
];

function policy(source: string, file = 'window.jsonl'): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: bench, owner: lead }
roles: { lead: { users: [lead] } }
gates: {}
monitoring:
  logs: exports/${file}
  source: ${source}
  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 5000' }
    - { id: latency-p99, metric: latency_p99, pass: '< 6000' }
    - { id: errors, metric: error_rate, pass: '<= 1%' }
    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0' }
    - { id: traffic, metric: interactions, pass: '>= 500' }
`;
}

/**
 * Writes one source's inputs into `dir` (the policy, its export, the floor's script and input):
 * for the bench, and for profiling a source alone (`count` smaller than the bench's).
 */
export async function prepare(
  dir: string,
  s: (typeof SOURCES)[number],
  count: number,
): Promise<{ file: string; floorArgs: string[] }> {
  perDay = count;
  mkdirSync(join(dir, 'exports'), { recursive: true });
  mkdirSync(join(dir, 'policies'), { recursive: true });
  const file = 'file' in s ? s.file : 'window.jsonl';
  writeFileSync(join(dir, 'policies/release-policy.yaml'), policy(s.source, file));
  writeFileSync(join(dir, 'floor.mjs'), 'floor' in s ? s.floor : FLOOR);
  if ('write' in s) await s.write(join(dir, 'exports', file), count);
  else writeExport(join(dir, 'exports', file), count, s.perLine, s.line);
  return { file, floorArgs: ['floor.mjs', join(dir, 'exports', file)] };
}

export const bench: Bench = {
  name: 'monitor-sources',
  description:
    '`release-gates monitor`, process start to verdict, on 1,000,000 interactions from each file source (OpenTelemetry, Langfuse in each file type its export writes, an ECS export read by mapping; every response scanned for personal data), against the floor of its file type: node streaming the file, doing the bare work its type forces (inflating, finding the elements of a JSON array, reading CSV cells and parsing those holding JSON) and calling JSON.parse on every record.',
  async run({ quick }) {
    const count = quick ? 20_000 : 1_000_000;
    // Three timed runs each after a warm-up, medians: one run of each moved the ratio by 10 %.
    const runs = quick ? 1 : 3;
    const rows: Row[] = [];
    for (const s of SOURCES) {
      const dir = mkdtempSync(join(tmpdir(), 'rg-bench-sources-'));
      try {
        const { file, floorArgs } = await prepare(dir, s, count);
        const mb = round(statSync(join(dir, 'exports', file)).size / 1024 / 1024);
        const env = { RELEASE_GATES_NOW: '2026-11-21T06:00:00Z', GITHUB_TOKEN: '', GH_TOKEN: '' };
        const monitor = await timeProcess(process.execPath, [CLI, 'monitor', '--format', 'json'], {
          cwd: dir,
          env,
          runs,
          expectCode: 0,
        });
        const floor = await timeProcess(process.execPath, floorArgs, {
          cwd: dir,
          runs,
          expectCode: 0,
        });
        const ratio = monitor.medianMs / floor.medianMs;
        rows.push(
          {
            name: `${s.name}: ${count.toLocaleString('en')} interactions (${mb} MB)`,
            value: round(monitor.medianMs / 1000, 2),
            unit: 's',
            note: `${round(count / (monitor.medianMs / 1000) / 1000)}k interactions/s`,
          },
          {
            name: `${s.name}: against the floor (${round(floor.medianMs / 1000, 2)} s)`,
            value: round(ratio, 2),
            unit: 'x',
            target: '<= 1.5 x',
            ok: ratio <= 1.5,
          },
          {
            name: `${s.name}: peak memory`,
            value: monitor.peakMb ?? 0,
            unit: 'MB',
            target: '< 300 MB',
            ok: (monitor.peakMb ?? 0) < 300,
          },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return rows;
  },
};
