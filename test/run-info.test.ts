/**
 * What the runtime reads from the runner's event file, given GitHub's own example payloads
 * (`@octokit/webhooks-examples`) as they are and as the tests' builders shape them, each
 * validated against GitHub's webhook schema first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimpleGitPort } from '../actions/runtime/ports/git.js';
import { runInfoFromEnv } from '../actions/runtime/run-info.js';
import { createRepo } from './support/git.js';
import {
  assertGitHubSends,
  gitHubExample,
  mergeGroupEvent,
  pullRequestEvent,
  pullRequestReviewEvent,
  pushEvent,
  scheduleEvent,
  webhookEvent,
  workflowDispatchEvent,
} from './support/github-events.js';
import { tempDir } from './support/tmp.js';

const repo = createRepo({ files: { 'README.md': 'hello\n' } });
const git = new SimpleGitPort(repo.dir);
const dir = tempDir('rg-event-');
const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);

/** The run as the runtime sees it, after the runner wrote `payload` for event `name`. */
async function runOf(name: string, payload: unknown) {
  assertGitHubSends(name, payload);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(payload));
  return runInfoFromEnv(
    {
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: file,
      GITHUB_REPOSITORY: 'acme/support-chatbot',
      GITHUB_ACTOR: 'gwen-gov',
      GITHUB_RUN_ID: '42',
    },
    git,
  );
}

describe("the run, read from GitHub's own event payloads", () => {
  it('pull_request: the pull request, its author and both commits, from the example', async () => {
    const example = gitHubExample('webhook-pull-request-opened') as {
      number: number;
      pull_request: {
        user: { login: string };
        base: { ref: string; sha: string };
        head: { ref: string; sha: string };
      };
    };
    const run = await runOf('pull_request', example);
    expect(run).toMatchObject({
      event: 'pull_request',
      commit: repo.head(),
      actor: 'gwen-gov',
      repository: { owner: 'acme', repo: 'support-chatbot' },
      pullRequest: {
        number: example.number,
        author: example.pull_request.user.login,
        base: { ref: example.pull_request.base.ref, sha: example.pull_request.base.sha },
        head: { ref: example.pull_request.head.ref, sha: example.pull_request.head.sha },
      },
    });
  });

  it("pull_request from a fork: the head is the fork's branch, the author the pull request's", async () => {
    const payload = pullRequestEvent(
      {
        number: 9,
        author: 'mallory',
        base: { ref: 'main', sha: BASE },
        head: { ref: 'main', sha: HEAD },
        headRepo: 'mallory/support-chatbot',
      },
      'opened',
    );
    expect(payload.pull_request.head.repo?.full_name).toBe('mallory/support-chatbot');
    expect(payload.pull_request.base.repo.full_name).toBe('acme/support-chatbot');
    const run = await runOf('pull_request', payload);
    expect(run.pullRequest).toEqual({
      number: 9,
      author: 'mallory',
      base: { ref: 'main', sha: BASE },
      head: { ref: 'main', sha: HEAD },
      headRepo: 'mallory/support-chatbot',
    });
  });

  it('pull_request_review: the pull request, not the reviewer, is what the run is about', async () => {
    const example = gitHubExample('webhook-pull-request-review-submitted') as {
      review: { user: { login: string } };
      pull_request: { number: number; user: { login: string } };
    };
    const fromExample = await runOf('pull_request_review', example);
    expect(fromExample.pullRequest).toMatchObject({
      number: example.pull_request.number,
      author: example.pull_request.user.login,
    });

    const payload = pullRequestReviewEvent(
      { number: 7, base: { ref: 'main', sha: BASE }, head: { ref: 'relax', sha: HEAD } },
      { user: 'gwen-gov', state: 'approved', commit: HEAD },
    );
    const run = await runOf('pull_request_review', payload);
    expect(run.event).toBe('pull_request_review');
    // Who acted (the reviewer) comes from the runner, the author from the pull request.
    expect(run.actor).toBe('gwen-gov');
    expect(run.pullRequest).toEqual({
      number: 7,
      author: 'mei-ml',
      base: { ref: 'main', sha: BASE },
      head: { ref: 'relax', sha: HEAD },
      headRepo: 'acme/support-chatbot',
    });
  });

  it.each([
    ['push', () => gitHubExample('webhook-push')],
    ['push', () => pushEvent({ ref: 'refs/heads/main', before: BASE, after: HEAD })],
    ['workflow_dispatch', () => gitHubExample('webhook-workflow-dispatch')],
    ['workflow_dispatch', () => workflowDispatchEvent({ inputs: { reason: 'incident INC-7' } })],
    ['merge_group', () => gitHubExample('webhook-merge-group-checks-requested')],
    [
      'merge_group',
      () =>
        mergeGroupEvent({
          base: { ref: 'refs/heads/main', sha: BASE },
          head: { ref: `refs/heads/gh-readonly-queue/main/pr-7-${BASE}`, sha: HEAD },
        }),
    ],
    ['schedule', () => scheduleEvent('30 5 * * 1')],
    ['schedule', () => ({ schedule: '30 5 * * 1' })],
  ])('%s: no pull request; the commit is the checkout', async (name, payload) => {
    const run = await runOf(name, payload());
    expect(run).toMatchObject({ event: name, commit: repo.head(), actor: 'gwen-gov' });
    expect(run.pullRequest).toBeUndefined();
    if (name !== 'merge_group') expect(run.mergeGroup).toBeUndefined();
    expect(run.url).toBe('https://github.com/acme/support-chatbot/actions/runs/42');
  });

  it('merge_group: the queued merge and the base it goes onto, from the example', async () => {
    const example = gitHubExample('webhook-merge-group-checks-requested') as {
      merge_group: { base_ref: string; base_sha: string; head_ref: string; head_sha: string };
    };
    const group = example.merge_group;
    expect((await runOf('merge_group', example)).mergeGroup).toEqual({
      base: { ref: group.base_ref, sha: group.base_sha },
      head: { ref: group.head_ref, sha: group.head_sha },
    });
  });
});

