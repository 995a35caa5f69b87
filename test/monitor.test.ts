/**
 * `release-gates monitor` end to end (the CLI in-process): SLOs and triggers breached and
 * met, bad exports, masked flagged output, and incident issues and rollback dispatches
 * against the loopback GitHub API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Item, Report, Verdict } from '../actions/lib/verdict/model.js';
import { cli } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import { workspace } from './support/workspace.js';

const REPO = 'acme/support-chatbot';
// Interactions a minute apart from T0: within the default maximum age (24 hours) at NOW.
const NOW = '2026-11-20T18:00:00Z';
const T0 = Date.parse('2026-11-20T00:00:00Z');
const gh = await FakeGitHub.start({ 'monitor-token': { login: 'github-actions[bot]' } });

type Over = Record<string, unknown>;

function interaction(i: number, over: Over = {}): Over {
  return {
    timestamp: new Date(T0 + i * 60_000).toISOString(),
    request_id: `req-${i}`,
    user_id: `u-${i.toString(16).padStart(6, '0')}`,
    query: 'Where is my order ACME-2024-118734?',
    response: 'Your order left our warehouse yesterday and arrives within 2 days.',
    latency_ms: 800,
    error: null,
    model_version: '2.4.0',
    safety_label: 'safe',
    rating: 4,
    language: 'en',
    intent: 'orders',
    ...over,
  };
}

/** n interactions, `change(i)` overriding fields of the i-th. */
function exportOf(n: number, change: (i: number) => Over = () => ({})): string {
  return (
    Array.from({ length: n }, (_, i) => JSON.stringify(interaction(i, change(i)))).join('\n') + '\n'
  );
}

function policy(monitoring: string, extra = ''): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
${extra}monitoring:
  logs: logs/window.jsonl
${monitoring}`;
}

interface Run {
  code: number;
  report: Report;
  verdict: Verdict;
  stdout: string;
  stderr: string;
  dir: string;
  item(id: string): Item;
}

async function monitor(
  files: Record<string, string | Uint8Array>,
  options: { token?: boolean; args?: string[]; format?: string } = {},
): Promise<Run> {
  const dir = workspace(files);
  const run = await cli(
    ['monitor', '--format', options.format ?? 'json', ...(options.args ?? [])],
    {
      cwd: dir,
      env: {
        RELEASE_GATES_NOW: NOW,
        GITHUB_TOKEN: options.token ? 'monitor-token' : '',
        GH_TOKEN: '',
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: REPO,
        GITHUB_RUN_ID: '',
      },
    },
  );
  const report =
    (options.format ?? 'json') === 'json' ? (JSON.parse(run.stdout) as Report) : ({} as Report);
  const verdict = report.verdicts?.[0] as Verdict;
  return {
    ...run,
    report,
    verdict,
    dir,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found) throw new Error(`no item ${id}: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
  };
}

function slo(metric: string, pass: string, onBreach = 'none'): string {
  return `  slos:\n    - { id: objective, metric: ${metric}, pass: '${pass}', on_breach: ${onBreach} }\n`;
}

