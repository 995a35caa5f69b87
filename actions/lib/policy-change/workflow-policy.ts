/**
 * Which policy a workflow makes the judge: the `policy:` input its release-gates steps
 * (`uses: ./actions/<gate>`, `<owner>/release-gates/actions/<gate>@<ref>`) or its call of the
 * reusable gates workflow give. Read from the base commit, so that a pull request cannot choose
 * the policy that judges it by editing its own workflow.
 */
import { UserError, type Problem } from '../errors.js';
import { decodeText } from '../parse/bytes.js';
import { parseYaml, type DocPath } from '../parse/yaml.js';
import { DEFAULT_POLICY_PATH } from '../policy/load.js';
import type { Location } from '../verdict/model.js';

/** An action of release-gates: this repository's own, the reusable workflow's checkout, a release. */
const ACTION =
  /^(?:\.\/(?:\.release-gates\/)?|[A-Za-z0-9-]+\/release-gates\/)actions\/([\w-]+)(?:@.*)?$/;
const REUSABLE =
  /^(?:\.\/|[A-Za-z0-9-]+\/release-gates\/)\.github\/workflows\/gates\.ya?ml(?:@.*)?$/;
/** Actions that take no `policy` input. */
const NO_POLICY_INPUT = new Set(['validate-policy']);

interface NamedPolicy {
  path: string;
  location: Location;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The workflow file of GITHUB_WORKFLOW_REF, `owner/repo/.github/workflows/x.yml@refs/...`. */
export function workflowFile(workflowRef: string): string {
  const at = workflowRef.lastIndexOf('@');
  const file = (at < 0 ? workflowRef : workflowRef.slice(0, at)).split('/').slice(2).join('/');
  if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(file)) {
    throw new UserError({
      message: `GITHUB_WORKFLOW_REF "${workflowRef}" does not name a workflow file, so the policy it names cannot be read from the base commit`,
      hint: 'run the gates from a workflow in .github/workflows of this repository',
    });
  }
  return file;
}

/** Every policy path the workflow's release-gates steps and gates-workflow calls name. */
function policiesNamedIn(bytes: Uint8Array, file: string): NamedPolicy[] {
  const yaml = parseYaml(decodeText(bytes, file, { expected: 'a YAML workflow' }), file);
  const jobs = isMap(yaml.value) && isMap(yaml.value.jobs) ? yaml.value.jobs : {};
  const named: NamedPolicy[] = [];
  const problems: Problem[] = [];
  const take = (inputs: unknown, at: DocPath) => {
    const policy = isMap(inputs) ? inputs.policy : undefined;
    if (policy === undefined) {
      named.push({ path: DEFAULT_POLICY_PATH, location: yaml.locate([...at, 'uses']) });
    } else if (typeof policy !== 'string' || policy.includes('${{')) {
      problems.push({
        message: `${file} gives the policy input as an expression or a non-string, which cannot be read before the run: the policy that judges must be a path written in the base workflow`,
        hint: 'write the policy path itself, e.g. `policy: policies/release-policy.yaml`',
        location: yaml.locate([...at, 'with', 'policy']),
      });
    } else {
      named.push({ path: policy, location: yaml.locate([...at, 'with', 'policy']) });
    }
  };
  for (const [id, job] of Object.entries(jobs)) {
    if (!isMap(job)) continue;
    if (typeof job.uses === 'string' && REUSABLE.test(job.uses)) take(job.with, ['jobs', id]);
    const steps = Array.isArray(job.steps) ? job.steps : [];
    steps.forEach((step: unknown, i) => {
      if (!isMap(step) || typeof step.uses !== 'string') return;
      const action = ACTION.exec(step.uses)?.[1];
      if (action && !NO_POLICY_INPUT.has(action)) take(step.with, ['jobs', id, 'steps', i]);
    });
  }
  if (problems.length) throw new UserError(problems);
  return named;
}

/**
 * The one policy path a workflow names (the default when it names none); an error when it
 * names several, since then which one judges would depend on the job.
 */
export function policyNamedIn(bytes: Uint8Array, file: string): string {
  const named = policiesNamedIn(bytes, file);
  const paths = [...new Set(named.map((n) => n.path))];
  if (paths.length > 1) {
    throw new UserError(
      named.map((n) => ({
        message: `${file} names ${paths.length} different policies (${paths.join(', ')}), so which one judges a pull request is not clear; this step names ${n.path}`,
        hint: 'give every release-gates step of the workflow the same `policy:` (or none, for the default)',
        location: n.location,
      })),
    );
  }
  return paths[0] ?? DEFAULT_POLICY_PATH;
}
