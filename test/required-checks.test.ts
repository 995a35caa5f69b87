/**
 * Required checks that cannot deadlock: a required status check that never reports blocks the
 * merge forever. So every gate reports on every run, and a gate with nothing to judge passes as
 * "not applicable" with a summary line saying why; only a run that should have judged
 * something and could not is an error. (No workflow has a path filter: test/workflows.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { GATE_NAMES } from '../actions/lib/policy/semantics.js';
import type { Report } from '../actions/lib/verdict/model.js';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { createRepo } from './support/git.js';
import { pullRequestEvent } from './support/github-events.js';
import { checkGate } from './support/workspace.js';

const FILE = 'policies/release-policy.yaml';
const policy = (gates: string) => `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: faq-bot, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates:${gates}
`;

/** A policy that enables no gate, and one that enables the gates about pull requests and releases. */
const none = createRepo({ files: { [FILE]: policy(' {}') } });
const some = createRepo({
  files: {
    [FILE]: policy(`
  signoff: { required: [{ role: governance-lead }] }
  policy-change: {}
  rollback-readiness: {}`),
  },
});

describe('a gate with nothing to judge passes as not applicable, with a summary line', () => {
  it.each(GATE_NAMES)('%s, when the policy does not enable it', async (gate) => {
    const run = await checkGate(none.dir, gate);
    expect(run.code).toBe(0);
    expect(run.verdict).toMatchObject({
      gate,
      result: 'pass',
      summary: `not applicable: the policy does not enable the ${gate} gate`,
    });
    expect(run.item('not-applicable')).toMatchObject({
      status: 'info',
      hint: `add gates.${gate} to the policy to enable it`,
    });
  });

  it.each(['signoff', 'policy-change'])('%s, outside a pull request', async (gate) => {
    const run = await checkGate(some.dir, gate);
    expect(run.code).toBe(0);
    expect(run.verdict).toMatchObject({
      result: 'pass',
      summary: 'not applicable: not a pull request',
    });
    expect(run.item('not-applicable').status).toBe('info');
  });

  it('rollback-readiness, before the first release', async () => {
    const run = await checkGate(some.dir, 'rollback-readiness');
    expect(run.code).toBe(0);
    expect(run.verdict).toMatchObject({
      result: 'pass',
      summary: 'no release yet: nothing to roll back; not frozen',
    });
    expect(run.item('first-release').status).toBe('info');
  });

  it('in the job summary of a gate’s own action, on a pull request', async () => {
    const head = none.head();
    const run = await runBundledAction('cards', {
      workspace: none.dir,
      eventName: 'pull_request',
      event: pullRequestEvent({
        number: 3,
        base: { ref: 'main', sha: head },
        head: { ref: 'faq', sha: head },
      }),
      env: { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(run.summary).toContain(
      '| Cards | ✅ pass | not applicable: the policy does not enable the cards gate |',
    );
  });
});

describe('a run that judged nothing it should have is an error', () => {
  it('check, when the policy enables no gate', async () => {
    const run = await cli(['check', '--format', 'json'], { cwd: none.dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.verdicts[0]!.items).toEqual([
      expect.objectContaining({
        status: 'error',
        message: `${FILE} enables no gate, so nothing was judged`,
        location: expect.objectContaining({ file: FILE, line: 6 }),
      }),
    ]);
  });
});
