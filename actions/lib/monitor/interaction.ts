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

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an RFC 3339 date-time with a time zone; null if it is not one. */
export function parseTimestamp(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const day = Date.UTC(y, mo - 1, d);
  if (new Date(day).getUTCDate() !== d) return null; // 2026-02-30
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  return day + ((h * 60 + mi - offset) * 60 + s) * 1000 + ms;
}

/** The type of a value, never the value: fields such as `query` may hold personal data. */
function kind(v: unknown): string {
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
      message: `"timestamp" ${JSON.stringify(ts.slice(0, 40))} is not an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:01.250Z`,
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
