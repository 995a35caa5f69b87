import { describe, expect, it } from 'vitest';
import { checkInteraction, fieldAt, parseTimestamp } from './interaction.js';

const good = {
  timestamp: '2026-11-20T09:00:01.250Z',
  request_id: 'req-1',
  user_id: 'u-7f3a91',
  query: 'Where is my order?',
  response: 'It left the warehouse yesterday.',
  latency_ms: 812,
  error: null,
  model_version: '2.4.0',
};

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-20T09:00:01Z', Date.UTC(2026, 10, 20, 9, 0, 1)],
    ['2026-11-20T09:00:01.250Z', Date.UTC(2026, 10, 20, 9, 0, 1, 250)],
    ['2026-11-20T09:00:01.123456789Z', Date.UTC(2026, 10, 20, 9, 0, 1, 123)],
    ['2026-11-20T11:00:01+02:00', Date.UTC(2026, 10, 20, 9, 0, 1)],
    ['2026-11-20T04:30:01-04:30', Date.UTC(2026, 10, 20, 9, 0, 1)],
    ['2026-11-20 09:00:01z', Date.UTC(2026, 10, 20, 9, 0, 1)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    // The extremes of the time zones in use: Kiribati +14:00, Baker Island -12:00.
    ['2026-11-20T23:00:01+14:00', Date.UTC(2026, 10, 20, 9, 0, 1)],
    ['2026-11-19T19:00:01-14:00', Date.UTC(2026, 10, 20, 9, 0, 1)],
  ])('%s', (text, ms) => expect(parseTimestamp(text)).toBe(ms));

  it.each([
    '2026-11-20T09:00:01', // no time zone: ambiguous
    '2026-11-20',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T09:60:00Z',
    '20/11/2026 09:00',
    '1795165201',
    '',
    // Offsets outside +-14:00 are not time zones: a mistyped offset would shift the window.
    '2026-11-20T09:00:01+14:01',
    '2026-11-20T09:00:01+15:00',
    '2026-11-20T09:00:01-14:30',
    '2026-11-20T09:00:01+99:00',
    '2026-11-20T09:00:01+02:60',
  ])('refuses %j', (text) => expect(parseTimestamp(text)).toBeNull());

  it('reads lines of the minute before the same as any, their seconds, fraction and zone checked', () => {
    // Each after the one before, as an export's lines: the minute of the last is reused.
    const minute = Date.UTC(2026, 10, 20, 9, 0);
    const seq: [string, number | null, boolean?][] = [
      ['2026-11-20T09:00:01.250Z', minute + 1250],
      ['2026-11-20T09:00:02Z', minute + 2000],
      ['2026-11-20T09:00:59.9999Z', minute + 59_999],
      ['2026-11-20T09:00:03+02:00', minute - 120 * 60_000 + 3000],
      ['2026-11-20T09:00:03-14:00', minute + 14 * 3_600_000 + 3000],
      ['2026-11-20T09:00:60Z', null],
      ['2026-11-20T09:00:0xZ', null],
      ['2026-11-20T09:00:01.Z', null],
      ['2026-11-20T09:00:01', null],
      ['2026-11-20T09:00:01', minute + 1000, true],
      ['2026-11-20T09:00:01.250Zx', null],
      ['2026-11-20T09:00:01+14:01', null],
      ['2026-11-20T09:00', null],
      ['2026-11-20T09:00-01Z', null],
      ['2026-11-20T09:00:01.250Z', minute + 1250],
      ['2026-11-20 09:00:01.250', minute + 1250, true],
      ['2026-11-20T09:00:01.250Z', minute + 1250],
      ['2026-11-20T09:01:01.250Z', minute + 61_250],
      ['2026-11-21T09:01:01.250Z', minute + 86_400_000 + 61_250],
      ['2026-11-20T09:00:01.250Z', minute + 1250],
      // A day that is not one, after the day its fields would run into.
      ['2026-12-01T09:00:00Z', Date.UTC(2026, 11, 1, 9)],
      ['2026-11-31T09:00:00Z', null],
      ['2026-03-02T09:00:00Z', Date.UTC(2026, 2, 2, 9)],
      ['2026-02-30T09:00:00Z', null],
      ['2026-11-20T24:00:00Z', null],
    ];
    for (const [text, ms, zoneless] of seq)
      expect([text, parseTimestamp(text, zoneless)]).toEqual([text, ms]);
  });
});

