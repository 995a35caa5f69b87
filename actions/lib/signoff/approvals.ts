import type { PullCommit, Push, Review } from '../ports.js';
import { shortSha } from '../words.js';

/** Who holds a role: members by lower-case login, and how the policy names its holders. */
export interface RoleHolders {
  /** Lower-case login -> how they hold it: `user` or `team org/slug`. */
  members: Map<string, string>;
  /** The role's users and teams as the policy lists them, for "still missing" messages. */
  listed: string[];
}

export interface SignoffRules {
  required: readonly { role: string; min: number }[];
  /** Only approvals of the head commit count. */
  dismissStale: boolean;
  /** Bot logins whose approvals count; other bots never do. */
  bots: readonly string[];
  /** One person's approval fills one required role only. */
  distinct: boolean;
}

export interface Approval {
  login: string;
  commit: string | null;
  at: string | null;
}

export interface RoleSignoff {
  role: string;
  min: number;
  /** Approvals counted for this role. */
  counted: Approval[];
  /** Holders of the role whose valid approval was not counted here, and why. */
  others: (Approval & { why: string })[];
  missing: number;
  /** The role's users and teams who could still approve (the writers excluded). */
  candidates: string[];
}

export interface Blocker extends Approval {
  roles: string[];
}

export interface Disregarded extends Approval {
  why: string;
}

/** A commit whose author or committer has no GitHub account: its writer is unknown. */
export interface Unattributed {
  sha: string;
  who: 'author' | 'committer' | 'pusher';
}

export interface SignoffResult {
  roles: RoleSignoff[];
  /** Holders of a required role whose latest decision is "changes requested". */
  blockers: Blocker[];
  /** Approvals that do not count, with the reason. */
  disregarded: Disregarded[];
  /** Commits written by someone GitHub cannot name: no approval can be shown independent of them. */
  unattributed: Unattributed[];
}

const lower = (s: string) => s.toLowerCase();

/** GitHub's own committer of commits made in its web UI (edits, suggestions, merges). */
const WEB_FLOW = 'web-flow';

/**
 * Everyone who wrote the change, by lower-case login, with how: the opener, every author and
 * committer of its commits (GitHub's `web-flow` committer aside), and whoever pushed one of
 * them where GitHub says so. Commits whose author, committer or pusher has no account are
 * returned apart: nobody can be shown not to have written them.
 */
export function writersOf(
  opener: string,
  commits: readonly PullCommit[],
  pushes: readonly Push[] = [],
): { writers: Map<string, string>; unattributed: Unattributed[] } {
  const writers = new Map<string, string>();
  const unattributed: Unattributed[] = [];
  const add = (login: string, why: string) => {
    if (!writers.has(lower(login))) writers.set(lower(login), why);
  };
  if (opener) add(opener, 'opened the pull request');
  for (const c of commits) {
    const short = shortSha(c.sha);
    if (c.author) add(c.author.login, `authored ${short}`);
    else unattributed.push({ sha: c.sha, who: 'author' });
    if (!c.committer) unattributed.push({ sha: c.sha, who: 'committer' });
    else if (lower(c.committer.login) !== WEB_FLOW) add(c.committer.login, `committed ${short}`);
  }
  // Only pushes that brought one of these commits: a branch name can be reused.
  const shas = new Set(commits.map((c) => c.sha));
  for (const p of pushes) {
    if (!shas.has(p.after)) continue;
    if (p.pusher) add(p.pusher.login, `pushed ${shortSha(p.after)}`);
    else unattributed.push({ sha: p.after, who: 'pusher' });
  }
  return { writers, unattributed };
}

/** Whether every required role signed off, nobody blocks, and every commit has a known writer. */
export function isSignedOff(result: SignoffResult): boolean {
  return (
    result.roles.every((r) => r.missing === 0) &&
    result.blockers.length === 0 &&
    result.unattributed.length === 0
  );
}

/**
 * Each reviewer's latest decision: approved, changes requested, or dismissed (which counts as
 * nothing). A later comment does not undo a decision, as on GitHub; pending reviews are not
 * submitted and do not count.
 */
