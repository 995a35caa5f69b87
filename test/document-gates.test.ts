import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { FakeGitHub } from './support/github-server.js';
import { cli } from './support/cli.js';
import { pullRequestEvent } from './support/github-events.js';
import { sampleRepo } from './support/sample.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };
const FAILING = 'policies/examples/failing-policy.yaml';

describe('the bundled cards and compliance actions on the sample release', () => {
  const repo = sampleRepo();

  it.each(['cards', 'compliance'])('%s passes on the sample release', async (gate) => {
    const run = await runBundledAction(gate, { workspace: repo.dir, env: NOW });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe('pass');
    const report = JSON.parse(run.outputs.verdict!);
    expect(report.verdicts.map((v: { gate: string }) => v.gate)).toEqual([gate]);
    expect(run.summary).toMatch(/^## ✅ release-gates check: PASS/);
  });

  it('cards fails on a stricter policy, annotating the card at the heading', async () => {
    const run = await runBundledAction('cards', {
      workspace: repo.dir,
      inputs: { policy: FAILING },
      env: NOW,
    });
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: {
        title: 'cards: docs/model-card.md:section/evaluation',
        file: 'docs/model-card.md',
        line: '132',
        endLine: '132',
        col: '1',
        endColumn: '14',
      },
      message: expect.stringMatching(
        /^section "Evaluation" has (\d+) words, fewer than the 400 required\nFix: write at least \d+ more words of real content here$/,
      ),
    });
    expect(run.summary).toContain('the card has no "Fairness Evaluation" section');
  });

  it('compliance fails on a stricter policy, annotating the approver line', async () => {
    const run = await runBundledAction('compliance', {
      workspace: repo.dir,
      inputs: { policy: FAILING },
      env: NOW,
    });
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({
          file: 'docs/compliance/dpia.md',
          line: '5',
          col: '11',
        }),
        message: expect.stringMatching(
          /approved by gabriel-gov, who does not hold the role risk-manager/,
        ),
      }),
    );
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        message: expect.stringMatching(/expires on 2027-11-16, in 360 days/),
      }),
    );
  });

  it.each(['cards', 'compliance'])(
    '%s gives the same verdict JSON as the CLI, byte for byte',
    async (gate) => {
      for (const policy of ['policies/release-policy.yaml', FAILING]) {
        const local = await cli(['check', '--gate', gate, '--policy', policy, '--format', 'json'], {
          cwd: repo.dir,
          env: NOW,
        });
        const action = await runBundledAction(gate, {
          workspace: repo.dir,
          inputs: { policy },
          env: NOW,
        });
        expect(readFileSync(action.outputs.report!, 'utf8')).toBe(local.stdout);
      }
    },
  );

  it('a pull request that bumps the model version names the evidence that needs re-approval', async () => {
    const base = repo.head();
    repo.git('checkout', '-q', '-b', 'bump-model');
    const config = readFileSync(`${repo.dir}/chatbot/model.yaml`, 'utf8');
    const head = repo.commit(
      { 'chatbot/model.yaml': config.replace('version: 2.4.0', 'version: 2.5.0') },
      'bump the model to 2.5.0',
    );
    const event = pullRequestEvent({
      number: 12,
      base: { ref: 'main', sha: base },
      head: { ref: 'bump-model', sha: head },
    });
    const compliance = await runBundledAction('compliance', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
      env: NOW,
    });
    expect(compliance.code).toBe(1);
    expect(compliance.summary).toContain(
      'model version 2.5.0 is not covered by dpia, tra, evaluation-pack: each needs re-approval for 2.5.0',
    );
    expect(compliance.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ file: 'docs/compliance/tra.md', line: '8' }),
        message: expect.stringMatching(
          /covers model version 2\.4\.0, not the shipped 2\.5\.0 .* needs re-approval for 2\.5\.0/,
        ),
      }),
    );
    const cards = await runBundledAction('cards', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
      env: NOW,
    });
    expect(cards.code).toBe(1);
    expect(cards.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ file: 'docs/model-card.md', line: '13' }),
        message: expect.stringMatching(
          /describes model version 2\.4\.0, but chatbot\/model.yaml ships 2\.5\.0/,
        ),
      }),
    );
    repo.git('checkout', '-q', 'main');
  });
});

