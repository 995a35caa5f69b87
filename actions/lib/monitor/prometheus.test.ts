import { describe, expect, it } from 'vitest';
import { planFor, queriesOf, readNumber, withSuffix } from './prometheus.js';

const answer = (status: number, body: unknown) =>
  ({
    kind: 'answer',
    url: 'http://p:9090/api/v1/query',
    status,
    body: JSON.stringify(body),
  }) as const;
const vector = (...values: string[]) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1, v] })),
  },
});

describe('the PromQL of an SLO', () => {
  it('puts the suffix on the name, before the labels', () => {
    expect(withSuffix('x{job="a"}', '_bucket')).toBe('x_bucket{job="a"}');
    expect(withSuffix('x', '_count')).toBe('x_count');
  });

  it('builds the quantile and the ratio, and refuses what metrics cannot measure', () => {
    const p95 = planFor('latency_p95', { histogram: 'h{job="a"}', unit: 's' }, '24h');
    expect('missing' in p95 ? [] : queriesOf(p95)).toEqual([
      'histogram_quantile(0.95, sum by (le) (rate(h_bucket{job="a"}[24h])))',
      'sum(increase(h_count{job="a"}[24h]))',
    ]);
    const errors = planFor('error_rate', { errors: 'e', total: 't', unit: 's' }, '1h');
    expect('missing' in errors ? [] : queriesOf(errors)).toEqual([
      'sum(increase(e[1h]))',
      'sum(increase(t[1h]))',
    ]);
    expect(planFor('pii_leaks', { total: 't', unit: 's' }, '1h')).toHaveProperty('missing');
    expect(planFor('error_rate', { total: 't', unit: 's' }, '1h')).toHaveProperty('missing');
  });
});

describe('reading an answer fails closed', () => {
  it('one finite number, and nothing else', () => {
    expect(readNumber(answer(200, vector('0.25')), 'q')).toBe(0.25);
    expect(readNumber(answer(200, vector()), 'q')).toHaveProperty('missing');
    expect(readNumber(answer(200, vector('1', '2')), 'q')).toHaveProperty('missing');
    expect(readNumber(answer(200, vector('NaN')), 'q')).toHaveProperty('missing');
    expect(readNumber(answer(200, vector('+Inf')), 'q')).toHaveProperty('missing');
    expect(
      readNumber(
        answer(400, { status: 'error', errorType: 'bad_data', error: 'parse error' }),
        'q',
      ),
    ).toMatchObject({
      missing: 'Prometheus refused the query q: bad_data: parse error',
    });
    expect(readNumber(answer(502, 'proxy error'), 'q')).toHaveProperty('missing');
    expect(
      readNumber({ kind: 'unreachable', url: 'http://p', detail: 'ECONNREFUSED' }, 'q'),
    ).toHaveProperty('missing');
  });
});
