import { UserError } from '../errors.js';
import { DEFAULT_POLICY_PATH, parsePolicy, type LoadedPolicy } from '../policy/load.js';
import type { Ports } from '../ports.js';
import { str, type OptionValues } from './spec.js';

/** Loads the policy named by the options, from the working tree or from a git ref. */
export async function loadPolicy(options: OptionValues, ports: Ports): Promise<LoadedPolicy> {
  const path = str(options, 'policy') ?? DEFAULT_POLICY_PATH;
  const ref = str(options, 'policy-ref');
  if (ref) {
    const bytes = await ports.git.show(ref, path);
    if (!bytes) {
      const exists = await ports.git.resolve(ref);
      throw new UserError({
        message: exists
          ? `${path} does not exist at ${ref}: the policy must be on the base branch before it can judge a pull request`
          : `git ref ${ref} not found, so the policy cannot be read from it`,
        hint: exists
          ? 'merge the policy to the base branch first, or pass --policy with the path it has there'
          : 'fetch the base branch (actions/checkout with fetch-depth: 0), or pass --policy-ref with an existing ref',
        location: { file: path },
      });
    }
    return parsePolicy(bytes, path, ref);
  }
  return parsePolicy(await ports.files.read(path), path);
}
