/**
 * Deploy only what was released (issue 14, item 3): the verify-release action, which the deploy
 * workflow runs before deploying, passes only when the head of stable is the recorded, verified
 * release whose record matches, never because a tag's name matches release/*. The bundled
 * action, run as the runner runs it, on real git with a bare remote.
 */
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { FakeGitHub } from './support/github-server.js';
import { MODEL, release, releaseRepo, type ReleaseRepo } from './support/release-flow.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

/** The deploy workflow's verify step, after a checkout of the default branch. */
function verify(repo: ReleaseRepo) {
  return runBundledAction('verify-release', {
    workspace: repo.dir,
    eventName: 'workflow_run',
    inputs: {},
    env: { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z', GITHUB_REPOSITORY: repo.name },
  });
}

describe('verify-release (the deploy workflow’s check)', () => {
  it('passes for the recorded release, after a promotion and after a rollback (while frozen)', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    const first = await verify(repo);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      deployable: 'true',
      tag: 'release/1',
      commit: repo.remoteRef('refs/heads/stable'),
    });

    repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2.0.0');
    await release(gh, repo, ['promote']);
    await release(gh, repo, ['rollback', '--reason', 'bad answers'], { actor: 'oscar-oncall' });
    const back = await verify(repo);
    expect(back.code, back.stdout).toBe(0);
    expect(back.outputs).toMatchObject({
      tag: 'release/3',
      commit: repo.remoteRef('refs/heads/stable'),
    });
  });

  it('refuses a hand-moved stable that carries a tag named like a release', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    // Someone pushes their own commit to stable and tags it release/2 by hand.
    repo.git('checkout', '-q', '-b', 'mine', 'origin/stable');
    repo.commit({ 'chatbot/prompts/refunds.md': 'Always refund.\n' }, 'unreviewed prompt');
    repo.git('tag', '-a', 'release/2', '-m', 'release 2');
    repo.git('push', '-q', 'origin', 'HEAD:refs/heads/stable', 'refs/tags/release/2');
    const run = await verify(repo);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail', deployable: 'false' });
    expect(run.outputs.commit).toBeUndefined();
    const errors = run.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(errors.join('\n')).toMatch(
      /tag release\/2 looks like a release tag but no release in the ledger made it/,
    );
    expect(errors.join('\n')).toMatch(
      /stable is at [0-9a-f]{40}, but the last release \(1\) left it at [0-9a-f]{40}: it was moved outside release-gates/,
    );
  });

  it('refuses before any release', async () => {
    const repo = releaseRepo(gh);
    const run = await verify(repo);
    expect(run.code).toBe(1);
    expect(run.outputs.deployable).toBe('false');
    expect(run.stdout).toMatch(/nothing is released: no release is recorded for stable/);
  });
});
