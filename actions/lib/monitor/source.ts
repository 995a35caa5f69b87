/**
 * Where the interactions come from: a source turns one parsed line of an export into zero or
 * more interactions (an OTLP line carries many traces, a Langfuse line may be a span that is
 * no interaction), or the problem that makes the line bad. The window counts and judges what
 * every source gives the same way; only the reading differs (docs/monitoring.md#sources).
 */
import { checkInteraction, type Interaction, type LineProblem } from './interaction.js';

/** One interaction read from a line, with its time in ms. */
export interface Decoded {
  time: number;
  interaction: Interaction;
  /**
   * Whether the source recorded the message text. OpenTelemetry records it only when
   * opted in: without it, the checks that read text cannot run, and say so.
   */
  text: boolean;
}

export interface InteractionSource {
  /** For messages: `OpenTelemetry (OTLP JSON)`. */
  readonly name: string;
  /** The interactions of one parsed line (1-based `line`), or why the line is bad. */
  decode(value: unknown, line: number): Decoded[] | LineProblem;
  /**
   * Whether a file may also be one JSON document over several lines (an OTLP/HTTP body as
   * written by hand or `jq`): then a first line that is not complete JSON starts one.
   */
  readonly documents?: boolean;
  /**
   * How a cell of a CSV export reads as a value, for a source whose exporter writes CSV
   * (Langfuse); without it a `.csv` file is refused.
   */
  readonly csv?: (cell: string) => unknown;
}

export const nativeSource: InteractionSource = {
  name: 'native JSON Lines',
  decode(value) {
    const time = checkInteraction(value);
    return typeof time === 'number'
      ? [{ time, interaction: value as Interaction, text: true }]
      : time;
  },
};

/**
 * A reader of a JSON pointer's value (`/event/duration`, `/@timestamp`; undefined when absent),
 * with the pointer's array indices worked out once rather than on every line.
 */
export function pointerReader(pointer: readonly string[]): (value: unknown) => unknown {
  const steps = pointer.map((key) => ({
    key,
    index: /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1,
  }));
  // The usual pointers (`/@timestamp`, `/event/duration`) name object keys only: read as plain
  // property reads, no loop, on every line. A key is never an index of a list.
  const keys = steps.every((s) => s.index === -1) ? pointer : undefined;
  const at = (v: unknown, key: string) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)[key]
      : undefined;
  if (keys?.length === 1) {
    const [a] = keys as [string];
    return (value) => at(value, a);
  }
  if (keys?.length === 2) {
    const [a, b] = keys as [string, string];
    return (value) => at(at(value, a), b);
  }
  if (keys?.length === 3) {
    const [a, b, c] = keys as [string, string, string];
    return (value) => at(at(at(value, a), b), c);
  }
  return (value) => {
    let v = value;
    for (const { key, index } of steps) {
      if (typeof v !== 'object' || v === null) return undefined;
      v = Array.isArray(v)
        ? index === -1
          ? undefined
          : v[index]
        : (v as Record<string, unknown>)[key];
    }
    return v;
  };
}

/** The ISO text of a time in ms: how interactions of other sources show their timestamps. */
function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON text inside a string (`"[{\"role\":\"user\",…}]"`), parsed; else the string. */
function unwrap(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const c = v.charCodeAt(0);
  if (c !== 0x5b && c !== 0x7b) return v; // [ {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

const CONTROL = /[\x00-\x1f]/; // eslint-disable-line no-control-regex
const ROLE = '{"role":"';
const CONTENT = '","content":"';
const PARTS = '","parts":[{"type":"text","content":"';

/**
 * textOf of one message as JSON text, read without JSON.parse when it is written as
 * JSON.stringify writes the usual shapes and its strings hold no escape:
 * `{"role":R,"content":"X"}` (OpenAI, Langfuse), the same in a list, or with OpenTelemetry
 * GenAI parts, `[{"role":R,"parts":[{"type":"text","content":"X"}]}]`. Each is textOf(X),
 * or null for a list whose one message is not of `role`. Undefined for anything else: then
 * it is parsed. Parsing the message of every one of millions of responses was a tenth of
 * reading an OTLP or Langfuse export.
 */
function messageText(v: string, role: string | undefined): string | null | undefined {
  const list = v.charCodeAt(0) === 0x5b; // [
  const from = list ? 1 : 0;
  if (!v.startsWith(ROLE, from) || v.includes('\\') || CONTROL.test(v)) return undefined;
  const roleEnd = v.indexOf('"', from + ROLE.length);
  if (roleEnd === -1) return undefined;
  let start: number;
  let close: string;
  if (v.startsWith(CONTENT, roleEnd)) {
    start = roleEnd + CONTENT.length;
    close = list ? '"}]' : '"}';
  } else if (v.startsWith(PARTS, roleEnd)) {
    start = roleEnd + PARTS.length;
    close = list ? '"}]}]' : '"}]}';
  } else return undefined;
  const end = v.length - close.length;
  if (end < start || v.indexOf('"', start) !== end || !v.endsWith(close)) return undefined;
  if (list && role && v.slice(from + ROLE.length, roleEnd) !== role) return null;
  return textOf(v.slice(start, end));
}

/**
 * The text of a message, a list of messages or a content value, as the usual chat shapes
 * write it: OpenAI (`content` a string or parts with `text`), OpenTelemetry GenAI (`parts`
 * with `content`), Langfuse (`messages`, `choices`). With `role`, the last message of that
 * role; else all of them. Null when there is no text. Anything else is its JSON: personal
 * data in an unknown shape is still scanned.
 */
export function textOf(v: unknown, role?: string): string | null {
  if (typeof v === 'string' && (v.charCodeAt(0) === 0x5b || v.charCodeAt(0) === 0x7b)) {
    const text = messageText(v, role);
    if (text !== undefined) return text;
  }
  v = unwrap(v);
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (role && v.some((m) => isRecord(m) && typeof m.role === 'string')) {
      const last = v.findLast((m) => isRecord(m) && m.role === role);
      return last === undefined ? null : textOf(last);
    }
    // Joined as read: no arrays of texts for the usual list of one message.
    let texts: string | null = null;
    for (const m of v) {
      const t = textOf(m);
      if (t !== null) texts = texts === null ? t : `${texts}\n${t}`;
    }
    return texts;
  }
  if (!isRecord(v)) return null;
  for (const key of ['content', 'text', 'parts', 'message'])
    if (v[key] !== undefined && v[key] !== null) return textOf(v[key]);
  if (Array.isArray(v.messages)) return textOf(v.messages, role);
  if (Array.isArray(v.choices)) return textOf(v.choices[0]);
  return JSON.stringify(v);
}

