/**
 * The sign-off, policy-change and rollback-readiness actions as the runner runs them: the
 * committed bundles, real pull_request and pull_request_review payloads, a real repository
 * with a bare remote, and the GitHub API over HTTP.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import {
  mergeGroupEvent,
  pullRequestEvent,
  pullRequestReviewEvent,
} from './support/github-events.js';
import { FakeGitHub } from './support/github-server.js';
import { record } from './support/releases.js';
import { installRulesets } from './support/rulesets.js';
import { sampleRepo } from './support/sample.js';
import { tempDir } from './support/tmp.js';

const FILE = 'policies/release-policy.yaml';
const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
const env = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z', GITHUB_API_URL: gh.url };
installRulesets(gh, 'acme/support-chatbot', { checkName: '{gate}' });

/** GitHub's pull_request payload of a push to `relax` (test/support/github-events.ts). */
const relaxEvent = (number: number, base: string, head: string) =>
  pullRequestEvent({
    number,
    title: 'Relax the release policy',
    base: { ref: 'main', sha: base },
    head: { ref: 'relax', sha: head },
  });

/**
 * The sample release where the base policy needs two product owners and fails rollback
 * readiness while promotions are frozen, and a branch that relaxes both.
 */
async function relaxingBranch() {
  const repo = sampleRepo();
  const strict = readFileSync(`${repo.dir}/${FILE}`, 'utf8')
    .replace('users: [priya-po]', 'users: [priya-po, paul-pm]')
    .replace('      - role: product-owner\n', '      - role: product-owner\n        min: 2\n')
    .replace('    freeze: warn', '    freeze: fail');
  const base = repo.commit({ [FILE]: strict }, 'two product owners; a freeze fails');
  repo.git('push', '-q', 'origin', 'main');
  await record(
    repo.dir,
    { event: 'freeze', reason: 'investigating harmful answers' },
    'oscar-oncall',
  );
  repo.git('checkout', '-q', '-b', 'relax');
  const head = repo.commit(
    {
      [FILE]: strict
        .replace('        min: 2\n', '        min: 1\n')
        .replace('    freeze: fail', '    freeze: warn'),
    },
    'one product owner is enough; a freeze only warns',
  );
  return { repo, base, head };
}
const RELAXING = await relaxingBranch();

/** A new pull request (on the fake API) for the relaxing branch. */
function relaxingPullRequest() {
  const { repo, base, head } = RELAXING;
  const number = gh.addPull('acme/support-chatbot', {
    author: 'mei-ml',
    base: { ref: 'main', sha: base },
    head: { ref: 'relax', sha: head },
  });
  return { repo, base, head, number, event: relaxEvent(number, base, head) };
}

const results = (verdict: { verdicts: { gate: string; result: string }[] }) =>
  Object.fromEntries(verdict.verdicts.map((v) => [v.gate, v.result]));

describe('a pull request that relaxes the policy', () => {
  it('is judged by the base policy: lowering a threshold does not make it pass', async () => {
    const pr = relaxingPullRequest();
    gh.addReview('acme/support-chatbot', pr.number, {
      user: 'priya-po',
      state: 'APPROVED',
      commit: pr.head,
    });
    gh.addReview('acme/support-chatbot', pr.number, {
      user: 'gabriel-gov',
      state: 'APPROVED',
      commit: pr.head,
    });
    const run = await runBundledAction('check', {
      workspace: pr.repo.dir,
      eventName: 'pull_request',
      event: pr.event,
      inputs: { token: 'ghs-token' },
      env,
    });
    const report = JSON.parse(run.outputs.verdict!);
    expect(report.policy).toMatchObject({ file: FILE, ref: pr.base });
    // Under the pull request's own policy one product owner and a warning freeze would pass.
    expect(results(report)).toMatchObject({
      policy: 'pass',
      signoff: 'fail',
      'policy-change': 'warn',
      'rollback-readiness': 'fail',
    });
    expect(run.code).toBe(1);
    const signoff = report.verdicts.find((v: { gate: string }) => v.gate === 'signoff');
    expect(signoff.items[0]).toMatchObject({
      id: 'role/product-owner',
      status: 'fail',
      message:
        'product-owner sign-off: 1 of 2 approvals (approved by priya-po on ' +
        pr.head.slice(0, 12) +
        '); still needed from paul-pm',
    });
    const change = report.verdicts.find((v: { gate: string }) => v.gate === 'policy-change');
    expect(change.data.changes).toEqual([
      {
        path: 'gates.signoff.required[product-owner].min',
        direction: 'weakening',
        reason: 'approvals required loosened',
        before: 2,
        after: 1,
      },
      {
        path: 'gates.rollback-readiness.freeze',
        direction: 'weakening',
        reason: 'freeze outcome relaxed',
        before: 'fail',
        after: 'warn',
      },
    ]);
    expect(change.data.flips).toEqual([{ gate: 'rollback-readiness', base: 'fail', head: 'warn' }]);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        properties: expect.objectContaining({
          title: 'policy-change: change/gates.rollback-readiness.freeze',
          file: FILE,
        }),
      }),
    );
    expect(run.summary).toContain(
      'gates.signoff.required[product-owner].min: 2 → 1: weakening, approvals required loosened',
    );
  });

  it('needs the governance lead’s approval in the policy-change action', async () => {
    const pr = relaxingPullRequest();
    const run = await runBundledAction('policy-change', {
      workspace: pr.repo.dir,
      eventName: 'pull_request',
      event: pr.event,
      inputs: { token: 'ghs-token' },
      env,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({
      result: 'fail',
      weakening: 'true',
      'approval-needed': 'true',
    });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^governance-lead approval of the policy weakening: 0 of 1 approval; still needed from gabriel-gov, gwen-gov/,
        ),
      }),
    );
  });
});

