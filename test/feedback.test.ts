/**
 * `release-gates feedback ...` end to end (the CLI in-process): adding with flags, importing
 * all or nothing, the issue form through the loopback GitHub API, the weekly report in every
 * format, erasure and retention.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../actions/lib/verdict/model.js';
import { cli } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import { workspace } from './support/workspace.js';

const REPO = 'acme/support-chatbot';
const NOW = '2026-11-21T10:00:00Z';
const STORE = 'evals/feedback/feedback.jsonl';
const gh = await FakeGitHub.start({ 'intake-token': { login: 'github-actions[bot]' } });

const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates:
  pii:
    paths: [evals/golden/*.jsonl]
    allowlist:
      patterns: ['billing@support\\.acme-corp\\.com']
feedback:
  path: ${STORE}
  retention_days: 90
  issue_label: feedback
`;

async function run(dir: string, args: string[], env: Record<string, string> = {}) {
  const r = await cli(['feedback', ...args], {
    cwd: dir,
    env: {
      RELEASE_GATES_NOW: NOW,
      GITHUB_TOKEN: '',
      GH_TOKEN: '',
      GITHUB_REPOSITORY: REPO,
      ...env,
    },
  });
  const json = args.includes('json') ? (JSON.parse(r.stdout) as Report) : undefined;
  return { ...r, report: json, items: json?.verdicts[0]?.items ?? [] };
}

function store(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, STORE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const record = (over: Record<string, unknown>) => ({
  type: 'quality',
  rating: 3,
  description: 'The answer about refunds was vague.',
  user_id: 'u-100',
  ...over,
});

describe('feedback add', () => {
  it('appends a validated record with flags, never rewriting what is there', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    const first = await run(dir, [
      'add',
      '--type',
      'bug',
      '--description',
      'Error E-2209 at login',
      '--format',
      'json',
    ]);
    expect(first.code).toBe(0);
    const before = readFileSync(join(dir, STORE), 'utf8');
    const second = await run(dir, [
      'add',
      '--type',
      'privacy',
      '--rating',
      '1',
      '--user-id',
      'u-7f3a91',
      '--conversation',
      'req-c29kw-0000jt',
      '--description',
      'It showed me the email jane.doe@gmail.com of another customer; billing@support.acme-corp.com is fine.',
      '--format',
      'json',
    ]);
    expect(second.code).toBe(0);
    const after = readFileSync(join(dir, STORE), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(store(dir)[1]).toEqual({
      id: expect.stringMatching(/^fb-20261121-/),
      created_at: '2026-11-21T10:00:00.000Z',
      user_id: 'u-7f3a91',
      type: 'privacy',
      rating: 1,
      description:
        'It showed me the email j***@g***.com of another customer; billing@support.acme-corp.com is fine.',
      conversation: 'req-c29kw-0000jt',
      source: 'cli',
      pii: ['EMAIL'],
    });
    expect(second.items[0]!.message).toMatch(
      /the description held an email address, stored masked/,
    );
    expect(second.stdout + after).not.toContain('jane.doe');
  });

  it('refuses a user id that is personal data, and bad fields, storing nothing', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    const r = await run(dir, [
      'add',
      '--type',
      'quality',
      '--rating',
      '7',
      '--user-id',
      '+44 20 7946 1234',
      '--description',
      'x',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(2);
    expect(r.items.map((i) => i.message)).toEqual([
      'the feedback: rating must be a whole number from 1 to 5',
      'the feedback: user_id looks like a phone number (+** ** **** **34): a user id must be pseudonymous, personal data is refused',
    ]);
    expect(r.stdout).not.toContain('7946 1234');
    const missing = await run(dir, ['add', '--rating', '3']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /--type and --description are required when not run in a terminal/,
    );
    expect(() => readFileSync(join(dir, STORE))).toThrow();
  });
});

describe('feedback import', () => {
  it('imports JSON Lines and JSON; one invalid record means nothing is written, each problem named', async () => {
    const good = [
      record({}),
      record({ type: 'feature', rating: null, description: 'Please answer in Spanish.' }),
    ];
    const dir = workspace({
      'policies/release-policy.yaml': POLICY,
      'survey.jsonl': good.map((r) => JSON.stringify(r)).join('\n') + '\n',
      'bad.jsonl': [
        JSON.stringify(record({})),
        JSON.stringify(record({ rating: 9 })),
        '',
        JSON.stringify(record({ user_id: 'jane.doe@gmail.com', type: 'complaint' })),
        '[1, 2]',
      ].join('\n'),
      'bad.json': JSON.stringify([record({}), record({ description: '' })], null, 2),
    });
    const bad = await run(dir, ['import', 'bad.jsonl', '--format', 'json']);
    expect(bad.code).toBe(2);
    expect(bad.report!.verdicts[0]!.summary).toMatch(
      /^nothing written: 3 of 4 records are invalid; fix them, or pass --skip-invalid/,
    );
    expect(bad.items.map((i) => [i.id, i.message, i.location?.line])).toEqual([
      ['record/2/rating', 'record 2 (line 2): rating must be a whole number from 1 to 5', 2],
      [
        'record/3/type',
        'record 3 (line 4): type must be one of bug, quality, safety, privacy, feature, other',
        4,
      ],
      [
        'record/3/user_id',
        'record 3 (line 4): user_id looks like an email address (j***@g***.com): a user id must be pseudonymous, personal data is refused',
        4,
      ],
      ['record/4/record', 'record 4 (line 5): record is not a JSON object', 5],
    ]);
    expect(bad.stdout).not.toContain('jane.doe');
    expect(() => readFileSync(join(dir, STORE))).toThrow();

    const json = await run(dir, ['import', 'bad.json', '--format', 'json']);
    expect(json.items).toEqual([
      expect.objectContaining({
        id: 'record/2/description',
        message: 'record 2: description is empty',
        location: { file: 'bad.json', line: 11, column: 20, pointer: '/1/description' },
      }),
    ]);

    const ok = await run(dir, ['import', 'survey.jsonl', '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(store(dir).map((r) => [r.type, r.source])).toEqual([
      ['quality', 'import'],
      ['feature', 'import'],
    ]);
    const skipped = await run(dir, ['import', 'bad.jsonl', '--skip-invalid', '--format', 'json']);
    expect(skipped.code).toBe(0);
    expect(skipped.report!.verdicts[0]!.result).toBe('warn');
    expect(skipped.items.find((i) => i.id === 'imported')!.message).toBe(
      `imported 1 of 4 records into ${STORE}; skipped 3 invalid`,
    );
    expect(store(dir)).toHaveLength(3);
  });

  it('never imports one id twice, and names a file that is not JSON', async () => {
    const dir = workspace({
      'policies/release-policy.yaml': POLICY,
      'a.jsonl': JSON.stringify(record({ id: 'survey-1' })) + '\n',
      'broken.json': '[{"type": "bug",}]',
    });
    expect((await run(dir, ['import', 'a.jsonl'])).code).toBe(0);
    const again = await run(dir, ['import', 'a.jsonl', '--format', 'json']);
    expect(again.items[0]!.message).toBe('record 1 (line 1): id survey-1 is already in the store');
    const broken = await run(dir, ['import', 'broken.json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /broken\.json:1:17: broken\.json is not valid JSON \(a property name is expected\): nothing was imported/,
    );
  });

  describe('--from-issues: the issue form through the GitHub API', () => {
    const form = (type: string, rating: string, text: string, user = '_No response_') =>
      `### Type\n\n${type}\n\n### Rating\n\n${rating}\n\n### What happened\n\n${text}\n\n### Conversation reference\n\nreq-c29kw-000042\n\n### Pseudonymous user id\n\n${user}`;
    beforeEach(() => gh.repo(REPO).issues.clear());

    it('imports the open form issues, closes them (masking the body), and never twice', async () => {
      const a = gh.addIssue(REPO, {
        title: '[Feedback] slow',
        labels: ['feedback'],
        body: form('quality', '2 (poor)', 'Answers take 10 s.', 'u-7f3a91'),
        createdAt: '2026-11-18T09:00:00Z',
      });
      const b = gh.addIssue(REPO, {
        title: '[Feedback] leak',
        labels: ['feedback'],
        body: form('privacy', 'No rating', 'It told me the phone +44 20 7946 1234 of someone.'),
        createdAt: '2026-11-19T09:00:00Z',
      });
      const c = gh.addIssue(REPO, {
        title: 'Not the form',
        labels: ['feedback'],
        body: 'Love the bot!',
      });
      gh.addIssue(REPO, { title: 'A bug', labels: ['bug'], body: form('bug', '1', 'x') });
      const dir = workspace({ 'policies/release-policy.yaml': POLICY });
      const env = { GITHUB_TOKEN: 'intake-token', GITHUB_API_URL: gh.url };

      const strict = await run(dir, ['import', '--from-issues', '--format', 'json'], env);
      expect(strict.code).toBe(2);
      expect(strict.items.map((i) => i.message)).toEqual([
        `issue #${c}: body was not written with the feedback form (no Type or Rating section)`,
      ]);

      const r = await run(
        dir,
        ['import', '--from-issues', '--skip-invalid', '--format', 'json'],
        env,
      );
      expect(r.code).toBe(0);
      expect(store(dir)).toEqual([
        expect.objectContaining({
          id: `issue-${a}`,
          type: 'quality',
          rating: 2,
          user_id: 'u-7f3a91',
          created_at: '2026-11-18T09:00:00.000Z',
          source: 'issue',
          conversation: 'req-c29kw-000042',
        }),
        expect.objectContaining({
          id: `issue-${b}`,
          type: 'privacy',
          rating: null,
          user_id: null,
          description: 'It told me the phone +** ** **** **34 of someone.',
          pii: ['PHONE'],
        }),
      ]);
      const issue = (n: number) => gh.issue(REPO, n)!;
      expect(issue(a)).toMatchObject({ state: 'closed', state_reason: 'completed' });
      expect(String(issue(a).comments[0]!.body)).toMatch(
        `imported into the feedback store as \`issue-${a}\` (quality, rating 2).`,
      );
      expect(issue(b).state).toBe('closed');
      expect(String(issue(b).body)).toContain('+** ** **** **34');
      expect(String(issue(b).body)).not.toContain('7946 1234');
      expect(issue(c).state).toBe('open');

      // A second run, and one over closed issues too, import nothing again.
      await run(dir, ['import', '--from-issues', '--skip-invalid'], env);
      await run(dir, ['import', '--from-issues', '--include-closed', '--skip-invalid'], env);
      expect(store(dir)).toHaveLength(2);
    });

    it('says which token to set without one', async () => {
      const dir = workspace({ 'policies/release-policy.yaml': POLICY });
      const r = await run(dir, ['import', '--from-issues']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no token was given\n\s+fix: set GITHUB_TOKEN or GH_TOKEN/);
    });
  });
});

describe('feedback report, erase and prune', () => {
  const lines = (records: Record<string, unknown>[]) =>
    records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const stored = (id: string, at: string, over: Record<string, unknown> = {}) => ({
    id,
    created_at: at,
    user_id: 'u-1',
    type: 'quality',
    rating: 4,
    description: 'ok',
    conversation: null,
    source: 'cli',
    ...over,
  });
  const sample = lines([
    stored('a', '2026-07-01T10:00:00Z'),
    stored('b', '2026-11-10T10:00:00Z', { user_id: 'u-2', rating: 5 }),
    stored('c', '2026-11-17T10:00:00Z', { rating: 2 }),
    stored('d', '2026-11-18T10:00:00Z', { type: 'safety', user_id: 'u-2', rating: 1 }),
    stored('e', '2026-11-19T10:00:00Z', { type: 'bug', user_id: null, rating: null }),
  ]);

  it('reports the last complete week by type and rating with the trend, in text, markdown and JSON', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY, [STORE]: sample });
    const json = await run(dir, ['report', '--week', '2026-W47', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(json.report!.verdicts[0]!.summary).toBe(
      '2026-W47: 3 feedback records (1 the week before, +200 %), mean rating 1.5',
    );
    expect(json.report!.verdicts[0]!.result).toBe('warn'); // a safety report to triage
    const text = await run(dir, ['report', '--week', '2026-W47', '-v']);
    expect(text.stdout).toMatch(/safety: 1; none the week before/);
    const markdown = await run(dir, ['report', '--format', 'markdown']); // last week: W46 at NOW
    expect(markdown.stdout).toMatch(
      /^## ⚠️ release-gates feedback report: (PASS|WARN)|^## ✅ release-gates feedback report: PASS/,
    );
    expect(markdown.stdout).toMatch(/2026-W46 \(2026-11-09 to 2026-11-15\): 1 feedback record/);
  });

  it('erases every record of a user atomically, and refuses a store with an unreadable line', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY, [STORE]: sample });
    const r = await run(dir, ['erase', '--user-id', 'u-2', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.items[0]!.message).toBe(`erased 2 records of user u-2 from ${STORE}; 3 kept`);
    expect(store(dir).map((x) => x.id)).toEqual(['a', 'c', 'e']);
    const none = await run(dir, ['erase', '--user-id', 'u-404', '--format', 'json']);
    expect(none.items[0]!.message).toBe(`no record of user u-404 in ${STORE}: nothing to erase`);

    writeFileSync(join(dir, STORE), sample + '{"id": "x", truncated\n');
    const corrupt = await run(dir, ['erase', '--user-id', 'u-2']);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(
      /line 6 of the feedback store is not valid JSON: the store is not rewritten, so that nothing is erased in part/,
    );
    expect(readFileSync(join(dir, STORE), 'utf8')).toContain('"u-2"');
    expect((await run(dir, ['erase', '--help'])).code).toBe(0);
  });

  it('prunes records older than the retention period of the policy, or --older-than', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY, [STORE]: sample });
    const r = await run(dir, ['prune', '--format', 'json']);
    expect(r.items[0]!.message).toBe(
      `removed 1 record created before 2026-08-23 (retention 90 days) from ${STORE}; 4 kept`,
    );
    expect(store(dir).map((x) => x.id)).toEqual(['b', 'c', 'd', 'e']);
    await run(dir, ['prune', '--older-than', '2026-11-18']);
    expect(store(dir).map((x) => x.id)).toEqual(['d', 'e']);
    const bad = await run(dir, ['prune', '--older-than', 'a while']);
    expect(bad.stderr).toMatch(
      /--older-than must be a number of days or weeks \(90d, 12w\) or a date/,
    );
  });
});

describe('feedback messages never repeat a value (issue 14 item 9)', () => {
  it('names the field and the problem of a bad type, rating, flag or argument, never its value', async () => {
    const email = 'jane.doe.smith@gmail.com';
    const dir = workspace({
      'policies/release-policy.yaml': POLICY,
      'bad.jsonl':
        JSON.stringify(record({ type: `${email} is angry`, rating: 447946123456 })) + '\n',
    });
    const runs = [
      await run(dir, ['import', 'bad.jsonl', '--format', 'json']),
      await run(dir, ['add', '--type', email, '--description', 'x']),
      await run(dir, ['add', '--type', 'bug', '--description', 'x', email]),
      await run(dir, ['prune', '--older-than', email]),
      await run(dir, ['report', '--week', email]),
    ];
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toMatch(/jane|smith|7946123/);
    }
    expect(runs[0]!.items.map((i) => i.message)).toEqual([
      'record 1 (line 1): type must be one of bug, quality, safety, privacy, feature, other',
      'record 1 (line 1): rating must be a whole number from 1 to 5',
    ]);
    expect(runs[1]!.stderr).toMatch(/--type must be one of bug, .*, not "j\*\*\*@g\*\*\*\.com"/);
    expect(runs[2]!.stderr).toMatch(/unexpected argument "j\*\*\*@g\*\*\*\.com"/);
    expect(runs[3]!.stderr).toMatch(/--older-than must be a number of days or weeks/);
    expect(runs[4]!.stderr).toMatch(/--week must be last, current or an ISO week/);
  });
});

describe('feedback erase: complete and lasting (issue 14 items 14, 18)', () => {
  const form = (type: string, text: string, user: string) =>
    `### Type\n\n${type}\n\n### Rating\n\n2 (poor)\n\n### What happened\n\n${text}\n\n### Conversation reference\n\n_No response_\n\n### Pseudonymous user id\n\n${user}`;
  beforeEach(() => gh.repo(REPO).issues.clear());
  const env = { GITHUB_TOKEN: 'intake-token', GITHUB_API_URL: gh.url };

  it('erases from the store and redacts the feedback issues, so that no import brings them back', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    const imported = gh.addIssue(REPO, {
      title: '[Feedback] Jane here, slow answers',
      labels: ['feedback'],
      body: form('quality', 'Answers take 10 s, says Jane.', 'u-7f3a91'),
      createdAt: '2026-11-18T09:00:00Z',
    });
    const invalid = gh.addIssue(REPO, {
      title: '[Feedback] Jane again',
      labels: ['feedback'],
      body: form('complaint', 'Still slow, Jane.', ' u-7f3a91 '),
      createdAt: '2026-11-19T09:00:00Z',
    });
    const other = gh.addIssue(REPO, {
      title: '[Feedback] fine',
      labels: ['feedback'],
      body: form('quality', 'Fine.', 'u-other'),
      createdAt: '2026-11-19T10:00:00Z',
    });
    expect((await run(dir, ['import', '--from-issues', '--skip-invalid'], env)).code).toBe(0);
    // Spaces around an id are dropped when it is stored, and when it is erased.
    const added = await run(dir, [
      'add',
      '--type',
      'bug',
      '--description',
      'x',
      '--user-id',
      ' u-7f3a91 ',
    ]);
    expect(added.code).toBe(0);
    expect(store(dir).map((r) => [r.id, r.user_id])).toEqual([
      [`issue-${imported}`, 'u-7f3a91'],
      [`issue-${other}`, 'u-other'],
      [expect.stringMatching(/^fb-/), 'u-7f3a91'],
    ]);

    // What an earlier version's thanks said, naming the user.
    gh.addComment(REPO, imported, {
      body: `Thank you: imported into the feedback store as \`issue-${imported}\` (quality, rating 2, user u-7f3a91).`,
      author: 'github-actions[bot]',
    });
    const noToken = await run(dir, ['erase', '--user-id', 'u-7f3a91']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(
      /1 of the records of user u-7f3a91 came from feedback issues, which still hold them: nothing was erased\n\s+fix: set GITHUB_TOKEN/,
    );
    expect(store(dir)).toHaveLength(3);

    const r = await run(dir, ['erase', '--user-id', 'u-7f3a91 ', '--format', 'json'], env);
    expect(r.code).toBe(0);
    expect(r.report!.verdicts[0]!.summary).toBe(
      `erased 2 records of user u-7f3a91 from ${STORE}; redacted issues #${imported}, #${invalid}`,
    );
    expect(r.items.map((i) => i.id)).toEqual(['erased', `issue/${imported}`, `issue/${invalid}`]);
    expect(r.items[1]!.message).toMatch(/1 comment naming the user too/);
    expect(store(dir).map((x) => x.id)).toEqual([`issue-${other}`]);
    for (const n of [imported, invalid]) {
      const issue = gh.issue(REPO, n)!;
      expect(issue).toMatchObject({ state: 'closed', title: '[Feedback] erased' });
      expect(String(issue.body)).toMatch(
        /^<!-- release-gates: feedback erased -->\nThis feedback was erased on 2026-11-21/,
      );
      expect(JSON.stringify(issue)).not.toMatch(/Jane|u-7f3a91/);
      expect(issue.comments.map((c) => c.body)).not.toContain(undefined);
    }
    expect(gh.issue(REPO, other)!.title).toBe('[Feedback] fine');

    // Lasting: an import over every issue, closed ones included, brings nothing back.
    const again = await run(
      dir,
      ['import', '--from-issues', '--include-closed', '--format', 'json'],
      env,
    );
    expect(again.code).toBe(0);
    expect(again.report!.verdicts[0]!.data).toMatchObject({ imported: 0 });
    expect(store(dir).map((x) => x.id)).toEqual([`issue-${other}`]);
    // A second erasure finds nothing left.
    const twice = await run(dir, ['erase', '--user-id', 'u-7f3a91', '--format', 'json'], env);
    expect(twice.items.map((i) => i.message)).toEqual([
      `no record of user u-7f3a91 in ${STORE}: nothing to erase`,
    ]);
  });

  it('does not lose a record another run appends while it erases (issue 14 item 17)', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    const issue = gh.addIssue(REPO, {
      title: '[Feedback] slow',
      labels: ['feedback'],
      body: form('quality', 'Slow.', 'u-7f3a91'),
      createdAt: '2026-11-18T09:00:00Z',
    });
    await run(dir, ['import', '--from-issues'], env);
    // While erase redacts the issue, another run stores a record.
    gh.onRequest = async (method) => {
      if (method !== 'PATCH') return;
      gh.onRequest = undefined;
      await run(dir, ['add', '--type', 'bug', '--description', 'Meanwhile.']);
    };
    const raced = await run(dir, ['erase', '--user-id', 'u-7f3a91'], env);
    expect(raced.code).toBe(2);
    expect(raced.stderr).toMatch(
      /evals\/feedback\/feedback\.jsonl changed while this run read it \(another run wrote to it\): it is not rewritten\n\s+fix: run the command again/,
    );
    expect(store(dir).map((r) => r.description)).toEqual(['Slow.', 'Meanwhile.']);
    const again = await run(dir, ['erase', '--user-id', 'u-7f3a91'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(store(dir).map((r) => r.description)).toEqual(['Meanwhile.']);
    expect(gh.issue(REPO, issue)!.title).toBe('[Feedback] erased');
  });

  it('says what to pass without --user-id', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    const r = await run(dir, ['erase']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--user-id is required: the pseudonymous id of the person whose records are erased, as the store has it in user_id\n\s+fix: e\.g\. release-gates feedback erase --user-id u-7f3a91/,
    );
  });
});

describe('feedback prune cannot empty the store by mistake (issue 14 item 15)', () => {
  const sample = [
    { id: 'old', created_at: '2026-07-01T10:00:00Z' },
    { id: 'new', created_at: '2026-11-19T10:00:00Z' },
  ]
    .map((r) =>
      JSON.stringify({
        ...r,
        user_id: null,
        type: 'bug',
        rating: null,
        description: 'x',
        conversation: null,
        source: 'cli',
      }),
    )
    .join('\n')
    .concat('\n');

  it.each([
    [
      'a date in the future',
      '2027-01-01',
      /--older-than 2027-01-01 \(before 2027-01-01\) is not in the past/,
    ],
    [
      '0d',
      '0d',
      /--older-than 0d \(before 2026-11-21\) is not in the past, so it would remove every record/,
    ],
    [
      'a cutoff after every record',
      '2026-11-20',
      /--older-than 2026-11-20 \(before 2026-11-20\) would remove all 2 records of the store/,
    ],
  ])('refuses %s unless --all', async (_what, cutoff, message) => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY, [STORE]: sample });
    const r = await run(dir, ['prune', '--older-than', cutoff]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(
      /nothing was removed\n\s+fix: .*pass --all to remove every record on purpose/,
    );
    expect(readFileSync(join(dir, STORE), 'utf8')).toBe(sample);
    const all = await run(dir, ['prune', '--older-than', cutoff, '--all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/removed 2 records created before .*; 0 kept/);
    expect(readFileSync(join(dir, STORE), 'utf8')).toBe('');
  });

  it('says in the text output how many records were removed and kept', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY, [STORE]: sample });
    const r = await run(dir, ['prune']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /removed 1 record created before 2026-08-23 \(retention 90 days\); 1 kept/,
    );
    expect(store(dir).map((x) => x.id)).toEqual(['new']);
  });
});
