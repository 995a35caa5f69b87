import { UserError } from '../errors.js';
import { errorItems } from '../gate.js';
import { DEFAULT_POLICY_PATH, parsePolicy } from '../policy/load.js';
import { decide } from '../verdict/decide.js';
import type { PolicyRef, Verdict } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { defineCommand, list, text } from './spec.js';

/** One verdict per file: every problem at its line and column, or a pass. */
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
        const bytes = ref ? await ports.git.show(ref, file) : await ports.files.read(file);
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
      } catch (e) {
        const items = errorItems(e).map((item, i) => ({
          ...item,
          id: `problem-${i + 1}`,
          rule: 'policy',
        }));
        verdicts.push(
          decide(
            {
              items,
              summary: `${items.length} problem${items.length === 1 ? '' : 's'} in ${file}`,
            },
            { gate: 'validate-policy', title, mode: 'enforce' },
          ),
        );
      }
    }
    return makeReport('validate-policy', verdicts, policyRef, run.commit);
  },
});