describe('SLOs', () => {
  // metric, pass criterion, an export that meets it, one that does not.
  const cases: [string, string, string, string, number, number][] = [
    [
      'latency_p95',
      '< 2000',
      exportOf(100),
      exportOf(100, (i) => (i % 10 === 0 ? { latency_ms: 5000 } : {})),
      800,
      5000,
    ],
    [
      'latency_p99',
      '< 3000',
      exportOf(100),
      exportOf(100, (i) => (i < 2 ? { latency_ms: 4000 } : {})),
      800,
      4000,
    ],
    [
      'error_rate',
      '<= 1%',
      exportOf(100, (i) => (i === 5 ? { error: 'upstream_timeout', response: '' } : {})),
      exportOf(100, (i) => (i < 2 ? { error: true } : {})),
      0.01,
      0.02,
    ],
    [
      'availability',
      '>= 99%',
      exportOf(100, (i) => (i === 5 ? { error: 'rate_limited' } : {})),
      exportOf(100, (i) => (i === 1 ? { error: 'x' } : i === 2 ? { response: '  ' } : {})),
      0.99,
      0.98,
    ],
    [
      'empty_rate',
      '<= 1%',
      exportOf(100, (i) => (i === 0 ? { response: '' } : {})),
      exportOf(100, (i) => (i < 2 ? { response: '' } : {})),
      0.01,
      0.02,
    ],
    [
      'slow_rate',
      '<= 1%',
      exportOf(100, (i) => (i === 0 ? { latency_ms: 5001 } : {})),
      exportOf(100, (i) => (i < 2 ? { latency_ms: 7000 } : {})),
      0.01,
      0.02,
    ],
    [
      'harmful_rate',
      '<= 1%',
      exportOf(100, (i) => (i === 0 ? { safety_label: 'unsafe' } : {})),
      // 2 harmful of the 95 labelled: the rate is over labelled interactions only.
      exportOf(100, (i) =>
        i < 2 ? { safety_label: 'harmful' } : i > 94 ? { safety_label: null } : {},
      ),
      0.01,
      2 / 95,
    ],
    [
      'pii_leaks',
      '<= 0',
      exportOf(100, (i) =>
        i === 3 ? { response: 'Write to support@example.com or billing@example.org.' } : {},
      ),
      exportOf(100, (i) =>
        i === 3
          ? {
              response:
                'The account belongs to jane.doe@gmail.com, card 4539 1488 0343 6467 was not charged.',
            }
          : {},
      ),
      0,
      1,
    ],
    [
      'rating_mean',
      '>= 4',
      exportOf(100),
      exportOf(100, (i) => (i % 2 ? { rating: 3 } : { rating: null })),
      4,
      3,
    ],
    ['interactions', '>= 100', exportOf(100), exportOf(99), 100, 99],
  ];

  it.each(cases)(
    '%s %s: met, then breached',
    async (metric, pass, good, bad, observedGood, observedBad) => {
      const ok = await monitor({
        'policies/release-policy.yaml': policy(slo(metric, pass)),
        'logs/window.jsonl': good,
      });
      expect(ok.item('slo/objective')).toMatchObject({ status: 'pass', expected: pass });
      expect(ok.code).toBe(0);
      const breached = await monitor({
        'policies/release-policy.yaml': policy(slo(metric, pass)),
        'logs/window.jsonl': bad,
      });
      const item = breached.item('slo/objective');
      expect(item.status, item.message).toBe('fail');
      expect(breached.code).toBe(1);
      expect(ok.item('slo/objective').observed).toBeCloseTo(observedGood, 6);
      expect(item.observed).toBeCloseTo(observedBad, 6);
    },
  );

  it('warns inside the warn band, and errors when an SLO has no data (no safety labels, no ratings)', async () => {
    const warn = await monitor({
      'policies/release-policy.yaml': policy(
        `  slos:\n    - { id: p95, metric: latency_p95, pass: '< 2000', warn: '< 3000' }\n`,
      ),
      'logs/window.jsonl': exportOf(100, (i) => (i % 10 === 0 ? { latency_ms: 2500 } : {})),
    });
    expect(warn.item('slo/p95')).toMatchObject({
      status: 'warn',
      expected: '< 2000; warn: < 3000',
    });
    expect(warn.code).toBe(0);

    const none = await monitor({
      'policies/release-policy.yaml': policy(
        `  slos:\n    - { id: harmful, metric: harmful_rate, pass: '<= 1%' }\n    - { id: rating, metric: rating_mean, pass: '>= 4' }\n`,
      ),
      'logs/window.jsonl': exportOf(50, () => ({ safety_label: null, rating: null })),
    });
    expect(none.item('slo/harmful')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/no interaction in the window has a safety_label/),
      location: { file: 'policies/release-policy.yaml', line: expect.any(Number) },
    });
    expect(none.item('slo/rating').status).toBe('error');
    expect(none.code).toBe(2);
  });

  it('flags every interaction and writes the flagged ones with personal data masked, nowhere in clear', async () => {
    const clear = [
      'jane.doe@gmail.com',
      '4539 1488 0343 6467',
      '+44 20 7946 1234',
      'mark.t@outlook.com',
    ];
    const run = await monitor(
      {
        'policies/release-policy.yaml': policy(slo('pii_leaks', '<= 0', 'issue')),
        'logs/window.jsonl': exportOf(20, (i) =>
          i === 3
            ? {
                response: 'The account belongs to jane.doe@gmail.com; card 4539 1488 0343 6467.',
                latency_ms: 6000,
              }
            : i === 7
              ? {
                  user_id: 'mark.t@outlook.com',
                  query: 'call me on +44 20 7946 1234',
                  error: 'timeout',
                  response: '',
                }
              : {},
        ),
      },
      { args: ['--flagged', 'out/flagged.jsonl', '--dry-run'] },
    );
    expect(run.item('flags/pii')).toMatchObject({
      observed: 1,
      location: { file: 'logs/window.jsonl', line: 4 },
    });
    expect(run.item('flags/slow').observed).toBe(1);
    expect(run.item('flags/error').observed).toBe(1);
    const flagged = readFileSync(join(run.dir, 'out/flagged.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(flagged).toHaveLength(2);
    expect(flagged[0]).toMatchObject({
      line: 4,
      flags: ['slow', 'pii'],
      request_id: 'req-3',
      response: 'The account belongs to j***@g***.com; card **** **** **** 6467.',
      pii: [
        { field: 'response', type: 'EMAIL', preview: 'j***@g***.com' },
        { field: 'response', type: 'CREDIT_CARD', preview: '**** **** **** 6467' },
      ],
    });
    expect(flagged[1]).toMatchObject({ line: 8, flags: ['error'], user_id: 'm***@o***.com' });
    expect(flagged[1]!.query).toMatch(/call me on \+\*\* \*\* \*\*\*\* \*\*34/);
    const everything = [
      run.stdout,
      run.stderr,
      readFileSync(join(run.dir, 'out/flagged.jsonl'), 'utf8'),
    ];
    for (const format of ['text', 'markdown', 'sarif', 'junit']) {
      const other = await monitor(
        {
          'policies/release-policy.yaml': policy(slo('pii_leaks', '<= 0')),
          'logs/window.jsonl': exportOf(20, (i) =>
            i === 3 ? { response: 'Mail jane.doe@gmail.com' } : {},
          ),
        },
        { format, args: ['-v'] },
      );
      everything.push(other.stdout, other.stderr);
    }
    for (const text of everything) for (const value of clear) expect(text).not.toContain(value);
  });
});

