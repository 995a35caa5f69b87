import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRepo, createRepo } from '../../../test/support/git.js';
import { prepare, readState, record } from '../../../test/support/releases.js';
import { SimpleGitPort } from '../../runtime/ports/git.js';
import { UserError } from '../errors.js';
import { LEDGER_BRANCH } from './records.js';
import { branchProblem, readReleaseState } from './state.js';

function messages(state: Parameters<typeof branchProblem>[0]): string[] {
  return [...state.problems, branchProblem(state) ?? []].flat().map((p) => p.message);
}

describe('the release state, read from a real repository with a bare remote', () => {
  it('is empty before the first release', async () => {
    const repo = createRepo();
    const state = await readState(repo.dir);
    expect(state).toMatchObject({
      source: 'remote',
      stable: null,
      ledger: null,
      current: null,
      frozen: null,
      releases: [],
    });
    expect(messages(state)).toEqual([]);
  });

  it('replays promotions, a rollback, a rejection and a freeze, all consistent with the refs', async () => {
    const repo = createRepo();
    const first = repo.head();
    expect(await record(repo.dir, { event: 'promote', commit: first })).toBe(1);
    const second = repo.commit({ 'chatbot/model.yaml': 'version: 2\n' }, 'model v2');
    repo.git('push', '-q', 'origin', 'main');
    expect(await record(repo.dir, { event: 'promote', commit: second, gates: 'warn' })).toBe(2);
    expect(repo.remoteRef('refs/heads/stable')).toBe(second);
    expect(
      await record(
        repo.dir,
        { event: 'rollback', to: 1, reason: 'harmful answers' },
        'oscar-oncall',
      ),
    ).toBe(3);
    await record(
      repo.dir,
      { event: 'reject', release: 2, reason: 'harmful answers' },
      'oscar-oncall',
    );
    await record(
      repo.dir,
      { event: 'freeze', reason: 'rolled back: harmful answers' },
      'oscar-oncall',
    );

    const state = await readState(repo.dir);
    expect(messages(state)).toEqual([]);
    expect(state.stable?.commit).toBe(first);
    expect(state.current).toMatchObject({
      number: 3,
      verified: true,
      record: { kind: 'rollback', rollback_to: 1 },
    });
    expect(state.releases.map((r) => [r.number, r.verified, r.rejected?.actor ?? null])).toEqual([
      [1, true, null],
      [2, true, 'oscar-oncall'],
      [3, true, null],
    ]);
    expect(state.frozen).toMatchObject({
      actor: 'oscar-oncall',
      reason: 'rolled back: harmful answers',
    });
    // One commit per event on the ledger branch.
    expect(
      execFileSync('git', ['rev-list', '--count', `refs/heads/${LEDGER_BRANCH}`], {
        cwd: repo.remote,
        encoding: 'utf8',
      }).trim(),
    ).toBe('5');
  });

  it('reads the repository’s own refs when it has no such remote', async () => {
    const repo = createRepo();
    await record(repo.dir, { event: 'promote', commit: repo.head() });
    const state = await readReleaseState(new SimpleGitPort(repo.remote), {
      remote: 'origin',
      branch: 'stable',
      tagPrefix: 'release/',
    });
    expect(state).toMatchObject({ source: 'local', current: { number: 1 }, problems: [] });
  });

  it('fetches once per run, even when gates read the state side by side', async () => {
    const repo = createRepo();
    await record(repo.dir, { event: 'promote', commit: repo.head() });
    const port = new SimpleGitPort(repo.dir);
    const refs = { remote: 'origin', branch: 'stable', tagPrefix: 'release/' };
    const states = await Promise.all([1, 2, 3].map(() => readReleaseState(port, refs)));
    expect(states.map((s) => s.current?.number)).toEqual([1, 1, 1]);
    expect(states[1]!.stable).toBe(states[0]!.stable);
  });

  it('lets exactly one of two concurrent promotions win', async () => {
    const repo = createRepo();
    const mine = repo.commit({ 'a.txt': 'a' }, 'mine');
    repo.git('push', '-q', 'origin', 'main');
    const other = join(repo.dir, '..', 'other');
    execFileSync('git', ['clone', '-q', `file://${repo.remote}`, other]);
    const a = await prepare(repo.dir, { event: 'promote', commit: mine });
    const b = await prepare(other, { event: 'promote', commit: mine }, 'gabriel-gov');
    const outcomes: string[] = [];
    for (const p of [a, b]) {
      outcomes.push(
        await p.push().then(
          () => 'won',
          (e: unknown) =>
            /^stale: .*stale info/.test(String((e as Error).message)) ? 'lost' : String(e),
        ),
      );
    }
    expect(outcomes.sort()).toEqual(['lost', 'won']);
    const state = await readState(repo.dir);
    expect(state.releases).toHaveLength(1);
    expect(messages(state)).toEqual([]);
  });

  describe('reports disagreements between the branch, the tags and the ledger', async () => {
    const fixture = createRepo();
    await record(fixture.dir, { event: 'promote', commit: fixture.head() });
    const next = fixture.commit({ 'b.txt': 'b' }, 'next');
    fixture.git('push', '-q', 'origin', 'main');
    /** One release on the remote, main one commit further; each test damages its own copy. */
    const released = () => ({ repo: copyRepo(fixture), next });

    it('the branch moved outside release-gates', async () => {
      const { repo, next } = released();
      repo.git('push', '-q', 'origin', `${next}:refs/heads/stable`);
      expect(messages(await readState(repo.dir))).toEqual([
        expect.stringMatching(
          /^stable is at [0-9a-f]{40}, but the last release \(1\) left it at [0-9a-f]{40}: it was moved outside release-gates$/,
        ),
      ]);
    });

    it('the branch was deleted', async () => {
      const { repo } = released();
      repo.git('push', '-q', 'origin', ':refs/heads/stable');
      expect(messages(await readState(repo.dir))).toEqual([
        expect.stringMatching(/^stable does not exist on origin, but release 1 left it at /),
      ]);
    });

    it('a release tag was deleted', async () => {
      const { repo } = released();
      repo.git('push', '-q', 'origin', ':refs/tags/release/1');
      expect(messages(await readState(repo.dir))).toEqual([
        'release 1 is recorded in the ledger but its tag release/1 is missing on origin',
      ]);
    });

    it('a release tag was replaced by a lightweight one', async () => {
      const { repo } = released();
      repo.git('tag', '-f', 'release/1', repo.head());
      repo.git('push', '-q', '-f', 'origin', 'refs/tags/release/1');
      expect(messages(await readState(repo.dir))).toEqual([
        expect.stringMatching(/^release\/1 is a lightweight tag/),
      ]);
    });

    it('a release tag holds another record than the ledger', async () => {
      const { repo } = released();
      // The writer moves no local ref: the tag is on the remote only.
      repo.git('fetch', '-q', 'origin', 'refs/tags/release/1:refs/tags/release/1');
      const message = repo.git('tag', '-l', '--format=%(contents)', 'release/1');
      const forged = join(repo.dir, '..', 'forged');
      writeFileSync(forged, message.replace('"actor": "priya-po"', '"actor": "mallory"') + '\n');
      repo.git('tag', '-f', '-a', '--cleanup=verbatim', '-F', forged, 'release/1', repo.head());
      repo.git('push', '-q', '-f', 'origin', 'refs/tags/release/1');
      expect(messages(await readState(repo.dir))).toEqual([
        "the record in tag release/1 differs from the ledger's record of release 1",
      ]);
    });

    it('a tag that no release made', async () => {
      const { repo } = released();
      repo.git('tag', '-a', '-m', 'hand-made', 'release/7', repo.head());
      repo.git('tag', '-a', '-m', 'semver, not ours', 'release/1.2.0', repo.head());
      repo.git('push', '-q', 'origin', 'refs/tags/release/7', 'refs/tags/release/1.2.0');
      expect(messages(await readState(repo.dir))).toEqual([
        'tag release/7 looks like a release tag but no release in the ledger made it',
      ]);
    });

    it('a branch that exists before any release is recorded', async () => {
      const repo = createRepo();
      repo.git('push', '-q', 'origin', 'main:refs/heads/stable');
      expect(messages(await readState(repo.dir))).toEqual([
        expect.stringMatching(
          /^stable exists on origin \([0-9a-f]{40}\) but no release is recorded$/,
        ),
      ]);
    });
  });

  it('fails closed on a malformed ledger pushed to the remote', async () => {
    const repo = createRepo();
    await record(repo.dir, { event: 'promote', commit: repo.head() });
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: repo.dir,
      input: '{"event":"promote"\n',
    })
      .toString()
      .trim();
    const tree = execFileSync('git', ['mktree'], {
      cwd: repo.dir,
      input: `100644 blob ${blob}\tledger.jsonl\n`,
    })
      .toString()
      .trim();
    const commit = execFileSync('git', ['commit-tree', tree, '-m', 'tamper'], { cwd: repo.dir })
      .toString()
      .trim();
    repo.git('push', '-q', '-f', 'origin', `${commit}:refs/heads/${LEDGER_BRANCH}`);
    const e = await readState(repo.dir).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).problems[0]).toMatchObject({
      message: expect.stringMatching(
        /release-gates\/ledger:ledger\.jsonl line 1 is not a valid ledger event: not JSON/,
      ),
      location: { file: 'ledger.jsonl', line: 1 },
    });
  });
});
