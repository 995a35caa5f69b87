import { describe, expect, it } from 'vitest';
import type { Objective } from '../policy/policy.generated.js';
import type { Measured, Measurement, MetricQuery } from './metrics.js';
import { judgeObjective, type BaselineSide } from './objectives.js';

const NOISE = { confidence: 0.95, min_samples: 30 };
const QUERY: MetricQuery = { suite: 'quality', metric: { kind: 'pass_rate' } };

function objective(o: Partial<Objective>): Objective {
  return {
    id: 'o',
    suite: 'quality',
    metric: 'pass_rate',
    key: false,
    weight: 1,
    on_missing: 'fail',
    ...o,
  };
}

const rate = (x: number, n: number): Measured => ({ value: x / n, n, x, worst: [] });
const stable = (m: Measurement): BaselineSide => ({ label: 'stable', measurement: m });

function run(
  o: Partial<Objective>,
  current: Measurement,
  baseline?: BaselineSide,
  options: Partial<{ noise: typeof NOISE; onMissingBaseline: 'pass' | 'warn' | 'fail' }> = {},
) {
  return judgeObjective(objective(o), QUERY, current, baseline, {
    noise: options.noise ?? NOISE,
    onMissingBaseline: options.onMissingBaseline ?? 'warn',
  }).item;
}

describe('absolute criteria and bands', () => {
  it.each<[string, Partial<Objective>, number, string]>([
    ['pass', { pass: '>= 0.82' }, 0.9, 'pass'],
    ['the warn band', { pass: '>= 0.82', warn: '>= 0.78' }, 0.8, 'warn'],
    ['below the warn band', { pass: '>= 0.82', warn: '>= 0.78' }, 0.7, 'fail'],
    ['a list of criteria is an AND', { pass: ['>= 0.5', '< 0.6'] }, 0.65, 'fail'],
    ['a percentage', { pass: '<= 0.5%' }, 0.004, 'pass'],
    ['a percentage, missed', { pass: '<= 0.5%' }, 0.006, 'fail'],
    ['no pass criteria: informational', {}, 0.1, 'info'],
  ])('%s', (_name, o, v, status) => {
    const item = run(o, { value: v, n: 100, worst: [] });
    expect(item.status).toBe(status);
    expect(item.observed).toBe(v);
  });

  it('carries id, criteria, key and weight; only scored objectives have a weight', () => {
    const item = run(
      { id: 'q', pass: '>= 0.82', warn: '>= 0.78', key: true, weight: 3 },
      rate(90, 100),
    );
    expect(item).toMatchObject({
      id: 'q',
      expected: '>= 0.82; warn: >= 0.78',
      key: true,
      weight: 3,
      rule: 'objective',
    });
    expect(item.message).toBe('pass_rate of quality is 0.9: meets >= 0.82');
    expect(run({}, rate(1, 2)).weight).toBeUndefined();
  });

  it('names the worst cases of a failed objective, once each', () => {
    const worst = [
      { file: 0, ref: 3, label: 'refund', value: 0 },
      { file: 0, ref: 4, label: 'refund', value: 0 },
      { file: 0, ref: 9, label: 'invoice', value: 0 },
    ];
    const item = run({ pass: '>= 0.9' }, { ...rate(5, 10), worst });
    expect(item.message).toBe(
      'pass_rate of quality is 0.5: violates >= 0.9. Worst cases: refund, invoice',
    );
    expect(item.hint).toMatch(
      /look at the worst cases, fix them and re-run the evals; to accept the risk, add a waiver/,
    );
  });
});

