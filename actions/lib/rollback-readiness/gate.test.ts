import { describe, expect, it } from 'vitest';
import { copyRepo, createRepo, type TestRepo } from '../../../test/support/git.js';
import { record } from '../../../test/support/releases.js';
import { createPorts } from '../../runtime/ports/index.js';
import { runGate } from '../gate.js';
import { parsePolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import { rollbackReadinessGate } from './gate.js';

const NOW = '2026-11-21T12:00:00Z';

function policy(section = '{}') {
  return parsePolicy(
    Buffer.from(
      [
        'apiVersion: release-gates/v1',
        'kind: ReleasePolicy',
        'metadata: { name: chatbot, owner: governance-lead }',
        'roles: { governance-lead: { users: [gabriel-gov] } }',
        `gates: { rollback-readiness: ${section} }`,
        '',
      ].join('\n'),
    ),
    'policies/release-policy.yaml',
  );
}

async function judge(
  repo: TestRepo,
  options: { section?: string; dir?: string; commit?: string } = {},
) {
  const loaded = policy(options.section);
  const ports = createPorts(options.dir ?? repo.dir, { RELEASE_GATES_NOW: NOW });
  const run = { commit: options.commit ?? repo.head(), event: 'push' };
  return runGate(rollbackReadinessGate, loaded, ports, run, checkWaivers(loaded, new Date(NOW)));
}

const byId = (v: Awaited<ReturnType<typeof judge>>) =>
  Object.fromEntries(v.items.map((i) => [i.id, [i.status, i.message]]));

/** A repository with two promoted releases; main has moved on to a third commit. */
async function twoReleases() {
  const repo = createRepo();
  const first = repo.head();
  await record(repo.dir, { event: 'promote', commit: first });
  const second = repo.commit({ 'chatbot/model.yaml': 'version: 2\n' }, 'model v2');
  repo.git('push', '-q', 'origin', 'main');
  await record(repo.dir, { event: 'promote', commit: second });
  const third = repo.commit({ 'chatbot/model.yaml': 'version: 3\n' }, 'model v3');
  return { repo, first, second, third };
}
const RELEASED = await twoReleases();
const PRISTINE = createRepo();

/** Each test changes its own copy of the two-release fixture. */
const released = () => ({ ...RELEASED, repo: copyRepo(RELEASED.repo) });
const pristine = () => copyRepo(PRISTINE);

describe('the rollback-readiness gate on a real repository with a bare remote', () => {
  it('passes before the first release, saying there is nothing to roll back yet', async () => {
    const repo = pristine();
    const v = await judge(repo);
    expect(v.result).toBe('pass');
    expect(byId(v)).toEqual({
      'first-release': [
        'info',
        expect.stringMatching(
          /^no release yet: stable does not exist on origin and no release is recorded/,
        ),
      ],
      freeze: ['pass', 'promotions are not frozen'],
    });
  });

  it('passes when stable is a verified release and the commit judged can roll back to it', async () => {
    const { repo } = released();
    const v = await judge(repo);
    expect(v.result).toBe('pass');
    expect(byId(v)).toMatchObject({
      branch: [
        'pass',
        expect.stringMatching(/^stable on origin is at [0-9a-f]{12}, where release\/2 left it$/),
      ],
      'current-release': [
        'pass',
        expect.stringMatching(
          /^production runs release\/2 \(promotion of [0-9a-f]{12} by priya-po at .*, model 2026\.11\.0\), verified: gates pass$/,
        ),
      ],
      'rollback-target': [
        'pass',
        expect.stringMatching(
          /^the commit judged \([0-9a-f]{12}\), once released, can roll back to release\/2/,
        ),
      ],
    });
    expect(v.data).toMatchObject({
      'current-release': 'release/2',
      'rollback-target': 'release/2',
      frozen: false,
    });
    expect(v.inputs).toEqual([
      {
        file: 'ledger.jsonl',
        sha256: expect.any(String),
        ref: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
    ]);
  });

  it('judges the current release by the one before it', async () => {
    const { repo, second } = released();
    const v = await judge(repo, { commit: second });
    expect(byId(v)['rollback-target']).toEqual([
      'pass',
      expect.stringMatching(/^production \(release\/2\) can roll back to release\/1/),
    ]);
  });

  it('fails when the release judged has nothing to roll back to, unless only reported', async () => {
    const repo = pristine();
    await record(repo.dir, { event: 'promote', commit: repo.head() });
    const v = await judge(repo);
    expect(v.result).toBe('fail');
    expect(byId(v)['rollback-target']).toEqual([
      'fail',
      'production (release/1) has no earlier verified, unrejected release with other content to roll back to',
    ]);
    const reported = await judge(repo, { section: '{ require_previous_release: false }' });
    expect(reported.result).toBe('pass');
    expect(byId(reported)['rollback-target']?.[0]).toBe('info');
  });

  it('reports a freeze as a warning, or a failure when the policy says so', async () => {
    const { repo } = released();
    await record(
      repo.dir,
      { event: 'freeze', reason: 'investigating harmful answers' },
      'oscar-oncall',
    );
    const v = await judge(repo);
    expect(v.result).toBe('warn');
    expect(v.items.find((i) => i.id === 'freeze')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(
        /^promotions are frozen since .* by oscar-oncall: investigating harmful answers$/,
      ),
      hint: 'a holder of governance-lead lifts the freeze once the cause is understood',
    });
    expect((await judge(repo, { section: '{ freeze: fail }' })).result).toBe('fail');
  });

  it('after a rollback, rolls back no further than the rejected release allows', async () => {
    const { repo, first } = released();
    await record(repo.dir, { event: 'rollback', to: 1, reason: 'harmful answers' }, 'oscar-oncall');
    await record(
      repo.dir,
      { event: 'reject', release: 2, reason: 'harmful answers' },
      'oscar-oncall',
    );
    const onProduction = await judge(repo, { commit: first });
    expect(byId(onProduction)).toMatchObject({
      'current-release': [
        'pass',
        expect.stringMatching(
          /^production runs release\/3 \(rollback to release 1 by oscar-oncall/,
        ),
      ],
      'rollback-target': [
        'fail',
        expect.stringMatching(/^production \(release\/3\) has no earlier/),
      ],
    });
    expect(byId(await judge(repo))['rollback-target']?.[0]).toBe('pass');
  });

  it.each([
    [
      'the release branch moved outside release-gates',
      (repo: TestRepo, third: string) => {
        repo.git('push', '-q', 'origin', `${third}:refs/heads/stable`);
      },
      'branch',
      /it was moved outside release-gates/,
    ],
    [
      'a release tag was deleted',
      (repo: TestRepo) => {
        repo.git('push', '-q', 'origin', ':refs/tags/release/1');
      },
      'records-1',
      /its tag release\/1 is missing on origin/,
    ],
  ])('fails when %s', async (_name, damage, id, message) => {
    const { repo, third } = released();
    repo.git('push', '-q', 'origin', 'main');
    damage(repo, third);
    const v = await judge(repo);
    expect(v.result).toBe('fail');
    expect(v.items.find((i) => i.id === id)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(message),
    });
  });

  it('fails when production runs a release whose gates failed', async () => {
    const repo = pristine();
    await record(repo.dir, { event: 'promote', commit: repo.head(), gates: 'fail' });
    expect(byId(await judge(repo))['current-release']).toEqual([
      'fail',
      expect.stringMatching(/which is not verified: its gates gave fail$/),
    ]);
  });

  it('reads the repository’s own refs when it has no remote', async () => {
    const { repo } = released();
    const v = await judge(repo, { dir: repo.remote, commit: 'f'.repeat(40) });
    expect(v.result).toBe('pass');
    expect(byId(v).branch?.[1]).toMatch(
      /^stable on this repository \(it has no remote origin\) is at/,
    );
  });

  it('errors when the remote cannot be read', async () => {
    const repo = pristine();
    repo.git('remote', 'set-url', 'origin', 'file:///nonexistent/remote.git');
    const v = await judge(repo);
    expect(v.result).toBe('error');
    expect(v.items[0]!.message).toMatch(
      /^cannot read refs\/heads\/stable, .* from the remote origin/,
    );
  });
});
