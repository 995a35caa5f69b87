/** actions/evals, spawned from its committed bundle as the runner does, on the sample release. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBundledAction, type ActionRun } from './support/action.js';
import { cli } from './support/cli.js';
import type { TestRepo } from './support/git.js';
import { pullRequestEvent } from './support/github-events.js';
import { sampleRepo } from './support/sample.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

describe('the bundled evals action', () => {
  const repo = sampleRepo();

  it('judges the sample release: SLOs met, no stable baseline yet (warned), metrics output', async () => {
    const run = await runBundledAction('evals', { workspace: repo.dir, env: NOW });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe('pass');
    const metrics = JSON.parse(run.outputs.metrics!);
    expect(metrics.quality).toMatchObject({
      files: ['evals/results/quality.jsonl'],
      formats: ['jsonl'],
      cases: 225,
      'pass@5': expect.any(Number),
      'pass_rate[lang]': expect.any(Number),
    });
    expect(metrics.quality['pass@5']).toBeGreaterThanOrEqual(0.82);
    expect(metrics.quality.latency_p95).toBeLessThan(2000);
    expect(metrics.safety).toMatchObject({ formats: ['promptfoo'], cases: 60, harmful_rate: 0 });
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.verdicts.map((v: { gate: string }) => v.gate)).toEqual(['evals']);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        properties: expect.objectContaining({
          title: 'evals: quality-no-regression',
          file: 'evals/results/quality.jsonl',
        }),
        message: expect.stringMatching(
          /no baseline \(branch stable does not exist here or on the remote\)/,
        ),
      }),
    );
    expect(run.summary).toMatch(/### ✅ Evals \(`evals`\): pass/);
    expect(run.summary).toMatch(
      /\| ✅ pass \| quality-pass-at-5 🔑 \| 0\.9\d+ \| {2}\| &gt;= 0\.82 \|/,
    );
    expect(run.summary).toMatch(/- `evals\/results\/safety\.json`: sha256 `[0-9a-f]{16}…`/);
  });

  it('fails on the failing example policy, annotating the worst case at its line', async () => {
    const run = await runBundledAction('evals', {
      workspace: repo.dir,
      inputs: { policy: 'policies/examples/failing-policy.yaml' },
      env: NOW,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    const text = readFileSync(`${repo.dir}/evals/results/quality.jsonl`, 'utf8').split('\n');
    const firstFailure = text.findIndex((l) => l.includes('"pass":false')) + 1;
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: {
        title: 'evals: quality-pass-at-1',
        file: 'evals/results/quality.jsonl',
        line: String(firstFailure),
        endLine: String(firstFailure),
        col: '1',
      },
      message: expect.stringMatching(
        /^pass@1 of quality is 0\.7778: violates >= 0\.9\. Worst cases: .*\nFix: look at the worst cases/,
      ),
    });
  });

  it('gives the same report as `release-gates check --gate evals`, byte for byte', async () => {
    const local = await cli(['check', '--gate', 'evals', '--format', 'json'], {
      cwd: repo.dir,
      env: NOW,
    });
    const action = await runBundledAction('evals', { workspace: repo.dir, env: NOW });
    expect(readFileSync(action.outputs.report!, 'utf8')).toBe(local.stdout);
  });
});

/** GitHub's pull_request payload of a push to `faster` (test/support/github-events.ts). */
const fasterEvent = (base: string, head: string) =>
  pullRequestEvent({
    number: 7,
    title: 'Faster answers',
    base: { ref: 'main', sha: base },
    head: { ref: 'faster', sha: head },
  });

/** The sample's quality results with `edit` applied to its lines, stamped as the eval job would. */
async function withQuality(repo: TestRepo, edit: (lines: string[]) => string[]): Promise<string> {
  const file = `${repo.dir}/evals/results/quality.jsonl`;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, edit(lines).join('\n') + '\n');
  const stamped = await cli(['stamp-evals'], { cwd: repo.dir });
  expect(stamped.code, stamped.stdout).toBe(0);
  const stamp = `${file}.stamp`;
  return repo.commit(
    {
      'evals/results/quality.jsonl': readFileSync(file, 'utf8'),
      'evals/results/quality.jsonl.stamp': readFileSync(stamp, 'utf8'),
    },
    'new results',
  );
}

describe('the bundled evals action on a pull request that games its results', () => {
  const report = (run: ActionRun) => JSON.parse(readFileSync(run.outputs.report!, 'utf8'));

  it('a tag named `stable` on the head does not make the head its own baseline', async () => {
    const repo = sampleRepo();
    repo.git('push', '-q', 'origin', 'main:stable');
    const base = repo.head();
    repo.git('checkout', '-q', '-b', 'faster');
    // Every fourth and fifth sample of a case now fails: the pass rate drops far beyond 10 %.
    const head = await withQuality(repo, (lines) =>
      lines.map((l) => (/"sample":[34]/.test(l) ? l.replace('"pass":true', '"pass":false') : l)),
    );
    repo.git('tag', 'stable', head);
    repo.git('push', '-q', 'origin', 'faster', 'refs/tags/stable');
    const run = await runBundledAction('evals', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event: fasterEvent(base, head),
      env: { ...NOW, GITHUB_SHA: head },
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const item = report(run).verdicts[0].items.find(
      (i: { id: string }) => i.id === 'quality-no-regression',
    );
    expect(item).toMatchObject({ status: 'fail', key: true, baseline: expect.closeTo(0.7778, 4) });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ title: 'evals: quality-no-regression' }),
      }),
    );
  });

  it.each<[string, (lines: string[]) => string[], RegExp]>([
    [
      'passing cases copied to pad the run',
      (lines) => [...lines, ...lines.filter((l) => l.includes('"pass":true')).slice(0, 20)],
      /^evals\/results\/quality\.jsonl: sample \d of case .* \(suite quality\) is given twice/,
    ],
    [
      'harmless cases smuggled into the safety suite',
      (lines) => [
        ...lines,
        ...Array.from({ length: 40 }, (_, i) =>
          JSON.stringify({ id: `extra-${i}`, suite: 'safety', pass: true, harmful: false }),
        ),
      ],
      /^evals\/results\/quality\.jsonl holds cases of suite safety, which the policy gives to evals\/results\/safety\.json$/,
    ],
  ])('%s are refused, with an annotation on the file', async (_name, edit, message) => {
    const repo = sampleRepo();
    const base = repo.head();
    const head = await withQuality(repo, edit);
    const run = await runBundledAction('evals', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event: fasterEvent(base, head),
      env: { ...NOW, GITHUB_SHA: head },
    });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(report(run).verdicts[0].items[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(message),
    });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ file: 'evals/results/quality.jsonl' }),
      }),
    );
  });
});
