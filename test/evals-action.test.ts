/** actions/evals, spawned from its committed bundle as the runner does, on the sample release. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
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
