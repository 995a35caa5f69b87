/**
 * Checks that turn a candidate with the right shape into a finding: checksums, issuer
 * ranges, numbering rules. Pure functions over digit strings.
 */

/** Luhn (mod 10) checksum of a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

interface Issuer {
  name: string;
  /** Inclusive prefix ranges, compared on the first digits (as many as the bound has). */
  ranges: [string, string][];
  lengths: number[];
}

const range = (lo: string, hi = lo): [string, string] => [lo, hi];

/**
 * Issuer identification ranges of the card schemes in use (ISO/IEC 7812 IINs), with their
 * lengths, from the networks' published tables as collected in Wikipedia's "Payment card
 * number" (2024). Earlier entries win where ranges overlap (RuPay 353/356 is in JCB's range).
 */
const ISSUERS: Issuer[] = [
  { name: 'visa', ranges: [range('4')], lengths: [13, 16, 19] },
  { name: 'mastercard', ranges: [range('51', '55'), range('2221', '2720')], lengths: [16] },
  { name: 'amex', ranges: [range('34'), range('37')], lengths: [15] },
  {
    // Discover's own ranges and UnionPay's co-branded 622126-622925; Troy and Verve use 65 too.
    name: 'discover',
    ranges: [range('6011'), range('644', '649'), range('65'), range('622126', '622925')],
    lengths: [16, 17, 18, 19],
  },
  {
    name: 'diners',
    ranges: [range('300', '305'), range('3095'), range('36'), range('38', '39')],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { name: 'jcb', ranges: [range('3528', '3589')], lengths: [16, 17, 18, 19] },
  // JCB's older 15-digit numbers.
  { name: 'jcb', ranges: [range('2131'), range('1800')], lengths: [15] },
  { name: 'unionpay', ranges: [range('62'), range('81')], lengths: [16, 17, 18, 19] },
  { name: 'china t-union', ranges: [range('31')], lengths: [19] },
  {
    // Maestro and the domestic schemes in 50 and 56-69 (Elo, Hipercard, Verve, UzCard 5614,
    // InterPayment, UkrCard, ...).
    name: 'maestro',
    ranges: [range('50'), range('56', '69')],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  },
  { name: 'mir', ranges: [range('2200', '2204')], lengths: [16, 17, 18, 19] },
  { name: 'borica', ranges: [range('2205')], lengths: [16] },
  { name: 'dankort', ranges: [range('5019')], lengths: [16] },
  { name: 'uatp', ranges: [range('1')], lengths: [15] },
  { name: 'gpn', ranges: [range('1946')], lengths: [16, 18, 19] },
  { name: 'troy', ranges: [range('9792')], lengths: [16] },
  { name: 'napas', ranges: [range('9704')], lengths: [16, 19] },
  { name: 'uzcard/humo', ranges: [range('8600'), range('9860')], lengths: [16] },
  { name: 'rupay', ranges: [range('60'), range('508'), range('82')], lengths: [16] },
];

/** The card scheme whose issuer range and length the number fits, or null. */
export function cardIssuer(digits: string): string | null {
  for (const issuer of ISSUERS) {
    if (!issuer.lengths.includes(digits.length)) continue;
    for (const [lo, hi] of issuer.ranges) {
      const head = digits.slice(0, lo.length);
      if (head >= lo && head <= hi) return issuer.name;
    }
  }
  return null;
}

/** IBAN length per country (ISO 13616 registry, and countries that use IBANs nationally). */
// prettier-ignore
export const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29,
  BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29,
  ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
  LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19,
  MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
  YE: 30,
  // Not in the registry, but IBANs in national use with the same mod-97 check (Iran, the
  // West and Central African monetary unions, Algeria, Angola, Morocco, Madagascar, ...).
  AO: 25, BF: 28, BJ: 28, CF: 27, CG: 27, CI: 28, CM: 27, CV: 25, DZ: 26, GA: 27, GQ: 27,
  GW: 25, IR: 26, KM: 27, MA: 28, MG: 27, ML: 28, MZ: 25, NE: 28, SN: 28, TD: 27, TG: 28,
};

/** ISO 7064 mod 97-10 over an IBAN without spaces: the check digits make it 1. */
function ibanChecksum(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55; // 0-9, then A=10 .. Z=35
    rest = value > 9 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest === 1;
}

/** A whole IBAN (no spaces): known country, its exact length, alphanumeric, mod 97. */
export function validIban(iban: string): boolean {
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  return length === iban.length && /^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban) && ibanChecksum(iban);
}

/**
 * US Social Security number rules: area 001-899 but not 666, group 01-99, serial
 * 0001-9999; not all one digit, and not 078-05-1120, which the SSA voided after a wallet
 * maker printed it on sample cards.
 */
export function validSsn(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  return !/^(.)\1{8}$/.test(digits) && digits !== '078051120';
}

/** Dotted-quad IPv4: four decimal octets 0-255 without leading zeros. */
export function validIpv4(text: string): boolean {
  const parts = text.split('.');
  return (
    parts.length === 4 && parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)
  );
}

/** Counts of ASCII characters, zero between calls: tokens are ASCII, and a table needs no Map. */
const asciiCounts = new Uint32Array(128);
const seen = new Uint8Array(128);
/** n·log2(n) for the counts a token has; longer strings compute theirs. */
const N_LOG_N = Float64Array.from({ length: 257 }, (_, n) => (n ? n * Math.log2(n) : 0));

/**
 * Shannon entropy in bits per character: log2(L) - Σ n·log2(n) / L over the counts n of
 * each character. It runs on every candidate token, so ASCII needs no Map.
 */
export function entropy(s: string): number {
  let distinct = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 128) {
      for (let k = 0; k < distinct; k++) asciiCounts[seen[k]!] = 0;
      return entropyOfAny(s);
    }
    if (asciiCounts[code]!++ === 0) seen[distinct++] = code;
  }
  if (s.length === 0) return 0;
  let sum = 0;
  for (let k = 0; k < distinct; k++) {
    const n = asciiCounts[seen[k]!]!;
    sum += n < N_LOG_N.length ? N_LOG_N[n]! : n * Math.log2(n);
    asciiCounts[seen[k]!] = 0;
  }
  return Math.log2(s.length) - sum / s.length;
}

function entropyOfAny(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** base64url to text, or null when it is not base64url. */
export function decodeBase64Url(s: string): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return null;
  return Buffer.from(s, 'base64url').toString('utf8');
}
