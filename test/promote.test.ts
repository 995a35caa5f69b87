/**
 * Promotion on real repositories with a bare remote and the loopback GitHub API: every
 * precondition before anything moves, the gates on the exact commit, fast-forward, the
 * promotion commit of a diverged branch, reset with a lease, and idempotence.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import {
  MODEL,
  POLICY,
  copyReleaseRepo,
  expectConsistent,
  release,
  releaseRefs,
  releaseRepo,
  tagRecord,
  reviewedHistory,
  viaPullRequest,
} from './support/release-flow.js';
import { record } from './support/releases.js';
import { sampleRepo } from './support/sample.js';

const gh = await FakeGitHub.start({
  'repo-token': { login: 'github-actions[bot]' },
  'org-token': { login: 'gov-bot', orgRead: true },
});

describe('release-gates promote', () => {
  it('moves stable, the release tag and the ledger together, with the full record', async () => {
    const repo = releaseRepo(gh);
    const head = repo.head();
    const run = await release(gh, repo, ['promote', '--reason', 'first release'], {
      now: '2026-11-21T09:30:00Z',
    });
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(0);
    expect(run.ids()).toEqual({
      actor: 'pass',
      commit: 'pass',
      github: 'pass',
      branch: 'pass',
      'pull-requests': 'pass',
      rejected: 'pass',
      freeze: 'pass',
      gates: 'pass',
      move: 'pass',
      deployment: 'pass',
    });
    expect(run.item('move').message).toMatch(
      /^published release\/1: the promotion creates stable at /,
    );
    expect(run.report.commit).toBe(head);
    expect(run.report.verdicts.map((v) => v.gate)).toEqual(['promote', 'policy']);
    expect(run.verdict.data).toMatchObject({
      release: 1,
      tag: 'release/1',
      commit: head,
      published: true,
    });
    expect(repo.remoteRef('refs/heads/stable')).toBe(head);

    const record = tagRecord(repo, 'release/1');
    expect(record).toMatchObject({
      kind: 'promote',
      at: '2026-11-21T09:30:00Z',
      actor: 'priya-po',
      reason: 'first release',
      source: { ref: 'main', commit: head },
      stable: {
        branch: 'stable',
        commit: head,
        tree: repo.git('rev-parse', 'HEAD^{tree}'),
        previous: null,
      },
      previous_release: null,
      model: { id: 'acme-support-llm', version: '1.0.0' },
      policy: { file: 'policies/release-policy.yaml', ref: head },
      gates: { result: 'pass', verdicts: [{ gate: 'policy', result: 'pass' }] },
    });
    const state = await expectConsistent(repo);
    expect(state.events.map((e) => e.event)).toEqual(['promote']);
    expect(gh.repo(repo.name).deployments).toEqual([
      expect.objectContaining({
        sha: head,
        environment: 'production',
        payload: expect.objectContaining({ release: 1, tag: 'release/1' }),
        statuses: [expect.objectContaining({ state: 'success' })],
      }),
    ]);
  });

  it('fast-forwards the next release, and moves nothing for a commit already released', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    const second = repo.change({ 'chatbot/model.yaml': MODEL('1.1.0') }, 'model 1.1.0');
    const run = await release(gh, repo, ['promote']);
    expect(run.code).toBe(0);
    expect(run.item('move').message).toMatch(
      /fast-forwards stable from [0-9a-f]{12} to [0-9a-f]{12}/,
    );
    expect(repo.remoteRef('refs/heads/stable')).toBe(second);
    expect(tagRecord(repo, 'release/2')).toMatchObject({
      previous_release: 1,
      model: { version: '1.1.0' },
    });

    const before = releaseRefs(repo);
    const again = await release(gh, repo, ['promote', '--commit', second.slice(0, 9)]);
    expect(again.code).toBe(0);
    expect(again.verdict.summary).toBe('already released as release/2: nothing moved');
    expect(again.verdict.data).toMatchObject({ tag: 'release/2', published: false });
    expect(again.item('deployment').message).toMatch(/is recorded on GitHub/);
    expect(releaseRefs(repo)).toBe(before);
    expect(gh.repo(repo.name).deployments).toHaveLength(2);
  });

  it('re-runs the gates on the exact commit, not on what is checked out', async () => {
    const repo = sampleRepo();
    const name = 'acme/sample-promote';
    gh.repo(name).gitDir = repo.remote;
    reviewedHistory(gh, name, repo);
    const flow = { ...repo, name, change: () => '' };
    const card = repo.git('show', 'HEAD:docs/model-card.md');
    // A broken card in the working tree only: the commit is what is promoted, and it is fine.
    writeFileSync(`${repo.dir}/docs/model-card.md`, 'broken\n');
    const fine = await release(gh, flow, ['promote', '--dry-run'], {
      now: '2026-11-21T12:00:00Z',
    });
    expect(fine.code, JSON.stringify(fine.verdict.items)).toBe(0);
    expect(fine.report.verdicts.map((v) => [v.gate, v.result])).toEqual([
      ['promote', 'pass'],
      ['policy', 'pass'],
      ['evals', 'pass'],
      ['cards', 'pass'],
      ['pii', 'pass'],
      ['compliance', 'pass'],
      ['rollback-readiness', 'pass'],
    ]);
    // A broken card committed on main: its gate fails on that commit and nothing moves.
    repo.git('checkout', '-q', '--', '.');
    repo.commit(
      { 'docs/model-card.md': card.replace(/## Evaluation[\s\S]*?(?=\n## )/, '') },
      'drop a section',
    );
    repo.git('push', '-q', 'origin', 'HEAD:main');
    viaPullRequest(gh, name, repo.head());
    const broken = await release(gh, flow, ['promote'], {
      now: '2026-11-21T12:00:00Z',
    });
    expect(broken.code).toBe(1);
    expect(broken.item('gates')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/fail: cards/),
    });
    expect(broken.report.verdicts.find((v) => v.gate === 'cards')?.result).toBe('fail');
    expect(repo.remoteRef('refs/heads/stable')).toBeNull();
  });

  describe('refuses before anything moves', () => {
    /** release/1 out, main one commit further, and a branch beside main. */
    const FIXTURE = releaseRepo(gh);
    const released = release(gh, FIXTURE, ['promote']).then(() => {
      FIXTURE.git('checkout', '-q', '-b', 'side');
      FIXTURE.commit({ 'x.txt': 'x' }, 'side work');
      FIXTURE.git('push', '-q', 'origin', 'side');
      FIXTURE.git('checkout', '-q', 'main');
      FIXTURE.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'next');
    });

    it.each([
      [
        'an actor without a promotion role',
        { actor: 'mei-ml' },
        'actor',
        'fail',
        /mei-ml may not promote: only holders of product-owner or governance-lead may/,
      ],
      [
        'a token that belongs to no user, and no --actor',
        { actor: '' },
        'actor',
        'error',
        /could not read whose token this is \(GET \/user\)/,
      ],
      [
        'a commit that is not on main',
        { commit: 'side' },
        'commit',
        'fail',
        /is not on main: only commits merged to main are promoted/,
      ],
      [
        'a commit that does not exist',
        { commit: 'deadbeef' },
        'commit',
        'fail',
        /deadbeef is not a commit of this repository/,
      ],
      [
        'no token for the deployment record, unverified local actor',
        { token: null, args: ['--local-unverified'] },
        'github',
        'fail',
        /needs the GitHub API, but no token was given/,
      ],
    ])(
      '%s',
      async (
        _,
        options: { actor?: string; commit?: string; token?: null; args?: string[] },
        id,
        status,
        message,
      ) => {
        await released;
        const repo = copyReleaseRepo(gh, FIXTURE);
        const before = releaseRefs(repo);
        const run = await release(
          gh,
          repo,
          [
            'promote',
            ...(options.commit ? ['--commit', options.commit] : []),
            ...(options.args ?? []),
          ],
          {
            ...(options.actor !== undefined ? { actor: options.actor } : {}),
            ...(options.token === null ? { token: null } : {}),
          },
        );
        expect(run.code).toBe(status === 'error' ? 2 : 1);
        expect(run.item(id)).toMatchObject({ status, message: expect.stringMatching(message) });
        expect(run.verdict.summary).toMatch(/^nothing moved/);
        expect(releaseRefs(repo)).toBe(before);
      },
    );

    it('while promotions are frozen, and for the content of a rejected release', async () => {
      const repo = releaseRepo(gh);
      await release(gh, repo, ['promote']);
      const bad = repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'bad');
      await record(repo.dir, { event: 'freeze', reason: 'incident INC-7' }, 'oscar-oncall');
      const frozen = await release(gh, repo, ['promote']);
      expect(frozen.code).toBe(1);
      expect(frozen.item('freeze').message).toMatch(
        /^promotions are frozen since .* by oscar-oncall: incident INC-7$/,
      );
      await record(repo.dir, { event: 'unfreeze', reason: 'understood' }, 'gabriel-gov');
      await record(repo.dir, { event: 'promote', commit: bad });
      await record(
        repo.dir,
        { event: 'reject', release: 2, reason: 'harmful answers' },
        'oscar-oncall',
      );
      await record(
        repo.dir,
        { event: 'rollback', to: 1, reason: 'harmful answers' },
        'oscar-oncall',
      );
      // The same content as the rejected release, in a new commit: refused too.
      repo.change({ 'chatbot/model.yaml': MODEL('1.0.1') }, 'try');
      const again = repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'the bad model again');
      const before = releaseRefs(repo);
      const run = await release(gh, repo, ['promote', '--commit', again]);
      expect(run.code).toBe(1);
      expect(run.item('rejected').message).toMatch(
        /has the content of release\/2, which oscar-oncall rejected at .*: harmful answers$/,
      );
      expect(releaseRefs(repo)).toBe(before);
    });

    it('when stable was moved outside release-gates', async () => {
      const repo = releaseRepo(gh);
      await release(gh, repo, ['promote']);
      const next = repo.change({ 'x.txt': 'x' }, 'hand-pushed');
      repo.git('push', '-q', 'origin', `${next}:refs/heads/stable`);
      const run = await release(gh, repo, ['promote']);
      expect(run.code).toBe(1);
      expect(run.item('branch').message).toMatch(/it was moved outside release-gates$/);
      expect(run.item('branch').hint).toMatch(/until it is repaired: release-gates repair/);
    });
  });

  it('says what it would do in a dry run, and moves nothing', async () => {
    const repo = releaseRepo(gh);
    const run = await release(gh, repo, ['promote', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.item('move')).toMatchObject({
      status: 'info',
      message: expect.stringMatching(
        /^dry run: the promotion creates stable at [0-9a-f]{12} and tags release\/1; nothing moved$/,
      ),
    });
    expect(run.verdict.data).toMatchObject({ release: 1, published: false });
    expect(repo.remoteRef('refs/heads/stable')).toBeNull();
    expect(gh.repo(repo.name).deployments).toEqual([]);
  });

  it('adds a promotion commit with exactly the commit’s tree once stable has diverged', async () => {
    const repo = releaseRepo(gh);
    await release(gh, repo, ['promote']);
    repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'bad');
    await release(gh, repo, ['promote']);
    await release(gh, repo, ['rollback', '--reason', 'bad model'], { actor: 'oscar-oncall' });
    await release(gh, repo, ['unfreeze', '--reason', 'fixed on main'], { actor: 'gabriel-gov' });
    const fix = repo.change({ 'chatbot/model.yaml': MODEL('2.0.1') }, 'fix');
    const run = await release(gh, repo, ['promote']);
    expect(run.code, JSON.stringify(run.verdict.items)).toBe(0);
    expect(run.item('move').message).toMatch(
      /adds a promotion commit [0-9a-f]{12} on stable with exactly the tree of [0-9a-f]{12} \(stable is not an ancestor of it\)/,
    );
    const head = repo.remoteRef('refs/heads/stable')!;
    const rollbackHead = tagRecord(repo, 'release/3').stable.commit;
    repo.git('fetch', '-q', 'origin', 'stable');
    expect(repo.git('rev-parse', `${head}^{tree}`)).toBe(repo.git('rev-parse', `${fix}^{tree}`));
    expect(repo.git('show', '-s', '--format=%P', head)).toBe(`${rollbackHead} ${fix}`);
    expect(tagRecord(repo, 'release/4')).toMatchObject({
      source: { commit: fix },
      stable: { commit: head, previous: rollbackHead },
      previous_release: 3,
    });
    await expectConsistent(repo);
  });

  it('resets stable with a lease under strategy: reset', async () => {
    const repo = releaseRepo(gh);
    repo.change(
      {
        'policies/release-policy.yaml': POLICY.replace(
          'promotion:\n',
          'promotion:\n  strategy: reset\n',
        ),
      },
      'reset strategy',
    );
    await release(gh, repo, ['promote']);
    repo.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'bad');
    await release(gh, repo, ['promote']);
    const rolled = await release(gh, repo, ['rollback', '--reason', 'bad'], {
      actor: 'oscar-oncall',
    });
    expect(rolled.item('move').message).toMatch(/resets stable to [0-9a-f]{12} \(with a lease\)/);
    const first = tagRecord(repo, 'release/1').stable.commit;
    expect(repo.remoteRef('refs/heads/stable')).toBe(first);
    await release(gh, repo, ['unfreeze', '--reason', 'ok'], { actor: 'gabriel-gov' });
    const fix = repo.change({ 'chatbot/model.yaml': MODEL('2.0.1') }, 'fix');
    const run = await release(gh, repo, ['promote']);
    expect(run.item('move').message).toMatch(/resets stable to/);
    expect(repo.remoteRef('refs/heads/stable')).toBe(fix);
    await expectConsistent(repo);
  });
});
