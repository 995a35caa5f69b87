/**
 * What a pull request changes in the controls register, each change classified as the
 * policy-change gate classifies the policy's: a removed control, mapping, framework or piece of
 * evidence, or another owner, is a weakening that needs the policy owner's approval; what adds
 * to the register, a new version of a framework included (it re-opens controls), strengthens it.
 */
import type { DocPath } from '../parse/yaml.js';
import type { Direction } from '../policy-change/diff.js';
import type { Control, ControlsRegister } from './register.js';

export interface RegisterChange {
  /** `controls[CTL-PII-01].requirements[eu-ai-act Art. 10]` */
  label: string;
  direction: Direction;
  reason: string;
  /** Where to point in the head register (the nearest thing that is still there). */
  headPath: DocPath;
}

type Evidence = 'documents' | 'gates' | 'objectives' | 'slos';
const EVIDENCE: Evidence[] = ['documents', 'gates', 'objectives', 'slos'];

export function diffRegisters(base: ControlsRegister, head: ControlsRegister): RegisterChange[] {
  const out: RegisterChange[] = [];
  const add = (label: string, direction: Direction, reason: string, headPath: DocPath) =>
    out.push({ label, direction, reason, headPath });

  const headFrameworks = new Map(head.frameworks.map((f, i) => [f.id, { f, i }]));
  for (const f of base.frameworks) {
    const now = headFrameworks.get(f.id);
    const label = `frameworks[${f.id}]`;
    if (!now) add(label, 'weakening', 'framework removed from the register', ['frameworks']);
    else if (now.f.version !== f.version)
      add(
        `${label}.version`,
        'strengthening',
        `framework version ${f.version} → ${now.f.version}: re-opens its controls`,
        ['frameworks', now.i, 'version'],
      );
    else if (now.f.title !== f.title)
      add(`${label}.title`, 'neutral', 'framework title', ['frameworks', now.i, 'title']);
  }
  head.frameworks.forEach((f, i) => {
    if (!base.frameworks.some((b) => b.id === f.id))
      add(`frameworks[${f.id}]`, 'strengthening', 'framework added: re-opens its controls', [
        'frameworks',
        i,
      ]);
  });

  const headControls = new Map(head.controls.map((c, i) => [c.id, { c, i }]));
  for (const control of base.controls) {
    const now = headControls.get(control.id);
    const label = `controls[${control.id}]`;
    if (!now) {
      add(label, 'weakening', 'control removed from the register', ['controls']);
      continue;
    }
    out.push(...diffControl(label, control, now.c, ['controls', now.i]));
  }
  head.controls.forEach((c, i) => {
    if (!base.controls.some((b) => b.id === c.id))
      add(`controls[${c.id}]`, 'strengthening', 'control added', ['controls', i]);
  });
  return out;
}

function diffControl(label: string, base: Control, head: Control, at: DocPath): RegisterChange[] {
  const out: RegisterChange[] = [];
  const key = (r: Control['requirements'][number]) => `${r.framework} ${r.id}`;
  const members = (
    what: string,
    before: string[],
    after: string[],
    path: DocPath,
    removed: string,
    added: string,
  ) => {
    for (const v of before)
      if (!after.includes(v))
        out.push({
          label: `${label}.${what}[${v}]`,
          direction: 'weakening',
          reason: removed,
          headPath: path,
        });
    after.forEach((v, i) => {
      if (!before.includes(v))
        out.push({
          label: `${label}.${what}[${v}]`,
          direction: 'strengthening',
          reason: added,
          headPath: [...path, i],
        });
    });
  };
  members(
    'requirements',
    base.requirements.map(key),
    head.requirements.map(key),
    [...at, 'requirements'],
    'requirement no longer mapped',
    'requirement mapped: re-opens the control',
  );
  for (const kind of EVIDENCE)
    members(
      `evidence.${kind}`,
      base.evidence[kind],
      head.evidence[kind],
      [...at, 'evidence', kind],
      'evidence removed',
      'evidence added',
    );
  if (base.owner_role !== head.owner_role)
    out.push({
      label: `${label}.owner_role`,
      direction: 'weakening',
      reason: `another role owns the control (${base.owner_role} → ${head.owner_role})`,
      headPath: [...at, 'owner_role'],
    });
  if (base.description !== head.description)
    out.push({
      label: `${label}.description`,
      direction: 'neutral',
      reason: 'control description',
      headPath: [...at, 'description'],
    });
  return out;
}
