/**
 * One gate judged as `release-gates check --gate NAME --format json` judges it, without the
 * CLI's process, disk or git: the check command on in-memory ports. test/support/workspace.ts
 * runs the same on a directory through the CLI, for what only a real disk can show.
 */
import { checkCommand } from '../commands/check.js';
import { parseOptions } from '../commands/parse-options.js';
import type { Ports } from '../ports.js';
import { exitCodeOf, type Item, type Report, type Verdict } from '../verdict/model.js';
import { render } from '../verdict/render/index.js';
import { fixedClock, memoryPorts } from './memory-ports.js';

export interface GateRun {
  code: number;
  verdict: Verdict;
  /** The item with this id; throws listing the ids there are. */
  item(id: string): Item;
}

/** A report's one verdict as a test reads it, with the exit code the CLI would give. */
export function gateRun(report: Report): GateRun {
  const verdict = report.verdicts[0]!;
  return {
    code: exitCodeOf(report.result),
    verdict,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found)
        throw new Error(`no item ${id}; items: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
  };
}

/**
 * Judges one gate on `files` (a working tree that is no git repository, as a fresh directory
 * is) or on ports a test built, at a pinned date; the verdict is read back from the JSON the
 * CLI prints, so it holds what a user sees and nothing else.
 */
export async function checkGate(
  files: Record<string, string | Uint8Array> | Ports,
  gate: string,
  options: { policy?: string; now?: string } = {},
): Promise<GateRun> {
  const given =
    'files' in files && 'git' in files && 'clock' in files
      ? (files as Ports)
      : memoryPorts(files as Record<string, string | Uint8Array>, { git: false });
  const ports = options.now ? { ...given, clock: fixedClock(options.now) } : given;
  const parsed = parseOptions(
    checkCommand.options,
    { gate: [gate], ...(options.policy ? { policy: options.policy } : {}) },
    { label: (name) => `--${name}` },
  );
  const report = await checkCommand.run(parsed, {
    ports,
    run: { commit: await ports.git.head(), event: 'local' },
  });
  return gateRun(JSON.parse(render(report, 'json')) as Report);
}
