/**
 * A hand-moved release branch has a supported way back (issue 14, item 4), played as the
 * runbook says: promote and rollback refuse and point at the repair; the repair adds a commit
 * on top of the moved branch with the last recorded release's tree, recorded as a release, and
 * pushes it without force (the bare remote refuses non-fast-forward pushes, as a ruleset does);
 * then rollback and deploy work again. Real git with a bare remote, the loopback GitHub API.
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import {
  MODEL,
  expectConsistent,
  release,
  releaseRefs,
  releaseRepo,
  tagRecord,
} from './support/release-flow.js';

const gh = await FakeGitHub.start({
  'repo-token': { login: 'github-actions[bot]' },
  'org-token': { login: 'gov-bot', orgRead: true },
});
gh.addTeam('acme', 'sre', ['sam-sre']);

describe('repairing a release branch moved outside release-gates', () => {
  it('is offered by promote and rollback, recorded, fast-forward only, and unblocks them', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2.0.0');
    await release(gh, repo, ['promote']);
    const two = tagRecord(repo, 'release/2');
    // The ruleset of docs/adopting.md: no force push to stable.
    repo.git('--git-dir', repo.remote, 'config', 'receive.denyNonFastForwards', 'true');

    // Someone with push rights hot-fixes production by hand.
    repo.git('checkout', '-q', '-b', 'hotfix', 'origin/stable');
    const hand = repo.commit({ 'chatbot/prompts/refunds.md': 'Refund everything.\n' }, 'hotfix');
    repo.git('push', '-q', 'origin', 'HEAD:refs/heads/stable');
    repo.git('checkout', '-q', 'main');
    const moved = releaseRefs(repo);

    const promote = await release(gh, repo, ['promote', '--dry-run']);
    const rollback = await release(gh, repo, ['rollback', '--reason', 'r', '--dry-run'], {
      actor: 'oscar-oncall',
    });
    for (const run of [promote, rollback]) {
      expect(run.code).toBe(1);
      expect(run.item('branch')).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/it was moved outside release-gates/),
        hint: expect.stringMatching(
          /^nothing can be promoted or rolled back from it until it is repaired: release-gates repair --reason "\.\.\." .* with exactly release\/2's tree, recorded as a release, without a force push/,
        ),
      });
    }
    expect(releaseRefs(repo)).toBe(moved);

    const repaired = await release(gh, repo, ['repair', '--reason', 'hand-made hotfix on stable'], {
      actor: 'oscar-oncall',
    });
    expect(repaired.code, JSON.stringify(repaired.verdict.items)).toBe(0);
    expect(repaired.verdict.data).toMatchObject({ tag: 'release/3', restored: 'release/2' });
    const head = repo.remoteRef('refs/heads/stable')!;
    repo.git('fetch', '-q', 'origin');
    // On top of the hand-made commit (a fast-forward), with exactly release/2's tree.
    expect(repo.git('show', '-s', '--format=%P', head)).toBe(hand);
    expect(repo.git('rev-parse', `${head}^{tree}`)).toBe(two.stable.tree);
    expect(tagRecord(repo, 'release/3')).toMatchObject({
      kind: 'repair',
      actor: 'oscar-oncall',
      reason: 'hand-made hotfix on stable',
      rollback_to: 2,
      previous_release: 2,
      stable: { commit: head, tree: two.stable.tree, previous: hand },
    });
    const state = await expectConsistent(repo);
    expect(state.current?.verified).toBe(true);

    // Production is a recorded release again: the deploy check passes, rollback works.
    expect((await release(gh, repo, ['verify-release'], { actor: '' })).code).toBe(0);
    const back = await release(gh, repo, ['rollback', '--reason', 'model 2 is bad'], {
      actor: 'oscar-oncall',
    });
    expect(back.code, JSON.stringify(back.verdict.items)).toBe(0);
    expect(back.verdict.data).toMatchObject({ tag: 'release/4', 'rolled-back-to': 'release/1' });
    await expectConsistent(repo);

    const history = await release(gh, repo, ['releases']);
    expect(history.verdict.items.map((i) => i.message).join('\n')).toMatch(
      /release\/3: repaired stable, found at [0-9a-f]{12} outside release-gates, with release\/2's tree/,
    );
  });

  it('moves nothing when the branch is where the last release left it', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    const before = releaseRefs(repo);
    const run = await release(gh, repo, ['repair', '--reason', 'check'], { actor: 'oscar-oncall' });
    expect(run.code).toBe(0);
    expect(run.verdict.summary).toBe('nothing to repair: nothing moved');
    expect(releaseRefs(repo)).toBe(before);
  });

  it('is for the roles that may roll back', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    const run = await release(gh, repo, ['repair', '--reason', 'x'], {
      actor: 'mei-ml',
      env: { RELEASE_GATES_MEMBERSHIP_TOKEN: 'org-token' },
    });
    expect(run.code).toBe(1);
    expect(run.item('actor').message).toMatch(/^mei-ml may not repair the release branch/);
  });
});
