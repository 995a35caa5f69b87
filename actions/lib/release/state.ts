/**
 * The read side of releases: the current state is a replay of the ledger, checked against
 * the release branch and the release tags as the remote has them now.
 */
import { UserError, type Problem } from '../errors.js';
import type { GitPort, RefInfo } from '../ports.js';
import type { Location } from '../verdict/model.js';
import {
  LEDGER_BRANCH,
  LEDGER_FILE,
  canonical,
  parseLedger,
  parseTagMessage,
  type LedgerEvent,
  type ReleaseRecord,
} from './records.js';
import { shortSha } from '../words.js';

export interface Mark {
  seq: number;
  at: string;
  actor: string;
  reason: string;
}

export interface Release {
  number: number;
  record: ReleaseRecord;
  /** Its gates passed or warned (promote), or it returned to a verified release (rollback). */
  verified: boolean;
  rejected: Mark | null;
}

interface ReleaseHistory {
  events: LedgerEvent[];
  releases: Release[];
  /** The release the branch should be at: the last move. */
  current: Release | null;
  frozen: Mark | null;
}

/**
 * Replays ledger events into releases, the current release, the freeze and the rejections.
 * Throws UserError at the event that breaks the rules writers follow (numbering, the chain of
 * branch heads, a rollback to a release that does not exist, unfreezing what is not frozen).
 */
export function replayLedger(events: readonly LedgerEvent[]): ReleaseHistory {
  const releases: Release[] = [];
  let frozen: Mark | null = null;
  for (const event of events) {
    const bad = (why: string): never => {
      throw new UserError({
        message: `ledger event ${event.seq} (${event.event}) is inconsistent: ${why}`,
        hint: 'the ledger is written by release-gates only: compare it with its branch history and restore it',
        location: { file: LEDGER_FILE, line: event.seq, column: 1 },
      });
    };
    const current = releases.at(-1) ?? null;
    const mark = { seq: event.seq, at: event.at, actor: event.actor, reason: '' };
    switch (event.event) {
      case 'promote':
      case 'rollback':
      case 'repair': {
        const r = event.record;
        if (r.kind !== event.event) bad(`its record is a ${r.kind}`);
        if (r.release !== releases.length + 1)
          bad(`it records release ${r.release}, expected ${releases.length + 1}`);
        if (r.at !== event.at || r.actor !== event.actor)
          bad('its record names another time or actor');
        if (r.previous_release !== (current?.number ?? null))
          bad(`its record follows release ${r.previous_release}, not ${current?.number ?? 'none'}`);
        // A repair starts from where it found the hand-moved branch, on top of it.
        if (r.kind === 'repair') {
          if (!current || r.rollback_to !== current.number)
            bad('a repair restores the release before it');
          if (!r.stable.previous || r.stable.previous === current!.record.stable.commit)
            bad('a repair starts from a branch moved outside release-gates');
        } else if (r.stable.previous !== (current?.record.stable.commit ?? null))
          bad(
            `it moved ${r.stable.branch} from ${r.stable.previous}, but release ${current?.number ?? 'none'} left it at ${current?.record.stable.commit ?? 'nothing'}`,
          );
        let verified = r.gates !== null && (r.gates.result === 'pass' || r.gates.result === 'warn');
        if (r.kind === 'rollback' || r.kind === 'repair') {
          const target = r.rollback_to ? releases[r.rollback_to - 1] : undefined;
          if (!target) bad(`it rolls back to release ${r.rollback_to}, which does not exist`);
          if (!r.reason) bad(`a ${r.kind} must give a reason`);
          if (r.stable.tree !== target!.record.stable.tree)
            bad(`its tree is not the tree of release ${target!.number}`);
          verified = target!.verified;
        } else if (r.rollback_to !== undefined) {
          bad('a promotion names rollback_to');
        }
        releases.push({ number: r.release, record: r, verified, rejected: null });
        break;
      }
      case 'freeze':
        if (frozen) bad(`promotions are already frozen since event ${frozen.seq}`);
        frozen = { ...mark, reason: event.reason };
        break;
      case 'unfreeze':
        if (!frozen) bad('promotions are not frozen');
        frozen = null;
        break;
      case 'reject':
      case 'clear': {
        const release = releases[event.release - 1];
        if (!release) bad(`release ${event.release} does not exist`);
        if (event.event === 'reject' && release!.rejected)
          bad(`release ${event.release} is already rejected`);
        if (event.event === 'clear' && !release!.rejected)
          bad(`release ${event.release} is not rejected`);
        release!.rejected = event.event === 'reject' ? { ...mark, reason: event.reason } : null;
        break;
      }
    }
  }
  return { events: [...events], releases, current: releases.at(-1) ?? null, frozen };
}