export function latestDecisions(reviews: readonly Review[]): Review[] {
  const ordered = reviews
    .filter((r) => r.state !== 'PENDING' && r.state !== 'COMMENTED')
    .sort(
      (a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') || (a.id < b.id ? -1 : 1),
    );
  const latest = new Map<string, Review>();
  for (const r of ordered) latest.set(lower(r.reviewer.login), r);
  return [...latest.values()];
}

/**
 * Assigns approvers to role slots so that as many slots as possible are filled and nobody
 * fills two (a maximum bipartite matching, Kuhn's augmenting paths). Deterministic: earlier
 * approvers first, and the roles with the fewest holders first, so that a missing role is
 * one that others can still fill.
 */
function assignDistinct(
  approvers: { login: string; roles: string[] }[],
  required: readonly { role: string; min: number }[],
  holderCount: (role: string) => number,
): Map<string, string> {
  const slots = [...required]
    .sort((a, b) => holderCount(a.role) - holderCount(b.role))
    .flatMap((r) => Array.from({ length: r.min }, () => r.role));
  const holder: (number | undefined)[] = slots.map(() => undefined);
  const tryAssign = (a: number, seen: Set<number>): boolean => {
    for (const [s, role] of slots.entries()) {
      if (seen.has(s) || !approvers[a]!.roles.includes(role)) continue;
      seen.add(s);
      if (holder[s] === undefined || tryAssign(holder[s]!, seen)) {
        holder[s] = a;
        return true;
      }
    }
    return false;
  };
  approvers.forEach((_, a) => tryAssign(a, new Set()));
  const roleOf = new Map<string, string>();
  holder.forEach((a, s) => {
    if (a !== undefined) roleOf.set(approvers[a]!.login, slots[s]!);
  });
  return roleOf;
}

/**
 * Counts sign-offs per required role. An approval counts when it is the reviewer's latest
 * decision, on the head commit (when stale approvals are dismissed), not by anyone who wrote
 * the change (the opener, an author, committer or pusher of its commits), not by an unlisted bot, and
 * from a holder of the role. A holder of a required role whose latest decision requests
 * changes blocks until they approve. Pure: the caller reads the pull request, its commits,
 * its reviews and the role holders.
 */
export function countSignoffs(
  rules: SignoffRules,
  input: {
    head: string;
    /** Who opened the pull request. */
    author: string;
    /** Every commit of the pull request (`GET /pulls/{n}/commits`). */
    commits: readonly PullCommit[];
    /** Pushes to its branch where GitHub lists them (not for forks); [] when unknown. */
    pushes: readonly Push[];
    reviews: readonly Review[];
    holders: ReadonlyMap<string, RoleHolders>;
  },
): SignoffResult {
  const { writers, unattributed } = writersOf(input.author, input.commits, input.pushes);
  const bots = new Set(rules.bots.map(lower));
  const rolesOf = (login: string) =>
    rules.required
      .map((r) => r.role)
      .filter((role) => input.holders.get(role)?.members.has(lower(login)));
  const disregarded: Disregarded[] = [];
  const blockers: Blocker[] = [];
  const approvers: (Approval & { roles: string[] })[] = [];

  for (const review of latestDecisions(input.reviews)) {
    const { login, bot } = review.reviewer;
    const approval = { login, commit: review.commit, at: review.submittedAt };
    const roles = rolesOf(login);
    if (review.state === 'CHANGES_REQUESTED') {
      if (roles.length) blockers.push({ ...approval, roles });
      continue;
    }
    if (review.state !== 'APPROVED') continue;
    const wrote = writers.get(lower(login));
    const why = wrote
      ? `${login} ${wrote}, and nobody who wrote the change may approve it`
      : bot && !bots.has(lower(login))
        ? 'bots count only when listed under gates.signoff.bots'
        : rules.dismissStale && review.commit !== input.head
          ? `approved an older commit (${review.commit ? shortSha(review.commit) : 'unknown'}), not the head ${shortSha(input.head)}`
          : roles.length === 0
            ? 'holds none of the required roles'
            : undefined;
    if (why) disregarded.push({ ...approval, why });
    else approvers.push({ ...approval, roles });
  }

  const assigned = rules.distinct
    ? assignDistinct(
        approvers,
        rules.required,
        (role) => input.holders.get(role)?.members.size ?? 0,
      )
    : undefined;
  const roles = rules.required.map(({ role, min }): RoleSignoff => {
    const holding = approvers.filter((a) => a.roles.includes(role));
    const counted = assigned ? holding.filter((a) => assigned.get(a.login) === role) : holding;
    const others = holding
      .filter((a) => !counted.includes(a))
      .map((a) => {
        const elsewhere = assigned?.get(a.login);
        return {
          login: a.login,
          commit: a.commit,
          at: a.at,
          why: elsewhere ? `counted for ${elsewhere}` : 'beyond the minimum',
        };
      });
    const approved = new Set(holding.map((a) => lower(a.login)));
    const candidates = (input.holders.get(role)?.listed ?? []).filter(
      (h) => !approved.has(lower(h)) && !writers.has(lower(h)),
    );
    return {
      role,
      min,
      counted: counted.map(({ roles: _roles, ...a }) => a),
      others,
      missing: Math.max(0, min - counted.length),
      candidates,
    };
  });
  return { roles, blockers, disregarded, unattributed };
}
