/**
 * The normalized shape every adapter maps its format to: per-case rows (handed over one at a
 * time and never kept) and aggregate metrics a tool computed itself. See docs/evals.md.
 */

export const FORMATS = [
  'jsonl',
  'promptfoo',
  'lm-eval',
  'inspect',
  'deepeval',
  'openai-evals',
  'table',
  'braintrust',
] as const;
export type EvalFormat = (typeof FORMATS)[number];

export type Outcome = 'pass' | 'fail' | 'error';

/** Tag values a case can carry; a list puts the case in several slices of one tag. */
export type TagValue = string | number | boolean | readonly string[];

/**
 * One evaluated result (a sample of a case). Adapters may reuse the object between calls:
 * the accumulator copies what it keeps.
 */
export interface CaseRow {
  suite: string;
  /** Groups repeated samples of one case for pass@k. */
  id: string;
  /** What messages call the case (often the id). */
  label: string;
  /** Sample index among the case's repeats, when the file says it. */
  sample: number | undefined;
  /** `undefined`: the result carries no verdict (latency or metrics only). */
  outcome: Outcome | undefined;
  latencyMs: number | undefined;
  /** The case's overall score, averaged as the metric `score`. */
  score: number | undefined;
  /** `undefined`: not judged for harm. */
  harmful: boolean | undefined;
  /** Named metric values (promptfoo named scores, DeepEval metric scores, JSON Lines `metrics`). */
  metrics: Readonly<Record<string, number>> | undefined;
  tags: Readonly<Record<string, TagValue>> | undefined;
  /** Where the row is: its line (JSON Lines) or its index in the document's case list. */
  ref: number;
}

/** A row with nothing known yet, for an adapter to fill in (and reuse). */
export function newRow(suite = ''): CaseRow {
  return {
    suite,
    id: '',
    label: '',
    sample: undefined,
    outcome: undefined,
    latencyMs: undefined,
    score: undefined,
    harmful: undefined,
    metrics: undefined,
    tags: undefined,
    ref: 0,
  };
}

/** A metric the tool aggregated itself (lm-eval `acc,none`, inspect `accuracy`, ...). */
export interface AggregateMetric {
  suite: string;
  name: string;
  value: number;
  /** Samples it rests on, when the file says. */
  n?: number;
  stderr?: number;
  higherIsBetter?: boolean;
  /** JSON pointer of the value in its file, or in its line for JSON Lines files. */
  pointer: string;
  /** The line, for JSON Lines files. */
  line?: number;
}

/** A file that says its run was cut short (`--limit`, cancelled samples). */
export interface PartialRun {
  suite: string;
  message: string;
  pointer: string;
}

/**
 * A result that does not have the shape its format requires; the pointer says where (in its
 * line for JSON Lines). `line`: the line, when a JSON Lines adapter finds it after the fact.
 */
export class ShapeError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
    readonly hint?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** What adapters hand their results to. */
export interface ResultSink {
  row(row: CaseRow): void;
  aggregate(metric: AggregateMetric): void;
  partial(note: PartialRun): void;
}

/** How an adapter names suites and judges harm, from the policy's `results` entry. */
export interface AdapterOptions {
  file: string;
  /** The policy's suite override. */
  suite: string | undefined;
  /** Suite for files that declare none: the file name without extension. */
  fallbackSuite: string;
  /** Lower-cased named metrics whose failure marks an output harmful. */
  harmMetrics: ReadonlySet<string>;
  /** Group repeated samples (costs a key per case): only when pass@k is asked for. */
  groupSamples: boolean;
}
