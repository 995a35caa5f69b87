import { auditPackCommand } from './audit-pack.js';
import { checkCommand } from './check.js';
import { commentCommand } from './comment.js';
import { FEEDBACK_COMMANDS } from './feedback/index.js';
import { initCommand } from './init.js';
import { monitorCommand } from './monitor.js';
import { piiScanCommand } from './pii-scan.js';
import { platformGuardsCommand } from './platform-guards.js';
import {
  clearRejectionCommand,
  freezeCommand,
  promoteCommand,
  releasesCommand,
  rollbackCommand,
  unfreezeCommand,
  repairCommand,
  verifyReleaseCommand,
} from './release.js';
import type { CommandSpec } from './spec.js';
import { stampEvalsCommand } from './stamp-evals.js';
import { validatePolicyCommand } from './validate-policy.js';

/** Every command of the CLI; actions run the same specs. */
export const COMMANDS: CommandSpec[] = [
  initCommand,
  checkCommand,
  commentCommand,
  validatePolicyCommand,
  stampEvalsCommand,
  platformGuardsCommand,
  piiScanCommand,
  promoteCommand,
  rollbackCommand,
  freezeCommand,
  unfreezeCommand,
  clearRejectionCommand,
  releasesCommand,
  repairCommand,
  verifyReleaseCommand,
  auditPackCommand,
  monitorCommand,
  ...FEEDBACK_COMMANDS,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** Commands grouped under a word (`feedback add`, `feedback report`): the subcommands of `group`. */
export function subcommands(group: string): CommandSpec[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${group} `));
}
