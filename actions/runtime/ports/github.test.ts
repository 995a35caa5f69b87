import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/errors.js';
import { FakeGitHub } from '../../../test/support/github-server.js';
import { OctokitGitHub } from './github.js';

const REPO = { owner: 'acme', repo: 'chatbot' };
const HEAD = 'a'.repeat(40);
const NAMES = { token: 'the `token` input', membershipToken: 'the `membership-token` input' };

const gh = await FakeGitHub.start({
  'repo-token': { login: 'github-actions[bot]' },
  'org-token': { login: 'gov-bot', orgRead: true },
});
gh.addPull('acme/chatbot', {
  number: 7,
  author: 'mei-ml',
  head: { sha: HEAD },
  title: 'Tune prompts',
});
gh.addTeam('acme', 'product', ['priya-po', 'Paul-PM']);

function port(options: Partial<ConstructorParameters<typeof OctokitGitHub>[0]> = {}) {
  const log: string[] = [];
  const github = new OctokitGitHub({
    token: 'repo-token',
    baseUrl: gh.url,
    names: NAMES,
    backoffUnitMs: 1,
    log: (m) => log.push(m),
    ...options,
  });
  return { github, log };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('the GitHub port, through the real Octokit against a loopback API', () => {
  it('reads a pull request in the shape the gates use', async () => {
    expect(await port().github.pullRequest(REPO, 7)).toEqual({
      number: 7,
      title: 'Tune prompts',
      state: 'open',
      merged: false,
      draft: false,
      author: { login: 'mei-ml', bot: false },
      base: { ref: 'main', sha: '0'.repeat(40) },
      head: { ref: 'pr-7', sha: HEAD },
      headRepo: 'acme/chatbot',
      url: 'https://github.com/acme/chatbot/pull/7',
    });
    expect(gh.requests.at(-1)).toMatchObject({
      token: 'repo-token',
      path: '/repos/acme/chatbot/pulls/7',
    });
  });

  it('reads every page of reviews (over 100), oldest first, bots marked', async () => {
    const number = gh.addPull('acme/chatbot', { author: 'mei-ml', head: { sha: HEAD } });
    for (let i = 0; i < 230; i++)
      gh.addReview('acme/chatbot', number, {
        user: `reviewer-${i}`,
        state: 'COMMENTED',
        commit: HEAD,
      });
    gh.addReview('acme/chatbot', number, {
      user: 'renovate[bot]',
      state: 'APPROVED',
      commit: HEAD,
    });
    const before = gh.requests.length;
    const reviews = await port().github.reviews(REPO, number);
    expect(reviews).toHaveLength(231);
    expect(reviews[0]).toMatchObject({
      reviewer: { login: 'reviewer-0', bot: false },
      state: 'COMMENTED',
      commit: HEAD,
    });
    expect(reviews.at(-1)).toMatchObject({
      reviewer: { login: 'renovate[bot]', bot: true },
      state: 'APPROVED',
    });
    const pages = gh.requests.slice(before).map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('reads team members with the membership token', async () => {
    const { github } = port({ membershipToken: 'org-token' });
    expect(await github.teamMembers('acme', 'product')).toEqual(['priya-po', 'Paul-PM']);
    expect(gh.requests.at(-1)?.token).toBe('org-token');
  });

  it.each([
    [
      'no membership token (GITHUB_TOKEN cannot read teams)',
      {},
      'product',
      403,
      /the token may not do this \(403 Resource not accessible by integration\)/,
      /`token` input \(set the `membership-token` input for teams\) needs read access to organisation members/,
    ],
    [
      'a team that does not exist',
      { membershipToken: 'org-token' },
      'nobody',
      404,
      /team acme\/nobody does not exist/,
      /`membership-token` input has read access/,
    ],
  ])(
    'says clearly when membership cannot be read: %s',
    async (_name, options, team, status, message, hint) => {
      const e = await failure(port(options).github.teamMembers('acme', team));
      expect(e.status).toBe(status);
      expect(e.problems[0]!.message).toMatch(message);
      expect(e.problems[0]!.hint).toMatch(hint);
    },
  );

  it('sets a commit status, cut to GitHub’s 140 characters', async () => {
    await port().github.setCommitStatus(REPO, HEAD, {
      state: 'failure',
      context: 'release-gates/signoff',
      description: 'x'.repeat(200),
      targetUrl: 'https://github.com/acme/chatbot/actions/runs/1',
    });
    expect(gh.statuses('acme/chatbot', HEAD)[0]).toMatchObject({
      state: 'failure',
      context: 'release-gates/signoff',
      description: 'x'.repeat(140),
      target_url: 'https://github.com/acme/chatbot/actions/runs/1',
    });
  });

  it('retries a server error with backoff, then succeeds', async () => {
    gh.fail({ path: '/repos/acme/chatbot/pulls/7', status: 502, times: 2 });
    const before = gh.requests.length;
    expect((await port().github.pullRequest(REPO, 7)).number).toBe(7);
    expect(gh.requests.slice(before).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('waits out a secondary rate limit (Retry-After), then succeeds', async () => {
    gh.failSecondaryRateLimit('/repos/acme/chatbot/pulls/7/reviews', 2);
    const { github, log } = port();
    const before = gh.requests.length;
    await github.reviews(REPO, 7);
    expect(gh.requests.slice(before).map((r) => r.status)).toEqual([403, 200]);
    expect(log).toEqual([
      expect.stringMatching(
        /^GitHub secondary rate limit on GET .*\/pulls\/7\/reviews.*: retrying in 2 s$/,
      ),
    ]);
  });

  it.each([
    [
      'bad token',
      { token: 'revoked' },
      undefined,
      401,
      /the token was rejected \(401 Bad credentials\)/,
      /`token` input is missing, expired or revoked/,
    ],
    [
      'forbidden',
      {},
      { status: 403, message: 'Resource not accessible by integration' },
      403,
      /the token may not do this/,
      /needs `pull-requests: read`/,
    ],
    [
      'not found',
      {},
      { status: 404 },
      404,
      /not found \(404\): there is no pull request #7 in acme\/chatbot/,
      /check the name/,
    ],
    [
      'unprocessable',
      {},
      { status: 422, message: 'Validation Failed' },
      422,
      /GitHub refused the request \(422 Validation Failed\)/,
      /bug in release-gates/,
    ],
    [
      'server error that persists',
      {},
      { status: 500, times: 4 },
      500,
      /GitHub failed \(500 .*\), retries included/,
      /githubstatus/,
    ],
    [
      'secondary rate limit that persists',
      {},
      {
        status: 403,
        times: 4,
        message: 'You have exceeded a secondary rate limit.',
        headers: { 'retry-after': '1' },
      },
      403,
      /rate limit held after 3 retries/,
      /rerun the job later/,
    ],
  ])(
    'turns a failure into a readable ApiError: %s',
    async (_name, options, injected, status, message, hint) => {
      if (injected) gh.fail({ path: '/repos/acme/chatbot/pulls/7', ...injected });
      const e = await failure(port(options).github.pullRequest(REPO, 7));
      expect(e.status).toBe(status);
      expect(e.problems[0]!.message).toMatch(
        /^GitHub API: could not read pull request acme\/chatbot#7: /,
      );
      expect(e.problems[0]!.message).toMatch(message);
      expect(e.problems[0]!.hint).toMatch(hint);
    },
  );

  it('reports an unreachable API after retrying', async () => {
    const e = await failure(port({ baseUrl: 'http://127.0.0.1:9' }).github.pullRequest(REPO, 7));
    expect(e.problems[0]!.message).toMatch(
      /GitHub at http:\/\/127\.0\.0\.1:9 could not be reached/,
    );
  });
});
