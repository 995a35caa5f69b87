import { describe, expect, it } from 'vitest';
import { Window } from './window.js';

const interaction = (i: number, model_version: string) => ({
  timestamp: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
  request_id: `req-${i}`,
  user_id: 'u-1',
  query: 'Where is my order?',
  response: 'It left yesterday.',
  latency_ms: 800,
  error: null,
  model_version,
});

describe('Window', () => {
  it('counts interactions by model version in the order first seen, runs and the cap of 100 too', async () => {
    const versions = ['a', 'a', 'b', 'a', 'a', 'c', 'c', 'b'];
    for (let k = 0; k < 120; k++) versions.push(`v${k}`, `v${k}`, 'a');
    versions.push('v119', 'v3', 'v3', 'b');
    const w = new Window({
      requestLatencyMs: 5000,
      harmfulLabels: new Set(),
      features: [],
      mask: () => [],
    });
    async function* records() {
      yield versions.slice(0, 50).map((v, i) => ({ line: i + 1, value: interaction(i, v) }));
      yield versions.slice(50).map((v, i) => ({ line: i + 51, value: interaction(i + 50, v) }));
    }
    await w.readRecords('f', records());
    const expected = new Map<string, number>();
    for (const v of versions)
      if (expected.has(v)) expected.set(v, expected.get(v)! + 1);
      else if (expected.size < 100) expected.set(v, 1);
    expect([...w.versions]).toEqual([...expected]);
    expect(w.versions.get('a')).toBe(124);
    expect(w.versions.has('v119')).toBe(false);
    expect(w.interactions).toBe(versions.length);
  });
});
