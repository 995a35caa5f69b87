import type { CaseRow, TagValue } from './model.js';

/** A case kept to point at when an objective goes wrong: the file, its row, and a number. */
export interface CaseRef {
  /** Index of the file in the results. */
  file: number;
  ref: number;
  label: string;
  /** Latency for the slowest cases, sample index (or -1) for duplicates; unused otherwise. */
  value: number;
}

/** Repeated samples of one case: n drawn, c correct. */
export interface SampleGroup {
  n: number;
  c: number;
  first: CaseRef;
}

interface MetricSum {
  n: number;
  sum: number;
  /** What `sum` lost to rounding (Neumaier): the mean of ten 0.8 is 0.8, judged exactly. */
  lost: number;
  sumSquares: number;
}

/** Adds `v` to a compensated sum. */
export function addTo(m: { sum: number; lost: number }, v: number): void {
  const t = m.sum + v;
  m.lost += Math.abs(m.sum) >= Math.abs(v) ? m.sum - t + v : v - t + m.sum;
  m.sum = t;
}

/** How many cases of each kind are kept for messages and annotations. */
export const KEEP = 5;

export interface StatsOptions {
  /** Keep sample groups for pass@k. */
  groupSamples: boolean;
  /** Tags whose slices are measured. */
  sliceTags: ReadonlySet<string>;
  /** Keep sample groups in slices too (pass@k of a slice). */
  groupSliceSamples?: boolean;
  /**
   * What slices keep beyond their counts: latencies and named metric sums cost time per
   * case, so only when an objective asks a slice for them. All are kept when unset.
   */
  sliceKeeps?: Keeps;
  /** What these statistics keep (set on slices by their parent); all when unset. */
  keeps?: Keeps;
}

export interface Keeps {
  latencies: boolean;
  metrics: boolean;
}

function keepFirst(list: CaseRef[], ref: CaseRef): void {
  if (list.length < KEEP) list.push(ref);
}

function keep(list: CaseRef[], file: number, row: CaseRow): void {
  if (list.length < KEEP) list.push({ file, ref: row.ref, label: row.label, value: 0 });
}

/**
 * Running statistics of a set of cases, in memory proportional to the number of cases only
 * for latencies (8 bytes each) and, when pass@k is asked for, one small record per case.
 */
export class CaseStats {
  rows = 0;
  passed = 0;
  failed = 0;
  errors = 0;
  harmJudged = 0;
  harmful = 0;
  /** Errored cases without a harm verdict: they count against the harmful rate. */
  errorsUnjudged = 0;
  private latency = new Float64Array(256);
  private latencyCount = 0;
  readonly metrics = new Map<string, MetricSum>();
  readonly groups: Map<string, SampleGroup> | undefined;
  readonly failures: CaseRef[] = [];
  readonly errorCases: CaseRef[] = [];
  readonly harmfulCases: CaseRef[] = [];
  /** The slowest cases, slowest first. */
  readonly slowest: CaseRef[] = [];
  readonly slices: Map<string, Map<string, CaseStats>> | undefined;

  private readonly keepLatencies: boolean;
  private readonly keepMetrics: boolean;

  constructor(private readonly options: StatsOptions) {
    this.keepLatencies = options.keeps?.latencies ?? true;
    this.keepMetrics = options.keeps?.metrics ?? true;
    this.groups = options.groupSamples ? new Map() : undefined;
    this.slices = options.sliceTags.size > 0 ? new Map() : undefined;
  }

  get judged(): number {
    return this.passed + this.failed + this.errors;
  }

  add(row: CaseRow, file: number): void {
    this.rows++;
    switch (row.outcome) {
      case 'pass':
        this.passed++;
        break;
      case 'fail':
        this.failed++;
        keep(this.failures, file, row);
        break;
      case 'error':
        this.errors++;
        keep(this.failures, file, row);
        keep(this.errorCases, file, row);
        break;
    }
    if (row.harmful === undefined) {
      if (row.outcome === 'error') this.errorsUnjudged++;
    } else {
      this.harmJudged++;
      if (row.harmful) {
        this.harmful++;
        keep(this.harmfulCases, file, row);
      }
    }
    if (row.latencyMs !== undefined && this.keepLatencies)
      this.addLatency(row.latencyMs, file, row);
    if (this.keepMetrics) {
      if (row.metrics) for (const name in row.metrics) this.addMetric(name, row.metrics[name]!);
      if (row.score !== undefined && row.metrics?.score === undefined)
        this.addMetric('score', row.score);
    }
    if (this.groups && row.outcome !== undefined) this.addSample(row, file);
    if (this.slices && row.tags) {
      for (const tag of this.options.sliceTags) {
        const value = row.tags[tag];
        if (value !== undefined) this.addToSlices(tag, value, row, file);
      }
    }
  }

