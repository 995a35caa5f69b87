/**
 * Any JSON Lines export read by mapping: the policy names the JSON pointer of each field, the
 * units of the latency and the timestamp, and the rule that tells an error. Covers ECS/ELK
 * (`/event/duration` in ns, `/event/outcome` = failure), Helicone, LangSmith run dumps and
 * warehouse dumps without a reader of their own (docs/monitoring.md#mapped-json-lines).
 */
import type { InteractionSource as SourceConfig } from '../policy/policy.generated.js';
import { fromPointer } from '../parse/yaml.js';
import { kind, parseTimestamp, timestampProblem, type LineProblem } from './interaction.js';
import {
  decoded,
  idOf,
  textOf,
  toMs,
  pointerReader,
  type TimeUnit,
  type Decoded,
  type InteractionSource,
} from './source.js';

type Fields = NonNullable<SourceConfig['fields']>;
type Unit = TimeUnit;

/** The time in ms of an epoch number in `unit`, or of an RFC 3339 text; else the problem. */
export function timeOf(
  v: unknown,
  unit: 'rfc3339' | Unit,
  zonelessUtc: boolean,
  pointer: string,
): number | LineProblem {
  if (v === undefined || v === null)
    return { message: `the timestamp at ${pointer} is missing`, pointer };
  if (unit === 'rfc3339') {
    if (typeof v !== 'string')
      return {
        message: `the timestamp at ${pointer} must be a date-time string, not ${kind(v)}`,
        pointer,
      };
    const time = parseTimestamp(v, zonelessUtc);
    if (time !== null) return time;
    const problem = timestampProblem(v, zonelessUtc);
    return {
      message: `the timestamp at ${pointer} ${problem}${problem.startsWith('has no time zone') ? ': set zoneless_utc: true if the exporter documents UTC' : ''}`,
      pointer,
    };
  }
  const ms = toMs(v, unit);
  if (ms === undefined || ms <= 0)
    return {
      message: `the timestamp at ${pointer} must be a positive number of ${unit} since the epoch, not ${kind(v)}`,
      pointer,
    };
  return ms;
}

export function mappedSource(config: SourceConfig): InteractionSource {
  const fields = config.fields!;
  // One reader per field, held in its own constant: not looked up by name on every line.
  const none = () => undefined;
  const reader = (field: keyof Fields) => {
    const pointer = fields[field];
    return pointer === undefined ? undefined : pointerReader(fromPointer(pointer));
  };
  const at = {
    timestamp: reader('timestamp')!,
    end_time: reader('end_time') ?? none,
    latency: reader('latency') ?? none,
    request_id: reader('request_id') ?? none,
    user_id: reader('user_id') ?? none,
    query: reader('query'),
    response: reader('response'),
    model_version: reader('model_version') ?? none,
    safety_label: reader('safety_label') ?? none,
    rating: reader('rating') ?? none,
    release: reader('release') ?? none,
    session_id: reader('session_id') ?? none,
  };
  const readQuery = at.query;
  const readResponse = at.response;
  const latencyUnit = config.latency_unit ?? 'ms';
  const timestampUnit = config.timestamp_unit ?? 'rfc3339';
  const zonelessUtc = config.zoneless_utc ?? false;
  const errorRule = config.error && ruleOf(config.error);
  const where = config.where && ruleOf(config.where);

  /** The latency in ms: the latency field in its unit, else the end time less the start. */
  const latencyOf = (value: unknown, start: number): number | LineProblem => {
    if (!fields.latency) {
      const end = timeOf(at.end_time(value), timestampUnit, zonelessUtc, fields.end_time!);
      if (typeof end !== 'number') return end;
      if (end < start)
        return {
          message: `the end time at ${fields.end_time} is before the start`,
          pointer: fields.end_time!,
        };
      return end - start;
    }
    const raw = at.latency(value);
    const latency = toMs(raw, latencyUnit);
    if (latency === undefined || latency < 0)
      return {
        message:
          raw === undefined
            ? `the latency at ${fields.latency} is missing`
            : `the latency at ${fields.latency} must be a number of ${latencyUnit}, 0 or more, not ${kind(raw)}`,
        pointer: fields.latency,
      };
    return latency;
  };

  return {
    name: 'mapped JSON Lines',
    decode(value: unknown, line: number): Decoded[] | LineProblem {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { message: `is ${kind(value)}, not an object` };
      if (where && where(value) === undefined) return [];
      const time = timeOf(at.timestamp(value), timestampUnit, zonelessUtc, fields.timestamp);
      if (typeof time !== 'number') return time;
      const latency = latencyOf(value, time);
      if (typeof latency !== 'number') return latency;
      const rating = at.rating(value);
      if (
        rating !== undefined &&
        rating !== null &&
        (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5)
      )
        return {
          message: `the rating at ${fields.rating} must be a whole number from 1 to 5`,
          pointer: fields.rating!,
        };
      const label = at.safety_label(value);
      const release = at.release(value);
      const session = at.session_id(value);
      return [
        decoded({
          time,
          request_id: idOf(at.request_id(value)) ?? `line ${line}`,
          user_id: idOf(at.user_id(value)),
          query: readQuery ? () => textOf(readQuery(value), 'user') ?? '' : null,
          response: readResponse ? (textOf(readResponse(value), 'assistant') ?? '') : null,
          latency_ms: latency,
          error: errorRule ? errorOf(errorRule(value)) : null,
          model_version: idOf(at.model_version(value)),
          safety_label: typeof label === 'string' ? label : null,
          rating: typeof rating === 'number' ? rating : null,
          release,
          session_id: session,
        }),
      ];
    },
  };
}

type Rule = NonNullable<SourceConfig['error']>;

/**
 * A rule on the value at a pointer: the value when it holds (`equals` it; present and not
 * `not_equals`; present and not null, false, 0 or empty), else undefined.
 */
function ruleOf(rule: Rule): (value: unknown) => unknown {
  const at = pointerReader(fromPointer(rule.pointer));
  return (value) => {
    const v = at(value);
    if (rule.equals !== undefined) return v === rule.equals ? v : undefined;
    if (v === undefined || v === null) return undefined;
    if (rule.not_equals !== undefined) return v !== rule.not_equals ? v : undefined;
    return v === false || v === 0 || v === '' ? undefined : v;
  };
}

/** The interaction's `error` from the value that made it one: text as written, else true. */
function errorOf(v: unknown): string | boolean | null {
  if (v === undefined) return null;
  return typeof v === 'string' && v !== '' ? v : true;
}