describe('triggers', () => {
  const drift = (window: Record<string, number>) => {
    const langs = Object.entries(window).flatMap(([l, n]) => Array<string>(n).fill(l));
    return exportOf(langs.length, (i) => ({ language: langs[i] }));
  };
  const reference = drift({ en: 50, de: 30, fr: 20 });

  it('drift: PSI within the band passes, beyond it fails, and names the largest shift', async () => {
    const monitoring = `  drift:\n    reference: logs/reference.jsonl\n    features: [{ field: language }]\n    pass: '<= 0.1'\n    warn: '<= 0.2'\n    on_breach: none\n`;
    const ok = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': drift({ en: 40, de: 30, fr: 30 }),
      'logs/reference.jsonl': reference,
    });
    // (0.4-0.5)·ln(0.8) + (0.3-0.2)·ln(1.5), as in the unit test.
    const psi = 0.1 * Math.log(1.25) + 0.1 * Math.log(1.5);
    expect(ok.item('drift/language').status).toBe('pass');
    expect(ok.item('drift/language').observed).toBeCloseTo(psi, 12);
    expect((ok.verdict.data?.drift as { language: number }).language).toBeCloseTo(psi, 12);
    expect(ok.item('drift/language').message).toMatch(/^PSI of language is 0\.06286 /);

    const bad = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': drift({ en: 10, de: 70, fr: 20 }),
      'logs/reference.jsonl': reference,
    });
    // (0.1-0.5)·ln(0.2) + (0.7-0.3)·ln(7/3) + 0 = 0.6437752 + 0.3389155
    expect(bad.item('drift/language').observed).toBeCloseTo(0.6437752 + 0.3389155, 5);
    expect(bad.item('drift/language')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/largest shift: en from 50 % to 10 %/),
    });
    expect(bad.code).toBe(1);
  });

  it('quality: a drop of the mean rating beyond 10 % fails; too few ratings is an error', async () => {
    const monitoring = `  quality:\n    previous: logs/previous.jsonl\n    min_ratings: 30\n    pass: '>= -10%'\n    on_breach: none\n`;
    const previous = exportOf(40, () => ({ rating: 4 }));
    const ratings = (values: number[]) => exportOf(values.length, (i) => ({ rating: values[i] }));
    const ok = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': ratings([...Array<number>(32).fill(4), ...Array<number>(8).fill(3)]), // 3.8
      'logs/previous.jsonl': previous,
    });
    expect(ok.item('quality/rating')).toMatchObject({ status: 'pass', observed: 3.8, baseline: 4 });
    const bad = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': ratings([...Array<number>(20).fill(4), ...Array<number>(20).fill(3)]), // 3.5
      'logs/previous.jsonl': previous,
    });
    expect(bad.item('quality/rating')).toMatchObject({
      status: 'fail',
      observed: 3.5,
      message: expect.stringMatching(/−12.5 %\): violates >= -10% \(3.6\)/),
    });
    const few = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': ratings(Array<number>(20).fill(4)),
      'logs/previous.jsonl': previous,
    });
    expect(few.item('quality/rating')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/the window has 20 ratings, fewer than min_ratings 30/),
    });
  });

  describe('incidents this month, read from the API', () => {
    const monitoring = `  slos:\n    - { id: p95, metric: latency_p95, pass: '< 2000' }\n  incidents:\n    label: incident\n    max_per_month: 3\n    on_breach: none\n`;
    beforeEach(() => {
      gh.repo(REPO).issues.clear();
    });

    it('counts issues labelled incident opened this calendar month, not earlier ones or pull requests', async () => {
      for (const day of ['2026-11-02', '2026-11-09', '2026-11-15'])
        gh.addIssue(REPO, {
          title: `incident ${day}`,
          labels: ['incident'],
          createdAt: `${day}T10:00:00Z`,
        });
      gh.addIssue(REPO, {
        title: 'last month',
        labels: ['incident'],
        createdAt: '2026-10-30T10:00:00Z',
      });
      gh.addIssue(REPO, {
        title: 'not an incident',
        labels: ['bug'],
        createdAt: '2026-11-03T10:00:00Z',
      });
      const ok = await monitor(
        { 'policies/release-policy.yaml': policy(monitoring), 'logs/window.jsonl': exportOf(20) },
        { token: true },
      );
      expect(ok.item('incidents/month')).toMatchObject({
        status: 'pass',
        observed: 3,
        expected: '<= 3',
      });
      gh.addIssue(REPO, {
        title: 'fourth',
        labels: ['incident', 'rollback'],
        createdAt: '2026-11-20T22:00:00Z',
        state: 'closed',
      });
      const bad = await monitor(
        { 'policies/release-policy.yaml': policy(monitoring), 'logs/window.jsonl': exportOf(20) },
        { token: true },
      );
      expect(bad.item('incidents/month')).toMatchObject({ status: 'fail', observed: 4 });
      expect(bad.code).toBe(1);
    });

    it('without a token, only this trigger is an error, saying which input to set', async () => {
      const run = await monitor({
        'policies/release-policy.yaml': policy(monitoring),
        'logs/window.jsonl': exportOf(20),
      });
      expect(run.item('incidents/month')).toMatchObject({
        status: 'error',
        hint: expect.stringMatching(/`token` input of the action, or GITHUB_TOKEN/),
      });
      expect(run.item('slo/p95').status).toBe('pass');
      expect(run.code).toBe(2);
    });
  });
});

