/**
 * A window of production interactions, read from JSON Lines exports in one streaming pass:
 * the counts the SLOs need, the flags of each interaction, the feature distributions for
 * drift, and every bad line, counted with its line number. Memory is bounded by the
 * latencies (8 bytes an interaction) and the capped lists of examples.
 */
import { firstSyntaxError } from '../parse/json-locate.js';
import type { InputRecorder } from '../gate.js';
import { openExport } from '../parse/export-file.js';
import type { RawLine } from '../parse/json-lines.js';
import { maskText, type PiiCheck } from '../pii/redact.js';
import type { Finding, PiiType } from '../pii/types.js';
import { FeatureCounts, type FeatureSpec } from './drift.js';
import { failed, type Interaction, type LineProblem } from './interaction.js';
import { nativeSource, type Decoded, type InteractionSource } from './source.js';

export const FLAGS = ['slow', 'error', 'empty', 'pii', 'harmful'] as const;
export type Flag = (typeof FLAGS)[number];

interface BadLine {
  file: string;
  line: number;
  column?: number;
  message: string;
  pointer?: string;
}

/** Where a flagged interaction is, to point at it; no text of it. */
interface Example {
  file: string;
  line: number;
  request_id: string;
  timestamp: string;
  /** e.g. `latency 6120 ms`, `EMAIL j***@e***.com in the response`. */
  detail: string;
}

/** A flagged interaction as written to `--flagged`: personal data masked everywhere. */
export interface FlaggedInteraction {
  file: string;
  line: number;
  flags: Flag[];
  timestamp: string;
  request_id: string;
  user_id: string;
  model_version: string;
  latency_ms: number;
  error: string | boolean | null;
  safety_label: string | null;
  rating: number | null;
  pii: { field: string; type: PiiType; preview: string }[];
  query: string;
  response: string;
}

interface WindowOptions {
  requestLatencyMs: number;
  harmfulLabels: ReadonlySet<string>;
  features: readonly FeatureSpec[];
  /** Scan responses for personal data and flag them: only for the window judged. */
  pii?: PiiCheck;
  /** The scanner that masks personal data in any text of the export shown, in every window. */
  mask: PiiCheck;
  onFlagged?: (interaction: FlaggedInteraction) => Promise<void>;
  /** How lines become interactions; default the native JSON Lines. */
  source?: InteractionSource;
  /** Told after each chunk read: the file and the interactions read so far. */
  progress?: (file: string, interactions: number) => void;
}

/** An OTLP/HTTP body written over several lines is held whole up to this; past it, an error. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** Bad lines and examples kept for the report; the rest are counted. */
const KEEP_BAD = 20;
const KEEP_EXAMPLES = 5;
const MAX_VERSIONS = 100;

export class Window {
  files: string[] = [];
  lines = 0;
  interactions = 0;
  bad = 0;
  readonly badLines: BadLine[] = [];
  // The oldest and newest interactions: their timestamps are written only when shown.
  private readonly oldest: { time: number; of: Interaction | undefined } = {
    time: Infinity,
    of: undefined,
  };
  private readonly newest: { time: number; of: Interaction | undefined } = {
    time: -Infinity,
    of: undefined,
  };
  /** Earliest and latest interaction, ms and as written. */
  get first(): { time: number; text: string } {
    return { time: this.oldest.time, text: this.oldest.of?.timestamp ?? '' };
  }
  get last(): { time: number; text: string } {
    return { time: this.newest.time, text: this.newest.of?.timestamp ?? '' };
  }
  private latency = new Float64Array(1024);
  readonly flagged: Record<Flag, number> = { slow: 0, error: 0, empty: 0, pii: 0, harmful: 0 };
  readonly examples: Record<Flag, Example[]> = {
    slow: [],
    error: [],
    empty: [],
    pii: [],
    harmful: [],
  };
  /** Interactions with any flag. */
  flaggedTotal = 0;
  labelled = 0;
  /** Interactions whose source recorded no message text: the text checks cannot see them. */
  textless = 0;
  readonly piiTypes: Partial<Record<PiiType, number>> = {};
  ratings = 0;
  ratingSum = 0;
  readonly #versions = new Map<string, number>();
  /**
   * The model version of the interactions just counted and how many of them are not yet in
   * #versions: consecutive interactions mostly share one, counted without a lookup.
   */
  #run: { version: string | undefined; count: number } = { version: undefined, count: 0 };

  /** Interactions by model version (the first MAX_VERSIONS seen), in the order first seen. */
  get versions(): Map<string, number> {
    const run = this.#run;
    if (run.version !== undefined && run.count > 0) {
      this.#versions.set(run.version, this.#versions.get(run.version)! + run.count);
      run.count = 0;
    }
    return this.#versions;
  }

  /** Counts an interaction of `version`, not that of the one before. */
  private countVersion(version: string): void {
    const counts = this.versions; // the run before, counted
    const seen = counts.get(version);
    if (seen === undefined && counts.size >= MAX_VERSIONS) {
      this.#run.version = undefined;
      return;
    }
    if (seen === undefined) counts.set(version, 0);
    this.#run.version = version;
    this.#run.count = 1;
  }
  readonly features: FeatureCounts[];

