import { ShapeError, type TagValue } from '../model.js';
import { quoteOr } from '../../parse/quote.js';

/** Small checks shared by the adapters; each failure names the pointer of the bad value. */

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  // Quoted only when it cannot be personal data; a truncated email would escape the masking.
  if (typeof v === 'string') return `the string ${quoteOr(v, `of ${v.length} characters`)}`;
  return `${typeof v} ${String(v)}`;
}

export function objectAt(v: unknown, pointer: string, what: string): Json {
  if (!isObject(v)) throw new ShapeError(`${what} must be an object, not ${describe(v)}`, pointer);
  return v;
}

export function arrayAt(v: unknown, pointer: string, what: string): unknown[] {
  if (!Array.isArray(v))
    throw new ShapeError(`${what} must be a list, not ${describe(v)}`, pointer);
  return v;
}

/** A finite number, or undefined when absent or null. */
export function optionalNumber(v: unknown, pointer: string, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ShapeError(`${what} must be a number, not ${describe(v)}`, pointer);
  return v;
}

export function optionalBoolean(v: unknown, pointer: string, what: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean')
    throw new ShapeError(`${what} must be true or false, not ${describe(v)}`, pointer);
  return v;
}

export function optionalString(v: unknown, pointer: string, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new ShapeError(`${what} must be a string, not ${describe(v)}`, pointer);
  return v;
}

/** Tags from an object: scalars and lists of strings; other values are left out. */
export function scalarTags(
  v: unknown,
  into: Record<string, TagValue> = {},
): Record<string, TagValue> {
  if (!isObject(v)) return into;
  for (const key in v) {
    const value = v[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      into[key] = value;
    else if (Array.isArray(value) && value.every((x) => typeof x === 'string'))
      into[key] = value as string[];
  }
  return into;
}

/** A suite name as policies can write it. */
export function suiteName(raw: string): string {
  const cleaned = raw.trim().replace(/[^A-Za-z0-9._/:-]+/g, '-');
  return /^[A-Za-z0-9]/.test(cleaned) ? cleaned : `suite-${cleaned}`;
}
