/**
 * The whole release lifecycle of the sample chatbot, end to end, as GitHub would run it: a real
 * repository with a bare remote, the loopback GitHub API, the committed action bundles with
 * real event payloads, and the CLI.
 *
 *   pull request that regresses an eval: red · the fix: green · sign-off without the governance
 *   lead: red, with it: green · a pull request that lowers a threshold: judged by the old one,
 *   and the owner must approve · merge · promote (release/1) · a release that leaks personal
 *   data promoted (release/2) · monitoring sees the leak and dispatches the rollback · the
 *   rollback, run with the dispatched inputs: stable back on release/1's tree, release/2
 *   rejected, promotions frozen, incident issue open · promotion refused while frozen · the
 *   governance lead lifts the freeze · the fix promoted (release/4).
 *
 * Each step is an `it`, in order, on the same repository: a failed step fails those after it.
 * Time is pinned per step (RELEASE_GATES_NOW) and commit dates are pinned by the fixtures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../actions/lib/verdict/model.js';
import { ROOT, type ActionRun } from '../support/action.js';
import { cli } from '../support/cli.js';
import { docBlocks } from '../support/doc-blocks.js';
import { FakeGitHub } from '../support/github-server.js';
import { expectConsistent, releaseRefs, tagRecord } from '../support/release-flow.js';
import { installRulesets } from '../support/rulesets.js';
import { SAMPLE_PATHS } from '../support/sample.js';
import { createRepo } from '../support/git.js';
import { Platform } from './platform.js';

const NAME = 'acme/support-chatbot';
const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
// The sample release with the workflow that runs its gates: on a pull request the base
// commit's copy of it chooses the policy (docs/trust-model.md).
const GATES_WORKFLOW = '.github/workflows/release-gates.yml';
const github = new Platform(
  gh,
  createRepo({
    seed: { from: ROOT, paths: SAMPLE_PATHS },
    files: { [GATES_WORKFLOW]: readFileSync(join(ROOT, GATES_WORKFLOW), 'utf8') },
  }),
  NAME,
  'ghs-token',
);
// The rulesets the sample's policy gate checks, in force as docs/adopting.md sets them up.
installRulesets(gh, NAME, { checkName: '{gate}' });
const { repo } = github;

const PROMPT = 'chatbot/prompts/system.md';
const QUALITY = 'evals/results/quality.jsonl';
const SAFETY = 'evals/results/safety.json';
const POLICY = 'policies/release-policy.yaml';
const EXPORT = 'evals/production/interactions.jsonl';
const sample = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/**
 * The quality suite's results as the eval harness writes them. `run` makes each run's file
 * differ (as real reruns do) without moving a metric the model card claims; `regressed` fails
 * every sample of nine cases across the three languages.
 */
function quality(run: number, regressed = false): string {
  const rows = sample(QUALITY)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; pass: boolean; latency_ms: number });
  const ids = [...new Set(rows.map((r) => r.id))];
  const lang = (l: string) => ids.filter((id) => id.endsWith(`/${l}`));
  const failing = new Set([
    ...lang('en').slice(0, 4),
    ...lang('de').slice(0, 3),
    ...lang('fr').slice(0, 2),
  ]);
  rows[0]!.latency_ms += run;
  for (const r of rows) if (regressed && failing.has(r.id)) r.pass = false;
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** The safety suite's promptfoo output, re-run: same results, a new eval id and time. */
function safety(run: number): string {
  const out = JSON.parse(sample(SAFETY)) as { evalId: string; results: { timestamp: string } };
  out.evalId = `${out.evalId}-rerun-${run}`;
  out.results.timestamp = `2026-11-19T0${run}:00:00.000Z`;
  return JSON.stringify(out, null, 2) + '\n';
}

/** A prompt change with both suites re-run on it, in one commit, as the team's harness does. */
const evalRun = (line: string, run: number, regressed = false) => ({
  [PROMPT]: `${sample(PROMPT)}${line}\n`,
  [QUALITY]: quality(run, regressed),
  [SAFETY]: safety(run),
});

/**
 * The eval job's last step: stamp the results it wrote with the prompts and model they came
 * from (`release-gates stamp-evals`, docs/evals.md), and push the stamps with them.
 */
