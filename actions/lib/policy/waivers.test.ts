import { describe, expect, it } from 'vitest';
import { parsePolicy } from './load.js';
import { checkWaivers, daysLeft } from './waivers.js';

const policy = (waivers: string) =>
  parsePolicy(
    Buffer.from(`apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: {name: demo, owner: governance-lead}
roles:
  governance-lead: {users: [gabriel-gov]}
  ml-engineer: {users: [mei-ml]}
gates:
  policy: {}
  pii: {paths: [evals/golden/**]}
waivers:
${waivers}`),
    'p.yaml',
  );

const waiver = (id: string, extra: string) => `  - id: ${id}
    gate: pii
    target: "EMAIL:evals/golden/legacy.jsonl:*"
    owner: mei-ml
    reason: Legacy golden set is being rewritten.
    ticket: GOV-7
${extra}`;

describe('checkWaivers', () => {
  const now = new Date('2026-11-21T12:00:00Z');

  it('applies a current waiver approved by the policy owner, matching by glob', () => {
    const set = checkWaivers(
      policy(waiver('W1', '    expires: 2026-12-31\n    approved_by: gabriel-gov\n')),
      now,
    );
    expect(set.rejected).toEqual([]);
    expect(set.active[0]?.matches('EMAIL:evals/golden/legacy.jsonl:12:5')).toBe(true);
    expect(set.active[0]?.matches('EMAIL:evals/golden/other.jsonl:1:1')).toBe(false);
  });

  it('applies until the end of the expiry day, UTC', () => {
    const p = policy(waiver('W1', '    expires: 2026-11-21\n    approved_by: gabriel-gov\n'));
    expect(checkWaivers(p, new Date('2026-11-21T23:59:59Z')).active).toHaveLength(1);
    expect(checkWaivers(p, new Date('2026-11-22T00:00:00Z')).active).toHaveLength(0);
  });

  it.each([
    [
      'expired',
      '    expires: 2026-10-01\n    approved_by: gabriel-gov\n',
      /expired on 2026-10-01/,
      'expires',
    ],
    [
      'approved by someone without the owner role',
      '    expires: 2026-12-31\n    approved_by: mei-ml\n',
      /not a user of the policy owner role "governance-lead"/,
      'approved_by',
    ],
  ])('rejects a waiver %s, with the reason and its line', (_name, extra, reason) => {
    const set = checkWaivers(policy(waiver('W1', extra)), now);
    expect(set.active).toEqual([]);
    expect(set.rejected[0]?.reason).toMatch(reason);
    expect(set.rejected[0]?.location?.line).toBeGreaterThan(10);
  });

  it('rejects a waiver for a gate the policy does not enable', () => {
    const p = policy(
      waiver('W1', '    expires: 2026-12-31\n    approved_by: gabriel-gov\n').replace(
        'gate: pii',
        'gate: evals',
      ),
    );
    expect(checkWaivers(p, now).rejected[0]?.reason).toMatch(/gate "evals" is not enabled/);
  });

  it('counts days left', () => {
    expect(daysLeft('2026-11-30', now)).toBe(9);
    expect(daysLeft('2026-11-21', now)).toBe(0);
  });
});
