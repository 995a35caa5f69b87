import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/load.js';
import type { BranchRule } from '../ports.js';
import { expectedGuards, judgeGuards, type ExpectedGuards } from './guards.js';

const rule = (
  type: string,
  parameters: Record<string, unknown> = {},
  rulesetId = 1,
): BranchRule => ({
  type,
  parameters,
  rulesetId,
  source: 'acme/chatbot',
});
const PULL = rule('pull_request', {
  required_approving_review_count: 1,
  require_code_owner_review: true,
  require_last_push_approval: true,
});
const checks = (...contexts: string[]) =>
  rule('required_status_checks', {
    required_status_checks: contexts.map((context) => ({ context })),
  });
const EXPECTED: ExpectedGuards = {
  source: 'main',
  release: 'stable',
  checks: ['gates / evals', 'gates / signoff'],
  restrictReleaseUpdates: true,
};
const SOURCE = [PULL, checks('gates / evals', 'gates / signoff')];
const RELEASE = [rule('non_fast_forward'), rule('deletion'), rule('update')];

const judged = (source: BranchRule[], release: BranchRule[], expected = EXPECTED) =>
  Object.fromEntries(judgeGuards(expected, { source, release }).map((i) => [i.id, i.status]));

describe('judgeGuards', () => {
  it('passes when every guard is in force, naming the ruleset', () => {
    const items = judgeGuards(EXPECTED, { source: SOURCE, release: RELEASE });
    expect(items.map((i) => [i.id, i.status])).toEqual([
      ['platform/main/pull-request', 'pass'],
      ['platform/main/code-owner-review', 'pass'],
      ['platform/main/last-push-approval', 'pass'],
      ['platform/main/check/gates / evals', 'pass'],
      ['platform/main/check/gates / signoff', 'pass'],
      ['platform/stable/non-fast-forward', 'pass'],
      ['platform/stable/deletion', 'pass'],
      ['platform/stable/update', 'pass'],
    ]);
    expect(items[0]!.message).toBe('main requires a pull request (ruleset 1 of acme/chatbot)');
  });

  it.each<[string, BranchRule[], BranchRule[], string | string[]]>([
    [
      'no pull request',
      [checks('gates / evals', 'gates / signoff')],
      RELEASE,
      ['main/pull-request', 'main/code-owner-review', 'main/last-push-approval'],
    ],
    [
      'no code-owner review',
      [rule('pull_request', { require_last_push_approval: true }), ...SOURCE.slice(1)],
      RELEASE,
      'main/code-owner-review',
    ],
    [
      'no last-push approval',
      [rule('pull_request', { require_code_owner_review: true }), ...SOURCE.slice(1)],
      RELEASE,
      'main/last-push-approval',
    ],
    ['a missing check', [PULL, checks('gates / evals')], RELEASE, 'main/check/gates / signoff'],
    [
      'force pushes to stable',
      SOURCE,
      [rule('deletion'), rule('update')],
      'stable/non-fast-forward',
    ],
    ['deletion of stable', SOURCE, [rule('non_fast_forward'), rule('update')], 'stable/deletion'],
    ['anyone may push to stable', SOURCE, RELEASE.slice(0, 2), 'stable/update'],
  ])('fails with a fix when there is %s', (_name, source, release, ids) => {
    const items = judgeGuards(EXPECTED, { source, release });
    const failed = items.filter((i) => i.status !== 'pass');
    expect(failed.map((i) => i.id)).toEqual([ids].flat().map((id) => `platform/${id}`));
    expect(failed[0]).toMatchObject({
      status: 'fail',
      rule: 'platform-guard',
      hint: expect.stringMatching(
        /ruleset on (main|stable).*docs\/adopting\.md#6-require-the-checks/,
      ),
    });
  });

  it('takes each guard from whichever ruleset gives it', () => {
    const source = [
      rule('pull_request', { require_code_owner_review: true }, 1),
      rule('pull_request', { require_last_push_approval: true }, 2),
      checks('gates / evals'),
      { ...checks('gates / signoff'), rulesetId: 3, source: 'acme' },
    ];
    expect(Object.values(judged(source, RELEASE))).toEqual(Array(8).fill('pass'));
  });

  it('warns, not fails, when the policy accepts that anyone may push to the release branch', () => {
    const items = judgeGuards(
      { ...EXPECTED, restrictReleaseUpdates: false },
      { source: SOURCE, release: RELEASE.slice(0, 2) },
    );
    expect(items.at(-1)).toMatchObject({
      id: 'platform/stable/update',
      status: 'warn',
      message: expect.stringMatching(
        /accepted by gates\.policy\.platform_guards\.restrict_release_updates: false$/,
      ),
    });
  });

  it('fails every guard of a repository without rulesets', () => {
    expect(Object.values(judged([], [])).every((s) => s === 'fail')).toBe(true);
  });
});

const policyOf = (extra: string) =>
  parsePolicy(
    Buffer.from(
      [
        'apiVersion: release-gates/v1',
        'kind: ReleasePolicy',
        'metadata: { name: chatbot, owner: governance-lead }',
        'roles: { governance-lead: { users: [gabriel-gov] } }',
        'gates:',
        '  signoff: { required: [{ role: governance-lead }] }',
        "  'policy-change': { enabled: false }",
        extra,
        '',
      ].join('\n'),
    ),
    'policies/release-policy.yaml',
  ).policy;

describe('expectedGuards', () => {
  it('expects a check per enabled gate, named as the reusable workflow names it', () => {
    expect(expectedGuards(policyOf('  policy: {}'))).toEqual({
      source: 'main',
      release: 'stable',
      checks: ['gates / policy', 'gates / signoff'],
      restrictReleaseUpdates: true,
    });
  });

  it('follows check_name, required_checks and the promotion branches', () => {
    const named = policyOf("  policy: { platform_guards: { check_name: 'ci / {gate}' } }");
    expect(expectedGuards(named).checks).toEqual(['ci / policy', 'ci / signoff']);
    const listed = policyOf(
      [
        '  policy: { platform_guards: { required_checks: [release-gates] } }',
        'promotion: { source: trunk, branch: production }',
      ].join('\n'),
    );
    expect(expectedGuards(listed)).toMatchObject({
      source: 'trunk',
      release: 'production',
      checks: ['release-gates'],
    });
  });
});
