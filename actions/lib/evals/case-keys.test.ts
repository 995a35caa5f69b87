import { describe, expect, it } from 'vitest';
import { CaseKeys } from './case-keys.js';

describe('CaseKeys', () => {
  it.each<[string, [string, number | undefined][], boolean[]]>([
    [
      'samples of one case',
      [
        ['a', 0],
        ['a', 1],
        ['a', 2],
      ],
      [true, true, true],
    ],
    [
      'a sample given twice',
      [
        ['a', 0],
        ['a', 1],
        ['a', 0],
      ],
      [true, true, false],
    ],
    [
      'a sample given again after other cases',
      [
        ['a', 0],
        ['b', 0],
        ['a', 0],
      ],
      [true, true, false],
    ],
    [
      'a case without samples given twice',
      [
        ['a', undefined],
        ['b', undefined],
        ['a', undefined],
      ],
      [true, true, false],
    ],
    [
      'a case with and without a sample',
      [
        ['a', undefined],
        ['a', 0],
      ],
      [true, true],
    ],
    [
      'samples from 31 on',
      [
        ['a', 30],
        ['a', 31],
        ['a', 99],
        ['a', 31],
        ['a', 99],
      ],
      [true, true, true, false, false],
    ],
  ])('%s', (_name, adds, expected) => {
    const keys = new CaseKeys();
    expect(adds.map(([id, sample]) => keys.add(id, sample))).toEqual(expected);
  });

  it('keeps every case while the table grows, high samples included', () => {
    const keys = new CaseKeys();
    for (let i = 0; i < 50_000; i++) {
      expect(keys.add(`case-${i}`, 0)).toBe(true);
      expect(keys.add(`case-${i}`, 40)).toBe(true);
    }
    for (let i = 0; i < 50_000; i += 997) {
      expect(keys.add(`case-${i}`, 0)).toBe(false);
      expect(keys.add(`case-${i}`, 40)).toBe(false);
      expect(keys.add(`case-${i}`, 1)).toBe(true);
    }
  });
});
