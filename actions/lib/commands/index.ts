import { checkCommand } from './check.js';
import { monitorCommand } from './monitor.js';
import { piiScanCommand } from './pii-scan.js';
import type { CommandSpec } from './spec.js';
import { validatePolicyCommand } from './validate-policy.js';

/** Every command of the CLI; actions run the same specs. */
export const COMMANDS: CommandSpec[] = [
  checkCommand,
  validatePolicyCommand,
  piiScanCommand,
  monitorCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
