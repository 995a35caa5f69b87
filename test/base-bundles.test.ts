/**
 * The judge is not in the defendant's hands: on a pull request this repository runs each gate's
 * bundle as it is on the base commit. Played as the runner plays .github/workflows/
 * release-gates.yml: the workspace is the pull request's merge commit, whose bundles always
 * pass; the base is checked out apart; the step runs the bundle its `uses:` names.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { ROOT, runBundledAction } from './support/action.js';
import { pullRequestEvent } from './support/github-events.js';
import { sampleRepo } from './support/sample.js';
import { tempDir } from './support/tmp.js';
import { NodeFiles } from '../actions/runtime/ports/files.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

type Step = { uses?: string; with?: Record<string, string> };
const WORKFLOW = parse(readFileSync(join(ROOT, '.github/workflows/release-gates.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** This repository's built actions (metadata and bundles), as a commit of the sample has them. */
function copyBundles(to: string): void {
  for (const d of readdirSync(join(ROOT, 'actions'))) {
    const dist = join(ROOT, 'actions', d, 'dist');
    if (!existsSync(dist)) continue;
    cpSync(dist, join(to, 'actions', d, 'dist'), { recursive: true });
    const meta = join(ROOT, 'actions', d, 'action.yml');
    if (existsSync(meta)) cpSync(meta, join(to, 'actions', d, 'action.yml'));
  }
}

/** Code that reports a pass whatever the inputs: what a hostile pull request ships. */
const ALWAYS_PASS = `import { appendFileSync as __pwn } from 'node:fs';
__pwn(process.env.GITHUB_OUTPUT, 'result=pass\\n');
console.log('all gates pass');
process.exit(0);
`;

const TAMPER = {
  'the gate entry, actions/evals/dist/index.js': (dir: string) =>
    writeFileSync(join(dir, 'actions/evals/dist/index.js'), ALWAYS_PASS),
  'the shared bundle, actions/shared/dist/*.js': (dir: string) => {
    const shared = join(dir, 'actions/shared/dist');
    for (const f of readdirSync(shared).filter((f) => f.endsWith('.js')))
      writeFileSync(join(shared, f), ALWAYS_PASS + readFileSync(join(shared, f), 'utf8'));
  },
};

describe('a pull request that changes the gate code cannot change its own verdict', () => {
  const steps = WORKFLOW.jobs.evals!.steps;
  const base = steps.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path)!;
  const gate = steps.find((s) => s.uses?.startsWith('./'))!;

  it.each(Object.entries(TAMPER))('tampering with %s', async (_, tamper) => {
    const repo = sampleRepo();
    copyBundles(repo.dir);
    repo.git('add', '-A');
    const baseSha = repo.commit({}, 'the gates, built');
    repo.git('push', '-q', 'origin', 'main');

    // The pull request: results that fail the base policy, and gate code that always passes.
    repo.git('checkout', '-q', '-b', 'green-at-any-price');
    const results = join(repo.dir, 'evals/results/quality.jsonl');
    writeFileSync(results, readFileSync(results, 'utf8').replaceAll('"pass":true', '"pass":false'));
    // Stamped as an eval job would, so the verdict turns on the results, not a stale stamp.
    expect((await cli(['stamp-evals'], { cwd: repo.dir })).code).toBe(0);
    tamper(repo.dir);
    repo.git('add', '-A');
    const headSha = repo.commit({}, 'make it green');
    repo.git('push', '-q', 'origin', 'green-at-any-price');

    // The runner: the merge commit as the workspace, then the base checkout the workflow names.
    const workspace = join(tempDir('rg-workspace-'), 'chatbot');
    git(repo.dir, 'clone', '-q', repo.remote, workspace);
    git(workspace, 'checkout', '-q', '--detach', baseSha);
    git(
      workspace,
      '-c',
      'user.name=GitHub',
      '-c',
      'user.email=noreply@github.com',
      'merge',
      '-q',
      '--no-ff',
      '--no-edit',
      `origin/green-at-any-price`,
    );
    expect(base.with!.ref).toBe(
      '${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha || github.sha }}',
    );
    const judge = join(workspace, base.with!.path!);
    git(workspace, 'clone', '-q', repo.remote, judge);
    git(judge, 'checkout', '-q', '--detach', baseSha);

    const event = pullRequestEvent({
      number: 9,
      base: { ref: 'main', sha: baseSha },
      head: { ref: 'green-at-any-price', sha: headSha },
    });
    const step = (uses: string) =>
      runBundledAction('evals', {
        workspace,
        eventName: 'pull_request',
        event,
        env: { ...NOW, GITHUB_SHA: git(workspace, 'rev-parse', 'HEAD') },
        script: join(workspace, uses, 'dist/index.js'),
      });

    // What `uses: ./actions/evals` would have run: the head's code, green.
    const theirs = await step('./actions/evals');
    expect(theirs.code).toBe(0);
    expect(theirs.outputs.result).toBe('pass');

    // What the workflow runs: the base commit's code, which judges the head's results.
    expect(gate.uses).toBe('./.release-gates/actions/evals');
    const ours = await step(gate.uses!);
    expect(ours.code, ours.stdout + ours.stderr).toBe(1);
    expect(ours.outputs.result).toBe('fail');
    expect(ours.stdout).not.toContain('all gates pass');
    const report = JSON.parse(readFileSync(ours.outputs.report!, 'utf8'));
    expect(report.policy).toMatchObject({ ref: baseSha });
    expect(report.verdicts[0]).toMatchObject({ gate: 'evals', result: 'fail' });

    // The judge's checkout is not data: no policy glob picks up its files.
    const globbed = await new NodeFiles(workspace).glob(['**/action.yml', '**/*.jsonl']);
    expect(globbed).toContain('actions/evals/action.yml');
    expect(globbed.filter((f) => f.startsWith('.release-gates/'))).toEqual([]);
  });
});

describe('a pull request whose base branch changes is judged again, against the new base', () => {
  it('edited to a release branch with a stricter policy: the new base decides', async () => {
    const repo = sampleRepo();
    const main = repo.head();
    repo.git('checkout', '-q', '-b', 'release/2026-12');
    const strict = readFileSync(join(repo.dir, 'policies/examples/failing-policy.yaml'), 'utf8');
    const release = repo.commit({ 'policies/release-policy.yaml': strict }, 'a stricter release');
    repo.git('checkout', '-q', '-b', 'tweak', main);
    const head = repo.commit({ 'chatbot/README.md': 'A tweak.\n' }, 'tweak');

    const judged = async (action: 'opened' | 'edited', base: { ref: string; sha: string }) => {
      const run = await runBundledAction('evals', {
        workspace: repo.dir,
        eventName: 'pull_request',
        event: pullRequestEvent(
          { number: 4, base, head: { ref: 'tweak', sha: head } },
          action,
          // What GitHub says the edit changed: the base it had before.
          action === 'edited'
            ? { changes: { base: { ref: { from: 'main' }, sha: { from: main } } } }
            : {},
        ),
        env: NOW,
      });
      const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
      return { code: run.code, policy: report.policy, result: run.outputs.result };
    };

    expect(await judged('opened', { ref: 'main', sha: main })).toMatchObject({
      code: 0,
      result: 'pass',
      policy: { ref: main },
    });
    // What the `edited` trigger re-runs: the same head, judged by the new base's policy.
    expect(await judged('edited', { ref: 'release/2026-12', sha: release })).toMatchObject({
      code: 1,
      result: 'fail',
      policy: { ref: release },
    });
  });
});
