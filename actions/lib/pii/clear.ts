import { isReservedExample } from './allowlist.js';
import { scanText } from './scan.js';

/**
 * `text` with every personal value the scanner finds replaced by its masked preview; reserved
 * examples (support@example.com in a hint) stay. The last line of defence for what is printed:
 * errors and reports pass through it, whatever a gate or a parser put in them.
 */
export function maskPersonal(text: string): string {
  if (text.length < 7) return text; // nothing the scanner finds is this short
  const findings = scanText(text).filter(
    (f) => !isReservedExample(f.type, text.slice(f.start, f.end)),
  );
  let out = text;
  for (const f of findings.sort((a, b) => b.start - a.start))
    out = out.slice(0, f.start) + f.preview + out.slice(f.end);
  return out;
}

/** A JSON-like value with `maskPersonal` applied to every string in it, keys included. */
export function maskPersonalDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPersonal(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskPersonalDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[maskPersonal(k)] = maskPersonalDeep(v);
    return out as T;
  }
  return value;
}
