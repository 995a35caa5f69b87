/**
 * Who acts is proven, never declared (issue 14, items 1 and 2): on the command line the actor
 * is the login of the token in use; without a token only an explicit, recorded local mode
 * against a remote that is not on GitHub goes on; a bot may only roll back automatically, as
 * the policy's monitoring section grants. Real git with a bare remote, the loopback GitHub API.
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import {
  MODEL,
  copyReleaseRepo,
  release,
  releaseRefs,
  releaseRepo,
  tagRecord,
  userToken,
} from './support/release-flow.js';
import { readState } from './support/releases.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

/** release/1 out, and main one commit further. */
const FIXTURE = releaseRepo(gh);
await release(gh, FIXTURE, ['promote'], { now: '2026-11-21T08:00:00Z' });
FIXTURE.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2.0.0');

describe('the actor on the command line', () => {
  it('is refused when --actor names someone else than the token in use', async () => {
    const repo = copyReleaseRepo(gh, FIXTURE);
    const before = releaseRefs(repo);
    // mei-ml holds no promotion role; she declares herself priya-po, who does.
    const run = await release(gh, repo, ['promote'], {
      actor: 'priya-po',
      token: userToken(gh, 'mei-ml'),
    });
    expect(run.code).toBe(2);
    expect(run.ids()).toEqual({ actor: 'error' });
    expect(run.item('actor').message).toBe(
      '--actor priya-po is not who the token in use belongs to (mei-ml): the actor is proven by the token, never declared',
    );
    expect(releaseRefs(repo)).toBe(before);
  });

  it("is the token's own login when --actor is not given", async () => {
    const repo = copyReleaseRepo(gh, FIXTURE);
    const run = await release(gh, repo, ['promote'], {
      actor: '',
      token: userToken(gh, 'gabriel-gov'),
    });
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(0);
    expect(run.item('actor').message).toMatch(/^gabriel-gov may promote/);
    expect(tagRecord(repo, 'release/2')).toMatchObject({ actor: 'gabriel-gov' });
    expect(tagRecord(repo, 'release/2')).not.toHaveProperty('identity');
  });

  it.each([
    ['promote', []],
    ['rollback', ['--reason', 'r']],
    ['freeze', ['--reason', 'r']],
    ['unfreeze', ['--reason', 'r']],
    ['clear-rejection', ['--release', '1', '--reason', 'r']],
  ])('%s without a token refuses before anything moves', async (command, args) => {
    const repo = copyReleaseRepo(gh, FIXTURE);
    const before = releaseRefs(repo);
    const run = await release(gh, repo, [command, ...args], { actor: 'gabriel-gov', token: null });
    expect(run.code).toBe(2);
    expect(run.item('actor')).toMatchObject({
      status: 'error',
      message: 'no token was given, so who acts cannot be proven: refusing before anything moves',
    });
    expect(releaseRefs(repo)).toBe(before);
  });

  it('--local-unverified against a remote that is not on GitHub records an unverified local actor', async () => {
    const repo = copyReleaseRepo(gh, FIXTURE);
    const run = await release(gh, repo, ['freeze', '--reason', 'load test', '--local-unverified'], {
      actor: 'gabriel-gov',
      token: null,
    });
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(0);
    const state = await readState(repo.dir);
    expect(state.events.at(-1)).toMatchObject({
      event: 'freeze',
      actor: 'gabriel-gov',
      identity: 'unverified local actor',
    });
  });

  it('--local-unverified is refused against a remote on GitHub', async () => {
    const repo = copyReleaseRepo(gh, FIXTURE);
    // The remote is named as GitHub; git reaches the bare repository through a local rewrite.
    const github = 'https://github.com/acme/chatbot.git';
    repo.git('config', `url.file://${repo.remote}.insteadOf`, github);
    repo.git('remote', 'set-url', 'origin', github);
    const before = releaseRefs(repo);
    const run = await release(gh, repo, ['freeze', '--reason', 'x', '--local-unverified'], {
      actor: 'gabriel-gov',
      token: null,
    });
    expect(run.code).toBe(2);
    expect(run.item('actor').message).toBe(
      `--local-unverified is for remotes that are not on GitHub, and origin is (${github})`,
    );
    expect(releaseRefs(repo)).toBe(before);
  });

  it('in GitHub Actions is the runner’s: a different --actor is refused', async () => {
    const repo = copyReleaseRepo(gh, FIXTURE);
    const run = await release(gh, repo, ['freeze', '--reason', 'x'], {
      actor: 'gabriel-gov',
      token: 'repo-token',
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_TRIGGERING_ACTOR: 'mei-ml' },
    });
    expect(run.code).toBe(2);
    expect(run.item('actor').message).toBe(
      "in GitHub Actions the actor is the workflow's (mei-ml), not --actor gabriel-gov",
    );
  });
});
