/**
 * The platform guards the trust model relies on, checked rather than assumed: the policy gate
 * of the bundled check action on a pull request, and `release-gates platform-guards`, read the
 * branch rules of main and stable from the GitHub API over HTTP and fail each missing guard.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../actions/lib/policy/load.js';
import type { Report } from '../actions/lib/verdict/model.js';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { pullRequestEvent } from './support/github-events.js';
import { FakeGitHub } from './support/github-server.js';
import { installRulesets } from './support/rulesets.js';
import { sampleRepo } from './support/sample.js';

const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
gh.repo('acme/unguarded');
installRulesets(gh, 'acme/guarded', { checkName: '{gate}' });
const repo = sampleRepo();
const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z', GITHUB_API_URL: gh.url };
const NO_TOKEN = { GITHUB_TOKEN: '', GH_TOKEN: '' };

/** The policy gate of the check action on a pull request of `repository`. */
function onPullRequest(repository: string, token = 'ghs-token') {
  const base = repo.head();
  return runBundledAction('check', {
    workspace: repo.dir,
    eventName: 'pull_request',
    event: pullRequestEvent(
      { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'friendlier', sha: base } },
      'synchronize',
      {},
      repository,
    ),
    inputs: { gate: 'policy', token },
    env: { ...NOW, GITHUB_REPOSITORY: repository },
  });
}

const platformItems = (verdict: string | undefined) =>
  Object.fromEntries(
    (JSON.parse(verdict!) as Report).verdicts[0]!.items.filter((i) =>
      i.id.startsWith('platform/'),
    ).map((i) => [i.id, i.status]),
  );

describe('the policy gate on a pull request checks the platform guards', () => {
  it('fails each guard missing from a repository without rulesets, with its fix', async () => {
    const run = await onPullRequest('acme/unguarded');
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.result).toBe('fail');
    const items = platformItems(run.outputs.verdict);
    expect(Object.keys(items)).toEqual([
      'platform/main/pull-request',
      'platform/main/code-owner-review',
      'platform/main/last-push-approval',
      ...[
        'policy',
        'evals',
        'cards',
        'pii',
        'compliance',
        'signoff',
        'policy-change',
        'rollback-readiness',
      ].map((g) => `platform/main/check/${g}`),
      'platform/stable/non-fast-forward',
      'platform/stable/deletion',
      'platform/stable/update',
    ]);
    expect(new Set(Object.values(items))).toEqual(new Set(['fail']));
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringContaining(
          'main does not require approval of the most recent push: whoever pushes last can approve their own push\nFix: turn on "Require approval of the most recent reviewable push" in a ruleset on main',
        ),
      }),
    );
    expect(gh.calls('/repos/acme/unguarded/rules/branches/main')).toHaveLength(1);
    expect(gh.calls('/repos/acme/unguarded/rules/branches/stable')).toHaveLength(1);
  });

  it('passes with the rulesets init writes in force (and stable restricted to its bypass actors)', async () => {
    const run = await onPullRequest('acme/guarded');
    expect(run.code, run.stdout).toBe(0);
    const items = platformItems(run.outputs.verdict);
    expect(Object.keys(items)).toHaveLength(14);
    expect(new Set(Object.values(items))).toEqual(new Set(['pass']));
    const signoff = (JSON.parse(run.outputs.verdict!) as Report).verdicts[0]!.items.find(
      (i) => i.id === 'platform/main/check/signoff',
    );
    expect(signoff?.message).toMatch(
      /^main requires the status check "signoff" \(ruleset \d+ of acme\/guarded\)$/,
    );
  });

  it('errors without a token in GitHub Actions, saying which input to set', async () => {
    const run = await onPullRequest('acme/guarded', '');
    expect(run.code).toBe(2);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^the rules of the branches main and stable are read from the GitHub API, but no GitHub token was given\nFix: give a token .*the `token` input, default github\.token/,
        ),
      }),
    );
  });

  it.each([
    [403, 'Resource not accessible by integration', /needs `contents: read`/],
    [404, 'Not Found', /acme\/guarded does not exist or the token cannot see it/],
  ])('errors on a %i from the API, naming the permission', async (status, message, said) => {
    gh.fail({ path: /\/rules\/branches\//, status, message, times: 2 });
    const run = await onPullRequest('acme/guarded');
    expect(run.code).toBe(2);
    expect(run.outputs.result).toBe('error');
    const error = run.commands.find(
      (c) => c.command === 'error' && /rules of branch/.test(c.message),
    );
    expect(error?.message).toMatch(said);
  });
});

