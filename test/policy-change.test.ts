/**
 * The routes by which a pull request could choose or change what judges it, tried through the
 * bundled actions as the runner runs them: a real repository with a bare remote, the pull
 * request's workflow as GitHub runs it (GITHUB_WORKFLOW_REF), and the GitHub API over HTTP.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBundledAction, type ActionRun } from './support/action.js';
import { copyRepo, type TestRepo } from './support/git.js';
import { pullRequestEvent } from './support/github-events.js';
import { FakeGitHub } from './support/github-server.js';
import { record } from './support/releases.js';
import { sampleRepo } from './support/sample.js';
import { parsePolicy } from '../actions/lib/policy/load.js';
import schema from '../actions/lib/policy/policy.schema.json' with { type: 'json' };

const REPO = 'acme/support-chatbot';
const FILE = 'policies/release-policy.yaml';
const LOOSE = 'policies/loose.yaml';
const WORKFLOW = '.github/workflows/release-gates.yml';
const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
const env = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z', GITHUB_API_URL: gh.url };

const sample = readFileSync(join(ROOT, FILE), 'utf8');
const workflow = readFileSync(join(ROOT, WORKFLOW), 'utf8');
const monitor = readFileSync(join(ROOT, '.github/workflows/monitor.yml'), 'utf8');
/** The base policy fails rollback readiness while promotions are frozen; the sample only warns. */
const strict = sample.replace('    freeze: warn', '    freeze: fail');

/**
 * The base branch: the strict policy judges, the repository's own workflows run the gates,
 * promotions are frozen, and a looser second policy file was merged earlier (step 1).
 */
async function baseRepo(): Promise<TestRepo> {
  const repo = sampleRepo();
  repo.commit(
    {
      [FILE]: strict,
      [LOOSE]: sample,
      [WORKFLOW]: workflow,
      '.github/workflows/monitor.yml': monitor,
    },
    'the gates, a strict policy and a looser one',
  );
  repo.git('push', '-q', 'origin', 'main');
  await record(
    repo.dir,
    { event: 'freeze', reason: 'investigating harmful answers' },
    'oscar-oncall',
  );
  return repo;
}
const BASE = await baseRepo();

/** A pull request on its own copy of the base, and the bundled action run on it. */
function pullRequest(change: (repo: TestRepo) => void) {
  const repo = copyRepo(BASE);
  const base = repo.head();
  repo.git('checkout', '-q', '-b', 'change');
  change(repo);
  const head = repo.head();
  const number = gh.addPull(REPO, {
    author: 'mei-ml',
    base: { ref: 'main', sha: base },
    head: { ref: 'change', sha: head },
  });
  const event = pullRequestEvent(
    { number, base: { ref: 'main', sha: base }, head: { ref: 'change', sha: head } },
    'synchronize',
    {},
    REPO,
  );
  const run = (
    action: string,
    inputs: Record<string, string> = {},
    workflowFile = WORKFLOW,
  ): Promise<ActionRun> =>
    runBundledAction(action, {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
      inputs: { token: 'ghs-token', ...inputs },
      env: { ...env, GITHUB_WORKFLOW_REF: `${REPO}/${workflowFile}@refs/pull/${number}/merge` },
    });
  const approve = (user: string) =>
    gh.addReview(REPO, number, { user, state: 'APPROVED', commit: head });
  return { base, head, run, approve };
}

type Report = {
  policy: { file: string; ref: string };
  verdicts: {
    gate: string;
    result: string;
    items: { id: string; status: string; message: string }[];
  }[];
};
const verdict = (run: ActionRun, gate: string) =>
  (JSON.parse(run.outputs.verdict!) as Report).verdicts.find((v) => v.gate === gate)!;
const item = (run: ActionRun, gate: string, id: string) =>
  verdict(run, gate).items.find((i) => i.id === id);

