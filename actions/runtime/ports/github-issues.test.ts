import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/errors.js';
import { FakeGitHub } from '../../../test/support/github-server.js';
import { OctokitGitHub } from './github.js';

const REPO = { owner: 'acme', repo: 'chatbot' };
const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });
gh.addPull('acme/chatbot', { number: 1, author: 'mei-ml', head: { sha: 'a'.repeat(40) } });
// GitHub lists pull requests among the issues: one with the incident label must not count.
gh.addPull('acme/chatbot', {
  author: 'mei-ml',
  labels: ['incident'],
  head: { sha: 'b'.repeat(40) },
});

const github = new OctokitGitHub({
  token: 'repo-token',
  baseUrl: gh.url,
  names: { token: 'the `token` input', membershipToken: 'the `membership-token` input' },
  backoffUnitMs: 1,
});

describe('the GitHub port: issues and workflow dispatch (monitoring, feedback)', () => {
  it('lists issues by labels and update time across pages, newest first, without pull requests', async () => {
    for (let i = 0; i < 130; i++)
      gh.addIssue('acme/chatbot', {
        title: `incident ${i}`,
        labels: ['incident'],
        createdAt: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z`,
      });
    gh.addIssue('acme/chatbot', {
      title: 'old',
      labels: ['incident'],
      createdAt: '2026-10-01T10:00:00Z',
    });
    gh.addIssue('acme/chatbot', {
      title: 'other',
      labels: ['bug'],
      createdAt: '2026-11-05T10:00:00Z',
    });
    const all = await github.issues(REPO, { labels: ['incident'], state: 'all' });
    expect(all).toHaveLength(131);
    const since = await github.issues(REPO, {
      labels: ['incident'],
      state: 'open',
      since: new Date('2026-11-15T00:00:00Z'),
    });
    expect(since).toHaveLength(36);
    expect(since[0]).toMatchObject({
      state: 'open',
      labels: ['incident'],
      author: 'octocat',
      url: expect.stringMatching(/\/issues\/\d+$/),
    });
    expect(gh.calls('/repos/acme/chatbot/issues').at(-1)!.query).toMatchObject({
      labels: 'incident',
      state: 'open',
      since: '2026-11-15T00:00:00.000Z',
      per_page: '100',
    });
  });

  it('opens, comments on, labels and closes an issue', async () => {
    const issue = await github.createIssue(REPO, {
      title: 'Monitoring: SLO p95 breached',
      body: 'evidence',
      labels: ['incident', 'monitoring'],
    });
    expect(issue).toMatchObject({
      title: 'Monitoring: SLO p95 breached',
      body: 'evidence',
      labels: ['incident', 'monitoring'],
      state: 'open',
    });
    const url = await github.commentOnIssue(REPO, issue.number, 'still breached');
    expect(url).toBe(
      `${issue.url}#issuecomment-${String(gh.issue('acme/chatbot', issue.number)!.comments[0]!.id)}`,
    );
    await github.addIssueLabels(REPO, issue.number, ['rollback-dispatched']);
    await github.closeIssue(REPO, issue.number, 'masked body');
    expect(gh.issue('acme/chatbot', issue.number)).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      body: 'masked body',
    });
    expect(gh.issue('acme/chatbot', issue.number)!.labels.map((l) => l.name)).toEqual([
      'incident',
      'monitoring',
      'rollback-dispatched',
    ]);
  });

  it('dispatches a workflow, and explains a 404 and a 403', async () => {
    await github.dispatchWorkflow(REPO, 'rollback.yml', 'main', {
      target: 'previous',
      reason: 'r',
      incident: '',
    });
    expect(gh.repo('acme/chatbot').dispatches.at(-1)).toEqual({
      workflow: 'rollback.yml',
      ref: 'main',
      inputs: { target: 'previous', reason: 'r', incident: '' },
    });

    gh.fail({ method: 'POST', path: /dispatches$/, status: 404 });
    const missing = await github
      .dispatchWorkflow(REPO, 'rollback.yml', 'main', {})
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).message).toMatch(
      /\.github\/workflows\/rollback\.yml does not exist on main, or has no workflow_dispatch trigger/,
    );

    gh.fail({
      method: 'POST',
      path: /\/issues$/,
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const refused = await github
      .createIssue(REPO, { title: 't', body: 'b', labels: [] })
      .catch((e: unknown) => e);
    expect((refused as ApiError).problems[0]).toMatchObject({
      message: expect.stringMatching(
        /could not open the issue "t" in acme\/chatbot: the token may not do this/,
      ),
      hint: 'the `token` input needs `issues: write`',
    });
  });
});
