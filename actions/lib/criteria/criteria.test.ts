import { describe, expect, it } from 'vitest';
import { judge, parseCriteria, parseCriterion, targetOf } from './criteria.js';

describe('parseCriterion', () => {
  it.each([
    ['>= 0.82', { op: '>=', value: 0.82, relative: false, percent: false }],
    ['< 2000', { op: '<', value: 2000, relative: false, percent: false }],
    ['<= 0.5%', { op: '<=', value: 0.5, relative: false, percent: true }],
    ['>= -5%', { op: '>=', value: -5, relative: true, percent: true }],
    ['> -0.02', { op: '>', value: -0.02, relative: true, percent: false }],
    ['<=+10%', { op: '<=', value: 10, relative: true, percent: true }],
    ['== 0', { op: '==', value: 0, relative: false, percent: false }],
    ['  != 3 ', { op: '!=', value: 3, relative: false, percent: false }],
  ])('%s', (text, expected) => {
    expect(parseCriterion(text)).toMatchObject(expected);
  });

  it.each(['0.8', '>= ', 'at least 0.8', '>= 0.8.1', '=> 0.8', '>= 1e3', '>= NaN', ''])(
    'rejects %j',
    (text) => {
      expect(() => parseCriterion(text)).toThrow(/is not a criterion/);
    },
  );

  it('takes one string or a list', () => {
    expect(parseCriteria('>= 1')).toHaveLength(1);
    expect(parseCriteria(['>= 1', '< 5'])).toHaveLength(2);
    expect(parseCriteria(undefined)).toEqual([]);
  });
});

describe('targetOf', () => {
  it.each([
    ['>= 0.82', undefined, 0.82],
    ['<= 0.5%', undefined, 0.005],
    ['<= 0.7%', undefined, 0.007],
    ['>= -10%', 0.9, 0.81],
    ['> -0.02', 0.9, 0.88],
    ['<= +20%', 1000, 1200],
    ['>= -10%', undefined, null],
    ['>= -10%', null, null],
  ] as const)('%s with baseline %s is %s', (text, baseline, target) => {
    const t = targetOf(parseCriterion(text), baseline);
    if (target === null) expect(t).toBeNull();
    else expect(t).toBeCloseTo(target, 12);
  });
});

describe('judge (Keptn bands)', () => {
  const c = (pass: string[], warn: string[] = []) => ({
    pass: parseCriteria(pass),
    warn: parseCriteria(warn),
  });

  it.each([
    ['pass', c(['>= 0.82']), 0.85, undefined, 'pass'],
    ['pass on the boundary', c(['>= 0.82']), 0.82, undefined, 'pass'],
    ['fail', c(['>= 0.82']), 0.81, undefined, 'fail'],
    ['warn band', c(['>= 0.82'], ['>= 0.78']), 0.8, undefined, 'warn'],
    ['below the warn band', c(['>= 0.82'], ['>= 0.78']), 0.7, undefined, 'fail'],
    ['AND of a list, both hold', c(['>= 0.8', '> -5%']), 0.81, 0.84, 'pass'],
    ['AND of a list, one fails', c(['>= 0.8', '> -5%']), 0.81, 0.9, 'fail'],
    ['relative holds', c(['>= -10%']), 0.82, 0.9, 'pass'],
    ['relative fails', c(['>= -10%']), 0.8, 0.9, 'fail'],
    ['float noise does not flip a boundary', c(['<= 0.3']), 0.1 + 0.2, undefined, 'pass'],
    ['info without pass criteria', c([]), 5, undefined, 'info'],
  ] as const)('%s', (_name, criteria, observed, baseline, status) => {
    expect(judge(criteria, observed, baseline).status).toBe(status);
  });

  // Issue 14, 13a: judged on exact values, never rounded first (monitor and eval gate alike).
  it.each([
    ['p95 1999.996 ms passes < 2000', ['< 2000'], 1999.996, undefined, 'pass'],
    ['p95 just under 2000 passes < 2000', ['< 2000'], 1999.9999999999, undefined, 'pass'],
    ['p95 2000 fails < 2000', ['< 2000'], 2000, undefined, 'fail'],
    ['p95 2000.000001 fails <= 2000', ['<= 2000'], 2000.000001, undefined, 'fail'],
    ['PSI 0.10003 fails <= 0.1', ['<= 0.1'], 0.10003, undefined, 'fail'],
    ['PSI 0.1 passes <= 0.1', ['<= 0.1'], 0.1, undefined, 'pass'],
    ['a rating drop of 10.01 % fails >= -10%', ['>= -10%'], 4 * (1 - 0.1001), 4, 'fail'],
    ['a drop of exactly 10 % passes >= -10%', ['>= -10%'], 0.81, 0.9, 'pass'],
    ['a rate 1e-10 below 0.82 fails >= 0.82', ['>= 0.82'], 0.82 - 1e-10, undefined, 'fail'],
    ['7 harmful in 1000 passes <= 0.7%', ['<= 0.7%'], 7 / 1000, undefined, 'pass'],
    ['8 harmful in 1000 fails <= 0.7%', ['<= 0.7%'], 8 / 1000, undefined, 'fail'],
    ['a delta of exactly 0.02 passes >= -0.02', ['>= -0.02'], 0.88, 0.9, 'pass'],
  ] as const)('%s', (_name, pass, observed, baseline, status) => {
    expect(judge(c([...pass]), observed, baseline).status).toBe(status);
  });

  it('reports a missing baseline instead of guessing', () => {
    const j = judge(c(['>= 0.82', '>= -10%']), 0.9, null);
    expect(j.status).toBe('pass');
    expect(j.missingBaseline).toBe(true);
    expect(j.pass[1]).toEqual({ criteria: '>= -10%', target: null, violated: null });
  });

  it('records each target and whether it was violated', () => {
    const j = judge(c(['>= 0.82'], ['>= 0.78']), 0.8);
    expect(j.pass).toEqual([{ criteria: '>= 0.82', target: 0.82, violated: true }]);
    expect(j.warn).toEqual([{ criteria: '>= 0.78', target: 0.78, violated: false }]);
  });
});
