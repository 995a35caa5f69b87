/**
 * Rollback on real repositories with a bare remote and the loopback GitHub API: the move back
 * to the target's exact tree, the rejection and the freeze in the same push, the incident
 * issue, the revert pull request and the deployment; a repeated rollback that moves nothing;
 * a failed follow-up finished by the next run; freezes, unfreezes and cleared rejections.
 */
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import {
  MODEL,
  copyReleaseRepo,
  expectConsistent,
  release,
  releaseRefs,
  releaseRepo,
  tagRecord,
  type ReleaseRepo,
} from './support/release-flow.js';

const gh = await FakeGitHub.start({
  'repo-token': { login: 'github-actions[bot]' },
  'org-token': { login: 'gov-bot', orgRead: true },
});
gh.addTeam('acme', 'sre', ['sam-sre']);

/** Two promotions: release/1 (model 1.0.0), release/2 (model 2.0.0 and a new prompt). */
const FIXTURE = releaseRepo(gh);
await release(gh, FIXTURE, ['promote'], { now: '2026-11-21T08:00:00Z' });
FIXTURE.change(
  { 'chatbot/model.yaml': MODEL('2.0.0'), 'chatbot/prompts/refunds.md': 'Always refund.\n' },
  'model 2.0.0 and a refunds prompt',
);
await release(gh, FIXTURE, ['promote'], { now: '2026-11-21T09:00:00Z' });

/** Each test its own copy of the two releases. */
const twoReleases = () => copyReleaseRepo(gh, FIXTURE);

const rollback = (repo: ReleaseRepo, args: string[] = [], options = {}) =>
  release(gh, repo, ['rollback', '--reason', 'harmful refund answers', ...args], {
    actor: 'oscar-oncall',
    ...options,
  });

