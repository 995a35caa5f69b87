import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Item, Report, Verdict } from '../../actions/lib/verdict/model.js';
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

export interface GateRun {
  code: number;
  verdict: Verdict;
  /** The item with this id; throws listing the ids there are. */
  item(id: string): Item;
}

/** `release-gates check --gate NAME --format json` in-process, at a pinned date. */
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
  const report = JSON.parse(run.stdout) as Report;
  const verdict = report.verdicts[0]!;
  return {
    code: run.code,
    verdict,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found)
        throw new Error(`no item ${id}; items: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
  };
}
