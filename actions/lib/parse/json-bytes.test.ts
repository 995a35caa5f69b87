import { readFileSync } from 'node:fs';
import { visit } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { EVAL_DOCUMENTS } from '../../../test/support/eval-fixtures.js';
import { toPointer } from './yaml.js';
import { DOCUMENT_PICKS } from '../evals/adapters/documents.js';
import { JsonBytes, JsonDuplicateKeyError, JsonSyntaxError, type Pick } from './json-bytes.js';
import { locatePointers } from './json-locate.js';

/** Sets a property as JSON.parse does: `__proto__` too is an own property. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/** What `pick` must give: the pick applied to what JSON.parse gives. */
function expected(v: unknown, p: Pick): unknown {
  if (p === true) return v;
  if (Array.isArray(p)) return Array.isArray(v) ? v.map((x) => expected(x, p[0])) : v;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const picks = p as Record<string, Pick>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    const sub = Object.hasOwn(picks, key)
      ? picks[key]
      : Object.hasOwn(picks, '*')
        ? picks['*']
        : undefined;
    if (sub !== undefined) setOwn(out, key, expected(value, sub));
  }
  return out;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const pick = (text: string | Uint8Array, p: Pick) =>
  new JsonBytes(typeof text === 'string' ? bytes(text) : text).pick(p);

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const int = (n: number) => Math.floor(next() * n);
  const of = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, of };
}
type Random = ReturnType<typeof random>;

const CHARS = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', 'é', '€', '😀', '\ud800'];
const NUMBERS = [
  '0',
  '-0',
  '7',
  '-12',
  '3.25',
  '-0.0',
  '1e3',
  '1E+3',
  '2.5e-3',
  '1e400',
  '-1e400',
  '5e-324',
  '0.1',
  '9007199254740993',
  '123456789012345678901234',
  '1.7976931348623157e308',
  '100000000000000',
  '999999999999999',
];
const KEYS = ['results', 'success', 'version', 'a', 'é', 'a"b', 'x\\y', '*', '__proto__', '0', ''];
const SPACE = ['', '', ' ', '\n', '\r\n', '\r', '\t', '\n    '];

/** A string literal with random escapes: short ones, \u escapes, surrogate pairs, \/. */
function stringLiteral(r: Random, text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const escape = (c: number) => '\\u' + c.toString(16).padStart(4, '0');
    if (ch === '"' || ch === '\\') out += r.next() < 0.5 ? '\\' + ch : escape(code);
    else if (code < 0x20) out += ch === '\n' && r.next() < 0.5 ? '\\n' : escape(code);
    else if (code >= 0xd800 && code <= 0xdfff)
      out += escape(code); // a lone surrogate
    else if (ch === '/' && r.next() < 0.5) out += '\\/';
    else if (code > 0xffff && r.next() < 0.3)
      out += [...ch.split('')].map((u) => escape(u.charCodeAt(0))).join('');
    else if (r.next() < 0.1) out += code > 0xffff ? ch : escape(code);
    else out += ch;
  }
  return out + '"';
}

/** A JSON text: random nesting, names, escapes, numbers in every form, and whitespace. */
function document(r: Random, depth = 0): string {
  const ws = () => r.of(SPACE);
  const kind = depth === 0 ? 0 : depth > 4 ? 2 + r.int(3) : r.int(5);
  if (kind === 0) {
    // Names once per object: of a name given twice, JSON.parse keeps the last value and
    // jsonc-parser locates the first (a test below covers repeats).
    const names = new Set(
      Array.from({ length: r.int(6) }, () =>
        r.next() < 0.7 ? r.of(KEYS) : CHARS.slice(0, 1 + r.int(5)).join(''),
      ),
    );
    const members = [...names].map(
      (key) => `${ws()}${stringLiteral(r, key)}${ws()}:${ws()}${document(r, depth + 1)}${ws()}`,
    );
    return `${ws()}{${members.join(',') || ws()}}${ws()}`;
  }
  if (kind === 1) {
    const items = Array.from({ length: r.int(5) }, () => `${ws()}${document(r, depth + 1)}${ws()}`);
    return `[${items.join(',') || ws()}]`;
  }
  if (kind === 2) return r.of(NUMBERS);
  if (kind === 3) return r.of(['true', 'false', 'null']);
  return stringLiteral(r, Array.from({ length: r.int(40) }, () => r.of(CHARS)).join(''));
}

/** A pick for a value: whole, its items, some of its properties, `'*'`, or the wrong kind. */
function randomPick(r: Random, v: unknown, depth = 0): Pick {
  if (depth > 5 || r.next() < 0.25) return true;
  if (Array.isArray(v)) return [randomPick(r, v[0], depth + 1)];
  if (typeof v !== 'object' || v === null) return r.of<Pick>([true, {}, [true]]);
  const out: Record<string, Pick> = {};
  for (const [key, value] of Object.entries(v))
    if (r.next() < 0.6) setOwn(out, key, randomPick(r, value, depth + 1));
  if (r.next() < 0.3) out['*'] = randomPick(r, undefined, depth + 1);
  if (r.next() < 0.3) out.absent = true;
  return out;
}

