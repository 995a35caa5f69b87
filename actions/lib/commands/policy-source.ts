import { UserError } from '../errors.js';
import { policyNamedIn, workflowFile } from '../policy-change/workflow-policy.js';
import { DEFAULT_POLICY_PATH, parsePolicy, type LoadedPolicy } from '../policy/load.js';
import type { Ports, RunInfo } from '../ports.js';
import type { PolicyChoice } from './spec.js';
import { shortSha } from '../words.js';

/** The commit whose policy judges the run: a pull request's or a merge queue's base. */
export function judgingBase(run: RunInfo): { ref: string; sha: string } | undefined {
  return run.pullRequest?.base ?? run.mergeGroup?.base;
}

/**
 * The path of the policy that judges (`file`) and the one the options ask for (`head`). On a
 * pull request (or a merge queue's merge) in GitHub Actions the options come from the workflow
 * as the pull request has it, so the path is the one the running workflow names at the base
 * commit instead.
 */
export async function judgingPolicyPath(
  options: PolicyChoice,
  ports: Ports,
  run: RunInfo,
): Promise<{ file: string; head: string }> {
  const head = options.policy || DEFAULT_POLICY_PATH;
  const base = judgingBase(run)?.sha;
  if (!base || !run.workflowRef) return { file: head, head };
  const workflow = workflowFile(run.workflowRef);
  const bytes = await ports.git.show(base, workflow);
  if (!bytes) {
    const exists = await ports.git.resolve(base);
    throw new UserError({
      message: exists
        ? `${workflow}, the workflow running this check, does not exist at the base commit ${shortSha(base)}, so the policy that judges cannot be chosen by the base`
        : `the base commit ${shortSha(base)} is not in this repository, so the workflow that names the policy cannot be read from it`,
      hint: exists
        ? 'merge the workflow to the base branch first: a workflow that the pull request brings cannot choose its own judge'
        : 'check out the full history (actions/checkout with fetch-depth: 0)',
      location: { file: workflow },
    });
  }
  try {
    return { file: policyNamedIn(bytes, workflow), head };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      e.problems.map((p) => ({
        ...p,
        message: `as the base commit has it: ${p.message}`,
      })),
    );
  }
}

/** Loads the policy named by the options, from the working tree or from a git ref. */
export async function loadPolicy(options: PolicyChoice, ports: Ports): Promise<LoadedPolicy> {
  const path = options.policy || DEFAULT_POLICY_PATH;
  const ref = options['policy-ref'] || undefined;
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
