/**
 * Writes release histories for tests of the read side (any gate result, any actor, any
 * time) through the real writer, `publish`: each event one ledger commit, and a move also
 * moving the release branch and adding the annotated tag, all in ONE atomic push with leases.
 * A rollback here moves the branch to the target's own commit (the `reset` strategy).
 */
import { execFileSync } from 'node:child_process';
import {
  RECORD_SCHEMA,
  type LedgerEvent,
  type ReleaseRecord,
} from '../../actions/lib/release/records.js';
import { readReleaseState, type ReleaseState } from '../../actions/lib/release/state.js';
import { identityOf, publish, type NewEvent } from '../../actions/lib/release/write.js';
import { SimpleGitPort } from '../../actions/runtime/ports/git.js';

export const REFS = { remote: 'origin', branch: 'stable', tagPrefix: 'release/' };

let clock = Date.parse('2026-11-10T08:00:00Z');
const tick = () => new Date((clock += 3_600_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

export function readState(dir: string): Promise<ReleaseState> {
  return readReleaseState(new SimpleGitPort(dir), REFS);
}

type Move =
  | { event: 'promote'; commit: string; gates?: 'pass' | 'warn' | 'fail'; reason?: string }
  | { event: 'rollback'; to: number; reason: string };
type Mark =
  | { event: 'freeze' | 'unfreeze'; reason: string }
  | { event: 'reject' | 'clear'; release: number; reason: string };

/** A prepared event: `push()` publishes it, or throws when a lease fails. */
export interface Prepared {
  release?: number;
  push(): Promise<void>;
}

/** Prepares one release event in the clone at `dir`, from the state the remote has now. */
export async function prepare(
  dir: string,
  change: Move | Mark,
  actor = 'priya-po',
): Promise<Prepared> {
  const port = new SimpleGitPort(dir);
  const state = await readReleaseState(port, REFS);
  const at = tick();
  let event: NewEvent;
  let move: { head: string; record: ReleaseRecord } | undefined;
  let release: number | undefined;
  if (change.event === 'promote' || change.event === 'rollback') {
    release = state.releases.length + 1;
    const target = change.event === 'rollback' ? state.releases[change.to - 1]! : undefined;
    const commit = change.event === 'rollback' ? target!.record.stable.commit : change.commit;
    const record: ReleaseRecord = {
      schema: RECORD_SCHEMA,
      release,
      tag: `${REFS.tagPrefix}${release}`,
      kind: change.event,
      at,
      actor,
      ...(change.reason ? { reason: change.reason } : {}),
      source: target ? { ref: target.record.tag, commit } : { ref: 'main', commit },
      stable: {
        branch: REFS.branch,
        commit,
        tree: git(dir, ['rev-parse', `${commit}^{tree}`]),
        previous: state.stable?.commit ?? null,
      },
      previous_release: state.current?.number ?? null,
      ...(target ? { rollback_to: target.number } : {}),
      model: { id: 'acme-support-llm', version: '2026.11.0' },
      policy: { file: 'policies/release-policy.yaml', sha256: 'f'.repeat(64) },
      gates:
        change.event === 'promote'
          ? {
              result: change.gates ?? 'pass',
              verdicts: [{ gate: 'evals', result: change.gates ?? 'pass' }],
            }
          : null,
      run: { url: 'https://github.com/acme/chatbot/actions/runs/1' },
    };
    event = { at, actor, event: change.event, record };
    move = { head: commit, record };
  } else {
    event = { at, actor, ...change } as NewEvent;
  }
  return {
    ...(release ? { release } : {}),
    async push() {
      const published = await publish(port, state, {
        events: [event],
        ...(move ? { move } : {}),
        identity: identityOf(actor, new Date(at)),
      });
      if (published.result.status !== 'pushed')
        throw new Error(`${published.result.status}: ${published.result.detail}`);
    },
  };
}

/** Prepares and pushes one release event; returns the release number of a move. */
export async function record(
  dir: string,
  change: Move | Mark,
  actor?: string,
): Promise<number | undefined> {
  const prepared = await prepare(dir, change, actor);
  await prepared.push();
  return prepared.release;
}

export type { LedgerEvent };
