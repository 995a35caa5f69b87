/**
 * Issue 14, item 10: distinct personal values planted in every field of every input kind
 * (golden outputs, result files, policy files, ...) appear in clear in no output: no CLI format,
 * no action log, annotation, summary, output or report file. Each value is assembled here and
 * written to temp repositories only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import { sampleRepo } from './support/sample.js';
import { workspace } from './support/workspace.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };
const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'] as const;

/** One value per field, so a leak names the field it came from. */
function planted(n: number) {
  const d = (s: string) => s.replace(/#/g, String(n));
  return {
    email: d(['kasia', 'nowak#'].join('.') + '@' + 'poczta.fm'),
    phone: d(['+44', '7911', '12345#'].join(' ')),
    ssn: d(['536', '2#', '1234'].join('-')),
    iban: ['DE75', '5121', '0800', '1245', '1261', '99'].join(' '),
    token: d(['gh', 'p_', 'Qm7cR2xV9bT4nK8sL1wE6yH3jD5fG0aZ2p#7'].join('')),
  };
}
const CARD = ['4929', '1234', '5678', '9015'].join(' ');

const values: string[] = [];
/** A planted value, remembered so every output can be checked for it. */
function plant(v: string): string {
  values.push(v);
  return v;
}

function expectNoLeak(where: string, text: string): void {
  for (const v of values) {
    expect(text, `${where} leaks ${v.slice(0, 3)}…`).not.toContain(v);
    // Truncated echoes count too: the local part of an email is already personal.
    if (v.includes('@'))
      expect(text, `${where} leaks ${v.slice(0, 3)}… (local part)`).not.toContain(v.split('@')[0]);
    const bare = v.replace(/[^0-9A-Za-z]/g, '');
    if (bare.length >= 9)
      expect(text, `${where} leaks ${v.slice(0, 3)}… (bare)`).not.toContain(bare);
  }
}

/** The sample release with personal data planted in golden outputs and result files. */
function plantedRepo() {
  const repo = sampleRepo();
  const [a, b, c, d] = [planted(1), planted(2), planted(3), planted(4)];
  const quality = readFileSync(join(repo.dir, 'evals/results/quality.jsonl'), 'utf8');
  const row = JSON.parse(quality.split('\n')[0]!);
  const rows = [
    // A case id, a tag, an output and a metric-like field carrying personal data.
    { ...row, id: `orders/${plant(a.email)}`, sample: 0, tags: { lang: plant(a.phone) } },
    { ...row, id: `orders/${plant(a.ssn)}/x`, sample: 0, pass: false, output: plant(b.email) },
  ];
  repo.commit(
    {
      'evals/results/quality.jsonl': quality + rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
      'evals/golden/keys.jsonl':
        JSON.stringify({ [plant(c.email)]: 'a key', expected_output: 'Hello' }) +
        '\n' +
        `{"expected_output": "Card ${plant(CARD)}", "expected_output": "hidden"}\n`,
      'evals/golden/notes.txt': `Mail ${plant(d.email)} or ${plant(d.phone)}\n`,
    },
    'plant personal data',
  );
  return repo;
}

describe('planted personal data appears in clear in no output (issue 14, item 10)', () => {
  it('check: every CLI format, and everything the bundled action writes', async () => {
    const repo = plantedRepo();
    for (const format of FORMATS) {
      const run = await cli(['check', '--format', format, '--verbose'], {
        cwd: repo.dir,
        env: NOW,
      });
      expect(run.code, run.stderr).not.toBe(0);
      expect(run.stdout.length).toBeGreaterThan(200);
      expectNoLeak(`check --format ${format}`, run.stdout + run.stderr);
    }
    const action = await runBundledAction('check', { workspace: repo.dir, env: NOW });
    expect(action.code).not.toBe(0);
    expectNoLeak('the action log and annotations', action.stdout + action.stderr);
    expectNoLeak('the job summary', action.summary);
    expectNoLeak('the action outputs', JSON.stringify(action.outputs));
    for (const output of ['report', 'sarif', 'junit'])
      if (action.outputs[output])
        expectNoLeak(`the ${output} file`, readFileSync(action.outputs[output]!, 'utf8'));
  });

  it('pii and evals actions on their own', async () => {
    const repo = plantedRepo();
    for (const name of ['pii', 'evals']) {
      const action = await runBundledAction(name, { workspace: repo.dir, env: NOW });
      expect(action.code, action.stdout).not.toBe(0);
      expectNoLeak(`the ${name} action`, action.stdout + action.stderr + action.summary);
      expectNoLeak(`the ${name} outputs`, JSON.stringify(action.outputs));
    }
  });

  it('broken inputs: a result line, a golden line and a policy holding personal data', async () => {
    const repo = sampleRepo();
    const e = planted(5);
    const policy = readFileSync(join(repo.dir, 'policies/release-policy.yaml'), 'utf8');
    repo.commit(
      {
        'evals/results/quality.jsonl': `{"id": "${plant(e.email)}", ${plant(CARD)}}\n`,
        'evals/golden/broken.jsonl': `{"expected_output": "${plant(e.phone)}" ${plant(e.ssn)}}\n`,
        'policies/broken.yaml':
          policy.replace('kind: ReleasePolicy', `kind: ${plant(e.iban)}`) +
          `${plant(e.token)}: 1\n\t${plant(planted(6).email)}: tab\n`,
        'policies/unknown-key.yaml': policy + `${plant(planted(7).email)}: 1\n`,
      },
      'broken inputs',
    );
    for (const format of FORMATS) {
      const run = await cli(['check', '--format', format], { cwd: repo.dir, env: NOW });
      expect(run.code).toBe(2);
      expectNoLeak(`check --format ${format}`, run.stdout + run.stderr);
    }
    for (const file of ['policies/broken.yaml', 'policies/unknown-key.yaml'])
      for (const format of ['text', 'json']) {
        const run = await cli(['validate-policy', file, '--format', format], {
          cwd: repo.dir,
          env: NOW,
        });
        expect(run.code, run.stdout).toBe(2);
        expect(run.stdout + run.stderr).toMatch(/:\d+:\d+|"line": \d+/);
        expectNoLeak(`validate-policy ${file} --format ${format}`, run.stdout + run.stderr);
      }
    const action = await runBundledAction('validate-policy', {
      workspace: repo.dir,
      inputs: { files: 'policies/unknown-key.yaml' },
      env: NOW,
    });
    expect(action.code).toBe(2);
    expectNoLeak('the validate-policy action', action.stdout + action.stderr + action.summary);
  });
});

const gh = await FakeGitHub.start({ 'planted-token': { login: 'github-actions[bot]' } });
const MONITOR_POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
  logs: logs/window.jsonl
  slos:
    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0', on_breach: issue }
feedback:
  path: feedback.jsonl
`;

/** An export whose every field carries a planted value, and one broken line. */
function plantedExport(): string {
  const T0 = Date.parse('2026-11-20T00:00:00Z');
  const lines = Array.from({ length: 20 }, (_, i) => {
    const p = planted(10 + i);
    const base = {
      timestamp: new Date(T0 + i * 60_000).toISOString(),
      request_id: `req-${i}`,
      user_id: `u-${i}`,
      query: 'Where is my order?',
      response: 'It arrives tomorrow.',
      latency_ms: 800,
      error: null,
      model_version: '2.4.0',
      safety_label: 'safe',
      rating: 4,
      language: 'en',
      intent: 'orders',
    };
    const field = ['request_id', 'user_id', 'query', 'response', 'model_version', 'language'][
      i % 6
    ]!;
    return JSON.stringify(i < 6 ? { ...base, [field]: plant(p.email) } : base);
  });
  lines.push(`{"request_id": "${plant(planted(40).email)}", ${plant(planted(41).ssn)}}`);
  lines.push(
    JSON.stringify({
      timestamp: plant(planted(42).email),
      request_id: 'req-t',
      query: 'q',
      response: 'r',
      latency_ms: 1,
      model_version: '2.4.0',
    }),
  );
  return lines.join('\n') + '\n';
}

async function monitorRun(dir: string, format: string) {
  return cli(['monitor', '--format', format, '--flagged', 'out/flagged.jsonl'], {
    cwd: dir,
    env: {
      RELEASE_GATES_NOW: '2026-11-21T06:00:00Z',
      GITHUB_TOKEN: 'planted-token',
      GH_TOKEN: '',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'acme/support-chatbot',
      GITHUB_RUN_ID: '',
    },
  });
}

describe('planted personal data: monitoring and feedback (issue 14, items 8-10)', () => {
  it('monitor: every format, the flagged file and the incident issue through the API', async () => {
    gh.repo('acme/support-chatbot');
    const dir = workspace({
      'policies/release-policy.yaml': MONITOR_POLICY,
      'logs/window.jsonl': plantedExport(),
    });
    const seen: string[] = [];
    for (const format of FORMATS) {
      const run = await monitorRun(dir, format);
      expect(run.stdout.length).toBeGreaterThan(100);
      seen.push(run.stdout + run.stderr);
    }
    seen.push(readFileSync(join(dir, 'out/flagged.jsonl'), 'utf8'));
    const written = gh.requests.filter((r) => r.method !== 'GET');
    expect(written.length).toBeGreaterThan(0);
    seen.push(JSON.stringify(written.map((r) => r.body)));
    seen.forEach((text, i) => expectNoLeak(`monitor output ${i}`, text));
  });

  it('feedback import --from-issues: every section of the issue form, and the issue written back', async () => {
    const repo = 'acme/support-chatbot';
    gh.repo(repo).issues.clear();
    const p = planted(60);
    const form = (type: string, rating: string, text: string, conversation: string, user: string) =>
      `### Type\n\n${type}\n\n### Rating\n\n${rating}\n\n### What happened\n\n${text}\n\n### Conversation reference\n\n${conversation}\n\n### Pseudonymous user id\n\n${user}`;
    gh.addIssue(repo, {
      title: `[Feedback] ${plant(planted(61).email)}`,
      labels: ['feedback'],
      body: form(
        'privacy',
        '1',
        `Mail ${plant(p.email)}, card ${plant(CARD)}`,
        plant(planted(62).phone),
        plant(planted(63).email),
      ),
      createdAt: '2026-11-19T09:00:00Z',
    });
    gh.addIssue(repo, {
      title: '[Feedback] bad type',
      labels: ['feedback'],
      body: form(plant(planted(64).ssn), plant(planted(65).phone), 'x', 'req-1', 'u-1'),
      createdAt: '2026-11-19T10:00:00Z',
    });
    const dir = workspace({ 'policies/release-policy.yaml': MONITOR_POLICY });
    const env = {
      ...NOW,
      GITHUB_TOKEN: 'planted-token',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: repo,
    };
    const seen: string[] = [];
    for (const args of [[], ['--skip-invalid']])
      for (const format of ['text', 'json']) {
        const run = await cli(
          ['feedback', 'import', '--from-issues', ...args, '--format', format],
          {
            cwd: dir,
            env,
          },
        );
        seen.push(run.stdout + run.stderr);
      }
    expect(seen.join('').length).toBeGreaterThan(200);
    seen.push(JSON.stringify(gh.requests.filter((r) => r.method !== 'GET').map((r) => r.body)));
    seen.forEach((text, i) => expectNoLeak(`feedback --from-issues output ${i}`, text));
  });

  it('feedback import: every field of a record, and an invalid type', async () => {
    const p = planted(50);
    const q = planted(51);
    const records = [
      {
        user_id: plant(p.email),
        type: 'bug',
        rating: 2,
        description: `Call ${plant(p.phone)}, SSN ${plant(p.ssn)}`,
        conversation: plant(p.token),
      },
      { user_id: 'u-2', type: plant(q.email), rating: 3, description: 'x' },
      { user_id: 'u-3', type: 'bug', rating: plant(q.phone), description: 'y' },
    ];
    const dir = workspace({
      'policies/release-policy.yaml': MONITOR_POLICY,
      'in.jsonl': records.map((r) => JSON.stringify(r)).join('\n') + '\n',
      'broken.jsonl': `{"user_id": "${plant(planted(52).email)}" ${plant(CARD)}}\n`,
    });
    const seen: string[] = [];
    for (const format of ['text', 'json']) {
      for (const args of [['in.jsonl'], ['in.jsonl', '--skip-invalid'], ['broken.jsonl']]) {
        const run = await cli(['feedback', 'import', ...args, '--format', format], {
          cwd: dir,
          env: NOW,
        });
        seen.push(run.stdout + run.stderr);
      }
      const report = await cli(['feedback', 'report', '--format', format], { cwd: dir, env: NOW });
      seen.push(report.stdout + report.stderr);
    }

    seen.forEach((text, i) => expectNoLeak(`feedback output ${i}`, text));
  });
});