interface ReleaseRefs {
  /** Remote holding the releases, e.g. `origin`. */
  remote: string;
  /** The release branch, e.g. `stable`. */
  branch: string;
  /** Prefix of release tags, e.g. `release/`. */
  tagPrefix: string;
  ledgerBranch?: string;
}

export interface ReleaseState extends ReleaseHistory {
  /** `local` when the repository has no such remote and its own refs were read. */
  source: 'remote' | 'local';
  remote: string;
  branch: string;
  stable: RefInfo | null;
  ledger: RefInfo | null;
  /**
   * Where the release tags and the ledger disagree: the records cannot be trusted until
   * someone looks. `branchProblem` checks the release branch.
   */
  problems: Problem[];
}

/** The refs the release state is read from: the release branch, the ledger, the release tags. */
export function releaseRefPatterns(refs: ReleaseRefs): string[] {
  return [
    `refs/heads/${refs.branch}`,
    `refs/heads/${refs.ledgerBranch ?? LEDGER_BRANCH}`,
    `refs/tags/${refs.tagPrefix}*`,
  ];
}

/** Reads a file of a commit; the verdict records what it read. */
type ReadAt = (ref: string, path: string) => Promise<Uint8Array | null>;

/**
 * The release state as the remote has it now: the ledger replayed, every release's tag checked
 * against its ledger record, and the release branch against the current release. Malformed
 * records throw; disagreements are listed in `problems`.
 */
export async function readReleaseState(
  git: GitPort,
  refs: ReleaseRefs,
  readAt: ReadAt = (ref, path) => git.show(ref, path),
): Promise<ReleaseState> {
  const ledgerBranch = refs.ledgerBranch ?? LEDGER_BRANCH;
  const [branchRef, ledgerRef] = releaseRefPatterns(refs) as [string, string];
  const tagRefs = `refs/tags/${refs.tagPrefix}`;
  const snapshot = await git.fetchRefs(refs.remote, releaseRefPatterns(refs));
  const stable = snapshot.refs.find((r) => r.name === branchRef) ?? null;
  const ledger = snapshot.refs.find((r) => r.name === ledgerRef) ?? null;
  // Only `prefix` + a number is a release tag: `release/1.2.0` may be someone else's.
  const tags = new Map(
    snapshot.refs
      .filter((r) => /^[1-9][0-9]*$/.test(r.name.slice(tagRefs.length)))
      .map((r) => [r.name.slice('refs/tags/'.length), r]),
  );

  let events: LedgerEvent[] = [];
  if (ledger) {
    const where = `${ledgerBranch}:${LEDGER_FILE}`;
    const bytes = await readAt(ledger.commit, LEDGER_FILE);
    if (!bytes) {
      throw new UserError({
        message: `the ledger branch ${ledgerBranch} has no ${LEDGER_FILE}`,
        hint: 'the ledger is written by release-gates only: restore the file from the branch history',
        location: { file: LEDGER_FILE },
      });
    }
    events = parseLedger(bytes, where);
  }
  const history = replayLedger(events);

  const problems: Problem[] = [];
  const at = (seq: number): Location => ({ file: LEDGER_FILE, line: seq, column: 1 });
  const moves = events.filter(
    (e) => e.event === 'promote' || e.event === 'rollback' || e.event === 'repair',
  );
  for (const [i, release] of history.releases.entries()) {
    const { record } = release;
    const tag = tags.get(record.tag);
    const location = at(moves[i]!.seq);
    if (!tag) {
      problems.push({
        message: `release ${record.release} is recorded in the ledger but its tag ${record.tag} is missing on ${refs.remote}`,
        hint: `recreate the annotated tag ${record.tag} on ${record.stable.commit} with the record from the ledger`,
        location,
      });
      continue;
    }
    if (!tag.tag) {
      problems.push({
        message: `${record.tag} is a lightweight tag: a release tag is annotated and holds its record`,
        hint: `replace it with the annotated tag holding the record from the ledger`,
        location,
      });
      continue;
    }
    const tagged = parseTagMessage(tag.tag.message, record.tag);
    if (canonical(tagged) !== canonical(record)) {
      problems.push({
        message: `the record in tag ${record.tag} differs from the ledger's record of release ${record.release}`,
        hint: 'the ledger is the reference: recreate the tag with the ledger record',
        location,
      });
    } else if (tag.commit !== record.stable.commit) {
      problems.push({
        message: `tag ${record.tag} points at ${tag.commit}, but release ${record.release} moved ${record.stable.branch} to ${record.stable.commit}`,
        hint: `move the tag back to ${record.stable.commit}`,
        location,
      });
    }
  }
  const recorded = new Set(history.releases.map((r) => r.record.tag));
  for (const name of tags.keys()) {
    if (!recorded.has(name)) {
      problems.push({
        message: `tag ${name} looks like a release tag but no release in the ledger made it`,
        hint: `releases are made by release-gates promote and rollback: delete the tag, or use another prefix than ${refs.tagPrefix}`,
        location: { file: `refs/tags/${name}` },
      });
    }
  }
  return {
    ...history,
    source: snapshot.source,
    remote: refs.remote,
    branch: refs.branch,
    stable,
    ledger,
    problems,
  };
}

