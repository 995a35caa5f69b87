import { errorItems } from '../gate.js';
import type { ReleasePolicy } from '../policy/load.js';
import type { GitHubPort } from '../ports.js';
import { resolveHolders } from '../signoff/signoffs.js';
import type { Item } from '../verdict/model.js';

/** A GitHub login, as the policy's roles write them. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(\[bot\])?$/;

/** A GitHub App or workflow identity (`github-actions[bot]`): its logins end in `[bot]`. */
export const isBot = (login: string) => login.toLowerCase().endsWith('[bot]');

/** The roles that may do something; an empty list means whoever may run the workflow. */
export interface RoleRule {
  roles: readonly string[];
  /** What they may do, for messages: "promote", "roll back". */
  what: string;
  /** The policy field that lists the roles, for hints. */
  field: string;
}

/**
 * Whether `actor` holds one of the roles, checked before anything moves: users by login,
 * teams through the GitHub API (a token that can read organisation members). An item
 * `actor`: pass, fail (holds none), or error (unknown actor, teams unreadable).
 */
export async function authorize(
  policy: ReleasePolicy,
  actor: string | undefined,
  rule: RoleRule,
  github: GitHubPort | undefined,
): Promise<Item> {
  const base = { id: 'actor', rule: 'role' };
  if (!actor) {
    return {
      ...base,
      status: 'error',
      message: `who wants to ${rule.what} is unknown, so the policy's roles cannot be checked`,
      hint: 'in a workflow the actor is the one who dispatched it; on the command line pass --actor LOGIN',
    };
  }
  if (!LOGIN.test(actor)) {
    return {
      ...base,
      status: 'error',
      message: `"${actor}" is not a GitHub login, so it cannot be checked against the roles or recorded`,
      hint: 'pass the GitHub login of who acts, e.g. --actor oscar-oncall',
    };
  }
  if (isBot(actor)) {
    return {
      ...base,
      status: 'fail',
      message: `${actor} is a bot, and a bot may not ${rule.what}: the only thing a workflow's own identity may do is the automatic rollback monitoring.rollback_roles grants`,
      observed: actor,
      hint: `a person holding ${rule.field} does it, from the Actions tab or with their own token`,
    };
  }
  if (rule.roles.length === 0) {
    return {
      ...base,
      status: 'pass',
      message: `${actor} may ${rule.what}: ${rule.field} is empty, so whoever may run the workflow may`,
      observed: actor,
    };
  }
  const login = actor.toLowerCase();
  const asUser = rule.roles.find((r) =>
    (policy.roles[r]?.users ?? []).some((u) => u.toLowerCase() === login),
  );
  const expected = rule.roles.join(' or ');
  const held = (role: string, how: string): Item => ({
    ...base,
    status: 'pass',
    message: `${actor} may ${rule.what}: holds ${role} (${how})`,
    observed: actor,
    expected,
  });
  if (asUser) return held(asUser, 'user');

  const withTeams = rule.roles.filter((r) => (policy.roles[r]?.teams ?? []).length > 0);
  if (withTeams.length > 0) {
    if (!github) {
      return {
        ...base,
        status: 'error',
        message: `${actor} is not listed by login in ${expected}, and the teams of ${withTeams.join(', ')} cannot be read without a token`,
        hint: 'give a token that can read organisation members: the `membership-token` input, or RELEASE_GATES_MEMBERSHIP_TOKEN with GITHUB_TOKEN on the command line',
      };
    }
    try {
      const holders = await resolveHolders(github, policy, withTeams);
      for (const role of withTeams) {
        const how = holders.get(role)?.members.get(login);
        if (how) return held(role, how);
      }
    } catch (e) {
      return { ...errorItems(e)[0]!, id: 'actor', rule: 'role' };
    }
  }
  return {
    ...base,
    status: 'fail',
    message: `${actor} may not ${rule.what}: only holders of ${expected} may (${rule.field})`,
    observed: actor,
    expected,
    hint: `ask a holder of ${expected} to do it, or have the policy owner add ${actor} to one of these roles`,
  };
}

/** Who may lift a freeze or clear a rejection: `rollback.unfreeze_roles`, else the policy owner. */
export function unfreezeRule(policy: ReleasePolicy, what: string): RoleRule {
  const roles = policy.rollback.unfreeze_roles;
  return roles.length
    ? { roles, what, field: 'rollback.unfreeze_roles' }
    : { roles: [policy.metadata.owner], what, field: 'metadata.owner' };
}
