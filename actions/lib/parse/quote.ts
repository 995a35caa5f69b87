import { scanText } from '../pii/scan.js';

/** Long digit runs are refused even when no detector fires: a bare card or account number. */
const DIGIT_RUN = /[0-9]{7,}/;

/**
 * Input text as a message may quote it (`"enforec"`), or undefined when it must not be quoted:
 * too long, on several lines, or holding anything the PII scanner or a long run of digits
 * could make personal. Callers then say what is wrong by kind and position only.
 */
export function quotable(text: string, max = 40): string | undefined {
  if (text.length > max || /[\r\n\t]/.test(text) || DIGIT_RUN.test(text)) return undefined;
  if (scanText(text).length > 0) return undefined;
  return JSON.stringify(text);
}

/** `"text"` when it may be quoted, otherwise `fallback` (e.g. `a text of 31 characters`). */
export function quoteOr(text: string, fallback: string, max = 40): string {
  return quotable(text, max) ?? fallback;
}

/** Keys for a message: the first eight, each only if it is safe to quote (a key may be an email). */
export const safeKeys = (keys: readonly string[]) =>
  keys
    .slice(0, 8)
    .map((k) => (quotable(k) ? k : `<a key of ${k.length} characters>`))
    .join(', ') || 'none';