  constructor(private readonly options: WindowOptions) {
    this.features = options.features.map((f) => new FeatureCounts(f));
  }

  /** `text` from the export with personal data masked: for ids, versions, labels shown. */
  redact(text: string): string {
    return maskText(text, this.options.mask(text));
  }

  /** The latencies, in no particular order (percentiles reorder them). */
  latencies(): Float64Array {
    return this.latency.subarray(0, this.interactions);
  }

  private badLine(
    file: string,
    line: number,
    problem: (LineProblem | { problem: string }) & { column?: number },
  ): void {
    const message = 'problem' in problem ? problem.problem : problem.message;
    this.bad++;
    if (this.badLines.length < KEEP_BAD)
      this.badLines.push({
        file,
        line,
        message,
        ...(problem.column ? { column: problem.column } : {}),
        ...('pointer' in problem && problem.pointer ? { pointer: problem.pointer } : {}),
      });
  }

  /**
   * Reads one export file, streamed: JSON Lines, a JSON array, or CSV when the source reads
   * it, maybe gzipped (`openExport`). Bad lines are counted, never fatal. Any line order.
   */
  async read(file: string, inputs: InputRecorder): Promise<void> {
    this.files.push(file);
    const source = this.options.source ?? nativeSource;
    const opened = await openExport(inputs.stream(file), file, { csv: source.csv });
    if (opened.format === 'jsonl') return this.readLines(file, source, opened.lines);
    await this.readRecords(file, opened.records);
  }

  /**
   * Reads records already parsed (a JSON array's elements, CSV rows, the pages of an API),
   * `file` naming where they come from in messages; bad ones are counted like bad lines.
   */
  async readRecords(
    file: string,
    records: AsyncIterable<
      ({ line: number; column?: number; value: unknown } | { line: number; problem: string })[]
    >,
  ): Promise<void> {
    const source = this.options.source ?? nativeSource;
    for await (const batch of records) {
      this.options.progress?.(file, this.interactions);
      for (const record of batch) {
        this.lines++;
        if ('problem' in record) this.badLine(file, record.line, record);
        else {
          const pending = this.decode(
            source,
            record.value,
            file,
            record.line,
            'column' in record ? record.column : undefined,
          );
          if (pending) await pending;
        }
      }
    }
  }

