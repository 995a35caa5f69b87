/**
 * The pii gate end to end: `release-gates pii-scan` and the bundled pii action on real
 * repositories, and the guarantee that a found value appears in no output at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { createRepo } from './support/git.js';
import { pullRequestEvent } from './support/github-events.js';
import { FakeGitHub } from './support/github-server.js';
import { sampleRepo } from './support/sample.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };
const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'] as const;

/** Values that are nobody's but look like anybody's: assembled here, written to temp files only. */
const PLANTED = {
  email: ['dana', 'kowalski.1987'].join('.') + '@' + 'mailbox.org',
  phone: ['+44', '7911', '123456'].join(' '),
  card: ['4929', '1234', '5678', '9015'].join(' '),
  ssn: ['536', '22', '1234'].join('-'),
  iban: ['DE75', '5121', '0800', '1245', '1261', '99'].join(' '),
  ip: ['81', '169', '145', '23'].join('.'),
  token: ['gh', 'p_', 'Qm7cR2xV9bT4nK8sL1wE6yH3jD5fG0aZ2pU7'].join(''),
  dbPassword: ['Xk93', 'jd0a', 'P2vq'].join(''),
};
/** Every way a planted value could leak: as written, and digits or characters only. */
const LEAKS = Object.values(PLANTED).flatMap((v) => [v, v.replace(/[^0-9A-Za-z]/g, '')]);

function expectNoLeak(where: string, text: string): void {
  for (const leak of LEAKS) expect(text, `${where} leaks a planted value`).not.toContain(leak);
}

function leakyRepo() {
  const p = PLANTED;
  return createRepo({
    files: {
      'golden/answers.jsonl':
        [
          JSON.stringify({ id: 1, expected_output: `Mail ${p.email} or call ${p.phone}.` }),
          JSON.stringify({ id: 2, expected_output: `Card ${p.card}, SSN ${p.ssn}.` }),
        ].join('\n') + '\n',
      'golden/bank.json': JSON.stringify({ refund: { iban: p.iban } }, null, 2),
      'golden/infra.yaml': `notes: |\n  connect from ${p.ip}\n  token ${p.token}\n`,
      'golden/db.csv': `id,url\n1,postgres://app:${p.dbPassword}@db.internal/app\n`,
      'golden/readme.md': `# Answers\n\nReach ${p.email}.\n`,
      'broken/answers.jsonl': `{"id": 1}\n{"expected_output": "${p.email}" oops}\n`,
      'policies/release-policy.yaml': [
        'apiVersion: release-gates/v1',
        'kind: ReleasePolicy',
        'metadata: { name: leaky-bot, owner: governance-lead }',
        'roles: { governance-lead: { users: [gabriel-gov] } }',
        'gates:',
        '  pii:',
        '    paths: [golden/**, broken/**]',
        '',
      ].join('\n'),
    },
  });
}

