import { describe, expect, it } from 'vitest';
import type { WaiverSet } from '../policy/waivers.js';
import { decide } from './decide.js';
import type { Item } from './model.js';

const ctx = { gate: 'evals', title: 'Evals', mode: 'enforce' as const };
const item = (id: string, status: Item['status'], extra: Partial<Item> = {}): Item => ({
  id,
  status,
  message: id,
  ...extra,
});

describe('decide', () => {
  it.each([
    ['nothing judged is an error', [], 'error'],
    ['all pass', [item('a', 'pass'), item('b', 'info')], 'pass'],
    ['a warning', [item('a', 'pass'), item('b', 'warn')], 'warn'],
    ['a failure', [item('a', 'warn'), item('b', 'fail')], 'fail'],
    ['an error beats a failure', [item('a', 'fail'), item('b', 'error')], 'error'],
    ['info only passes', [item('a', 'info')], 'pass'],
  ] as const)('%s', (_name, items, result) => {
    expect(decide({ items: [...items] }, ctx).result).toBe(result);
  });

  it("appends a gate's note to the generated summary", () => {
    const v = decide({ items: [item('a', 'warn')], note: '1 drop is within noise' }, ctx);
    expect(v.summary).toBe('1 check: 1 warn; 1 drop is within noise');
  });

  describe('scoring', () => {
    const bands = { pass: 90, warn: 75 };
    it('passes at the pass band, weighting warn as half', () => {
      const v = decide(
        {
          items: [
            item('a', 'pass', { weight: 3 }),
            item('b', 'pass', { weight: 6 }),
            item('c', 'fail', { weight: 1 }),
          ],
          scoring: bands,
        },
        ctx,
      );
      expect(v.score).toEqual({ value: 90, pass: 90, warn: 75 });
      expect(v.result).toBe('pass');
    });
    it('warns between the bands', () => {
      const v = decide(
        {
          items: [item('a', 'pass', { weight: 1 }), item('b', 'warn', { weight: 1 })],
          scoring: bands,
        },
        ctx,
      );
      expect(v.score?.value).toBe(75);
      expect(v.result).toBe('warn');
    });
    it('fails below the warn band', () => {
      const v = decide(
        {
          items: [item('a', 'pass', { weight: 1 }), item('b', 'fail', { weight: 1 })],
          scoring: bands,
        },
        ctx,
      );
      expect(v.result).toBe('fail');
    });
    it('a failed key objective fails whatever the score', () => {
      const v = decide(
        {
          items: [item('a', 'pass', { weight: 99 }), item('k', 'fail', { weight: 1, key: true })],
          scoring: bands,
        },
        ctx,
      );
      expect(v.result).toBe('fail');
      expect(v.summary).toMatch(/key objective failed: k/);
    });
    it('no scored objective is an error, not a pass', () => {
      expect(decide({ items: [item('a', 'info')], scoring: bands }, ctx).result).toBe('error');
    });
    it('info objectives do not count', () => {
      const v = decide(
        {
          items: [item('a', 'pass', { weight: 1 }), item('i', 'info', { weight: 5 })],
          scoring: bands,
        },
        ctx,
      );
      expect(v.score?.value).toBe(100);
    });
  });

  describe('waivers', () => {
    const waivers: WaiverSet = {
      active: [
        {
          id: 'W1',
          gate: 'evals',
          target: 'latency-*',
          owner: 'gabriel-gov',
          reason: 'new region warming up',
          ticket: 'GOV-1',
          expires: '2026-12-31',
          approved_by: 'gabriel-gov',
          location: { file: 'p.yaml', line: 3 },
          matches: (id) => id.startsWith('latency-'),
        },
      ],
      rejected: [
        { id: 'W2', gate: 'evals', reason: 'expired on 2026-01-01: not applied' },
        { id: 'W3', gate: 'pii', reason: 'x' },
      ],
    };
    it('turns a matching failure into waived, shown with its waiver, and counts it as passed', () => {
      const v = decide(
        { items: [item('latency-p95', 'fail'), item('quality', 'pass')] },
        { ...ctx, waivers },
      );
      expect(v.result).toBe('pass');
      expect(v.items[0]).toMatchObject({
        status: 'waived',
        originalStatus: 'fail',
        waiver: { id: 'W1', ticket: 'GOV-1' },
      });
      expect(v.items[0]?.message).toMatch(/waived by W1 until 2026-12-31/);
      expect(v.waivers.applied).toEqual(['W1']);
    });
    it('never waives an error', () => {
      const v = decide({ items: [item('latency-p95', 'error')] }, { ...ctx, waivers });
      expect(v.result).toBe('error');
      expect(v.waivers.applied).toEqual([]);
    });
    it("reports the gate's rejected waivers only", () => {
      const v = decide({ items: [item('quality', 'pass')] }, { ...ctx, waivers });
      expect(v.waivers.rejected).toEqual([
        { id: 'W2', reason: 'expired on 2026-01-01: not applied' },
      ]);
    });
  });

  describe('report mode', () => {
    it('turns a failure into a warning that says it would fail', () => {
      const v = decide({ items: [item('a', 'fail')] }, { ...ctx, mode: 'report' });
      expect(v.result).toBe('warn');
      expect(v.summary).toMatch(/^report mode, not enforced: would fail/);
      expect(v.items[0]).toMatchObject({ status: 'warn', originalStatus: 'fail' });
    });
    it('never relaxes an error', () => {
      expect(decide({ items: [item('a', 'error')] }, { ...ctx, mode: 'report' }).result).toBe(
        'error',
      );
    });
  });
});
