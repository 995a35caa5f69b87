import { describe, expect, it } from 'vitest';
import { canonical } from './allowlist.js';
import { plainText, shadowOf } from './normalize.js';
import { scanText } from './scan.js';
import type { PiiType } from './types.js';

const ZWSP = '\u200b';
const ZWJ = '\u200d';
const WJ = '\u2060';
const BOM = '\ufeff';
const SHY = '\u00ad';
const NBSP = '\u00a0';
const NNBSP = '\u202f';
const FIGURE = '\u2007';
const NB_HYPHEN = '\u2011';

/** ASCII digits written in the digit set that starts at `zero` (U+0660 Arabic-Indic, U+FF10 fullwidth, ...). */
function digitsIn(zero: number, ascii: string): string {
  return ascii.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
}

describe('disguised values are found where they are written', () => {
  // 4485 2758 3829 9372 passes Luhn (python3: sum of the doubled digits, mod 10 = 0).
  it.each<[string, string, PiiType, string]>([
    ['zero-width spaces', `card 4485${ZWSP}2758${ZWSP}3829${ZWSP}9372 ok`, 'CREDIT_CARD', '9372'],
    ['zero-width joiners', `ssn: 536${ZWJ}22${ZWJ}1234`, 'US_SSN', '34'],
    ['word joiners and BOM', `call 415${WJ}555${BOM}0132 now`, 'PHONE', '32'],
    // Every default-ignorable code point, not only the common ones: the combining grapheme
    // joiner, a variation selector, a Hangul filler, a tag character (outside the BMP).
    [
      'other invisible characters',
      `card 4485\u034f2758\ufe0f3829\u31649372 ok`,
      'CREDIT_CARD',
      '9372',
    ],
    ['tag characters', `ssn: 536\u{e0020}22\u{e0020}1234`, 'US_SSN', '34'],
    ['soft hyphens', `jane.${SHY}doe@gm${SHY}ail.com`, 'EMAIL', '.com'],
    ['no-break spaces', `card 4485${NBSP}2758${NBSP}3829${NBSP}9372`, 'CREDIT_CARD', '9372'],
    [
      'narrow no-break spaces',
      `IBAN DE89${NNBSP}3704${NNBSP}0044${NNBSP}0532${NNBSP}0130${NNBSP}00`,
      'IBAN',
      '00',
    ],
    ['figure spaces', `SSN 536${FIGURE}22${FIGURE}1234`, 'US_SSN', '34'],
    ['non-breaking hyphens', `(415) 555${NB_HYPHEN}0132`, 'PHONE', '32'],
    ['fullwidth digits', `card ${digitsIn(0xff10, '4485 2758 3829 9372')}`, 'CREDIT_CARD', '9372'],
    ['Arabic-Indic digits', `SSN ${digitsIn(0x660, '536-22-1234')}`, 'US_SSN', '34'],
    ['Eastern Arabic-Indic digits', `SSN ${digitsIn(0x6f0, '536-22-1234')}`, 'US_SSN', '34'],
    ['Devanagari digits', `card ${digitsIn(0x966, '4485275838299372')}`, 'CREDIT_CARD', '9372'],
    ['a fullwidth @', 'write to jane\uff20gmail.com', 'EMAIL', '.com'],
    ['a fullwidth address', 'ｊａｎｅ＠ｇｍａｉｌ．ｃｏｍ', 'EMAIL', '.com'],
    ['fullwidth dots in an IP address', 'from 81．169．145．23', 'IP_ADDRESS', '81.'],
  ])('%s', (_, text, type, shown) => {
    const findings = scanText(text);
    expect(findings.map((f) => f.type)).toEqual([type]);
    const [f] = findings;
    // The offsets cover the written value: its first and last characters are the value's own.
    const written = text.slice(f!.start, f!.end);
    expect(plainText(written)).toMatch(/^[\w(+]/);
    expect(plainText(written)).toMatch(/[\w)]$/);
    expect(/[\w(+]/.test(plainText(text.slice(f!.start - 1, f!.start)))).toBe(false);
    expect(/\w/.test(plainText(text.slice(f!.end, f!.end + 1)))).toBe(false);
    // The preview masks the plain value: no digit of any script beyond the ones a mask shows.
    expect(f!.preview).toContain(shown);
    expect(f!.preview).toMatch(/^[\x20-\x7e]+$/);
  });

  it('reports the offsets of the original text, invisible characters inside the value included', () => {
    const text = `${ZWSP}${ZWSP}card 4485${ZWSP}2758${ZWSP}3829${ZWSP}9372${ZWSP} and x`;
    const [f] = scanText(text);
    // By hand: two ZWSP and 'card ' are 7 units; 16 digits and 3 ZWSP are 19 more.
    expect(f).toMatchObject({ type: 'CREDIT_CARD', start: 7, end: 26 });
  });

  it('maps positions through characters NFKC makes longer or shorter', () => {
    // U+FB01 (fi) is two letters in the shadow, U+1D7D2 (mathematical bold 4) one digit of two units.
    const text = `ﬁ ﬁ jane@ﬁrm.com card ${'\u{1d7d2}'}485275838299372`;
    const findings = scanText(text);
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['EMAIL', 'jane@ﬁrm.com'],
      ['CREDIT_CARD', `${'\u{1d7d2}'}485275838299372`],
    ]);
  });

  it('leaves text with nothing to rewrite alone', () => {
    expect(shadowOf('plain ASCII, 415-555-0132')).toBeNull();
    expect(shadowOf('Café für Müller, 你好，世界')).not.toBeNull(); // the fullwidth comma
    expect(shadowOf('Café für Müller, 你好世界, Привет')).toBeNull();
  });

  it('finds nothing new in disguised text that holds no value', () => {
    expect(
      scanText(`order${ZWSP}#${ZWSP}4111111111111111, ${digitsIn(0x660, '2026-03-12')}`),
    ).toEqual([]);
  });

  it('compares disguised values by their plain form in allowlists and baselines', () => {
    expect(canonical('CREDIT_CARD', digitsIn(0xff10, '4111 1111 1111 1111'))).toBe(
      '4111111111111111',
    );
    expect(canonical('EMAIL', 'Support＠Example.com')).toBe('support@example.com');
    expect(canonical('IBAN', 'de89-3704-0044-0532-0130-00')).toBe('DE89370400440532013000');
  });
});