describe('release-gates pii-scan', () => {
  const repo = sampleRepo();

  it('passes on the sample golden outputs (exit 0), directories meaning everything under them', async () => {
    const run = await cli(['pii-scan', 'evals/golden', '--format', 'json'], {
      cwd: repo.dir,
      env: NOW,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ command: 'pii-scan', result: 'pass' });
    expect(report.verdicts[0].data).toMatchObject({ findings: 0, files: 2 });
    expect(report.verdicts[0].inputs.map((i: { file: string }) => i.file)).toEqual([
      'evals/golden/handoff-messages.yaml',
      'evals/golden/support-answers.jsonl',
    ]);
  });

  it('fails (exit 1) with one SARIF rule per type and results at the line of each finding', async () => {
    const leaky = leakyRepo();
    const run = await cli(['pii-scan', 'golden', '--format', 'sarif'], {
      cwd: leaky.dir,
      env: NOW,
    });
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    const rules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id).sort();
    expect(rules).toEqual([
      'pii/CREDIT_CARD',
      'pii/EMAIL',
      'pii/IBAN',
      'pii/IP_ADDRESS',
      'pii/PHONE',
      'pii/SECRET',
      'pii/US_SSN',
    ]);
    const email = sarif.runs[0].results.find(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0]!.physicalLocation.artifactLocation.uri === 'golden/answers.jsonl',
    );
    expect(email.locations[0].physicalLocation.region).toMatchObject({
      startLine: 1,
      startColumn: 33,
    });
    expect(email.locations[0].logicalLocations[0].fullyQualifiedName).toBe('/expected_output');
  });

  it('errors (exit 2) when the paths match nothing, and names the file it cannot parse', async () => {
    const none = await cli(['pii-scan', 'golden/*.txt'], { cwd: repo.dir, env: NOW });
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/no file to scan: golden\/\*\.txt matched nothing/);
    const leaky = leakyRepo();
    const broken = await cli(['pii-scan', 'broken'], { cwd: leaky.dir, env: NOW });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/line 2 of broken\/answers\.jsonl is not valid JSON/);
  });

  it('adopts an old golden set with a baseline, and still catches a new finding', async () => {
    const leaky = leakyRepo();
    const write = await cli(['pii-scan', 'golden', '--write-baseline', 'pii-baseline.json'], {
      cwd: leaky.dir,
      env: NOW,
    });
    expect(write.code, write.stdout).toBe(0);
    expect(write.stdout).toMatch(/wrote \d+ accepted findings to pii-baseline\.json/);
    const baseline = readFileSync(join(leaky.dir, 'pii-baseline.json'), 'utf8');
    expectNoLeak('the baseline file', baseline);

    const again = await cli(['pii-scan', 'golden', '--baseline', 'pii-baseline.json'], {
      cwd: leaky.dir,
      env: NOW,
    });
    expect(again.code, again.stdout).toBe(0);

    leaky.commit(
      { 'golden/new.txt': `New: ${['ola', 'nordmann'].join('.')}@posteo.de\n` },
      'new answer',
    );
    const later = await cli(['pii-scan', 'golden', '--baseline', 'pii-baseline.json'], {
      cwd: leaky.dir,
      env: NOW,
    });
    expect(later.code).toBe(1);
    expect(later.stdout).toMatch(/pii\/EMAIL:golden\/new\.txt:1:6/);
  });
});

describe('golden outputs cannot hide from the scan (issue 13, route 9)', () => {
  it('reports a glob that matches no file, and a golden file no glob covers', async () => {
    const repo = createRepo({
      files: {
        'golden/answers.jsonl': JSON.stringify({ expected_output: 'Hello' }) + '\n',
        'golden/notes/leak.txt': `Mail ${PLANTED.email}\n`,
        'golden/fixtures/synthetic.csv': 'a\nb\n',
      },
    });
    const run = await cli(
      ['pii-scan', 'golden/**/*.jsonl', 'golden/**/*.yaml', '--format', 'json'],
      { cwd: repo.dir, env: NOW },
    );
    expect(run.code, run.stdout).toBe(2);
    const items = JSON.parse(run.stdout).verdicts[0].items;
    expect(items).toContainEqual(
      expect.objectContaining({
        id: 'paths/golden/**/*.yaml',
        status: 'error',
        message:
          'golden/**/*.yaml matched no file: the golden outputs it should name are not scanned',
      }),
    );
    const uncovered = items.filter((i: { id: string }) => i.id.startsWith('uncovered/'));
    expect(uncovered.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      ['uncovered/golden/fixtures/synthetic.csv', 'fail'],
      ['uncovered/golden/notes/leak.txt', 'fail'],
    ]);
    expectNoLeak('pii-scan', run.stdout + run.stderr);
  });
});

