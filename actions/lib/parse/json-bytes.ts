/**
 * JSON documents read from their bytes, for result files of hundreds of megabytes of which
 * the gate needs a few fields per case. `pick` walks the document once, builds only the
 * values asked for and jumps over the others, so most of the document never becomes a
 * string or an object; `locate` turns JSON pointers into lines and columns the same way,
 * only when a finding needs it.
 *
 * What is checked where (docs/evals.md says it for users): the caller checks that the bytes
 * are UTF-8 without NUL; `pick` checks the structure of the whole document (brackets,
 * commas, colons, property names, numbers, literals, where each string ends); values it
 * builds are checked as `JSON.parse` checks them. The inside of a string that is jumped over
 * (a response text, a prompt) is not read, so a raw control character or a bad escape
 * sequence there goes unnoticed.
 */
import type { Position } from './json-locate.js';

/**
 * What to build of a value: `true`, the whole value as `JSON.parse` gives it; `[item]`,
 * every item of a list, each picked as `item`; an object, the listed properties of an
 * object, each picked in turn (`'*'` picks the properties not listed). A value of another
 * kind than its pick asks for is built whole, so a reader sees what is really there.
 */
export type Pick = true | readonly [Pick] | { readonly [key: string]: Pick };

/** Malformed JSON at a byte offset. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * A property named twice in one object: `JSON.parse` keeps the last, other readers the first,
 * so the value that counts would depend on the reader. `key` is set only for a name the
 * caller listed (never quote an arbitrary key: it may be personal data).
 */
export class JsonDuplicateKeyError extends JsonSyntaxError {
  constructor(
    offset: number,
    readonly key: string | undefined,
  ) {
    super(`${key ? `the key "${key}"` : 'a key'} is given twice in one object`, offset);
    this.name = 'JsonDuplicateKeyError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LF = 0x0a;
const CR = 0x0d;

const syntax = (message: string, offset: number) => new JsonSyntaxError(message, offset);
const early = (b: Buffer, i: number, message: string) =>
  syntax(i >= b.length ? 'the file ends too early' : message, i);

/**
 * Past spaces and line breaks. Like every loop of the walk, it never reads past the end of
 * the bytes of a well-formed document: V8 would then make every read in it slower.
 */
function skipSpace(b: Buffer, i: number): number {
  for (const end = b.length; i < end; i++) {
    const c = b[i]!;
    // Most calls end at once, on a byte above the space.
    if (c > 0x20 || (c !== 0x20 && c !== LF && c !== CR && c !== 0x09)) return i;
  }
  return i;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= ZERO && c <= NINE;

/**
 * The closing quote of the string whose content starts at `i`. Most strings of a result
 * file are short names and values, which a loop finds faster than a native search costs to
 * call; long ones (texts) go to `indexOf`. A quote after an odd number of backslashes is
 * escaped.
 */
function stringEnd(b: Buffer, i: number): number {
  const start = i;
  for (const stop = Math.min(i + 32, b.length); i < stop; i++) {
    const c = b[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) break;
  }
  for (;;) {
    const quote = b.indexOf(QUOTE, i);
    if (quote === -1) throw syntax('unterminated string', start - 1);
    let k = quote;
    while (b[k - 1] === BACKSLASH) k--;
    if ((quote - k) % 2 === 0) return quote;
    i = quote + 1;
  }
}

/** The end of the number at `i`, checked against JSON's grammar. */
function numberEnd(b: Buffer, i: number): number {
  const start = i;
  const bad = () => syntax('invalid number format', start);
  if (b[i] === MINUS) i++;
  if (b[i] === ZERO) i++;
  else if (isDigit(b[i])) while (isDigit(b[++i]));
  else throw bad();
  if (b[i] === DOT) {
    if (!isDigit(b[++i])) throw bad();
    while (isDigit(b[++i]));
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === PLUS || b[i] === MINUS) i++;
    if (!isDigit(b[i])) throw bad();
    while (isDigit(b[++i]));
  }
  return i;
}

const LITERALS: Record<number, Uint8Array> = {
  0x74: Buffer.from('true'),
  0x66: Buffer.from('false'),
  0x6e: Buffer.from('null'),
};

/** The end of the string, number or literal at `i`. */
function scalarEnd(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i + 1) + 1;
  if (c === MINUS || isDigit(c)) return numberEnd(b, i);
  const word = c === undefined ? undefined : LITERALS[c];
  if (word) {
    for (let k = 1; k < word.length; k++)
      if (b[i + k] !== word[k]) throw syntax('invalid symbol', i);
    return i + word.length;
  }
  throw early(b, i, 'a value is expected');
}

/** Where the value of the property whose name starts at `i` starts. */
function afterName(b: Buffer, i: number): number {
  if (b[i] !== QUOTE) throw early(b, i, 'a property name is expected');
  i = skipSpace(b, stringEnd(b, i + 1) + 1);
  if (b[i] !== COLON) throw early(b, i, 'a colon is expected');
  return skipSpace(b, i + 1);
}

/** Open containers of `skipValue` (1: object, 0: list); grown for deeper documents. */
let openKinds = new Uint8Array(64);

/**
 * The end of the value at `i`, its syntax checked. A loop with its own stack rather than
 * recursion, so that no nesting depth overflows the call stack.
 */
function skipValue(b: Buffer, i: number): number {
  let depth = 0;
  for (;;) {
    let c = b[i];
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === openKinds.length) {
        const deeper = new Uint8Array(depth * 2);
        deeper.set(openKinds);
        openKinds = deeper;
      }
      const object = c === OPEN_BRACE;
      openKinds[depth++] = object ? 1 : 0;
      i = skipSpace(b, i + 1);
      c = b[i];
      if (c !== (object ? CLOSE_BRACE : CLOSE_BRACKET)) {
        if (object) i = afterName(b, i);
        continue;
      }
    } else {
      i = scalarEnd(b, i);
      if (depth === 0) return i;
      i = skipSpace(b, i);
      c = b[i];
    }
    // After a value in a container: close what ends here, then a comma and the next value.
    for (;;) {
      const object = openKinds[depth - 1] === 1;
      if (c === (object ? CLOSE_BRACE : CLOSE_BRACKET)) {
        if (--depth === 0) return i + 1;
        i = skipSpace(b, i + 1);
        c = b[i];
        continue;
      }
      if (c === COMMA) {
        i = skipSpace(b, i + 1);
        if (object) i = afterName(b, i);
        break;
      }
      throw early(
        b,
        i,
        object ? 'a comma or closing brace is expected' : 'a comma or closing bracket is expected',
      );
    }
  }
}

