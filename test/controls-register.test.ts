/**
 * The controls register on the sample release: a real repository with a bare remote, promoted
 * by the CLI against the loopback GitHub API as release/1. Then the "policy update" trigger: a
 * new version of the NIST AI RMF in the register re-opens every control mapped to it, so the
 * compliance gate and the promotion fail; the owners approving the evidence again close them,
 * one role at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/github-server.js';
import {
  release,
  reviewedHistory,
  viaPullRequest,
  type ReleaseRepo,
} from './support/release-flow.js';
import { sampleRepo } from './support/sample.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

const RELEASED_AT = '2026-11-21T12:00:00Z';
const BUMPED_AT = '2026-11-25T10:00:00Z';
const NOW = '2026-11-26T09:00:00Z';
const GOVERNANCE = ['dpia.md', 'raci.md', 'evaluation-pack.md'];
const RISK = ['tra.md', 'incident-register.yaml'];
const CONTROLS = [
  'CTL-EVAL-01',
  'CTL-DOC-01',
  'CTL-PII-01',
  'CTL-RISK-01',
  'CTL-SIGN-01',
  'CTL-ROLLBACK-01',
  'CTL-MON-01',
];
const RISK_OWNED = ['CTL-RISK-01', 'CTL-ROLLBACK-01', 'CTL-MON-01'];

let repo: ReleaseRepo;
/** The compliance gate on the sample before its first release. */
let first: Awaited<ReturnType<typeof compliance>>;

/** Commits on main, pushed, as arrived through a reviewed pull request. */
function change(files: Record<string, string>, message: string, date?: string): string {
  const sha = repo.commit(files, message, date);
  repo.git('push', '-q', 'origin', 'HEAD:main');
  viaPullRequest(gh, repo.name, sha);
  return sha;
}

/** The evidence documents re-approved by `approver` on `day`. */
function reapproved(docs: string[], approver: string, day: string): Record<string, string> {
  return Object.fromEntries(
    docs.map((name) => {
      const path = `docs/compliance/${name}`;
      const text = readFileSync(join(repo.dir, path), 'utf8');
      return [
        path,
        text
          .replace(/^approver: .*$/m, `approver: ${approver}`)
          .replace(/^approved_on: .*$/m, `approved_on: ${day}`),
      ];
    }),
  );
}

const compliance = (now = NOW) =>
  release(gh, repo, ['check', '--gate', 'compliance'], { actor: '', token: null, now });

const controlStates = (run: Awaited<ReturnType<typeof compliance>>) =>
  Object.fromEntries(
    run.verdict.items
      .filter((i) => i.id.startsWith('control/'))
      .map((i) => [i.id.slice('control/'.length), i.observed]),
  );

beforeAll(async () => {
  const sample = sampleRepo();
  const name = 'acme/sample-controls';
  gh.repo(name).gitDir = sample.remote;
  reviewedHistory(gh, name, sample);
  repo = { ...sample, name, change: () => '' };
  first = await compliance(RELEASED_AT);
  const promoted = await release(gh, repo, ['promote', '--reason', 'November release'], {
    now: RELEASED_AT,
  });
  expect(promoted.code, JSON.stringify(promoted.verdict.items)).toBe(0);
}, 120_000);

