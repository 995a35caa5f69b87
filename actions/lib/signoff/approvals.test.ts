import { describe, expect, it } from 'vitest';
import type { PullCommit, Push, Review, ReviewState } from '../ports.js';
import {
  countSignoffs,
  isSignedOff,
  latestDecisions,
  writersOf,
  type RoleHolders,
  type SignoffRules,
} from './approvals.js';

const HEAD = 'h'.repeat(40);
const OLD = 'o'.repeat(40);

let id = 0;
function review(login: string, state: ReviewState, commit = HEAD, minute = ++id): Review {
  return {
    id: minute,
    reviewer: { login, bot: login.endsWith('[bot]') },
    state,
    commit,
    submittedAt:
      state === 'PENDING' ? null : `2026-11-21T10:${String(minute % 60).padStart(2, '0')}:00Z`,
  };
}

function holders(roles: Record<string, string[]>): Map<string, RoleHolders> {
  return new Map(
    Object.entries(roles).map(([role, users]) => [
      role,
      { members: new Map(users.map((u) => [u.toLowerCase(), 'user'])), listed: users },
    ]),
  );
}

const ROLES = holders({
  'product-owner': ['priya-po', 'paul-pm'],
  'governance-lead': ['gabriel-gov'],
  'ml-engineer': ['mei-ml'],
});
const RULES: SignoffRules = {
  required: [
    { role: 'product-owner', min: 1 },
    { role: 'governance-lead', min: 1 },
  ],
  dismissStale: true,
  bots: [],
  distinct: true,
};

const person = (login: string) => ({ login, bot: login.endsWith('[bot]') });
function commit(sha: string, author: string | null, committer: string | null = author): PullCommit {
  return {
    sha: sha.repeat(40).slice(0, 40),
    author: author === null ? null : person(author),
    committer: committer === null ? null : person(committer),
  };
}

function count(
  reviews: Review[],
  rules: Partial<SignoffRules> = {},
  roles = ROLES,
  author = 'mei-ml',
  commits: PullCommit[] = [commit('h', author)],
  pushes: Push[] = [],
) {
  const result = countSignoffs(
    { ...RULES, ...rules },
    { head: HEAD, author, commits, pushes, reviews, holders: roles },
  );
  return {
    counted: Object.fromEntries(result.roles.map((r) => [r.role, r.counted.map((a) => a.login)])),
    missing: Object.fromEntries(result.roles.map((r) => [r.role, r.missing])),
    blockers: result.blockers.map((b) => b.login),
    disregarded: Object.fromEntries(result.disregarded.map((d) => [d.login, d.why])),
    result,
  };
}

