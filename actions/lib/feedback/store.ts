/**
 * The feedback store: one record a line (JSON Lines). New records are appended, never
 * rewriting what is there; only erasure and pruning rewrite it, atomically (a temporary file
 * and a rename), and only when every line is readable, so that nothing is erased in part.
 */
import { UserError, type Problem } from '../errors.js';
import type { InputRecorder } from '../gate.js';
import { parseTimestamp } from '../monitor/interaction.js';
import type { FilePort } from '../ports.js';
import type { Item } from '../verdict/model.js';
import { FEEDBACK_TYPES, SOURCES, type FeedbackRecord } from './record.js';

export interface StoredEntry {
  line: number;
  /** The line as stored, kept byte for byte when the store is rewritten. */
  raw: string;
  record: FeedbackRecord;
}

interface Store {
  path: string;
  exists: boolean;
  entries: StoredEntry[];
  /** Unreadable lines, each with its place. */
  problems: Problem[];
  /** The file ends with a line break (or is empty): an append starts a new line. */
  terminated: boolean;
  /** Bytes read: a rewrite checks that no other run appended since. */
  size: number;
}

/** Why a stored line is not a record; undefined when it is one. */
function storedProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not a JSON object';
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return 'has no id';
  if (typeof r.created_at !== 'string' || parseTimestamp(r.created_at) === null)
    return 'has no valid created_at';
  if (!(FEEDBACK_TYPES as readonly unknown[]).includes(r.type)) return 'has an unknown type';
  if (r.user_id !== null && typeof r.user_id !== 'string') return 'has a user_id that is not text';
  if (
    r.rating !== null &&
    !(Number.isInteger(r.rating) && Number(r.rating) >= 1 && Number(r.rating) <= 5)
  )
    return 'has a rating that is not 1 to 5';
  if (typeof r.description !== 'string') return 'has no description';
  if (r.conversation !== null && typeof r.conversation !== 'string')
    return 'has a conversation that is not text';
  if (!(SOURCES as readonly unknown[]).includes(r.source)) return 'has an unknown source';
  return undefined;
}

export async function readStore(
  path: string,
  files: FilePort,
  inputs: InputRecorder,
): Promise<Store> {
  const store: Store = {
    path,
    exists: false,
    entries: [],
    problems: [],
    terminated: true,
    size: 0,
  };
  if (!(await files.stat(path))) return store;
  const bytes = await inputs.read(path);
  store.size = bytes.length;
  const text = Buffer.from(bytes).toString('utf8');
  store.exists = true;
  store.terminated = text === '' || text.endsWith('\n');
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    const problem = value === undefined ? 'is not valid JSON' : storedProblem(value);
    if (problem)
      store.problems.push({
        message: `line ${line} of the feedback store ${problem}`,
        hint: 'fix or remove the line by hand; every line must be a record written by release-gates feedback',
        location: { file: path, line },
      });
    else store.entries.push({ line, raw, record: value as FeedbackRecord });
  });
  return store;
}

/** The store's unreadable lines: a warning when appending, an error when reading it all. */
export function storeItems(store: Store, status: 'warn' | 'error'): Item[] {
  return store.problems.map((p, i) => ({
    id: `store/${i + 1}`,
    status,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.location ? { location: p.location } : {}),
    rule: 'store',
  }));
}

/** Appends records as new lines; the existing content is never touched. */
export async function appendRecords(
  files: FilePort,
  store: Store,
  records: readonly FeedbackRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await files.append(store.path, recordLines(store, records));
}

/** What appending the records adds to the store's text. */
export function recordLines(store: Store, records: readonly FeedbackRecord[]): string {
  if (records.length === 0) return '';
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return store.terminated ? text : `\n${text}`;
}

/** The store's text with only the records `keep` accepts (refused with unreadable lines). */
export function keptText(store: Store, keep: (record: FeedbackRecord) => boolean): string {
  refuseUnreadable(store);
  return store.entries
    .filter((e) => keep(e.record))
    .map((e) => `${e.raw}\n`)
    .join('');
}

/**
 * Rewrites the store with only the records `keep` accepts, atomically. Refuses when a line is
 * unreadable: it might hold what should go.
 */
export async function rewriteStore(
  files: FilePort,
  store: Store,
  keep: (record: FeedbackRecord) => boolean,
): Promise<{ removed: number; kept: number }> {
  const text = keptText(store, keep);
  const kept = store.entries.filter((e) => keep(e.record)).length;
  const removed = store.entries.length - kept;
  if (removed === 0) return { removed, kept };
  // An append by another run since the store was read would be lost by the rename.
  if ((await files.stat(store.path))?.size !== store.size)
    throw new UserError({
      message: `${store.path} changed while this run read it (another run wrote to it): it is not rewritten`,
      hint: 'run the command again: it reads the store afresh',
      location: { file: store.path },
    });
  await files.write(store.path, text);
  return { removed, kept };
}

/** Throws when a line is unreadable: a rewrite could not tell whether it should go. */
export function refuseUnreadable(store: Store): void {
  if (store.problems.length)
    throw new UserError(
      store.problems.map((p) => ({
        ...p,
        message: `${p.message}: the store is not rewritten, so that nothing is erased in part`,
      })),
    );
}
