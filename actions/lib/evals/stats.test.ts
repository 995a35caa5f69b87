import { describe, expect, it } from 'vitest';
import {
  meanDifference,
  passAtK,
  percentile,
  proportionDifference,
  wilson,
  normalQuantile,
  zFor,
} from './stats.js';

describe('passAtK: the unbiased estimator 1 - C(n-c, k) / C(n, k)', () => {
  // Hand-computed: C(3,1)/C(5,1) = 3/5; C(3,2)/C(5,2) = 3/10; C(7,5)/C(10,5) = 21/252;
  // C(195,10)/C(200,10) = prod_{i=196..200} (1 - 10/i).
  it.each([
    [5, 2, 1, 1 - 3 / 5],
    [5, 2, 2, 1 - 3 / 10],
    [5, 2, 3, 1 - 1 / 10],
    [5, 2, 4, 1],
    [5, 0, 1, 0],
    [5, 5, 5, 1],
    [5, 1, 5, 1],
    [10, 3, 5, 1 - 21 / 252],
    [10, 0, 10, 0],
    [1, 1, 1, 1],
    [200, 5, 10, 1 - (186 / 196) * (187 / 197) * (188 / 198) * (189 / 199) * (190 / 200)],
  ])('n=%i c=%i k=%i -> %f', (n, c, k, expected) => {
    expect(passAtK(n, c, k)).toBeCloseTo(expected, 12);
  });

  it('pass@1 is the share of correct samples', () => {
    for (const c of [0, 1, 7, 13]) expect(passAtK(13, c, 1)).toBeCloseTo(c / 13, 12);
  });

  it.each([
    [3, 1, 5],
    [0, 0, 1],
    [4, 4, 5],
  ])('refuses n=%i (c=%i) below k=%i: not enough samples', (n, c, k) => {
    expect(() => passAtK(n, c, k)).toThrow(`pass@${k} needs at least ${k} samples, got ${n}`);
  });

  it('stays exact for large n, where C(n, k) overflows', () => {
    expect(passAtK(100_000, 10, 1000)).toBeCloseTo(1 - 0.99 ** 10, 4);
    expect(passAtK(100_000, 99_000, 1000)).toBe(1);
  });
});

/** The textbook percentile of ascending values, the reference the selection must equal. */
function sortedPercentile(sorted: number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

describe('percentile (linear interpolation, as numpy)', () => {
  const sorted = Float64Array.from([1000, 200, 400, 100, 300]);
  it.each([
    [50, 300],
    [0.0001, 100.0004],
    [95, 880],
    [99, 976],
    [25, 200],
  ])('p%f -> %f', (p, expected) => {
    expect(percentile(sorted, p)).toBeCloseTo(expected, 6);
    expect(sortedPercentile([100, 200, 300, 400, 1000], p)).toBeCloseTo(expected, 6);
  });
  it('of one value is that value, of none NaN', () => {
    expect(percentile(Float64Array.from([42]), 99)).toBe(42);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });
});

describe('percentile by selection, values in any order', () => {
  let seed = 5;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const inputs: [string, () => number[]][] = [
    ['random', () => Array.from({ length: 1 + Math.floor(rand() * 3000) }, () => rand() * 5000)],
    ['ascending', () => Array.from({ length: 2000 }, (_, i) => i)],
    ['descending', () => Array.from({ length: 2000 }, (_, i) => 2000 - i)],
    ['few distinct', () => Array.from({ length: 2000 }, () => Math.floor(rand() * 3))],
    ['all equal', () => Array.from({ length: 500 }, () => 7)],
    ['organ pipe', () => Array.from({ length: 2000 }, (_, i) => Math.min(i, 2000 - i))],
    ['one', () => [42]],
    ['two', () => [9, 3]],
  ];
  it.each(inputs)('equals the percentile of the sorted values: %s', (_name, make) => {
    for (let n = 0; n < 20; n++) {
      const values = make();
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [0, 0.1, 1, 25, 50, 90, 95, 99, 99.9, 100])
        expect(percentile(Float64Array.from(values), p)).toBe(sortedPercentile(sorted, p));
    }
  });
});

describe('normalQuantile (the standard normal inverse CDF)', () => {
  // python3 -c "from statistics import NormalDist as N; [print(repr(p), repr(N().inv_cdf(p)))
  //   for p in (1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.1, 0.3, 0.6, 0.75, 0.9, 0.95,
  //   0.975, 0.995, 0.9995, 0.99999, 1 - 1e-12)]"
  const PYTHON: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798405],
    [1e-10, -6.361340902404056],
    [1e-5, -4.2648907939228256],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400538],
    [0.05, -1.6448536269514726],
    [0.1, -1.2815515655446008],
    [0.3, -0.5244005127080407],
    [0.6, 0.2533471031357998],
    [0.75, 0.6744897501960817],
    [0.9, 1.2815515655446008],
    [0.95, 1.6448536269514715],
    [0.975, 1.9599639845400536],
    [0.995, 2.5758293035489],
    [0.9995, 3.2905267314919255],
    [0.99999, 4.26489079392384],
    [0.999999999999, 7.0344869100478356],
  ];

  it('matches python to 1e-9 relative, centre and both tails', () => {
    for (const [p, x] of PYTHON) {
      expect(Math.abs(normalQuantile(p) - x) / Math.abs(x), `p = ${p}`).toBeLessThan(1e-9);
    }
  });

  it('is 0 at the median, infinite at the ends, NaN outside [0, 1]', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, NaN]) expect(normalQuantile(p)).toBeNaN();
  });
});

describe('intervals', () => {
  it('zFor gives the two-sided normal quantile', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 5);
    expect(zFor(0.9)).toBeCloseTo(1.644854, 5);
    expect(zFor(0.99)).toBeCloseTo(2.575829, 5);
  });

  it('wilson matches published values', () => {
    // Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662; 0/10 -> 0 to 0.2775.
    const a = wilson(81, 263, zFor(0.95));
    expect(a.low).toBeCloseTo(0.2553, 4);
    expect(a.high).toBeCloseTo(0.3662, 4);
    const b = wilson(0, 10, zFor(0.95));
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
    expect(wilson(0, 0, 1.96)).toEqual({ low: 0, high: 1 });
  });

  it("proportionDifference is Newcombe's method 10", () => {
    // Newcombe (1998), table II: 56/70 - 48/80 = 0.2, interval 0.0524 to 0.3339.
    const d = proportionDifference(56, 70, 48, 80, zFor(0.95));
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
    // 9/10 - 3/10 = 0.6: 0.1705 to 0.8090.
    const e = proportionDifference(9, 10, 3, 10, zFor(0.95));
    expect(e.low).toBeCloseTo(0.1705, 4);
    expect(e.high).toBeCloseTo(0.809, 3);
  });

  it('meanDifference is the normal interval of the difference', () => {
    const d = meanDifference(0.8, 0.03, 0.85, 0.04, 1.96);
    expect(d.low).toBeCloseTo(-0.05 - 1.96 * 0.05, 10);
    expect(d.high).toBeCloseTo(-0.05 + 1.96 * 0.05, 10);
  });
});
