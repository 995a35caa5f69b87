import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { parsePolicy } from './load.js';

const HEAD = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
  logs: evals/production/interactions.jsonl
`;

function problems(monitoring: string) {
  try {
    parsePolicy(Buffer.from(HEAD + monitoring), 'policy.yaml');
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  return [];
}

describe('the monitoring section', () => {
  it('accepts the SLOs, triggers and defaults of docs/monitoring.md', () => {
    const loaded = parsePolicy(
      Buffer.from(
        HEAD +
          `  slos:
    - { id: p95, metric: latency_p95, pass: '< 2000', warn: '< 2500' }
  drift:
    reference: evals/production/reference.jsonl
    features: [{ field: query_length, buckets: [20, 50] }, { field: metadata.intent }]
  quality: { previous: evals/production/previous.jsonl }
  incidents: {}
`,
      ),
      'policy.yaml',
    );
    expect(loaded.policy.monitoring).toMatchObject({
      request_latency_ms: 5000,
      max_bad_lines: '1%',
      harmful_labels: ['harmful', 'unsafe'],
      slos: [{ on_breach: 'issue' }],
      drift: {
        epsilon: 0.0001,
        pass: '<= 0.1',
        warn: '<= 0.2',
        on_breach: 'issue',
        features: [{ max_categories: 50 }, {}],
      },
      quality: { pass: '>= -10%', min_ratings: 30, on_breach: 'issue' },
      incidents: { label: 'incident', max_per_month: 3, on_breach: 'issue' },
      issue_labels: ['incident', 'monitoring'],
      rollback_workflow: 'rollback.yml',
    });
  });

  it.each([
    [
      'a relative SLO criterion',
      "  slos:\n    - { id: p95, metric: latency_p95, pass: '<= +10%' }\n",
      [10, /"<= \+10%" compares with a baseline, but SLO p95 has none/, /absolute criterion/],
    ],
    [
      'a relative PSI criterion',
      "  drift:\n    reference: r.jsonl\n    features: [{ field: language }]\n    warn: '<= +5%'\n",
      [12, /the drift PSI has none/, /absolute/],
    ],
    [
      'a feature listed twice',
      '  drift:\n    reference: r.jsonl\n    features: [{ field: language }, { field: language }]\n',
      [11, /the drift feature language is listed twice/, /list each feature once/],
    ],
    [
      'buckets out of order',
      '  drift:\n    reference: r.jsonl\n    features: [{ field: query_length, buckets: [50, 20] }]\n',
      [11, /the buckets of query_length are not in ascending order/, /smallest to the largest/],
    ],
    [
      'query_length without buckets',
      '  drift:\n    reference: r.jsonl\n    features: [{ field: query_length }]\n',
      [11, /query_length is a number: its drift needs buckets/, /buckets: \[20, 50, 100, 200\]/],
    ],
    [
      'an unknown SLO metric',
      "  slos:\n    - { id: p95, metric: latency_p97, pass: '< 2000' }\n",
      [10, /must be one of/, /.*/],
    ],
    [
      'a quality trigger without a previous period',
      '  quality: { min_ratings: 10 }\n',
      [9, /missing the required key "previous"/, /previous/],
    ],
    [
      'a rollback workflow that is not a workflow file',
      '  rollback_workflow: rollback\n',
      [9, /rollback_workflow/, /name a workflow file, e\.g\. rollback\.yml/],
    ],
  ] as const)('refuses %s, at its line', (_what, monitoring, [line, message, hint]) => {
    const [first] = problems(monitoring);
    expect(first?.location?.line).toBe(line);
    expect(first?.message).toMatch(message);
    expect(first?.hint).toMatch(hint);
  });
});
