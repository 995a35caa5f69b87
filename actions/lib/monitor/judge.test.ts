import { describe, expect, it } from 'vitest';
import { parseCriteria } from '../criteria/criteria.js';
import { extraDigits } from './judge.js';

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
