/**
 * OpenTelemetry traces in OTLP JSON: the collector's file exporter writes one
 * `ExportTraceServiceRequest` a line, an OTLP/HTTP JSON body is one request. The GenAI
 * semantic conventions (`gen_ai.*`) and OpenInference (`llm.*`, `input.value`) say which span
 * is the model call and what it said; one interaction per trace on a line.
 *
 * Spans of one trace may be written on different lines (the batch processor exports spans as
 * they end). Nothing is held across lines, so memory stays one line whatever the traffic:
 * with `span: llm` the model call carries all it needs; with `span: root` the entry span
 * gives the time, latency and outcome, and the model and text are taken from an LLM span of
 * the same trace on the same line, when there is one (docs/monitoring.md#opentelemetry).
 */
import { kind, type LineProblem } from './interaction.js';
import {
  decoded,
  nanosToMs,
  numberOf,
  textOf,
  type Decoded,
  type InteractionSource,
} from './source.js';

/**
 * OTLP attributes (a list of `{key, value}`) read as a map of them would read: a key's last
 * entry wins, iteration gives each key once, where it first appears. Looked up in the list
 * itself: a span is asked for about a dozen keys, and a map built of every attribute of
 * every span cost three times as much (5 % of reading an OTLP export).
 */
class Attrs {
  private map: Map<string, unknown> | undefined;
  private readonly list: readonly unknown[];

  constructor(list: unknown) {
    this.list = Array.isArray(list) ? list : [];
  }

  /** The last entry of `key`. */
  private entry(key: string): Record<string, unknown> | undefined {
    const list = this.list;
    for (let i = list.length - 1; i >= 0; i--) {
      const kv = list[i];
      if (isRecord(kv) && kv.key === key) return kv;
    }
    return undefined;
  }

  get(key: string): unknown {
    if (this.map) return this.map.get(key);
    const kv = this.entry(key);
    return kv === undefined ? undefined : anyValue(kv.value);
  }

  has(key: string): boolean {
    return this.map ? this.map.has(key) : this.entry(key) !== undefined;
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    this.map ??= attributes(this.list);
    return this.map[Symbol.iterator]();
  }
}

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: unknown;
  attrs: Attrs;
  resource: Attrs;
  status: Record<string, unknown> | undefined;
  events: unknown[];
  /** Where the span is (`/resourceSpans/0/scopeSpans/0/spans/3`, see pointerOf): its indices. */
  r: number;
  c: number;
  k: number;
  raw: Record<string, unknown>;
}

/** A span's JSON pointer, written only for a problem: not for each of millions of spans. */
const pointerOf = (s: Span) => `/resourceSpans/${s.r}/scopeSpans/${s.c}/spans/${s.k}`;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An OTLP `AnyValue` as plain JSON (int64 is a string in OTLP JSON). */
function anyValue(v: unknown): unknown {
  if (!isRecord(v)) return undefined;
  // Read before any `in` test: the usual value is a string, and a record from JSON.parse has
  // a key exactly when reading it gives something other than undefined.
  const string = v.stringValue;
  if (string !== undefined) return string;
  if ('intValue' in v) return numberOf(v.intValue);
  if ('doubleValue' in v) return numberOf(v.doubleValue);
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v)
    return isRecord(v.arrayValue) && Array.isArray(v.arrayValue.values)
      ? v.arrayValue.values.map(anyValue)
      : [];
  if ('kvlistValue' in v)
    return Object.fromEntries(attributes(isRecord(v.kvlistValue) ? v.kvlistValue.values : []));
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}

function attributes(list: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (Array.isArray(list))
    for (const kv of list)
      if (isRecord(kv) && typeof kv.key === 'string') map.set(kv.key, anyValue(kv.value));
  return map;
}

const LLM_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content']);

function isLlm(s: Span): boolean {
  const op = s.attrs.get('gen_ai.operation.name');
  if (typeof op === 'string') return LLM_OPERATIONS.has(op);
  if (s.attrs.get('openinference.span.kind') === 'LLM') return true;
  // Instrumentations from before gen_ai.operation.name set only the model.
  return s.attrs.has('gen_ai.request.model') || s.attrs.has('gen_ai.response.model');
}

const SERVER = new Set<unknown>([2, 'SPAN_KIND_SERVER']);
const STATUS_ERROR = new Set<unknown>([2, 'STATUS_CODE_ERROR']);

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The first of `keys` in `attrs`. */
function firstIn(attrs: Attrs, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(attrs.get(k));
    if (v) return v;
  }
  return undefined;
}

/**
 * The first of `keys` the main span, the LLM span, then the other spans of the trace have;
 * then their resources, in that order. A span is looked at once (the main span is usually
 * the LLM span and the trace's only span).
 */