describe('the policy that judges a pull request is chosen by the base', () => {
  it('judges a workflow that points the gates at a looser policy by the base policy path', async () => {
    // Step 2: the pull request's workflow names the looser file; the runner passes it as an input.
    const pr = pullRequest((repo) =>
      repo.commit(
        {
          [WORKFLOW]: workflow.replace(
            '          gate: policy\n',
            `          gate: policy\n          policy: ${LOOSE}\n`,
          ),
        },
        'judge by the looser policy',
      ),
    );
    const run = await pr.run('check', { policy: LOOSE });
    const report = JSON.parse(run.outputs.verdict!) as Report;
    expect(report.policy).toMatchObject({ file: FILE, ref: pr.base });
    // Under the looser policy a freeze only warns.
    expect(verdict(run, 'rollback-readiness').result).toBe('fail');
    expect(item(run, 'policy-change', 'policy-path')).toMatchObject({
      status: 'warn',
      message: `the pull request's workflow names ${LOOSE} as the policy, the base's workflow names ${FILE}: every gate of this pull request is judged by ${FILE}, and the switch needs the same approval as a weakening`,
    });
    expect(item(run, 'policy-change', `protected/${WORKFLOW}`)?.status).toBe('warn');
    expect(item(run, 'policy-change', 'approval/governance-lead')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        /^governance-lead approval of the policy weakening and the policy path change and the protected-path change: 0 of 1 approval/,
      ),
    });
    expect(run.code).toBe(1);

    // The owner's approval settles the switch, not the verdicts the base policy gives.
    pr.approve('gwen-gov');
    const approved = await pr.run('check', { policy: LOOSE });
    expect(item(approved, 'policy-change', 'approval/governance-lead')?.status).toBe('pass');
    expect(verdict(approved, 'rollback-readiness').result).toBe('fail');
  });

  it('needs the owner’s approval to add a second policy file', async () => {
    const pr = pullRequest((repo) =>
      repo.commit({ 'policies/looser.yaml': sample }, 'a second policy file'),
    );
    const run = await pr.run('policy-change');
    expect(run.code).toBe(1);
    expect(item(run, 'policy-change', 'protected/policies/looser.yaml')).toMatchObject({
      status: 'warn',
      message:
        'policies/looser.yaml changed: it is a policy file, which a workflow can make the judge, so it needs the same approval as a weakening',
    });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^governance-lead approval of the protected-path change: 0 of 1 approval; still needed from gabriel-gov, gwen-gov/,
        ),
      }),
    );
  });

  it('errors, never falls back to the pull request’s choice, when the base has no such workflow', async () => {
    const added = '.github/workflows/my-gates.yml';
    const pr = pullRequest((repo) =>
      repo.commit(
        { [added]: 'on: pull_request\njobs:\n  g:\n    steps:\n      - uses: ./actions/check\n' },
        'a workflow of my own',
      ),
    );
    const run = await pr.run('check', { policy: LOOSE }, added);
    expect(run.code).toBe(2);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          new RegExp(
            `^${added}, the workflow running this check, does not exist at the base commit ${pr.base.slice(0, 12)}`,
          ),
        ),
      }),
    );
  });
});

describe('what the judge reads is protected', () => {
  it('sees a workflow moved out of .github/workflows as a change of that workflow', async () => {
    const pr = pullRequest((repo) => {
      repo.git('config', 'diff.renames', 'true');
      mkdirSync(join(repo.dir, '.github/disabled'));
      repo.git('mv', '.github/workflows/monitor.yml', '.github/disabled/');
      repo.commit({}, 'park the monitor');
    });
    const run = await pr.run('policy-change');
    expect(run.code).toBe(1);
    expect(item(run, 'policy-change', 'protected/.github/workflows/monitor.yml')).toMatchObject({
      status: 'warn',
      message:
        '.github/workflows/monitor.yml changed: it decides whether and how the gates run, so it needs the same approval as a weakening',
    });
    expect(item(run, 'policy-change', 'approval/governance-lead')?.status).toBe('fail');
  });

  it('protects CODEOWNERS and the evidence the base policy names', async () => {
    const dpia = readFileSync(join(ROOT, 'docs/compliance/dpia.md'), 'utf8');
    const pr = pullRequest((repo) =>
      repo.commit(
        {
          'docs/CODEOWNERS': '* @mei-ml\n',
          'docs/compliance/dpia.md': dpia.replace(/^approver: .*$/m, 'approver: gwen-gov'),
          'docs/model-card.md': readFileSync(join(ROOT, 'docs/model-card.md'), 'utf8') + '\n',
        },
        'my own reviewers, and evidence adjusted',
      ),
    );
    const run = await pr.run('policy-change');
    expect(run.code).toBe(1);
    expect(
      verdict(run, 'policy-change')
        .items.filter((i) => i.id.startsWith('protected/'))
        .map((i) => i.message),
    ).toEqual([
      'docs/CODEOWNERS changed: it decides whether and how the gates run, so it needs the same approval as a weakening',
      'docs/compliance/dpia.md changed: it is evidence the compliance gate judges, so it needs the same approval as a weakening',
      'docs/model-card.md changed: it is a card the cards gate judges, so it needs the same approval as a weakening',
    ]);
    pr.approve('gabriel-gov');
    expect((await pr.run('policy-change')).outputs.result).toBe('warn');
  });
});

describe("the sample policy's own defaults keep these routes closed", () => {
  it('protects .github/**, every CODEOWNERS and the files it names, by the schema defaults', () => {
    const config = parsePolicy(Buffer.from(sample), FILE).policy.gates['policy-change']!;
    const defaults = schema.definitions.policyChangeGate.properties;
    expect(config.protected_paths).toEqual(defaults.protected_paths.default);
    expect(config.protected_paths).toEqual(
      expect.arrayContaining(['.github/**', '.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']),
    );
    expect(config.protect_named_files).toBe(true);
  });
});
