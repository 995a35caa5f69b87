import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './interaction.js';
import { timeOf } from './mapped.js';
import { otlpSource } from './otlp.js';
import { nanosToMs, pointerReader, textOf, type Decoded } from './source.js';

describe('textOf', () => {
  it.each([
    ['a string', 'Hi', 'user', 'Hi'],
    [
      'OpenAI messages: the last user message',
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'One' },
        { role: 'assistant', content: 'x' },
        { role: 'user', content: 'Two' },
      ],
      'user',
      'Two',
    ],
    [
      'GenAI parts',
      [
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'A' },
            { type: 'text', content: 'B' },
          ],
        },
      ],
      'user',
      'A\nB',
    ],
    [
      'messages as a JSON string (span attributes)',
      JSON.stringify([{ role: 'user', content: 'Q' }]),
      'user',
      'Q',
    ],
    [
      'an OpenAI response',
      { choices: [{ message: { role: 'assistant', content: 'Answer' } }] },
      undefined,
      'Answer',
    ],
    ['content parts', { role: 'user', content: [{ type: 'text', text: 'Part' }] }, 'user', 'Part'],
    ['no message of the role', [{ role: 'system', content: 'S' }], 'user', null],
    ['null', null, undefined, null],
    [
      'an unknown shape: its JSON, so that it is still scanned',
      { question: 'mail a@b.co' },
      'user',
      '{"question":"mail a@b.co"}',
    ],
  ])('%s', (_, value, role, text) => expect(textOf(value, role)).toBe(text));

  // Messages as JSON text in the shapes read without JSON.parse, and near misses of them:
  // each reads as its parsed value does (or as itself when it is not JSON).
  const message = (role: string, content: string) => ({ role, content });
  const parts = (role: string, content: string) => ({
    role,
    parts: [{ type: 'text', content }],
  });
  it.each([
    JSON.stringify(message('assistant', 'Refunds take 5 days.')),
    JSON.stringify([message('assistant', 'Refunds take 5 days.')]),
    JSON.stringify([message('system', 'Be brief.')]),
    JSON.stringify([parts('assistant', 'Call +44 20 7946 0958')]),
    JSON.stringify(parts('user', 'Where is my order?')),
    JSON.stringify([parts('user', '')]),
    JSON.stringify([parts('', 'no role')]),
    JSON.stringify(message('assistant', '[{"role":"user","content":"nested"}]')),
    JSON.stringify(message('assistant', '[]')),
    JSON.stringify([parts('assistant', '{"a":1}')]),
    JSON.stringify(message('assistant', 'a "quoted" word')),
    JSON.stringify(message('assistant', 'line\nbreak')),
    JSON.stringify(message('a\\b', 'escaped role')),
    JSON.stringify({ role: 'assistant', content: 'x', name: 'bot' }),
    JSON.stringify([message('user', 'one'), message('user', 'two')]),
    JSON.stringify([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'A' },
          { type: 'text', content: 'B' },
        ],
      },
    ]),
    '{"role":"assistant","content":"tab\there"}',
    '{"role":"assistant","content":"raw\u0001control"}',
    '{"role":"assistant","content":"cut short"',
    '[{"role":"assistant","content":"no bracket"}',
    '{"role":"assistant","content":"x"}]',
    '{"role":"assistant", "content":"spaced"}',
  ])('reads %s as its parsed value does', (text) => {
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // not JSON: read as the text itself
    }
    for (const role of [undefined, 'user', 'assistant'])
      expect(textOf(text, role)).toBe(typeof parsed === 'string' ? text : textOf(parsed, role));
  });
});