describe('criteria relative to the baseline, and noise', () => {
  const objectiveNoDrop = { pass: '>= -10%' };

  it('a drop beyond noise fails (0.90 -> 0.70 on 1000 cases each)', () => {
    const item = run(objectiveNoDrop, rate(700, 1000), stable(rate(900, 1000)));
    expect(item.status).toBe('fail');
    expect(item.baseline).toBe(0.9);
    expect(item.message).toBe(
      'pass_rate of quality is 0.7, stable 0.9 (−0.2, −22.2 %): violates >= -10% (0.81)',
    );
  });

  it('the same drop on 20 cases warns: too few cases to tell', () => {
    const item = run(objectiveNoDrop, rate(14, 20), stable(rate(18, 20)));
    expect(item.status).toBe('warn');
    expect(item.message).toMatch(
      /violates >= -10% \(0\.81\); but with 20 and 20 cases \(fewer than noise\.min_samples 30\) a drop can only warn: a warning, not a failure/,
    );
  });

  it('the same drop on 20 cases warns by the interval too, when min_samples allows 20', () => {
    const item = run(objectiveNoDrop, rate(14, 20), stable(rate(18, 20)), {
      noise: { confidence: 0.95, min_samples: 10 },
    });
    expect(item.status).toBe('warn');
    expect(item.message).toMatch(
      /the change is within statistical noise: its 95% Newcombe\/Wilson interval is -0\.4\d+ to 0\.0\d+ on 20 and 20 cases/,
    );
  });

  it('a higher confidence widens the interval: what fails at 90 % can be noise at 99.9 %', () => {
    const now = rate(220, 300);
    const before = rate(270, 300);
    expect(
      run(objectiveNoDrop, now, stable(before), { noise: { confidence: 0.9, min_samples: 30 } })
        .status,
    ).toBe('fail');
    expect(
      run(objectiveNoDrop, now, stable(before), { noise: { confidence: 0.999, min_samples: 30 } })
        .status,
    ).toBe('warn');
  });

  it('noise never excuses an absolute criterion', () => {
    const item = run({ pass: ['>= -10%', '>= 0.8'] }, rate(14, 20), stable(rate(18, 20)));
    expect(item.status).toBe('fail');
  });

  it('a relative bound on a rate that must stay low (error rate at most +50 %)', () => {
    const q = { pass: '<= +50%' };
    expect(run(q, rate(400, 10_000), stable(rate(200, 10_000))).status).toBe('fail');
    expect(run(q, rate(40, 1000), stable(rate(20, 1000))).status).toBe('warn'); // 1000 cases: noise
    expect(run(q, rate(25, 1000), stable(rate(20, 1000))).status).toBe('pass');
  });

  it('means use their standard errors', () => {
    const now: Measured = { value: 0.8, n: 500, stderr: 0.01, worst: [] };
    const before: Measured = { value: 0.9, n: 500, stderr: 0.01, worst: [] };
    expect(run({ pass: '> -0.02' }, now, stable(before)).status).toBe('fail');
    const noisy: Measured = { value: 0.86, n: 500, stderr: 0.05, worst: [] };
    expect(run({ pass: '> -0.02' }, noisy, stable({ ...before, stderr: 0.05 })).status).toBe(
      'warn',
    );
  });

  it('a metric without a noise model (latency) fails on the criterion alone', () => {
    const now: Measured = { value: 2300, n: 500, worst: [] };
    const before: Measured = { value: 1800, n: 500, worst: [] };
    expect(run({ pass: '<= +10%' }, now, stable(before)).status).toBe('fail');
  });
});

describe('no baseline', () => {
  it.each<['pass' | 'warn' | 'fail', string]>([
    ['warn', 'warn'],
    ['pass', 'pass'],
    ['fail', 'fail'],
  ])('on_missing: %s gives %s, and says why', (rule, status) => {
    const item = run(
      { pass: '>= -10%' },
      rate(8, 10),
      { missing: 'stable does not exist here or on the remote' },
      { onMissingBaseline: rule },
    );
    expect(item.status).toBe(status);
    expect(item.baseline).toBeNull();
    expect(item.message).toBe(
      `pass_rate of quality is 0.8: no baseline (stable does not exist here or on the remote): relative criteria not judged, ${rule} by baseline.on_missing`,
    );
  });

  it('absolute criteria still decide', () => {
    const item = run({ pass: ['>= -10%', '>= 0.9'] }, rate(8, 10), { missing: 'gone' });
    expect(item.status).toBe('fail');
  });

  it('a metric absent from the baseline is a missing baseline too', () => {
    const item = run(
      { pass: '>= -10%' },
      rate(8, 10),
      stable({ missing: 'suite quality is not in the results (suites: safety)' }),
    );
    expect(item.status).toBe('warn');
    expect(item.message).toMatch(
      /no baseline \(stable: suite quality is not in the results \(suites: safety\)\)/,
    );
  });
});

describe('missing data and errors', () => {
  it.each<['fail' | 'warn']>([['fail'], ['warn']])(
    'a missing metric gives on_missing: %s',
    (rule) => {
      const item = run(
        { pass: '>= 0.8', on_missing: rule },
        { missing: 'no case has the metric faithfulness' },
      );
      expect(item).toMatchObject({ status: rule, observed: null });
      expect(item.message).toBe(
        'pass_rate of quality is missing: no case has the metric faithfulness',
      );
    },
  );

  it('a metric that cannot be computed is an error', () => {
    const item = run(
      { pass: '>= 0.8' },
      { error: 'not enough samples for pass@5: 1 case has fewer than 5 (a: 3)' },
    );
    expect(item.status).toBe('error');
    expect(item.hint).toMatch(/run at least k samples/);
  });
});
