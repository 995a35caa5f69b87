/**
 * The GitHub port (the real Octokit of @actions/github) against GitHub's API as it really
 * answered: the recorded scenarios of `@octokit/fixtures` replayed over HTTP. What the port
 * returns is checked against what the recording holds. docs/github-api.md lists which of the
 * port's endpoints have a recording.
 */
import { describe, expect, it } from 'vitest';
import { OctokitGitHub } from '../actions/runtime/ports/github.js';
import { recordings, replay, type Recording } from './support/recorded-github.js';

const NAMES = { token: 'the `token` input', membershipToken: 'the `membership-token` input' };
const port = (url: string) =>
  new OctokitGitHub({ token: 'recorded-token', baseUrl: url, names: NAMES, backoffUnitMs: 1 });

interface RecordedIssue {
  number: number;
  title: string;
  body: string | null;
  state: string;
  labels: { name: string }[];
  html_url: string;
  created_at: string;
  user: { login: string };
  pull_request?: unknown;
}

describe("the GitHub port against GitHub's recorded answers (@octokit/fixtures)", () => {
  it('lists issues across the recorded pages, following the Link headers GitHub sent', async () => {
    const recorded = recordings('api.github.com/paginate-issues');
    const api = await replay(recorded);
    const issues = await port(api.url).issues(
      { owner: 'octokit-fixture-org', repo: 'paginate-issues' },
      { state: 'all', labels: [] },
    );

    // Every recorded page asked for, the later ones by the links GitHub gave, in order.
    expect(api.mismatches).toEqual([]);
    expect(api.pending()).toEqual([]);
    expect(api.requests.slice(1).map((r) => r.path)).toEqual(recorded.slice(1).map((r) => r.path));
    expect(api.requests.every((r) => r.authorization === 'token recorded-token')).toBe(true);

    const all = recorded.flatMap((r) => r.response as RecordedIssue[]);
    expect(all.length).toBeGreaterThan(recorded.length);
    expect(issues).toEqual(
      all
        .filter((i) => !i.pull_request)
        .map((i) => ({
          number: i.number,
          title: i.title,
          body: i.body ?? '',
          state: i.state,
          labels: i.labels.map((l) => l.name),
          url: i.html_url,
          createdAt: i.created_at,
          author: i.user.login,
        })),
    );
  });

  it('sets commit statuses with the body GitHub recorded, and takes its 201', async () => {
    const recorded = recordings('api.github.com/create-status').filter((r) => r.method === 'post');
    const api = await replay(recorded);
    const github = port(api.url);
    for (const r of recorded) {
      const sent = r.body as {
        state: 'success';
        target_url: string;
        description: string;
        context: string;
      };
      const sha = r.path.split('/').pop()!;
      await github.setCommitStatus({ owner: 'octokit-fixture-org', repo: 'create-status' }, sha, {
        state: sent.state,
        context: sent.context,
        description: sent.description,
        targetUrl: sent.target_url,
      });
    }
    expect(api.mismatches).toEqual([]);
    expect(api.pending()).toEqual([]);
    expect(api.requests.map((r) => [r.path, r.body])).toEqual(
      recorded.map((r) => [r.path, r.body]),
    );
  });

  it('opens an issue and labels it, reading the issue GitHub returned', async () => {
    const recorded = recordings('api.github.com/add-labels-to-issue');
    const [create, label] = recorded as [Recording, Recording];
    const api = await replay(recorded);
    const github = port(api.url);
    const repo = { owner: 'octokit-fixture-org', repo: 'add-labels-to-issue' };
    const title = (create.body as { title: string }).title;
    const issue = await github.createIssue(repo, { title, body: '', labels: [] });
    const created = create.response as RecordedIssue;
    expect(issue).toEqual({
      number: created.number,
      title: created.title,
      body: created.body ?? '',
      state: created.state,
      labels: created.labels.map((l) => l.name),
      url: created.html_url,
      createdAt: created.created_at,
      author: created.user.login,
    });

    const labels = (label.body as { labels: string[] }).labels;
    await github.addIssueLabels(repo, issue.number, labels);
    expect(api.mismatches).toEqual([]);
    expect(api.pending()).toEqual([]);
    // The port names the issue GitHub created, and sends the labels as recorded.
    expect(api.requests[1]).toMatchObject({ path: label.path, body: label.body });
    // It also sends an empty body and no labels, which the recorded request left out.
    expect(api.requests[0]!.body).toEqual({ title, body: '', labels: [] });
  });
});
