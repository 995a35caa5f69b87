import { UserError } from '../errors.js';
import { isEnabled } from '../gate.js';
import type { ReleasePolicy } from '../policy/load.js';
import { GATE_NAMES } from '../policy/semantics.js';
import type { BranchRule, GitHubPort, RunInfo } from '../ports.js';
import type { Item } from '../verdict/model.js';

/**
 * What the trust model takes from the platform, checked rather than assumed: rulesets on the
 * source branch (a pull request, code owners' review, approval of the last push, every gate
 * as a required check) and on the release branch (no force push, no deletion, updates only
 * by the ruleset's bypass actors). Without them a push or an edited workflow skips the gates.
 */
export interface ExpectedGuards {
  source: string;
  release: string;
  /** Status check names the source branch must require, as the workflows report them. */
  checks: string[];
  restrictReleaseUpdates: boolean;
}

const FIX = 'docs/adopting.md#6-require-the-checks';

type Guards = NonNullable<NonNullable<ReleasePolicy['gates']['policy']>['platform_guards']>;

/** The section as the schema fills it in; a policy without a policy gate gets the defaults. */
function guardsConfig(policy: ReleasePolicy): Partial<Guards> {
  return policy.gates.policy?.platform_guards ?? {};
}

/** The guards the policy expects: its branches, and a check per enabled gate by default. */
export function expectedGuards(policy: ReleasePolicy): ExpectedGuards {
  const config = guardsConfig(policy);
  const name = config.check_name ?? 'gates / {gate}';
  return {
    source: policy.promotion.source,
    release: policy.promotion.branch,
    checks:
      config.required_checks ??
      GATE_NAMES.filter((g) => isEnabled(policy, g)).map((g) => name.replaceAll('{gate}', g)),
    restrictReleaseUpdates: config.restrict_release_updates ?? true,
  };
}

const where = (rules: readonly BranchRule[]) => {
  const sets = [...new Set(rules.map((r) => `ruleset ${r.rulesetId} of ${r.source || '?'}`))];
  return sets.length ? ` (${sets.join(', ')})` : '';
};

/** A guard as an item: passes with the rules that give it, or fails with the fix. */
function guard(
  id: string,
  rules: readonly BranchRule[],
  ok: string,
  missing: string,
  hint: string,
): Item {
  const held = rules.length > 0;
  return {
    id: `platform/${id}`,
    status: held ? 'pass' : 'fail',
    message: held ? `${ok}${where(rules)}` : missing,
    ...(held ? {} : { hint: `${hint} (${FIX})` }),
    rule: 'platform-guard',
  };
}

