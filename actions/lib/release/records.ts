/**
 * The release record format: what each move of the release branch was (kept in the annotated
 * tag `release/N` and in the ledger), and the ledger of every release event, one JSON line
 * per event on the orphan branch `release-gates/ledger`. Parsing fails closed: a record or
 * ledger line that does not match release.schema.json is an error, never skipped.
 * docs/release-model.md describes the format.
 */
import type { ErrorObject } from 'ajv';
import { UserError } from '../errors.js';
import { decodeText } from '../parse/bytes.js';
import type { Location } from '../verdict/model.js';
import type {
  FreezeEvent,
  MoveEvent,
  ReleaseLedgerLine,
  ReleaseMarkEvent,
  ReleaseRecord,
} from './release.generated.js';
import * as generated from './release.validate.generated.js';
import { shortSha } from '../words.js';

export type { FreezeEvent, MoveEvent, ReleaseMarkEvent, ReleaseRecord };
export type LedgerEvent = ReleaseLedgerLine;

export const LEDGER_BRANCH = 'release-gates/ledger';
export const LEDGER_FILE = 'ledger.jsonl';
export const RECORD_SCHEMA = 'release-gates/release/v1';
export const LEDGER_SCHEMA = 'release-gates/ledger/v1';
/** A ledger file larger than this is refused rather than parsed (about 20,000 releases). */
const MAX_LEDGER_BYTES = 64 * 1024 * 1024;

/** The validator of each kind of ledger event (a Map: an event named `constructor` is unknown). */
const ledgerEvents = new Map([
  ['promote', generated.validateMoveEvent],
  ['rollback', generated.validateMoveEvent],
  ['repair', generated.validateMoveEvent],
  ['freeze', generated.validateFreezeEvent],
  ['unfreeze', generated.validateFreezeEvent],
  ['reject', generated.validateReleaseMarkEvent],
  ['clear', generated.validateReleaseMarkEvent],
]);

function schemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => {
      const at = e.instancePath.slice(1).replace(/\//g, '.') || 'it';
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String(e.params.additionalProperty)})`
          : e.keyword === 'enum'
            ? ` (${(e.params.allowedValues as unknown[]).join(', ')})`
            : '';
      return `${at} ${e.message ?? 'is not valid'}${extra}`;
    })
    .join('; ');
}

/** The tag message: a subject for people (`git tag -n`, GitHub), then the record as JSON. */
export function formatTagMessage(record: ReleaseRecord): string {
  const subject =
    record.kind === 'promote'
      ? `release ${record.release}: promote ${shortSha(record.source.commit)} (${record.source.ref}) to ${record.stable.branch}`
      : `release ${record.release}: roll ${record.stable.branch} back to release ${record.rollback_to}`;
  return `${subject}\n\n${JSON.stringify(record, null, 2)}\n`;
}

/** The record in an annotated tag's message. Throws UserError when it is not a valid record. */
export function parseTagMessage(message: string, tag: string): ReleaseRecord {
  const fail = (why: string): never => {
    throw new UserError({
      message: `tag ${tag} does not hold a valid release record: ${why}`,
      hint: 'release tags are written by release-gates promote and rollback: restore the tag from the ledger record, or delete a tag made by hand',
      location: { file: `refs/tags/${tag}` },
    });
  };
  const blank = message.indexOf('\n\n');
  if (blank === -1) fail('the message has no JSON body after its subject line');
  let value: unknown;
  try {
    value = JSON.parse(message.slice(blank + 2));
  } catch (e) {
    fail(`the body is not JSON (${(e as Error).message})`);
  }
  if (!generated.validateRecord(value)) fail(schemaErrors(generated.validateRecord.errors));
  const record = value as ReleaseRecord;
  if (record.tag !== tag) fail(`it names the tag ${record.tag}`);
  return record;
}

/** One ledger line: the event as compact JSON. */
export function formatLedgerLine(event: LedgerEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Every event of a ledger file, in order. Throws UserError, at the line, for a line that is not
 * JSON, not a known event, or out of sequence.
 */
export function parseLedger(bytes: Uint8Array, where: string): LedgerEvent[] {
  const location = (line: number): Location => ({ file: LEDGER_FILE, line, column: 1 });
  const text = decodeText(bytes, where, {
    maxBytes: MAX_LEDGER_BYTES,
    expected: 'a release ledger (JSON Lines)',
  });
  if (!text.endsWith('\n')) {
    throw new UserError({
      message: `${where} does not end with a newline: its last event may have been cut off`,
      hint: 'the ledger is written by release-gates only: restore it from its branch history',
      location: location(text.split('\n').length),
    });
  }
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      const bad = (why: string): never => {
        throw new UserError({
          message: `${where} line ${i + 1} is not a valid ledger event: ${why}`,
          hint: 'the ledger is written by release-gates only: restore it from its branch history (git log on the ledger branch)',
          location: location(i + 1),
        });
      };
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        bad(`not JSON (${(e as Error).message})`);
      }
      const kind = (value as { event?: unknown } | null)?.event;
      const check = ledgerEvents.get(String(kind));
      if (typeof kind !== 'string' || !check) return bad(`unknown event ${JSON.stringify(kind)}`);
      if (!check(value)) bad(schemaErrors(check.errors));
      const event = value as LedgerEvent;
      if (event.seq !== i + 1) bad(`its seq is ${event.seq}, expected ${i + 1}`);
      return event;
    });
}

/** JSON with sorted keys: two records are the same record when these are equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
