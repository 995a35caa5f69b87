import { describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../../test/support/github-server.js';
import { tempDir } from '../../../test/support/tmp.js';
import { createPorts } from '../../runtime/ports/index.js';
import { runGate } from '../gate.js';
import { parsePolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import type { RunInfo } from '../ports.js';
import { signoffGate } from './gate.js';

const HEAD = 'b'.repeat(40);
const OLD = 'a'.repeat(40);
const NOW = '2026-11-21T12:00:00Z';

const gh = await FakeGitHub.start({
  'repo-token': { login: 'github-actions[bot]' },
  'org-token': { login: 'gov-bot', orgRead: true },
});
gh.addTeam('acme', 'product', ['priya-po', 'paul-pm']);

function policy(signoff: string, roles = 'product-owner: { users: [priya-po] }') {
  return parsePolicy(
    Buffer.from(
      [
        'apiVersion: release-gates/v1',
        'kind: ReleasePolicy',
        'metadata: { name: chatbot, owner: governance-lead }',
        'roles:',
        `  ${roles}`,
        '  governance-lead: { users: [gabriel-gov] }',
        'gates:',
        '  signoff:',
        ...signoff.split('\n').map((l) => `    ${l}`),
        '',
      ].join('\n'),
    ),
    'policies/release-policy.yaml',
  );
}

const BOTH = `required:\n  - role: product-owner\n  - role: governance-lead`;

function pull(
  reviews: [string, 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED', string?][],
  author = 'mei-ml',
) {
  const number = gh.addPull('acme/chatbot', { author, head: { sha: HEAD } });
  for (const [user, state, commit] of reviews)
    gh.addReview('acme/chatbot', number, { user, state, commit: commit ?? HEAD });
  return number;
}

function runOf(number: number | undefined): RunInfo {
  return {
    commit: HEAD,
    event: number ? 'pull_request' : 'push',
    repository: { owner: 'acme', repo: 'chatbot' },
    url: 'https://github.com/acme/chatbot/actions/runs/42',
    ...(number
      ? {
          pullRequest: {
            number,
            author: 'mei-ml',
            base: { ref: 'main', sha: OLD },
            head: { ref: `pr-${number}`, sha: HEAD },
          },
        }
      : {}),
  };
}

const dir = tempDir();

async function judge(
  number: number | undefined,
  options: {
    signoff?: string;
    roles?: string;
    token?: string | null;
    membershipToken?: string;
  } = {},
) {
  const loaded = policy(options.signoff ?? BOTH, options.roles);
  const env = { RELEASE_GATES_NOW: NOW };
  const ports = createPorts(
    dir,
    env,
    options.token === null
      ? undefined
      : {
          token: options.token ?? 'repo-token',
          ...(options.membershipToken ? { membershipToken: options.membershipToken } : {}),
          baseUrl: gh.url,
          names: { token: 'the `token` input', membershipToken: 'the `membership-token` input' },
          backoffUnitMs: 1,
        },
  );
  return runGate(signoffGate, loaded, ports, runOf(number), checkWaivers(loaded, new Date(NOW)));
}

const statuses = (v: Awaited<ReturnType<typeof judge>>) =>
  Object.fromEntries(v.items.map((i) => [i.id, i.status]));

describe('the signoff gate against a GitHub API over HTTP', () => {
  it('passes when the product owner and the governance lead approved the head commit', async () => {
    const v = await judge(
      pull([
        ['priya-po', 'APPROVED'],
        ['gabriel-gov', 'APPROVED'],
      ]),
    );
    expect(v.result).toBe('pass');
    expect(v.summary).toBe('2 of 2 roles signed off on bbbbbbbbbbbb');
    expect(v.items[0]).toMatchObject({
      id: 'role/product-owner',
      status: 'pass',
      message: 'product-owner sign-off: approved by priya-po on bbbbbbbbbbbb',
      observed: 1,
      expected: '>= 1',
      location: { file: 'policies/release-policy.yaml', line: 10 },
    });
    expect(v.data).toMatchObject({ 'missing-roles': [], head: HEAD });
  });

  it('fails naming the missing role and who can still sign', async () => {
    const v = await judge(pull([['priya-po', 'APPROVED']]));
    expect(v.result).toBe('fail');
    expect(v.summary).toMatch(/^1 of 2 roles signed off on bbbbbbbbbbbb; missing governance-lead/);
    expect(v.items.find((i) => i.id === 'role/governance-lead')).toMatchObject({
      status: 'fail',
      message: 'governance-lead sign-off: 0 of 1 approval; still needed from gabriel-gov',
      hint: "ask gabriel-gov to review and approve the pull request's head commit",
    });
  });

  it('never counts the author’s own approval', async () => {
    const v = await judge(
      pull(
        [
          ['priya-po', 'APPROVED'],
          ['gabriel-gov', 'APPROVED'],
        ],
        'priya-po',
      ),
    );
    expect(v.result).toBe('fail');
    expect(v.items.find((i) => i.id === 'disregarded/priya-po')?.message).toMatch(
      /priya-po opened the pull request, and nobody who wrote the change may approve it/,
    );
    expect(v.items.find((i) => i.id === 'role/product-owner')?.hint).toMatch(
      /add another holder to roles\.product-owner/,
    );
  });

  it('does not count the approval of a governance lead who pushed a commit onto the pull request', async () => {
    const number = pull([['priya-po', 'APPROVED']]);
    const PUSHED = 'c'.repeat(40);
    gh.pushToPull('acme/chatbot', number, PUSHED, { author: 'gabriel-gov' });
    gh.addReview('acme/chatbot', number, {
      user: 'gabriel-gov',
      state: 'APPROVED',
      commit: PUSHED,
    });
    gh.addReview('acme/chatbot', number, { user: 'priya-po', state: 'APPROVED', commit: PUSHED });
    const v = await judge(number);
    expect(v.result).toBe('fail');
    expect(v.items.find((i) => i.id === 'disregarded/gabriel-gov')?.message).toBe(
      'approval by gabriel-gov on cccccccccccc does not count: gabriel-gov authored cccccccccccc, and nobody who wrote the change may approve it',
    );
    expect(v.items.find((i) => i.id === 'role/governance-lead')).toMatchObject({
      status: 'fail',
      hint: 'add another holder to roles.governance-lead: nobody who wrote the change may approve it',
    });
    expect(gh.calls(`/repos/acme/chatbot/pulls/${number}/commits`)).toHaveLength(1);
  });

  it('does not count the approval of a governance lead who pushed another’s commit unchanged', async () => {
    const number = pull([]);
    const PUSHED = 'e'.repeat(40);
    // The commit is mei-ml's own; only the repository's activity says gabriel-gov pushed it.
    gh.pushToPull('acme/chatbot', number, PUSHED, { author: 'mei-ml', pushedBy: 'gabriel-gov' });
    gh.addReview('acme/chatbot', number, {
      user: 'gabriel-gov',
      state: 'APPROVED',
      commit: PUSHED,
    });
    gh.addReview('acme/chatbot', number, { user: 'priya-po', state: 'APPROVED', commit: PUSHED });
    const v = await judge(number);
    expect(v.result).toBe('fail');
    expect(v.items.find((i) => i.id === 'disregarded/gabriel-gov')?.message).toBe(
      'approval by gabriel-gov on eeeeeeeeeeee does not count: gabriel-gov pushed eeeeeeeeeeee, and nobody who wrote the change may approve it',
    );
    expect(gh.calls('/repos/acme/chatbot/activity')).not.toHaveLength(0);
    expect(gh.calls('/repos/acme/chatbot/activity').at(-1)?.query.ref).toBe(
      `refs/heads/pr-${number}`,
    );
  });

  it('does not look for pushes of a fork’s branch in the repository’s activity', async () => {
    const number = gh.addPull('acme/chatbot', {
      author: 'mei-ml',
      head: { ref: 'main', sha: HEAD },
      headRepo: 'mei-ml/chatbot',
    });
    gh.addReview('acme/chatbot', number, { user: 'priya-po', state: 'APPROVED', commit: HEAD });
    gh.addReview('acme/chatbot', number, { user: 'gabriel-gov', state: 'APPROVED', commit: HEAD });
    const before = gh.calls('/repos/acme/chatbot/activity').length;
    expect((await judge(number)).result).toBe('pass');
    expect(gh.calls('/repos/acme/chatbot/activity')).toHaveLength(before);
  });

  it('fails a pull request with a commit of no GitHub account, never printing its email', async () => {
    const number = pull([]);
    const ANON = 'd'.repeat(40);
    gh.pushToPull('acme/chatbot', number, ANON, { author: null, committer: 'mei-ml' });
    gh.addReview('acme/chatbot', number, { user: 'priya-po', state: 'APPROVED', commit: ANON });
    gh.addReview('acme/chatbot', number, { user: 'gabriel-gov', state: 'APPROVED', commit: ANON });
    const v = await judge(number);
    expect(v.result).toBe('fail');
    expect(v.summary).toBe(
      '2 of 2 roles signed off on dddddddddddd; writer unknown for dddddddddddd',
    );
    expect(v.items.find((i) => i.rule === 'unattributed-commit')).toMatchObject({
      id: `unattributed/${ANON.slice(0, 12)}/author`,
      status: 'fail',
      message:
        'commit dddddddddddd: its author has no GitHub account, so no approval can be shown to come from someone who did not write it',
    });
    expect(JSON.stringify(v)).not.toMatch(/laptop\.local/);
  });

  it('refuses a pull request of more commits than GitHub lists', async () => {
    const number = gh.addPull('acme/chatbot', {
      author: 'mei-ml',
      head: { sha: HEAD },
      commits: Array.from({ length: 250 }, (_, i) => ({
        sha: i.toString(16).padStart(40, '0'),
        author: 'mei-ml',
      })),
    });
    const v = await judge(number);
    expect(v.result).toBe('error');
    expect(v.items[0]?.message).toMatch(/GitHub lists only the first 250 commits/);
    expect(gh.calls(`/repos/acme/chatbot/pulls/${number}/commits`).length).toBeGreaterThan(1);
  });

  it('does not count an approval of an older commit', async () => {
    const v = await judge(
      pull([
        ['priya-po', 'APPROVED', OLD],
        ['gabriel-gov', 'APPROVED'],
      ]),
    );
    expect(statuses(v)).toMatchObject({
      'role/product-owner': 'fail',
      'disregarded/priya-po': 'info',
    });
  });

  it('needs new approvals after a push to the pull request', async () => {
    const number = pull([
      ['priya-po', 'APPROVED'],
      ['gabriel-gov', 'APPROVED'],
    ]);
    expect((await judge(number)).result).toBe('pass');
    gh.pushToPull('acme/chatbot', number, 'c'.repeat(40));
    const v = await judge(number);
    expect(v.result).toBe('fail');
    expect(v.summary).toBe(
      '0 of 2 roles signed off on cccccccccccc; missing product-owner, governance-lead',
    );
    gh.pushToPull('acme/chatbot', number, HEAD);
  });

  it('is blocked by changes requested from a role holder', async () => {
    const v = await judge(
      pull([
        ['priya-po', 'APPROVED'],
        ['gabriel-gov', 'CHANGES_REQUESTED'],
      ]),
    );
    expect(v.result).toBe('fail');
    expect(v.items.find((i) => i.id === 'changes-requested/gabriel-gov')).toMatchObject({
      status: 'fail',
      message:
        'gabriel-gov (governance-lead) requested changes on bbbbbbbbbbbb: blocks sign-off until they approve',
    });
  });

  it('counts a team member, reading membership with the membership token', async () => {
    const v = await judge(
      pull([
        ['paul-pm', 'APPROVED'],
        ['gabriel-gov', 'APPROVED'],
      ]),
      {
        roles: 'product-owner: { teams: [acme/product] }',
        membershipToken: 'org-token',
      },
    );
    expect(v.result).toBe('pass');
    expect(gh.requests.at(-1)).toBeDefined();
    expect(gh.calls('/orgs/acme/teams/product/members').at(-1)?.token).toBe('org-token');
  });

  it('errors, never passes, when team membership cannot be read', async () => {
    const v = await judge(
      pull([
        ['paul-pm', 'APPROVED'],
        ['gabriel-gov', 'APPROVED'],
      ]),
      {
        roles: 'product-owner: { teams: [acme/product] }',
      },
    );
    expect(v.result).toBe('error');
    expect(v.items).toEqual([
      expect.objectContaining({
        id: 'github-api',
        status: 'error',
        message: expect.stringMatching(
          /could not read the members of team acme\/product: the token may not do this \(403/,
        ),
        hint: expect.stringMatching(/set the `membership-token` input for teams/),
      }),
    ]);
  });

  it('reads every page of a pull request with over 100 reviews', async () => {
    const reviews: [string, 'COMMENTED'][] = Array.from({ length: 150 }, (_, i) => [
      `user-${i}`,
      'COMMENTED',
    ]);
    const number = pull([['priya-po', 'APPROVED'], ...reviews, ['gabriel-gov', 'APPROVED']]);
    const v = await judge(number);
    expect(v.result).toBe('pass');
    expect(
      gh.calls(`/repos/acme/chatbot/pulls/${number}/reviews`).map((r) => r.query.page ?? '1'),
    ).toEqual(['1', '2']);
  });

  it.each([
    ['the pull request', (n: number) => `/repos/acme/chatbot/pulls/${n}`, 'GET'],
    ['the reviews', (n: number) => `/repos/acme/chatbot/pulls/${n}/reviews`, 'GET'],
    ['the team members', () => '/orgs/acme/teams/product/members', 'GET'],
    ['the commit status', () => `/repos/acme/chatbot/statuses/${HEAD}`, 'POST'],
  ])('gives an error verdict when the API fails on %s', async (_what, path, method) => {
    const number = pull([
      ['paul-pm', 'APPROVED'],
      ['gabriel-gov', 'APPROVED'],
    ]);
    gh.fail({ method, path: path(number), status: 500, times: 4 });
    const v = await judge(number, {
      signoff: `${BOTH}\ncommit_status: true`,
      roles: 'product-owner: { teams: [acme/product] }',
      membershipToken: 'org-token',
    });
    expect(v.result).toBe('error');
    expect(v.items.filter((i) => i.status === 'error')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/GitHub failed \(500 .*\), retries included/),
      }),
    ]);
  });

  it('sets the release-gates/signoff commit status when the policy asks', async () => {
    const number = pull([['priya-po', 'APPROVED']]);
    const v = await judge(number, { signoff: `${BOTH}\ncommit_status: true` });
    expect(v.result).toBe('fail');
    expect(gh.statuses('acme/chatbot', HEAD)[0]).toMatchObject({
      state: 'failure',
      context: 'release-gates/signoff',
      description: '1 of 2 roles signed off on bbbbbbbbbbbb; missing governance-lead',
      target_url: 'https://github.com/acme/chatbot/actions/runs/42',
    });
    gh.addReview('acme/chatbot', number, { user: 'gabriel-gov', state: 'APPROVED', commit: HEAD });
    expect((await judge(number, { signoff: `${BOTH}\ncommit_status: true` })).result).toBe('pass');
    expect(gh.statuses('acme/chatbot', HEAD)[0]).toMatchObject({ state: 'success' });
  });

  it('is not applicable outside a pull request, without calling the API', async () => {
    const before = gh.requests.length;
    const v = await judge(undefined, { token: null });
    expect(v.result).toBe('pass');
    expect(v.items).toEqual([expect.objectContaining({ id: 'not-applicable', status: 'info' })]);
    expect(gh.requests.length).toBe(before);
  });

  it.each([
    ['no token', { token: null }, /no token was given/],
    ['a rejected token', { token: 'revoked' }, /the token was rejected \(401 Bad credentials\)/],
  ])('errors on a pull request with %s', async (_name, options, message) => {
    const v = await judge(pull([]), options);
    expect(v.result).toBe('error');
    expect(v.items[0]!.message).toMatch(message);
  });
});
