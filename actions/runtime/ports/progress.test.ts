import { describe, expect, it } from 'vitest';
import { PROGRESS_EVERY_MS, ThrottledProgress } from './progress.js';

describe('ThrottledProgress', () => {
  it('writes a line every few seconds at most, with the rate since the last one', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ThrottledProgress(
      (l) => lines.push(l),
      () => now,
    );
    for (let n = 0; n <= 2_000_000; n += 10_000) {
      now = n / 200; // 200,000 interactions a second
      progress.report('reading logs/window.jsonl', n, 'interactions');
    }
    expect(lines.length).toBe(Math.floor(10_000 / PROGRESS_EVERY_MS));
    expect(lines[0]).toBe('reading logs/window.jsonl: 1,000,000 interactions (200,000/s)');
    expect(lines[1]).toBe('reading logs/window.jsonl: 2,000,000 interactions (200,000/s)');
  });

  it('is quiet for a short run, and keeps a line one line whatever a file name holds', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ThrottledProgress(
      (l) => lines.push(l),
      () => now,
    );
    progress.report('reading a.jsonl', 10, 'interactions');
    expect(lines).toEqual([]);
    now = PROGRESS_EVERY_MS;
    progress.report('reading a\n::error::x.jsonl', 10, 'interactions');
    expect(lines).toEqual(['reading a ::error::x.jsonl: 10 interactions (2/s)']);
  });
});
