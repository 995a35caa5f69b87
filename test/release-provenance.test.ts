/**
 * Promotion checks how the change arrived (issue 14, item 6): every commit a promotion brings
 * since the last release reached main through a merged pull request whose required roles
 * signed off on its final head, or nothing moves and the commits are named. Real git with a
 * bare remote, the loopback GitHub API (`GET /repos/{o}/{r}/commits/{sha}/pulls`, reviews).
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import { MODEL, POLICY, release, releaseRefs, releaseRepo } from './support/release-flow.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

/** The release-flow policy with the sign-off gate: product owner AND governance lead. */
const SIGNED = POLICY.replace(
  'gates:\n  policy: {}\n',
  `gates:
  policy: {}
  signoff:
    required: [{ role: product-owner }, { role: governance-lead }]
`,
);

describe('promotion and how the commits arrived', () => {
  it('refuses a commit pushed straight to main, naming it, and passes the reviewed ones', async () => {
    const repo = releaseRepo(gh, SIGNED);
    expect((await release(gh, repo, ['promote'])).code).toBe(0);
    const reviewed = repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2.0.0');
    // Pushed straight to main, with no pull request.
    const direct = repo.commit({ 'chatbot/prompts/refunds.md': 'Always refund.\n' }, 'direct');
    repo.git('push', '-q', 'origin', 'HEAD:main');
    const before = releaseRefs(repo);

    const run = await release(gh, repo, ['promote']);
    expect(run.code).toBe(1);
    expect(run.item('pull-requests')).toMatchObject({
      status: 'fail',
      message: `1 of 2 commit(s) since release/1 did not reach main through a pull request signed off on its final head: ${direct.slice(0, 12)} (no pull request merged into main)`,
    });
    expect(releaseRefs(repo)).toBe(before);

    // The reviewed commit alone may go.
    const ok = await release(gh, repo, ['promote', '--commit', reviewed]);
    expect(ok.code, JSON.stringify(ok.verdict.items)).toBe(0);
    expect(ok.item('pull-requests').message).toMatch(
      /^the 1 commit\(s\) since release\/1 reached main through pull requests signed off on their final head \(#\d+\)$/,
    );
  });

  it('refuses a commit whose pull request lacks a required sign-off on its final head', async () => {
    const repo = releaseRepo(gh, SIGNED);
    await release(gh, repo, ['promote']);
    const sha = repo.commit({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2.0.0');
    repo.git('push', '-q', 'origin', 'HEAD:main');
    // Approved by the product owner only; the governance lead approved an earlier head.
    const number = gh.mergedPull(repo.name, { sha, author: 'mei-ml', approvers: ['priya-po'] });
    gh.addReview(repo.name, number, {
      user: 'gabriel-gov',
      state: 'APPROVED',
      commit: 'f'.repeat(40),
    });
    const before = releaseRefs(repo);
    const run = await release(gh, repo, ['promote']);
    expect(run.code).toBe(1);
    expect(run.item('pull-requests').message).toBe(
      `1 of 1 commit(s) since release/1 did not reach main through a pull request signed off on its final head: ${sha.slice(0, 12)} (#${number}: governance-lead did not sign off on its head ${sha.slice(0, 12)})`,
    );
    expect(releaseRefs(repo)).toBe(before);
  });

  it('checks the whole history for the first release', async () => {
    const repo = releaseRepo(gh, SIGNED);
    const direct = repo.commit({ 'README.md': 'hi\n' }, 'direct');
    repo.git('push', '-q', 'origin', 'HEAD:main');
    const run = await release(gh, repo, ['promote']);
    expect(run.code).toBe(1);
    expect(run.item('pull-requests').message).toMatch(
      new RegExp(
        `^1 of 2 commit\\(s\\) in its history \\(first release\\) did not .*: ${direct.slice(0, 12)} \\(no pull request merged into main\\)$`,
      ),
    );
  });

  it('takes the history up to promotion.reviewed_since as reviewed, for a repository that adopts it', async () => {
    const repo = releaseRepo(gh, SIGNED);
    const direct = repo.commit({ 'README.md': 'from before the gates\n' }, 'direct');
    repo.git('push', '-q', 'origin', 'HEAD:main');
    const adopted = SIGNED.replace('promotion:\n', `promotion:\n  reviewed_since: ${direct}\n`);
    const policy = repo.change({ 'policies/release-policy.yaml': adopted }, 'adopt release-gates');
    const run = await release(gh, repo, ['promote']);
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(0);
    expect(run.item('pull-requests')).toMatchObject({ status: 'pass', observed: 1 });
    expect(releaseRefs(repo)).toContain(policy);
  });

  it.each([
    [
      'a commit of no branch',
      (repo: ReturnType<typeof releaseRepo>) => {
        repo.git('checkout', '-q', '-b', 'side');
        const side = repo.commit({ 'README.md': 'elsewhere\n' }, 'side');
        repo.git('checkout', '-q', 'main');
        return side;
      },
    ],
    ['a commit the repository does not have', () => 'a'.repeat(40)],
  ])('refuses promotion.reviewed_since naming %s, and moves nothing', async (_, pick) => {
    const repo = releaseRepo(gh, SIGNED);
    const since = pick(repo);
    const adopted = SIGNED.replace('promotion:\n', `promotion:\n  reviewed_since: ${since}\n`);
    repo.change({ 'policies/release-policy.yaml': adopted }, 'adopt release-gates');
    const before = releaseRefs(repo);
    const run = await release(gh, repo, ['promote']);
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(2);
    expect(run.item('reviewed-since')).toMatchObject({ status: 'error' });
    expect(releaseRefs(repo)).toBe(before);
  });
});