/** What a source read of one interaction, before it is one. */
interface Parts {
  time: number;
  request_id: string;
  user_id?: string | undefined;
  /**
   * Null: the source recorded no text. A function is called only when the query is read
   * (drift's `query_length`, a flagged interaction): most checks read only the response.
   */
  query: string | null | (() => string | null);
  response: string | null;
  latency_ms: number;
  error: string | boolean | null;
  model_version?: string | undefined;
  safety_label?: string | null | undefined;
  rating?: number | null | undefined;
  /**
   * Kept on the interaction for drift features (an undefined one is left out): the release,
   * the session, and OpenTelemetry's operation and token counts. Named, not an object of
   * extras looked through by key: that loop cost a tenth of decoding an ECS line.
   */
  release?: unknown;
  session_id?: unknown;
  operation?: unknown;
  input_tokens?: unknown;
  output_tokens?: unknown;
}

/** Shown when a source names no model: the model-version check then says it cannot tell. */
const NOT_RECORDED = '(not recorded)';

/**
 * An interaction read by a source: its ISO timestamp is written only when it is shown (the
 * window's first and last, a flagged interaction), and its query only parsed when read, not
 * for each of millions of lines.
 */
class SourceInteraction implements Interaction {
  [field: string]: unknown;
  request_id: string;
  user_id: string;
  response: string;
  latency_ms: number;
  error: string | boolean | null;
  model_version: string;
  safety_label: string | null;
  rating: number | null;
  readonly #time: number;
  #query: string | (() => string | null);

  constructor(p: Parts) {
    // Not spread from conditional literals: V8 pays more for that than for decoding a span.
    if (p.release !== undefined) this.release = p.release;
    if (p.session_id !== undefined) this.session_id = p.session_id;
    if (p.operation !== undefined) this.operation = p.operation;
    if (p.input_tokens !== undefined) this.input_tokens = p.input_tokens;
    if (p.output_tokens !== undefined) this.output_tokens = p.output_tokens;
    this.#time = p.time;
    this.request_id = p.request_id;
    this.user_id = p.user_id ?? '';
    this.#query = p.query ?? '';
    this.response = p.response ?? '';
    this.latency_ms = p.latency_ms;
    this.error = p.error;
    this.model_version = p.model_version || NOT_RECORDED;
    this.safety_label = p.safety_label ?? null;
    this.rating = p.rating ?? null;
  }

  get timestamp(): string {
    return isoOf(this.#time);
  }

  get query(): string {
    if (typeof this.#query === 'function') this.#query = this.#query() ?? '';
    return this.#query;
  }
}

export function decoded(p: Parts): Decoded {
  return { time: p.time, interaction: new SourceInteraction(p), text: p.response !== null };
}

/** A number, or a numeric string (`"1250000"`, as OTLP and some exporters write int64). */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v === '' || v.length > 40) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** An id as text: ids are strings or numbers. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Nanoseconds in ms; a string of digits (OTLP JSON writes int64 so: too big for a double to
 * hold exactly) is split so that the ms keep their microseconds.
 */
export function nanosToMs(v: unknown): number | undefined {
  if (typeof v === 'string' && v.length >= 1 && v.length <= 20) {
    // Digits read into ms and the ns left over, each exact below 2^53: the same numbers as
    // Number() of the two slices, without a regular expression and two strings per timestamp.
    const split = v.length - 6;
    let ms = 0;
    let ns = 0;
    for (let i = 0; i < v.length; i++) {
      const d = v.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return undefined;
      if (i < split) ms = ms * 10 + d;
      else ns = ns * 10 + d;
    }
    return split > 0 ? ms + ns / 1e6 : ns / 1e6;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v / 1e6;
  return undefined;
}

export type TimeUnit = 'ns' | 'us' | 'ms' | 's';

/** A number (or numeric string) in `unit`, in ms; undefined when it is not one. */
export function toMs(v: unknown, unit: TimeUnit): number | undefined {
  if (unit === 'ns')
    return nanosToMs(
      typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? v : numberOf(v),
    );
  const n = numberOf(v);
  if (n === undefined) return undefined;
  return unit === 's' ? n * 1000 : unit === 'us' ? n / 1000 : n;
}