describe('release-gates platform-guards', () => {
  const guards = (args: string[], env: NodeJS.ProcessEnv = { GITHUB_TOKEN: 'ghs-token' }) =>
    cli(['platform-guards', ...args], { cwd: repo.dir, env: { ...NOW, ...NO_TOKEN, ...env } });

  it('exits 0 when every guard is in force, 1 naming each missing one', async () => {
    const ok = await guards(['--repo', 'acme/guarded']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(
      /^platform-guards\s+pass\s+every guard the gates rely on is in force on main and stable$/m,
    );
    const missing = await guards(['--repo', 'acme/unguarded', '--format', 'json']);
    expect(missing.code).toBe(1);
    const report = JSON.parse(missing.stdout) as Report;
    expect(report.verdicts[0]!.summary).toBe('14 guards missing or unreadable on main and stable');
  });

  it('exits 2 without a token: it was asked to check, so it never passes unchecked', async () => {
    const run = await guards(['--repo', 'acme/guarded'], {});
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('but no GitHub token was given');
  });

  it('leaves a local check of the sample passing: the guards are checked on pull requests', async () => {
    const run = await cli(['check', '--format', 'json'], {
      cwd: repo.dir,
      env: { ...NOW, ...NO_TOKEN },
    });
    expect(run.code, run.stdout).toBe(0);
    const policy = (JSON.parse(run.stdout) as Report).verdicts.find((v) => v.gate === 'policy')!;
    expect(policy.items.find((i) => i.id === 'platform/not-checked')).toMatchObject({
      status: 'info',
      message: 'the rulesets the gates rely on were not checked: they are checked on pull requests',
    });
  });
});

/** The owners of `path` under a CODEOWNERS file: the last matching line wins, as on GitHub. */
function ownersOf(codeowners: string, path: string): string[] {
  let owners: string[] = [];
  for (const line of codeowners.split('\n')) {
    const [pattern, ...who] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!pattern) continue;
    const anchored = pattern.replace(/^\//, '');
    const hit = anchored.endsWith('/') ? path.startsWith(anchored) : path === anchored;
    if (hit) owners = who;
  }
  return owners;
}

describe("this repository's .github/CODEOWNERS", () => {
  it('gives the governance leads everything that decides a verdict', () => {
    const codeowners = readFileSync('.github/CODEOWNERS', 'utf8');
    const { policy } = parsePolicy(
      readFileSync('policies/release-policy.yaml'),
      'policies/release-policy.yaml',
    );
    const leads = policy.roles['governance-lead']!.users.map((u) => `@${u}`);
    const decisive = [
      'policies/release-policy.yaml',
      'policies/examples/failing-policy.yaml',
      '.github/workflows/release-gates.yml',
      '.github/CODEOWNERS',
      'actions/lib/gate.ts',
      'actions/check/dist/index.js',
      'actions/shared/dist/chunk.js',
      'evals/suites/support-bot.mjs',
      'evals/golden/pii-baseline.json',
      ...policy.gates.evals!.results.map((r) => r.path),
      ...policy.gates.compliance!.documents.map((d) => d.path),
      ...policy.gates.cards!.cards.map((c) => c.path),
    ];
    for (const path of decisive) expect(ownersOf(codeowners, path), path).toEqual(leads);
    // The owners are people who can review: the governance lead's holders, nobody else.
    expect(codeowners.match(/@[\w-]+/g)!.every((o) => leads.includes(o))).toBe(true);
  });
});