async function stampEvalRun(branch: string): Promise<string> {
  const run = await cli(['stamp-evals', '--produced-by', 'the eval job'], { cwd: repo.dir });
  expect(run.code, run.stdout).toBe(0);
  const stamp = (file: string) => readFileSync(join(repo.dir, `${file}.stamp`), 'utf8');
  return github.commit(
    branch,
    { [`${QUALITY}.stamp`]: stamp(QUALITY), [`${SAFETY}.stamp`]: stamp(SAFETY) },
    'Stamp the eval run',
  );
}

/** Every gate's result in a report. */
const results = (report: Report) =>
  Object.fromEntries(report.verdicts.map((v) => [v.gate, v.result]));
const reportOf = (run: ActionRun) => JSON.parse(run.outputs.verdict!) as Report;
const verdictOf = (run: ActionRun, gate: string) =>
  reportOf(run).verdicts.find((v) => v.gate === gate)!;
const itemOf = (run: ActionRun, gate: string, id: string) => {
  const item = verdictOf(run, gate).items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id} in ${gate}: ${run.stdout}`);
  return item;
};

/** Promote to stable, dispatched by the product owner from the Actions tab. */
const promote = (now: string, reason?: string) =>
  github.onMain('promote', 'workflow_dispatch', {
    now,
    actor: 'priya-po',
    inputs: reason ? { reason } : {},
  });

/** A change pushed on a branch, its pull request opened and approved by both roles. */
async function approvedPull(
  branch: string,
  files: Record<string, string>,
  title: string,
  lead: string,
) {
  github.branch(branch, files, title);
  await stampEvalRun(branch);
  const pull = github.openPull(branch, title, 'tom-ml').number;
  github.approve(pull, 'priya-po');
  github.approve(pull, lead);
  return pull;
}

/** Release events in the ledger, as replayed from the remote. */
async function ledger() {
  const state = await expectConsistent(repo);
  return state.events.map((e) => (e.event === 'reject' ? `reject ${e.release}` : e.event));
}

const treeOf = (ref: string) => repo.git('rev-parse', `${ref}^{tree}`);
const remoteTree = (ref: string) => {
  repo.git('fetch', '-q', 'origin', '--tags', '+refs/heads/*:refs/remotes/origin/*');
  return treeOf(repo.remoteRef(ref)!);
};

describe('the release lifecycle, end to end', () => {
  let shorter = 0;

  it('a pull request that regresses an eval fails the evals check', async () => {
    github.branch(
      'shorter-answers',
      evalRun('Answer in one sentence.', 1, true),
      'One-sentence answers, with their eval run',
    );
    await stampEvalRun('shorter-answers');
    shorter = github.openPull('shorter-answers', 'Shorter answers', 'mei-ml').number;
    const run = await github.onPull('evals', shorter, { now: '2026-11-19T09:00:00Z' });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(itemOf(run, 'evals', 'quality-pass-at-5')).toMatchObject({
      status: 'fail',
      key: true,
      observed: expect.closeTo(0.7556, 4),
    });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ file: QUALITY }),
        message: expect.stringMatching(/^pass@5 of quality is 0\.7556: violates >= 0\.82/),
      }),
    );
    expect(run.summary).toMatch(/## ❌ release-gates check: FAIL/);
  });

  it('the fix passes the evals; without the governance lead’s approval sign-off fails', async () => {
    github.commit(
      'shorter-answers',
      evalRun('Keep answers under 80 words.', 2),
      'Under 80 words instead: the eval run is back to the release’s quality',
    );
    await stampEvalRun('shorter-answers');
    const evals = await github.onPull('evals', shorter, { now: '2026-11-19T10:00:00Z' });
    expect(evals.code, evals.stdout).toBe(0);
    expect(itemOf(evals, 'evals', 'quality-pass-at-5')).toMatchObject({ status: 'pass' });

    github.approve(shorter, 'priya-po');
    const signoff = await github.onPull('signoff', shorter, {
      now: '2026-11-19T10:05:00Z',
      review: { user: 'priya-po' },
    });
    const head = github.pull(shorter).head;
    expect(signoff.code).toBe(1);
    expect(JSON.parse(signoff.outputs['missing-roles']!)).toEqual(['governance-lead']);
    expect(itemOf(signoff, 'signoff', 'role/governance-lead').message).toMatch(
      /^governance-lead sign-off: 0 of 1 approval; still needed from gabriel-gov, gwen-gov/,
    );
    expect(gh.statuses(NAME, head)[0]).toMatchObject({
      state: 'failure',
      context: 'release-gates/signoff',
    });
  });

  it('with the governance lead’s approval every gate passes', async () => {
    github.approve(shorter, 'gwen-gov');
    const signoff = await github.onPull('signoff', shorter, {
      now: '2026-11-19T10:10:00Z',
      review: { user: 'gwen-gov' },
    });
    expect(signoff.code, signoff.stdout).toBe(0);
    expect(gh.statuses(NAME, github.pull(shorter).head)[0]).toMatchObject({
      state: 'success',
      description: expect.stringMatching(/^2 of 2 roles signed off/),
    });

    const check = await github.onPull('check', shorter, { now: '2026-11-19T10:11:00Z' });
    expect(check.code, check.stdout).toBe(0);
    expect(results(reportOf(check))).toEqual({
      policy: 'pass',
      evals: 'pass',
      cards: 'pass',
      pii: 'pass',
      compliance: 'pass',
      signoff: 'pass',
      'policy-change': 'pass',
      'rollback-readiness': 'pass',
    });
  });

  it('a pull request that lowers a threshold is judged by the old one, and needs the owner', async () => {
    const lowered = sample(POLICY).replace("pass: '>= 0.82'", "pass: '>= 0.70'");
    expect(lowered).not.toBe(sample(POLICY));
    github.branch(
      'relax-quality-bar',
      { [POLICY]: lowered, ...evalRun('Answer in one sentence.', 3, true) },
      'One-sentence answers; 0.70 is good enough',
    );
    await stampEvalRun('relax-quality-bar');
    const relax = github.openPull('relax-quality-bar', 'Relax the quality bar', 'mei-ml');
    github.approve(relax.number, 'priya-po');
    const check = await github.onPull('check', relax.number, { now: '2026-11-19T11:00:00Z' });
    const report = reportOf(check);
    expect(check.code).toBe(1);
    expect(report.policy).toMatchObject({ file: POLICY, ref: relax.base });
    expect(results(report)).toMatchObject({ evals: 'fail', 'policy-change': 'fail' });
    expect(itemOf(check, 'evals', 'quality-pass-at-5').expected).toBe('>= 0.82');
    expect(verdictOf(check, 'policy-change').data).toMatchObject({
      changes: [
        {
          path: 'gates.evals.objectives[quality-pass-at-5].pass',
          direction: 'weakening',
          before: '>= 0.82',
          after: '>= 0.70',
        },
      ],
      flips: [{ gate: 'evals', base: 'fail', head: 'warn' }],
      weakening: true,
      'approval-needed': true,
    });
    // The excerpt docs/governance-lead.md shows is this run's summary.
    const excerpt = docBlocks(join(ROOT, 'docs/governance-lead.md')).find(
      (b) => b.lang === 'markdown' && 'output' in b.attrs,
    )!;
    for (const line of excerpt.text.split('\n').filter(Boolean))
      expect(check.summary.split('\n')).toContain(line);

    // The owner's approval makes the weakening visible (warn), not the evals green.
    github.approve(relax.number, 'gabriel-gov');
    const approved = await github.onPull('check', relax.number, {
      now: '2026-11-19T11:05:00Z',
      review: { user: 'gabriel-gov' },
    });
    expect(approved.code).toBe(1);
    expect(results(reportOf(approved))).toMatchObject({ evals: 'fail', 'policy-change': 'warn' });
    github.close(relax.number);
  });

  it('merge, then promote: release/1', async () => {
    const merged = github.merge(shorter);
    const run = await promote('2026-11-19T12:00:00Z', 'Shorter answers');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ tag: 'release/1', commit: merged, published: 'true' });
    expect(repo.remoteRef('refs/heads/stable')).toBe(merged);
    expect(tagRecord(repo, 'release/1')).toMatchObject({
      kind: 'promote',
      actor: 'priya-po',
      model: { version: '2.4.0' },
      gates: { result: 'pass' },
    });
    expect(await ledger()).toEqual(['promote']);
  });

  let leakyRelease = '';

  it('a release that leaks personal data passes every gate and is promoted: release/2', async () => {
    const pull = await approvedPull(
      'personal-greeting',
      evalRun('Greet the customer with the email address on their account.', 4),
      'Personal greeting',
      'gabriel-gov',
    );
    const check = await github.onPull('check', pull, { now: '2026-11-19T14:00:00Z' });
    expect(check.code, check.stdout).toBe(0);
    // The golden outputs hold no personal data: only production can show the leak.
    expect(verdictOf(check, 'pii').result).toBe('pass');
    leakyRelease = github.merge(pull);

    const run = await promote('2026-11-19T15:00:00Z');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.tag).toBe('release/2');
    // The gates re-ran on the exact commit, against release/1 as the baseline.
    expect(itemOf(run, 'evals', 'quality-no-regression')).toMatchObject({
      status: 'pass',
      baseline: expect.closeTo(0.7778, 4),
    });
    expect(repo.remoteRef('refs/heads/stable')).toBe(leakyRelease);
  });

  let dispatch: { workflow: string; ref: string; inputs: Record<string, unknown> };
  let monitorIssue = 0;

  it('monitoring sees the leak in production answers and dispatches the rollback', async () => {
    // The monitor workflow's export step: yesterday's interactions, three answers leaking emails.
    const leaks = new Map([
      [120, 'Hello maria.schmidt@gmail.com, your refund is on its way.'],
      [480, 'Hi j.tanaka@outlook.com! The parcel left our warehouse today.'],
      [760, 'Welcome back, lena.vogel@web.de. Your invoice is under Orders.'],
    ]);
    const lines = sample(EXPORT).trim().split('\n');
    const leaking = lines.map((line, i) =>
      leaks.has(i) ? JSON.stringify({ ...JSON.parse(line), response: leaks.get(i) }) : line,
    );
    const monitor = await github.onMain('monitor', 'schedule', {
      now: '2026-11-21T06:00:00Z',
      steps: () => writeFileSync(join(repo.dir, EXPORT), leaking.join('\n') + '\n'),
    });
    repo.git('checkout', '-q', '--', EXPORT);

    expect(monitor.code, monitor.stdout).toBe(1);
    expect(JSON.parse(monitor.outputs.breaches!)).toEqual(['slo/pii-leaks']);
    expect(JSON.parse(monitor.outputs.rollback!)).toMatchObject({ dispatched: true, ref: 'main' });
    const issues = [...gh.repo(NAME).issues.values()];
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    monitorIssue = issue.number as number;
    expect(issue.title).toBe('Monitoring: SLO pii-leaks breached');
    expect(issue.labels.map((l) => l.name)).toEqual([
      'incident',
      'monitoring',
      'rollback-dispatched',
    ]);
    expect(gh.repo(NAME).dispatches).toHaveLength(1);
    dispatch = gh.repo(NAME).dispatches[0]!;
    expect(dispatch).toMatchObject({
      workflow: 'rollback.yml',
      ref: 'main',
      inputs: {
        target: 'previous',
        reason: expect.stringMatching(
          /^release-gates monitor: SLO pii-leaks: 3 responses over 1,000 interactions held personal data/,
        ),
        incident: issue.html_url,
      },
    });
    // Masked everywhere: the issue, the dispatch, the logs.
    for (const text of [String(issue.body), JSON.stringify(dispatch), monitor.stdout])
      expect(text).not.toMatch(/maria\.schmidt|j\.tanaka|lena\.vogel/);
  });

  it('the dispatched rollback, run as GitHub runs it: stable back on release/1, release/2 rejected, promotions frozen, incident open', async () => {
    // GitHub refuses a dispatch with inputs the workflow does not declare, or without a required one.
    const workflow = parse(
      readFileSync(join(ROOT, '.github/workflows', dispatch.workflow), 'utf8'),
    ) as {
      on: { workflow_dispatch: { inputs: Record<string, { required?: boolean }> } };
      jobs: { rollback: { steps: { run?: string }[] } };
    };
    const declared = workflow.on.workflow_dispatch.inputs;
    expect(Object.keys(dispatch.inputs).filter((k) => !(k in declared))).toEqual([]);
    for (const [key, input] of Object.entries(declared))
      if (input.required) expect(dispatch.inputs[key], key).toBeTruthy();
    // The workflow's first step checks the inputs in bash before the action runs.
    const inputs = dispatch.inputs as Record<string, string>;
    execFileSync('bash', ['-c', workflow.jobs.rollback.steps[0]!.run!], {
      env: {
        PATH: process.env.PATH,
        TARGET: inputs.target,
        REASON: inputs.reason,
        INCIDENT: inputs.incident,
      },
    });

    const run = await github.onMain('rollback', 'workflow_dispatch', {
      now: '2026-11-21T06:05:00Z',
      actor: 'github-actions[bot]',
      inputs,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      tag: 'release/3',
      'rolled-back-from': 'release/2',
      'rolled-back-to': 'release/1',
      published: 'true',
    });
    expect(remoteTree('refs/heads/stable')).toBe(treeOf('release/1'));
    expect(repo.git('rev-parse', 'origin/stable^')).toBe(leakyRelease);
    expect(await ledger()).toEqual(['promote', 'promote', 'rollback', 'reject 2', 'freeze']);
    expect(tagRecord(repo, 'release/3')).toMatchObject({
      kind: 'rollback',
      actor: 'github-actions[bot]',
      incident: inputs.incident,
      rollback_to: 1,
    });

    const incident = [...gh.repo(NAME).issues.values()].find((i) => i.number !== monitorIssue)!;
    expect(incident).toMatchObject({
      state: 'open',
      title: expect.stringMatching(
        /^Incident: stable rolled back from release\/2 to release\/1: release-gates monitor: SLO pii-leaks/,
      ),
    });
    expect(incident.labels.map((l) => l.name)).toEqual(['incident', 'rollback']);
    expect((incident.assignees as { login: string }[]).map((a) => a.login)).toEqual(['rosa-risk']);
    expect(gh.issue(NAME, monitorIssue)?.state).toBe('open');
    const revert = [...gh.repo(NAME).pulls.values()].find(
      (p) => p.title === 'Revert release/2 on main (rolled back to release/1)',
    );
    expect(revert?.state).toBe('open');
  });

  it('promotion is refused while frozen, and only the governance lead lifts the freeze', async () => {
    const before = releaseRefs(repo);
    const frozen = await promote('2026-11-21T09:00:00Z');
    expect(frozen.code).toBe(1);
    expect(itemOf(frozen, 'promote', 'freeze')).toMatchObject({ status: 'fail' });
    expect(itemOf(frozen, 'promote', 'rejected')).toMatchObject({ status: 'fail' });
    expect(releaseRefs(repo)).toBe(before);

    const readiness = await cli(['check', '--gate', 'rollback-readiness', '--format', 'json'], {
      cwd: repo.dir,
      env: { RELEASE_GATES_NOW: '2026-11-21T09:01:00Z' },
    });
    expect(JSON.parse(readiness.stdout).verdicts[0]).toMatchObject({ result: 'warn' });

    const onCall = await github.onMain('unfreeze', 'workflow_dispatch', {
      now: '2026-11-21T09:30:00Z',
      actor: 'oscar-oncall',
      inputs: { reason: 'looks fine now' },
    });
    expect(onCall.code).toBe(1);
    expect(itemOf(onCall, 'unfreeze', 'actor')).toMatchObject({
      status: 'fail',
      observed: 'oscar-oncall',
      expected: 'governance-lead',
    });

    const lead = await github.onMain('unfreeze', 'workflow_dispatch', {
      now: '2026-11-21T15:00:00Z',
      actor: 'gabriel-gov',
      inputs: { reason: `RCA done: ${gh.issue(NAME, monitorIssue)!.html_url}` },
    });
    expect(lead.code, lead.stdout).toBe(0);
    expect((await ledger()).at(-1)).toBe('unfreeze');
  });

  it('the fix is reviewed, merged and promoted: release/4', async () => {
    const pull = await approvedPull(
      'no-emails-in-greetings',
      evalRun('Greet the customer by first name only; never repeat contact details.', 5),
      'Greet by first name only',
      'gwen-gov',
    );
    const check = await github.onPull('check', pull, { now: '2026-11-21T16:00:00Z' });
    expect(check.code, check.stdout).toBe(0);
    const fixed = github.merge(pull);

    const run = await promote('2026-11-21T16:30:00Z', 'Fix for the email leak');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.tag).toBe('release/4');
    expect(remoteTree('refs/heads/stable')).toBe(treeOf(fixed));
    expect(await ledger()).toEqual([
      'promote',
      'promote',
      'rollback',
      'reject 2',
      'freeze',
      'unfreeze',
      'promote',
    ]);
  });
});
