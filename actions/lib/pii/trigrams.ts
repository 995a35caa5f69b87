/**
 * A prefilter for a set of regular expressions that each start with a short literal: the
 * positions of a text whose first three characters begin some match, found in one pass over
 * a byte copy of the text. A superset: whoever uses it still runs the expression itself at
 * each position, so it can only drop positions where no match starts.
 *
 * Why not the regular expression alone: tried at every word of prose, the alternation of
 * ninety secret triggers was about half of a scan of plain text; V8 cannot skip ahead in it
 * because its alternatives begin with nearly every letter. A table of three-character
 * prefixes can. The loop over the bytes is a few lines of WebAssembly (trigrams.wat):
 * measured on 8 MB of prose, 4 to 6 ms per MB for the alternation, 2.2 for the same loop in
 * JavaScript, 1.4 for the WebAssembly one, copying the text included.
 */

import { WORD, is } from './chars.js';
import { TRIGRAM_SCAN_WASM } from './trigrams.wasm.generated.js';

const ANY = -1; // a position the pattern leaves open (it ended, or a lookahead follows)
const TABLE_BITS = 21; // three characters of seven bits

/** Code points `[a-z0-9_-]` names, ranges expanded; the class body without its brackets. */
function classChars(body: string, pattern: string): number[] {
  if (body.startsWith('^')) throw new Error(`negated class in ${pattern}`);
  const chars: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && /[A-Za-z0-9]/.test(body[i + 1] ?? '')) {
      throw new Error(`unsupported escape in a class of ${pattern}`); // \d, \w, \s: sets, not characters
    }
    const c = body[i] === '\\' ? body[++i]! : body[i]!;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const last = body[i + 2] === '\\' ? body[i + 3]! : body[i + 2]!;
      for (let code = c.charCodeAt(0); code <= last.charCodeAt(0); code++) chars.push(code);
      i += body[i + 2] === '\\' ? 3 : 2;
    } else chars.push(c.charCodeAt(0));
  }
  return chars;
}

/**
 * Every way `pattern` can begin, three positions deep: lists of character codes per
 * position (ANY where the pattern leaves a position open). Understands the syntax triggers
 * use: literals, escaped punctuation, classes, `(?:…|…)`, `?`, `{n}`, `{n,m}` and a
 * lookahead (which leaves what follows open); anything else is an error, so a new trigger
 * cannot be dropped silently.
 */
export function leadingTriples(pattern: string): number[][][] {
  let i = 0;
  type Seq = number[][][]; // alternatives of position lists
  const parseAlternation = (): Seq => {
    const out: Seq = [];
    let branch: Seq = [[]];
    for (;;) {
      if (i >= pattern.length || pattern[i] === ')') {
        out.push(...branch);
        return out;
      }
      if (pattern[i] === '|') {
        i++;
        out.push(...branch);
        branch = [[]];
        continue;
      }
      const atom = parseAtom();
      let min = 1;
      let max = 1;
      const q = /^(?:\?|\{(\d+)(?:,(\d+))?\})/.exec(pattern.slice(i));
      if (q) {
        i += q[0].length;
        min = q[0] === '?' ? 0 : Number(q[1]);
        max = q[0] === '?' ? 1 : Number(q[2] ?? q[1]);
      } else if (/^[*+]/.test(pattern.slice(i))) throw new Error(`unbounded repeat in ${pattern}`);
      const next: Seq = [];
      for (const prefix of branch) {
        if (prefix.length >= 3 || prefix.at(-1)?.[0] === ANY) {
          next.push(prefix);
          continue;
        }
        // Past three characters every further repeat reads the same: count up to three.
        let grown: Seq = [prefix];
        for (let n = 0; n <= Math.min(max, 3); n++) {
          if (n >= Math.min(min, 3)) next.push(...grown);
          const longer: Seq = [];
          for (const g of grown) for (const a of atom) longer.push([...g, ...a].slice(0, 3));
          grown = longer;
        }
      }
      branch = next;
    }
  };
  const parseAtom = (): Seq => {
    const c = pattern[i]!;
    if (c === '(') {
      if (pattern.startsWith('(?=', i)) {
        // What follows is checked by the pattern itself: leave the positions open.
        let depth = 0;
        for (; i < pattern.length; i++) {
          if (pattern[i] === '\\') i++;
          else if (pattern[i] === '(') depth++;
          else if (pattern[i] === ')' && --depth === 0) break;
        }
        i++;
        return [[[ANY]]];
      }
      if (!pattern.startsWith('(?:', i)) throw new Error(`unsupported group in ${pattern}`);
      i += 3;
      const inner = parseAlternation();
      if (pattern[i] !== ')') throw new Error(`unclosed group in ${pattern}`);
      i++;
      return inner;
    }
    if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`unclosed class in ${pattern}`);
      const chars = classChars(pattern.slice(i + 1, end), pattern);
      i = end + 1;
      return [[chars]];
    }
    if (c === '\\') {
      const escaped = pattern[i + 1]!;
      if (/[A-Za-z0-9]/.test(escaped)) throw new Error(`unsupported escape in ${pattern}`);
      i += 2;
      return [[[escaped.charCodeAt(0)]]];
    }
    if ('^$.*+{}|'.includes(c)) throw new Error(`unsupported syntax ${c} in ${pattern}`);
    i++;
    return [[[c.charCodeAt(0)]]];
  };
  const result = parseAlternation();
  if (i !== pattern.length) throw new Error(`unbalanced ) in ${pattern}`);
  for (const r of result)
    for (const chars of r)
      if (chars.some((c) => c > 127)) throw new Error(`non-ASCII in ${pattern}`);
  return result;
}