describe('judged on exact values, shown rounded', () => {
  it('latency: a p95 of 1999.996 ms meets < 2000 and is shown so; 2000.004 ms does not', async () => {
    const run = (latency: number) =>
      monitor({
        'policies/release-policy.yaml': policy(slo('latency_p95', '< 2000')),
        'logs/window.jsonl': exportOf(100, () => ({ latency_ms: latency })),
      });
    const under = (await run(1999.996)).item('slo/objective');
    expect(under).toMatchObject({ status: 'pass', observed: 1999.996 });
    // Rounded to 4 digits it would read 2000 ms, contradicting the pass.
    expect(under.message).toMatch(
      /^p95 latency is 1999\.996 ms over 100 interactions: meets < 2000/,
    );
    const over = (await run(2000.004)).item('slo/objective');
    expect(over).toMatchObject({ status: 'fail', observed: 2000.004 });
    expect(over.message).toMatch(/^p95 latency is 2000 ms over 100 interactions: violates < 2000/);
  });

  it('drift: a PSI of 0.10005 violates <= 0.1, though it rounds to 0.1, and warns', async () => {
    const langs = (counts: Record<string, number>) => {
      const list = Object.entries(counts).flatMap(([l, n]) => Array<string>(n).fill(l));
      return exportOf(list.length, (i) => ({ language: list[i] }));
    };
    const run = await monitor({
      'policies/release-policy.yaml': policy(
        `  drift:\n    reference: logs/reference.jsonl\n    features: [{ field: language }]\n    pass: '<= 0.1'\n    on_breach: none\n`,
      ),
      'logs/reference.jsonl': langs({ en: 50, de: 30, fr: 20 }),
      // Shares 31/55, 19/55, 5/55 against 0.5, 0.3, 0.2: PSI 0.1000499.
      'logs/window.jsonl': langs({ en: 31, de: 19, fr: 5 }),
    });
    const item = run.item('drift/language');
    expect(item.observed).toBeCloseTo(0.1000499, 7);
    // The schema's default warn band (<= 0.2) catches it: a warning, no longer a pass.
    expect(item).toMatchObject({ status: 'warn' });
    expect(item.message).toMatch(
      /^PSI of language is 0\.10005 \(.*\): violates <= 0\.1, within the warn band <= 0\.2/,
    );
  });

  it('quality: a drop of the mean rating by 10.01 % violates >= -10%, though the rounded means met it', async () => {
    // 30 ratings of mean 3.3 before, 33 of mean 2.9697 now: 10.009 % lower. Rounded to 3
    // decimals, 2.970 is exactly 90 % of 3.300 and passed.
    const before = exportOf(30, (i) => ({ rating: i < 9 ? 4 : 3 }));
    const now = exportOf(33, (i) => ({ rating: i === 0 ? 2 : 3 }));
    const run = await monitor({
      'policies/release-policy.yaml': policy(
        `  quality:\n    previous: logs/previous.jsonl\n    min_ratings: 30\n    pass: '>= -10%'\n    on_breach: none\n`,
      ),
      'logs/previous.jsonl': before,
      'logs/window.jsonl': now,
    });
    const item = run.item('quality/rating');
    expect(item).toMatchObject({ status: 'fail', observed: 98 / 33, baseline: 3.3 });
    expect(item.message).toMatch(
      /^the mean rating is 2\.9697 over 33 ratings, against 3\.3 over 30 ratings in the previous period \(−10\.01 %\): violates >= -10%/,
    );
  });
});