describe('release-gates rollback', () => {
  it('puts stable back on the previous release with a new commit, rejects, freezes, and opens the incident', async () => {
    const repo = twoReleases();
    const [one, two] = [tagRecord(repo, 'release/1'), tagRecord(repo, 'release/2')];
    const run = await rollback(repo, ['--incident', 'INC-2041'], { now: '2026-11-22T03:15:40Z' });
    expect(run.code, JSON.stringify(run.verdict.items, null, 1)).toBe(0);
    expect(run.ids()).toEqual({
      actor: 'pass',
      reason: 'pass',
      github: 'pass',
      branch: 'pass',
      target: 'pass',
      move: 'pass',
      deployment: 'pass',
      incident: 'pass',
      'revert-pr': 'pass',
    });
    expect(run.verdict.summary).toBe('rolled stable back to release/1 as release/3');
    expect(run.item('move').message).toMatch(
      /^published release\/3: the rollback adds [0-9a-f]{12} on stable with exactly release\/1's tree, rejects release\/2, freezes promotions; ledger events 3-5$/,
    );
    expect(run.verdict.data).toEqual({
      release: 3,
      tag: 'release/3',
      commit: repo.remoteRef('refs/heads/stable'),
      'rolled-back-from': 'release/2',
      'rolled-back-to': 'release/1',
      published: true,
    });

    // A new commit on top of release/2, with exactly release/1's tree: no history rewritten.
    const head = repo.remoteRef('refs/heads/stable')!;
    repo.git('fetch', '-q', 'origin', 'stable');
    expect(repo.git('show', '-s', '--format=%T %P %an', head)).toBe(
      `${one.stable.tree} ${two.stable.commit} oscar-oncall`,
    );
    expect(tagRecord(repo, 'release/3')).toMatchObject({
      kind: 'rollback',
      actor: 'oscar-oncall',
      at: '2026-11-22T03:15:40Z',
      reason: 'harmful refund answers',
      incident: 'INC-2041',
      source: { ref: 'release/1', commit: one.stable.commit },
      stable: { commit: head, tree: one.stable.tree, previous: two.stable.commit },
      previous_release: 2,
      rollback_to: 1,
      model: { version: '1.0.0' },
      gates: null,
    });
    const state = await expectConsistent(repo);
    expect(state.events.slice(2).map((e) => [e.event, e.actor, e.at])).toEqual([
      ['rollback', 'oscar-oncall', '2026-11-22T03:15:40Z'],
      ['reject', 'oscar-oncall', '2026-11-22T03:15:40Z'],
      ['freeze', 'oscar-oncall', '2026-11-22T03:15:40Z'],
    ]);
    expect(state.releases[1]!.rejected?.reason).toBe('harmful refund answers');

    // The incident issue: from, to, why, who, evidence, RCA due, the risk manager.
    const issues = [...gh.repo(repo.name).issues.values()];
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.title).toBe(
      'Incident: stable rolled back from release/2 to release/1: harmful refund answers',
    );
    expect((issue.labels as { name: string }[]).map((l) => l.name)).toEqual([
      'incident',
      'rollback',
    ]);
    expect((issue.assignees as { login: string }[]).map((a) => a.login)).toEqual(['rosa-risk']);
    const body = String(issue.body);
    for (const text of [
      '<!-- release-gates: incident of rollback release/3 -->',
      '| Why | harmful refund answers |',
      '| Incident reference | INC-2041 |',
      '| Who | @oscar-oncall, at 2026-11-22T03:15:40Z |',
      '| Root-cause analysis due | **2026-11-23T03:15:40Z** (24 h after the rollback) |',
      '@rosa-risk (risk-manager): please own the root-cause analysis',
      `(https://github.com/${repo.name}/blob/main/docs/post-mortem-template.md)`,
      '- `policy`: pass',
      `[release/1...release/2](https://github.com/${repo.name}/compare/release/1...release/2)`,
      'release/2 is **rejected** (by oscar-oncall)',
      'Promotions are **frozen since 2026-11-22T03:15:40Z by oscar-oncall**',
      '- [ ] data breach',
    ])
      expect(body).toContain(text);

    // The revert pull request: main gets release/1's content for what release/2 changed.
    // (The merged pull requests that brought main's commits are not this rollback's.)
    const pulls = [...gh.repo(repo.name).pulls.values()].filter((p) => !p.merged);
    expect(
      pulls.map((p) => [p.title, (p.head as { ref: string }).ref, (p.base as { ref: string }).ref]),
    ).toEqual([
      [
        'Revert release/2 on main (rolled back to release/1)',
        'release-gates/revert-release-2',
        'main',
      ],
    ]);
    const branch = repo.remoteRef('refs/heads/release-gates/revert-release-2')!;
    repo.git('fetch', '-q', 'origin', 'release-gates/revert-release-2');
    expect(repo.git('rev-parse', `${branch}^{tree}`)).toBe(one.stable.tree);
    expect(repo.git('show', '-s', '--format=%P', branch)).toBe(two.stable.commit);

    expect(gh.repo(repo.name).deployments.at(-1)).toMatchObject({
      sha: head,
      payload: { release: 3, kind: 'rollback' },
    });
  });

  it('moves nothing when the same rollback runs again, and opens no second issue', async () => {
    const repo = twoReleases();
    await rollback(repo);
    const before = releaseRefs(repo);
    for (const target of ['previous', 'release/1', '1']) {
      const again = await rollback(repo, ['--target', target], { actor: 'gabriel-gov' });
      expect(again.code).toBe(0);
      expect(again.verdict.summary).toBe('already rolled back by release/3: nothing moved');
      expect(again.item('target').message).toMatch(
        /^already rolled back: release\/3 \(rollback to release 1 by oscar-oncall at .*\) put stable back on release\/1's content \(harmful refund answers\); nothing moved/,
      );
      expect(again.item('incident').message).toMatch(
        /^the incident issue of release\/3 is #\d+ \(open\)/,
      );
      expect(again.item('revert-pr').message).toMatch(/^the revert pull request is #\d+ \(open\)/);
      expect(again.verdict.data).toMatchObject({ tag: 'release/3', published: false });
    }
    expect(releaseRefs(repo)).toBe(before);
    expect(gh.repo(repo.name).issues.size).toBe(1);
  });

  it('rolls back twice: a second rollback names a release further back', async () => {
    const repo = twoReleases();
    repo.change({ 'chatbot/model.yaml': MODEL('3.0.0') }, 'model 3');
    await release(gh, repo, ['promote']);
    await rollback(repo);
    const further = await rollback(repo, [
      '--target',
      'release/1',
      '--reason',
      'release/2 is bad too',
    ]);
    expect(further.code, JSON.stringify(further.verdict.items)).toBe(0);
    expect(further.item('move').message).toMatch(
      /^published release\/5: .* rejects release\/2; ledger events/,
    );
    const state = await expectConsistent(repo);
    expect(state.current?.record).toMatchObject({ rollback_to: 1, previous_release: 4 });
    expect(state.releases.map((r) => [r.record.tag, r.rejected?.actor ?? null])).toEqual([
      ['release/1', null],
      ['release/2', 'oscar-oncall'],
      ['release/3', 'oscar-oncall'],
      ['release/4', null],
      ['release/5', null],
    ]);
    expect(state.frozen?.reason).toMatch(/^rolled back release\/3 \(release\/4\)/);
    expect(gh.repo(repo.name).issues.size).toBe(2);
  });

  it('reports exactly what was done when a follow-up fails, and the next run finishes it', async () => {
    const repo = twoReleases();
    gh.fail({
      method: 'POST',
      path: `/repos/${repo.name}/issues`,
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const failed = await rollback(repo);
    expect(failed.code).toBe(2);
    expect(failed.verdict.summary).toMatch(
      /^rolled stable back to release\/1 as release\/3; NOT done: incident \(run the same rollback again to finish\)/,
    );
    expect(failed.item('move').status).toBe('pass');
    expect(failed.item('incident')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /^release\/3 is published and stable moved; NOT done: opening the incident issue: GitHub API: could not open the issue .*403 Resource not accessible by integration/,
      ),
      hint: expect.stringMatching(/^running the same rollback again finishes it/),
    });
    // The revert pull request did not wait for the issue.
    expect(failed.item('revert-pr').status).toBe('pass');
    const moved = releaseRefs(repo);

    const finished = await rollback(repo);
    expect(finished.code).toBe(0);
    expect(finished.item('incident').message).toMatch(/^opened the incident issue #\d+/);
    expect(finished.item('revert-pr').message).toMatch(/^the revert pull request is #\d+/);
    expect(releaseRefs(repo)).toBe(moved);
    expect(gh.repo(repo.name).issues.size).toBe(1);
  });

  describe('refuses before anything moves', () => {
    it.each([
      [
        'an actor without a rollback role',
        { actor: 'priya-po' },
        'actor',
        /priya-po may not roll back: only holders of on-call or governance-lead may/,
      ],
      ['a blank reason', { args: ['--reason', '   '] }, 'reason', /the reason is empty/],
      [
        'a release that does not exist',
        { args: ['--target', 'release/9'] },
        'target',
        /there is no release release\/9: the last is release\/2/,
      ],
      [
        'the current release',
        { args: ['--target', 'release/2'] },
        'target',
        /cannot roll back to release\/2: release\/2 is the current release/,
      ],
      [
        'a commit no release was made of',
        { args: ['--target', 'abcdef1'] },
        'target',
        /abcdef1 is not the commit of a recorded release/,
      ],
      [
        'no token for the incident issue, unverified local actor',
        { token: null, args: ['--local-unverified'] },
        'github',
        /opening the incident issue needs the GitHub API, but no token was given/,
      ],
    ])('%s', async (_, options: { actor?: string; args?: string[]; token?: null }, id, message) => {
      const repo = twoReleases();
      const before = releaseRefs(repo);
      const run = await rollback(repo, options.args ?? [], {
        // The on-call role includes a team: a token that can read it decides "not a holder".
        env: { RELEASE_GATES_MEMBERSHIP_TOKEN: 'org-token' },
        ...(options.actor ? { actor: options.actor } : {}),
        ...(options.token === null ? { token: null } : {}),
      });
      expect(run.code).toBe(1);
      expect(run.item(id)).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(message),
      });
      expect(run.verdict.summary).toMatch(/^nothing moved/);
      expect(releaseRefs(repo)).toBe(before);
      expect(gh.repo(repo.name).issues.size).toBe(0);
    });

    it('checks team roles through the API, with a token that can read them', async () => {
      const repo = twoReleases();
      const before = releaseRefs(repo);
      const denied = await rollback(repo, ['--dry-run'], { actor: 'sam-sre' });
      expect(denied.code).toBe(2);
      expect(denied.item('actor')).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/could not read the members of team acme\/sre/),
      });
      const allowed = await rollback(repo, ['--dry-run'], {
        actor: 'sam-sre',
        env: { RELEASE_GATES_MEMBERSHIP_TOKEN: 'org-token' },
      });
      expect(allowed.code, JSON.stringify(allowed.verdict.items)).toBe(0);
      expect(allowed.item('actor').message).toBe(
        'sam-sre may roll back: holds on-call (team acme/sre)',
      );
      expect(allowed.item('move').message).toMatch(
        /^dry run: the rollback adds [0-9a-f]{12} on stable with exactly release\/1's tree, tags release\/3, rejects release\/2, freezes promotions, then records the deployment, opens the incident issue, the revert pull request; nothing moved$/,
      );
      expect(releaseRefs(repo)).toBe(before);
    });
  });
});

