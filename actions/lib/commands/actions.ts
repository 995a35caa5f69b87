import { checkCommand } from './check.js';
import {
  clearRejectionCommand,
  freezeCommand,
  promoteCommand,
  rollbackCommand,
  unfreezeCommand,
  repairCommand,
  verifyReleaseCommand,
} from './release.js';
import { monitorCommand } from './monitor.js';
import type { CommandSpec, OptionValues } from './spec.js';
import { validatePolicyCommand } from './validate-policy.js';

export interface ActionEntry {
  command: CommandSpec;
  /** Options the action fixes: not inputs. */
  fixed?: OptionValues;
  /** The action calls the GitHub API: it takes the `token` and `membership-token` inputs. */
  github?: boolean;
}

/**
 * Every action under actions/<name>/: the command it runs and the options it fixes. An
 * action's inputs are the command's options minus the fixed and command-line-only ones, plus
 * the runtime's (a test checks action.yml).
 */
export const ACTION_COMMANDS: Record<string, ActionEntry> = {
  check: { command: checkCommand, github: true },
  cards: { command: checkCommand, fixed: { gate: ['cards'] } },
  compliance: { command: checkCommand, fixed: { gate: ['compliance'] } },
  evals: { command: checkCommand, fixed: { gate: ['evals'] } },
  'validate-policy': { command: validatePolicyCommand },
  signoff: { command: checkCommand, fixed: { gate: ['signoff'] }, github: true },
  'policy-change': { command: checkCommand, fixed: { gate: ['policy-change'] }, github: true },
  'rollback-readiness': { command: checkCommand, fixed: { gate: ['rollback-readiness'] } },
  pii: { command: checkCommand, fixed: { gate: ['pii'] }, github: true },
  promote: { command: promoteCommand, github: true },
  rollback: { command: rollbackCommand, github: true },
  freeze: { command: freezeCommand, github: true },
  unfreeze: { command: unfreezeCommand, github: true },
  'clear-rejection': { command: clearRejectionCommand, github: true },
  'verify-release': { command: verifyReleaseCommand },
  repair: { command: repairCommand, github: true },
  monitor: { command: monitorCommand, github: true },
};
