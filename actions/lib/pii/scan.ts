import { isIPv6 } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { mask } from './mask.js';
import { SECRET_TRIGGER, assignedSecretAt, secretAt, type SecretMatch } from './secrets.js';
import { PII_TYPES, type Finding, type PiiType, type ScanOptions } from './types.js';
import { IBAN_LENGTHS, cardIssuer, luhn, validIban, validIpv4, validSsn } from './validate.js';

/**
 * Where personal data may start: a run of digits with the separators numbers are written
 * with (`+1 (415) 555-0132`, `4242 4242 4242 4242`, `10.0.0.1`), an `@`, or a `:`/`=` that
 * may assign a secret. One linear scan; no nested quantifiers over overlapping classes.
 */
const TRIGGER = /\+?\(?[0-9]+(?:(?:[ ./-]|\) ?)\(?[0-9]+)*|[@:=]/g;

export const DEFAULT_PHONE_REGIONS: readonly string[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'IN',
  'AU',
  'IE',
  'NL',
];

const WORD = /[A-Za-z0-9_]/;
const HEX_OR_COLON = /[0-9A-Fa-f:.]/;
const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;
const EMAIL_DOMAIN = /[A-Za-z0-9.-]/;
/** `logo@2x.png` is a file name, `pkg@1.2.3` a version: not addresses. */
const FILE_TLD =
  /^(?:png|jpe?g|gif|svg|webp|ico|bmp|css|js|mjs|ts|tsx|jsx|map|json|ya?ml|md|txt|pdf|zip|gz|tar|py|rb|go|rs|java|kt|swift|php|html?|xml|lock|exe|dll|so|dylib)$/i;

const PHONE_CONTEXT =
  /\b(?:phone|tel|telephone|call|called|calling|mobile|cell|cellphone|fax|whatsapp|sms|text|reach|dial|contact|hotline|landline|ph|number|no)\b/;
const CARD_CONTEXT =
  /\b(?:card|credit|debit|visa|master ?card|amex|american express|discover|jcb|diners|unionpay|maestro|cc|pan|payment|pay|charged?|billing)\b/;
const SSN_CONTEXT = /\b(?:ssn|ssns|social security|social sec|ss#|ss #|tin|taxpayer)\b/;
/** Numbers that are identifiers of things, not of people or cards. */
const ID_CONTEXT =
  /\b(?:order|orders|tracking|track|shipment|parcel|invoice|ticket|case|ref|reference|isbn|issn|doi|id|sku|serial|part|model|build|version|ver|release|v|po|confirmation|booking|transaction|txn|account no|batch|lot)\b[^a-z]{0,12}$|#\s*$/;
const VERSION_CONTEXT =
  /\b(?:v|ver|version|release|build|firmware|kernel|node|python|java|chrome|firefox|ios|android|os|sdk|api)\s*$/;

/** The words before `start`, lower-cased; `context` stands before the text (a field name). */
let context = '';
function lowerBefore(text: string, start: number, width: number): string {
  const before = text.slice(Math.max(0, start - width), start);
  return (start < width && context ? `${context} ${before}` : before).toLowerCase();
}

function isWordAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && WORD.test(text[i]!);
}

/** Digits that are part of a longer token: `abc123`, `ACME-2024-118734`, `build_42`, `v1.2`. */
function insideToken(text: string, start: number, end: number): boolean {
  if (isWordAt(text, start - 1) || isWordAt(text, end)) return true;
  const joined = (c: string | undefined) => c === '-' || c === '_' || c === '.' || c === '#';
  return (
    ((joined(text[start - 1]) || text[start - 1] === '/') && isWordAt(text, start - 2)) ||
    (joined(text[end]) && isWordAt(text, end + 1))
  );
}

interface Hit {
  type: PiiType;
  start: number;
  end: number;
  validation: string;
  kind?: string;
  mask?: number;
}

/** `+`, `(` and `)` frame a number; spaces, dots and dashes separate its groups. */
function separatorsOf(span: string): Set<string> {
  const seps = new Set<string>();
  for (const c of span.replace(/^\+/, '').replace(/[()]/g, '')) if (c < '0' || c > '9') seps.add(c);
  return seps;
}

function cardAt(text: string, start: number, span: string, digits: string): Hit | null {
  if (digits.length < 12 || digits.length > 19 || /[+()]/.test(span)) return null;
  const seps = separatorsOf(span);
  if (seps.size > 1 || seps.has('.') || seps.has('/')) return null;
  const groups = span.split(/[ -]/).map((g) => g.length);
  if (groups.length > 1) {
    const fours = groups.slice(0, -1).every((g) => g === 4);
    const amexOrDiners = groups.length === 3 && groups[0] === 4 && groups[1] === 6;
    if (!fours && !amexOrDiners) return null;
  }
  const issuer = cardIssuer(digits);
  if (!issuer || !luhn(digits)) return null;
  const before = lowerBefore(text, start, 40);
  if (groups.length === 1 && ID_CONTEXT.test(before) && !CARD_CONTEXT.test(before)) return null;
  return {
    type: 'CREDIT_CARD',
    start,
    end: start + span.length,
    validation: `luhn, issuer ${issuer}`,
  };
}

function ssnAt(text: string, start: number, span: string, digits: string): Hit | null {
  if (digits.length !== 9) return null;
  const formatted = /^[0-9]{3}([- ])[0-9]{2}\1[0-9]{4}$/.test(span);
  if (!formatted) {
    const before = lowerBefore(text, start, 48);
    if (span !== digits || !SSN_CONTEXT.test(before) || ID_CONTEXT.test(before)) return null;
  }
  if (!validSsn(digits)) return null;
  return {
    type: 'US_SSN',
    start,
    end: start + span.length,
    validation: formatted
      ? 'area, group and serial rules'
      : 'area, group and serial rules; SSN context',
  };
}

/** North American numbering plan: area code and exchange start with 2-9, written 3-3-4. */
function nanpShaped(span: string, digits: string): boolean {
  const national = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits;
  return (
    national.length === 10 &&
    /^(?:\+?1[ .-]?)?(?:\([0-9]{3}\) ?|[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}$/.test(span) &&
    national[0]! >= '2' &&
    national[3]! >= '2'
  );
}

function phoneAt(
  text: string,
  start: number,
  span: string,
  digits: string,
  regions: readonly string[],
): Hit | null {
  if (digits.length < 7 || digits.length > 15) return null;
  const end = start + span.length;
  const seps = separatorsOf(span);
  if (seps.has('/')) return null;
  const groups = span.match(/[0-9]+/g)!;
  const before = lowerBefore(text, start, 48);
  const context = PHONE_CONTEXT.test(before);
  const hit = (validation: string): Hit => ({ type: 'PHONE', start, end, validation });

  const international = span.startsWith('+')
    ? span
    : /^(?:00|011)[1-9]/.test(digits) && groups.length > 1
      ? `+${digits.replace(/^(?:00|011)/, '')}`
      : null;
  if (international) {
    const n = parsePhoneNumberFromString(international);
    return n?.isValid()
      ? hit(`numbering plan of ${n.country ?? `+${n.countryCallingCode}`}`)
      : null;
  }
  const formatted = groups.length > 1;
  if (!formatted && !context) return null;
  // ISBNs and part numbers have one-digit groups; phone numbers written by people do not.
  if (groups.some((g, i) => g.length === 1 && !(i === 0 && (g === '1' || g === '0')))) return null;
  if (ID_CONTEXT.test(before) && !context) return null;
  if (digits[0] === '0') {
    for (const region of regions) {
      if (region === 'US' || region === 'CA') continue;
      const n = parsePhoneNumberFromString(span, region as CountryCode);
      if (n?.isValid()) return hit(`numbering plan of ${n.country ?? region}`);
    }
    return null;
  }
  if (regions.includes('US') || regions.includes('CA')) {
    const n = parsePhoneNumberFromString(span, 'US');
    if (n?.isValid()) return hit(`numbering plan of ${n.country ?? 'US'}`);
    if (nanpShaped(span, digits)) return hit('North American numbering plan');
  }
  return null;
}

function ipv4At(text: string, start: number, span: string): Hit | null {
  if (!validIpv4(span)) return null;
  const end = start + span.length;
  // 1.2.3.4.5 is a version or an OID; v1.2.3.4 a version.
  if (text[end] === '.' && /[0-9]/.test(text[end + 1] ?? '')) return null;
  if (text[start - 1] === '.' || VERSION_CONTEXT.test(lowerBefore(text, start, 16))) return null;
  return { type: 'IP_ADDRESS', start, end, validation: 'IPv4 octets' };
}

/** An IPv6 address around a digit run at `at`, expanded over hex digits, colons and dots. */
function ipv6Around(text: string, at: number): Hit | null {
  let start = at;
  while (start > 0 && at - start < 45 && HEX_OR_COLON.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && end - start < 45 && HEX_OR_COLON.test(text[end]!)) end++;
  while (end > start && text[end - 1] === '.') end--;
  const candidate = text.slice(start, end);
  if (isWordAt(text, start - 1) || isWordAt(text, end)) return null;
  if ((candidate.match(/:/g)?.length ?? 0) < 2 || !isIPv6(candidate)) return null;
  // `::` alone or `a::b` in code: require several groups or a compressed address with digits.
  const groups = candidate.split(':').filter(Boolean).length;
  if (groups < 3 && !(candidate.includes('::') && groups >= 2 && /[0-9]/.test(candidate)))
    return null;
  return { type: 'IP_ADDRESS', start, end, validation: 'IPv6 address' };
}

/** An IBAN starting at `start` (its country code), written whole or in groups of four. */
function ibanAt(text: string, start: number): Hit | null {
  const length = IBAN_LENGTHS[text.slice(start, start + 2)];
  if (!length || isWordAt(text, start - 1)) return null;
  let compact = '';
  let end = start;
  while (end < text.length && compact.length < length) {
    const c = text[end]!;
    if (/[A-Z0-9]/.test(c)) compact += c;
    else if (!(c === ' ' && /[A-Z0-9]/.test(text[end + 1] ?? '') && compact.length % 4 === 0))
      break;
    end++;
  }
  if (compact.length !== length || isWordAt(text, end) || !validIban(compact)) return null;
  return { type: 'IBAN', start, end, validation: `country length ${length}, mod 97` };
}

function numberAt(
  text: string,
  start: number,
  span: string,
  regions: readonly string[],
): Hit | null {
  const end = start + span.length;
  const firstDigit = start + span.search(/[0-9]/);
  if (/^[A-Z]{2}$/.test(text.slice(firstDigit - 2, firstDigit))) {
    const iban = ibanAt(text, firstDigit - 2);
    if (iban) return iban;
  }
  if (
    text[end] === ':' ||
    text[firstDigit - 1] === ':' ||
    /[A-Fa-f]/.test(text[end] ?? '') ||
    /[A-Fa-f]/.test(text[firstDigit - 1] ?? '')
  ) {
    const ip = ipv6Around(text, firstDigit);
    if (ip) return ip;
  }
  if (insideToken(text, start, end)) return null;
  const digits = span.replace(/[^0-9]/g, '');
  if (/^[0-9]+(?:\.[0-9]+){3}$/.test(span)) return ipv4At(text, start, span);
  // Dates and times are the commonest digit groups in prose.
  if (
    /^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}$|^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}$/.test(span)
  )
    return null;
  return (
    cardAt(text, start, span, digits) ??
    ssnAt(text, start, span, digits) ??
    phoneAt(text, start, span, digits, regions)
  );
}