describe('after a rollback', () => {
  it('promotions wait for the governance lead, who lifts the freeze and clears the rejection', async () => {
    const repo = twoReleases();
    await rollback(repo);
    const bad = tagRecord(repo, 'release/2').source.commit;
    const frozen = await release(gh, repo, ['promote', '--commit', bad]);
    expect(frozen.code).toBe(1);
    expect(frozen.ids()).toMatchObject({ rejected: 'fail', freeze: 'fail' });

    const notTheirs = await release(gh, repo, ['unfreeze', '--reason', 'fixed'], {
      actor: 'oscar-oncall',
    });
    expect(notTheirs.code).toBe(1);
    expect(notTheirs.item('actor').message).toMatch(
      /oscar-oncall may not lift the freeze: only holders of governance-lead may \(rollback.unfreeze_roles\)/,
    );

    const lifted = await release(gh, repo, ['unfreeze', '--reason', 'RCA done: GOV-231'], {
      actor: 'gabriel-gov',
    });
    expect(lifted.code).toBe(0);
    expect(lifted.item('unfreeze').message).toMatch(
      /^lifted the freeze of .* by oscar-oncall \(rolled back release\/2 \(release\/3\): harmful refund answers\): ledger event 6$/,
    );
    const twice = await release(gh, repo, ['unfreeze', '--reason', 'again'], {
      actor: 'gabriel-gov',
    });
    expect(twice.item('unfreeze').message).toBe('promotions are not frozen; nothing changed');

    const stillRejected = await release(gh, repo, ['promote', '--commit', bad]);
    expect(stillRejected.ids()).toMatchObject({ rejected: 'fail', freeze: 'pass' });
    const cleared = await release(
      gh,
      repo,
      ['clear-rejection', '--release', 'release/2', '--reason', 'false alarm'],
      { actor: 'gabriel-gov' },
    );
    expect(cleared.item('clear').message).toMatch(
      /^cleared the rejection of release\/2 \(by oscar-oncall at .*: harmful refund answers\); it may be promoted again: ledger event 7$/,
    );
    const promoted = await release(gh, repo, ['promote', '--commit', bad]);
    expect(promoted.code, JSON.stringify(promoted.verdict.items)).toBe(0);
    expect(promoted.item('move').message).toMatch(
      /^published release\/4: the promotion adds a promotion commit/,
    );

    const frozenByHand = await release(gh, repo, ['freeze', '--reason', 'holiday freeze'], {
      actor: 'oscar-oncall',
    });
    expect(frozenByHand.item('freeze').message).toBe('froze promotions: ledger event 9');
    const state = await expectConsistent(repo);
    expect(state.events.map((e) => e.event)).toEqual([
      'promote',
      'promote',
      'rollback',
      'reject',
      'freeze',
      'unfreeze',
      'clear',
      'promote',
      'freeze',
    ]);
  });

  it('answers what was in production at any time', async () => {
    const repo = twoReleases();
    await rollback(repo, [], { now: '2026-11-22T03:15:40Z' });
    const at = async (time?: string) => {
      const run = await release(gh, repo, ['releases', ...(time ? ['--at', time] : [])]);
      expect(run.code).toBe(0);
      return run;
    };
    expect((await at('2026-11-21T07:00:00Z')).item('production').message).toBe(
      'at 2026-11-21T07:00:00.000Z nothing was in production: no release before then',
    );
    expect((await at('2026-11-21T08:30:00Z')).item('production').message).toMatch(
      /^at 2026-11-21T08:30:00.000Z production ran release\/1 \(promotion of [0-9a-f]{12} by priya-po at 2026-11-21T08:00:00Z, model 1.0.0\); promotions not frozen$/,
    );
    const now = await at();
    expect(now.item('production').message).toMatch(
      /^now production ran release\/3 \(rollback to release 1 by oscar-oncall at 2026-11-22T03:15:40Z, model 1.0.0\); promotions frozen since 2026-11-22T03:15:40Z by oscar-oncall/,
    );
    expect(
      now.verdict.items.filter((i) => i.id.startsWith('event-')).map((i) => i.message),
    ).toEqual([
      'promotions frozen by oscar-oncall at 2026-11-22T03:15:40Z: rolled back release/2 (release/3): harmful refund answers',
      'release/2 rejected by oscar-oncall at 2026-11-22T03:15:40Z: harmful refund answers',
      expect.stringMatching(
        /^release\/3: rolled stable back from release\/2 to release\/1 \([0-9a-f]{12}\) by oscar-oncall at 2026-11-22T03:15:40Z: harmful refund answers$/,
      ),
      expect.stringMatching(
        /^release\/2: promoted [0-9a-f]{12} of main to stable .* by priya-po at 2026-11-21T09:00:00Z; gates pass$/,
      ),
      expect.stringMatching(/^release\/1: promoted /),
    ]);
    expect(now.verdict.data).toMatchObject({ release: { tag: 'release/3' }, frozen: true });
    const text = await (
      await import('./support/cli.js')
    ).cli(['releases', '--at', 'yesterday'], { cwd: repo.dir });
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(
      /--at must be a time such as 2026-11-22T03:00:00Z, not "yesterday"/,
    );
  });
});
