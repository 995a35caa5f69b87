import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { scanFile, selector, type FileFinding, type FileSource } from './sources.js';

function source(files: Record<string, string | Uint8Array>, chunk = 7): FileSource {
  const bytes = (f: string) => {
    const v = files[f];
    if (v === undefined)
      throw new UserError({ message: `${f} does not exist`, location: { file: f } });
    return typeof v === 'string' ? new TextEncoder().encode(v) : v;
  };
  return {
    read: async (f) => bytes(f),
    // Small chunks split lines and multi-byte characters across chunk boundaries.
    async *stream(f) {
      const b = bytes(f);
      for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk);
    },
  };
}

async function scan(
  file: string,
  text: string | Uint8Array,
  fields?: string[],
): Promise<FileFinding[]> {
  const out: FileFinding[] = [];
  for await (const f of scanFile(file, source({ [file]: text }), fields ? { fields } : {}))
    out.push(f);
  return out;
}

const where = (f: FileFinding) => ({ type: f.type, ...f.location, offset: f.offset });

describe('scanFile locates findings in each format', () => {
  it('JSON Lines: line, column, end, pointer and offset inside the value, streamed', async () => {
    const text = [
      '{"id": 1, "expected_output": "Thanks!"}',
      '',
      '{"id": 2, "expected_output": "Ünïcode first, then mail jane.doe@gmail.com."}',
    ].join('\n');
    const [f, ...rest] = await scan('g.jsonl', text);
    expect(rest).toEqual([]);
    expect(where(f!)).toEqual({
      type: 'EMAIL',
      file: 'g.jsonl',
      line: 3,
      column: 56,
      endLine: 3,
      endColumn: 74,
      pointer: '/expected_output',
      offset: 25,
    });
    expect(f!.preview).toBe('j***@g***.com');
  });

  it('JSON: the pointer from the document root, escapes in the value', async () => {
    const text = '[\n  {"q": "hi", "a": "line\\nbreak, call +44 20 7946 0958"}\n]\n';
    const [f] = await scan('g.json', text);
    expect(where(f!)).toMatchObject({
      type: 'PHONE',
      line: 2,
      column: 39,
      pointer: '/0/a',
      offset: 17,
    });
  });

  it('YAML: block scalars and nested keys', async () => {
    const text =
      'answers:\n  - id: a1\n    text: >-\n      Reach me at\n      jane.doe@gmail.com today\n';
    const [f] = await scan('g.yaml', text);
    expect(where(f!)).toMatchObject({
      type: 'EMAIL',
      line: 5,
      column: 7,
      pointer: '/answers/0/text',
    });
  });

  it('CSV: quoted fields with commas and quotes, the row and column name as pointer', async () => {
    const text = 'id,answer\r\n1,"Hello, ""friend"": card 4111 1111 1111 1111"\r\n2,plain\r\n';
    const [f] = await scan('g.csv', text);
    expect(where(f!)).toMatchObject({
      type: 'CREDIT_CARD',
      line: 2,
      column: 28,
      pointer: '/0/answer',
    });
  });

  it('Markdown and text: offsets in the whole file', async () => {
    const [f] = await scan('notes.md', '# Notes\n\nServer at `10.1.2.3`.\n');
    expect(where(f!)).toMatchObject({ type: 'IP_ADDRESS', line: 3, column: 12, endColumn: 20 });
    expect(f!.location.pointer).toBeUndefined();
  });

  it('a finding that spans lines ends on its last line', async () => {
    const body = 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oKpmSLGGmFhsoAoGCCqGSM49AwEHoUQDQgAE';
    const [f] = await scan(
      'k.txt',
      `-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END EC PRIVATE KEY-----\n`,
    );
    expect(where(f!)).toMatchObject({ line: 1, column: 1, endLine: 3, endColumn: 29 });
  });
});

describe('fields select values in structured files', () => {
  const line = JSON.stringify({
    input: 'my mail is jane.doe@gmail.com',
    expected_output: 'I will write to jane.doe@gmail.com',
    messages: [{ role: 'user', content: 'call 415-555-0132' }],
  });

  it.each<[string[], string[]]>([
    [[], ['/input', '/expected_output', '/messages/0/content']],
    [['expected_output'], ['/expected_output']],
    [['/messages/*/content'], ['/messages/0/content']],
    [['messages'], ['/messages/0/content']],
    [
      ['/input', 'expected_output'],
      ['/input', '/expected_output'],
    ],
  ])('%j', async (fields, pointers) => {
    const found = await scan('g.jsonl', line, fields);
    expect(found.map((f) => f.location.pointer)).toEqual(pointers);
  });

  it('applies a pointer to each item of a top-level list', () => {
    const select = selector(['/answer']);
    expect(select(['answer'])).toBe(true);
    expect(select([3, 'answer'])).toBe(true);
    expect(select([3, 'question'])).toBe(false);
  });
});

