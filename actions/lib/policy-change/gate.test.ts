import { describe, expect, it } from 'vitest';
import { copyRepo, createRepo } from '../../../test/support/git.js';
import { FakeGitHub } from '../../../test/support/github-server.js';
import { record } from '../../../test/support/releases.js';
import { createPorts } from '../../runtime/ports/index.js';
import { runGate } from '../gate.js';
import { GATES } from '../gates.js';
import { parsePolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import type { Verdict } from '../verdict/model.js';

const NOW = '2026-11-21T12:00:00Z';
const FILE = 'policies/release-policy.yaml';
const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: chatbot, owner: governance-lead }
roles:
  product-owner: { users: [priya-po] }
  governance-lead: { users: [gabriel-gov, gina-gov] }
gates:
  policy: {}
  signoff:
    required: [{ role: product-owner }, { role: governance-lead }]
  policy-change: {}
  rollback-readiness:
    freeze: fail
`;

const gh = await FakeGitHub.start({ token: { login: 'github-actions[bot]' } });

/** The base of every pull request: POLICY, a workflow, and promotions frozen. */
const BASE = createRepo({
  files: { [FILE]: POLICY, '.github/workflows/release-gates.yml': 'on: pull_request\n' },
});
await record(
  BASE.dir,
  { event: 'freeze', reason: 'investigating harmful answers' },
  'oscar-oncall',
);

/** A pull request on its own copy of BASE: the checkout holds the pull request's files. */
function pullRequest(files: Record<string, string | null>, author = 'mei-ml') {
  const repo = copyRepo(BASE);
  const base = repo.head();
  repo.git('checkout', '-q', '-b', 'change');
  const head = repo.commit(files, 'the change');
  const number = gh.addPull('acme/chatbot', {
    author,
    base: { ref: 'main', sha: base },
    head: { sha: head },
  });
  const approve = (user: string) =>
    gh.addReview('acme/chatbot', number, { user, state: 'APPROVED', commit: head });
  const judge = async (
    options: { fromWorkingTree?: boolean; token?: boolean } = {},
  ): Promise<Verdict> => {
    const loaded = parsePolicy(
      Buffer.from(POLICY),
      FILE,
      options.fromWorkingTree ? undefined : base,
    );
    const ports = createPorts(
      repo.dir,
      { RELEASE_GATES_NOW: NOW },
      options.token === false
        ? undefined
        : {
            token: 'token',
            baseUrl: gh.url,
            names: { token: 'the `token` input', membershipToken: 'the `membership-token` input' },
            backoffUnitMs: 1,
          },
    );
    const run = {
      commit: head,
      event: 'pull_request',
      repository: { owner: 'acme', repo: 'chatbot' },
      pullRequest: {
        number,
        author,
        base: { ref: 'main', sha: base },
        head: { ref: 'change', sha: head },
      },
    };
    return runGate(
      GATES['policy-change']!,
      loaded,
      ports,
      run,
      checkWaivers(loaded, new Date(NOW)),
    );
  };
  return { repo, approve, judge };
}

const item = (v: Verdict, id: string) => v.items.find((i) => i.id === id);

describe('the policy-change gate', () => {
  it('shows the weakening, the verdict it flips, and requires the governance lead’s approval', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(v.summary).toBe(
      '1 policy change (1 weakening, 0 strengthening); 1 verdict would flip; governance-lead approval missing',
    );
    expect(item(v, 'change/gates.rollback-readiness.freeze')).toMatchObject({
      status: 'warn',
      message:
        'gates.rollback-readiness.freeze: "fail" → "warn": weakening, freeze outcome relaxed',
      location: { file: FILE, line: 13, column: 13 },
    });
    expect(item(v, 'flip/rollback-readiness')).toMatchObject({
      status: 'warn',
      message:
        "rollback-readiness would be warn under this pull request's policy, fail under the base policy: a weakening in effect",
    });
    expect(item(v, 'approval/governance-lead')).toMatchObject({
      status: 'fail',
      message:
        'governance-lead approval of the policy weakening: 0 of 1 approval; still needed from gabriel-gov, gina-gov',
    });
    expect(v.inputs).toContainEqual({ file: FILE, sha256: expect.any(String) });

    pr.approve('gabriel-gov');
    const approved = await pr.judge();
    expect(approved.result).toBe('warn');
    expect(item(approved, 'approval/governance-lead')?.status).toBe('pass');
  });

  it('never lets the governance lead approve their own weakening', async () => {
    const pr = pullRequest(
      { [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') },
      'gabriel-gov',
    );
    pr.approve('gabriel-gov');
    expect((await pr.judge()).result).toBe('fail');
    pr.approve('gina-gov');
    expect((await pr.judge()).result).toBe('warn');
  });

  it('passes a strengthening without asking anyone', async () => {
    const pr = pullRequest({
      [FILE]: POLICY.replace('{ role: product-owner }', '{ role: product-owner, min: 1 }').replace(
        'policy: {}',
        'policy: { waiver_warning_days: 30 }',
      ),
    });
    const before = gh.requests.length;
    const v = await pr.judge();
    expect(v.result).toBe('pass');
    expect(item(v, 'change/gates.policy.waiver_warning_days')).toMatchObject({
      status: 'info',
      rule: 'strengthening',
    });
    expect(item(v, 'approval')?.message).toBe(
      'no weakening: the policy changes need no extra approval',
    );
    // Re-running the policy gate reads the branch rules; nothing else is asked.
    expect(gh.requests.slice(before).filter((r) => !r.path.includes('/rules/branches/'))).toEqual(
      [],
    );
  });

  it('passes a pull request that does not touch the policy', async () => {
    const pr = pullRequest({ 'chatbot/prompts/system.md': 'Be helpful.\n' });
    const v = await pr.judge({ token: false });
    expect(v.result).toBe('pass');
    expect(v.items).toEqual([
      expect.objectContaining({
        id: 'approval',
        message: `${FILE} is unchanged and no protected path changed`,
      }),
    ]);
  });

  it('treats a workflow change like a weakening: it can skip gates', async () => {
    const pr = pullRequest({
      '.github/workflows/release-gates.yml': 'on: push\n',
      'policies/examples/other.yaml': 'x: 1\n',
    });
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(item(v, 'protected/.github/workflows/release-gates.yml')).toMatchObject({
      status: 'warn',
      location: { file: '.github/workflows/release-gates.yml' },
    });
    expect(item(v, 'file/policies/examples/other.yaml')?.status).toBe('info');
    expect(item(v, 'approval/governance-lead')?.message).toMatch(
      /^governance-lead approval of the protected-path change: 0 of 1/,
    );
  });

  it('requires approval to delete the policy', async () => {
    const pr = pullRequest({ [FILE]: null });
    const v = await pr.judge();
    expect(item(v, 'policy-removed')?.status).toBe('warn');
    expect(item(v, 'approval/governance-lead')?.status).toBe('fail');
  });

  it('errors on an invalid policy in the pull request, at its line', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: sometimes') });
    const v = await pr.judge();
    expect(v.result).toBe('error');
    expect(v.items[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /^the pull request's policy is not valid, so its changes cannot be judged: gates\.rollback-readiness\.freeze must be one of warn, fail/,
      ),
      location: { file: FILE, line: 13 },
    });
  });

  it('errors when the policy was read from the pull request itself', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    const v = await pr.judge({ fromWorkingTree: true });
    expect(v.result).toBe('error');
    expect(v.items[0]!.message).toMatch(/would be judged by the policy it changes/);
  });

  it('errors, never passes, when approvals cannot be read', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    gh.fail({ path: /\/reviews$/, status: 403, message: 'Resource not accessible by integration' });
    const v = await pr.judge();
    expect(v.result).toBe('error');
    expect(v.items.find((i) => i.status === 'error')?.message).toMatch(
      /could not read the reviews .* the token may not do this \(403/,
    );
    expect(
      (await pr.judge({ token: false })).items.find((i) => i.status === 'error')?.message,
    ).toMatch(/no token was given/);
  });
});
