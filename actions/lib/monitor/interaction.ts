/**
 * One production interaction, a line of the export (docs/monitoring.md): what is required,
 * and the check that tells a usable line from a bad one without ever echoing text that may
 * hold personal data.
 */

export interface Interaction {
  timestamp: string;
  request_id: string;
  /** Pseudonymous: never an email or a name. */
  user_id: string;
  query: string;
  response: string;
  latency_ms: number;
  /** Absent, null or false: no error; a string (code or message) or true: an error. */
  error?: string | boolean | null;
  model_version: string;
  safety_label?: string | null;
  /** The user's rating, 1 (worst) to 5 (best). */
  rating?: number | null;
  [field: string]: unknown;
}

/** Why a line is not a usable interaction, and where in it. */
export interface LineProblem {
  message: string;
  pointer?: string;
}

/** 0-9 of the digits at `s[i, i+n)`, or -1 when one is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Time zones in use span -12:00 to +14:00; RFC 3339 allows no more than +-14:00 here. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * The last minute parsed, as one number of its fields, and its ms: at a few thousand
 * interactions a minute most lines share it with the one before, and its calendar day is not
 * worked out again. A number: comparing the text of the minute cost more than reading it.
 */
let lastMinute = { key: -1, ms: 0 };

/**
 * Milliseconds since the epoch of an RFC 3339 date-time with a time zone
 * (`2026-11-20T09:00:01.250Z`, `…+02:00`); null if it is not one. With `zonelessUtc`, a
 * date-time without a zone is UTC (`2026-11-20 09:00:01.250`, as Langfuse and ClickHouse
 * write it); only for sources that document UTC, since a local time would shift the window.
 * Parsed by hand: it runs once per interaction, and a regular expression and a Date per line
 * cost more than the rest.
 */
export function parseTimestamp(text: string, zonelessUtc = false): number | null {
  const s = text;
  if (s.length < 19) return null;
  // - - : : and the T (or t, or a space) between the date and the time
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return null;
  // Each field under its multiplier (a day of two digits under 100): one minute, one number.
  const key = (((y * 13 + mo) * 100 + d) * 24 + h) * 60 + mi;
  let minute: number;
  if (key === lastMinute.key) minute = lastMinute.ms;
  else {
    const day = Date.UTC(y, mo - 1, d);
    if (new Date(day).getUTCDate() !== d) return null; // 2026-02-30
    minute = day + (h * 60 + mi) * 60_000;
    lastMinute = { key, ms: minute };
  }
  const sec = digits(s, 17, 2);
  if (sec < 0 || sec > 59) return null;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // .
    let n = 0;
    for (i++; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, n++)
      if (n < 3) ms = ms * 10 + s.charCodeAt(i) - 48;
    if (n === 0 || n > 9) return null;
    for (; n < 3; n++) ms *= 10;
  }
  let offset = 0;
  const zone = s[i];
  if (zone === undefined) {
    if (!zonelessUtc) return null;
  } else if (zone === 'Z' || zone === 'z') {
    if (i + 1 !== s.length) return null;
  } else if (zone === '+' || zone === '-') {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (i + 6 !== s.length || s[i + 3] !== ':' || oh < 0 || om < 0) return null;
    if (om > 59 || oh * 60 + om > MAX_OFFSET_MINUTES) return null;
    offset = (zone === '-' ? -1 : 1) * (oh * 60 + om);
  } else return null;
  return minute + (sec - offset * 60) * 1000 + ms;
}

/**
 * Why `text` is not a timestamp `parseTimestamp` accepts, in words that never quote it: an
 * invalid timestamp may be any text, an email included.
 */
export function timestampProblem(text: string, zonelessUtc = false): string {
  const zone = /(?:[Zz]|([+-])(\d\d):(\d\d))$/.exec(text);
  if (!zone && zonelessUtc)
    return 'is not a date-time such as 2026-11-20 09:00:01.250 (UTC) or 2026-11-20T09:00:01.250Z';
  if (!zone) return 'has no time zone (Z or an offset such as +02:00)';
  if (
    zone[1] &&
    (Number(zone[3]) > 59 || Number(zone[2]) * 60 + Number(zone[3]) > MAX_OFFSET_MINUTES)
  )
    return 'has a time-zone offset outside -14:00 to +14:00';
  return 'is not an RFC 3339 date-time';
}

/** The type of a value, never the value: fields such as `query` may hold personal data. */
export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'boolean') return 'true/false';
  return `a ${typeof v}`;
}

function missing(field: string): LineProblem {
  return { message: `"${field}" is missing`, pointer: `/${field}` };
}

function mistyped(field: string, want: string, v: unknown): LineProblem {
  return { message: `"${field}" must be ${want}, not ${kind(v)}`, pointer: `/${field}` };
}

const TEXT_FIELDS = ['request_id', 'user_id', 'query', 'response', 'model_version'] as const;
/** Text fields that may not be empty: the ones that identify. */
const NON_EMPTY = new Set<string>(['request_id', 'user_id', 'model_version']);

/**
 * The interaction's time in ms when `value` is a usable interaction, else the problem.
 * Unknown fields are kept for drift features.
 */
export function checkInteraction(value: unknown): number | LineProblem {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { message: `is ${kind(value)}, not an interaction object` };
  const r = value as Record<string, unknown>;

  const ts = r.timestamp;
  if (ts === undefined) return missing('timestamp');
  if (typeof ts !== 'string') return mistyped('timestamp', 'an RFC 3339 date-time string', ts);
  const time = parseTimestamp(ts);
  if (time === null)
    return {
      message: `"timestamp" ${timestampProblem(ts)}: write an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:01.250Z`,
      pointer: '/timestamp',
    };

  for (const field of TEXT_FIELDS) {
    const v = r[field];
    if (v === undefined) return missing(field);
    if (typeof v !== 'string') return mistyped(field, 'a string', v);
    if (v === '' && NON_EMPTY.has(field))
      return { message: `"${field}" is empty`, pointer: `/${field}` };
  }

  const latency = r.latency_ms;
  if (latency === undefined) return missing('latency_ms');
  if (typeof latency !== 'number' || !Number.isFinite(latency))
    return mistyped('latency_ms', 'a number of milliseconds', latency);
  if (latency < 0)
    return { message: `"latency_ms" must be 0 or more, not ${latency}`, pointer: '/latency_ms' };

  const error = r.error;
  if (
    error !== undefined &&
    error !== null &&
    typeof error !== 'string' &&
    typeof error !== 'boolean'
  )
    return mistyped('error', 'null, a string or true/false', error);

  const label = r.safety_label;
  if (label !== undefined && label !== null && typeof label !== 'string')
    return mistyped('safety_label', 'a string or null', label);

  const rating = r.rating;
  if (rating !== undefined && rating !== null) {
    if (typeof rating !== 'number') return mistyped('rating', 'a whole number from 1 to 5', rating);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5)
      return {
        message: `"rating" must be a whole number from 1 to 5, not ${rating}`,
        pointer: '/rating',
      };
  }
  return time;
}

/** Whether the interaction failed: an error string (not empty) or `true`. */
export function failed(i: Interaction): boolean {
  return i.error === true || (typeof i.error === 'string' && i.error !== '');
}

/** A field by dotted path (`metadata.intent`). */
export function fieldAt(record: Record<string, unknown>, path: string): unknown {
  if (!path.includes('.')) return record[path];
  let v: unknown = record;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