function first(
  main: Span,
  llm: Span | undefined,
  trace: Span[],
  keys: readonly string[],
): string | undefined {
  const other = llm !== main ? llm : undefined;
  const v = firstIn(main.attrs, keys) ?? (other && firstIn(other.attrs, keys));
  if (v) return v;
  for (const s of trace) {
    if (s === main || s === llm) continue;
    const w = firstIn(s.attrs, keys);
    if (w) return w;
  }
  const r = firstIn(main.resource, keys) ?? (other && firstIn(other.resource, keys));
  if (r) return r;
  for (const s of trace) {
    if (s === main || s === llm) continue;
    const w = firstIn(s.resource, keys);
    if (w) return w;
  }
  return undefined;
}

/** `gen_ai.prompt.3.content` and its role, in index order (OpenLLMetry, older GenAI). */
function indexed(
  attrs: Attrs,
  prefix: string,
  content: string,
): { role: unknown; content: unknown }[] {
  const out: { i: number; role: unknown; content: unknown }[] = [];
  for (const [key, value] of attrs) {
    if (!key.startsWith(prefix) || !key.endsWith(content)) continue;
    const i = Number(key.slice(prefix.length, key.length - content.length));
    if (!Number.isInteger(i)) continue;
    out.push({
      i,
      role: attrs.get(`${prefix}${i}${content.replace(/content$/, 'role')}`),
      content: value,
    });
  }
  return out.sort((a, b) => a.i - b.i);
}

function eventAttr(s: Span, name: string, key: string): unknown {
  for (const e of s.events)
    if (isRecord(e) && e.name === name) {
      const v = new Attrs(e.attributes).get(key);
      if (v !== undefined) return v;
    }
  return undefined;
}

/** The user's message of a span, in the first convention it carries; null when none. */
function queryOf(s: Span): string | null {
  const a = s.attrs;
  for (const key of ['gen_ai.input.messages', 'gen_ai.prompt', 'input.value'])
    if (a.has(key)) return textOf(a.get(key), 'user');
  const lists = [
    indexed(a, 'gen_ai.prompt.', '.content'),
    indexed(a, 'llm.input_messages.', '.message.content'),
  ];
  for (const list of lists)
    if (list.length)
      return textOf(list.filter((m) => m.role === 'user').at(-1)?.content ?? list.at(-1)!.content);
  const event = eventAttr(s, 'gen_ai.content.prompt', 'gen_ai.prompt');
  return event === undefined ? null : textOf(event, 'user');
}

/** The model's answer of a span; null when it recorded none. */
function responseOf(s: Span): string | null {
  const a = s.attrs;
  for (const key of ['gen_ai.output.messages', 'gen_ai.completion', 'output.value'])
    if (a.has(key)) return textOf(a.get(key)) ?? '';
  const lists = [
    indexed(a, 'gen_ai.completion.', '.content'),
    indexed(a, 'llm.output_messages.', '.message.content'),
  ];
  for (const list of lists)
    if (list.length) return list.map((m) => textOf(m.content) ?? '').join('\n');
  const event = eventAttr(s, 'gen_ai.content.completion', 'gen_ai.completion');
  return event === undefined ? null : (textOf(event) ?? '');
}

const INPUT_TOKENS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
];
const OUTPUT_TOKENS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
];
const SESSION_KEYS = ['session.id', 'gen_ai.conversation.id'];
const USER_KEYS = ['user.id', 'enduser.id'];

function tokens(s: Span | undefined, keys: readonly string[]): number | undefined {
  if (!s) return undefined;
  for (const k of keys) {
    const v = s.attrs.get(k);
    if (typeof v === 'number') return v;
  }
  return undefined;
}

function lastToEnd(spans: Span[]): Span | undefined {
  if (spans.length < 2) return spans[0]; // the usual trace on a line: its one model call
  let best: Span | undefined;
  let bestEnd = -Infinity;
  for (const s of spans) {
    const end = nanosToMs(s.raw.endTimeUnixNano) ?? -Infinity;
    if (!best || end > bestEnd) [best, bestEnd] = [s, end];
  }
  return best;
}