describe('a pull request cannot baseline its own findings (issue 13, route 9)', () => {
  const POLICY = [
    'apiVersion: release-gates/v1',
    'kind: ReleasePolicy',
    'metadata: { name: bot, owner: governance-lead }',
    'roles: { governance-lead: { users: [gabriel-gov] } }',
    'gates:',
    '  pii:',
    '    paths: [golden/**/*.jsonl]',
    '    baseline: pii-baseline.json',
    '',
  ].join('\n');

  /** main with an empty baseline, and a branch that adds a leak and baselines it. */
  async function baseliningBranch(gh: FakeGitHub) {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': POLICY,
        'golden/answers.jsonl': JSON.stringify({ expected_output: 'Hello' }) + '\n',
      },
    });
    const empty = await cli(['pii-scan', '--write-baseline', 'pii-baseline.json'], {
      cwd: repo.dir,
      env: NOW,
    });
    expect(empty.code, empty.stdout).toBe(0);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'an empty PII baseline');
    const baseSha = repo.head();
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'leak');
    repo.commit(
      {
        'golden/answers.jsonl': JSON.stringify({ expected_output: `Mail ${PLANTED.email}` }) + '\n',
      },
      'a leak',
    );
    const write = await cli(['pii-scan', '--write-baseline', 'pii-baseline.json'], {
      cwd: repo.dir,
      env: NOW,
    });
    expect(write.stdout).toMatch(/wrote 1 accepted findings/);
    repo.git('commit', '-q', '-am', 'baseline the leak');
    const head = repo.head();
    const number = gh.addPull('acme/support-chatbot', {
      author: 'mei-ml',
      base: { ref: 'main', sha: baseSha },
      head: { ref: 'leak', sha: head },
    });
    const event = pullRequestEvent({
      number,
      title: 'Baseline a leak',
      base: { ref: 'main', sha: baseSha },
      head: { ref: 'leak', sha: head },
    });
    return { repo, head, number, event };
  }

  it('honours an added baseline entry only once the policy owner approved it', async () => {
    const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
    const pr = await baseliningBranch(gh);
    const run = () =>
      runBundledAction('pii', {
        workspace: pr.repo.dir,
        eventName: 'pull_request',
        event: pr.event,
        inputs: { token: 'ghs-token' },
        env: { ...NOW, GITHUB_API_URL: gh.url },
      });
    const before = await run();
    expect(before.code, before.stdout + before.stderr).toBe(1);
    const items = JSON.parse(before.outputs.verdict!).verdicts[0].items;
    expect(items).toContainEqual(
      expect.objectContaining({
        id: 'baseline-approval/governance-lead',
        status: 'fail',
        message: expect.stringMatching(
          /^governance-lead approval of 1 PII baseline entry added by this pull request: 0 of 1/,
        ),
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ id: 'pii/EMAIL:golden/answers.jsonl:1:26', status: 'fail' }),
    );
    expectNoLeak('the action', before.stdout + before.stderr + before.summary);

    // The author's own approval never counts; the owner's does.
    gh.addReview('acme/support-chatbot', pr.number, {
      user: 'mei-ml',
      state: 'APPROVED',
      commit: pr.head,
    });
    expect((await run()).code).toBe(1);
    gh.addReview('acme/support-chatbot', pr.number, {
      user: 'gabriel-gov',
      state: 'APPROVED',
      commit: pr.head,
    });
    const after = await run();
    expect(after.code, after.stdout).toBe(0);
    expect(JSON.parse(after.outputs.verdict!).verdicts[0].items).toContainEqual(
      expect.objectContaining({ id: 'baseline-approval/governance-lead', status: 'pass' }),
    );
  });
});

