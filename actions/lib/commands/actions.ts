import { checkCommand } from './check.js';
import type { CommandSpec, OptionValues } from './spec.js';
import { validatePolicyCommand } from './validate-policy.js';

/**
 * Every action under actions/<name>/: the command it runs and the options it fixes. An
 * action's inputs are the command's options minus the fixed ones (a test checks action.yml).
 */
export const ACTION_COMMANDS: Record<string, { command: CommandSpec; fixed?: OptionValues }> = {
  check: { command: checkCommand },
  evals: { command: checkCommand, fixed: { gate: ['evals'] } },
  'validate-policy': { command: validatePolicyCommand },
};