/** A pattern to prefilter, and whether it only matches at a word start (after `\b`). */
export interface Prefix {
  pattern: string;
  wordStart: boolean;
}

const AT_WORD_START = 1; // two bits per trigram: where the trigram may begin a match
const ANYWHERE = 2;

/** The memory layout of trigrams.wat: the table, one window of the text, the positions found. */
const TABLE = 0;
const WINDOW = 1 << 16;
const TEXT = 1 << 19;
const OUT = TEXT + WINDOW + 8;
let scanModule: WebAssembly.Module | undefined;

export class TrigramFilter {
  private readonly scan: (last: number) => number;
  private readonly table: Int32Array;
  private readonly bytes: Buffer;
  private readonly out: Int32Array;

  constructor(prefixes: Iterable<Prefix>) {
    scanModule ??= new WebAssembly.Module(Buffer.from(TRIGRAM_SCAN_WASM, 'base64'));
    const exports = new WebAssembly.Instance(scanModule).exports as {
      memory: WebAssembly.Memory;
      scan: (last: number) => number;
    };
    this.scan = exports.scan;
    this.table = new Int32Array(exports.memory.buffer, TABLE, 1 << (TABLE_BITS - 4));
    this.bytes = Buffer.from(exports.memory.buffer, TEXT, WINDOW + 4);
    this.out = new Int32Array(exports.memory.buffer, OUT, WINDOW);
    const all = Array.from({ length: 128 }, (_, c) => c);
    for (const { pattern, wordStart } of prefixes)
      for (const positions of leadingTriples(pattern)) {
        const sets = [0, 1, 2].map((k) =>
          !positions[k] || positions[k][0] === ANY ? all : positions[k],
        );
        const where = wordStart ? AT_WORD_START : ANYWHERE;
        for (const a of sets[0]!)
          for (const b of sets[1]!)
            for (const c of sets[2]!) {
              const h = (a << 14) | (b << 7) | c;
              this.table[h >>> 4]! |= where << ((h & 15) << 1);
            }
      }
  }

  /**
   * Where a match may start in `text`, ascending. The text is copied a window at a time as
   * one byte per UTF-16 unit (Latin-1 keeps positions), and each character read by its low
   * seven bits: a non-ASCII character can only add a position, never hide one. The word
   * boundary is read in the text itself, only where a trigram matched.
   */
  starts(text: string): number[] {
    const { bytes, out } = this;
    const found: number[] = [];
    for (let from = 0; from < text.length; from += WINDOW) {
      const n = bytes.write(text.slice(from, from + WINDOW + 2), 'latin1');
      bytes[n] = 0;
      bytes[n + 1] = 0;
      const count = this.scan(Math.min(WINDOW, n));
      for (let k = 0; k < count; k++) {
        const at = from + (out[k]! >>> 2);
        if (out[k]! & ANYWHERE || !is(text, at - 1, WORD)) found.push(at); // `\b` as JS reads it
      }
    }
    return found;
  }
}
