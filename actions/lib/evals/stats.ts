/**
 * The statistics of the eval gate: percentiles, the unbiased pass@k estimator, and the
 * intervals that tell a real regression from noise. Pure functions, no I/O.
 */

/** Two-sided standard normal quantile for a confidence, e.g. 0.95 -> 1.96. */
export function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

const polynomial = (coefficients: readonly number[], x: number) =>
  coefficients.reduce((sum, c) => sum * x + c, 0);

// Wichura's AS241 (PPND16, Applied Statistics 37:477, 1988), highest power first: about 1e-16
// relative error, where a library (jstat, 137 KiB in every bundle) was loaded for this alone.
const CENTRAL = {
  num: [
    2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946,
    1971.5909503065513, 133.14166789178438, 3.3871328727963665,
  ],
  den: [
    5226.495278852854, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751,
    687.1870074920579, 42.31333070160091, 1,
  ],
};
const NEAR_TAIL = {
  num: [
    0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684,
    3.6478483247632045, 5.769497221460691, 4.630337846156546, 1.4234371107496835,
  ],
  den: [
    1.0507500716444169e-9, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008,
    0.6897673349851, 1.6763848301838038, 2.053191626637759, 1,
  ],
};
const FAR_TAIL = {
  num: [
    2.0103343992922881e-7, 2.7115555687434876e-5, 0.0012426609473880784, 0.026532189526576124,
    0.29656057182850487, 1.7848265399172913, 5.463784911164114, 6.657904643501103,
  ],
  den: [
    2.0442631033899397e-15, 1.421511758316446e-7, 1.8463183175100548e-5, 0.0007868691311456133,
    0.014875361290850615, 0.1369298809227358, 0.599832206555888, 1,
  ],
};

/** The standard normal quantile (inverse CDF) of p in (0, 1); ±Infinity at 0 and 1, else NaN. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRAL.num, r)) / polynomial(CENTRAL.den, r);
  }
  const tail = q < 0 ? p : 1 - p;
  if (tail === 0) return q < 0 ? -Infinity : Infinity;
  const r = Math.sqrt(-Math.log(tail));
  const { num, den } = r <= 5 ? NEAR_TAIL : FAR_TAIL;
  const s = r - (r <= 5 ? 1.6 : 5);
  const x = polynomial(num, s) / polynomial(den, s);
  return q < 0 ? -x : x;
}

/**
 * The p-th percentile (0..100), interpolating linearly between the two nearest ranks (numpy's
 * default, so users can reproduce it). The rank is found by selection (Wirth's quickselect)
 * rather than a sort, which reorders `values`: a million latencies take a few milliseconds
 * instead of a sort's hundred.
 */
export function percentile(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const low = select(values, lo);
  let high = low;
  if (lo + 1 < n) {
    // Everything after `lo` is at least as large now: the next rank is their minimum.
    high = values[lo + 1]!;
    for (let i = lo + 2; i < n; i++) if (values[i]! < high) high = values[i]!;
  }
  return low + (high - low) * (rank - lo);
}

/** Reorders `a` so that a[k] holds its k-th smallest value, smaller before, larger after. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  for (let rounds = 0; left < right; rounds++) {
    // Quadratic only on crafted input; a sort then bounds the time.
    if (rounds > 64) return a.subarray(left, right + 1).sort()[k - left]!;
    const pivot = a[k]!;
    let i = left;
    let j = right;
    do {
      while (a[i]! < pivot) i++;
      while (pivot < a[j]!) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
  return a[k]!;
}

/**
 * pass@k of one case with n samples of which c are correct: the probability that at least
 * one of k samples drawn without replacement is correct, 1 - C(n-c, k) / C(n, k) (Chen et
 * al., 2021), computed as a product so that large n cannot overflow. Needs n >= k.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (n < k) throw new RangeError(`pass@${k} needs at least ${k} samples, got ${n}`);
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of the proportion x/n. */
export function wilson(x: number, n: number, z: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const spread = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 (x = n) the bound is exactly 0 (1); the subtraction would leave rounding noise.
  return {
    low: x === 0 ? 0 : Math.max(0, centre - spread),
    high: x === n ? 1 : Math.min(1, centre + spread),
  };
}

/**
 * Interval of the difference of two proportions x1/n1 - x2/n2: Newcombe's hybrid score
 * method (his method 10), built from the two Wilson intervals. Good at small n and near 0
 * or 1, where the textbook normal interval is not.
 */
export function proportionDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z: number,
): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/** Normal interval of the difference of two means with standard errors se1 and se2. */
export function meanDifference(
  m1: number,
  se1: number,
  m2: number,
  se2: number,
  z: number,
): Interval {
  const half = z * Math.sqrt(se1 * se1 + se2 * se2);
  return { low: m1 - m2 - half, high: m1 - m2 + half };
}
