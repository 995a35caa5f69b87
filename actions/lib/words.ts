/**
 * How every message writes numbers, counts and commits, so that one report never shows the
 * same kind of value two ways.
 */

/** A whole number with thousands separators: 1,204,311. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** `1 file`, `2 files`, `1,204 interactions`. */
export function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** A share as a percentage with `digits` significant digits: 0.01234 -> `1.23 %`. */
export function percent(x: number, digits = 3): string {
  return `${Number((x * 100).toPrecision(digits))} %`;
}

/** A number with `digits` significant digits (whole numbers in full). */
export function decimal(x: number, digits = 4): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(digits)));
}

/** A commit SHA (or content hash) as messages show it: its first 12 hex digits. */
export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}
