import { describe, expect, it } from 'vitest';
import { backtrackingRisk } from './regex-risk.js';

/** Time of one whole-value match against a text that almost matches, in ms. */
function timeOf(pattern: string, text: string): number {
  const re = new RegExp(`^(?:${pattern})$`);
  const start = performance.now();
  re.test(text);
  return performance.now() - start;
}

describe('backtrackingRisk refuses patterns that backtrack catastrophically', () => {
  it.each([
    '(a+)+',
    '(a*)*b',
    '(\\w+\\s?)*',
    '([a-z]+[a-z])+@x\\.com',
    '(a|a)*',
    '(\\w|\\d)+x',
    '(?:[a-z0-9]+)*@acme\\.com',
    '(.*a){12}',
    '((ab)*|a)*c',
  ])('%s', (pattern) => {
    expect(backtrackingRisk(pattern)).toMatch(/^the repetition at character \d+ holds/);
  });

  it('refuses for a reason: the first shape takes V8 exponential time', () => {
    // Each added character doubles the time; 22 are already tens of milliseconds.
    expect(timeOf('(a+)+', 'a'.repeat(22) + '!')).toBeGreaterThan(5);
    expect(timeOf('(?:[a-z]+\\.)+com', 'a'.repeat(22) + '!')).toBeLessThan(5);
  });

  it.each([
    '(?:returns|billing|privacy)@support\\.acme-corp\\.com',
    '[a-z.]+@acme-corp\\.com',
    '(?:[a-z0-9-]+\\.)+example\\.org',
    '\\+1 800 555 01\\d\\d',
    '(?:\\d{3}-){2}\\d{4}',
    'sk-test-[A-Za-z0-9]{24}',
    '[^@]+@(?:a|b)\\.acme\\.com',
    '(?=.*@)[a-z]+@acme\\.com',
    'a{1,3}b{2}',
  ])('%s is accepted', (pattern) => {
    expect(backtrackingRisk(pattern)).toBeUndefined();
  });
});
