/* Generated from release.schema.json by `npm run generate`. Do not edit: edit the schema. */

/**
 * One line of the release ledger (`ledger.jsonl` on the `release-gates/ledger` branch): an event. Moves of the release branch carry the release record that their annotated tag also holds.
 */
export type ReleaseLedgerLine = MoveEvent | FreezeEvent | ReleaseMarkEvent;
/**
 * When, as an ISO 8601 time with a time zone.
 */
export type Time = string;
/**
 * GitHub login of who acted (the workflow's triggering actor).
 */
export type Login = string;
/**
 * Present only when nothing proved who the actor is: a command run with `--local-unverified`, without a token, against a remote that is not on GitHub. Everywhere else the actor is the runner's or the token's own login.
 */
export type Identity = 'unverified local actor';
/**
 * A release number: the N of the tag `release/N`.
 */
export type ReleaseNumber = number;
/**
 * Why, in the actor's words.
 */
export type Reason = string;
/**
 * A full git object id (SHA-1, or SHA-256 in SHA-256 repositories).
 */
export type Sha = string;

/**
 * The release branch moved: a promotion or a rollback, with its record.
 */
export interface MoveEvent {
  schema: 'release-gates/ledger/v1';
  /**
   * Line number of the event: 1, 2, 3, ...
   */
  seq: number;
  at: Time;
  actor: Login;
  identity?: Identity;
  event: 'promote' | 'rollback' | 'repair';
  record: ReleaseRecord;
}
/**
 * What one move of the release branch was: kept in the message of the annotated tag `release/N` and in the ledger.
 */
export interface ReleaseRecord {
  /**
   * Version of this format.
   */
  schema: 'release-gates/release/v1';
  release: ReleaseNumber;
  /**
   * The tag that marks the move, e.g. `release/12`.
   */
  tag: string;
  /**
   * `promote`: a verified commit of the source branch became the release; `rollback`: an earlier release came back; `repair`: the release branch had been moved outside release-gates, and a new commit on top of where it was found (`stable.previous`) restored the last recorded release's tree (`rollback_to`).
   */
  kind: 'promote' | 'rollback' | 'repair';
  at: Time;
  actor: Login;
  identity?: Identity;
  reason?: Reason;
  /**
   * Rollbacks only: the incident's reference elsewhere (a ticket id or a URL), as the actor gave it.
   */
  incident?: string;
  /**
   * What was released: the commit of the source branch (promote), or the tag of the release returned to (rollback).
   */
  source: {
    ref: string;
    commit: Sha;
  };
  /**
   * The release branch after the move: its head, that head's tree (what production runs), and the head it replaced.
   */
  stable: {
    branch: string;
    commit: Sha;
    tree: Sha;
    previous: Sha | null;
  };
  /**
   * The release this one replaced; null for the first.
   */
  previous_release: ReleaseNumber | null;
  /**
   * A release number: the N of the tag `release/N`.
   */
  rollback_to?: number;
  /**
   * The shipped model, from the policy's `model.config`.
   */
  model: {
    id: string;
    version: string;
  } | null;
  /**
   * The policy that judged the release.
   */
  policy: {
    file: string;
    sha256: string;
    ref?: string;
  } | null;
  /**
   * The gate verdicts on the released commit (promote); null for a rollback, which returns to a release verified when it was promoted.
   */
  gates: {
    result: 'pass' | 'warn' | 'fail' | 'error';
    verdicts: {
      gate: string;
      result: 'pass' | 'warn' | 'fail' | 'error';
      summary?: string;
    }[];
  } | null;
  /**
   * The workflow run that made the move.
   */
  run: {
    url: string;
  } | null;
}
/**
 * Promotions frozen (after a rollback, by hand) or allowed again.
 */
export interface FreezeEvent {
  schema: 'release-gates/ledger/v1';
  seq: number;
  at: Time;
  actor: Login;
  identity?: Identity;
  event: 'freeze' | 'unfreeze';
  reason: Reason;
}
/**
 * A release marked rejected (it may not be promoted again), or the mark cleared.
 */
export interface ReleaseMarkEvent {
  schema: 'release-gates/ledger/v1';
  seq: number;
  at: Time;
  actor: Login;
  identity?: Identity;
  event: 'reject' | 'clear';
  release: ReleaseNumber;
  reason: Reason;
}
