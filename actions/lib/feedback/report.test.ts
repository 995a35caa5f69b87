import { describe, expect, it } from 'vitest';
import type { FeedbackRecord } from './record.js';
import { parseWeek, weekOf, weeklyReport } from './report.js';
import type { StoredEntry } from './store.js';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-21T10:00:00Z', '2026-W47', '2026-11-16'],
    ['2026-11-16T00:00:00Z', '2026-W47', '2026-11-16'],
    ['2026-11-15T23:59:59Z', '2026-W46', '2026-11-09'],
    ['2026-01-01T00:00:00Z', '2026-W01', '2025-12-29'], // a Thursday: week 1 of 2026
    ['2027-01-01T00:00:00Z', '2026-W53', '2026-12-28'], // a Friday: the last week of 2026
    ['2021-01-03T12:00:00Z', '2020-W53', '2020-12-28'],
  ])('%s is in %s, starting %s', (at, label, monday) => {
    const w = weekOf(Date.parse(at));
    expect(w.label).toBe(label);
    expect(new Date(w.start).toISOString().slice(0, 10)).toBe(monday);
  });

  it('parses last, current and ISO weeks, and refuses anything else', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    expect(parseWeek('last', now).label).toBe('2026-W46');
    expect(parseWeek('current', now).label).toBe('2026-W47');
    expect(parseWeek('2026-W53', now).label).toBe('2026-W53');
    for (const bad of ['2026-47', '2026-W54', '2025-W53', 'W47', 'yesterday'])
      expect(() => parseWeek(bad, now)).toThrow(/--week must be last, current or an ISO week/);
  });
});

function entry(at: string, type: FeedbackRecord['type'], rating: number | null): StoredEntry {
  const record: FeedbackRecord = {
    id: `fb-${at}`,
    created_at: at,
    user_id: null,
    type,
    rating,
    description: 'x',
    conversation: null,
    source: 'cli',
  };
  return { line: 0, raw: JSON.stringify(record), record };
}

describe('weeklyReport', () => {
  const entries = [
    // 2026-W46 (the week before)
    entry('2026-11-09T08:00:00Z', 'quality', 4),
    entry('2026-11-10T08:00:00Z', 'quality', 5),
    entry('2026-11-15T23:59:59Z', 'bug', null),
    // 2026-W47
    entry('2026-11-16T00:00:00Z', 'quality', 2),
    entry('2026-11-17T08:00:00Z', 'quality', 3),
    entry('2026-11-18T08:00:00Z', 'quality', 4),
    entry('2026-11-19T08:00:00Z', 'privacy', 1),
    entry('2026-11-22T23:59:59Z', 'feature', null),
    // 2026-W48: not counted
    entry('2026-11-23T00:00:00Z', 'safety', 1),
  ];

  it('counts the week by type and rating, with the week before as the trend', () => {
    const out = weeklyReport(entries, parseWeek('2026-W47', new Date()), 'store.jsonl');
    const item = (id: string) => out.items.find((i) => i.id === id)!;
    expect(item('week')).toMatchObject({
      observed: 5,
      baseline: 3,
      message: '2026-W47 (2026-11-16 to 2026-11-22): 5 feedback records; 3 the week before, +67 %',
    });
    expect(item('type/quality')).toMatchObject({
      status: 'info',
      observed: 3,
      baseline: 2,
      message: 'quality: 3; 2 the week before, +50 %',
    });
    expect(item('type/bug')).toMatchObject({
      observed: 0,
      baseline: 1,
      message: 'bug: 0; 1 the week before, −100 %',
    });
    expect(item('type/privacy')).toMatchObject({
      status: 'warn',
      observed: 1,
      hint: expect.stringMatching(/triage each privacy report/),
    });
    expect(item('type/safety')).toMatchObject({ status: 'info', observed: 0 });
    // (2 + 3 + 4 + 1) / 4 = 2.5 against (4 + 5) / 2 = 4.5
    expect(item('rating/mean')).toMatchObject({
      observed: 2.5,
      baseline: 4.5,
      message: 'mean rating 2.5 over 4 rated, 4.5 the week before (−2)',
    });
    expect(item('rating/none')).toMatchObject({
      observed: 1,
      baseline: 1,
      message: 'no rating: 1; 1 the week before, unchanged',
    });
    expect(out.data).toMatchObject({
      week: '2026-W47',
      total: 5,
      previous_total: 3,
      by_type: { bug: 0, quality: 3, safety: 0, privacy: 1, feature: 1, other: 0 },
      by_rating: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 0, none: 1 },
      mean_rating: 2.5,
      previous_mean_rating: 4.5,
    });
  });

  it('reports an empty week as such', () => {
    const out = weeklyReport([], parseWeek('2026-W47', new Date()), 'store.jsonl');
    expect(out.summary).toBe('2026-W47: 0 feedback records (none the week before either)');
    expect(out.items.find((i) => i.id === 'rating/mean')!.message).toBe('no rating this week');
  });
});