describe('times', () => {
  it('reads OTLP nanoseconds exactly to the microsecond, as strings or numbers', () => {
    expect(nanosToMs('1764000000123456789')).toBe(1764000000123.4568);
    expect(nanosToMs(1_500_000)).toBe(1.5);
    expect(nanosToMs('12x')).toBeUndefined();
    expect(nanosToMs(-1)).toBeUndefined();
  });

  it('reads zone-less date-times as UTC only when asked', () => {
    expect(parseTimestamp('2026-11-20 09:00:01.250', true)).toBe(
      Date.UTC(2026, 10, 20, 9, 0, 1, 250),
    );
    expect(parseTimestamp('2026-11-20T09:00:01', true)).toBe(Date.UTC(2026, 10, 20, 9, 0, 1));
    expect(parseTimestamp('2026-11-20T09:00:01.5Z', true)).toBe(
      Date.UTC(2026, 10, 20, 9, 0, 1, 500),
    );
    expect(parseTimestamp('2026-11-20 09:00:01.250')).toBeNull();
  });

  it.each([
    [1795165201, 's', 1795165201000],
    ['1795165201250', 'ms', 1795165201250],
    ['1795165201250000000', 'ns', 1795165201250],
  ] as const)('epoch %s in %s', (v, unit, ms) => expect(timeOf(v, unit, false, '/t')).toBe(ms));

  it('says what is wrong with a timestamp without quoting it', () => {
    expect(timeOf('jane@example.com', 'rfc3339', false, '/ts')).toEqual({
      message:
        'the timestamp at /ts has no time zone (Z or an offset such as +02:00): set zoneless_utc: true if the exporter documents UTC',
      pointer: '/ts',
    });
    expect(timeOf('soon', 's', false, '/ts')).toMatchObject({
      message: 'the timestamp at /ts must be a positive number of s since the epoch, not a string',
    });
  });
});

describe('pointerReader', () => {
  const valueAt = (v: unknown, pointer: string[]) => pointerReader(pointer)(v);
  it('follows a JSON pointer through objects and lists', () => {
    const v = { '@timestamp': 't', a: { 'b/c': [{ d: 1 }] }, n: { '01': 'key, not index' } };
    expect(valueAt(v, ['n', '01'])).toBe('key, not index');
    expect(valueAt({ a: [5] }, ['a', '01'])).toBeUndefined();
    expect(valueAt(v, ['@timestamp'])).toBe('t');
    expect(valueAt(v, ['a', 'b/c', '0', 'd'])).toBe(1);
    expect(valueAt(v, ['a', 'b/c', 'x'])).toBeUndefined();
    expect(valueAt(v, ['a', 'missing', 'd'])).toBeUndefined();
  });

  it('reads keys of one to four levels alike, never into a list or a scalar', () => {
    const v = { a: { b: { c: { d: 'deep' } }, list: [{ x: 1 }], s: 'text', z: null } };
    expect(valueAt(v, ['a', 'b', 'c', 'd'])).toBe('deep');
    expect(valueAt(v, ['a', 'b', 'c'])).toEqual({ d: 'deep' });
    expect(valueAt(v, ['a', 'list', 'x'])).toBeUndefined();
    expect(valueAt(v, ['a', 'list', '0', 'x'])).toBe(1);
    expect(valueAt(v, ['a', 's', 'length'])).toBeUndefined();
    expect(valueAt(v, ['a', 'z', 'x'])).toBeUndefined();
    expect(valueAt([{ a: 1 }], ['a'])).toBeUndefined();
    expect(valueAt('text', ['length'])).toBeUndefined();
    expect(valueAt(v, [])).toBe(v);
  });
});

describe('OTLP attributes', () => {
  const span = (attributes: unknown[]) => ({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.version', value: { stringValue: '2.0' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: 'aa',
                spanId: 'bb',
                startTimeUnixNano: '1764000000000000000',
                endTimeUnixNano: '1764000000500000000',
                attributes,
              },
            ],
          },
        ],
      },
    ],
  });
  const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

  it('reads a key as a map of them would: its last entry, entries not {key, value} skipped', () => {
    const read = otlpSource('llm').decode(
      span([
        str('gen_ai.operation.name', 'chat'),
        str('user.id', 'first'),
        'not an attribute',
        { key: 7, value: { stringValue: 'not a key' } },
        str('user.id', 'last'),
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '31' } },
        str('gen_ai.prompt.1.content', 'second'),
        str('gen_ai.prompt.0.content', 'old'),
        str('gen_ai.prompt.0.content', 'first'),
        str('gen_ai.prompt.0.role', 'user'),
        str('gen_ai.completion.0.content', 'answer'),
      ]),
      1,
    );
    expect(Array.isArray(read)).toBe(true);
    const [one] = read as Decoded[];
    expect(one!.interaction.user_id).toBe('last');
    expect(one!.interaction.input_tokens).toBe(31);
    expect(one!.interaction.release).toBe('2.0');
    expect(one!.interaction.response).toBe('answer');
    expect(one!.interaction.query).toBe('first');
  });
});
