/**
 * The one result model. Every gate and command returns Verdicts; every renderer reads them.
 * The JSON form is a public contract documented in docs/verdict-json.md: change it only
 * together with SCHEMA_VERSION.
 */

export const SCHEMA_VERSION = 1;

/** Outcome of a gate or a whole run. Ordered from best to worst. */
export type Result = 'pass' | 'warn' | 'fail' | 'error';
export const RESULTS: readonly Result[] = ['pass', 'warn', 'fail', 'error'];

/**
 * Status of one objective or finding. `info` is reported but never decides; `waived` is a
 * warn or fail accepted by a valid waiver (shown, never hidden).
 */
export type ItemStatus = Result | 'info' | 'waived';

export type Mode = 'enforce' | 'report';

/** Where an item points: 1-based line and column, end inclusive; pointer for structured inputs. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** RFC 6901 JSON pointer into the file, when the input is structured. */
  pointer?: string;
}

export type Observed = number | string | boolean | null;

export interface WaiverRef {
  id: string;
  owner: string;
  reason: string;
  ticket: string;
  expires: string;
}

/** One objective (a measured value against criteria) or finding (something found in an input). */
export interface Item {
  /** Stable within the gate: waivers target it, JUnit and SARIF key on it. */
  id: string;
  status: ItemStatus;
  message: string;
  observed?: Observed;
  expected?: string;
  /** The value this is compared against, e.g. the `stable` baseline. */
  baseline?: Observed;
  location?: Location;
  /** A key objective: failing it fails the gate whatever the score. */
  key?: boolean;
  /** Weight in a scored gate (default 1). */
  weight?: number;
  /** What the user should do about it. */
  hint?: string;
  /** Groups findings for SARIF rules and summaries (e.g. `EMAIL`, `schema`). */
  rule?: string;
  waiver?: WaiverRef;
  /** Status before a waiver or report mode changed it. */
  originalStatus?: ItemStatus;
}

export interface Input {
  file: string;
  sha256: string;
  /** Git ref the file was read at, when not read from the working tree. */
  ref?: string;
}

export interface PolicyRef {
  file: string;
  sha256: string;
  apiVersion: string;
  ref?: string;
}

/** Keptn-style score: only objectives with pass criteria count. Percentages 0..100. */
export interface Score {
  value: number;
  pass: number;
  warn: number;
}

export interface RejectedWaiver {
  id: string;
  reason: string;
  location?: Location;
}

export interface Verdict {
  gate: string;
  title: string;
  result: Result;
  mode: Mode;
  /** One sentence: what was decided and why. */
  summary: string;
  score?: Score;
  counts: Record<ItemStatus, number>;
  items: Item[];
  waivers: { applied: string[]; rejected: RejectedWaiver[] };
  inputs: Input[];
  /** Gate-specific structured output (e.g. normalized metrics), surfaced as action outputs. */
  data?: Record<string, unknown>;
  /** How long the gate took, by the run's clock (0 when RELEASE_GATES_NOW pins it). */
  seconds?: number;
}

/** What a run produces: one verdict per gate, stamped with the evidence it judged. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'release-gates'; version: string };
  command: string;
  result: Result;
  policy: PolicyRef | null;
  commit: string | null;
  verdicts: Verdict[];
}

const RANK: Record<Result, number> = { pass: 0, warn: 1, fail: 2, error: 3 };

export function worst(results: Iterable<Result>): Result {
  let out: Result = 'pass';
  for (const r of results) if (RANK[r] > RANK[out]) out = r;
  return out;
}

/** Exit codes everywhere: 0 pass or warn, 1 fail, 2 error. */
export function exitCodeOf(result: Result): 0 | 1 | 2 {
  return result === 'error' ? 2 : result === 'fail' ? 1 : 0;
}

function emptyCounts(): Record<ItemStatus, number> {
  return { pass: 0, warn: 0, fail: 0, error: 0, info: 0, waived: 0 };
}

export function countItems(items: readonly Item[]): Record<ItemStatus, number> {
  const counts = emptyCounts();
  for (const item of items) counts[item.status]++;
  return counts;
}

/** Severity order used by every renderer: what needs attention first. */
const STATUS_ORDER: Record<ItemStatus, number> = {
  error: 0,
  fail: 1,
  warn: 2,
  waived: 3,
  info: 4,
  pass: 5,
};

export function bySeverity(a: Item, b: Item): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || Number(!!b.key) - Number(!!a.key);
}

export function isProblem(status: ItemStatus): boolean {
  return status === 'error' || status === 'fail' || status === 'warn';
}