/** Judges the rules in force on both branches against the guards expected. */
export function judgeGuards(
  expected: ExpectedGuards,
  rules: { source: readonly BranchRule[]; release: readonly BranchRule[] },
): Item[] {
  const { source: main, release: stable } = expected;
  const pulls = rules.source.filter((r) => r.type === 'pull_request');
  const withParam = (name: string) => pulls.filter((r) => r.parameters[name] === true);
  const checksRules = rules.source.filter((r) => r.type === 'required_status_checks');
  const requiring = (check: string) =>
    checksRules.filter((r) =>
      ((r.parameters.required_status_checks as { context?: string }[] | undefined) ?? []).some(
        (c) => c.context === check,
      ),
    );
  const ofType = (type: string) => rules.release.filter((r) => r.type === type);
  const rulesetOn = (branch: string) => `in a ruleset on ${branch} (Settings › Rules › Rulesets)`;

  const items: Item[] = [
    guard(
      `${main}/pull-request`,
      pulls,
      `${main} requires a pull request`,
      `${main} does not require a pull request: anyone with write access can push past every gate`,
      `add the rule "Require a pull request before merging" ${rulesetOn(main)}`,
    ),
    guard(
      `${main}/code-owner-review`,
      withParam('require_code_owner_review'),
      `${main} requires the code owners' review`,
      `${main} does not require the code owners' review: a pull request can change the policy, the workflows or CODEOWNERS without the governance lead`,
      `turn on "Require review from Code Owners" ${rulesetOn(main)} (\`require_code_owner_review: true\`), with .github/CODEOWNERS naming the governance lead`,
    ),
    guard(
      `${main}/last-push-approval`,
      withParam('require_last_push_approval'),
      `${main} requires approval of the most recent push by someone other than its pusher`,
      `${main} does not require approval of the most recent push: whoever pushes last can approve their own push`,
      `turn on "Require approval of the most recent reviewable push" ${rulesetOn(main)} (\`require_last_push_approval: true\`)`,
    ),
    ...expected.checks.map((check) =>
      guard(
        `${main}/check/${check}`,
        requiring(check),
        `${main} requires the status check "${check}"`,
        `${main} does not require the status check "${check}": a pull request merges whatever it reports, or if it never runs`,
        `add "${check}" to "Require status checks to pass" ${rulesetOn(main)}; if your checks are named otherwise, set gates.policy.platform_guards.check_name or required_checks`,
      ),
    ),
    guard(
      `${stable}/non-fast-forward`,
      ofType('non_fast_forward'),
      `${stable} blocks force pushes`,
      `${stable} allows force pushes: what production runs can be rewritten and its history lost`,
      `add the rule "Block force pushes" ${rulesetOn(stable)}`,
    ),
    guard(
      `${stable}/deletion`,
      ofType('deletion'),
      `${stable} cannot be deleted`,
      `${stable} can be deleted: production would lose its release and its rollback target`,
      `add the rule "Restrict deletions" ${rulesetOn(stable)}`,
    ),
  ];

  const updates = ofType('update');
  const updateItem = guard(
    `${stable}/update`,
    updates,
    `only the bypass actors of the ruleset may push to ${stable} (GitHub shows them to admins only: keep them to the release workflows' GitHub App)`,
    `anyone with write access can push to ${stable}, not only the release workflows`,
    `add the rule "Restrict updates" ${rulesetOn(stable)} with the release workflows' GitHub App as its only bypass actor, or accept it with gates.policy.platform_guards.restrict_release_updates: false`,
  );
  items.push(
    updates.length || expected.restrictReleaseUpdates
      ? updateItem
      : {
          ...updateItem,
          status: 'warn',
          message: `${updateItem.message}: accepted by gates.policy.platform_guards.restrict_release_updates: false`,
        },
  );
  return items;
}

const notChecked = (message: string, hint?: string): Item[] => [
  {
    id: 'platform/not-checked',
    status: 'info',
    message: `the rulesets the gates rely on were not checked: ${message}`,
    ...(hint ? { hint } : {}),
    rule: 'platform-guard',
  },
];

/**
 * Reads the rules of both branches and judges them. The policy gate checks them on pull
 * requests, where a missing guard lets a change past the gates; elsewhere (a local `check`,
 * a push, a promotion) it says they were not checked. Throws UserError without a token or
 * repository, or when the API fails: never a pass.
 */
export async function platformGuardItems(
  policy: ReleasePolicy,
  github: GitHubPort | undefined,
  run: RunInfo,
  options: { required: boolean },
): Promise<Item[]> {
  if (!options.required) {
    if (guardsConfig(policy).enabled === false)
      return notChecked('gates.policy.platform_guards.enabled is false');
    if (!run.pullRequest)
      return notChecked(
        'they are checked on pull requests',
        'to check them now: GITHUB_TOKEN=$(gh auth token) npx release-gates platform-guards --repo OWNER/NAME',
      );
  }
  const missing = !github
    ? 'no GitHub token was given'
    : !run.repository
      ? 'no repository is known'
      : '';
  if (missing) {
    throw new UserError({
      message: `the rules of the branches ${policy.promotion.source} and ${policy.promotion.branch} are read from the GitHub API, but ${missing}`,
      hint: 'give a token that can read the repository (in the action the `token` input, default github.token; on the command line GITHUB_TOKEN or GH_TOKEN) and the repository (GITHUB_REPOSITORY, or --repo OWNER/NAME)',
    });
  }
  const expected = expectedGuards(policy);
  const repo = run.repository!;
  const [source, release] = await Promise.all([
    github!.branchRules(repo, expected.source),
    github!.branchRules(repo, expected.release),
  ]);
  return judgeGuards(expected, { source, release });
}
