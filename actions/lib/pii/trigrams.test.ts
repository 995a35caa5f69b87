import { describe, expect, it } from 'vitest';
import { SECRET_TRIGGER, secretAt, secretsIn, type SecretMatch } from './secrets.js';
import { TrigramFilter, leadingTriples } from './trigrams.js';

const show = (pattern: string) =>
  leadingTriples(pattern).map((positions) =>
    positions.map((chars) => (chars[0] === -1 ? '*' : String.fromCharCode(...chars))),
  );

/** What secretsIn replaced: a global scan with SECRET_TRIGGER. */
function globalScan(text: string): SecretMatch[] {
  const trigger = new RegExp(SECRET_TRIGGER.source, 'g');
  const found: SecretMatch[] = [];
  let m: RegExpExecArray | null;
  while ((m = trigger.exec(text))) {
    const s = secretAt(text, m.index);
    if (s) {
      found.push(s);
      trigger.lastIndex = s.end;
    }
  }
  return found;
}

let seed = 7;
function pick<T>(items: readonly T[]): T {
  seed = (seed + 0x6d2b79f5) | 0; // mulberry32
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return items[((t ^ (t >>> 14)) >>> 0) % items.length]!;
}
const TOKEN = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'];
const token = (n: number) => Array.from({ length: n }, () => pick(TOKEN)).join('');

describe('leadingTriples', () => {
  it('gives every way a trigger can begin, three characters deep', () => {
    expect(show('gh[pousr]_')).toEqual([['g', 'h', 'pousr']]);
    expect(show('f(?:o1|m1[ar]|m2)_')).toEqual([
      ['f', 'o', '1'],
      ['f', 'm', '1'],
      ['f', 'm', '2'],
    ]);
    expect(show('SK[0-9a-f]')).toEqual([['S', 'K', '0123456789abcdef']]);
    expect(show('AA{21}')).toEqual([['A', 'A', 'A']]);
    expect(show('x(?:ab)?-')).toEqual([
      ['x', '-'],
      ['x', 'a', 'b'],
    ]);
    expect(show('hooks\\.slack')).toEqual([['h', 'o', 'o']]);
    expect(show('d\\.x')).toEqual([['d', '.', 'x']]);
  });

  it('leaves open what a pattern does not fix: its end, and what a lookahead checks', () => {
    expect(show('Q~')).toEqual([['Q', '~']]);
    expect(show('[MN][Tz](?=[A-Za-z0-9_-]{21,24}\\.)')).toEqual([['MN', 'Tz', '*']]);
  });

  it.each(['a+b', 'a*', 'a\\d', '[\\d]x', '(?<=x)a', '(a)', '[^a]b', 'a.b', 'é', 'a)'])(
    'refuses syntax it cannot read, so no trigger is dropped unseen: %s',
    (pattern) => expect(() => leadingTriples(pattern)).toThrow(),
  );
});

describe('TrigramFilter', () => {
  it('finds every start, across windows, at the end, and next to any character', () => {
    const filter = new TrigramFilter([
      { pattern: 'ab[cd]', wordStart: false },
      { pattern: 'Q~', wordStart: false },
    ]);
    const text = `${'x'.repeat(65_534)}abc${'é😀Ł'.repeat(3)}abd xQ~`;
    expect(filter.starts(text)).toEqual([65_534, text.indexOf('abd'), text.length - 2]);
    expect(filter.starts('')).toEqual([]);
    expect(filter.starts('Q')).toEqual([]);
  });

  it('reads a character beyond ASCII by its low seven bits: only extra positions, checked later', () => {
    // U+0161 is 0x61 ('a') in its low byte, U+00E1 is 0x61 in its low seven bits.
    const filter = new TrigramFilter([{ pattern: 'abc', wordStart: false }]);
    expect(filter.starts('\u0161bc \u00e1bc abc')).toEqual([0, 4, 8]);
  });

  it('keeps a word-start pattern only where no ASCII word character precedes it, as `\\b` reads it', () => {
    const filter = new TrigramFilter([{ pattern: 'abc', wordStart: true }]);
    // After `x` or `_`: inside a word. After `é`, `Ł` (0x41 in its low byte) or `-`: a word starts.
    expect(filter.starts('abc xabc _abc éabc Łabc -abc')).toEqual([0, 15, 20, 25]);
  });
});

describe('secretsIn', () => {
  it('finds what a global scan with SECRET_TRIGGER finds, on texts full of triggers', () => {
    const fragments = [
      ...['ghp_', 'github_pat_', 'glpat-', 'sk-', 'sk-proj-', 'sk-ant-', 'xoxb-', 'AKIA', 'AIza'],
      ...['eyJ', 'EAA', 'Bearer ', 'Basic ', 'password ', 'Authorization', 'Q~', '8Q~', '-us1'],
      ...['-----BEGIN ', '--user ', 'hf_', 'npm_', 'ya29.', 'SG.', 'dapi', 'MTk', 'NDE', 'OTA'],
      ...[' ', ' ', '\n', '.', ':', '=', '"', '/', 'é', 'Ł', '😀', '\u00a0', 'the', 'pass', 'key'],
    ];
    for (let round = 0; round < 6; round++) {
      const parts: string[] = [];
      let size = 0;
      while (size < 150_000) {
        const part = pick([0, 1, 2]) === 0 ? token(pick([4, 20, 24, 36, 40, 64])) : pick(fragments);
        parts.push(part);
        size += part.length;
      }
      const text = parts.join('');
      const expected = globalScan(text);
      expect(expected.length).toBeGreaterThan(50);
      expect(secretsIn(text)).toEqual(expected);
    }
  });
});