describe('countSignoffs', () => {
  it('passes when both roles approved the head commit', () => {
    const c = count([review('priya-po', 'APPROVED'), review('gabriel-gov', 'APPROVED')]);
    expect(c.counted).toEqual({
      'product-owner': ['priya-po'],
      'governance-lead': ['gabriel-gov'],
    });
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
  });

  it('names who is still missing', () => {
    const c = count([review('priya-po', 'APPROVED')]);
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 1 });
    expect(c.result.roles[1]!.candidates).toEqual(['gabriel-gov']);
  });

  it.each<[string, Review[], Partial<SignoffRules>, string, RegExp]>([
    [
      'the author’s own approval',
      [review('priya-po', 'APPROVED')],
      {},
      'priya-po',
      /priya-po opened the pull request, and nobody who wrote the change may approve it/,
    ],
    [
      'an approval of an older commit',
      [review('priya-po', 'APPROVED', OLD)],
      {},
      'mei-ml',
      /approved an older commit \(oooooooooooo\), not the head hhhhhhhhhhhh/,
    ],
    [
      'an unlisted bot',
      [review('po-bot[bot]', 'APPROVED')],
      {},
      'mei-ml',
      /bots count only when listed/,
    ],
    [
      'someone holding no required role',
      [review('mei-ml', 'APPROVED')],
      {},
      'tom-ml',
      /holds none of the required roles/,
    ],
  ])('does not count %s', (_name, reviews, rules, author, why) => {
    const roles = holders({
      'product-owner': ['priya-po', 'po-bot[bot]'],
      'governance-lead': ['gabriel-gov'],
    });
    const c = count(reviews, rules, roles, author);
    expect(c.missing['product-owner']).toBe(1);
    expect(Object.values(c.disregarded)[0]).toMatch(why);
  });

  it('counts an approval of an older commit when stale approvals are kept', () => {
    const c = count([review('priya-po', 'APPROVED', OLD), review('gabriel-gov', 'APPROVED')], {
      dismissStale: false,
    });
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
  });

  it('counts a bot listed under bots, for the roles it holds', () => {
    const roles = holders({ 'product-owner': ['po-bot[bot]'], 'governance-lead': ['gabriel-gov'] });
    const c = count([review('po-bot[bot]', 'APPROVED')], { bots: ['PO-Bot[bot]'] }, roles);
    expect(c.counted['product-owner']).toEqual(['po-bot[bot]']);
  });

  it('blocks on changes requested by a role holder until they approve', () => {
    const blocked = count([
      review('priya-po', 'APPROVED'),
      review('gabriel-gov', 'CHANGES_REQUESTED', OLD),
      review('paul-pm', 'CHANGES_REQUESTED'),
    ]);
    expect(blocked.blockers).toEqual(['gabriel-gov', 'paul-pm']);
    expect(blocked.missing['governance-lead']).toBe(1);
    const approved = count([
      review('gabriel-gov', 'CHANGES_REQUESTED'),
      review('priya-po', 'APPROVED'),
      review('gabriel-gov', 'APPROVED'),
    ]);
    expect(approved.blockers).toEqual([]);
    expect(approved.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
  });

  it('ignores changes requested by someone holding no required role', () => {
    expect(count([review('mei-ml', 'CHANGES_REQUESTED')]).blockers).toEqual([]);
  });

  it.each<[string, ReviewState[], number]>([
    ['a later comment keeps the approval', ['APPROVED', 'COMMENTED'], 0],
    ['a dismissed approval counts as nothing', ['APPROVED', 'DISMISSED'], 1],
    ['approval after changes requested', ['CHANGES_REQUESTED', 'APPROVED'], 0],
    ['changes requested after approval', ['APPROVED', 'CHANGES_REQUESTED'], 1],
    ['a pending review is not submitted', ['PENDING'], 1],
  ])('takes each reviewer’s latest decision: %s', (_name, states, missing) => {
    const c = count([
      ...states.map((s) => review('gabriel-gov', s)),
      review('priya-po', 'APPROVED'),
    ]);
    expect(c.missing['governance-lead']).toBe(missing);
  });

  it('orders reviews by submission time, not by list position', () => {
    const later = review('gabriel-gov', 'APPROVED', HEAD, 50);
    const earlier = review('gabriel-gov', 'CHANGES_REQUESTED', HEAD, 10);
    expect(latestDecisions([later, earlier])).toEqual([later]);
  });

  it('matches logins case-insensitively', () => {
    const c = count(
      [review('Priya-PO', 'APPROVED'), review('GABRIEL-gov', 'APPROVED')],
      {},
      ROLES,
      'MEI-ML',
    );
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
  });

  it('needs two people for two roles, even when one holds both', () => {
    const roles = holders({
      'product-owner': ['gabriel-gov', 'priya-po'],
      'governance-lead': ['gabriel-gov'],
    });
    const alone = count([review('gabriel-gov', 'APPROVED')], {}, roles);
    expect(alone.counted).toEqual({ 'product-owner': [], 'governance-lead': ['gabriel-gov'] });
    expect(alone.result.roles[0]!.others).toEqual([
      expect.objectContaining({ login: 'gabriel-gov', why: 'counted for governance-lead' }),
    ]);
    // Matching, not first come first served: gabriel approved first but fills the role only he holds.
    const both = count(
      [review('gabriel-gov', 'APPROVED'), review('priya-po', 'APPROVED')],
      {},
      roles,
    );
    expect(both.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
    const shared = count([review('gabriel-gov', 'APPROVED')], { distinct: false }, roles);
    expect(shared.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
  });

  it('counts distinct approvals up to each role’s minimum', () => {
    const roles = holders({ 'product-owner': ['a', 'b', 'c'], 'governance-lead': ['g'] });
    const rules = {
      required: [
        { role: 'product-owner', min: 2 },
        { role: 'governance-lead', min: 1 },
      ],
    };
    const c = count(
      ['a', 'b', 'c', 'g'].map((u) => review(u, 'APPROVED')),
      rules,
      roles,
    );
    expect(c.counted).toEqual({ 'product-owner': ['a', 'b'], 'governance-lead': ['g'] });
    expect(c.result.roles[0]!.others).toEqual([
      expect.objectContaining({ login: 'c', why: 'beyond the minimum' }),
    ]);
    expect(count([review('a', 'APPROVED')], rules, roles).missing['product-owner']).toBe(1);
  });
});

describe('nobody who wrote the change approves it', () => {
  const both = [review('priya-po', 'APPROVED'), review('gabriel-gov', 'APPROVED')];

  it('does not count the approval of someone who pushed a commit onto another’s pull request', () => {
    // mei-ml opened it; gabriel-gov pushed a weakening commit onto it, then approved.
    const c = count(both, {}, ROLES, 'mei-ml', [commit('a', 'mei-ml'), commit('b', 'gabriel-gov')]);
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 1 });
    expect(c.disregarded['gabriel-gov']).toMatch(/gabriel-gov authored bbbbbbbbbbbb/);
    expect(c.result.roles[1]!.candidates).toEqual([]);
    expect(isSignedOff(c.result)).toBe(false);
  });

  it('does not count a committer’s approval (a rebase, an amend, a cherry-pick of another’s commit)', () => {
    const c = count(both, {}, ROLES, 'mei-ml', [commit('a', 'mei-ml', 'priya-po')]);
    expect(c.disregarded['priya-po']).toMatch(/priya-po committed aaaaaaaaaaaa/);
    expect(c.missing['product-owner']).toBe(1);
  });

  it('ignores GitHub’s web-flow committer, not the author of a web edit', () => {
    const c = count(both, {}, ROLES, 'mei-ml', [
      commit('a', 'mei-ml'),
      commit('b', 'tom-ml', 'web-flow'),
    ]);
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
    expect(isSignedOff(c.result)).toBe(true);
    expect([...writersOf('mei-ml', [commit('b', 'tom-ml', 'web-flow')]).writers.keys()]).toEqual([
      'mei-ml',
      'tom-ml',
    ]);
  });

  it.each<[string, string | null, string | null, 'author' | 'committer']>([
    ['author', null, 'mei-ml', 'author'],
    ['committer', 'mei-ml', null, 'committer'],
  ])('never signs off a commit whose %s has no GitHub account', (_n, author, committer, who) => {
    const c = count(both, {}, ROLES, 'mei-ml', [
      commit('a', 'mei-ml'),
      commit('c', author, committer),
    ]);
    // The roles are filled, but a writer nobody can name could be any approver.
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 0 });
    expect(c.result.unattributed).toEqual([{ sha: 'c'.repeat(40), who }]);
    expect(isSignedOff(c.result)).toBe(false);
  });

  it('does not count whoever pushed a commit of the pull request, as GitHub lists the pushes', () => {
    // gabriel-gov pushed mei-ml's commit, unchanged, onto the branch: the commit does not say so.
    const mine = commit('a', 'mei-ml');
    const pushes: Push[] = [
      { after: mine.sha, pusher: person('gabriel-gov') },
      // A push of a commit that is not the pull request's (an old branch of the same name).
      { after: 'f'.repeat(40), pusher: person('priya-po') },
    ];
    const c = count(both, {}, ROLES, 'mei-ml', [mine], pushes);
    expect(c.disregarded['gabriel-gov']).toMatch(/gabriel-gov pushed aaaaaaaaaaaa/);
    expect(c.missing).toEqual({ 'product-owner': 0, 'governance-lead': 1 });
    const ghost = count(both, {}, ROLES, 'mei-ml', [mine], [{ after: mine.sha, pusher: null }]);
    expect(ghost.result.unattributed).toEqual([{ sha: mine.sha, who: 'pusher' }]);
    expect(isSignedOff(ghost.result)).toBe(false);
  });
});