describe('checkInteraction', () => {
  it('accepts a complete interaction, with optional fields or without', () => {
    expect(checkInteraction(good)).toBe(Date.UTC(2026, 10, 20, 9, 0, 1, 250));
    const { error: _e, ...noError } = good;
    expect(typeof checkInteraction(noError)).toBe('number');
    const full = {
      ...good,
      error: 'upstream_timeout',
      safety_label: 'safe',
      rating: 5,
      intent: 'orders',
    };
    expect(typeof checkInteraction(full)).toBe('number');
    expect(
      typeof checkInteraction({ ...good, response: '', rating: null, safety_label: null }),
    ).toBe('number');
  });

  it.each([
    ['a list', [1, 2], /is a list, not an interaction object/, undefined],
    ['a string', 'hello', /is a string, not an interaction object/, undefined],
    ['null', null, /is null/, undefined],
    ['no timestamp', { ...good, timestamp: undefined }, /"timestamp" is missing/, '/timestamp'],
    [
      'a numeric timestamp',
      { ...good, timestamp: 1795165201 },
      /"timestamp" must be an RFC 3339/,
      '/timestamp',
    ],
    [
      'a timestamp without zone',
      { ...good, timestamp: '2026-11-20T09:00:01' },
      /^"timestamp" has no time zone \(Z or an offset such as \+02:00\): write an RFC 3339 date-time with a time zone/,
      '/timestamp',
    ],
    [
      'a time-zone offset beyond +14:00',
      { ...good, timestamp: '2026-11-20T09:00:01+15:00' },
      /^"timestamp" has a time-zone offset outside -14:00 to \+14:00/,
      '/timestamp',
    ],
    [
      'a timestamp that is an email, never quoted',
      { ...good, timestamp: 'jane.doe@gmail.com' },
      /^"timestamp" has no time zone[^@]*$/,
      '/timestamp',
    ],
    ['no request id', { ...good, request_id: undefined }, /"request_id" is missing/, '/request_id'],
    ['an empty request id', { ...good, request_id: '' }, /"request_id" is empty/, '/request_id'],
    [
      'a numeric user id',
      { ...good, user_id: 4155550132 },
      /"user_id" must be a string, not a number$/,
      '/user_id',
    ],
    ['no query', { ...good, query: undefined }, /"query" is missing/, '/query'],
    [
      'an object response',
      { ...good, response: { text: 'hi' } },
      /"response" must be a string, not an object/,
      '/response',
    ],
    [
      'no model version',
      { ...good, model_version: undefined },
      /"model_version" is missing/,
      '/model_version',
    ],
    ['no latency', { ...good, latency_ms: undefined }, /"latency_ms" is missing/, '/latency_ms'],
    [
      'a string latency',
      { ...good, latency_ms: '812' },
      /"latency_ms" must be a number of milliseconds, not a string/,
      '/latency_ms',
    ],
    [
      'a negative latency',
      { ...good, latency_ms: -3 },
      /"latency_ms" must be 0 or more, not -3/,
      '/latency_ms',
    ],
    [
      'a numeric error',
      { ...good, error: 500 },
      /"error" must be null, a string or true\/false/,
      '/error',
    ],
    [
      'a list safety label',
      { ...good, safety_label: ['safe'] },
      /"safety_label" must be a string or null/,
      '/safety_label',
    ],
    [
      'a rating of 7',
      { ...good, rating: 7 },
      /"rating" must be a whole number from 1 to 5, not 7/,
      '/rating',
    ],
    ['a rating of 4.5', { ...good, rating: 4.5 }, /not 4.5/, '/rating'],
    [
      'a string rating',
      { ...good, rating: '5' },
      /"rating" must be a whole number from 1 to 5, not a string/,
      '/rating',
    ],
  ])('refuses %s', (_what, value, message, pointer) => {
    const problem = checkInteraction(value);
    expect(problem).toMatchObject({ message: expect.stringMatching(message) });
    expect((problem as { pointer?: string }).pointer).toBe(pointer);
  });

  it('never echoes the text of a field that may hold personal data', () => {
    const problem = checkInteraction({ ...good, user_id: ['jane.doe@gmail.com'] });
    expect(JSON.stringify(problem)).not.toContain('jane');
  });
});

describe('fieldAt', () => {
  it('reads top-level and dotted paths, undefined when absent', () => {
    const r = { language: 'de', metadata: { intent: 'refund', tags: ['a'] } };
    expect(fieldAt(r, 'language')).toBe('de');
    expect(fieldAt(r, 'metadata.intent')).toBe('refund');
    expect(fieldAt(r, 'metadata.missing')).toBeUndefined();
    expect(fieldAt(r, 'language.length')).toBeUndefined();
  });
});
