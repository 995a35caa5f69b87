import { formatLocation } from '../../errors.js';
import type { Item, ItemStatus, Observed, Result } from '../model.js';

export const ICON: Record<ItemStatus, string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '🛑',
  info: 'ℹ️',
  waived: '🟡',
};

export const SYMBOL: Record<ItemStatus, string> = {
  pass: '✔',
  warn: '!',
  fail: '✖',
  error: '✖',
  info: 'i',
  waived: '~',
};

export function resultWord(r: Result): string {
  return r.toUpperCase();
}

/** Numbers to four significant digits: 0.8234567 -> 0.8235, 1834.27 -> 1834; integers whole. */
export function showValue(v: Observed | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'none';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(4)));
  }
  return String(v);
}

export function where(item: Item): string {
  return formatLocation(item.location);
}

/** Table cells are untrusted text: no HTML, no table breaks. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}
