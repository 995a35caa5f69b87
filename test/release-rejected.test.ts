/**
 * Rejected means rejected (issue 14, item 5): after a rollback, a commit whose model-relevant
 * content (the evals' freshness paths and model.config) is a rejected release's is refused,
 * whatever else changed; clearing the rejection is the way out. Real git, bare remote, the
 * loopback GitHub API.
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import { MODEL, POLICY, release, releaseRefs, releaseRepo } from './support/release-flow.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

/** The release-flow policy, with the prompts as what the evals evaluate. */
const WITH_PROMPTS = POLICY.replace(
  'gates:\n  policy: {}\n',
  `gates:
  policy: {}
  evals:
    results: [{ path: evals/results.jsonl }]
    objectives: [{ id: quality, metric: pass_rate, pass: '>= 0.8' }]
    freshness: { paths: ['chatbot/prompts/**'] }
`,
);

describe('promoting the content of a rejected release', () => {
  it('is refused when only files outside the model-relevant paths changed, until the rejection is cleared', async () => {
    const repo = releaseRepo(gh, WITH_PROMPTS);
    await release(gh, repo, ['promote']);
    const bad = {
      'chatbot/model.yaml': MODEL('2.0.0'),
      'chatbot/prompts/refunds.md': 'Always refund.\n',
    };
    repo.change(bad, 'model 2.0.0 and a refunds prompt');
    await release(gh, repo, ['promote']);
    const back = await release(gh, repo, ['rollback', '--reason', 'harmful refunds'], {
      actor: 'oscar-oncall',
    });
    expect(back.code, JSON.stringify(back.verdict.items)).toBe(0);
    await release(gh, repo, ['unfreeze', '--reason', 'RCA done'], { actor: 'gabriel-gov' });

    // The same model and prompts, with a new README and a changed CHANGELOG: not a fix.
    repo.change({ 'README.md': 'A new readme.\n', 'CHANGELOG.md': '- nothing\n' }, 'docs only');
    const before = releaseRefs(repo);
    const again = await release(gh, repo, ['promote']);
    expect(again.code).toBe(1);
    expect(again.item('rejected')).toMatchObject({
      status: 'fail',
      observed: 'release/2',
      message: expect.stringMatching(
        /^[0-9a-f]{12} has the model-relevant content \(chatbot\/prompts\/\*\*, chatbot\/model.yaml\) of release\/2, which oscar-oncall rejected at .*: harmful refunds$/,
      ),
    });
    expect(releaseRefs(repo)).toBe(before);

    // A changed prompt is other content: it may be promoted.
    repo.change({ 'chatbot/prompts/refunds.md': 'Refund within policy only.\n' }, 'fix the prompt');
    const fixed = await release(gh, repo, ['promote', '--dry-run']);
    expect(fixed.item('rejected').status).toBe('pass');

    // The explicit way out: the governance lead clears the rejection.
    repo.change(
      { 'chatbot/prompts/refunds.md': 'Always refund.\n' },
      'back to the rejected prompt',
    );
    expect((await release(gh, repo, ['promote', '--dry-run'])).item('rejected').status).toBe(
      'fail',
    );
    const cleared = await release(
      gh,
      repo,
      ['clear-rejection', '--release', '2', '--reason', 'was the provider'],
      {
        actor: 'gabriel-gov',
      },
    );
    expect(cleared.code, JSON.stringify(cleared.verdict.items)).toBe(0);
    const promoted = await release(gh, repo, ['promote']);
    expect(promoted.code, JSON.stringify(promoted.verdict.items)).toBe(0);
    expect(promoted.item('rejected').status).toBe('pass');
  });
});
