/**
 * Writes releases the way promotion and rollback do, for tests of the read side: each event is
 * one commit on the ledger branch, and a move also moves the release branch and adds the
 * annotated tag, all in ONE atomic push whose leases make concurrent writers race-free.
 * Records and ledger lines come from the record module, so the format has one source.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LEDGER_BRANCH,
  LEDGER_FILE,
  LEDGER_SCHEMA,
  RECORD_SCHEMA,
  formatLedgerLine,
  formatTagMessage,
  type LedgerEvent,
  type ReleaseRecord,
} from '../../actions/lib/release/records.js';
import { readReleaseState, type ReleaseState } from '../../actions/lib/release/state.js';
import { SimpleGitPort } from '../../actions/runtime/ports/git.js';
import { tempDir } from './tmp.js';

export const REFS = { remote: 'origin', branch: 'stable', tagPrefix: 'release/' };

let clock = Date.parse('2026-11-10T08:00:00Z');
const tick = () => new Date((clock += 3_600_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  }).trim();
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

/** A prepared event: the objects exist locally; `push()` publishes it or fails on a lease. */
export interface Prepared {
  release?: number;
  push(): void;
}

/** Prepares one release event in the clone at `dir`, from the state the remote has now. */
export async function prepare(
  dir: string,
  change: Move | Mark,
  actor = 'priya-po',
): Promise<Prepared> {
  const state = await readState(dir);
  const at = tick();
  const seq = state.events.length + 1;
  const base = { schema: LEDGER_SCHEMA, seq, at, actor } as const;
  const refspecs: string[] = [];
  const leases = [`--force-with-lease=refs/heads/${LEDGER_BRANCH}:${state.ledger?.commit ?? ''}`];
  let event: LedgerEvent;
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
    event = { ...base, event: change.event, record };
    const message = join(tempDir('rg-tag-'), 'message');
    writeFileSync(message, formatTagMessage(record));
    git(dir, ['tag', '-f', '-a', '--cleanup=verbatim', '-F', message, record.tag, commit]);
    leases.push(`--force-with-lease=refs/heads/${REFS.branch}:${state.stable?.commit ?? ''}`);
    refspecs.push(
      `${commit}:refs/heads/${REFS.branch}`,
      `refs/tags/${record.tag}:refs/tags/${record.tag}`,
    );
  } else {
    event = { ...base, ...change } as LedgerEvent;
  }

  const previous = state.ledger
    ? execFileSync('git', ['show', `${state.ledger.commit}:${LEDGER_FILE}`], {
        cwd: dir,
        encoding: 'utf8',
      })
    : '';
  const blob = git(dir, ['hash-object', '-w', '--stdin'], previous + formatLedgerLine(event));
  const tree = git(dir, ['mktree'], `100644 blob ${blob}\t${LEDGER_FILE}\n`);
  const commit = git(dir, [
    'commit-tree',
    tree,
    ...(state.ledger ? ['-p', state.ledger.commit] : []),
    '-m',
    `${event.event} (event ${seq}) by ${actor}`,
  ]);
  refspecs.push(`${commit}:refs/heads/${LEDGER_BRANCH}`);
  return {
    ...(release ? { release } : {}),
    push: () => git(dir, ['push', '--atomic', '--quiet', REFS.remote, ...leases, ...refspecs]),
  };
}

/** Prepares and pushes one release event; returns the release number of a move. */
export async function record(
  dir: string,
  change: Move | Mark,
  actor?: string,
): Promise<number | undefined> {
  const prepared = await prepare(dir, change, actor);
  prepared.push();
  return prepared.release;
}
