/**
 * The write side of releases: ledger events, and for a move the release branch and the
 * annotated tag, published in ONE atomic push with a lease on every ref. The leases are the
 * values of the state the caller judged: if anyone changed any of them since (a concurrent
 * promotion, rollback or freeze), nothing moves and the caller re-reads. docs/release-model.md.
 *
 * An operation that moves the release branch is a check that returns its items and a plan
 * (promote.ts, rollback.ts, repair.ts), and `carryOut`, the one place that turns a plan into
 * a dry run's answer or a publication and its follow-ups.
 */
import type { GitPort, Identity, PushResult, RefUpdate } from '../ports.js';
import type { Item, Verdict } from '../verdict/model.js';
import { notPublished, type OperationResult, type ReleaseContext } from './operation.js';
import {
  LEDGER_BRANCH,
  LEDGER_FILE,
  LEDGER_SCHEMA,
  formatLedgerLine,
  formatTagMessage,
  type FreezeEvent,
  type LedgerEvent,
  type MoveEvent,
  type ReleaseMarkEvent,
  type ReleaseRecord,
} from './records.js';
import type { ReleaseState } from './state.js';

/** An event to append; `schema` and `seq` are filled in. */
export type NewEvent =
  | Omit<MoveEvent, 'schema' | 'seq'>
  | Omit<FreezeEvent, 'schema' | 'seq'>
  | Omit<ReleaseMarkEvent, 'schema' | 'seq'>;

/** A move of the release branch: its new head and the record its tag holds. */
export interface Move {
  head: string;
  record: ReleaseRecord;
}

interface Publication {
  /** Appended in order, one ledger commit each. A move's own event comes first. */
  events: NewEvent[];
  move?: Move;
  identity: Identity;
  ledgerBranch?: string;
}

export interface Published {
  result: PushResult;
  /** The events as written, with their sequence numbers. */
  events: LedgerEvent[];
  ledgerHead: string;
}

/** Time as the records keep it: ISO 8601, UTC, whole seconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "ledger event 7", "ledger events 7-9": where a publication's events are. */
export function ledgerEvents(events: readonly LedgerEvent[]): string {
  const [first, last] = [events[0]!.seq, events.at(-1)!.seq];
  return first === last ? `ledger event ${first}` : `ledger events ${first}-${last}`;
}

/** The identity commits and tags are written with: the actor, at a GitHub no-reply address. */
export function identityOf(actor: string, date: Date): Identity {
  return { name: actor, email: `${actor}@users.noreply.github.com`, date };
}

/** Writes the objects (no ref moves until the push), then pushes every ref at once. */
export async function publish(
  git: GitPort,
  state: ReleaseState,
  publication: Publication,
): Promise<Published> {
  const ledgerBranch = publication.ledgerBranch ?? LEDGER_BRANCH;
  let text = '';
  if (state.ledger) {
    const bytes = await git.show(state.ledger.commit, LEDGER_FILE);
    text = new TextDecoder().decode(bytes ?? new Uint8Array());
  }
  let head = state.ledger?.commit ?? null;
  const events: LedgerEvent[] = [];
  for (const event of publication.events) {
    const written = {
      schema: LEDGER_SCHEMA,
      seq: state.events.length + events.length + 1,
      ...event,
    } as LedgerEvent;
    text += formatLedgerLine(written);
    const blob = await git.writeBlob(text);
    const tree = await git.writeTree([{ path: LEDGER_FILE, blob }]);
    head = await git.createCommit({
      tree,
      parents: head ? [head] : [],
      message: `${written.event} (event ${written.seq}) by ${written.actor}`,
      identity: publication.identity,
    });
    events.push(written);
  }

  const updates: RefUpdate[] = [
    { ref: `refs/heads/${ledgerBranch}`, to: head!, expect: state.ledger?.commit ?? null },
  ];
  const move = publication.move;
  if (move) {
    const tag = await git.createTag({
      name: move.record.tag,
      commit: move.head,
      message: formatTagMessage(move.record),
      identity: publication.identity,
    });
    updates.push(
      { ref: `refs/heads/${state.branch}`, to: move.head, expect: state.stable?.commit ?? null },
      { ref: `refs/tags/${move.record.tag}`, to: tag, expect: null },
    );
  }
  const result = await git.push(state.remote, updates);
  return { result, events, ledgerHead: head! };
}

/** A planned move of the release branch: the publication, and what it does in words. */
interface PlannedMove {
  publication: Publication & { move: Move };
  /** What moves, for the item of a refused push: 'promotion', 'rollback'. */
  what: string;
  /** The move item of a dry run, and its summary: the plan in words. */
  preview: { message: string; summary: string };
  /** The move item once published, before where the ledger events are. */
  published: string;
}

/** What an operation does once its checks pass. */
export interface Plan {
  /** The release state the checks judged: the publication's leases. */
  state: ReleaseState;
  /** Absent when a re-run finds the release done already: only the follow-ups remain. */
  move?: PlannedMove;
  /** The report's data, but for `published`. */
  data: Record<string, unknown>;
  /** The follow-ups on GitHub, each found before it is made; `events` were just published. */
  followUps?: (events: readonly LedgerEvent[]) => Promise<Item[]>;
  /** The summary once done; the items say whether a follow-up failed. */
  summary: (items: readonly Item[]) => string;
}

/** What the checks found: their items, and a plan, or why nothing is done (`stopped`). */
export type Checked = { items: Item[]; verdicts: Verdict[]; commit: string | null } & (
  { plan: Plan } | { stopped: string }
);

/**
 * A dry run is the plan and nothing else: its items, and the move in words. Otherwise the move
 * is published (a refused push stops there), then the follow-ups run.
 */
export async function carryOut(ctx: ReleaseContext, checked: Checked): Promise<OperationResult> {
  const { items, verdicts, commit } = checked;
  const result = (summary: string, data?: Record<string, unknown>): OperationResult => ({
    outcome: { items, summary, ...(data ? { data } : {}) },
    verdicts,
    commit,
  });
  if ('stopped' in checked) return result(checked.stopped);
  const { state, move, data, followUps, summary } = checked.plan;
  if (ctx.dryRun) {
    if (!move) return result(summary(items), { ...data, published: false });
    items.push({ id: 'move', status: 'info', message: move.preview.message, rule: 'move' });
    return result(move.preview.summary, { ...data, published: false });
  }
  let events: LedgerEvent[] = [];
  if (move) {
    const published = await publish(ctx.ports.git, state, move.publication);
    if (published.result.status !== 'pushed') {
      items.push(notPublished(published, move.what, state.remote));
      return result('nothing moved: the push was not accepted');
    }
    events = published.events;
    items.push({
      id: 'move',
      status: 'pass',
      message: `${move.published}; ${ledgerEvents(events)}`,
      observed: move.publication.move.record.tag,
      rule: 'move',
    });
  }
  if (followUps) items.push(...(await followUps(events)));
  return result(summary(items), { ...data, published: move !== undefined });
}
