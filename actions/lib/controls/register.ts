/**
 * The controls register: parsed, validated against its JSON Schema with every error at its
 * file:line:column (the policy's own machinery), and checked against the policy that judges it.
 */
import { UserError, nearest, type Problem } from '../errors.js';
import { decodeText, sha256 } from '../parse/bytes.js';
import { parseYaml, type DocPath } from '../parse/yaml.js';
import { schemaProblems } from '../policy/load.js';
import type { ReleasePolicy } from '../policy/policy.generated.js';
import { duplicates } from '../policy/semantics.js';
import type { Location } from '../verdict/model.js';
import type { ControlsRegister } from './register.generated.js';
import { validateRegister } from './register.validate.generated.js';

export type { ControlsRegister } from './register.generated.js';
export type Control = ControlsRegister['controls'][number];
export type Framework = ControlsRegister['frameworks'][number];

/** Where the controls register lives unless the policy names another file. */
export const DEFAULT_REGISTER_PATH = 'policies/controls.yaml';
/** Where the controls register lives: the policy's choice, else its default place. */
export function registerPath(policy: ReleasePolicy): string {
  return policy.gates.compliance?.controls?.register ?? DEFAULT_REGISTER_PATH;
}

const MAX_REGISTER_BYTES = 1024 * 1024;

export interface LoadedRegister {
  register: ControlsRegister;
  file: string;
  sha256: string;
  locate(path: DocPath, options?: { key?: boolean }): Location;
}

/** Parse and validate register bytes; throws UserError listing every problem with its location. */
export function parseRegister(bytes: Uint8Array, file: string): LoadedRegister {
  const text = decodeText(bytes, file, {
    maxBytes: MAX_REGISTER_BYTES,
    expected: 'a YAML controls register',
  });
  const yaml = parseYaml<unknown>(text, file);
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError({
      message: `${file} must be a mapping of keys (apiVersion, kind, frameworks, controls)`,
      hint: 'start the file with `apiVersion: release-gates/v1` and `kind: ControlsRegister`, as release-gates init writes it',
      location: yaml.locate([]),
    });
  }
  if (!validateRegister(value)) {
    throw new UserError(schemaProblems(validateRegister.errors ?? [], yaml));
  }
  const register = value as ControlsRegister;
  const problems = registerProblems(register, yaml.locate);
  if (problems.length > 0) throw new UserError(problems);
  return { register, file, sha256: sha256(bytes), locate: yaml.locate };
}

type Locate = LoadedRegister['locate'];

/** Mistakes the schema cannot see: duplicate ids, requirements of frameworks not listed. */
function registerProblems(register: ControlsRegister, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const again = (what: string, list: string, ids: string[]) => {
    for (const [id, at] of duplicates(ids))
      problems.push({
        message: `${what} "${id}" is listed ${at.length} times`,
        hint: `give each ${what} its own id, or merge them`,
        location: locate([list, at[1]!, 'id']),
      });
  };
  again(
    'framework',
    'frameworks',
    register.frameworks.map((f) => f.id),
  );
  again(
    'control',
    'controls',
    register.controls.map((c) => c.id),
  );
  const frameworks = register.frameworks.map((f) => f.id);
  register.controls.forEach((control, c) => {
    const keys = control.requirements.map((r) => `${r.framework} ${r.id}`);
    for (const [key, at] of duplicates(keys))
      problems.push({
        message: `control ${control.id} maps to ${key} ${at.length} times`,
        hint: 'remove the duplicate requirement',
        location: locate(['controls', c, 'requirements', at[1]!]),
      });
    control.requirements.forEach((r, i) => {
      if (frameworks.includes(r.framework)) return;
      const near = nearest(r.framework, frameworks);
      problems.push({
        message: `control ${control.id} maps to framework "${r.framework}", which is not listed under frameworks`,
        hint: near
          ? `did you mean "${near}"?`
          : `add it under frameworks with its id, version and title, or use one of ${frameworks.join(', ')}`,
        location: locate(['controls', c, 'requirements', i, 'framework']),
      });
    });
  });
  return problems;
}

/**
 * What the register names that the policy must define: the owner roles, the evidence documents
 * (with the owner's role as their approver, so the owner can re-approve them), the gates, the
 * eval objectives and the SLOs. A register the policy cannot judge is an error, never a pass.
 */
export function policyProblems(loaded: LoadedRegister, policy: ReleasePolicy): Problem[] {
  const { register, locate } = loaded;
  const problems: Problem[] = [];
  const roles = Object.keys(policy.roles);
  const documents = policy.gates.compliance?.documents ?? [];
  const objectives = (policy.gates.evals?.objectives ?? []).map((o) => o.id);
  const slos = (policy.monitoring?.slos ?? []).map((s) => s.id);
  const unknown = (what: string, name: string, known: string[], path: DocPath, fix: string) => {
    const near = nearest(name, known);
    problems.push({
      message: `${what} "${name}" is not defined in the policy`,
      hint: near ? `did you mean "${near}"?` : fix,
      location: locate(path),
    });
  };
  register.controls.forEach((control, c) => {
    const at = (...path: DocPath) => ['controls', c, ...path];
    const owner = control.owner_role;
    if (!roles.includes(owner))
      unknown('role', owner, roles, at('owner_role'), `use one of ${roles.join(', ')}`);
    control.evidence.documents.forEach((path, i) => {
      const doc = documents.find((d) => d.path === path);
      if (!doc) {
        unknown(
          'evidence document',
          path,
          documents.map((d) => d.path),
          at('evidence', 'documents', i),
          'list it under gates.compliance.documents of the policy, with the role that approves it',
        );
      } else if (doc.approver_role !== owner) {
        problems.push({
          message: `control ${control.id} is owned by ${owner}, but its evidence ${path} is approved by ${doc.approver_role}: nobody could re-approve it for the control`,
          hint: `make ${doc.approver_role} the control's owner_role, or choose evidence a ${owner} approves`,
          location: locate(at('evidence', 'documents', i)),
        });
      }
    });
    control.evidence.gates.forEach((gate, i) => {
      const section = policy.gates[gate] as { enabled?: boolean } | undefined;
      if (!section || section.enabled === false)
        problems.push({
          message: `control ${control.id} rests on the ${gate} gate, which the policy does not enable`,
          hint: `enable gates.${gate} in the policy, or remove ${gate} from the control's gates`,
          location: locate(at('evidence', 'gates', i)),
        });
    });
    control.evidence.objectives.forEach((id, i) => {
      if (!objectives.includes(id))
        unknown(
          'eval objective',
          id,
          objectives,
          at('evidence', 'objectives', i),
          'name an objective of gates.evals.objectives',
        );
    });
    control.evidence.slos.forEach((id, i) => {
      if (!slos.includes(id))
        unknown('SLO', id, slos, at('evidence', 'slos', i), 'name an SLO of monitoring.slos');
    });
  });
  return problems;
}
