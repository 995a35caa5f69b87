import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import {
  LEDGER_SCHEMA,
  RECORD_SCHEMA,
  canonical,
  formatLedgerLine,
  formatTagMessage,
  parseLedger,
  parseTagMessage,
  type LedgerEvent,
  type ReleaseRecord,
} from './records.js';
import { replayLedger, rollbackTarget } from './state.js';

const sha = (c: string) => c.repeat(40);

function record(release: number, overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    schema: RECORD_SCHEMA,
    release,
    tag: `release/${release}`,
    kind: 'promote',
    at: `2026-11-0${release}T10:00:00Z`,
    actor: 'priya-po',
    source: { ref: 'main', commit: sha(String(release)) },
    stable: {
      branch: 'stable',
      commit: sha(String(release)),
      tree: sha(String.fromCharCode(96 + release)),
      previous: release > 1 ? sha(String(release - 1)) : null,
    },
    previous_release: release > 1 ? release - 1 : null,
    model: { id: 'acme-support-llm', version: '2026.11.0' },
    policy: { file: 'policies/release-policy.yaml', sha256: 'f'.repeat(64) },
    gates: {
      result: 'pass',
      verdicts: [{ gate: 'evals', result: 'pass', summary: '6 checks: 6 pass' }],
    },
    run: { url: 'https://github.com/acme/chatbot/actions/runs/9' },
    ...overrides,
  };
}

const move = (seq: number, r: ReleaseRecord): LedgerEvent => ({
  schema: LEDGER_SCHEMA,
  seq,
  at: r.at,
  actor: r.actor,
  event: r.kind,
  record: r,
});
const mark = (
  seq: number,
  event: 'freeze' | 'unfreeze' | 'reject' | 'clear',
  release?: number,
): LedgerEvent =>
  ({
    schema: LEDGER_SCHEMA,
    seq,
    at: '2026-11-09T10:00:00Z',
    actor: 'gabriel-gov',
    event,
    reason: 'p95 latency breach',
    ...(release ? { release } : {}),
  }) as LedgerEvent;

const ledger = (events: LedgerEvent[]) => Buffer.from(events.map(formatLedgerLine).join(''));

function problem(run: () => unknown): { message: string; line?: number } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const p = (e as UserError).problems[0]!;
    return { message: p.message, ...(p.location?.line ? { line: p.location.line } : {}) };
  }
  throw new Error('expected a UserError');
}

describe('release records in tag messages', () => {
  it('round-trips: a subject for people, the record as JSON', () => {
    const r = record(3);
    const message = formatTagMessage(r);
    expect(message.split('\n')[0]).toBe('release 3: promote 333333333333 (main) to stable');
    expect(parseTagMessage(message, 'release/3')).toEqual(r);
  });

  it('names a rollback in its subject', () => {
    const r = record(4, { kind: 'rollback', rollback_to: 2, reason: 'incident', gates: null });
    expect(formatTagMessage(r)).toMatch(/^release 4: roll stable back to release 2\n/);
  });

  it.each([
    ['no body', 'release 3: promote', /no JSON body/],
    ['a body that is not JSON', 'release 3\n\n{"schema": ', /the body is not JSON/],
    [
      'another schema',
      `s\n\n${JSON.stringify({ ...record(3), schema: 'release-gates/release/v9' })}`,
      /schema must be equal to constant/,
    ],
    [
      'a missing field',
      `s\n\n${JSON.stringify({ ...record(3), stable: undefined })}`,
      /it must have required property 'stable'/,
    ],
    [
      'an unknown field',
      `s\n\n${JSON.stringify({ ...record(3), approved: true })}`,
      /must NOT have additional properties \(approved\)/,
    ],
    [
      'a short sha',
      `s\n\n${JSON.stringify(record(3, { source: { ref: 'main', commit: 'abc123' } }))}`,
      /source\.commit must match pattern/,
    ],
    [
      'a bad kind',
      `s\n\n${JSON.stringify({ ...record(3), kind: 'deploy' })}`,
      /kind must be equal to one of the allowed values \(promote, rollback, repair\)/,
    ],
    [
      'a time without zone',
      `s\n\n${JSON.stringify({ ...record(3), at: '2026-11-03 10:00' })}`,
      /at must match format "date-time"/,
    ],
    ['another tag', formatTagMessage(record(4)), /it names the tag release\/4/],
  ])('refuses a tag message with %s', (_name, message, why) => {
    expect(problem(() => parseTagMessage(message, 'release/3')).message).toMatch(why);
  });
});

describe('the ledger', () => {
  const good = [move(1, record(1)), move(2, record(2)), mark(3, 'freeze')];

  it('parses one event per line', () => {
    expect(parseLedger(ledger(good), 'release-gates/ledger:ledger.jsonl')).toEqual(good);
  });

  it.each([
    [
      'a line that is not JSON',
      Buffer.from('{"seq": 1\n'),
      /line 1 is not a valid ledger event: not JSON/,
      1,
    ],
    ['an unknown event', Buffer.from('{"event":"deploy","seq":1}\n'), /unknown event "deploy"/, 1],
    [
      'an event named after an object property',
      Buffer.from('{"event":"constructor","seq":1}\n'),
      /unknown event "constructor"/,
      1,
    ],
    [
      'a release record in the ledger',
      Buffer.from('{"event":"record","seq":1}\n'),
      /unknown event "record"/,
      1,
    ],
    [
      'a missing reason',
      Buffer.from(`${JSON.stringify({ ...mark(1, 'freeze'), reason: undefined })}\n`),
      /must have required property 'reason'/,
      1,
    ],
    [
      'seq out of order',
      ledger([move(1, record(1)), { ...mark(3, 'freeze') }]),
      /line 2 .* its seq is 3, expected 2/,
      2,
    ],
    [
      'a cut-off last line',
      Buffer.from(formatLedgerLine(move(1, record(1))).slice(0, -1)),
      /does not end with a newline/,
      1,
    ],
    [
      'a blank line',
      Buffer.from(`${formatLedgerLine(move(1, record(1)))}\n`),
      /line 2 .* not JSON/,
      2,
    ],
    ['binary bytes', Buffer.from([0x7b, 0x00, 0x0a]), /binary file/, undefined],
  ])('refuses %s, at its line', (_name, bytes, why, line) => {
    const p = problem(() => parseLedger(bytes, 'release-gates/ledger:ledger.jsonl'));
    expect(p.message).toMatch(why);
    if (line) expect(p.line).toBe(line);
  });
});