/**
 * What the reader does not check: the inside of strings it jumps over. Raw control
 * characters become spaces and stray backslashes escaped ones, so a text the reader
 * accepted must parse after this.
 */
const sanitize = (text: string) =>
  // eslint-disable-next-line no-control-regex -- control characters are what it replaces
  text.replace(/\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})|\\|[\u0000-\u001f]/g, (m) =>
    m.length > 1 ? m : m === '\\' ? '\\\\' : ' ',
  );

/** Whether some object of a JSON text names a property twice (jsonc-parser's view). */
function hasDuplicateKey(text: string): boolean {
  const open: Set<string>[] = [];
  let found = false;
  visit(text, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (name) => {
      const names = open[open.length - 1]!;
      if (names.has(name)) found = true;
      names.add(name);
    },
  });
  return found;
}

function outcome(f: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** Every pointer to a value in a parsed document. */
function pointersOf(v: unknown, path: (string | number)[] = [], out: string[] = []): string[] {
  out.push(toPointer(path));
  if (Array.isArray(v)) v.forEach((x, i) => pointersOf(x, [...path, i], out));
  else if (typeof v === 'object' && v !== null)
    for (const [k, x] of Object.entries(v)) pointersOf(x, [...path, k], out);
  return out;
}

describe('JsonBytes.pick', () => {
  it.each(EVAL_DOCUMENTS)(
    'gives what JSON.parse gives for %s, whole and as the adapters pick it',
    (file) => {
      const raw = readFileSync(file);
      const doc = JSON.parse(raw.toString('utf8'));
      expect(new JsonBytes(raw).pick(true)).toStrictEqual(doc);
      for (const p of [DOCUMENT_PICKS.grouped, DOCUMENT_PICKS.ungrouped])
        expect(new JsonBytes(raw).pick(p)).toStrictEqual(expected(doc, p));
    },
  );

  it('gives what JSON.parse gives for generated documents and random picks', () => {
    const r = random(1);
    for (let n = 0; n < 3000; n++) {
      const text = document(r);
      const doc = JSON.parse(text);
      expect(pick(text, true)).toStrictEqual(doc);
      const p = randomPick(r, doc);
      expect(pick(text, p), `${text}\n${JSON.stringify(p)}`).toStrictEqual(expected(doc, p));
      expect(pick(text, DOCUMENT_PICKS.grouped)).toStrictEqual(
        expected(doc, DOCUMENT_PICKS.grouped),
      );
    }
  });

  it('matches names written with escapes, and keeps __proto__ an own property', () => {
    const text = '{"succ\\u0065ss": 1, "\\u005f_proto__": {"x": 2}, "a\\/b": 3, "other": 4}';
    const p = Object.fromEntries([
      ['success', true],
      ['__proto__', true],
      ['a/b', true],
    ]) as Pick;
    expect(pick(text, p)).toStrictEqual(
      JSON.parse('{"success": 1, "__proto__": {"x": 2}, "a/b": 3}'),
    );
    const picked = pick(text, { '*': true }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect(Object.keys(picked)).toEqual(['success', '__proto__', 'a/b', 'other']);
  });

  it.each<[string, string, Pick, string]>([
    [
      'a picked name',
      '{"a": {"x": 1}, "b": 2, "a": {"y": [3]}}',
      { a: { y: true } },
      'the key "a"',
    ],
    ['a name spelled with an escape', '{"a": 1, "\\u0061": 2}', { a: true }, 'the key "a"'],
    ['any name under *', '{"a": 1, "b": 2, "a": 3}', { '*': true }, 'a key'],
    ['a name inside a value built whole', '{"m": {"k": [{"x": 1, "x": 2}]}}', { m: true }, 'a key'],
    ['the whole document', '{"a": 1, "a": 1}', true, 'a key'],
  ])('refuses %s given twice in one object, quoting listed names only', (_name, text, p, what) => {
    const e = outcome(() => pick(text, p));
    expect('error' in e && e.error).toBeInstanceOf(JsonDuplicateKeyError);
    expect((e as { error: Error }).error.message).toBe(`${what} is given twice in one object`);
  });

  it('lets a name repeat in different objects, and skips names it jumps over', () => {
    const text = '{"a": {"x": 1}, "b": {"x": 2}, "skipped": {"y": 1, "y": 2}}';
    expect(pick(text, { a: true, b: true })).toEqual({ a: { x: 1 }, b: { x: 2 } });
  });

  it('skips a byte-order mark, as TextDecoder does', () => {
    expect(pick(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a": [1]}')]), true)).toEqual({
      a: [1],
    });
  });

  it('reads deeply nested values without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(pick(`{"a": ${deep}, "b": 1}`, { b: true })).toEqual({ b: 1 });
    expect(() => pick(`{"a": ${deep.slice(1)}, "b": 1}`, { b: true })).toThrow(JsonSyntaxError);
  });

  it('refuses every truncation of a document', () => {
    const r = random(2);
    for (let n = 0; n < 40; n++) {
      const text = document(r).trimEnd();
      const raw = bytes(text);
      for (let end = 0; end < raw.length; end++) {
        const p = n % 2 ? true : {};
        expect(() => new JsonBytes(raw.subarray(0, end)).pick(p), text).toThrow(JsonSyntaxError);
      }
    }
  });

  it('agrees with JSON.parse on broken documents, except inside strings it jumps over', () => {
    const r = random(3);
    const noise = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '-', '.', 'e', 't', '\n'];
    const seen = { valid: 0, inString: 0, refused: 0 };
    for (let n = 0; n < 4000; n++) {
      const valid = document(r);
      const chars = [...valid]; // code points: a surrogate pair stays whole
      const at = r.int(chars.length + 1);
      if (r.next() < 0.5) chars.splice(at, 1);
      else chars.splice(at, 0, r.of(noise));
      const text = chars.join('');
      const p = randomPick(r, JSON.parse(valid));
      const ours = outcome(() => pick(text, p));
      const reference = outcome(() => JSON.parse(text));
      const context = `${JSON.stringify(text)} picked as ${JSON.stringify(p)}`;
      if ('value' in reference && 'error' in ours && ours.error instanceof JsonDuplicateKeyError) {
        // The mutation made two names of one object equal: JSON.parse keeps the last.
        expect(hasDuplicateKey(text), context).toBe(true);
      } else if ('value' in reference) {
        seen.valid++;
        expect(ours, context).toStrictEqual({ value: expected(reference.value, p) });
      } else if ('value' in ours) {
        seen.inString++;
        expect(() => JSON.parse(sanitize(text)), context).not.toThrow();
      } else {
        seen.refused++;
        expect((ours.error as Error).name, context).toBe('JsonSyntaxError');
      }
    }
    // Each case above happened often enough to mean something.
    expect(Math.min(seen.valid, seen.inString, seen.refused), JSON.stringify(seen)).toBeGreaterThan(
      100,
    );
  });

  it('says where a document breaks', () => {
    const at = (text: string) => {
      const e = outcome(() => pick(text, {}));
      return 'error' in e
        ? [(e.error as JsonSyntaxError).message, (e.error as JsonSyntaxError).offset]
        : e;
    };
    expect(at('{"a": 1,}')).toEqual(['a property name is expected', 8]);
    expect(at('{"a" 1}')).toEqual(['a colon is expected', 5]);
    expect(at('{"a": [1 2]}')).toEqual(['a comma or closing bracket is expected', 9]);
    expect(at('{"a": 01}')).toEqual(['a comma or closing brace is expected', 7]);
    expect(at('{"a": -}')).toEqual(['invalid number format', 6]);
    expect(at('{"a": tru}')).toEqual(['invalid symbol', 6]);
    expect(at('{"a": "x')).toEqual(['unterminated string', 6]);
    expect(at('{"a": {"b": [')).toEqual(['the file ends too early', 13]);
    expect(at('{} {}')).toEqual(['the document goes on after its end', 3]);
    expect(at('')).toEqual(['the file ends too early', 0]);
  });
});

