/**
 * The controls register as the audit pack shows it: the register file at the release commit,
 * and each control's status as the compliance gate judged it on that commit (`controlStatuses`
 * of actions/lib/controls: covered, uncovered, stale, needs re-assessment).
 */
import { parse } from 'yaml';
import type { Verdict } from '../verdict/model.js';

interface ControlStatus {
  id: string;
  status: string;
  detail: string;
}

/**
 * Each control of the register with its status at the release: the compliance gate's item for
 * it. A policy that does not judge the register (no `gates.compliance.controls`) leaves every
 * control `not-assessed`, never covered.
 */
export function statusesForPack(
  register: Uint8Array,
  verdicts: readonly Verdict[],
): ControlStatus[] {
  const judged = verdicts
    .find((v) => v.gate === 'compliance')
    ?.items.filter((i) => i.rule === 'control' && i.id.startsWith('control/'));
  if (judged?.length)
    return judged.map((i) => ({
      id: i.id.slice('control/'.length),
      status: String(i.observed),
      detail: i.message,
    }));
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
    detail:
      'the policy of the release does not judge the controls register (gates.compliance.controls)',
  }));
}