describe('a pull request cannot widen the allowlist it is judged by (issue 13, route 9)', () => {
  it('judges by the base policy: an allowlist entry or skipped file added in the head does not count', async () => {
    const policy = (extra: string) =>
      [
        'apiVersion: release-gates/v1',
        'kind: ReleasePolicy',
        'metadata: { name: bot, owner: governance-lead }',
        'roles: { governance-lead: { users: [gabriel-gov] } }',
        'gates:',
        '  pii:',
        '    paths: [golden/**/*.jsonl]',
        extra,
        '',
      ].join('\n');
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(''),
        'golden/answers.jsonl': JSON.stringify({ expected_output: 'Hello' }) + '\n',
      },
    });
    const base = repo.head();
    repo.git('checkout', '-q', '-b', 'widen');
    const head = repo.commit(
      {
        'golden/answers.jsonl': JSON.stringify({ expected_output: `Mail ${PLANTED.email}` }) + '\n',
        'policies/release-policy.yaml': policy(
          `    allowlist:\n      values: ['${PLANTED.email}']\n      files: [golden/**]`,
        ),
      },
      'allowlist my own leak',
    );
    const event = pullRequestEvent({
      number: 7,
      title: 'Widen',
      base: { ref: 'main', sha: base },
      head: { ref: 'widen', sha: head },
    });
    const run = await runBundledAction('pii', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
      env: NOW,
    });
    expect(run.code, run.stdout).toBe(1);
    const report = JSON.parse(run.outputs.verdict!);
    expect(report.policy).toMatchObject({ ref: base });
    expect(report.verdicts[0].items).toContainEqual(
      expect.objectContaining({ id: 'pii/EMAIL:golden/answers.jsonl:1:26', status: 'fail' }),
    );
    expectNoLeak('the action', run.stdout + run.stderr + run.summary);
  });
});

describe('the bundled pii action', () => {
  const repo = sampleRepo();

  it('passes on the sample release', async () => {
    const run = await runBundledAction('pii', { workspace: repo.dir, env: NOW });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', findings: '0', files: '2' });
    expect(JSON.parse(run.outputs.by_type!)).toMatchObject({ EMAIL: 0, SECRET: 0 });
  });

  it('fails the failing example policy with annotations at each finding', async () => {
    const run = await runBundledAction('pii', {
      workspace: repo.dir,
      inputs: { policy: 'policies/examples/failing-policy.yaml' },
      env: NOW,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: expect.objectContaining({
        title: 'pii: pii/CREDIT_CARD:evals/transcripts/unredacted-2026-11.jsonl:2:73',
        file: 'evals/transcripts/unredacted-2026-11.jsonl',
        line: '2',
        col: '73',
      }),
      message: expect.stringMatching(
        /^CREDIT_CARD \*{4} \*{4} \*{4} 5556 in \/messages\/0\/content/,
      ),
    });
    expect(run.summary).toMatch(/❌/);
  });
});

describe('never leaks a found value', () => {
  it('in any CLI output format, in errors, or anywhere the action writes', async () => {
    const leaky = leakyRepo();
    for (const format of FORMATS) {
      const run = await cli(['pii-scan', '--format', format, '--verbose'], {
        cwd: leaky.dir,
        env: NOW,
      });
      expect(run.code).toBe(2); // the broken file is an error; the findings are reported too
      expect(run.stdout.length).toBeGreaterThan(100);
      expectNoLeak(`pii-scan --format ${format}`, run.stdout + run.stderr);
    }
    const check = await cli(['check', '--gate', 'pii', '--format', 'json'], {
      cwd: leaky.dir,
      env: NOW,
    });
    expect(JSON.parse(check.stdout).verdicts[0].counts.fail).toBeGreaterThanOrEqual(8);
    expectNoLeak('check --gate pii', check.stdout + check.stderr);

    const action = await runBundledAction('pii', { workspace: leaky.dir, env: NOW });
    expect(action.code).toBe(2);
    expect(action.commands.filter((c) => c.command === 'error').length).toBeGreaterThanOrEqual(8);
    expectNoLeak('the action log and annotations', action.stdout + action.stderr);
    expectNoLeak('the job summary', action.summary);
    expectNoLeak('the action outputs', JSON.stringify(action.outputs));
    for (const output of ['report', 'sarif', 'junit'])
      expectNoLeak(`the ${output} file`, readFileSync(action.outputs[output]!, 'utf8'));
  });
});
