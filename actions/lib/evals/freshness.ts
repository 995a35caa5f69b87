import type { GitPort } from '../ports.js';
import type { Item } from '../verdict/model.js';
import { shortSha } from '../words.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Results must be at least as new as what they evaluate: the last commit that changed the
 * evaluated paths must be the results' own last commit or one of its ancestors. Ancestry,
 * not dates: a prompt change merged from another branch after the results were committed
 * is newer even when its commit date is older.
 *
 * Uncommitted result files (a local run) count as newer than every commit, unless the
 * evaluated paths have uncommitted changes too: then the order cannot be told from git, and
 * the gate warns. Committed results with uncommitted changes to the evaluated paths are stale.
 */
export async function checkFreshness(
  git: GitPort,
  evaluated: readonly string[],
  resultFiles: readonly string[],
): Promise<Item> {
  const base = {
    id: 'freshness',
    rule: 'freshness',
    expected: 'results at least as new as ' + evaluated.join(', '),
  };
  const where = { location: { file: resultFiles[0]!, line: 1, column: 1 } };
  const error = (message: string, hint: string): Item => ({
    ...base,
    ...where,
    status: 'error',
    message,
    hint,
  });
  if ((await git.head()) === null) {
    return error(
      'freshness is judged from git history, but this is not a git repository with commits',
      'run the gate in a clone of the repository, or remove `freshness` from the policy',
    );
  }
  if (await git.isShallow()) {
    return error(
      'freshness cannot be judged in a shallow clone: its history is cut off',
      'check out with full history (actions/checkout with `fetch-depth: 0`)',
    );
  }
  const [lastEvaluated, evaluatedDirty, resultsDirty] = await Promise.all([
    git.lastChange(evaluated),
    git.uncommitted(evaluated),
    git.uncommitted(resultFiles),
  ]);
  if (!lastEvaluated && evaluatedDirty.length === 0) {
    return error(
      `freshness.paths (${evaluated.join(', ')}) match no file in git history`,
      'list the prompts, model configuration and golden set the evals evaluate, as globs from the repository root',
    );
  }
  const dirty = new Set(resultsDirty);
  const stale: string[] = [];
  const unordered: string[] = [];
  const uncommitted: string[] = [];
  let staleReason = '';
  for (const file of resultFiles) {
    const last = dirty.has(file) ? null : await git.lastChange([file]);
    if (!last) {
      // Uncommitted or ignored by git: produced after the last commit.
      if (evaluatedDirty.length > 0) unordered.push(file);
      else uncommitted.push(file);
      continue;
    }
    if (evaluatedDirty.length > 0) {
      stale.push(file);
      staleReason = `${evaluatedDirty.slice(0, 3).join(', ')} ha${evaluatedDirty.length === 1 ? 's' : 've'} uncommitted changes made after the results were committed`;
    } else if (lastEvaluated && !(await git.isAncestor(lastEvaluated.sha, last.sha))) {
      stale.push(file);
      staleReason = `the evaluated paths last changed in ${shortSha(lastEvaluated.sha)} (${day(lastEvaluated.date)}), which the results' commit ${shortSha(last.sha)} (${day(last.date)}) does not include`;
    }
  }
  if (stale.length > 0) {
    return {
      ...base,
      status: 'error',
      message: `results are stale: re-run the evals. ${stale.join(', ')}: ${staleReason}`,
      hint: 're-run the evals on the current prompts and model configuration, and commit the new results',
      location: { file: stale[0]!, line: 1, column: 1 },
    };
  }
  if (unordered.length > 0) {
    return {
      ...base,
      ...where,
      status: 'warn',
      message: `${unordered.join(', ')} and ${evaluatedDirty.slice(0, 3).join(', ')} both have uncommitted changes: git cannot tell which is newer`,
      hint: 'commit the evaluated changes, then re-run and commit the evals',
    };
  }
  const since = lastEvaluated
    ? ` (evaluated paths last changed in ${shortSha(lastEvaluated.sha)}, ${day(lastEvaluated.date)})`
    : '';
  return {
    ...base,
    ...where,
    status: 'pass',
    message:
      uncommitted.length > 0
        ? `results are fresh: ${uncommitted.join(', ')} ${uncommitted.length === 1 ? 'is' : 'are'} not committed yet, so newer than every commit${since}; commit them so CI judges the same files`
        : `results are fresh: committed with or after the last change to what they evaluate${since}`,
  };
}
