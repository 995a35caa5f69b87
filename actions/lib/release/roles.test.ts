import { describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../../test/support/github-server.js';
import { OctokitGitHub } from '../../runtime/ports/github.js';
import { parsePolicy } from '../policy/load.js';
import { checkReason } from './operation.js';
import { authorize, unfreezeRule } from './roles.js';

const gh = await FakeGitHub.start({
  'repo-token': { login: 'github-actions[bot]' },
  'org-token': { login: 'gov-bot', orgRead: true },
});
gh.addTeam('acme', 'sre', ['Sam-SRE']);

const { policy } = parsePolicy(
  Buffer.from(`apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: chatbot, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
  on-call: { users: [oscar-oncall], teams: [acme/sre] }
gates: { policy: {} }
`),
  'policies/release-policy.yaml',
);

const port = (token: string) =>
  new OctokitGitHub({
    token,
    baseUrl: gh.url,
    names: { token: 'token', membershipToken: 'membership-token' },
    backoffUnitMs: 1,
  });
const ROLLBACK = {
  roles: ['on-call', 'governance-lead'],
  what: 'roll back',
  field: 'rollback.allowed_roles',
};

describe('who may act: the dispatcher against the policy roles', () => {
  it.each([
    [
      'a user of a role, in any case',
      'Oscar-OnCall',
      ROLLBACK,
      'org-token',
      'pass',
      'Oscar-OnCall may roll back: holds on-call (user)',
    ],
    [
      'a member of a role team',
      'sam-sre',
      ROLLBACK,
      'org-token',
      'pass',
      'sam-sre may roll back: holds on-call (team acme/sre)',
    ],
    [
      'nobody of the roles',
      'mallory',
      ROLLBACK,
      'org-token',
      'fail',
      'mallory may not roll back: only holders of on-call or governance-lead may (rollback.allowed_roles)',
    ],
    [
      'a team without a token that can read it',
      'mallory',
      ROLLBACK,
      'repo-token',
      'error',
      /could not read the members of team acme\/sre/,
    ],
    [
      'a team without any token',
      'mallory',
      ROLLBACK,
      null,
      'error',
      /the teams of on-call cannot be read without a token/,
    ],
    [
      'a user needs no API even when a role has teams',
      'gabriel-gov',
      ROLLBACK,
      null,
      'pass',
      'gabriel-gov may roll back: holds governance-lead (user)',
    ],
    [
      'no roles listed: whoever may run it',
      'anyone',
      { roles: [], what: 'promote', field: 'promotion.allowed_roles' },
      null,
      'pass',
      'anyone may promote: promotion.allowed_roles is empty, so whoever may run the workflow may',
    ],
    [
      'an unknown actor',
      undefined,
      ROLLBACK,
      null,
      'error',
      "who wants to roll back is unknown, so the policy's roles cannot be checked",
    ],
    [
      'not a login',
      'x y; rm -rf',
      ROLLBACK,
      null,
      'error',
      '"x y; rm -rf" is not a GitHub login, so it cannot be checked against the roles or recorded',
    ],
  ])('%s', async (_, actor, rule, token, status, message) => {
    const item = await authorize(policy, actor, rule, token ? port(token) : undefined);
    expect(item.status).toBe(status);
    if (typeof message === 'string') expect(item.message).toBe(message);
    else expect(item.message).toMatch(message);
  });

  it('lets the unfreeze roles, or else the policy owner, lift a freeze', () => {
    expect(unfreezeRule(policy, 'lift the freeze')).toEqual({
      roles: ['governance-lead'],
      what: 'lift the freeze',
      field: 'metadata.owner',
    });
  });
});

describe('the reason an actor gives', () => {
  it.each([
    ['kept trimmed', '  harmful answers \n', true, 'harmful answers', null],
    ['optional and absent', undefined, false, undefined, null],
    ['optional and blank', '   ', false, undefined, null],
    ['required and absent', undefined, true, undefined, 'the reason is empty: the record says why'],
    ['required and blank', ' \t', true, undefined, 'the reason is empty: the record says why'],
    [
      'too long for the record',
      'x'.repeat(2001),
      false,
      'x'.repeat(2001),
      'the reason is longer than 2000 characters',
    ],
  ])('%s', (_, text, required, reason, problem) => {
    const checked = checkReason(text, required);
    expect(checked.reason).toBe(reason);
    expect(checked.item?.message ?? null).toBe(problem);
  });
});