describe('a merge queue’s merge of the relaxing pull request (merge_group)', () => {
  it('is judged by the policy of the base it goes onto, as the pull request was', async () => {
    const { repo, base, head } = RELAXING;
    // The queued merge is checked out; GitHub's merge_group payload names it and its base.
    const event = mergeGroupEvent({
      base: { ref: 'refs/heads/main', sha: base },
      head: { ref: `refs/heads/gh-readonly-queue/main/pr-7-${base}`, sha: head },
    });
    const file = join(tempDir('rg-merge-group-'), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    const run = await cli(['check', '--gate', 'rollback-readiness', '--format', 'json'], {
      cwd: repo.dir,
      env: {
        ...env,
        GITHUB_EVENT_NAME: 'merge_group',
        GITHUB_EVENT_PATH: file,
        GITHUB_REPOSITORY: 'acme/support-chatbot',
      },
    });
    const report = JSON.parse(run.stdout);
    expect(report.policy).toMatchObject({ file: FILE, ref: base });
    // The queued policy's `freeze: warn` would let the frozen release through.
    expect(results(report)).toEqual({ 'rollback-readiness': 'fail' });
    expect(run.code).toBe(1);
  });
});

describe('a weakening pushed onto someone else’s pull request', () => {
  it('does not count the approval of the governance lead who pushed it', async () => {
    const { repo, base, head } = RELAXING;
    // mei-ml opened the pull request; gwen-gov pushed the weakening commit onto its branch.
    const number = gh.addPull('acme/support-chatbot', {
      author: 'mei-ml',
      base: { ref: 'main', sha: base },
      head: { ref: 'relax', sha: head },
      commits: [{ sha: head, author: 'gwen-gov' }],
    });
    gh.addReview('acme/support-chatbot', number, {
      user: 'gwen-gov',
      state: 'APPROVED',
      commit: head,
    });
    const event = relaxEvent(number, base, head);
    const judge = () =>
      runBundledAction('policy-change', {
        workspace: repo.dir,
        eventName: 'pull_request',
        event,
        inputs: { token: 'ghs-token' },
        env,
      });
    const pushed = await judge();
    expect(pushed.code).toBe(1);
    expect(pushed.outputs).toMatchObject({ result: 'fail', 'approval-needed': 'true' });
    expect(pushed.summary).toContain(
      `approval by gwen-gov on ${head.slice(0, 12)} does not count: gwen-gov authored ${head.slice(0, 12)}, and nobody who wrote the change may approve it`,
    );
    expect(pushed.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^governance-lead approval of the policy weakening: 0 of 1 approval; still needed from gabriel-gov\n/,
        ),
      }),
    );

    gh.addReview('acme/support-chatbot', number, {
      user: 'gabriel-gov',
      state: 'APPROVED',
      commit: head,
    });
    const approved = await judge();
    expect(approved.code).toBe(0);
    // Approved: what remains are the weakenings' warnings.
    expect(approved.outputs).toMatchObject({ result: 'warn' });
    expect(JSON.parse(approved.outputs.verdict!).verdicts[0].summary).toMatch(
      /governance-lead approval given$/,
    );
  });
});

