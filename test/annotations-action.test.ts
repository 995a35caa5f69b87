/**
 * The bundled pii action, run as the runner runs it on a pull request with more findings than
 * workflow commands show: with `checks: write` every finding goes on a check run on the pull
 * request's head (through the loopback API, which checks each request against GitHub's
 * description); without it, the capped workflow commands, and the same verdict.
 */
import { basename, dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_LEVEL } from '../actions/lib/verdict/render/annotations.js';
import { runBundledAction, type ActionRun } from './support/action.js';
import { pullRequestEvent } from './support/github-events.js';
import { FakeGitHub } from './support/github-server.js';
import { sampleRepo } from './support/sample.js';

const FINDINGS = 137;
const REPO = 'acme/support-chatbot';
const GOLDEN = 'evals/golden/handoffs-bulk.jsonl';
const gh = await FakeGitHub.start({
  'ghs-write': { login: 'github-actions[bot]' },
  'ghs-read': { login: 'github-actions[bot]', checks: 'read' },
});
gh.repo(REPO);

// Built here, so no address sits in the repository's own files.
const address = (i: number) => `${['dana', 'kowalski'].join('.')}${i}@${'mailbox'}.org`;

const repo = sampleRepo();
const base = repo.head();
repo.git('checkout', '-q', '-b', 'bulk-golden');
const head = repo.commit(
  {
    [GOLDEN]: Array.from({ length: FINDINGS }, (_, i) =>
      JSON.stringify({ id: `h${i}`, expected_output: `Write to ${address(i)} today.` }),
    )
      .map((line) => `${line}\n`)
      .join(''),
  },
  'golden answers that leak addresses',
);
const event = pullRequestEvent({
  number: 12,
  title: 'Bulk golden answers',
  base: { ref: 'main', sha: base },
  head: { ref: 'bulk-golden', sha: head },
});

const runPii = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runBundledAction('pii', {
    workspace: repo.dir,
    eventName: 'pull_request',
    event,
    inputs,
    env: { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z', GITHUB_API_URL: gh.url, ...env },
  });

const onGolden = (run: ActionRun) => run.commands.filter((c) => c.properties.file === GOLDEN);
const checkRunRequests = () => gh.requests.filter((r) => r.path.includes('/check-runs'));

describe('the bundled action with more findings than workflow commands show', () => {
  let capped: ActionRun;
  beforeAll(async () => {
    capped = await runPii({ annotations: 'workflow-commands', token: 'ghs-write' });
  });

  it('annotations: workflow-commands: 10 errors and a notice of the rest, no Checks API call', () => {
    expect(capped.code, capped.stdout + capped.stderr).toBe(1);
    expect(JSON.parse(capped.outputs.verdict!).verdicts[0].counts.fail).toBe(FINDINGS);
    expect(onGolden(capped).map((c) => c.command)).toEqual(
      Array(ANNOTATIONS_PER_LEVEL).fill('error'),
    );
    expect(capped.commands).toContainEqual(
      expect.objectContaining({
        command: 'notice',
        message: expect.stringMatching(new RegExp(`^${FINDINGS - ANNOTATIONS_PER_LEVEL} more`)),
      }),
    );
    expect(checkRunRequests()).toEqual([]);
  });

  it('with checks: write publishes all 137 on a check run of the head: 3 requests of 50/50/37', async () => {
    const run = await runPii({ token: 'ghs-write' });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.verdict).toBe(capped.outputs.verdict);

    const requests = checkRunRequests();
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201',
      'PATCH 200',
      'PATCH 200',
      'PATCH 200',
    ]);
    const sizes = requests
      .slice(1)
      .map((r) => (r.body as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(sizes).toEqual([50, 50, 37]);
    const [checkRun] = gh.checkRuns(REPO);
    expect(checkRun).toMatchObject({
      name: 'release-gates / pii annotations',
      head_sha: head,
      status: 'completed',
      conclusion: 'failure',
      output: { annotations_count: FINDINGS },
    });
    expect(new Set(checkRun!.annotations.map((a) => a.path))).toEqual(new Set([GOLDEN]));
    expect(
      checkRun!.annotations.map((a) => a.start_line).sort((a, b) => Number(a) - Number(b)),
    ).toEqual(Array.from({ length: FINDINGS }, (_, i) => i + 1));
    // Masked on the check run as in the workflow commands.
    expect(JSON.stringify(checkRun)).not.toMatch(/kowalski\d+@/);

    // The findings are on the check run, not repeated as (capped) workflow commands.
    expect(onGolden(run)).toEqual([]);
    const said = `pii: ${FINDINGS} findings annotated on the check run "release-gates / pii annotations": ${checkRun!.html_url}`;
    expect(run.stdout).toContain(`Annotations: ${said}`);
    expect(run.summary).toContain(`### Annotations\n\n- ${said}`);
  });

  it('points at the files from the repository root when the gates run in a working-directory', async () => {
    const before = gh.checkRuns(REPO).length;
    const inDirectory = (annotations: string) =>
      runPii(
        { token: 'ghs-write', annotations, 'working-directory': basename(repo.dir) },
        { GITHUB_WORKSPACE: dirname(repo.dir) },
      );
    const inRepository = `${basename(repo.dir)}/${GOLDEN}`;
    const run = await inDirectory('checks');
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const runs = gh.checkRuns(REPO).slice(before);
    expect(runs.map((r) => r.output.annotations_count)).toEqual([FINDINGS]);
    expect(new Set(runs[0]!.annotations.map((a) => a.path))).toEqual(new Set([inRepository]));
    // The workflow commands too.
    const commands = (await inDirectory('workflow-commands')).commands;
    expect(commands.filter((c) => c.properties.file === inRepository)).toHaveLength(
      ANNOTATIONS_PER_LEVEL,
    );
  });

  it('without checks: write (403) falls back to the capped workflow commands, the verdict unchanged', async () => {
    const before = gh.checkRuns(REPO).length;
    const run = await runPii({ token: 'ghs-read' });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.verdict).toBe(capped.outputs.verdict);
    expect(checkRunRequests().at(-1)).toMatchObject({ method: 'POST', status: 403 });
    expect(gh.checkRuns(REPO)).toHaveLength(before);
    expect(onGolden(run)).toEqual(onGolden(capped));
    // Said as information, not as a warning annotation: the token is as the workflow wants it.
    expect(run.commands.filter((c) => c.command === 'warning')).toEqual([]);
    expect(run.summary).toMatch(
      /### Annotations\n\n- pii: no check run with every annotation, as the token may not write check runs \(403\): give the job `permissions: checks: write`/,
    );
    expect(run.stdout).toContain('Annotations: pii: no check run with every annotation');
  });
});
