/**
 * The bundled promote and rollback actions, run as the runner runs them: the actor comes from
 * the runner (GITHUB_TRIGGERING_ACTOR), never from an input; outputs, summary, exit codes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import {
  MODEL,
  expectConsistent,
  releaseRepo,
  userToken,
  type ReleaseRepo,
} from './support/release-flow.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

function dispatch(repo: ReleaseRepo, name: string, actor: string, inputs: Record<string, string>) {
  return runBundledAction(name, {
    workspace: repo.dir,
    eventName: 'workflow_dispatch',
    inputs: { token: 'repo-token', ...inputs },
    env: {
      RELEASE_GATES_NOW: '2026-11-21T12:00:00Z',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: repo.name,
      GITHUB_TRIGGERING_ACTOR: actor,
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
}

describe('the promote and rollback actions', () => {
  it('promote, then roll back: outputs, summary and the run recorded', async () => {
    const repo = releaseRepo(gh);
    const first = await dispatch(repo, 'promote', 'priya-po', { reason: 'first release' });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      result: 'pass',
      release: '1',
      tag: 'release/1',
      published: 'true',
    });
    expect(first.outputs.commit).toBe(repo.head());
    expect(first.summary).toMatch(/^## ✅ release-gates promote: PASS/);

    repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2');
    expect((await dispatch(repo, 'promote', 'priya-po', {})).outputs.tag).toBe('release/2');
    const rolled = await dispatch(repo, 'rollback', 'oscar-oncall', {
      reason: 'harmful answers',
      incident: 'INC-9',
    });
    expect(rolled.code, rolled.stdout).toBe(0);
    expect(rolled.outputs).toMatchObject({
      tag: 'release/3',
      'rolled-back-from': 'release/2',
      'rolled-back-to': 'release/1',
      published: 'true',
    });
    const state = await expectConsistent(repo);
    expect(state.current?.record).toMatchObject({
      actor: 'oscar-oncall',
      incident: 'INC-9',
      run: { url: `https://github.com/${repo.name}/actions/runs/4242` },
    });
    const issue = [...gh.repo(repo.name).issues.values()][0]!;
    expect(String(issue.body)).toContain(
      `| Workflow run | https://github.com/${repo.name}/actions/runs/4242 |`,
    );
  });

  it('checks the runner’s actor: an input cannot claim another', async () => {
    const repo = releaseRepo(gh);
    const run = await dispatch(repo, 'promote', 'mallory', { actor: 'priya-po' } as Record<
      string,
      string
    >);
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^mallory may not promote: only holders of product-owner or governance-lead may/,
        ),
      }),
    );
    expect(repo.remoteRef('refs/heads/stable')).toBeNull();
  });

  it('refuses a rollback without a reason (exit 2), before anything runs', async () => {
    const repo = releaseRepo(gh);
    const run = await dispatch(repo, 'rollback', 'oscar-oncall', {});
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/::error.*::input reason is required/);
  });

  it('gives the same report as the CLI, byte for byte', async () => {
    const repo = releaseRepo(gh);
    const action = await dispatch(repo, 'promote', 'priya-po', { 'dry-run': 'true' });
    const local = await cli(['promote', '--dry-run', '--actor', 'priya-po', '--format', 'json'], {
      cwd: repo.dir,
      env: {
        RELEASE_GATES_NOW: '2026-11-21T12:00:00Z',
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: repo.name,
        // On the command line the token proves the actor: priya-po's own.
        GITHUB_TOKEN: userToken(gh, 'priya-po'),
      },
    });
    expect(action.code).toBe(0);
    expect(readFileSync(action.outputs.report!, 'utf8')).toBe(local.stdout);
  });
});