describe('JsonBytes.keys', () => {
  it('lists the top-level names in order, repeats included', () => {
    expect(new JsonBytes(bytes('{"b": {"x": 1}, "a\\u0041": [], "b": 2}')).keys()).toEqual([
      'b',
      'aA',
      'b',
    ]);
    expect(new JsonBytes(bytes('[1]')).keys()).toEqual([]);
  });
});

describe('JsonBytes.locate', () => {
  it.each(EVAL_DOCUMENTS)('finds every value of %s where jsonc-parser finds it', (file) => {
    const raw = readFileSync(file);
    const text = raw.toString('utf8');
    // Some hundreds of pointers spread over the file, its last value included.
    const all = pointersOf(JSON.parse(text));
    const pointers = all.filter(
      (_, i) => i % Math.ceil(all.length / 300) === 0 || i === all.length - 1,
    );
    const json = new JsonBytes(raw);
    json.pick(true);
    expect(json.locate(pointers)).toEqual(locatePointers(text, pointers));
  });

  it('finds values of generated documents with CR, CRLF and non-ASCII lines', () => {
    const r = random(4);
    for (let n = 0; n < 500; n++) {
      const text = document(r);
      const doc = JSON.parse(text);
      const pointers = [...pointersOf(doc), '/absent', '/0/absent', '/results/99'];
      const json = new JsonBytes(bytes(text));
      json.pick(true);
      expect(json.locate(pointers), text).toEqual(locatePointers(text, pointers));
    }
  });
});
