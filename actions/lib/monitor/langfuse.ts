/**
 * Langfuse's blob-storage export, JSON Lines, JSON or CSV, maybe gzipped (read by
 * `openExport`; docs/monitoring.md#langfuse). Observation rows
 * (`type`, `start_time`, `end_time`, `latency` in seconds, `level`, `provided_model_name`,
 * `input`, `output`) are read, one interaction per GENERATION; spans and events are not
 * interactions. Trace rows (`timestamp`, `user_id`, `release`, no `type`) are interactions
 * only with a `latency`, as the public API writes it: the traces export has none. Timestamps
 * are written without a zone and are UTC, as Langfuse documents; camelCase keys (the public
 * API, the UI's JSON download) are read too.
 */
import { kind, parseTimestamp, timestampProblem, type LineProblem } from './interaction.js';
import { decoded, idOf, numberOf, textOf, type InteractionSource } from './source.js';

type Row = Record<string, unknown>;

/**
 * A field by its export (snake_case) or API (camelCase) name, both written out: a lookup by a
 * name built on each line (and a regular expression to build it) cost more than the decoding.
 */
const either = (snake: unknown, camel: unknown): unknown => (snake !== undefined ? snake : camel);

function timeAt(v: unknown, snake: string): number | LineProblem | undefined {
  if (v === undefined || v === null) return undefined;
  const pointer = `/${snake}`;
  if (typeof v !== 'string')
    return { message: `"${snake}" must be a date-time string, not ${kind(v)}`, pointer };
  const time = parseTimestamp(v, true);
  return time ?? { message: `"${snake}" ${timestampProblem(v, true)}`, pointer };
}

export function langfuseSource(): InteractionSource {
  return {
    name: 'Langfuse export',
    // Its CSV writer leaves text as it is (input and output are JSON text), writes objects as
    // JSON and null as an empty cell.
    csv: (cell) => (cell === '' ? null : cell),
    decode(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { message: `is ${kind(value)}, not a Langfuse observation or trace` };
      const row = value as Row;
      const type = row.type;
      const observation = type !== undefined;
      if (observation && type !== 'GENERATION') return [];
      const startKey = observation ? 'start_time' : 'timestamp';
      const start = observation
        ? timeAt(either(row.start_time, row.startTime), 'start_time')
        : timeAt(row.timestamp, 'timestamp');
      if (start === undefined)
        return { message: `"${startKey}" is missing`, pointer: `/${startKey}` };
      if (typeof start !== 'number') return start;

      let latencyMs: number | undefined;
      const latency = row.latency;
      if (latency !== undefined && latency !== null) {
        const s = numberOf(latency);
        if (s === undefined || s < 0)
          return {
            message: `"latency" must be a number of seconds, 0 or more, not ${kind(latency)}`,
            pointer: '/latency',
          };
        latencyMs = s * 1000;
      } else if (observation) {
        const end = timeAt(either(row.end_time, row.endTime), 'end_time');
        if (end === undefined)
          return {
            message:
              'the generation has no "end_time" nor "latency": it had not ended when exported',
            pointer: '/end_time',
          };
        if (typeof end !== 'number') return end;
        if (end < start)
          return { message: '"end_time" is before "start_time"', pointer: '/end_time' };
        latencyMs = end - start;
      } else
        return {
          message: 'the trace has no "latency": the traces export does not carry one',
          pointer: '/latency',
        };

      const level = row.level;
      const message = either(row.status_message, row.statusMessage);
      const release = row.release ?? row.version;
      const session = either(row.session_id, row.sessionId);
      const input = row.input;
      const output = row.output;
      return [
        decoded({
          time: start,
          request_id: idOf(either(row.trace_id, row.traceId)) ?? idOf(row.id) ?? '',
          user_id: idOf(either(row.user_id, row.userId)),
          query: input !== undefined ? () => textOf(input, 'user') ?? '' : null,
          response: output !== undefined ? (textOf(output, 'assistant') ?? '') : null,
          latency_ms: latencyMs,
          error:
            level === 'ERROR'
              ? typeof message === 'string' && message !== ''
                ? message
                : true
              : null,
          model_version:
            idOf(either(row.provided_model_name, row.providedModelName)) ?? idOf(row.model),
          release: release ?? undefined,
          session_id: session ?? undefined,
        }),
      ];
    },
  };
}
