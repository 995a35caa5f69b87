import { parseRegister, policyProblems, registerPath } from '../controls/register.js';
import { UserError } from '../errors.js';
import { errorItems } from '../gate.js';
import { DEFAULT_POLICY_PATH, parsePolicy } from '../policy/load.js';
import type { ReleasePolicy } from '../policy/policy.generated.js';
import type { Ports } from '../ports.js';
import { decide } from '../verdict/decide.js';
import type { PolicyRef, Verdict } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { plural } from '../words.js';
import { defineCommand, list, text } from './spec.js';

/** A file as it is at `ref`, or in the working tree; null when absent at `ref`. */
const readFile = (ports: Ports, file: string, ref: string | undefined) =>
  ref ? ports.git.show(ref, file) : ports.files.read(file);

/** The verdict of a file that could not be read or holds problems: each at its place. */
function problemsVerdict(e: unknown, file: string, title: string, rule: string): Verdict {
  const items = errorItems(e).map((item, i) => ({ ...item, id: `problem-${i + 1}`, rule }));
  return decide(
    { items, summary: `${plural(items.length, 'problem')} in ${file}` },
    { gate: 'validate-policy', title, mode: 'enforce' },
  );
}

/**
 * The controls register a policy names, checked against its schema and against the policy (the
 * roles, documents, gates, objectives and SLOs it names): a governance lead's edit of either
 * file is caught before the compliance gate meets it.
 */
async function registerVerdict(
  ports: Ports,
  policy: ReleasePolicy,
  ref: string | undefined,
): Promise<Verdict> {
  const file = registerPath(policy);
  const title = `Controls register ${file}`;
  try {
    const bytes = await readFile(ports, file, ref);
    if (!bytes)
      throw new UserError({
        message: `the controls register ${file} that the policy names does not exist${ref ? ` at ${ref}` : ''}`,
        hint: 'commit the register with the policy (release-gates init writes a starter), or remove gates.compliance.controls',
        location: { file },
      });
    const loaded = parseRegister(bytes, file);
    const problems = policyProblems(loaded, policy);
    if (problems.length) throw new UserError(problems);
    return decide(
      {
        items: [
          {
            id: 'register',
            status: 'pass',
            message: `${file} is a valid controls register of ${plural(loaded.register.controls.length, 'control')}, consistent with the policy`,
            location: { file },
          },
        ],
      },
      {
        gate: 'validate-policy',
        title,
        mode: 'enforce',
        inputs: [{ file, sha256: loaded.sha256, ...(ref ? { ref } : {}) }],
      },
    );
  } catch (e) {
    return problemsVerdict(e, file, title, 'register');
  }
}

/**
 * One verdict per file: every problem at its line and column, or a pass; and one for the
 * controls register of a policy that names one.
 */
export const validatePolicyCommand = defineCommand({
  name: 'validate-policy',
  summary:
    'Check policy files against the schema and cross-references; every problem with file:line:column.',
  positional: {
    name: 'files',
    description: 'Policy files (default: policies/release-policy.yaml).',
  },
  options: {
    files: list('Policy files to check. Default: policies/release-policy.yaml.', { paths: true }),
    ref: text('Read the files as they are at this git ref instead of the working tree.'),
  },
  examples: [
    { what: 'Check the policy', run: 'release-gates validate-policy' },
    {
      what: 'Check two policy files as they are on main',
      run: 'release-gates validate-policy policies/release-policy.yaml policies/staging.yaml --ref main',
    },
  ],
  async run(options, { ports, run }) {
    const files = options.files;
    const ref = options.ref;
    const verdicts: Verdict[] = [];
    let policyRef: PolicyRef | null = null;
    for (const file of files.length ? files : [DEFAULT_POLICY_PATH]) {
      const title = `Policy ${file}`;
      try {
        const bytes = await readFile(ports, file, ref);
        if (!bytes)
          throw new UserError({ message: `${file} does not exist at ${ref}`, location: { file } });
        const loaded = parsePolicy(bytes, file, ref);
        policyRef ??= loaded.ref;
        verdicts.push(
          decide(
            {
              items: [
                {
                  id: 'schema',
                  status: 'pass',
                  message: `${file} is a valid ${loaded.policy.apiVersion} policy`,
                  location: { file },
                },
              ],
            },
            {
              gate: 'validate-policy',
              title,
              mode: 'enforce',
              inputs: [{ file, sha256: loaded.ref.sha256, ...(ref ? { ref } : {}) }],
            },
          ),
        );
        if (loaded.policy.gates.compliance?.controls)
          verdicts.push(await registerVerdict(ports, loaded.policy, ref));
      } catch (e) {
        verdicts.push(problemsVerdict(e, file, title, 'policy'));
      }
    }
    return makeReport('validate-policy', verdicts, policyRef, run.commit);
  },
});
