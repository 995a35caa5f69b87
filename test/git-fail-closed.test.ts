/** A baseline git cannot read is an error, never a missing baseline that only warns. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { sampleRepo } from './support/sample.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

type Repo = ReturnType<typeof sampleRepo>;

/** The sample with its stable baseline, as the evals gate compares against it. */
function withBaseline(): Repo {
  const repo = sampleRepo();
  repo.git('push', '-q', 'origin', 'HEAD:refs/heads/stable');
  repo.git('fetch', '-q', 'origin');
  return repo;
}

function corruptBaseline(repo: Repo): void {
  const blob = repo.git('rev-parse', 'origin/stable:evals/results/quality.jsonl');
  const object = join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
  chmodSync(object, 0o644);
  writeFileSync(object, 'not a zlib stream');
}

/**
 * A git whose `cat-file --batch` dies in the middle of its first answer: a header promising
 * 1000 bytes, a few of them, exit 1. Every other command is the real git. `crashed` tells
 * whether the batch was asked at all.
 */
function crashingBatch(dir: string): { env: Record<string, string>; crashed: () => boolean } {
  const bin = join(dir, 'crashing-git-bin');
  mkdirSync(bin);
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const marker = join(bin, 'crashed');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nif [ "$1" = cat-file ] && [ "$2" = --batch ]; then\n  read name\n  : > "${marker}"\n  printf '%040d blob 1000\\npartial' 0\n  exit 1\nfi\nexec "${real}" "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { env: { PATH: `${bin}:${process.env.PATH}` }, crashed: () => existsSync(marker) };
}

describe('the bundled evals action when git cannot read the baseline', () => {
  it('gives an error item for a corrupt baseline object, not "no baseline, warn"', async () => {
    const repo = withBaseline();
    corruptBaseline(repo);

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

  it('takes nothing from a cat-file process that dies mid-answer: git is asked again', async () => {
    const repo = withBaseline();
    const healthy = await runBundledAction('evals', { workspace: repo.dir, env: NOW });
    const git = crashingBatch(repo.dir);
    const run = await runBundledAction('evals', {
      workspace: repo.dir,
      env: { ...NOW, ...git.env },
    });
    expect(git.crashed()).toBe(true);
    expect(run.code, run.stdout + run.stderr).toBe(healthy.code);
    // The same verdict, byte for byte (the report paths differ: each run has its own temp).
    expect(run.outputs.verdict).toBe(healthy.outputs.verdict);
  });

  it('still gives an error for a corrupt baseline when the cat-file process dies too', async () => {
    const repo = withBaseline();
    corruptBaseline(repo);
    const git = crashingBatch(repo.dir);
    const run = await runBundledAction('evals', {
      workspace: repo.dir,
      env: { ...NOW, ...git.env },
    });
    expect(git.crashed()).toBe(true);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.outputs.result).toBe('error');
    expect(run.stdout).not.toMatch(/no baseline/);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^baseline stable: cannot read evals\/results\/quality\.jsonl at [0-9a-f]{40}: .*corrupt/,
        ),
      }),
    );
  });
});