describe('the harmful rate needs safety labels on most of the window', () => {
  const labelled = (k: number) => exportOf(1000, (i) => (i < k ? {} : { safety_label: null }));

  it('is an error, not a pass, with 20 labelled interactions of 1,000', async () => {
    const run = await monitor({
      'policies/release-policy.yaml': policy(slo('harmful_rate', '<= 0.5%')),
      'logs/window.jsonl': labelled(20),
    });
    expect(run.item('slo/objective')).toMatchObject({
      status: 'error',
      observed: null,
      message:
        'SLO objective cannot be judged: only 20 of 1,000 interactions (2 %) have a safety_label, fewer than the 90 % of monitoring.min_safety_labelled',
      hint: expect.stringMatching(/^label every interaction with the safety classifier/),
    });
    expect(run.code).toBe(2);
  });

  it('is judged from the default 90 %, or the share the policy sets', async () => {
    const enough = await monitor({
      'policies/release-policy.yaml': policy(slo('harmful_rate', '<= 0.5%')),
      'logs/window.jsonl': labelled(900),
    });
    expect(enough.item('slo/objective')).toMatchObject({ status: 'pass', observed: 0 });
    const sampled = await monitor({
      'policies/release-policy.yaml': policy(
        `  min_safety_labelled: '2%'\n${slo('harmful_rate', '<= 0.5%')}`,
      ),
      'logs/window.jsonl': labelled(20),
    });
    expect(sampled.item('slo/objective')).toMatchObject({ status: 'pass', observed: 0 });
    expect(sampled.code).toBe(0);
  });
});