/** `scheme://user:password@` before an `@`: the credentials, or null. */
function urlCredentials(text: string, at: number): SecretMatch | null {
  let start = at;
  while (start > 0 && at - start < 256 && !/[\s/@"'<>]/.test(text[start - 1]!)) start--;
  if (text.slice(start - 3, start) !== '://') return null;
  const colon = text.indexOf(':', start);
  if (colon === -1 || colon >= at) return null;
  const password = text.slice(colon + 1, at);
  if (
    !password ||
    /^(?:\*+|x+|\.+|<.*>|\$\{.*\}|\{\{.*\}\}|%.*|pass(?:word)?|secret|changeme|\$[A-Z_]+)$/i.test(
      password,
    )
  )
    return null;
  return { start, end: at, kind: 'credentials in a URL', mask: 0 };
}

function emailAt(text: string, at: number): Hit | null {
  let start = at;
  while (start > 0 && at - start <= 64 && EMAIL_LOCAL.test(text[start - 1]!)) start--;
  while (text[start] === '.') start++;
  let end = at + 1;
  while (end < text.length && end - at <= 253 && EMAIL_DOMAIN.test(text[end]!)) end++;
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  if (start === at || at - start > 64 || EMAIL_LOCAL.test(text[start - 1] ?? ' ')) return null;
  const local = text.slice(start, at);
  const labels = text.slice(at + 1, end).split('.');
  const tld = labels[labels.length - 1]!;
  if (
    local.endsWith('.') ||
    local.includes('..') ||
    labels.length < 2 ||
    labels.some((l) => l === '' || l.length > 63 || l.startsWith('-') || l.endsWith('-')) ||
    !/^(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]+)$/.test(tld) ||
    FILE_TLD.test(tld)
  ) {
    return null;
  }
  // git@github.com:org/repo is an SSH remote, not a person's address.
  if (text[end] === ':' && /^[a-z]+$/.test(local) && text[end + 1] !== ' ') return null;
  return { type: 'EMAIL', start, end, validation: 'address syntax, domain with a letter TLD' };
}

function secretHit(m: SecretMatch): Hit {
  return {
    type: 'SECRET',
    start: m.start,
    end: m.end,
    validation: m.kind,
    kind: m.kind,
    mask: m.mask,
  };
}

function toFinding(text: string, hit: Hit): Finding {
  const finding: Finding = {
    type: hit.type,
    start: hit.start,
    end: hit.end,
    preview: mask(hit.type, text.slice(hit.start, hit.end), hit.mask),
    validation: hit.validation,
  };
  if (hit.kind) finding.kind = hit.kind;
  return finding;
}

/**
 * Every piece of personal data and every secret in `text`, in order. Candidates come from
 * one linear scan for digits, `@`, `:` and `=`, and one for known secret prefixes; each is
 * validated (checksums, issuer ranges, numbering plans, structure) before it is reported.
 * Findings carry offsets and a masked preview, never the value.
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const types = new Set<PiiType>(options.types ?? PII_TYPES);
  const regions = options.phoneRegions ?? DEFAULT_PHONE_REGIONS;
  context = options.context?.replace(/[_-]+/g, ' ') ?? '';
  const hits: Hit[] = [];

  if (types.has('SECRET')) {
    SECRET_TRIGGER.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SECRET_TRIGGER.exec(text))) {
      const s = secretAt(text, m.index);
      if (s) {
        hits.push(secretHit(s));
        SECRET_TRIGGER.lastIndex = s.end;
      }
    }
  }
  const secrets = hits.length;

  const want = (h: Hit | null): Hit | null => (h && types.has(h.type) ? h : null);
  let next = 0; // the next secret span, to skip triggers inside it
  TRIGGER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TRIGGER.exec(text))) {
    const at = m.index;
    while (next < secrets && hits[next]!.end <= at) next++;
    if (next < secrets && hits[next]!.start <= at) {
      TRIGGER.lastIndex = hits[next]!.end;
      continue;
    }
    const c = m[0];
    let hit: Hit | null;
    if (c === '@') {
      const creds = types.has('SECRET') ? urlCredentials(text, at) : null;
      hit = creds ? secretHit(creds) : want(emailAt(text, at));
    } else if (c === ':' || c === '=') {
      const assigned = types.has('SECRET') ? assignedSecretAt(text, at) : null;
      // `api_key=sk-proj-…` is one secret, already found by its prefix.
      const known = next < secrets && assigned && hits[next]!.start < assigned.end;
      hit = assigned && !known ? secretHit(assigned) : null;
    } else {
      hit = want(numberAt(text, at, c, regions));
      if (
        !hit &&
        types.has('SECRET') &&
        text.startsWith(':AA', at + c.length) &&
        /^[0-9]{8,10}$/.test(c)
      ) {
        const bot = /[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/y;
        bot.lastIndex = at;
        const b = bot.exec(text);
        if (b)
          hit = secretHit({
            start: at,
            end: at + b[0].length,
            kind: 'Telegram bot token',
            mask: 0,
          });
      }
    }
    if (hit) {
      hits.push(hit);
      TRIGGER.lastIndex = Math.max(TRIGGER.lastIndex, hit.end);
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits.map((h) => toFinding(text, h));
}
