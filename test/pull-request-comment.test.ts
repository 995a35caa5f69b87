/**
 * actions/comment as the runner runs it: the gate actions write their reports, the comment
 * action reads them and keeps one comment on the pull request, over the loopback GitHub API.
 */
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../actions/lib/verdict/render/comment.js';
import { runBundledAction } from './support/action.js';
import { pullRequestEvent } from './support/github-events.js';
import { FakeGitHub } from './support/github-server.js';
import { sampleRepo } from './support/sample.js';

const REPO = 'acme/support-chatbot';
const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
const env = {
  RELEASE_GATES_NOW: '2026-11-21T12:00:00Z',
  GITHUB_API_URL: gh.url,
  GITHUB_SERVER_URL: 'https://github.com',
};

/** The sample release judged by the failing example policy: reports of two gate jobs. */
const repo = sampleRepo();
for (const gate of ['evals', 'cards']) {
  const run = await runBundledAction(gate, {
    workspace: repo.dir,
    inputs: { policy: 'policies/examples/failing-policy.yaml', 'report-dir': '.reports' },
    env,
  });
  if (run.code > 1) throw new Error(run.stdout + run.stderr);
}

function pullRequest(headRepo = REPO) {
  const number = gh.addPull(REPO, {
    author: 'mei-ml',
    base: { ref: 'main', sha: repo.head() },
    head: { ref: 'change', sha: repo.head() },
    headRepo,
  });
  const sha = repo.head();
  const event = pullRequestEvent(
    {
      number,
      author: 'mei-ml',
      base: { ref: 'main', sha },
      head: { ref: 'change', sha },
      headRepo,
    },
    'synchronize',
    {},
    REPO,
  );
  return { number, event };
}

const comment = (event: unknown, runId: string, inputs: Record<string, string> = {}) =>
  runBundledAction('comment', {
    workspace: repo.dir,
    eventName: 'pull_request',
    event,
    inputs: { reports: '.reports/*.json', token: 'ghs-token', ...inputs },
    env: { ...env, GITHUB_RUN_ID: runId },
  });

describe('the pull-request comment', () => {
  it('is written on the first run and updated on the next: one comment, the same id', async () => {
    const pr = pullRequest();
    // Others' comments, on more than one page, one of them a person's carrying the marker.
    for (let i = 0; i < 105; i++)
      gh.addComment(REPO, pr.number, { body: `note ${i}`, author: 'priya-po' });
    const pasted = gh.addComment(REPO, pr.number, {
      body: `${COMMENT_MARKER} mine`,
      author: 'mallory',
    });

    const first = await comment(pr.event, '101');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs.result).toBe('pass');
    const ours = () =>
      gh.comments(REPO, pr.number).filter((c) => c.user?.login === 'github-actions[bot]');
    expect(ours()).toHaveLength(1);
    const body = ours()[0]!.body!;
    expect(body.startsWith(`${COMMENT_MARKER}\n## ❌ release-gates: FAIL`)).toBe(true);
    expect(body).toMatch(/\| Evals \| ❌ fail \|/);
    expect(body).toMatch(/\| Cards \| /);
    expect(body).toContain('### What failed');
    expect(body).toContain('https://github.com/acme/support-chatbot/actions/runs/101');
    expect(first.summary).toMatch(/created the comment on #\d+/);

    const second = await comment(pr.event, '102');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(ours()).toHaveLength(1);
    const id = ours()[0]!.id;
    expect(gh.calls(`/repos/${REPO}/issues/comments/${id}`, 'PATCH')).toHaveLength(1);
    expect(ours()[0]!.body).toContain('/actions/runs/102');
    expect(second.summary).toContain(`#issuecomment-${ours()[0]!.id}`);
    // The person's comment with the marker is theirs: never overwritten.
    expect(gh.comments(REPO, pr.number).find((c) => c.id === pasted)!.body).toBe(
      `${COMMENT_MARKER} mine`,
    );
  });

  it('updates the newest of two (a race) and leaves the other', async () => {
    const pr = pullRequest();
    const older = gh.addComment(REPO, pr.number, {
      body: `${COMMENT_MARKER}\nold`,
      author: 'github-actions[bot]',
    });
    const newer = gh.addComment(REPO, pr.number, {
      body: `${COMMENT_MARKER}\nold`,
      author: 'github-actions[bot]',
    });
    const run = await comment(pr.event, '103');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const byId = (id: number) => gh.comments(REPO, pr.number).find((c) => c.id === id)!.body;
    expect(byId(newer)).toContain('/actions/runs/103');
    expect(byId(older)).toBe(`${COMMENT_MARKER}\nold`);
    expect(run.summary).toContain('1 older comment with the marker');
  });

  it("on a fork's pull request writes no comment and says why in the summary", async () => {
    const pr = pullRequest('mallory/support-chatbot');
    const run = await comment(pr.event, '104');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(gh.comments(REPO, pr.number)).toHaveLength(0);
    expect(run.summary).toContain('comes from the fork mallory/support-chatbot');
    expect(gh.calls(`/repos/${REPO}/issues/${pr.number}/comments`, 'POST')).toHaveLength(0);
  });

  it('a refused comment (403, a read-only token) is a warning, never a failure', async () => {
    const pr = pullRequest('mallory/support-chatbot');
    gh.fail({
      method: 'POST',
      path: `/repos/${REPO}/issues/${pr.number}/comments`,
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const run = await comment(pr.event, '105', { comment: 'on' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe('warn');
    expect(gh.comments(REPO, pr.number)).toHaveLength(0);
    expect(run.summary).toContain('no comment was written');
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        message: expect.stringMatching(/pull-requests: write/),
      }),
    );
  });

  it('is off with the input off', async () => {
    const pr = pullRequest();
    const run = await comment(pr.event, '106', { comment: 'off' });
    expect(run.code).toBe(0);
    expect(gh.comments(REPO, pr.number)).toHaveLength(0);
    expect(run.summary).toContain('turned off by the comment input');
  });
});
