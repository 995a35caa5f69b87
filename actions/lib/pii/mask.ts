import type { PiiType } from './types.js';

const STARS = '***';

/** Every letter and digit replaced by `*`, separators kept, the last `keep` digits shown. */
function maskDigits(value: string, keep: number): string {
  // Char codes, not one-character regexes: every finding of four types is masked.
  let left = keep;
  let out = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && left > 0) {
      left--;
      out = value[i]! + out;
    } else out = (digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? '*' : value[i]!) + out;
  }
  return out;
}

/** `john.doe@mail.example.com` -> `j***@m***.com`. */
function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const first = (s: string) => String.fromCodePoint(s.codePointAt(0)!);
  return `${first(value)}${STARS}@${first(domain)}${STARS}${domain.slice(dot)}`;
}

function maskIp(value: string): string {
  const colon = value.indexOf(':');
  if (colon !== -1) return `${value.slice(0, colon)}:${STARS}`;
  const dot = value.indexOf('.');
  return `${dot === -1 ? value : value.slice(0, dot)}.*.*.*`;
}

/** The recognisable prefix of a secret (`ghp_`, `sk-proj-`, `-----BEGIN RSA PRIVATE KEY-----`) and stars. */
function maskSecret(value: string, prefixLength: number): string {
  // A key block shows its header line only.
  if (value.startsWith('-----BEGIN'))
    return `${value.slice(0, value.indexOf('-----', 10) + 5)}****`;
  return `${value.slice(0, Math.min(prefixLength, Math.floor(value.length / 3)))}${'*'.repeat(4)}`;
}

/**
 * A preview of a found value that is safe to print anywhere: never more than a few
 * characters of it, and never enough to rebuild it.
 */
export function mask(type: PiiType, value: string, secretPrefix = 0): string {
  switch (type) {
    case 'EMAIL':
      return maskEmail(value);
    case 'CREDIT_CARD':
      return maskDigits(value, 4);
    case 'PHONE':
    case 'US_SSN':
      return maskDigits(value, 2);
    case 'IBAN':
      return value.slice(0, 2) + maskDigits(value.slice(2), 2);
    case 'IP_ADDRESS':
      return maskIp(value);
    case 'SECRET':
      return maskSecret(value, secretPrefix);
  }
}
