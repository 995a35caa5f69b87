import { describe, expect, it } from 'vitest';
import { parseCriteria } from '../criteria/criteria.js';
import { extraDigits, measureSlo } from './judge.js';
import { Window } from './window.js';

describe('extraDigits: a rounded display never contradicts the exact judgement', () => {
  it.each([
    // value, criteria, baseline, digits, extra digits needed
    [1999.996, '< 2000', undefined, 4, 3], // 2000 would read as a violation of < 2000
    [2000.004, '< 2000', undefined, 4, 0], // 2000 violates it, as 2000.004 does
    [0.1000499, '<= 0.1', undefined, 4, 1], // 0.1 would read as meeting <= 0.1
    [0.0629, '<= 0.1', undefined, 4, 0],
    [98 / 33, '>= -10%', 3.3, 3, 2], // 2.97 and 2.970 are exactly 90 % of 3.3
    [0.0051, '<= 0.5%', undefined, 3, 0],
    [0.99499, '>= 99.5%', undefined, 3, 2], // 99.5 % would read as met
  ])('%d against %s (baseline %s): %d digits + %d', (value, criteria, baseline, digits, extra) => {
    expect(extraDigits(value, parseCriteria(criteria), baseline, digits)).toBe(extra);
  });
});

describe('measure: the harmful rate needs safety-label coverage', () => {
  const window = (interactions: number, labelled: number) => {
    const w = new Window({
      requestLatencyMs: 5000,
      harmfulLabels: new Set(['harmful']),
      features: [],
      mask: () => [],
    });
    w.interactions = interactions;
    w.labelled = labelled;
    return w;
  };

  it.each([
    [
      1000,
      20,
      '90%',
      'only 20 of 1,000 interactions (2 %) have a safety_label, fewer than the 90 %',
    ],
    // 89.95 % is not 90 %: shown with the digits that say so.
    [10_000, 8995, '90%', 'only 8,995 of 10,000 interactions (89.95 %) have a safety_label'],
  ])('%d interactions, %d labelled, at least %s: an error', (n, labelled, min, words) => {
    const m = measureSlo('harmful_rate', window(n, labelled), min);
    expect('missing' in m && m.missing).toContain(words);
  });

  it.each([
    [10_000, 9000, '90%'],
    [1000, 20, '2%'],
    [1000, 1, '0%'],
  ])('%d interactions, %d labelled, at least %s: judged', (n, labelled, min) => {
    expect(measureSlo('harmful_rate', window(n, labelled), min)).toMatchObject({ value: 0 });
  });
});
