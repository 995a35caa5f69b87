import { describe, expect, it } from 'vitest';
import { history } from './history.js';
import { LEDGER_SCHEMA, RECORD_SCHEMA, type LedgerEvent, type ReleaseRecord } from './records.js';
import { replayLedger, type ReleaseState } from './state.js';

const sha = (c: string) => c.repeat(40);

function move(seq: number, release: number, at: string, rollbackTo?: number): LedgerEvent {
  const record: ReleaseRecord = {
    schema: RECORD_SCHEMA,
    release,
    tag: `release/${release}`,
    kind: rollbackTo ? 'rollback' : 'promote',
    at,
    actor: rollbackTo ? 'oscar-oncall' : 'priya-po',
    ...(rollbackTo ? { reason: 'harmful answers', incident: 'INC-7' } : {}),
    source: { ref: rollbackTo ? `release/${rollbackTo}` : 'main', commit: sha(String(release)) },
    stable: {
      branch: 'stable',
      commit: sha(String(release)),
      tree: sha(rollbackTo ? 'a' : String.fromCharCode(96 + release)),
      previous: release > 1 ? sha(String(release - 1)) : null,
    },
    previous_release: release > 1 ? release - 1 : null,
    ...(rollbackTo ? { rollback_to: rollbackTo } : {}),
    model: { id: 'acme-support-llm', version: `1.${release}.0` },
    policy: null,
    gates: rollbackTo ? null : { result: 'pass', verdicts: [] },
    run: null,
  };
  return { schema: LEDGER_SCHEMA, seq, at, actor: record.actor, event: record.kind, record };
}

const mark = (
  seq: number,
  at: string,
  event: 'freeze' | 'unfreeze' | 'reject' | 'clear',
  release?: number,
) =>
  ({
    schema: LEDGER_SCHEMA,
    seq,
    at,
    actor: 'gabriel-gov',
    event,
    reason: `${event} reason`,
    ...(release ? { release } : {}),
  }) as LedgerEvent;

const EVENTS = [
  move(1, 1, '2026-11-01T10:00:00Z'),
  move(2, 2, '2026-11-02T10:00:00Z'),
  move(3, 3, '2026-11-03T03:00:00Z', 1),
  mark(4, '2026-11-03T03:00:00Z', 'reject', 2),
  mark(5, '2026-11-03T03:00:00Z', 'freeze'),
  mark(6, '2026-11-04T09:00:00Z', 'clear', 2),
  mark(7, '2026-11-04T09:30:00Z', 'unfreeze'),
];
const state: ReleaseState = {
  ...replayLedger(EVENTS),
  source: 'remote',
  remote: 'origin',
  branch: 'stable',
  stable: { name: 'refs/heads/stable', sha: sha('3'), commit: sha('3'), tree: sha('a') },
  ledger: null,
  problems: [],
};

describe('the release history', () => {
  it.each([
    ['2026-10-31T00:00:00Z', null, false, 0],
    ['2026-11-01T10:00:00Z', 'release/1', false, 1],
    ['2026-11-02T12:00:00Z', 'release/2', false, 2],
    ['2026-11-03T03:00:00Z', 'release/3', true, 5],
    ['2026-11-04T09:15:00Z', 'release/3', true, 6],
    ['2026-11-05T00:00:00Z', 'release/3', false, 7],
  ])('at %s production ran %s (frozen: %s)', (at, tag, frozen, events) => {
    const outcome = history(state, { at: new Date(at), limit: 0, prefix: 'release/' });
    expect(outcome.data).toMatchObject({ release: tag ? { tag } : null, frozen });
    expect(outcome.items.filter((i) => i.id.startsWith('event-'))).toHaveLength(events);
  });

  it('says every event in a sentence, newest first, and limits the list', () => {
    const outcome = history(state, { limit: 4, prefix: 'release/' });
    expect(outcome.summary).toBe('now: release/3; 7 event(s), the last 4 listed');
    expect(outcome.items.map((i) => i.message)).toEqual([
      'now production ran release/3 (rollback to release 1 by oscar-oncall at 2026-11-03T03:00:00Z, model 1.3.0); promotions not frozen',
      'freeze lifted by gabriel-gov at 2026-11-04T09:30:00Z: unfreeze reason',
      'rejection of release/2 cleared by gabriel-gov at 2026-11-04T09:00:00Z: clear reason',
      'promotions frozen by gabriel-gov at 2026-11-03T03:00:00Z: freeze reason',
      'release/2 rejected by gabriel-gov at 2026-11-03T03:00:00Z: reject reason',
    ]);
    const all = history(state, { limit: 0, prefix: 'release/' }).items.map((i) => i.message);
    expect(all.slice(-3)).toEqual([
      'release/3: rolled stable back from release/2 to release/1 (333333333333) by oscar-oncall at 2026-11-03T03:00:00Z: harmful answers [INC-7]',
      'release/2: promoted 222222222222 of main to stable (222222222222, model 1.2.0) by priya-po at 2026-11-02T10:00:00Z; gates pass',
      'release/1: promoted 111111111111 of main to stable (111111111111, model 1.1.0) by priya-po at 2026-11-01T10:00:00Z; gates pass',
    ]);
  });
});