/** A pick made ready for the walk: property names as the bytes a document spells them with. */
type Plan = true | { item: Plan } | Members;

interface Member {
  name: string;
  bytes: Buffer;
  plan: Plan;
}

interface Members {
  /** Listed properties by the length of their name in bytes, to compare few names. */
  byLength: (Member[] | undefined)[];
  byName: Map<string, Member>;
  /** The plan for properties not listed (`'*'`). */
  others: Plan | undefined;
}

const plans = new WeakMap<object, Plan>();

function planOf(p: Pick): Plan {
  if (p === true) return true;
  let plan = plans.get(p);
  if (plan) return plan;
  if (isItemPick(p)) {
    plan = { item: planOf(p[0]) };
  } else {
    const members: Members = { byLength: [], byName: new Map(), others: undefined };
    for (const [name, sub] of Object.entries(p)) {
      if (name === '*') {
        members.others = planOf(sub);
        continue;
      }
      const bytes = Buffer.from(JSON.stringify(name).slice(1, -1));
      const member = { name, bytes, plan: planOf(sub) };
      members.byName.set(name, member);
      (members.byLength[bytes.length] ??= []).push(member);
    }
    plan = members;
  }
  plans.set(p, plan);
  return plan;
}

function isItemPick(p: Pick): p is readonly [Pick] {
  return Array.isArray(p);
}

function hasByte(b: Buffer, start: number, end: number, byte: number): boolean {
  for (let i = start; i < end; i++) if (b[i] === byte) return true;
  return false;
}

function sameBytes(b: Buffer, start: number, bytes: Buffer): boolean {
  for (let k = 0; k < bytes.length; k++) if (b[start + k] !== bytes[k]) return false;
  return true;
}

/** Sets a property as `JSON.parse` does: `__proto__` too is an own property. */
function setOwn(o: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(o, name, { value, writable: true, enumerable: true, configurable: true });
  else o[name] = value;
}

/** A JSON pointer's list index, or -1 when the segment is not one. */
function listIndex(segment: string): number {
  return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1;
}

/** A JSON document as its UTF-8 bytes. */
export class JsonBytes {
  /** The bytes. */
  readonly b: Buffer;
  /** Where the walk is: the value at `pos` is next. */
  private pos = 0;
  /** After a byte-order mark, as TextDecoder drops it. */
  private readonly start: number;

  constructor(bytes: Uint8Array) {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.b = b;
    this.start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  }

  /**
   * The document as `JSON.parse` would give it, but only the parts `p` asks for; the syntax
   * of the whole document is checked (see the top of this file). Throws JsonSyntaxError.
   */
  pick(p: Pick): unknown {
    const b = this.b;
    this.pos = skipSpace(b, this.start);
    const value = this.value(planOf(p));
    const end = skipSpace(b, this.pos);
    if (end < b.length) throw syntax('the document goes on after its end', end);
    return value;
  }

