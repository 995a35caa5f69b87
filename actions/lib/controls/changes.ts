/**
 * The "policy update" trigger: what changed in the controls register since the last release.
 * A framework that is new or has a new version changes every requirement of it; a control that
 * maps to a requirement it did not map to before has a changed mapping. Either way the control
 * needs re-assessment. A removed mapping re-opens nothing here: it is a weakening, which the
 * policy-change gate puts before the register's owner.
 */
import type { Control, ControlsRegister } from './register.js';

const key = (r: Control['requirements'][number]) => `${r.framework} ${r.id}`;

/** Control id to the changes that re-open it, in words; controls left as they were are absent. */
export function changedControls(
  previous: ControlsRegister,
  current: ControlsRegister,
): Map<string, string[]> {
  const before = new Map(previous.frameworks.map((f) => [f.id, f.version]));
  const frameworkChange = new Map<string, string>();
  for (const f of current.frameworks) {
    const was = before.get(f.id);
    if (was === undefined) frameworkChange.set(f.id, `${f.id} ${f.version} is a new framework`);
    else if (was !== f.version)
      frameworkChange.set(f.id, `${f.id} changed from version ${was} to ${f.version}`);
  }
  const mapped = new Map(previous.controls.map((c) => [c.id, new Set(c.requirements.map(key))]));
  const out = new Map<string, string[]>();
  for (const control of current.controls) {
    const changes = new Set<string>();
    for (const r of control.requirements) {
      const framework = frameworkChange.get(r.framework);
      if (framework) changes.add(framework);
      else if (!mapped.get(control.id)?.has(key(r)))
        changes.add(`${control.id} now maps to ${key(r)}`);
    }
    if (changes.size > 0) out.set(control.id, [...changes]);
  }
  return out;
}
