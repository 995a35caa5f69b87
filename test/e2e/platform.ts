/**
 * GitHub, as far as the lifecycle needs it, over a real repository: the bare remote is the
 * repository's git storage, the loopback API (FakeGitHub) holds its pull requests, reviews,
 * issues and dispatches, and the working clone is the runner's workspace, checked out at the
 * commit each workflow run would check out. Actions run from their committed bundles with the
 * runner's environment and the real event payloads.
 */
import { runBundledAction, type ActionRun } from '../support/action.js';
import {
  pullRequestEvent,
  pullRequestReviewEvent,
  workflowDispatchEvent,
  scheduleEvent,
} from '../support/github-events.js';
import type { FakeGitHub } from '../support/github-server.js';
import type { TestRepo } from '../support/git.js';

export interface Pull {
  number: number;
  branch: string;
  title: string;
  author: string;
  base: string;
  head: string;
}

export interface RunOptions {
  now: string;
  inputs?: Record<string, string>;
  /** GITHUB_TRIGGERING_ACTOR: who dispatched or triggered the run. */
  actor?: string;
  /** The workflow's steps before the action, run in the workspace after the checkout. */
  steps?: () => void;
}

/** The workflow file of this repository that runs each action (GITHUB_WORKFLOW_REF). */
const WORKFLOWS: Record<string, string> = {
  promote: 'promote.yml',
  rollback: 'rollback.yml',
  freeze: 'release-admin.yml',
  unfreeze: 'release-admin.yml',
  'clear-rejection': 'release-admin.yml',
  monitor: 'monitor.yml',
};

export class Platform {
  /** Workflow runs so far: each run's GITHUB_RUN_ID. */
  private runs = 4000;

  constructor(
    readonly gh: FakeGitHub,
    readonly repo: TestRepo,
    readonly name: string,
    /** A token the loopback API knows: the workflow's GITHUB_TOKEN. */
    readonly token: string,
  ) {
    gh.repo(name).gitDir = repo.remote;
    // The history before the test came through reviewed pull requests, as promotion requires.
    for (const sha of repo.git('rev-list', 'HEAD').split('\n').filter(Boolean))
      gh.mergedPull(name, { sha, author: 'mei-ml', approvers: ['priya-po', 'gabriel-gov'] });
  }

  /** A branch from the head of main with one commit, pushed: what an engineer does. */
  branch(branch: string, files: Record<string, string | null>, message: string): string {
    this.repo.git('checkout', '-q', '-B', branch, 'origin/main');
    return this.commit(branch, files, message);
  }

  /** One more commit on a branch, pushed (a pull request's `synchronize`). */
  commit(branch: string, files: Record<string, string | null>, message: string): string {
    this.repo.git('checkout', '-q', branch);
    const sha = this.repo.commit(files, message);
    this.repo.git('push', '-q', 'origin', `${branch}:${branch}`);
    for (const pull of this.gh.repo(this.name).pulls.values())
      if ((pull.head as { ref: string }).ref === branch && pull.state === 'open')
        this.gh.pushToPull(this.name, pull.number as number, sha);
    return sha;
  }

  openPull(branch: string, title: string, author: string): Pull {
    this.repo.git('fetch', '-q', 'origin');
    const base = this.repo.git('rev-parse', 'origin/main');
    const head = this.repo.git('rev-parse', `origin/${branch}`);
    const number = this.gh.addPull(this.name, {
      title,
      author,
      base: { ref: 'main', sha: base },
      head: { ref: branch, sha: head },
    });
    return { number, branch, title, author, base, head };
  }

  /** The pull request as the API has it now (its head moves with pushes). */
  pull(number: number): Pull {
    const p = this.gh.repo(this.name).pulls.get(number)!;
    const head = p.head as { ref: string; sha: string };
    return {
      number,
      branch: head.ref,
      title: String(p.title),
      author: (p.user as { login: string }).login,
      base: (p.base as { sha: string }).sha,
      head: head.sha,
    };
  }

  approve(number: number, user: string): void {
    this.gh.addReview(this.name, number, {
      user,
      state: 'APPROVED',
      commit: this.pull(number).head,
    });
  }

  /** Merges with a merge commit, as the merge button does, and pushes main. */
  merge(number: number): string {
    const pull = this.pull(number);
    this.repo.git('fetch', '-q', 'origin');
    this.repo.git('checkout', '-q', '-B', 'main', 'origin/main');
    this.repo.git('merge', '-q', '--no-ff', '-m', `Merge pull request #${number}`, pull.head);
    this.repo.git('push', '-q', 'origin', 'main');
    const p = this.gh.repo(this.name).pulls.get(number)!;
    Object.assign(p, { state: 'closed', merged: true, merge_commit_sha: this.repo.head() });
    return this.repo.head();
  }

  close(number: number): void {
    Object.assign(this.gh.repo(this.name).pulls.get(number)!, { state: 'closed' });
  }

  /** A workflow run on a pull request: the workspace at its head, the event's payload. */
  onPull(
    action: string,
    number: number,
    options: RunOptions & { review?: { user: string } },
  ): Promise<ActionRun> {
    const pull = this.pull(number);
    this.repo.git('checkout', '-q', '--detach', pull.head);
    const facts = {
      number,
      author: pull.author,
      title: pull.title,
      base: { ref: 'main', sha: pull.base },
      head: { ref: pull.branch, sha: pull.head },
    };
    const event = options.review
      ? pullRequestReviewEvent(
          facts,
          { user: options.review.user, state: 'approved', commit: pull.head },
          this.name,
        )
      : pullRequestEvent(facts, 'synchronize', {}, this.name);
    return this.run(action, options.review ? 'pull_request_review' : 'pull_request', event, {
      ...options,
      actor: options.actor ?? (options.review?.user || pull.author),
      sha: pull.head,
    });
  }

  /** A workflow run on main: dispatched by hand, on a schedule, or by another workflow. */
  onMain(
    action: string,
    eventName: 'workflow_dispatch' | 'schedule',
    options: RunOptions,
  ): Promise<ActionRun> {
    this.repo.git('fetch', '-q', 'origin');
    this.repo.git('checkout', '-q', '-B', 'main', 'origin/main');
    const event =
      eventName === 'workflow_dispatch'
        ? workflowDispatchEvent({ ref: 'refs/heads/main', inputs: options.inputs ?? {} }, this.name)
        : scheduleEvent(undefined, this.name);
    return this.run(action, eventName, event, {
      ...options,
      sha: this.repo.head(),
    });
  }

  private run(
    action: string,
    eventName: string,
    event: unknown,
    options: RunOptions & { sha: string },
  ): Promise<ActionRun> {
    options.steps?.();
    return runBundledAction(action, {
      workspace: this.repo.dir,
      eventName,
      event,
      inputs: { token: this.token, ...options.inputs },
      env: {
        RELEASE_GATES_NOW: options.now,
        GITHUB_API_URL: this.gh.url,
        GITHUB_REPOSITORY: this.name,
        GITHUB_SHA: options.sha,
        GITHUB_ACTOR: options.actor ?? 'github-actions[bot]',
        GITHUB_TRIGGERING_ACTOR: options.actor ?? 'github-actions[bot]',
        GITHUB_RUN_ID: String(++this.runs),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_WORKFLOW_REF: `${this.name}/.github/workflows/${WORKFLOWS[action] ?? 'release-gates.yml'}@${(event as { ref?: string }).ref ?? 'refs/heads/main'}`,
      },
    });
  }
}
