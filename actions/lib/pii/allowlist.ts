import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isIP } from 'node:net';
import { plainText } from './normalize.js';
import type { PiiType } from './types.js';

/**
 * The value as compared by allowlists and baselines, so that formatting does not matter:
 * digits of numbers, lower-case addresses, compact IBANs. Disguises are read as the scanner
 * reads them: `４１１１…` is 4111…, not an empty string of ASCII digits.
 */
export function canonical(type: PiiType, written: string): string {
  const value = plainText(written);
  switch (type) {
    case 'EMAIL':
      return value.toLowerCase();
    case 'CREDIT_CARD':
    case 'US_SSN':
      return value.replace(/[^0-9]/g, '');
    case 'PHONE': {
      const n = parsePhoneNumberFromString(value, value.trim().startsWith('0') ? 'GB' : 'US');
      return n?.number ?? value.replace(/[^0-9+]/g, '');
    }
    case 'IBAN':
      return value.replace(/[\s-]/g, '').toUpperCase();
    case 'IP_ADDRESS':
      return value.toLowerCase();
    case 'SECRET':
      return value;
  }
}

/** Test numbers the card networks and payment processors publish for integration tests. */
// prettier-ignore
const TEST_CARDS = new Set([
  '4242424242424242', '4111111111111111', '4012888888881881', '4000056655665556',
  '5555555555554444', '5105105105105100', '5200828282828210', '2223003122003222',
  '378282246310005', '371449635398431', '378734493671000', '6011111111111117',
  '6011000990139424', '6011000000000004', '3530111333300000', '3566002020360505',
  '30569309025904', '38520000023237', '36227206271667', '6200000000000005',
]);

/** The SSN of textbooks and forms, 123-45-6789, and 219-09-9999, voided after an advertisement. */
const EXAMPLE_SSNS = /^(?:123456789|219099999)$/;

/** IBANs published as examples by the IBAN registry (ISO 13616) and the banks' specifications. */
// prettier-ignore
const EXAMPLE_IBANS = new Set([
  'GB82WEST12345698765432', 'GB29NWBK60161331926819', 'DE89370400440532013000',
  'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'CH9300762011623852957',
  'BE68539007547034', 'ES9121000418450200051332', 'IT60X0542811101000000123456',
  'AT611904300234573201', 'IE29AIBK93115212345678',
]);

/** E.164 numbers reserved for fiction: NANP 555-0100 to 0199, Ofcom's drama ranges. */
const FICTIONAL_PHONES =
  /^\+1[2-9][0-9]{2}55501[0-9]{2}$|^\+44(?:2079460|11[3-8]4960|1[2-9]14960|1914980|8081570|9098790|1632960|7700900)[0-9]{3}$|^\+614915700[0-9]{2}$/;

/** Documentation (RFC 5737, RFC 3849), loopback and unspecified addresses identify nobody. */
function reservedIp(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b, c] = ip.split('.').map(Number) as [number, number, number];
    return (
      a === 127 ||
      ip === '0.0.0.0' ||
      (a === 192 && b === 0 && c === 2) ||
      (a === 198 && b === 51 && c === 100) ||
      (a === 203 && b === 0 && c === 113)
    );
  }
  const lower = ip.toLowerCase();
  return lower === '::1' || lower === '::' || /^2001:0?db8:/.test(lower);
}

/** Example domains (RFC 2606, RFC 6761): example.com, .example, .test, .invalid, .localhost. */
const EXAMPLE_EMAIL =
  /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org|edu)|[a-z0-9-]+\.(?:example|test|invalid|localhost))$/;

/** Keys from vendors' documentation: AWS's `…EXAMPLE` keys, jwt.io's sample token. */
const EXAMPLE_SECRETS =
  /EXAMPLE|^eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ\./;

/**
 * Whether a value is a reserved example (example.com addresses, documentation IP ranges,
 * 555-01xx numbers, published test cards): the default allowlist, which a policy can turn off.
 */
export function isReservedExample(type: PiiType, value: string): boolean {
  const c = canonical(type, value);
  switch (type) {
    case 'EMAIL':
      return EXAMPLE_EMAIL.test(c);
    case 'PHONE':
      return FICTIONAL_PHONES.test(c);
    case 'CREDIT_CARD':
      return TEST_CARDS.has(c);
    case 'US_SSN':
      return EXAMPLE_SSNS.test(c);
    case 'IBAN':
      return EXAMPLE_IBANS.has(c);
    case 'IP_ADDRESS':
      return reservedIp(c);
    case 'SECRET':
      return EXAMPLE_SECRETS.test(c);
  }
}

interface AllowlistConfig {
  values: readonly string[];
  patterns: readonly string[];
  defaultAllowlist: boolean;
}

/** The policy's allowlist as one test: exact values (also in canonical form), whole-value patterns, reserved examples. */
export function allowlist(config: AllowlistConfig): (type: PiiType, value: string) => boolean {
  const exact = new Map<PiiType, Set<string>>();
  const exactOf = (type: PiiType) => {
    let set = exact.get(type);
    if (!set) exact.set(type, (set = new Set(config.values.map((v) => canonical(type, v)))));
    return set;
  };
  const patterns = config.patterns.map((p) => new RegExp(`^(?:${p})$`));
  return (type, value) =>
    exactOf(type).has(canonical(type, value)) ||
    patterns.some((p) => p.test(value)) ||
    (config.defaultAllowlist && isReservedExample(type, value));
}