describe('an evidence approval a pull request writes is proven by the approver, not declared', () => {
  const REPO = 'acme/support-chatbot';

  /** A pull request by mei-ml that writes rosa-risk's re-approval of the TRA. */
  async function reapproval(
    gh: FakeGitHub,
    author = 'mei-ml',
    edit = (tra: string) => tra.replace('approved_on: 2026-11-17', 'approved_on: 2026-11-20'),
  ) {
    const repo = sampleRepo();
    const base = repo.head();
    repo.git('checkout', '-q', '-b', 'reapprove');
    const path = `${repo.dir}/docs/compliance/tra.md`;
    const head = repo.commit(
      {
        'docs/compliance/tra.md': edit(readFileSync(path, 'utf8')),
      },
      're-approve the TRA',
    );
    const sides = { base: { ref: 'main', sha: base }, head: { ref: 'reapprove', sha: head } };
    const number = gh.addPull(REPO, { author, ...sides });
    const event = pullRequestEvent({ number, author, ...sides });
    const run = (token: string | null = 'ghs-token') =>
      runBundledAction('compliance', {
        workspace: repo.dir,
        eventName: 'pull_request',
        event,
        inputs: token ? { token } : { token: '' },
        env: { ...NOW, GITHUB_API_URL: gh.url },
      });
    return { number, head, run };
  }

  const approval = (run: Awaited<ReturnType<typeof runBundledAction>>) =>
    JSON.parse(run.outputs.verdict!).verdicts[0].items.find(
      (i: { id: string }) => i.id === 'tra/approval',
    );

  it('fails until the named approver approves the head commit; the author’s or another role’s review does not count', async () => {
    const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
    const pr = await reapproval(gh);
    const before = await pr.run();
    expect(before.code, before.stdout).toBe(1);
    expect(approval(before)).toMatchObject({
      status: 'fail',
      message: `docs/compliance/tra.md: this pull request changes its approval to rosa-risk (2026-11-20), but rosa-risk has not approved the pull request on its head commit ${pr.head.slice(0, 12)}`,
      location: { file: 'docs/compliance/tra.md', line: 5 },
    });
    gh.addReview(REPO, pr.number, { user: 'gabriel-gov', state: 'APPROVED', commit: pr.head });
    gh.addReview(REPO, pr.number, { user: 'rosa-risk', state: 'COMMENTED', commit: pr.head });
    expect((await pr.run()).code).toBe(1);
    gh.addReview(REPO, pr.number, { user: 'Rosa-Risk', state: 'APPROVED', commit: pr.head });
    const after = await pr.run();
    expect(after.code, after.stdout).toBe(0);
    expect(approval(after)).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/, proven by their approval of [0-9a-f]{12}$/),
    });
    // Her later request for changes takes the approval back, as it does for sign-off.
    gh.addReview(REPO, pr.number, {
      user: 'rosa-risk',
      state: 'CHANGES_REQUESTED',
      commit: pr.head,
    });
    const withdrawn = await pr.run();
    expect(withdrawn.code, withdrawn.stdout).toBe(1);
    expect(approval(withdrawn).status).toBe('fail');
  });

  it('keeps an approval over edited text only once its approver approves the edit', async () => {
    const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
    const pr = await reapproval(gh, 'mei-ml', (tra) => `${tra}\nResidual risk: none.\n`);
    const before = await pr.run();
    expect(before.code, before.stdout).toBe(1);
    expect(approval(before)).toMatchObject({
      status: 'fail',
      message: `docs/compliance/tra.md: this pull request changes the document rosa-risk approved on 2026-11-17, but rosa-risk has not approved the pull request on its head commit ${pr.head.slice(0, 12)}`,
    });
    gh.addReview(REPO, pr.number, { user: 'rosa-risk', state: 'APPROVED', commit: pr.head });
    expect((await pr.run()).code).toBe(0);
  });

  it('counts the approver who opened the pull request', async () => {
    const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
    const run = await (await reapproval(gh, 'rosa-risk')).run();
    expect(run.code, run.stdout).toBe(0);
    expect(approval(run).message).toMatch(/, who opened this pull request$/);
  });

  it('is an error, never a pass, when the reviews cannot be read', async () => {
    const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
    const run = await (await reapproval(gh)).run(null);
    expect(run.code, run.stdout).toBe(2);
    expect(approval(run)).toMatchObject({
      status: 'error',
      hint: expect.stringMatching(/pull-requests: read/),
    });
  });
});