describe('the characters the shadow skips', () => {
  it('are every one its own plain form: no character that needs rewriting is skipped', () => {
    // Rewritten: what renders as nothing, a Unicode hyphen, a digit of any script, whatever
    // NFKC changes. Checked over the whole Basic Multilingual Plane (surrogates always are).
    const rewritten = (c: string) =>
      /\p{Default_Ignorable_Code_Point}|\p{Nd}|[\u2010-\u2013\u2212]/u.test(c) ||
      c.normalize('NFKC') !== c;
    const missed: string[] = [];
    for (let cp = 0x80; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const c = String.fromCharCode(cp);
      if (rewritten(c) && shadowOf(c) === null) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
    // Letters of these scripts are left as they are; a ligature NFKC splits is not.
    expect(shadowOf('Ĳsselmeer')?.text).toBe('IJsselmeer');
    expect(shadowOf('Ünïcödé — “Ωmega” مرحبا Łódź')).toBeNull();
  });
});

describe('disguised adversarial input', () => {
  const MB = 1 << 20;
  it.each<[string, string]>([
    ['1 MB of fullwidth @', '\uff20'.repeat(MB)],
    ['1 MB of zero-width spaces', ZWSP.repeat(MB)],
    ['Arabic-Indic digit groups', `${digitsIn(0x660, '4485')} `.repeat(MB / 5)],
    ['no-break spaces between digits', `7${NBSP}`.repeat(MB / 2)],
    ['addresses running into CJK', 'a@b.com的'.repeat(MB / 8)],
    ['call words before digits', '電話: 1 tel 2 '.repeat(MB / 14)],
  ])('%s completes', (_, text) => {
    expect(Array.isArray(scanText(text))).toBe(true);
  });
});
