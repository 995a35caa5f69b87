import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gateRun, type GateRun } from '../../actions/lib/testing/check-gate.js';
import type { Report } from '../../actions/lib/verdict/model.js';
import { cli } from './cli.js';
import { tempDir } from './tmp.js';

/** A directory (not a git repository) holding the given files. */
export function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('rg-ws-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/**
 * `release-gates check --gate NAME --format json` in-process on a directory, at a pinned date.
 * A gate's own logic is tested on memory ports (actions/lib/testing/check-gate.ts); this is for
 * what needs the CLI, a disk or git.
 */
export async function checkGate(
  dir: string,
  gate: string,
  options: { policy?: string; now?: string } = {},
): Promise<GateRun> {
  const args = ['check', '--gate', gate, '--format', 'json'];
  if (options.policy) args.push('--policy', options.policy);
  const run = await cli(args, {
    cwd: dir,
    env: { RELEASE_GATES_NOW: options.now ?? '2026-11-21T12:00:00Z' },
  });
  const found = gateRun(JSON.parse(run.stdout) as Report);
  // The CLI's own exit code, which must agree with the report's result.
  return { ...found, code: run.code };
}
