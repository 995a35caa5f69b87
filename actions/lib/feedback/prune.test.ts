import { describe, expect, it } from 'vitest';
import { InputRecorder } from '../gate.js';
import { policyPiiCheck } from '../pii/redact.js';
import { memoryPorts } from '../testing/memory-ports.js';
import type { FeedbackContext } from './context.js';
import { cutoffOf, pruneFeedback } from './prune.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const STORE = 'evals/feedback/feedback.jsonl';

describe('cutoffOf', () => {
  it.each([
    ['90d', '2026-08-23T12:00:00.000Z'],
    ['12w', '2026-08-29T12:00:00.000Z'],
    ['0d', '2026-11-21T12:00:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T08:30:00Z', '2026-01-01T08:30:00.000Z'],
  ])('reads %s as %s', (text, time) => {
    expect(new Date(cutoffOf(text, NOW)).toISOString()).toBe(time);
  });

  it.each(['a while', '90', '-3d', '2026-13-01', ''])('refuses %j', (text) => {
    expect(() => cutoffOf(text, NOW)).toThrow(
      '--older-than must be a number of days or weeks (90d, 12w) or a date (2026-01-01)',
    );
  });
});

describe('pruneFeedback', () => {
  const line = (id: string, created_at: string) =>
    JSON.stringify({
      id,
      created_at,
      user_id: null,
      type: 'bug',
      rating: null,
      description: 'x',
      conversation: null,
      source: 'cli',
    });
  const old = line('old', '2026-07-01T10:00:00Z');
  const recent = line('new', '2026-11-19T10:00:00Z');

  function setup() {
    const ports = memoryPorts({ [STORE]: `${old}\n${recent}\n` }, { now: NOW.toISOString() });
    const ctx: FeedbackContext = {
      config: { path: STORE, retention_days: 90, issue_label: 'feedback' },
      store: STORE,
      pii: policyPiiCheck(),
      inputs: new InputRecorder(ports.files, ports.git),
      now: NOW,
    };
    const text = async () => Buffer.from(await ports.files.read(STORE)).toString('utf8');
    return { ports, ctx, text };
  }

  it('keeps the records from the retention period on, byte for byte', async () => {
    const { ports, ctx, text } = setup();
    const outcome = await pruneFeedback(ports.files, ctx, { olderThan: undefined, all: false });
    expect(outcome.summary).toBe(
      'removed 1 record created before 2026-08-23 (retention 90 days); 1 kept',
    );
    expect(outcome.data).toEqual({ removed: 1, kept: 1, before: '2026-08-23' });
    expect(await text()).toBe(`${recent}\n`);
  });

  it('refuses a cutoff that would empty the store, unless all', async () => {
    const { ports, ctx, text } = setup();
    const request = { olderThan: '2026-11-20', all: false };
    await expect(pruneFeedback(ports.files, ctx, request)).rejects.toThrow(
      '--older-than 2026-11-20 (before 2026-11-20) would remove all 2 records of the store: nothing was removed',
    );
    expect(await text()).toBe(`${old}\n${recent}\n`);
    const outcome = await pruneFeedback(ports.files, ctx, { ...request, all: true });
    expect(outcome.data).toEqual({ removed: 2, kept: 0, before: '2026-11-20' });
    expect(await text()).toBe('');
  });
});