  /** The property names of the document's object, in document order, repeats included. */
  keys(): string[] {
    const names: string[] = [];
    this.pos = skipSpace(this.b, this.start);
    if (this.b[this.pos] === OPEN_BRACE)
      this.members((name) => {
        names.push(name);
        return false;
      });
    return names;
  }

  /**
   * 1-based line and column of the values at JSON pointers, as an editor shows them (lines
   * end at LF, CRLF or CR; columns count UTF-16 units), for a document `pick` has read.
   * Pointers to nothing are left out; of a property named twice, the first counts.
   */
  locate(pointers: Iterable<string>): Map<string, Position> {
    const offsets = new Map<string, number>();
    for (const pointer of pointers) {
      const at = this.offsetOf(pointer);
      if (at !== -1) offsets.set(pointer, at);
    }
    const positions = this.positions([...offsets.values()]);
    return new Map([...offsets.keys()].map((p, k) => [p, positions[k]!]));
  }

  /** The line and column of a byte offset. */
  positionOf(offset: number): Position {
    return this.positions([offset])[0]!;
  }

  private value(plan: Plan): unknown {
    const b = this.b;
    const start = this.pos;
    const c = b[start];
    if (plan !== true) {
      if (c === OPEN_BRACE && !('item' in plan)) return this.object(plan);
      if (c === OPEN_BRACKET && 'item' in plan) return this.list(plan.item);
    }
    const end = c === OPEN_BRACE || c === OPEN_BRACKET ? skipValue(b, start) : scalarEnd(b, start);
    this.pos = end;
    if (c === QUOTE) return this.string(start + 1, end - 1);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.uniqueNames(start, end);
      return this.parse(start, end);
    }
    if (c === 0x74) return true;
    if (c === 0x66) return false;
    if (c === 0x6e) return null;
    return this.number(start, end);
  }

  private object(plan: Members): Record<string, unknown> {
    const b = this.b;
    const out: Record<string, unknown> = {};
    let i = skipSpace(b, this.pos + 1);
    if (b[i] === CLOSE_BRACE) {
      this.pos = i + 1;
      return out;
    }
    for (;;) {
      if (b[i] !== QUOTE) throw early(b, i, 'a property name is expected');
      const start = i + 1;
      const end = stringEnd(b, start);
      const member = this.member(plan, start, end);
      i = skipSpace(b, end + 1);
      if (b[i] !== COLON) throw early(b, i, 'a colon is expected');
      i = skipSpace(b, i + 1);
      if (member) {
        if (Object.prototype.hasOwnProperty.call(out, member.name))
          throw new JsonDuplicateKeyError(
            start - 1,
            plan.byName.has(member.name) ? member.name : undefined,
          );
        this.pos = i;
        setOwn(out, member.name, this.value(member.plan));
        i = skipSpace(b, this.pos);
      } else i = skipSpace(b, skipValue(b, i));
      if (b[i] === COMMA) {
        i = skipSpace(b, i + 1);
        continue;
      }
      if (b[i] === CLOSE_BRACE) {
        this.pos = i + 1;
        return out;
      }
      throw early(b, i, 'a comma or closing brace is expected');
    }
  }

  /** The listed property whose name is bytes `start` to `end`, or an unlisted one for `'*'`. */
  private member(plan: Members, start: number, end: number): Member | undefined {
    const b = this.b;
    const listed = end - start < plan.byLength.length ? plan.byLength[end - start] : undefined;
    if (listed)
      for (let k = 0; k < listed.length; k++) {
        const m = listed[k]!;
        if (sameBytes(b, start, m.bytes)) return m;
      }
    // A name spelled with escapes can still be a listed one.
    if (!plan.others && !hasByte(b, start, end, BACKSLASH)) return undefined;
    const name = this.string(start, end);
    return (
      plan.byName.get(name) ?? (plan.others ? { name, bytes: b, plan: plan.others } : undefined)
    );
  }

  private list(item: Plan): unknown[] {
    const b = this.b;
    const out: unknown[] = [];
    let i = skipSpace(b, this.pos + 1);
    if (b[i] === CLOSE_BRACKET) {
      this.pos = i + 1;
      return out;
    }
    for (;;) {
      this.pos = i;
      out.push(this.value(item));
      i = skipSpace(b, this.pos);
      if (b[i] === COMMA) {
        i = skipSpace(b, i + 1);
        continue;
      }
      if (b[i] === CLOSE_BRACKET) {
        this.pos = i + 1;
        return out;
      }
      throw early(b, i, 'a comma or closing bracket is expected');
    }
  }

  /** The string whose content is bytes `start` to `end`; escapes are left to JSON.parse. */
  private string(start: number, end: number): string {
    const b = this.b;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c === BACKSLASH || c < 0x20) return this.parse(start - 1, end + 1) as string;
      if (c >= 0x80) ascii = false;
    }
    return b.toString(ascii ? 'latin1' : 'utf8', start, end);
  }

  /** A number; short integers (counts, latencies) without making a string first. */
  private number(start: number, end: number): number {
    const b = this.b;
    if (end - start <= 15) {
      const negative = b[start] === MINUS;
      let n = 0;
      let i = negative ? start + 1 : start;
      for (; i < end; i++) {
        const c = b[i]!;
        if (c < ZERO || c > NINE) break;
        n = n * 10 + (c - ZERO);
      }
      if (i === end) return negative ? -n : n;
    }
    return Number(b.toString('latin1', start, end));
  }

  /**
   * Throws JsonDuplicateKeyError when an object between `start` and `end` (a value whose
   * syntax is checked) names a property twice. A loop with a stack, like `skipValue`.
   */
  private uniqueNames(start: number, end: number): void {
    const b = this.b;
    const open: (Set<string> | null)[] = [];
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c === OPEN_BRACE) open.push(new Set());
      else if (c === OPEN_BRACKET) open.push(null);
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) open.pop();
      else if (c === QUOTE) {
        const close = stringEnd(b, i + 1);
        const names = open[open.length - 1];
        if (names && b[skipSpace(b, close + 1)] === COLON) {
          const name = this.string(i + 1, close);
          if (names.has(name)) throw new JsonDuplicateKeyError(i, undefined);
          names.add(name);
        }
        i = close;
      }
    }
  }

  private parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.b.toString('utf8', start, end));
    } catch {
      // JSON.parse's message quotes the input.
      throw syntax('invalid JSON here', start);
    }
  }

  /**
   * Walks the members of the object at `pos` (checked already), calling `visit` with each
   * name when `pos` is at its value; stops when `visit` says so (true) and leaves `pos`
   * there. False when no member stopped the walk.
   */
  private members(visit: (name: string) => boolean): boolean {
    const b = this.b;
    let i = skipSpace(b, this.pos + 1);
    while (b[i] === QUOTE) {
      const end = stringEnd(b, i + 1);
      const name = this.string(i + 1, end);
      this.pos = skipSpace(b, skipSpace(b, end + 1) + 1);
      if (visit(name)) return true;
      i = skipSpace(b, skipValue(b, this.pos));
      if (b[i] === COMMA) i = skipSpace(b, i + 1);
    }
    return false;
  }

  /** The offset of the value at a JSON pointer, or -1. */
  private offsetOf(pointer: string): number {
    const b = this.b;
    this.pos = skipSpace(b, this.start);
    if (pointer === '') return this.pos;
    if (!pointer.startsWith('/')) return -1;
    for (const raw of pointer.slice(1).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const c = b[this.pos];
      if (c === OPEN_BRACE) {
        if (!this.members((name) => name === segment)) return -1;
      } else if (c === OPEN_BRACKET) {
        const index = listIndex(segment);
        if (index === -1) return -1;
        let i = skipSpace(b, this.pos + 1);
        if (b[i] === CLOSE_BRACKET) return -1;
        for (let k = 0; k < index; k++) {
          i = skipSpace(b, skipValue(b, i));
          if (b[i] !== COMMA) return -1;
          i = skipSpace(b, i + 1);
        }
        this.pos = i;
      } else return -1;
    }
    return this.pos;
  }

  /** Lines and columns of byte offsets, counting lines once up to the furthest. */
  private positions(offsets: number[]): Position[] {
    const b = this.b;
    const order = offsets.map((_, k) => k).sort((x, y) => offsets[x]! - offsets[y]!);
    const out = new Array<Position>(offsets.length);
    let line = 1;
    let lineStart = this.start;
    // The next CR, searched again only once passed: most files have none.
    let cr = b.indexOf(CR, lineStart);
    for (const k of order) {
      const offset = offsets[k]!;
      for (;;) {
        if (cr !== -1 && cr < lineStart) cr = b.indexOf(CR, lineStart);
        const lf = b.indexOf(LF, lineStart);
        const at = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
        if (at === -1 || at >= offset) break;
        line++;
        lineStart = at + (b[at] === CR && b[at + 1] === LF ? 2 : 1);
      }
      const prefix = b.subarray(lineStart, offset);
      out[k] = { line, column: prefix.toString('utf8').length + 1 };
    }
    return out;
  }
}