  private addMetric(name: string, v: number): void {
    const m = this.metrics.get(name);
    if (m) {
      m.n++;
      addTo(m, v);
      m.sumSquares += v * v;
    } else this.metrics.set(name, { n: 1, sum: v, lost: 0, sumSquares: v * v });
  }

  private pushLatency(ms: number): void {
    if (this.latencyCount === this.latency.length) {
      const grown = new Float64Array(this.latency.length * 2);
      grown.set(this.latency);
      this.latency = grown;
    }
    this.latency[this.latencyCount++] = ms;
  }

  private addLatency(ms: number, file: number, row: CaseRow): void {
    this.pushLatency(ms);
    const slow = this.slowest;
    if (slow.length < KEEP || ms > slow[slow.length - 1]!.value) {
      const entry = { file, ref: row.ref, label: row.label, value: ms };
      let i = slow.length;
      while (i > 0 && slow[i - 1]!.value < ms) i--;
      slow.splice(i, 0, entry);
      if (slow.length > KEEP) slow.pop();
    }
  }

  private lastId: string | undefined;
  private lastGroup: SampleGroup | undefined;

  private addSample(row: CaseRow, file: number): void {
    // Samples of a case usually follow each other: skip the map lookup for them.
    let g = row.id === this.lastId ? this.lastGroup : this.groups!.get(row.id);
    if (!g) {
      g = { n: 0, c: 0, first: { file, ref: row.ref, label: row.label, value: 0 } };
      this.groups!.set(row.id, g);
    }
    this.lastId = row.id;
    this.lastGroup = g;
    g.n++;
    if (row.outcome === 'pass') g.c++;
  }

  private addToSlices(tag: string, value: TagValue, row: CaseRow, file: number): void {
    let byValue = this.slices!.get(tag);
    if (!byValue) this.slices!.set(tag, (byValue = new Map()));
    if (!Array.isArray(value)) return this.addToSlice(byValue, String(value), row, file);
    for (const v of value as readonly string[]) this.addToSlice(byValue, v, row, file);
  }

  private addToSlice(
    byValue: Map<string, CaseStats>,
    value: string,
    row: CaseRow,
    file: number,
  ): void {
    let slice = byValue.get(value);
    if (!slice) {
      slice = new CaseStats(this.sliceOptions());
      byValue.set(value, slice);
    }
    slice.add(row, file);
  }

  private sliceOptions(): StatsOptions {
    return {
      groupSamples: this.options.groupSliceSamples === true,
      sliceTags: NO_TAGS,
      ...(this.options.sliceKeeps ? { keeps: this.options.sliceKeeps } : {}),
    };
  }

  /** The latencies, in no particular order (percentiles reorder them). */
  latencies(): Float64Array {
    return this.latency.subarray(0, this.latencyCount);
  }

  /** Adds another set of cases; `prefix` keeps case ids of different suites apart. */
  merge(other: CaseStats, prefix: string): void {
    this.rows += other.rows;
    this.passed += other.passed;
    this.failed += other.failed;
    this.errors += other.errors;
    this.harmJudged += other.harmJudged;
    this.harmful += other.harmful;
    this.errorsUnjudged += other.errorsUnjudged;
    for (let i = 0; i < other.latencyCount; i++) this.pushLatency(other.latency[i]!);
    for (const [name, m] of other.metrics) {
      const mine = this.metrics.get(name);
      if (mine) {
        mine.n += m.n;
        addTo(mine, m.sum);
        addTo(mine, m.lost);
        mine.sumSquares += m.sumSquares;
      } else this.metrics.set(name, { ...m });
    }
    if (this.groups && other.groups) {
      for (const [id, g] of other.groups) this.groups.set(`${prefix}\0${id}`, g);
    }
    for (const [list, from] of [
      [this.failures, other.failures],
      [this.errorCases, other.errorCases],
      [this.harmfulCases, other.harmfulCases],
    ] as const) {
      for (const ref of from) keepFirst(list, ref);
    }
    this.slowest.push(...other.slowest);
    this.slowest.sort((a, b) => b.value - a.value).splice(KEEP);
    if (this.slices && other.slices) {
      for (const [tag, byValue] of other.slices) {
        let mine = this.slices.get(tag);
        if (!mine) this.slices.set(tag, (mine = new Map()));
        for (const [value, stats] of byValue) {
          let slice = mine.get(value);
          if (!slice) {
            slice = new CaseStats(this.sliceOptions());
            mine.set(value, slice);
          }
          slice.merge(stats, prefix);
        }
      }
    }
  }
}

const NO_TAGS: ReadonlySet<string> = new Set();