/**
 * Whether the release branch is where the last release left it; a problem when it was moved
 * outside release-gates, deleted, or exists with no release recorded.
 */
export function branchProblem(state: ReleaseState): Problem | null {
  const { current, stable, branch, remote } = state;
  if (current && !stable) {
    return {
      message: `${branch} does not exist on ${remote}, but release ${current.number} left it at ${current.record.stable.commit}`,
      hint: `restore it: git push ${remote} ${current.record.stable.commit}:refs/heads/${branch}`,
    };
  }
  if (current && stable && stable.commit !== current.record.stable.commit) {
    return {
      message: `${branch} is at ${stable.commit}, but the last release (${current.number}) left it at ${current.record.stable.commit}: it was moved outside release-gates`,
      hint: `nothing can be promoted or rolled back from it until it is repaired: release-gates repair --reason "..." (the Repair operation of the release-admin workflow) adds a commit on top of ${shortSha(stable.commit)} with exactly ${current.record.tag}'s tree, recorded as a release, without a force push; then promote or roll back as usual`,
    };
  }
  if (!current && stable) {
    return {
      message: `${branch} exists on ${remote} (${stable.commit}) but no release is recorded`,
      hint: 'promote a verified commit with release-gates promote, which records the first release',
    };
  }
  return null;
}

/**
 * The release production would return to if `candidate` were released: the current release
 * when the candidate is new; when the candidate is the current release, the newest earlier
 * verified, not rejected release with other content. Null when there is none.
 */
export function rollbackTarget(
  history: ReleaseHistory,
  candidate: string | null,
): { target: Release | null; candidateIsCurrent: boolean } {
  const current = history.current;
  if (!current) return { target: null, candidateIsCurrent: false };
  const candidateIsCurrent =
    candidate === current.record.stable.commit || candidate === current.record.source.commit;
  if (!candidateIsCurrent) return { target: current, candidateIsCurrent };
  const target =
    [...history.releases]
      .reverse()
      .find(
        (r) =>
          r.number < current.number &&
          r.verified &&
          !r.rejected &&
          r.record.stable.tree !== current.record.stable.tree,
      ) ?? null;
  return { target, candidateIsCurrent };
}
