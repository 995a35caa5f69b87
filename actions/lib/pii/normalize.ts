/**
 * Disguised values: a card number broken by zero-width spaces, a phone number in
 * Arabic-Indic digits, an address with a fullwidth `＠`. The scanner reads a shadow of the
 * text in which these are written plainly, and maps each position back to the original.
 */
import { NON_ASCII } from './chars.js';

/**
 * Characters that render as nothing: Unicode's default-ignorable code points (soft hyphen,
 * zero-width spaces and joiners, bidi marks, word joiner, BOM, the combining grapheme joiner,
 * variation selectors, Hangul fillers, tags, ...), not a hand-picked list of some of them.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
/** Hyphens that NFKC keeps but that people (or a word processor) put in numbers: U+2010-U+2013, minus. */
const HYPHEN = /[\u2010-\u2013\u2212]/;

/**
 * The digit zero of every decimal digit set that NFKC leaves as it is (Arabic-Indic, Persian,
 * Devanagari, Bengali, Thai, ...; fullwidth and mathematical digits are NFKC's): each set is ten
 * code points from its zero. Listed with Python's unicodedata (Unicode 14):
 * `[hex(c) for c in range(128, 0x110000) if unicodedata.category(chr(c)) == 'Nd'
 *   and unicodedata.digit(chr(c)) == 0 and unicodedata.normalize('NFKC', chr(c)) == chr(c)]`.
 */
// prettier-ignore
const DIGIT_ZEROS = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
  0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
  0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0x104a0,
  0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0,
  0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1e140,
  0x1e2f0, 0x1e950,
];

/** The plain form of one non-ASCII code point, or null when it is its own; cached, as texts repeat few. */
const plainChars = new Map<number, string | null>();
function plainChar(cp: number): string | null {
  let plain = plainChars.get(cp);
  if (plain !== undefined) return plain;
  const c = String.fromCodePoint(cp);
  const zero = DIGIT_ZEROS.find((z) => cp >= z && cp < z + 10);
  if (INVISIBLE.test(c)) plain = '';
  else if (HYPHEN.test(c)) plain = '-';
  else if (zero !== undefined) plain = String(cp - zero);
  else plain = c.normalize('NFKC'); // fullwidth forms, NBSP and other spaces, ligatures
  if (plain === c) plain = null;
  if (plainChars.size > 4096) plainChars.clear(); // a text of every code point stays bounded
  plainChars.set(cp, plain);
  return plain;
}

/**
 * The characters that may need rewriting: beyond ASCII, and outside the ranges NFKC leaves as
 * they are and that hold no digit, no hyphen and nothing invisible: CJK unified ideographs and
 * extension A, Hangul syllables, Hiragana, Katakana, Cyrillic, the letters of Latin-1 and
 * Latin Extended-A (not the ligatures `Ĳ`, `Ŀ`, `ŉ`, `ſ`), Arabic letters and marks (not its
 * digits), the em dash and curly quotes: most of the text of the languages a chatbot speaks
 * (normalize.test.ts checks every code point skipped). A regex finds them several times faster
 * than a loop over char codes, which was a third of the scan of plain prose (without the `u`
 * flag, which makes it six times slower: a surrogate pair is read by codePointAt). Measured on
 * 8 MB of prose: 0.55 ms per MB with these 17 ranges or 18, 7.5 from 19 ranges on.
 */
const MAY_REWRITE =
  /[^\x00-\x7f\u00c0-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e\u0400-\u04ff\u0621-\u065f\u2014\u2018\u2019\u201c\u201d\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]/g; // eslint-disable-line no-control-regex

/**
 * A text as the scanner reads it, and where its characters came from: each rewritten code
 * point is a segment, and the text between segments is the original, shifted.
 */
class Shadow {
  private readonly at: number[] = []; // where each segment starts in the shadow
  private readonly length: number[] = []; // its length there (0: a character removed)
  private readonly from: number[] = []; // the original code point's start
  private readonly to: number[] = []; // and end
  text = '';

  add(at: number, length: number, from: number, to: number): void {
    this.at.push(at);
    this.length.push(length);
    this.from.push(from);
    this.to.push(to);
  }

  /**
   * The shadow's text, `length` units: the original between segments and each segment's
   * plain form, written into one buffer. Three times faster than joining the slices, whose
   * result V8 builds from a rope of two-byte pieces (8 MB of text: 3.7 ms against 10.6).
   */
  write(text: string, plains: readonly string[], length: number): string {
    const out = Buffer.allocUnsafe(2 * length);
    let o = 0; // bytes written
    let run = 0;
    for (let k = 0; k < plains.length; k++) {
      o += out.write(text.slice(run, this.from[k]), o, 'utf16le');
      o += out.write(plains[k]!, o, 'utf16le');
      run = this.to[k]!;
    }
    out.write(text.slice(run), o, 'utf16le');
    return out.toString('utf16le');
  }

  get empty(): boolean {
    return this.at.length === 0;
  }

  /** The last segment starting at or before shadow position `p`, or -1. */
  private segment(p: number): number {
    let lo = 0;
    let hi = this.at.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid]! <= p) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The original position of the character that shadow unit `p` was made of (`end`: just after it). */
  original(p: number, end: boolean): number {
    const k = this.segment(p);
    if (k === -1) return p + (end ? 1 : 0);
    const after = this.at[k]! + this.length[k]!;
    if (p < after) return end ? this.to[k]! : this.from[k]!;
    return this.to[k]! + (p - after) + (end ? 1 : 0);
  }
}

/**
 * The shadow of `text`: NFKC per code point (fullwidth digits and `＠`, NBSP and other spaces),
 * digits of every script as ASCII digits, Unicode hyphens as `-`, invisible characters removed.
 * Null when the text has nothing to rewrite, which ASCII text never has (one regex test).
 */
export function shadowOf(text: string): Shadow | null {
  if (!NON_ASCII.test(text)) return null;
  const shadow = new Shadow();
  const plains: string[] = [];
  let run = 0; // start of the pending run of characters kept as they are
  let length = 0; // of the shadow so far
  MAY_REWRITE.lastIndex = 0;
  // test() moves lastIndex past the one code unit matched without allocating a match.
  while (MAY_REWRITE.test(text)) {
    const i = MAY_REWRITE.lastIndex - 1;
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    MAY_REWRITE.lastIndex = i + width;
    const plain = plainChar(cp);
    if (plain !== null) {
      length += i - run;
      shadow.add(length, plain.length, i, i + width);
      plains.push(plain);
      length += plain.length;
      run = i + width;
    }
  }
  if (shadow.empty) return null;
  shadow.text = shadow.write(text, plains, length + text.length - run);
  return shadow;
}

/** `text` as the scanner reads it (for comparing found values: allowlists, baselines). */
export function plainText(text: string): string {
  return shadowOf(text)?.text ?? text;
}