  private async readLines(
    file: string,
    source: InteractionSource,
    lines: AsyncIterable<RawLine[]>,
  ): Promise<void> {
    /** The text of a JSON document over several lines, when the file is one (OTLP/HTTP). */
    let document: { parts: string[]; bytes: number; dropped?: true } | undefined;
    for await (const batch of lines) {
      this.options.progress?.(file, this.interactions);
      for (const raw of batch) {
        if (document) {
          if (document.dropped) continue; // read on: the input is recorded whole
          if ('problem' in raw || document.bytes + raw.text.length + 1 > MAX_DOCUMENT_BYTES) {
            this.badLine(file, 1, {
              message:
                'problem' in raw
                  ? `is one JSON document whose line ${raw.line} ${raw.problem}`
                  : `is one JSON document of more than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB: write one request per line (the collector's file exporter does)`,
            });
            document = { parts: [], bytes: 0, dropped: true };
            continue;
          }
          document.bytes += raw.text.length + 1;
          document.parts.push(raw.text);
          continue;
        }
        this.lines++;
        if ('problem' in raw) {
          this.badLine(file, raw.line, { message: raw.problem, column: raw.column });
          continue;
        }
        if (raw.text === '' || (raw.text.charCodeAt(0) <= 32 && raw.text.trim() === '')) {
          this.lines--; // blank lines are not records
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(raw.text);
        } catch {
          if (source.documents && this.lines === 1 && raw.text.trimStart().startsWith('{')) {
            document = { parts: [raw.text], bytes: raw.text.length };
            continue;
          }
          const error = firstSyntaxError(raw.text);
          this.badLine(file, raw.line, {
            message: raw.last
              ? 'is truncated: the last line has no line break and is not complete JSON'
              : `is not valid JSON${error ? ` (column ${error.column}: ${error.message})` : ''}`,
            ...(error ? { column: error.column } : {}),
          });
          continue;
        }
        const pending = this.decode(source, value, file, raw.line);
        if (pending) await pending;
      }
    }
    if (document && !document.dropped) {
      const text = document.parts.join('\n');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        const error = firstSyntaxError(text);
        this.badLine(file, 1, {
          message: `is not valid JSON, neither one ${source.name} request a line nor one over the whole file${error ? ` (line ${error.line}, column ${error.column}: ${error.message})` : ''}`,
        });
        return;
      }
      const pending = this.decode(source, value, file, 1);
      if (pending) await pending;
    }
  }

  /**
   * Counts the interactions of one record. Synchronous unless a flagged interaction is handed
   * to `onFlagged`: an await on every one of millions of records cost more than its counting.
   */
  private decode(
    source: InteractionSource,
    value: unknown,
    file: string,
    line: number,
    column?: number,
  ): Promise<void> | undefined {
    const read = source.decode(value, line);
    if (!Array.isArray(read)) {
      this.badLine(file, line, column ? { column, ...read } : read);
      return;
    }
    const decoded = read as Decoded[];
    for (let k = 0; k < decoded.length; k++) {
      const d = decoded[k]!;
      const flagged = this.add(d.interaction, d.time, file, line, d.text);
      if (flagged && this.options.onFlagged)
        return this.handOn(flagged, decoded, k + 1, file, line);
    }
    return;
  }

  /** Hands `first` to `onFlagged`, then counts the rest of `read` from `from` the same way. */
  private async handOn(
    first: FlaggedInteraction,
    read: Decoded[],
    from: number,
    file: string,
    line: number,
  ): Promise<void> {
    await this.options.onFlagged!(first);
    for (let k = from; k < read.length; k++) {
      const d = read[k]!;
      const flagged = this.add(d.interaction, d.time, file, line, d.text);
      if (flagged && this.options.onFlagged) await this.options.onFlagged(flagged);
    }
  }

  /** Counts the interaction; returns it masked when it is flagged and someone wants it. */
  private add(
    i: Interaction,
    time: number,
    file: string,
    line: number,
    text = true,
  ): FlaggedInteraction | undefined {
    const o = this.options;
    if (!text) this.textless++;
    if (this.interactions === this.latency.length) {
      const grown = new Float64Array(this.latency.length * 2);
      grown.set(this.latency);
      this.latency = grown;
    }
    this.latency[this.interactions++] = i.latency_ms;
    // Updated in place: an export in time order has a newest interaction on every line.
    if (time < this.oldest.time) {
      this.oldest.time = time;
      this.oldest.of = i;
    }
    if (time > this.newest.time) {
      this.newest.time = time;
      this.newest.of = i;
    }
    if (i.model_version === this.#run.version) this.#run.count++;
    else this.countVersion(i.model_version);
    for (const f of this.features) f.add(i);
    if (typeof i.rating === 'number') {
      this.ratings++;
      this.ratingSum += i.rating;
    }
    if (typeof i.safety_label === 'string') this.labelled++;

    // Most interactions raise no flag: nothing is allocated for them.
    const slow = i.latency_ms > o.requestLatencyMs;
    const isError = failed(i);
    const empty = !isError && text && i.response.trim() === '';
    const harmful = typeof i.safety_label === 'string' && o.harmfulLabels.has(i.safety_label);
    const found = (text && o.pii?.(i.response)) || [];
    if (!slow && !isError && !empty && !harmful && found.length === 0) return undefined;

    const flags: Flag[] = [];
    const details: Partial<Record<Flag, string>> = {};
    if (slow) {
      flags.push('slow');
      details.slow = `latency ${i.latency_ms} ms`;
    }
    if (isError) {
      flags.push('error');
      details.error = 'an error';
    } else if (empty) {
      flags.push('empty');
      details.empty = 'an empty response';
    }
    if (harmful) {
      flags.push('harmful');
      details.harmful = `safety label ${JSON.stringify(i.safety_label)}`;
    }
    if (found.length) {
      flags.push('pii');
      details.pii = found.map((f) => `${f.type} ${f.preview}`).join(', ') + ' in the response';
      for (const f of found) this.piiTypes[f.type] = (this.piiTypes[f.type] ?? 0) + 1;
    }

    this.flaggedTotal++;
    for (const flag of flags) {
      this.flagged[flag]++;
      if (this.examples[flag].length < KEEP_EXAMPLES)
        this.examples[flag].push({
          file,
          line,
          request_id: this.redact(i.request_id),
          timestamp: i.timestamp,
          detail: details[flag]!,
        });
    }
    return o.onFlagged ? this.masked(i, flags, found, file, line) : undefined;
  }

  /** The flagged interaction with personal data masked in every text field. */
  private masked(
    i: Interaction,
    flags: Flag[],
    inResponse: Finding[],
    file: string,
    line: number,
  ): FlaggedInteraction {
    const scan = this.options.mask;
    const pii: FlaggedInteraction['pii'] = [];
    const clean = (field: string, text: string, known?: Finding[]) => {
      const found = known ?? scan(text);
      for (const f of found) pii.push({ field, type: f.type, preview: f.preview });
      return maskText(text, found);
    };
    const userId = clean('user_id', i.user_id);
    const query = clean('query', i.query);
    const response = clean('response', i.response, inResponse);
    const error = typeof i.error === 'string' ? clean('error', i.error) : (i.error ?? null);
    const label = typeof i.safety_label === 'string' ? clean('safety_label', i.safety_label) : null;
    return {
      file,
      line,
      flags,
      // A timestamp is only kept when it parsed as a date-time: it cannot hold personal data.
      timestamp: i.timestamp,
      request_id: clean('request_id', i.request_id),
      user_id: userId,
      model_version: clean('model_version', i.model_version),
      latency_ms: i.latency_ms,
      error,
      safety_label: label,
      rating: i.rating ?? null,
      pii,
      query,
      response,
    };
  }
}