function interactionOf(
  main: Span,
  llm: Span | undefined,
  trace: Span[],
  root: boolean,
): Decoded | LineProblem {
  const start = nanosToMs(main.raw.startTimeUnixNano);
  const end = nanosToMs(main.raw.endTimeUnixNano);
  if (start === undefined || start === 0)
    return {
      message: `span ${pointerOf(main)} has no startTimeUnixNano (Unix nanoseconds, a string of digits)`,
      pointer: `${pointerOf(main)}/startTimeUnixNano`,
    };
  if (end === undefined || end < start)
    return {
      message: `span ${pointerOf(main)} has ${end === undefined ? 'no endTimeUnixNano' : 'an endTimeUnixNano before its start'}: a span is exported when it ends`,
      pointer: `${pointerOf(main)}/endTimeUnixNano`,
    };
  const failed = main.status && STATUS_ERROR.has(main.status.code);
  const errorType = str(main.attrs.get('error.type'));
  // The root span's text, else its LLM span's.
  const other = root && llm !== main ? llm : undefined;
  const query = () => queryOf(main) ?? (other ? queryOf(other) : null);
  const response = responseOf(main) ?? (other ? responseOf(other) : null);
  const inputTokens = tokens(llm, INPUT_TOKENS);
  const outputTokens = tokens(llm, OUTPUT_TOKENS);
  const release = str(main.resource.get('service.version'));
  const session = first(main, llm, trace, SESSION_KEYS);
  const operation = llm && str(llm.attrs.get('gen_ai.operation.name'));
  return decoded({
    time: start,
    request_id: main.traceId,
    user_id: first(main, llm, trace, USER_KEYS),
    query,
    response,
    latency_ms: end - start,
    error: failed ? (errorType ?? str(main.status!.message) ?? true) : (errorType ?? null),
    model_version:
      llm &&
      (str(llm.attrs.get('gen_ai.response.model')) ??
        str(llm.attrs.get('gen_ai.request.model')) ??
        str(llm.attrs.get('llm.model_name'))),
    release,
    session_id: session,
    operation,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
  });
}

/** The spans of one request, by trace. */
function tracesOf(value: Record<string, unknown>): Map<string, Span[]> | LineProblem {
  const traces = new Map<string, Span[]>();
  const resourceSpans = value.resourceSpans as unknown[];
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r];
    if (!isRecord(rs))
      return {
        message: `resourceSpans/${r} is ${kind(rs)}, not an object`,
        pointer: `/resourceSpans/${r}`,
      };
    const resource = new Attrs(isRecord(rs.resource) ? rs.resource.attributes : undefined);
    const scopes = rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? [];
    if (!Array.isArray(scopes))
      return {
        message: `resourceSpans/${r}/scopeSpans is ${kind(scopes)}, not a list`,
        pointer: `/resourceSpans/${r}/scopeSpans`,
      };
    for (let c = 0; c < scopes.length; c++) {
      const scope = scopes[c];
      const spans = isRecord(scope) ? (scope.spans ?? []) : undefined;
      if (!Array.isArray(spans))
        return {
          message: `resourceSpans/${r}/scopeSpans/${c} has no list of spans`,
          pointer: `/resourceSpans/${r}/scopeSpans/${c}`,
        };
      for (let k = 0; k < spans.length; k++) {
        const raw = spans[k];
        if (!isRecord(raw) || typeof raw.traceId !== 'string' || raw.traceId === '') {
          const pointer = `/resourceSpans/${r}/scopeSpans/${c}/spans/${k}`;
          return { message: `span ${pointer} has no traceId`, pointer: `${pointer}/traceId` };
        }
        const span: Span = {
          traceId: raw.traceId,
          spanId: typeof raw.spanId === 'string' ? raw.spanId : '',
          parentSpanId: typeof raw.parentSpanId === 'string' ? raw.parentSpanId : '',
          kind: raw.kind,
          attrs: new Attrs(raw.attributes),
          resource,
          status: isRecord(raw.status) ? raw.status : undefined,
          events: Array.isArray(raw.events) ? raw.events : [],
          r,
          c,
          k,
          raw,
        };
        const list = traces.get(span.traceId);
        if (list) list.push(span);
        else traces.set(span.traceId, [span]);
      }
    }
  }
  return traces;
}

export function otlpSource(span: 'llm' | 'root'): InteractionSource {
  return {
    name: 'OpenTelemetry (OTLP JSON)',
    documents: true,
    decode(value) {
      if (!isRecord(value) || !Array.isArray(value.resourceSpans))
        return {
          message: isRecord(value)
            ? 'has no "resourceSpans" list: not an OTLP ExportTraceServiceRequest (traces, not logs or metrics)'
            : `is ${kind(value)}, not an OTLP ExportTraceServiceRequest object`,
          ...(isRecord(value) ? { pointer: '/resourceSpans' } : {}),
        };
      const traces = tracesOf(value);
      if (traces instanceof Map === false) return traces;
      const out: Decoded[] = [];
      for (const trace of traces.values()) {
        // The usual trace on a line is one span: no list filtered for it.
        const llm =
          trace.length === 1
            ? isLlm(trace[0]!)
              ? trace[0]
              : undefined
            : lastToEnd(trace.filter(isLlm));
        if (span === 'llm') {
          if (!llm) continue;
          const one = interactionOf(llm, llm, trace, false);
          if ('message' in one) return one;
          out.push(one);
          continue;
        }
        const ids = new Set(trace.map((s) => s.spanId));
        for (const root of trace.filter(
          (s) => s.parentSpanId === '' || (SERVER.has(s.kind) && !ids.has(s.parentSpanId)),
        )) {
          const one = interactionOf(root, llm, trace, true);
          if ('message' in one) return one;
          out.push(one);
        }
      }
      return out;
    },
  };
}
