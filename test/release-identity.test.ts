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
  POLICY,
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

/** The release-flow policy with the sample's monitoring grant: the monitor role is the bot. */
const MONITORED = POLICY.replace(
  'roles:\n',
  "roles:\n  monitor: { users: ['github-actions[bot]'] }\n",
).concat(`monitoring:
  logs: logs.jsonl
  slos:
    - { id: pii-leaks, metric: pii_leaks, pass: '<= 0', on_breach: rollback }
    - { id: latency-p95, metric: latency_p95, pass: '< 2000' }
  rollback_roles: [monitor]
`);

/** release/1 and release/2 out under the monitored policy. */
const MONITORED_FIXTURE = releaseRepo(gh, MONITORED);
await release(gh, MONITORED_FIXTURE, ['promote'], { now: '2026-11-21T08:00:00Z' });
MONITORED_FIXTURE.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2.0.0');
await release(gh, MONITORED_FIXTURE, ['promote'], { now: '2026-11-21T09:00:00Z' });

const BOT = 'github-actions[bot]';

/** A step of a workflow run as `actor` (default the bot) with GITHUB_TOKEN, in `workflow` on a ref. */
function inWorkflow(
  repo: { name: string },
  options: { actor?: string; workflow?: string; ref?: string } = {},
) {
  return {
    actor: '',
    token: 'repo-token',
    env: {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_ACTOR: options.actor ?? BOT,
      GITHUB_TRIGGERING_ACTOR: options.actor ?? BOT,
      GITHUB_WORKFLOW_REF: `${repo.name}/.github/workflows/${options.workflow ?? 'rollback.yml'}@${options.ref ?? 'refs/heads/main'}`,
    },
  };
}

/** The incident issue the monitor opens for a breach (its marker names the breach's kind). */
function breach(repo: { name: string }, kind = 'slo/pii-leaks', author = BOT): string {
  const number = gh.addIssue(repo.name, {
    title: `Incident: ${kind}`,
    body: `<!-- release-gates monitor breach: ${kind} -->\nbreached`,
    labels: ['incident', 'monitoring'],
    author,
  });
  return `https://github.com/${repo.name}/issues/${number}`;
}

describe('a bot (automatic rollback is a capability, not a person)', () => {
  it('rolls back to previous for the open incident the monitor opened, in the rollback workflow on main', async () => {
    const repo = copyReleaseRepo(gh, MONITORED_FIXTURE);
    const incident = breach(repo);
    const run = await release(
      gh,
      repo,
      ['rollback', '--reason', 'pii leak', '--incident', incident],
      inWorkflow(repo),
    );
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(0);
    expect(run.item('actor').message).toMatch(
      /^github-actions\[bot\] may roll back automatically: holds monitor \(monitoring.rollback_roles\), in .github\/workflows\/rollback.yml on main, to previous, for the open incident #\d+$/,
    );
    expect(tagRecord(repo, 'release/3')).toMatchObject({ kind: 'rollback', actor: BOT });
  });

  it.each([
    [
      'a target it picked',
      ['--target', 'release/1'],
      {},
      'it may not pick a target (release/1): only previous',
    ],
    [
      'a run of another workflow',
      [],
      { workflow: 'sneaky.yml' },
      /this run is of acme\/chatbot-\d+\/.github\/workflows\/sneaky.yml@refs\/heads\/main, not of .github\/workflows\/rollback.yml on main/,
    ],
    [
      'the rollback workflow of another branch',
      [],
      { ref: 'refs/heads/feature' },
      /rollback.yml@refs\/heads\/feature, not of .github\/workflows\/rollback.yml on main/,
    ],
    [
      'an incident issue a person opened',
      ['--incident', 'by-person'],
      {},
      /is not an open incident issue the monitor opened for a breach whose on_breach is rollback \(slo\/pii-leaks\)/,
    ],
    [
      'an incident of a breach that does not roll back',
      ['--incident', 'latency'],
      {},
      /is not an open incident issue the monitor opened/,
    ],
    ['no incident', ['--incident', ''], {}, 'no incident issue was named'],
  ])('is refused for %s', async (_, args, where, message) => {
    const repo = copyReleaseRepo(gh, MONITORED_FIXTURE);
    const incident =
      args[1] === 'by-person'
        ? breach(repo, 'slo/pii-leaks', 'mei-ml')
        : args[1] === 'latency'
          ? breach(repo, 'slo/latency-p95')
          : breach(repo);
    const rest = args[0] === '--incident' ? [] : args;
    const given = args[0] === '--incident' && args[1] === '' ? [] : ['--incident', incident];
    const before = releaseRefs(repo);
    const run = await release(
      gh,
      repo,
      ['rollback', '--reason', 'pii leak', ...given, ...rest],
      inWorkflow(repo, where),
    );
    expect(run.code).toBe(1);
    expect(run.item('actor')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        typeof message === 'string'
          ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          : message,
      ),
    });
    expect(run.item('actor').message).toMatch(
      /^github-actions\[bot\] is a bot, and may only roll back automatically: /,
    );
    expect(releaseRefs(repo)).toBe(before);
  });

  it.each([
    ['promote', []],
    ['freeze', ['--reason', 'r']],
    ['unfreeze', ['--reason', 'r']],
    ['clear-rejection', ['--release', '1', '--reason', 'r']],
  ])('may not %s, whatever role it holds', async (command, args) => {
    // The bot is listed in every role that may act.
    const everywhere = MONITORED.replace(
      'product-owner: { users: [priya-po] }',
      "product-owner: { users: [priya-po, 'github-actions[bot]'] }",
    ).replace(
      'governance-lead: { users: [gabriel-gov] }',
      "governance-lead: { users: [gabriel-gov, 'github-actions[bot]'] }",
    );
    const repo = releaseRepo(gh, everywhere);
    await release(gh, repo, ['promote']);
    repo.change({ 'chatbot/model.yaml': MODEL('3.0.0') }, 'next');
    const before = releaseRefs(repo);
    const run = await release(gh, repo, [command, ...args], inWorkflow(repo));
    expect(run.code).toBe(1);
    expect(run.item('actor')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^github-actions\[bot\] is a bot, and a bot may not /),
    });
    expect(releaseRefs(repo)).toBe(before);
  });

  it('may not roll back as a holder of rollback.allowed_roles without the monitoring grant', async () => {
    const repo = releaseRepo(
      gh,
      POLICY.replace(
        'on-call: { users: [oscar-oncall], teams: [acme/sre] }',
        "on-call: { users: [oscar-oncall, 'github-actions[bot]'] }",
      ),
    );
    await release(gh, repo, ['promote']);
    repo.change({ 'chatbot/model.yaml': MODEL('3.0.0') }, 'next');
    await release(gh, repo, ['promote']);
    const before = releaseRefs(repo);
    const run = await release(
      gh,
      repo,
      ['rollback', '--reason', 'r', '--incident', breach(repo)],
      inWorkflow(repo),
    );
    expect(run.code).toBe(1);
    expect(run.item('actor').message).toBe(
      'github-actions[bot] is a bot, and may only roll back automatically: monitoring.rollback_roles grants it to no role it holds',
    );
    expect(releaseRefs(repo)).toBe(before);
  });
});