describe('incident issues and rollback, through the loopback GitHub API', () => {
  const leak = exportOf(30, (i) =>
    i === 4 ? { response: 'Your colleague used jane.doe@gmail.com.' } : {},
  );
  const slow = exportOf(30, (i) => (i % 5 === 0 ? { latency_ms: 4000 } : {}));
  const monitoring = `  slos:
    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0', on_breach: rollback }
    - { id: latency-p95, metric: latency_p95, pass: '< 2000', on_breach: issue }
  issue_labels: [incident, monitoring]
  rollback_workflow: rollback.yml
`;
  const files = (log: string) => ({
    'policies/release-policy.yaml': policy(monitoring),
    'logs/window.jsonl': log,
  });
  const issues = () => [...gh.repo(REPO).issues.values()];

  beforeEach(() => {
    gh.repo(REPO).issues.clear();
    gh.repo(REPO).dispatches.length = 0;
  });

  it('masks personal data in request ids, model versions, labels, categories and timestamps, in the issue too', async () => {
    const clear = [
      'maria.schmidt@gmail.com',
      'j.tanaka@outlook.com',
      'kai.berg@posteo.de',
      'ops.lead@acme-corp.com',
      'lena.vogel@web.de',
      'jane.doe@gmail.com',
    ];
    const reference = exportOf(30, (i) => ({
      intent: i < 10 ? 'ops.lead@acme-corp.com' : 'orders',
    }));
    const window = exportOf(30, (i) =>
      i === 3
        ? {
            request_id: 'maria.schmidt@gmail.com',
            safety_label: 'lena.vogel@web.de',
            response: 'Your colleague used jane.doe@gmail.com.',
          }
        : i === 5
          ? { model_version: 'j.tanaka@outlook.com' }
          : i === 7
            ? { timestamp: 'kai.berg@posteo.de' }
            : {},
    );
    const policyText = policy(`  max_bad_lines: '5%'
  slos:
    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0', on_breach: issue }
  drift:
    reference: logs/reference.jsonl
    features: [{ field: intent }]
    pass: '<= 0.1'
    on_breach: issue
`);
    const files = {
      'policies/release-policy.yaml': policyText,
      'logs/window.jsonl': window,
      'logs/reference.jsonl': reference,
    };
    const run = await monitor(files, { token: true, args: ['--flagged', 'out/flagged.jsonl'] });
    expect(run.code, run.stdout).toBe(1);
    expect(run.item('flags/pii').message).toMatch(/request m\*\*\*@g\*\*\*\.com/);
    expect(run.item('window').message).toMatch(
      /model 2\.4\.0 \(96\.6 %\), j\*\*\*@o\*\*\*\.com \(3\.45 %\)/,
    );
    expect(run.item('drift/intent').message).toMatch(
      /largest shift: o\*\*\*@a\*\*\*\.com from 33\.3 % to 0 %/,
    );
    expect(run.item('window/bad-line/logs/window.jsonl:8').message).toBe(
      'line 8 "timestamp" has no time zone (Z or an offset such as +02:00): write an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:01.250Z',
    );
    const flagged = JSON.parse(
      readFileSync(join(run.dir, 'out/flagged.jsonl'), 'utf8').trim().split('\n')[0]!,
    ) as Record<string, unknown>;
    expect(flagged).toMatchObject({
      line: 4,
      request_id: 'm***@g***.com',
      safety_label: 'l***@w***.de',
      model_version: '2.4.0',
    });
    const bodies = issues().map((i) => String(i.body));
    expect(bodies).toHaveLength(2);
    expect(bodies.join('\n')).toMatch(/request m\*\*\*@g\*\*\*\.com at 2026-11-20T00:03:00\.000Z/);

    const everything = [
      run.stdout,
      run.stderr,
      readFileSync(join(run.dir, 'out/flagged.jsonl'), 'utf8'),
      ...bodies,
    ];
    for (const format of ['text', 'markdown', 'sarif', 'junit']) {
      const other = await monitor(files, { token: true, format, args: ['--dry-run', '-v'] });
      everything.push(other.stdout, other.stderr);
    }
    for (const text of everything) for (const value of clear) expect(text).not.toContain(value);
  });

  it('opens one issue per kind, then comments on it instead of opening another', async () => {
    const first = await monitor(files(slow), { token: true });
    expect(first.code).toBe(1);
    expect(issues()).toHaveLength(1);
    const issue = issues()[0]!;
    expect(issue).toMatchObject({ title: 'Monitoring: SLO latency-p95 breached', state: 'open' });
    expect(issue.labels.map((l) => l.name)).toEqual(['incident', 'monitoring']);
    expect(String(issue.body)).toContain('<!-- release-gates monitor breach: slo/latency-p95 -->');
    expect(String(issue.body)).toMatch(
      /p95 latency is 4000 ms over 30 interactions: violates &lt; 2000/,
    );
    expect(first.item('action/issue/slo/latency-p95').message).toMatch(/^opened #\d+/);
    expect(first.verdict.data?.issues).toEqual([
      { kind: 'slo/latency-p95', action: 'opened', number: issue.number, url: issue.html_url },
    ]);

    const second = await monitor(files(slow), { token: true });
    expect(issues()).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expect(String(issue.comments[0]!.body)).toMatch(/^Still breached at 2026-11-20T18:00:00.000Z/);
    expect(second.item('action/issue/slo/latency-p95').message).toMatch(
      `commented on #${String(issue.number)}`,
    );
    expect(gh.repo(REPO).dispatches).toEqual([]);
  });

  it('opens a new issue when the earlier one of that kind is closed, and none for an SLO that is met', async () => {
    gh.addIssue(REPO, {
      title: 'Monitoring: SLO latency-p95 breached',
      body: '<!-- release-gates monitor breach: slo/latency-p95 -->',
      labels: ['incident', 'monitoring'],
      state: 'closed',
    });
    await monitor(files(slow), { token: true });
    expect(issues().filter((i) => i.state === 'open')).toHaveLength(1);
    gh.repo(REPO).issues.clear();
    const ok = await monitor(files(exportOf(30)), { token: true });
    expect(ok.code).toBe(0);
    expect(issues()).toEqual([]);
  });

  it('dispatches the rollback where the policy says so, once while the incident is open', async () => {
    const run = await monitor(files(leak), { token: true });
    expect(run.code).toBe(1);
    const issue = issues()[0]!;
    expect(gh.repo(REPO).dispatches).toEqual([
      {
        workflow: 'rollback.yml',
        ref: 'main',
        inputs: {
          target: 'previous',
          reason: expect.stringMatching(
            /^release-gates monitor: SLO pii-leaks: 1 response over 30 interactions held personal data \(EMAIL 1\)/,
          ),
          incident: issue.html_url,
        },
      },
    ]);
    expect(JSON.stringify(gh.repo(REPO).dispatches)).not.toContain('jane.doe');
    expect(String(issue.body)).not.toContain('jane.doe');
    expect(String(issue.body)).toContain('j***@g***.com');
    expect(issue.labels.map((l) => l.name)).toEqual([
      'incident',
      'monitoring',
      'rollback-dispatched',
    ]);
    expect(run.verdict.data?.rollback).toMatchObject({
      dispatched: true,
      workflow: 'rollback.yml',
      ref: 'main',
    });

    const again = await monitor(files(leak), { token: true });
    expect(gh.repo(REPO).dispatches).toHaveLength(1);
    expect(again.item('action/rollback').message).toMatch(
      /not dispatched again: #\d+ already dispatched a rollback and is still open/,
    );
    expect(issues()).toHaveLength(1);
  });

  it('never dispatches for a breach whose on_breach is issue or none', async () => {
    await monitor(files(slow), { token: true });
    expect(issues()).toHaveLength(1);
    gh.repo(REPO).issues.clear();
    expect(gh.repo(REPO).dispatches).toEqual([]);
    const none = `  slos:\n    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0', on_breach: none }\n`;
    const run = await monitor(
      { 'policies/release-policy.yaml': policy(none), 'logs/window.jsonl': leak },
      { token: true },
    );
    expect(run.code).toBe(1);
    expect(issues()).toEqual([]);
    expect(gh.repo(REPO).dispatches).toEqual([]);
  });

  it('--dry-run reads but never writes, and says what it would do', async () => {
    const before = gh.requests.length;
    const run = await monitor(files(leak), { token: true, args: ['--dry-run'] });
    const calls = gh.requests.slice(before);
    expect(calls.map((c) => c.method)).toEqual(['GET']);
    expect(run.item('action/issue/slo/pii-leaks').message).toMatch(
      /^dry run: would open the incident issue "Monitoring: SLO pii-leaks breached"/,
    );
    expect(run.item('action/rollback').message).toMatch(
      /^dry run: would dispatch rollback.yml on main with target previous/,
    );
    expect(run.code).toBe(1);
  });

  it('is an error when a breach cannot be escalated: no token, or the API refuses', async () => {
    const noToken = await monitor(files(slow));
    expect(noToken.item('action/issue/slo/latency-p95')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/cannot be opened: no GitHub token/),
    });
    expect(noToken.code).toBe(2);

    gh.fail({
      method: 'POST',
      path: `/repos/${REPO}/actions/workflows/rollback.yml/dispatches`,
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const refused = await monitor(files(leak), { token: true });
    expect(refused.item('action/rollback')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/could not dispatch the workflow rollback.yml on main/),
      hint: expect.stringMatching(/`actions: write`/),
    });
    expect(refused.code).toBe(2);
    // Not marked: the next run tries again.
    expect(issues()[0]!.labels.map((l) => l.name)).not.toContain('rollback-dispatched');
  });
});

