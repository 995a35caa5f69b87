/**
 * A static check for regular expressions that can backtrack catastrophically (exponential
 * time in V8's backtracking engine): a repeated group whose body can match the same text in
 * more than one way. Allowlist patterns run on every finding; one bad pattern must not hang
 * a gate. Conservative: it may refuse a pattern that is in fact safe, never the reverse for
 * the two shapes it knows (nested quantifiers, overlapping alternatives under a repetition).
 */

/** Characters as an ASCII bitmap, index 128 standing for every non-ASCII character. */
type CharSet = boolean[];

type Node =
  | { kind: 'chars'; set: CharSet }
  | { kind: 'empty' }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[]; at: number }
  | { kind: 'group'; body: Node; lookaround: boolean }
  | { kind: 'quant'; body: Node; min: number; max: number; at: number };

const SIZE = 129;
const none = (): CharSet => new Array<boolean>(SIZE).fill(false);
const all = (): CharSet => new Array<boolean>(SIZE).fill(true);
const of = (chars: string): CharSet => {
  const set = none();
  for (const c of chars) set[Math.min(c.charCodeAt(0), 128)] = true;
  return set;
};
const range = (set: CharSet, from: number, to: number) => {
  for (let c = from; c <= to; c++) set[Math.min(c, 128)] = true;
  if (to > 127) set[128] = true;
};
const not = (set: CharSet): CharSet => set.map((b, i) => !b || i === 128);
const union = (a: CharSet, b: CharSet): CharSet => a.map((x, i) => x || b[i]!);
const overlaps = (a: CharSet, b: CharSet) => a.some((x, i) => x && b[i]);

const DIGIT = of('0123456789');
const WORD = (() => {
  const s = of('_0123456789');
  range(s, 65, 90);
  range(s, 97, 122);
  return s;
})();
const SPACE = (() => {
  const s = of(' \t\n\r\v\f');
  s[128] = true; // Unicode spaces
  return s;
})();

class Parser {
  i = 0;
  constructor(readonly src: string) {}

  alt(): Node {
    const at = this.i;
    const options = [this.seq()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options, at };
  }

  seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const at = this.i;
      items.push(this.quantified(this.atom(), at));
    }
    return { kind: 'seq', items };
  }

  quantified(body: Node, at: number): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return body;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      this.i += m[0].length - 1;
    } else return body;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy: backtracks all the same
    return { kind: 'quant', body, min, max, at };
  }

  atom(): Node {
    const c = this.src[this.i++]!;
    switch (c) {
      case '(': {
        let lookaround = false;
        if (this.src[this.i] === '?') {
          const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(this.src.slice(this.i));
          lookaround = m !== null && /^\?(?:=|!|<=|<!)$/.test(m[0]);
          this.i += m ? m[0].length : 1;
        }
        const body = this.alt();
        this.i++; // ')'
        return { kind: 'group', body, lookaround };
      }
      case '[':
        return { kind: 'chars', set: this.charClass() };
      case '.':
        return { kind: 'chars', set: all() };
      case '^':
      case '$':
        return { kind: 'empty' };
      case '\\':
        return this.escape();
      default:
        return { kind: 'chars', set: of(c) };
    }
  }

  escape(): Node {
    const c = this.src[this.i++] ?? '\\';
    switch (c) {
      case 'b':
      case 'B':
        return { kind: 'empty' };
      case 'd':
        return { kind: 'chars', set: DIGIT };
      case 'D':
        return { kind: 'chars', set: not(DIGIT) };
      case 'w':
        return { kind: 'chars', set: WORD };
      case 'W':
        return { kind: 'chars', set: not(WORD) };
      case 's':
        return { kind: 'chars', set: SPACE };
      case 'S':
        return { kind: 'chars', set: not(SPACE) };
      default:
        // A back-reference can match anything its group matched.
        if (/[1-9]/.test(c)) return { kind: 'chars', set: all() };
        return { kind: 'chars', set: this.escapedChar(c) };
    }
  }

  /** One escaped character (`\n`, `\x41`, `\u00e9`, `\.`) as a set. */
  escapedChar(c: string): CharSet {
    const hex = (n: number) => {
      const code = parseInt(this.src.slice(this.i, this.i + n), 16);
      this.i += n;
      const set = none();
      set[Number.isNaN(code) ? 128 : Math.min(code, 128)] = true;
      return set;
    };
    if (c === 'x') return hex(2);
    if (c === 'u') return hex(4);
    const control: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
    return of(control[c] ?? c);
  }

  charClass(): CharSet {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    let set = none();
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let from: CharSet;
      let code: number | undefined;
      if (this.src[this.i] === '\\') {
        this.i++;
        const node = this.escape();
        from = node.kind === 'chars' ? node.set : none();
        code = from.filter(Boolean).length === 1 ? from.indexOf(true) : undefined;
      } else {
        code = this.src.charCodeAt(this.i++);
        from = none();
        from[Math.min(code, 128)] = true;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && code !== undefined) {
        this.i++;
        const toCode =
          this.src[this.i] === '\\'
            ? (this.i++, this.escapedChar(this.src[this.i++]!).indexOf(true))
            : this.src.charCodeAt(this.i++);
        range(set, code, toCode === 128 ? 0x10ffff : toCode);
      } else set = union(set, from);
    }
    this.i++; // ']'
    return negated ? not(set) : set;
  }
}

