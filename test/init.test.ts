/**
 * `release-gates init` on a real repository: what it writes, that the policy it writes is valid
 * and judges the repository in report mode, that it never overwrites without --force, and every
 * bad option. The workflows it writes are linted like this repository's own
 * (test/workflows.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegister } from '../actions/lib/controls/register.js';
import type { Report } from '../actions/lib/verdict/model.js';
import { cli } from './support/cli.js';
import { createRepo } from './support/git.js';
import { INSTALLED, packageLock } from './support/installed.js';

const PIN = `${INSTALLED.sha} # v${INSTALLED.version}`;
import { FakeGitHub } from './support/github-server.js';

const FILES = [
  'policies/release-policy.yaml',
  '.github/workflows/release-gates.yml',
  '.github/workflows/promote.yml',
  '.github/workflows/rollback.yml',
  '.github/workflows/release-admin.yml',
  '.github/workflows/deploy.yml',
  '.github/CODEOWNERS',
  '.github/rulesets/main.json',
  '.github/rulesets/releases.json',
  '.github/rulesets/release-tags.json',
  'policies/controls.yaml',
];
const ROLES = ['--governance-lead', 'gabriel-gov,gwen-gov', '--product-owner', 'priya-po'];

async function init(dir: string, args: string[]) {
  const run = await cli(['init', '--format', 'json', ...args], { cwd: dir });
  const report = run.stdout ? (JSON.parse(run.stdout) as Report) : undefined;
  return { ...run, report, verdict: report?.verdicts[0] };
}

const team = () =>
  createRepo({
    files: {
      'evals/results/latest.json': readFileSync(
        'test/fixtures/evals/promptfoo/basic/output.json',
        'utf8',
      ),
      'evals/golden/answers.jsonl':
        '{"question": "hi", "expected_output": "Hello! How can I help?"}\n',
      'package-lock.json': packageLock(),
    },
  });

describe('release-gates init', () => {
  it('writes a valid starter policy in report mode and the workflows, which judge the repository', async () => {
    const repo = team();
    const run = await init(repo.dir, [
      '--name',
      'faq-bot',
      ...ROLES,
      '--on-call',
      'oscar-oncall,@acme/sre',
      '--evals',
      'evals/results/latest.json',
      '--golden',
      'evals/golden/**/*.jsonl',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.verdict).toMatchObject({
      result: 'pass',
      summary: 'wrote 11 files: the policy in report mode, a controls register and the workflows',
      data: { written: FILES },
    });
    expect(run.report?.policy).toMatchObject({ file: FILES[0] });
    for (const file of FILES) expect(existsSync(join(repo.dir, file)), file).toBe(true);

    // The starter register is valid, and names its frameworks without quoting them.
    const register = parseRegister(
      readFileSync(join(repo.dir, FILES.at(-1)!)),
      FILES.at(-1)!,
    ).register;
    expect(register.frameworks.map((f) => `${f.id} ${f.version}`)).toEqual([
      'nist-ai-rmf 1.0',
      'iso-42001 2023',
      'eu-ai-act 2024/1689',
    ]);
    expect(register.controls.flatMap((c) => c.evidence.gates)).toEqual([
      'evals',
      'pii',
      'signoff',
      'rollback-readiness',
    ]);

    const policy = readFileSync(join(repo.dir, FILES[0]!), 'utf8');
    expect(policy).toContain('defaults:\n  mode: report\n');
    expect(policy).toContain('    users: [oscar-oncall]\n    teams: [acme/sre]\n');
    expect(policy).toContain("      - path: 'evals/results/latest.json'\n");
    expect(policy).toContain("    paths: ['evals/golden/**/*.jsonl']\n");
    // The risk manager was not named: the policy gate says so, a warning in report mode.
    const check = await cli(['check', '--format', 'json'], {
      cwd: repo.dir,
      env: { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' },
    });
    const report = JSON.parse(check.stdout) as Report;
    expect(check.code).toBe(0);
    expect(report.verdicts[0]!.items.find((i) => i.status === 'warn')?.message).toMatch(
      /risk-manager/,
    );
    expect(Object.fromEntries(report.verdicts.map((v) => [v.gate, v.result]))).toEqual({
      policy: 'warn',
      evals: 'warn',
      pii: 'pass',
      signoff: 'pass',
      'policy-change': 'pass',
      'rollback-readiness': 'pass',
    });

    const gates = readFileSync(join(repo.dir, FILES[1]!), 'utf8');
    // Pinned by the commit package-lock.json records, the release named beside it.
    expect(gates).toContain(
      `    uses: release-gates/release-gates/.github/workflows/gates.yml@${PIN}\n`,
    );
    expect(gates).toContain(`      release-gates-ref: ${INSTALLED.sha}\n`);
    expect(gates).not.toContain('allow-moving-ref');
    const promote = readFileSync(join(repo.dir, FILES[2]!), 'utf8');
    expect(promote).toContain(`      - uses: release-gates/release-gates/actions/promote@${PIN}\n`);
    expect(promote).not.toContain('./actions/');
    // The rest is this repository's own workflow, word for word.
    expect(
      promote
        .replace(/^(#.*\n)+#\n/, '')
        .replaceAll(`release-gates/release-gates/actions/promote@${PIN}`, './actions/promote')
        .replaceAll(
          `release-gates/release-gates/actions/audit-pack@${PIN}`,
          './actions/audit-pack',
        ),
    ).toBe(readFileSync('.github/workflows/promote.yml', 'utf8'));
    expect(readFileSync(join(repo.dir, '.github/CODEOWNERS'), 'utf8')).toContain(
      '/policies/  @gabriel-gov @gwen-gov\n/.github/   @gabriel-gov @gwen-gov\n',
    );
  });

  it('writes the rulesets its policy checks: imported, every platform guard holds', async () => {
    const repo = team();
    expect((await init(repo.dir, ['--name', 'faq-bot', ...ROLES])).code).toBe(0);
    const gh = await FakeGitHub.listen({ 'gh-token': { login: 'gabriel-gov' } });
    try {
      const env = { GITHUB_TOKEN: 'gh-token', GH_TOKEN: '', GITHUB_API_URL: gh.url };
      const guards = () =>
        cli(['platform-guards', '--repo', 'acme/faq-bot', '--format', 'json'], {
          cwd: repo.dir,
          env,
        });
      gh.repo('acme/faq-bot');
      expect((await guards()).code).toBe(1);
      // What docs/adopting.md step 6 does: gh api --method POST repos/{owner}/{repo}/rulesets.
      for (const file of ['main', 'releases', 'release-tags']) {
        const ruleset = readFileSync(join(repo.dir, `.github/rulesets/${file}.json`), 'utf8');
        const res = await fetch(`${gh.url}/repos/acme/faq-bot/rulesets`, {
          method: 'POST',
          headers: { authorization: 'Bearer gh-token', 'content-type': 'application/json' },
          body: ruleset,
        });
        expect(res.status).toBe(201);
      }
      const run = await guards();
      expect(run.code, run.stdout).toBe(0);
      const items = (JSON.parse(run.stdout) as Report).verdicts[0]!.items;
      expect(items.find((i) => i.id === 'platform/main/last-push-approval')?.status).toBe('pass');
      // Only the App-only pushes to stable are left to the team, as the starter policy says.
      expect(items.filter((i) => i.status !== 'pass')).toEqual([
        expect.objectContaining({ id: 'platform/stable/update', status: 'warn' }),
      ]);
    } finally {
      await gh.close();
    }
  });

  it('writes nothing when a file exists, replaces with --force, and --dry-run writes nothing', async () => {
    const repo = team();
    const mine = join(repo.dir, '.github/workflows/deploy.yml');
    repo.commit({ '.github/workflows/deploy.yml': 'name: our deploy\n' }, 'our deploy');
    const refused = await init(repo.dir, ['--name', 'faq-bot', ...ROLES]);
    expect(refused.code).toBe(1);
    expect(refused.verdict?.summary).toBe(
      'nothing written: 1 of the files exist (--force replaces them)',
    );
    expect(refused.verdict?.items.find((i) => i.status === 'fail')).toMatchObject({
      id: 'file/.github/workflows/deploy.yml',
      message: '.github/workflows/deploy.yml exists: nothing was written',
    });
    expect(existsSync(join(repo.dir, FILES[0]!))).toBe(false);
    expect(readFileSync(mine, 'utf8')).toBe('name: our deploy\n');

    const dry = await init(repo.dir, ['--name', 'faq-bot', ...ROLES, '--force', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.verdict?.items[0]?.message).toMatch(/^would write policies\/release-policy\.yaml/);
    expect(existsSync(join(repo.dir, FILES[0]!))).toBe(false);

    const forced = await init(repo.dir, ['--name', 'faq-bot', ...ROLES, '--force']);
    expect(forced.code).toBe(0);
    expect(
      forced.verdict?.items.find((i) => i.id === 'file/.github/workflows/deploy.yml')?.message,
    ).toMatch(/^replaced /);
    expect(readFileSync(mine, 'utf8')).toMatch(/^# Written by `release-gates init`/);
  });

  it('takes release-gates from a fork at a commit', async () => {
    const repo = team();
    const sha = 'a'.repeat(40);
    expect(
      (await init(repo.dir, ['--name', 'faq-bot', ...ROLES, '--from', `acme/release-gates@${sha}`]))
        .code,
    ).toBe(0);
    const gates = readFileSync(join(repo.dir, FILES[1]!), 'utf8');
    expect(gates).toContain(`uses: acme/release-gates/.github/workflows/gates.yml@${sha}\n`);
    expect(gates).toContain(
      `release-gates-repository: acme/release-gates\n      release-gates-ref: ${sha}\n`,
    );
  });

  it('writes a moving tag only when told to, and says so in the workflow', async () => {
    const repo = team();
    const from = ['--from', 'release-gates/release-gates@v1'];
    const refused = await init(repo.dir, ['--name', 'faq-bot', ...ROLES, ...from]);
    expect(refused.code).toBe(2);
    expect(refused.verdict?.items[0]).toMatchObject({
      message:
        '--from release-gates/release-gates@v1: v1 is a tag or branch, which whoever controls release-gates/release-gates can move to other code',
      hint: expect.stringMatching(/full 40-character SHA .*git ls-remote .*--allow-moving-ref/),
    });
    expect(existsSync(join(repo.dir, FILES[1]!))).toBe(false);

    const moving = await init(repo.dir, [
      '--name',
      'faq-bot',
      ...ROLES,
      ...from,
      '--allow-moving-ref',
    ]);
    expect(moving.code, moving.stderr).toBe(0);
    const gates = readFileSync(join(repo.dir, FILES[1]!), 'utf8');
    expect(gates).toContain('uses: release-gates/release-gates/.github/workflows/gates.yml@v1\n');
    expect(gates).toMatch(/release-gates-ref: v1\n {6}allow-moving-ref: true # /);
  });

  it('without --from, pins only what package-lock.json or the running package records', async () => {
    const repo = createRepo();
    const run = await init(repo.dir, ['--name', 'faq-bot', ...ROLES]);
    expect(run.code).toBe(2);
    expect(run.verdict?.items[0]).toMatchObject({
      message:
        'cannot tell which release-gates commit to pin: package-lock.json has no release-gates installed from GitHub, and this release-gates records no commit',
      hint: expect.stringMatching(/npm install --save-dev github:release-gates\/release-gates#v1/),
    });
  });

  it.each([
    [['--governance-lead', 'gabriel-gov'], /--name is required/],
    [
      ['--name', 'FAQ Bot', '--governance-lead', 'g'],
      /--name must be a short name .* not "FAQ Bot"/,
    ],
    [['--name', 'faq'], /--governance-lead is required: the policy needs an owner/],
    [
      ['--name', 'faq', '--governance-lead', 'gabriel gov'],
      /--governance-lead: "gabriel gov" is neither a GitHub login nor a team/,
    ],
    [
      ['--name', 'faq', ...ROLES, '--product-owner', 'acme/'],
      /--product-owner: "acme\/" is neither/,
    ],
    [
      ['--name', 'faq', ...ROLES, '--from', 'release-gates@v1'],
      /--from must be OWNER\/NAME@REF, not "release-gates@v1"/,
    ],
    [
      ['--name', 'faq', ...ROLES, '--golden', '/etc/passwd'],
      /the options give a policy that is not valid: .*gates\.pii\.paths/,
    ],
  ])('refuses %j, writing nothing', async (args, message) => {
    const repo = team();
    const run = await init(repo.dir, args);
    expect(run.code).toBe(2);
    expect(run.verdict?.items.map((i) => i.message).join('\n') ?? run.stderr).toMatch(message);
    expect(existsSync(join(repo.dir, FILES[0]!))).toBe(false);
  });
});