describe('bad exports', () => {
  const monitoring = slo('latency_p95', '< 2000');

  it('counts and reports truncated, non-JSON, incomplete and mistyped lines, and judges the rest in any order', async () => {
    const lines = exportOf(400).trim().split('\n');
    lines[9] = '{"timestamp": "2026-11-20T00:09:00Z", "request_id": ';
    lines[19] = 'this is not JSON';
    lines[29] = lines[29]!.replace(/"latency_ms":800,/, '');
    lines[39] = lines[39]!.replace('"latency_ms":800', '"latency_ms":"800ms"');
    lines[49] = lines[49]!.replace(/"timestamp":"([^"]+)Z"/, '"timestamp":"$1"');
    // No source guarantees order: a line earlier than the one before is read like any other.
    lines[59] = lines[59]!.replace(/"timestamp":"[^"]+"/, '"timestamp":"2026-11-19T23:00:00.000Z"');
    lines.push(lines[100]!.slice(0, 60)); // a last line cut off mid-write
    const run = await monitor({
      'policies/release-policy.yaml': policy(`${monitoring}  max_bad_lines: '2%'\n`),
      'logs/window.jsonl': lines.join('\n'),
    });
    expect(run.item('window/bad-lines')).toMatchObject({
      status: 'warn',
      observed: 6,
      message: expect.stringMatching(
        /^6 of 401 lines \(1.5 %\) are not readable interactions; lines 10, 20, 30, 40, 50, …/,
      ),
    });
    const bad = run.verdict.items.filter((i) => i.rule === 'bad-line');
    expect(bad.map((i) => [i.location?.line, i.location?.pointer, i.message])).toEqual([
      [10, undefined, 'line 10 is not valid JSON (column 53: a value is expected)'],
      [20, undefined, 'line 20 is not valid JSON (column 1: invalid symbol)'],
      [30, '/latency_ms', 'line 30 "latency_ms" is missing'],
      [40, '/latency_ms', 'line 40 "latency_ms" must be a number of milliseconds, not a string'],
      [
        50,
        '/timestamp',
        'line 50 "timestamp" has no time zone (Z or an offset such as +02:00): write an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:01.250Z',
      ],
      [
        401,
        undefined,
        'line 401 is truncated: the last line has no line break and is not complete JSON',
      ],
    ]);
    expect(run.item('window').observed).toBe(395);
    expect(run.verdict.data?.window).toMatchObject({ from: '2026-11-19T23:00:00.000Z' });
    expect(run.item('slo/objective').status).toBe('pass');
    expect(run.code).toBe(0);

    // The same export against the default max_bad_lines of 1 %: the window cannot be trusted.
    const strict = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': lines.join('\n'),
    });
    expect(strict.item('window/bad-lines')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/more than the 1% allowed: the window cannot be trusted/),
    });
    expect(strict.code).toBe(2);
  });

  it.each([
    ['an empty file', ''],
    ['only blank lines', '\n\n  \n'],
    ['only bad lines', 'not json\n{"timestamp": 1}\n[1, 2]\n'],
    ['binary data', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))],
  ])('is an error, never a pass, with %s', async (_what, content) => {
    const run = await monitor({
      'policies/release-policy.yaml': policy(monitoring),
      'logs/window.jsonl': content,
    });
    expect(run.item('window')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^no interaction could be read from logs\/window.jsonl/),
    });
    expect(run.verdict.result).toBe('error');
    expect(run.code).toBe(2);
  });

  it('is an error when the export is missing, stale, or the policy has no monitoring section', async () => {
    const missing = await monitor({ 'policies/release-policy.yaml': policy(monitoring) });
    expect(missing.verdict.items[0]).toMatchObject({
      status: 'error',
      message: 'no export matches logs/window.jsonl',
    });
    expect(missing.code).toBe(2);

    const stale = await monitor({
      'policies/release-policy.yaml': policy(`${monitoring}  max_age_hours: 6\n`),
      'logs/window.jsonl': exportOf(60), // the last at 00:59
    });
    expect(stale.item('window/freshness')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/is 17 hours old, older than the 6 hours allowed/),
    });
    expect(stale.code).toBe(2);

    const none = await monitor({
      'policies/release-policy.yaml': policy('').replace(/monitoring:[\s\S]*$/, ''),
      'logs/window.jsonl': exportOf(10),
    });
    expect(none.verdict.items[0]!.message).toMatch(/has no monitoring section/);
    expect(none.code).toBe(2);
  });

  it('reads several export files in path order', async () => {
    const run = await monitor(
      {
        'policies/release-policy.yaml': policy(monitoring),
        'logs/2026-11-20.jsonl': exportOf(30),
        'logs/2026-11-19.jsonl': exportOf(30),
      },
      { args: ['--logs', 'logs/*.jsonl'] },
    );
    expect(run.verdict.data?.window).toMatchObject({
      files: ['logs/2026-11-19.jsonl', 'logs/2026-11-20.jsonl'],
      interactions: 60,
      bad_lines: 0,
    });
  });
});