describe('the controls register of the sample release', () => {
  it('covers every control at the release, each reported at its line of the register', async () => {
    const run = first;
    expect(run.code, JSON.stringify(run.verdict.items, null, 1)).toBe(0);
    expect(controlStates(run)).toEqual(Object.fromEntries(CONTROLS.map((c) => [c, 'covered'])));
    expect(run.item('control/CTL-PII-01')).toMatchObject({
      status: 'pass',
      message:
        'CTL-PII-01 (nist-ai-rmf MEASURE 2.10, iso-42001 6.1.4, eu-ai-act Art. 10) is covered: docs/compliance/dpia.md approved and current; pii passing; SLOs pii-leaks monitored',
      location: { file: 'policies/controls.yaml', line: 54, column: 9, pointer: '/controls/2' },
    });
    expect(run.item('framework/nist-ai-rmf').message).toBe(
      'NIST AI Risk Management Framework (AI RMF 1.0), NIST AI 100-1 (nist-ai-rmf 1.0): 7 of 7 controls covered; required for a release',
    );
    // The register, and what the gates it re-ran read: the verdict names its evidence.
    expect(run.verdict.inputs.map((i) => i.file)).toEqual(
      expect.arrayContaining(['policies/controls.yaml', 'evals/results/quality.jsonl']),
    );
  });

  it('dates a backdated register change no earlier than the last release, so older approvals do not close it', async () => {
    const register = readFileSync(join(repo.dir, 'policies/controls.yaml'), 'utf8');
    // The commit claims a day before the release and before the documents' approvals (11-17).
    change(
      { 'policies/controls.yaml': register.replace("version: '1.0'", "version: '1.1'") },
      'controls: NIST AI RMF 1.1, backdated',
      '2026-11-10T10:00:00Z',
    );
    const run = await compliance();
    expect(controlStates(run)).toEqual(
      Object.fromEntries(CONTROLS.map((c) => [c, 'needs-re-assessment'])),
    );
    expect(run.item('control/CTL-RISK-01').message).toMatch(
      /nist-ai-rmf changed from version 1\.0 to 1\.1 \(2026-11-21\)/,
    );
    change({ 'policies/controls.yaml': register }, 'controls: back to NIST AI RMF 1.0', BUMPED_AT);
    expect(controlStates(await compliance())).toEqual(
      Object.fromEntries(CONTROLS.map((c) => [c, 'covered'])),
    );
  });

  it('re-opens the controls of a framework whose version changed, until their owners approve the evidence again', async () => {
    const register = readFileSync(join(repo.dir, 'policies/controls.yaml'), 'utf8');
    change(
      { 'policies/controls.yaml': register.replace("version: '1.0'", "version: '1.1'") },
      'controls: map to NIST AI RMF 1.1',
      BUMPED_AT,
    );

    const reopened = await compliance();
    expect(reopened.code).toBe(1);
    expect(controlStates(reopened)).toEqual(
      Object.fromEntries(CONTROLS.map((c) => [c, 'needs-re-assessment'])),
    );
    expect(reopened.item('control/CTL-RISK-01')).toMatchObject({
      status: 'fail',
      message:
        'CTL-RISK-01 (nist-ai-rmf MAP 5.1, iso-42001 6.1.2, eu-ai-act Art. 9) needs re-assessment: nist-ai-rmf changed from version 1.0 to 1.1 (2026-11-25): a risk-manager must approve docs/compliance/tra.md, docs/compliance/incident-register.yaml again',
      hint: 'a risk-manager reviews the control against the changed requirements and approves docs/compliance/tra.md, docs/compliance/incident-register.yaml again (approved_on on or after the change)',
    });
    // The documents themselves are still approved and current: only the controls re-opened.
    expect(
      reopened.verdict.items.filter(
        (i) => !/^(control|framework)\//.test(i.id) && i.status !== 'pass' && i.status !== 'info',
      ),
    ).toEqual([]);

    // The promotion re-runs the compliance gate on the commit, and refuses it.
    const refused = await release(gh, repo, ['promote', '--reason', 'after the bump'], {
      now: NOW,
    });
    expect(refused.code).toBe(1);
    expect(
      refused.verdict.items.filter((i) => i.status === 'fail').map((i) => [i.id, i.message]),
    ).toEqual([['gates', expect.stringMatching(/compliance/)]]);

    // The monitoring run opens one review issue for the governance lead, and only one.
    const reviewIssues = () =>
      [...gh.repo(repo.name).issues.values()].filter((i) =>
        i.labels.some((l) => l.name === 'controls-review'),
      );
    const monitor = () =>
      release(gh, repo, ['monitor'], { actor: '', token: 'repo-token', now: NOW });
    const first = await monitor();
    expect(first.item('action/controls-review').message).toMatch(
      /^opened #\d+ for the governance-lead: /,
    );
    const [issue] = reviewIssues();
    expect(issue!.title).toBe('Controls review: 7 controls need re-assessment');
    expect(issue!.body).toContain('For the governance-lead (@gabriel-gov, @gwen-gov)');
    expect(issue!.body).toContain(
      '- CTL-RISK-01 (nist-ai-rmf MAP 5.1, iso-42001 6.1.2, eu-ai-act Art. 9) needs re-assessment',
    );
    expect((await monitor()).item('action/controls-review').message).toMatch(
      /^the review issue #\d+ lists these controls/,
    );
    expect(reviewIssues()).toHaveLength(1);

    // Re-approved before the change: still open.
    change(reapproved(GOVERNANCE, 'gabriel-gov', '2026-11-24'), 'evidence dated before the bump');
    expect(Object.values(controlStates(await compliance()))).toEqual(
      CONTROLS.map(() => 'needs-re-assessment'),
    );

    // The governance lead re-approves: the controls it owns close, the risk manager's stay open.
    change(reapproved(GOVERNANCE, 'gwen-gov', '2026-11-25'), 're-assessed for NIST AI RMF 1.1');
    const half = await compliance();
    expect(half.code).toBe(1);
    expect(controlStates(half)).toEqual(
      Object.fromEntries(
        CONTROLS.map((c) => [c, RISK_OWNED.includes(c) ? 'needs-re-assessment' : 'covered']),
      ),
    );
    expect(half.item('control/CTL-EVAL-01').message).toMatch(
      /re-assessed by a governance-lead after nist-ai-rmf changed from version 1\.0 to 1\.1$/,
    );

    // The next monitoring run updates the same issue with what is left.
    expect((await monitor()).item('action/controls-review').message).toMatch(
      /^updated #\d+ with 3 control\(s\) to re-assess/,
    );
    expect(reviewIssues()).toHaveLength(1);
    expect(reviewIssues()[0]!.title).toBe('Controls review: 3 controls need re-assessment');

    // The risk manager too: every control is covered and the gate passes.
    change(reapproved(RISK, 'rosa-risk', '2026-11-26'), 'risk evidence re-assessed');
    const closed = await compliance();
    expect(closed.code, JSON.stringify(closed.verdict.items, null, 1)).toBe(0);
    expect(controlStates(closed)).toEqual(Object.fromEntries(CONTROLS.map((c) => [c, 'covered'])));
  }, 120_000);
});