describe('scanFile refuses what it cannot read, without quoting it', () => {
  it.each<[string, string | Uint8Array, RegExp]>([
    ['g.jsonl', '{"a": "ok"}\n{"b": "jane.doe@gmail.com"', /^line 2 of g\.jsonl is not valid JSON/],
    ['g.json', '{"a": "jane.doe@gmail.com",}', /^g\.json is not valid JSON \(at character \d+\)$/],
    [
      'g.jsonl',
      new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]),
      /^g\.jsonl: line 1 is not valid UTF-8$/,
    ],
    [
      'g.jsonl',
      new Uint8Array([0x7b, 0x00, 0x7d]),
      /^g\.jsonl: line 1 holds a NUL byte \(binary data, not text\)$/,
    ],
    ['g.jsonl', '\n\n', /^g\.jsonl holds no JSON Lines record$/],
    ['g.txt', new Uint8Array([0x61, 0xc3]), /^g\.txt is not valid UTF-8/],
    ['g.csv', 'a,b\n1,"jane.doe@gmail.com', /^g\.csv has a quoted field that is never closed$/],
    ['g.yaml', 'a: 1\na: jane.doe@gmail.com\n', /duplicate key "a"/],
  ])('%s: %s', async (file, text, message) => {
    const error = await scan(file, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const problems = (error as UserError).problems;
    expect(problems[0]!.message).toMatch(message);
    expect(JSON.stringify(problems)).not.toContain('jane.doe@gmail.com');
    expect(problems[0]!.location?.file).toBe(file);
  });
});

describe('scanFile reads JSON Lines with the one line reader', () => {
  it.each<[string, Uint8Array, { line: number; column: number }]>([
    [
      'invalid UTF-8',
      new Uint8Array([...Buffer.from('{"a": "ok"}\r\n{"bä": "'), 0xc3, 0x28, 0x22, 0x7d]),
      { line: 2, column: 9 },
    ],
    [
      'a NUL byte',
      new Uint8Array([...Buffer.from('\ufeff{"a": "ok"}\n\n{"b"'), 0x00]),
      { line: 3, column: 5 },
    ],
  ])('stops at a line with %s, at its line and column', async (_what, bytes, at) => {
    const error = await scan('g.jsonl', bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).problems).toEqual([
      expect.objectContaining({ location: { file: 'g.jsonl', ...at } }),
    ]);
  });

  it('reads a CRLF file with a byte-order mark, locating findings on their lines', async () => {
    const found = await scan('g.jsonl', '\ufeff{"a": "ok"}\r\n\r\n{"b": "jane.doe@gmail.com"}\r\n');
    expect(found.map((f) => f.location)).toEqual([
      expect.objectContaining({ file: 'g.jsonl', line: 3, column: 8, pointer: '/b' }),
    ]);
  });
});

describe('scanFile: nothing hides from the scan (issue 13, route 9)', () => {
  const problemsOf = async (file: string, text: string) => {
    const found: FileFinding[] = [];
    try {
      for await (const f of scanFile(file, source({ [file]: text }), { fields: ['answer'] }))
        found.push(f);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return { found, problems: (e as UserError).problems };
    }
    return { found, problems: [] };
  };

  it.each<[string, string, { line: number; column: number }]>([
    [
      'g.json',
      '{\n  "answer": "Mail jane.doe@gmail.com",\n  "answer": "Hello"\n}',
      { line: 2, column: 19 },
    ],
    [
      'g.jsonl',
      '{"answer": "ok"}\n{"answer": "Mail jane.doe@gmail.com", "answer": "Hello"}\n',
      { line: 2, column: 18 },
    ],
  ])(
    '%s: a duplicate key is an error, and the value it hides is scanned',
    async (file, text, at) => {
      const { found, problems } = await problemsOf(file, text);
      expect(
        found.map((f) => ({ type: f.type, line: f.location.line, column: f.location.column })),
      ).toEqual([{ type: 'EMAIL', ...at }]);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(
        /duplicate key in the top level: JSON keeps only the last value/,
      );
      expect(problems[0]!.location).toMatchObject({ file, pointer: '/answer' });
      expect(JSON.stringify(problems)).not.toContain('jane.doe');
    },
  );

  it.each<[string, string, { line: number; column: number; pointer: string }]>([
    [
      'g.json',
      '{"answer": {"jane.doe@gmail.com": "yes"}}',
      { line: 1, column: 14, pointer: '/answer/j***@g***.com' },
    ],
    [
      'g.jsonl',
      '{"jane.doe@gmail.com": "yes", "answer": "no"}',
      { line: 1, column: 3, pointer: '/j***@g***.com' },
    ],
    [
      'g.yaml',
      'other:\n  jane.doe@gmail.com: yes\nanswer: no\n',
      { line: 2, column: 3, pointer: '/other/j***@g***.com' },
    ],
    ['g.csv', 'answer,jane.doe@gmail.com\nno,yes\n', { line: 1, column: 8, pointer: '' }],
  ])(
    '%s: keys and headers are scanned whatever the fields, pointers masked',
    async (file, text, at) => {
      const { found, problems } = await problemsOf(file, text);
      expect(problems).toEqual([]);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ type: 'EMAIL', key: true, location: at });
      expect(JSON.stringify({ ...found[0], value: undefined })).not.toContain('jane.doe');
    },
  );
});
