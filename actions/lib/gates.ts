import { cardsGate } from './cards/gate.js';
import { complianceGate } from './compliance/gate.js';
import { evalsGate } from './evals/gate.js';
import type { Gate } from './gate.js';
import { piiGate } from './pii/gate.js';
import { policyChangeGate } from './policy-change/gate.js';
import { policyGate } from './policy/gate.js';
import { GATE_NAMES, type GateName } from './policy/semantics.js';
import { rollbackReadinessGate } from './rollback-readiness/gate.js';
import { signoffGate } from './signoff/gate.js';

/**
 * Gates about the pull request itself, not the evidence: not re-run to compare policies, and
 * nothing to judge on a promotion.
 */
export const PULL_REQUEST_GATES: readonly GateName[] = ['signoff', 'policy-change'];

/** Every gate that exists, by name. A gate plugs in here and in the policy schema. */
export const GATES: { [N in GateName]?: Gate<N> } = {
  policy: policyGate,
  cards: cardsGate,
  // Rollback readiness judges the release branch, not the commit's evidence: its own check
  // answers for it, as sign-off's does.
  compliance: complianceGate(() =>
    evidenceGates().filter((g) => g.name !== 'compliance' && g.name !== 'rollback-readiness'),
  ),
  signoff: signoffGate,
  'policy-change': policyChangeGate(evidenceGates),
  'rollback-readiness': rollbackReadinessGate,
  pii: piiGate,
  evals: evalsGate,
};

/** The gates about the evidence, which other gates may re-run on the same commit. */
function evidenceGates(): Gate[] {
  return implementedGates()
    .filter((n) => !PULL_REQUEST_GATES.includes(n))
    .map((n) => GATES[n] as Gate);
}

export function implementedGates(): GateName[] {
  return GATE_NAMES.filter((n) => GATES[n] !== undefined);
}