describe('the signoff action', () => {
  const unchanged = sampleRepo();

  it('re-evaluates on pull_request_review, with the real payload, and sets the commit status', async () => {
    const repo = sampleRepo();
    const base = repo.head();
    const head = repo.commit(
      { 'chatbot/prompts/system.md': 'You are a careful support assistant.\n' },
      'prompt',
    );
    const number = gh.addPull('acme/support-chatbot', {
      author: 'mei-ml',
      base: { ref: 'main', sha: base },
      head: { sha: head },
    });
    gh.addReview('acme/support-chatbot', number, {
      user: 'priya-po',
      state: 'APPROVED',
      commit: head,
    });
    gh.addReview('acme/support-chatbot', number, {
      user: 'gwen-gov',
      state: 'APPROVED',
      commit: head,
    });
    const event = pullRequestReviewEvent(
      {
        number,
        title: 'Relax the release policy',
        base: { ref: 'main', sha: base },
        head: { ref: 'relax', sha: head },
      },
      {
        user: 'gwen-gov',
        body: 'LGTM for governance',
        commit: head,
        submittedAt: '2026-11-21T11:58:00Z',
        state: 'approved',
      },
    );
    const run = await runBundledAction('signoff', {
      workspace: repo.dir,
      eventName: 'pull_request_review',
      event,
      inputs: { token: 'ghs-token' },
      env,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'pass',
      head,
      'missing-roles': '[]',
      'pull-request': String(number),
    });
    expect(JSON.parse(run.outputs.roles!)).toEqual([
      {
        role: 'product-owner',
        min: 1,
        approvedBy: [expect.objectContaining({ login: 'priya-po', commit: head })],
        missing: 0,
      },
      {
        role: 'governance-lead',
        min: 1,
        approvedBy: [expect.objectContaining({ login: 'gwen-gov', commit: head })],
        missing: 0,
      },
    ]);
    expect(gh.statuses('acme/support-chatbot', head)[0]).toMatchObject({
      state: 'success',
      context: 'release-gates/signoff',
      description: `2 of 2 roles signed off on ${head.slice(0, 12)}`,
      creator: { login: 'github-actions[bot]' },
    });
    expect(run.summary).toMatch(/\| ✅ pass \| role\/governance-lead \|/);

    // The same verdict from the command line, given the pull request number.
    const local = await cli(
      [
        'check',
        '--gate',
        'signoff',
        '--pr',
        String(number),
        '--repo',
        'acme/support-chatbot',
        '--format',
        'json',
      ],
      {
        cwd: repo.dir,
        env: { ...env, GITHUB_TOKEN: 'ghs-token' },
      },
    );
    expect(local.stdout).toBe(readFileSync(run.outputs.report!, 'utf8'));
  });

  it('says which input to set when there is no token, and passes outside a pull request', async () => {
    const repo = unchanged;
    const event = relaxEvent(5, repo.head(), repo.head());
    const noToken = await runBundledAction('signoff', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
      env,
    });
    expect(noToken.code).toBe(2);
    expect(noToken.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /no token was given\nFix: in the action keep the `token` input/,
        ),
      }),
    );
    const push = await runBundledAction('signoff', { workspace: repo.dir, eventName: 'push', env });
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/signoff\s+pass\s+not applicable: not a pull request$/m);
  });

  it.each([
    [['--pr', 'seven'], /--pr must be a pull request number, not "seven"/],
    [['--pr', '7', '--repo', 'acme'], /--repo must be OWNER\/NAME, not "acme"/],
    [['--pr', '7'], /--pr 7 needs the repository it belongs to/],
  ])('the CLI refuses %j with exit 2', async (args, message) => {
    const run = await cli(['check', ...args], {
      cwd: unchanged.dir,
      env: { ...env, GITHUB_TOKEN: 'ghs-token', GITHUB_REPOSITORY: '' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('the rollback-readiness action', () => {
  it('reports the release production runs and its rollback target', async () => {
    const repo = sampleRepo();
    await record(repo.dir, { event: 'promote', commit: repo.head() });
    const next = repo.commit({ 'chatbot/prompts/system.md': 'v2\n' }, 'v2');
    repo.git('push', '-q', 'origin', 'main');
    await record(repo.dir, { event: 'promote', commit: next });
    const run = await runBundledAction('rollback-readiness', { workspace: repo.dir, env });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'pass',
      'current-release': 'release/2',
      'rollback-target': 'release/1',
      frozen: 'false',
      stable: next,
    });

    await record(
      repo.dir,
      { event: 'freeze', reason: 'investigating harmful answers' },
      'oscar-oncall',
    );
    const frozen = await runBundledAction('rollback-readiness', { workspace: repo.dir, env });
    expect(frozen.code).toBe(0);
    expect(frozen.outputs).toMatchObject({ result: 'warn', frozen: 'true' });
    expect(frozen.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        message: expect.stringMatching(
          /^promotions are frozen since .* by oscar-oncall: investigating harmful answers/,
        ),
      }),
    );
  });
});
