/**
 * The controls register as the audit pack shows it: the register file at the release commit,
 * and each control's status. The status comes from this one function so that the register's
 * own judgement (`controlStatuses` of actions/lib/controls: covered, uncovered, stale, needs
 * re-assessment) replaces it in one place.
 */
import { parse } from 'yaml';
import type { Verdict } from '../verdict/model.js';

/** Where the controls register lives in the repository. */
export const CONTROLS_REGISTER = 'policies/controls.yaml';

export interface ControlStatus {
  id: string;
  status: string;
  detail: string;
}

/**
 * Each control of the register with its status at the release. Until the register is judged
 * by release-gates, every control is listed as `not-assessed`, never as covered.
 */
export function statusesForPack(
  register: Uint8Array,
  _verdicts: readonly Verdict[],
): ControlStatus[] {
  let value: unknown;
  try {
    value = parse(new TextDecoder().decode(register));
  } catch {
    value = undefined;
  }
  const controls = (value as { controls?: unknown } | null)?.controls;
  return (Array.isArray(controls) ? controls : []).map((c: unknown, i) => ({
    id: String((c as { id?: unknown } | null)?.id ?? `#${i + 1}`),
    status: 'not-assessed',
    detail: 'this version of release-gates does not judge the controls register',
  }));
}