describe('replaying the ledger', () => {
  it('gives the releases, the current one, the freeze and the rejections', () => {
    const rollback = record(3, {
      kind: 'rollback',
      rollback_to: 1,
      reason: 'harmful answers in production',
      gates: null,
      source: { ref: 'release/1', commit: sha('1') },
      stable: { branch: 'stable', commit: sha('1'), tree: sha('a'), previous: sha('2') },
    });
    const h = replayLedger([
      move(1, record(1)),
      move(2, record(2)),
      move(3, rollback),
      mark(4, 'reject', 2),
      mark(5, 'freeze'),
    ]);
    expect(h.current?.number).toBe(3);
    expect(h.current?.verified).toBe(true);
    expect(h.releases[1]!.rejected).toMatchObject({ seq: 4, actor: 'gabriel-gov' });
    expect(h.frozen).toMatchObject({ seq: 5, reason: 'p95 latency breach' });
    const after = replayLedger([...h.events, mark(6, 'unfreeze'), mark(7, 'clear', 2)]);
    expect(after.frozen).toBeNull();
    expect(after.releases[1]!.rejected).toBeNull();
  });

  it('marks a promotion whose gates failed as not verified', () => {
    const h = replayLedger([move(1, record(1, { gates: { result: 'fail', verdicts: [] } }))]);
    expect(h.current?.verified).toBe(false);
  });

  it.each<[string, LedgerEvent[], RegExp]>([
    [
      'a skipped release number',
      [
        move(
          1,
          record(2, { previous_release: null, stable: { ...record(2).stable, previous: null } }),
        ),
      ],
      /records release 2, expected 1/,
    ],
    [
      'a broken chain of heads',
      [
        move(1, record(1)),
        move(2, record(2, { stable: { ...record(2).stable, previous: sha('9') } })),
      ],
      /moved stable from 9+, but release 1 left it at 1+/,
    ],
    [
      'a wrong previous release',
      [move(1, record(1)), move(2, record(2, { previous_release: null }))],
      /follows release null, not 1/,
    ],
    [
      'a rollback to nowhere',
      [move(1, record(1)), move(2, record(2, { kind: 'rollback', rollback_to: 5, reason: 'x' }))],
      /rolls back to release 5, which does not exist/,
    ],
    [
      'a rollback without reason',
      [
        move(1, record(1)),
        move(
          2,
          record(2, {
            kind: 'rollback',
            rollback_to: 1,
            stable: { ...record(2).stable, tree: sha('a') },
          }),
        ),
      ],
      /must give a reason/,
    ],
    [
      'a rollback to other content',
      [move(1, record(1)), move(2, record(2, { kind: 'rollback', rollback_to: 1, reason: 'x' }))],
      /its tree is not the tree of release 1/,
    ],
    [
      'an event/record mismatch',
      [{ ...move(1, record(1)), event: 'rollback' } as LedgerEvent],
      /its record is a promote/,
    ],
    [
      'a record with another actor',
      [{ ...move(1, record(1)), actor: 'mallory' } as LedgerEvent],
      /another time or actor/,
    ],
    ['unfreezing what is not frozen', [mark(1, 'unfreeze')], /promotions are not frozen/],
    ['freezing twice', [mark(1, 'freeze'), mark(2, 'freeze')], /already frozen since event 1/],
    ['rejecting an unknown release', [mark(1, 'reject', 1)], /release 1 does not exist/],
    [
      'clearing what is not rejected',
      [move(1, record(1)), mark(2, 'clear', 1)],
      /release 1 is not rejected/,
    ],
  ])('refuses %s', (_name, events, why) => {
    expect(problem(() => replayLedger(events)).message).toMatch(why);
  });
});

describe('the rollback target', () => {
  const h = replayLedger([move(1, record(1)), move(2, record(2)), move(3, record(3))]);

  it('is the current release for a candidate that is not released yet', () => {
    expect(rollbackTarget(h, sha('9'))).toMatchObject({
      target: { number: 3 },
      candidateIsCurrent: false,
    });
  });

  it('is the newest earlier verified, unrejected release with other content for the current one', () => {
    expect(rollbackTarget(h, sha('3')).target?.number).toBe(2);
    const rejected = replayLedger([...h.events, mark(4, 'reject', 2)]);
    expect(rollbackTarget(rejected, sha('3')).target?.number).toBe(1);
  });

  it('is nothing before the first release, or with a single one', () => {
    expect(rollbackTarget(replayLedger([]), sha('1')).target).toBeNull();
    expect(rollbackTarget(replayLedger([move(1, record(1))]), sha('1')).target).toBeNull();
  });

  it('compares records by content, whatever the key order', () => {
    const r = record(1);
    const reordered = Object.fromEntries(Object.entries(r).reverse());
    expect(canonical(reordered)).toBe(canonical(r));
  });
});