function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'chars':
      return false;
    case 'empty':
      return true;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'group':
      return node.lookaround || nullable(node.body);
    case 'quant':
      return node.min === 0 || nullable(node.body);
  }
}

/** Every character a node can match anywhere. */
function charsOf(node: Node): CharSet {
  switch (node.kind) {
    case 'chars':
      return node.set;
    case 'empty':
      return none();
    case 'seq':
      return node.items.map(charsOf).reduce(union, none());
    case 'alt':
      return node.options.map(charsOf).reduce(union, none());
    case 'group':
      return node.lookaround ? none() : charsOf(node.body);
    case 'quant':
      return charsOf(node.body);
  }
}

/** The characters a match of the node can start with. */
function firstOf(node: Node): CharSet {
  switch (node.kind) {
    case 'chars':
      return node.set;
    case 'empty':
      return none();
    case 'seq': {
      let set = none();
      for (const item of node.items) {
        set = union(set, firstOf(item));
        if (!nullable(item)) break;
      }
      return set;
    }
    case 'alt':
      return node.options.map(firstOf).reduce(union, none());
    case 'group':
      return node.lookaround ? none() : firstOf(node.body);
    case 'quant':
      return firstOf(node.body);
  }
}

/** A repetition of variable length that can repeat more than once: `+`, `*`, `{2,5}`. */
const varies = (n: Node): n is Extract<Node, { kind: 'quant' }> =>
  n.kind === 'quant' && n.max > 1 && n.max > n.min;

/**
 * The characters every match of `node` must contain outside `skip`: one set per element
 * that cannot be left out (a character, a non-optional alternation).
 */
function mandatory(node: Node, skip: Node, out: CharSet[] = []): CharSet[] {
  if (node === skip) return out;
  switch (node.kind) {
    case 'chars':
      out.push(node.set);
      break;
    case 'seq':
      for (const item of node.items) mandatory(item, skip, out);
      break;
    case 'alt':
      if (!nullable(node)) out.push(charsOf(node));
      break;
    case 'group':
      if (!node.lookaround) mandatory(node.body, skip, out);
      break;
    case 'quant':
      if (node.min > 0) mandatory(node.body, skip, out);
      break;
  }
  return out;
}

function inner(node: Node, out: Node[] = []): Node[] {
  switch (node.kind) {
    case 'seq':
      node.items.forEach((n) => inner(n, out));
      break;
    case 'alt':
      node.options.forEach((n) => inner(n, out));
      break;
    case 'group':
      if (!node.lookaround) inner(node.body, out);
      break;
    case 'quant':
      out.push(node);
      inner(node.body, out);
      break;
  }
  if (node.kind === 'alt') out.push(node);
  return out;
}

/** Why a repeated node can match one text in exponentially many ways, or undefined. */
function ambiguity(repeat: Extract<Node, { kind: 'quant' }>): string | undefined {
  for (const part of inner(repeat.body)) {
    if (varies(part)) {
      // `(\w+\s?)+`: runs of `\w` split between iterations in every possible way, unless
      // something each iteration must match (`\.` in `([a-z]+\.)+`) cannot be part of the run.
      const run = charsOf(part.body);
      if (mandatory(repeat.body, part).every((set) => overlaps(set, run)))
        return `the repetition at character ${repeat.at + 1} holds another repetition (at character ${part.at + 1}) that can take the same characters`;
    }
    if (part.kind === 'alt') {
      const firsts = part.options.map(firstOf);
      for (let a = 0; a < firsts.length; a++)
        for (let b = a + 1; b < firsts.length; b++)
          if (overlaps(firsts[a]!, firsts[b]!) || nullable(part.options[a]!))
            return `the repetition at character ${repeat.at + 1} holds alternatives (at character ${part.at + 1}) that can start with the same character`;
    }
  }
  return undefined;
}

/**
 * Why the pattern can backtrack catastrophically, by position (never quoting it), or
 * undefined when neither shape is found. The pattern must compile (checked before).
 */
export function backtrackingRisk(pattern: string): string | undefined {
  const tree = new Parser(pattern).alt();
  for (const node of inner(tree)) {
    if (node.kind !== 'quant' || node.max <= 1) continue;
    const why = ambiguity(node);
    if (why) return why;
  }
  return undefined;
}