describe('the payload builders keep to what GitHub sends', () => {
  it('refuses an override GitHub never sends, naming the field', () => {
    expect(() =>
      webhookEvent('webhook-pull-request-synchronize', {
        pull_request: { number: 'seven' as unknown as number },
      }),
    ).toThrow(/\/pull_request\/number must be integer/);
    expect(() => assertGitHubSends('pull_request', { pull_request: { number: 7 } })).toThrow(
      /GitHub sends no pull_request payload without an action/,
    );
    expect(() => assertGitHubSends('schedule', {})).toThrow(/cron expression/);
  });

  it("an action GitHub has no example of is built from the event's others, with what it adds", () => {
    const side = { base: { ref: 'main', sha: BASE }, head: { ref: 'x', sha: HEAD } };
    expect(() => pullRequestEvent({ number: 4, ...side }, 'edited')).toThrow(/changes/);
    const edited = pullRequestEvent({ number: 4, ...side }, 'edited', {
      changes: { base: { ref: { from: 'develop' }, sha: { from: BASE } } },
    });
    expect(edited).toMatchObject({
      action: 'edited',
      changes: { base: { ref: { from: 'develop' } } },
    });
  });

  it("names the test's repository in every URL of the example", () => {
    const payload = pullRequestEvent(
      { number: 3, base: { ref: 'main', sha: BASE }, head: { ref: 'x', sha: HEAD } },
      'synchronize',
      {},
      'acme/other',
    );
    expect(payload.repository).toMatchObject({
      full_name: 'acme/other',
      name: 'other',
      owner: { login: 'acme' },
    });
    expect(JSON.stringify(payload)).not.toMatch(/Codertocat\/Hello-World/);
    expect(payload.pull_request.html_url).toBe('https://github.com/acme/other/pull/3');
  });
});
