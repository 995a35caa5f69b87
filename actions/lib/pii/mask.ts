import type { PiiType } from './types.js';

const STARS = '***';

/** Every letter and digit replaced by `*`, separators kept, the last `keep` digits shown. */
function maskDigits(value: string, keep: number): string {
  let left = keep;
  const out: string[] = [];
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value[i]!;
    if (/[0-9]/.test(c) && left > 0) {
      left--;
      out.push(c);
    } else out.push(/[A-Za-z0-9]/.test(c) ? '*' : c);
  }
  return out.reverse().join('');
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
  if (value.includes(':')) return `${value.split(':')[0]}:${STARS}`;
  return `${value.split('.')[0]}.*.*.*`;
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
