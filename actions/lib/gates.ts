import { evalsGate } from './evals/index.js';
import type { Gate } from './gate.js';
import { policyGate } from './policy/gate.js';
import { GATE_NAMES, type GateName } from './policy/semantics.js';

/** Every gate that exists, by name. A gate plugs in here and in the policy schema. */
export const GATES: { [N in GateName]?: Gate<N> } = {
  policy: policyGate,
  evals: evalsGate,
};

export function implementedGates(): GateName[] {
  return GATE_NAMES.filter((n) => GATES[n] !== undefined);
}
