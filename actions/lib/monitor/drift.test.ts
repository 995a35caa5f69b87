import { describe, expect, it } from 'vitest';
import { FeatureCounts, psi, type FeatureSpec } from './drift.js';
import type { Interaction } from './interaction.js';

function counts(spec: Partial<FeatureSpec> & { field: string }, values: Record<string, number>) {
  const c = new FeatureCounts({ max_categories: 50, ...spec });
  for (const [value, n] of Object.entries(values))
    for (let i = 0; i < n; i++)
      c.add({ [spec.field]: value === '(none)' ? undefined : value } as Interaction);
  return c;
}

function numbers(spec: FeatureSpec, values: number[]) {
  const c = new FeatureCounts(spec);
  for (const v of values) c.add({ [spec.field]: v } as unknown as Interaction);
  return c;
}

describe('PSI', () => {
  it('matches the hand-computed value for a categorical feature', () => {
    // Shares 0.5/0.3/0.2 -> 0.4/0.3/0.3:
    // (0.4-0.5)·ln(0.4/0.5) + 0 + (0.3-0.2)·ln(0.3/0.2) = 0.0223144 + 0.0405465 = 0.0628609
    const r = psi(
      counts({ field: 'lang' }, { en: 50, de: 30, fr: 20 }),
      counts({ field: 'lang' }, { en: 40, de: 30, fr: 30 }),
      1e-4,
    );
    expect(r.psi).toBeCloseTo(0.0628609, 6);
    expect(r.buckets[0]).toMatchObject({ bucket: 'fr', expected: 0.2, actual: 0.3 });
  });

  it('is 0 for identical distributions, whatever the sizes', () => {
    const r = psi(
      counts({ field: 'x' }, { a: 10, b: 30 }),
      counts({ field: 'x' }, { a: 100, b: 300 }),
      1e-4,
    );
    expect(r.psi).toBeCloseTo(0, 12);
  });

  it('takes epsilon for a bucket empty in one window (a value the reference never saw)', () => {
    // Reference a 1.0; window a 0.5, new 0.5 pooled as (other), whose reference share is
    // epsilon = 0.0001: (0.5-1)·ln(0.5) + (0.5-0.0001)·ln(0.5/0.0001) = 0.3465736 + 4.2577449
    const r = psi(
      counts({ field: 'x' }, { a: 100 }),
      counts({ field: 'x' }, { a: 50, new: 50 }),
      1e-4,
    );
    expect(r.psi).toBeCloseTo(0.3465736 + 0.4999 * Math.log(0.5 / 0.0001), 6);
    expect(r.psi).toBeCloseTo(4.6043185, 6);
    expect(r.buckets[0]!.bucket).toBe('(other)');
  });

  it('buckets numbers by their upper bounds, the last bucket open', () => {
    const spec = { field: 'n', buckets: [10, 20], max_categories: 50 };
    const ref = numbers(spec, [5, 10, 15, 20, 25, 30, 35, 40]); // 2 / 2 / 4
    const now = numbers(spec, [1, 2, 3, 4, 11, 12, 50, 60]); // 4 / 2 / 2
    expect([...ref.counts]).toEqual([
      ['≤ 10', 2],
      ['10–20', 2],
      ['> 20', 4],
    ]);
    // (0.5-0.25)·ln(2) + 0 + (0.25-0.5)·ln(0.5) = 0.3465736
    expect(psi(ref, now, 1e-4).psi).toBeCloseTo(0.3465736, 6);
  });

  it('pools categories beyond max_categories as (other) in both windows', () => {
    const ref = counts({ field: 'x', max_categories: 2 }, { a: 40, b: 30, c: 20, d: 10 });
    const now = counts({ field: 'x', max_categories: 2 }, { a: 40, b: 30, c: 10, d: 20 });
    // c and d pooled: (other) 0.3 in both: PSI 0.
    expect(psi(ref, now, 1e-4).psi).toBeCloseTo(0, 12);
  });

  it('counts absent values as (missing) and the query length in characters', () => {
    const lang = counts({ field: 'lang' }, { en: 1, '(none)': 1 });
    expect(lang.counts.get('(missing)')).toBe(1);
    const len = new FeatureCounts({ field: 'query_length', buckets: [3], max_categories: 50 });
    len.add({ query: '😀😀😀' } as Interaction);
    len.add({ query: 'abcd' } as Interaction);
    expect([...len.counts]).toEqual([
      ['≤ 3', 1],
      ['> 3', 1],
    ]);
  });
});
