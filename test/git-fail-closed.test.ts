/** A baseline git cannot read is an error, never a missing baseline that only warns. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { sampleRepo } from './support/sample.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

describe('the bundled evals action when git cannot read the baseline', () => {
  it('gives an error item for a corrupt baseline object, not "no baseline, warn"', async () => {
    const repo = sampleRepo();
    repo.git('push', '-q', 'origin', 'HEAD:refs/heads/stable');
    repo.git('fetch', '-q', 'origin');
    const blob = repo.git('rev-parse', 'origin/stable:evals/results/quality.jsonl');
    const object = join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    chmodSync(object, 0o644);
    writeFileSync(object, 'not a zlib stream');

    const run = await runBundledAction('evals', { workspace: repo.dir, env: NOW });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.outputs.result).toBe('error');
    expect(run.stdout).not.toMatch(/no baseline/);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^baseline stable: cannot read evals\/results\/quality\.jsonl at [0-9a-f]{40}: .*corrupt\nFix: .*git fsck/,
        ),
      }),
    );
  });
});
