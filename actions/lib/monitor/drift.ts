/**
 * Data drift: the distribution of a feature in two windows, and their population stability
 * index, PSI = Σ (a − e) · ln(a / e) over the buckets, with a and e the shares of the window
 * and of the reference. A bucket empty in one window takes the share `epsilon` there, so that
 * PSI stays finite (docs/monitoring.md#drift-psi).
 */
import { fieldAt, type Interaction } from './interaction.js';

export interface FeatureSpec {
  field: string;
  buckets?: number[];
  max_categories: number;
}

const MISSING = '(missing)';
const OTHER = '(other)';
/** Distinct values counted per feature and window; later new values are pooled as (other). */
const MAX_DISTINCT = 10_000;

/** Characters of the query (code points, so an emoji is one). */
function queryLength(i: Interaction): number {
  const q = i.query;
  let n = q.length;
  for (let k = 0; k < q.length; k++) {
    const c = q.charCodeAt(k);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** `≤ 500`, `500–1000`, …, `> 5000`: one label per bucket of sorted upper bounds. */
export function bucketLabels(bounds: readonly number[]): string[] {
  return [
    ...bounds.map((b, i) => (i === 0 ? `≤ ${b}` : `${bounds[i - 1]}–${b}`)),
    `> ${bounds[bounds.length - 1]}`,
  ];
}

/** How often each value (or bucket) of one feature occurs in one window. */
export class FeatureCounts {
  readonly counts = new Map<string, number>();
  total = 0;
  private readonly labels: string[] | undefined;

  constructor(readonly spec: FeatureSpec) {
    this.labels = spec.buckets ? bucketLabels(spec.buckets) : undefined;
  }

  private keyOf(i: Interaction): string {
    const v = this.spec.field === 'query_length' ? queryLength(i) : fieldAt(i, this.spec.field);
    if (this.labels) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return MISSING;
      const bounds = this.spec.buckets!;
      let b = 0;
      while (b < bounds.length && v > bounds[b]!) b++;
      return this.labels[b]!;
    }
    if (v === undefined || v === null || v === '') return MISSING;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    return OTHER;
  }

  add(i: Interaction): void {
    let key = this.keyOf(i);
    if (!this.counts.has(key) && this.counts.size >= MAX_DISTINCT) key = OTHER;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  /** Every bucket label of a numeric feature, in order; undefined for categorical ones. */
  get bucketLabels(): readonly string[] | undefined {
    return this.labels;
  }
}

interface BucketShift {
  bucket: string;
  /** Shares in the reference and in the window, 0..1, before epsilon. */
  expected: number;
  actual: number;
  /** This bucket's term of the sum. */
  contribution: number;
}

interface PsiResult {
  psi: number;
  /** Every bucket, the largest contribution first. */
  buckets: BucketShift[];
  /** The same buckets in their own order: numeric buckets rising, categories most frequent first. */
  ordered: BucketShift[];
}

/**
 * PSI of the window against the reference. Numeric features compare every bucket; a
 * categorical one its `max_categories` most frequent reference values, the rest pooled as
 * (other) in both windows (so a value the reference never saw counts as (other)).
 */
export function psi(reference: FeatureCounts, window: FeatureCounts, epsilon: number): PsiResult {
  let keys: string[];
  const pool = (counts: Map<string, number>, kept: Set<string>) => {
    const out = new Map<string, number>();
    for (const [k, n] of counts) {
      const key = kept.has(k) ? k : OTHER;
      out.set(key, (out.get(key) ?? 0) + n);
    }
    return out;
  };
  let expected = reference.counts;
  let actual = window.counts;
  if (reference.bucketLabels) {
    keys = [...reference.bucketLabels, MISSING];
  } else {
    const top = [...reference.counts]
      .filter(([k]) => k !== OTHER)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, reference.spec.max_categories)
      .map(([k]) => k);
    const kept = new Set(top);
    expected = pool(reference.counts, kept);
    actual = pool(window.counts, kept);
    keys = [...top, OTHER];
  }
  let sum = 0;
  const buckets: BucketShift[] = [];
  for (const bucket of keys) {
    const e = (expected.get(bucket) ?? 0) / reference.total;
    const a = (actual.get(bucket) ?? 0) / window.total;
    if (e === 0 && a === 0) continue;
    const ee = e === 0 ? epsilon : e;
    const aa = a === 0 ? epsilon : a;
    const contribution = (aa - ee) * Math.log(aa / ee);
    sum += contribution;
    buckets.push({ bucket, expected: e, actual: a, contribution });
  }
  const ordered = [...buckets];
  buckets.sort((x, y) => y.contribution - x.contribution);
  return { psi: sum, buckets, ordered };
}
