import { isIPv6 } from 'node:net';
import { ALNUM, EMAIL_DOMAIN, EMAIL_LOCAL, HEX_OR_COLON, LETTER, WORD, is } from './chars.js';
import { mask } from './mask.js';
import { shadowOf } from './normalize.js';
import { mayBeValidIn, parsePhone, possiblePhone, validPhone } from './phone.js';
import {
  ASSIGNMENT_TRIGGER,
  assignedSecretAt,
  secretsIn,
  urlUserinfoAt,
  type SecretMatch,
} from './secrets.js';
import { PII_TYPES, type Finding, type PiiType, type ScanOptions } from './types.js';
import { IBAN_LENGTHS, cardIssuer, luhn, validIban, validIpv4, validSsn } from './validate.js';

/**
 * Where personal data may start: a run of digit groups with the separators numbers are
 * written with (`+1 (415) 555-0132`, `4242 4242 4242 4242`, `10.0.0.1`), at most 32 groups,
 * an `@`, or a `:`/`=` that may assign a secret (ASSIGNMENT_TRIGGER). Linear: no nested
 * unbounded quantifiers over overlapping classes, and the work per match is bounded.
 */
const TRIGGER = new RegExp(
  String.raw`\+?\(?[0-9]+(?:(?:(?:[ ./-]|\)[ .-]?)\(?|\()[0-9]+){0,31}|@|${ASSIGNMENT_TRIGGER}`,
  'g',
);

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

/** `logo@2x.png` is a file name, `pkg@1.2.3` a version: not addresses. */
const FILE_TLD =
  /^(?:png|jpe?g|gif|svg|webp|ico|bmp|css|js|mjs|ts|tsx|jsx|map|json|ya?ml|md|txt|pdf|zip|gz|tar|py|rb|go|rs|java|kt|swift|php|html?|xml|lock|exe|dll|so|dylib)$/i;

/**
 * Words that name a kind of data, with the label that may follow them: `card # 4485…`,
 * `card no. 4485…`, `phone #: …` name the number, though `#` alone names an identifier.
 * `scripts` are words in scripts without ASCII word boundaries (`電話`, `телефон`).
 */
function labelWords(words: string, scripts = ''): RegExp {
  // A word ends where no letter follows, also beyond ASCII: `teléfono` is not `tel`.
  const word = String.raw`\b(?:${words})(?![\w\u00c0-\u024f])${scripts && `|${scripts}`}`;
  return new RegExp(String.raw`(?:${word})(?:\s*(?:#|no\b\.?|num(?:ber)?\b))?`, 'g');
}
/** Words that say a number is one to call, in English and other languages. */
const CALL = String.raw`phone|tel|telephone|call|called|calling|mobile|cell|cellphone|fax|whatsapp|sms|dial|hotline|landline|ph|telefon|telefone|telefono|tel[eé]fono|t[eé]l[eé]phone|t[eé]l|tlf|tfno|m[oó]vil|handy|portable|cellulare|celular|mobil|telefoon|gsm|kom[oó]rka|cep`;
const CALL_SCRIPTS =
  'телефон|тел|моб|電話|电话|手机|手機|携帯|전화|휴대폰|핸드폰|هاتف|جوال|τηλέφωνο|τηλ|טלפון';
const PHONE_WORDS = labelWords(`${CALL}|text|reach|contact|number`, CALL_SCRIPTS);
/** Words that say a number is a phone number, not some other number (`number` does not). */
const CALL_WORDS = labelWords(CALL, CALL_SCRIPTS);

/**
 * A digit, a line break or another label in the gap after a call word. Regular expressions
 * with `\p{…}` outside a class are hoisted: esbuild writes them as `new RegExp(…)`, which
 * inside a function builds a new one on every call.
 */
const NOT_A_LABEL_GAP = /[0-9\n]|\p{L}\s*[:=]/u;

/**
 * Whether a call word labels the number that follows `before`: nothing between them but a
 * short gap with no digit, line break or other label (`"phone": "…", "created": "2026-…"`
 * is not), and the word not part of a name (`einfach-telefon.ch`).
 */
function callLabel(before: string): boolean {
  CALL_WORDS.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  let m: RegExpExecArray | null;
  while ((m = CALL_WORDS.exec(before))) last = m;
  if (!last) return false;
  const gap = before.slice(last.index + last[0].length);
  return (
    gap.length <= 24 && !NOT_A_LABEL_GAP.test(gap) && !/[.@/_-]/.test(before[last.index - 1] ?? '')
  );
}

const CARD_WORDS = labelWords(
  'card|credit|debit|visa|master ?card|amex|american express|discover|jcb|diners|unionpay|maestro|cc|pan|payment|pay|paid|charged?|billing',
);
const SSN_WORDS = labelWords('ssns?|social security|social sec|ss(?=\\s*#)|tin|taxpayer');
/**
 * Words that name identifiers of things, not of people or cards: `order number 4111…`,
 * `customer id …`. A bare `customer` or `member` names a person, whose card may follow;
 * a word inside an address or a name (`jane+orders@shop.com`, `ref.example`) names nothing.
 */
const ID_WORDS =
  /(?<![+.@/_-])\b(?:order|tracking|track|shipment|parcel|invoice|ticket|case|ref|reference|isbn|issn|doi|id|sku|serial|part|model|build|version|ver|release|po|confirmation|booking|transaction|txn|batch|lot|item|product)s?(?:\s*(?:number|no\.?|num|id|code))?\b(?![@.]\w)|\b(?:customer|member|claim)s?\s*(?:number|no\.?|num|id|code)\b|#/g;
/** Words of a street address: `Suite 680 36 4022` is a suite and a number, not an SSN. */
const ADDRESS_WORDS =
  /\b(?:suite|ste|apt|apartment|unit|flat|floor|fl|room|rm|bldg|building|box|street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|highway|hwy)\b/g;

/** Whether a global regex matches anywhere in `s`: one search, not a loop to the last match. */
function mentions(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

/** Start and end of the last match of a global regex in `s`, or [-1, -1]. */
function lastMatch(re: RegExp, s: string): [number, number] {
  let at: [number, number] = [-1, -1];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) at = [m.index, m.index + m[0].length];
  return at;
}

/**
 * Whether the nearest label before a number is one of `words` rather than `kind` of data.
 * On a tie the longer label wins: `card #` (where `#` ends both) names a card, `reference
 * number` (where `number` ends both) an identifier; of two equal labels, `kind` wins.
 */
function nearerLabel(before: string, words: RegExp, kind: RegExp): boolean {
  const [start, end] = lastMatch(words, before);
  if (end === -1) return false;
  const [kindStart, kindEnd] = lastMatch(kind, before);
  return end > kindEnd || (end === kindEnd && start < kindStart);
}

/** Whether the nearest label before a number names an identifier rather than `kind` of data. */
function namesAnId(before: string, kind: RegExp): boolean {
  return nearerLabel(before, ID_WORDS, kind);
}

const VERSION_CONTEXT =
  /\b(?:v|ver|version|release|build|firmware|kernel|node|python|java|chrome|firefox|ios|android|os|sdk|api)\s*$/;

/**
 * What one scanText call knows besides the text; scanText is synchronous, so one object,
 * reset at its start, serves every call.
 */
const scan = {
  /** Words that stand before the text, such as its field name. */
  context: '',
  /** End of the last hex-and-colon run that held no IPv6 address: later digits in it are skipped. */
  noIpv6Until: -1,
};

/** The words before `start`, lower-cased, with the field name before the text. */
function lowerBefore(text: string, start: number, width: number): string {
  const before = text.slice(Math.max(0, start - width), start);
  return (start < width && scan.context ? `${scan.context} ${before}` : before).toLowerCase();
}

function isWordAt(text: string, i: number): boolean {
  return is(text, i, WORD);
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

function cardAt(text: string, start: number, span: string, digits: string): Hit | null {
  // The checksum first: it rejects nine runs in ten, and reads no more than the digits.
  if (digits.length < 12 || digits.length > 19 || !luhn(digits)) return null;
  // Grouped with spaces or with dashes, one kind throughout.
  if (!/^[0-9]+(?:(?: [0-9]+)*|(?:-[0-9]+)*)$/.test(span)) return null;
  const groups = span.split(/[ -]/).map((g) => g.length);
  if (groups.length > 1) {
    const fours = groups.slice(0, -1).every((g) => g === 4);
    const amexOrDiners = groups.length === 3 && groups[0] === 4 && groups[1] === 6;
    if (!fours && !amexOrDiners) return null;
  }
  const issuer = cardIssuer(digits);
  if (!issuer) return null;
  if (namesAnId(lowerBefore(text, start, 40), CARD_WORDS)) return null;
  return {
    type: 'CREDIT_CARD',
    start,
    end: start + span.length,
    validation: `luhn, issuer ${issuer}`,
  };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Whether `536 22 1234` is an SSN: not after an address word (`Suite 680 36 4022`) unless an
 * SSN word stands nearer, and without SSN context not three groups of a longer run of spaced
 * numbers (`12 680 36 4022`).
 */
function spacedSsn(text: string, start: number, end: number, before: string): boolean {
  if (nearerLabel(before, ADDRESS_WORDS, SSN_WORDS)) return false;
  if (mentions(SSN_WORDS, before)) return true;
  return (
    !(text[start - 1] === ' ' && isDigit(text[start - 2])) &&
    !(text[end] === ' ' && isDigit(text[end + 1]))
  );
}

function ssnAt(text: string, start: number, span: string, digits: string): Hit | null {
  // The number's own rules first: they are cheaper than reading the words before it.
  if (digits.length !== 9 || !validSsn(digits)) return null;
  const separator = /^[0-9]{3}([- .])[0-9]{2}\1[0-9]{4}$/.exec(span)?.[1];
  const before = lowerBefore(text, start, 48);
  if (!separator) {
    if (span !== digits || !mentions(SSN_WORDS, before) || namesAnId(before, SSN_WORDS))
      return null;
  } else if (separator === ' ' && !spacedSsn(text, start, start + span.length, before)) {
    return null;
  }
  return {
    type: 'US_SSN',
    start,
    end: start + span.length,
    validation: separator
      ? 'area, group and serial rules'
      : 'area, group and serial rules; SSN context',
  };
}

/**
 * A North American number as people write it: `(415) 555-0132`, `415-555-0132`,
 * `415.555.0132`, `+1 415 555 0132`, one separator throughout. Test suites and fiction use
 * area codes no plan assigns (555, 123), so the grouping, not the assignment, decides.
 */
function nanpShaped(span: string): boolean {
  return /^(?:\+?1[ .-]?)?(?:\([0-9]{3}\)[ .-]?[0-9]{3}[ .-]|[0-9]{3}([ .-])[0-9]{3}\1)[0-9]{4}$/.test(
    span,
  );
}

/** How many runs of digits `span` has (char codes: no array of them per number). */
function groupCount(span: string): number {
  let count = 0;
  for (let i = 0; i < span.length; i++) if (isDigit(span[i]) && !isDigit(span[i - 1])) count++;
  return count;
}

/** A group of one digit, but for a leading `1` or `0` (a trunk or country code). */
function oneDigitGroup(span: string): boolean {
  let first = true;
  for (let i = 0; i < span.length; i++) {
    if (!isDigit(span[i]) || isDigit(span[i - 1])) continue;
    if (!isDigit(span[i + 1]) && !(first && (span[i] === '1' || span[i] === '0'))) return true;
    first = false;
  }
  return false;
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
  if (span.includes('/')) return null;
  // A US ZIP+4 code or an SSN-shaped number, not a number to call (10 or 11 characters).
  if (span.length < 12 && /^[0-9]{5}-[0-9]{4}$|^[0-9]{3}-[0-9]{2}-[0-9]{4}$/.test(span))
    return null;
  const groups = groupCount(span);
  const plus = span.startsWith('+');
  const callPrefix = !plus && /^(?:00|011)[1-9]/.test(digits);
  // A national number (no `+`, no call prefix), ruled out before the words before it are read:
  // ISBNs and part numbers have one-digit groups, which numbers written by people do not, and
  // with its trunk 0 a national number has at least 9 digits in the plans people write.
  if (!plus && !callPrefix && (oneDigitGroup(span) || (digits[0] === '0' && digits.length < 9)))
    return null;
  // A number with `+` needs the words before it only when its plan does not say it is valid.
  const before = plus ? '' : lowerBefore(text, start, 48);
  const named = !plus && mentions(PHONE_WORDS, before);
  // Bare digits are a phone number only where the text says so (the commonest case: no).
  if (groups === 1 && !plus && !named) return null;
  if (!plus && namesAnId(before, PHONE_WORDS)) return null;
  const hit = (validation: string): Hit => ({ type: 'PHONE', start, end, validation });

  const international = plus
    ? span
    : callPrefix && (groups > 1 || named)
      ? `+${digits.replace(/^(?:00|011)/, '')}`
      : null;
  if (international) {
    const n = parsePhone(international);
    if (n && validPhone(n))
      return hit(`numbering plan of ${n.country ?? `+${n.countryCallingCode}`}`);
    if (n?.countryCallingCode === '1' && nanpShaped(span))
      return hit('North American numbering plan');
    // Ranges kept for fiction and tests (+44 7700 900123) are possible, not valid; so is
    // an E.164 number with an unassigned exchange (+16101234567).
    return n &&
      possiblePhone(n) &&
      (groups > 2 ||
        (plus ? mentions(PHONE_WORDS, lowerBefore(text, start, 48)) : named) ||
        (span[0] === '+' && digits.length >= 10))
      ? hit(`length of a +${n.countryCallingCode} number`)
      : null;
  }
  const formatted = groups > 1;
  if (!formatted && !named) return null;
  if (digits[0] === '0') {
    for (const region of regions) {
      if (region === 'US' || region === 'CA' || !mayBeValidIn(digits, region)) continue;
      const n = parsePhone(span, region);
      if (n && validPhone(n)) return hit(`numbering plan of ${n.country ?? region}`);
    }
    return null;
  }
  if (regions.includes('US') || regions.includes('CA')) {
    const nanp = nanpNumber(span, digits, formatted);
    if (nanp) return hit(nanp);
  }
  // A national number written without `+` or a trunk prefix (`Phone: 20 7946 0958`, Spain's
  // `612 345 678`): only after a word that says it is one to call, and valid in a policy region;
  // not the tail of a longer run of digit groups (`6 12 34 56 78` is not `12 34 56 78`).
  if (!callLabel(before) || (text[start - 1] === ' ' && isDigit(text[start - 2]))) return null;
  for (const region of regions) {
    if (region === 'US' || region === 'CA' || !mayBeValidIn(digits, region)) continue;
    const n = parsePhone(span, region);
    if (n && validPhone(n)) return hit(`numbering plan of ${n.country ?? region}; phone context`);
  }
  return null;
}

/** How a number without `+` or trunk prefix validates as North American, or null. */
function nanpNumber(span: string, digits: string, formatted: boolean): string | null {
  // Written by hand, a North American number is grouped 3-3-4; unformatted, it must be valid.
  if (formatted) return nanpShaped(span) ? 'North American numbering plan' : null;
  // Unformatted digits come here only where the text says so, and must be of a valid length.
  const n = parsePhone(span, 'US');
  if (n && validPhone(n)) return `numbering plan of ${n.country ?? 'US'}`;
  return n && possiblePhone(n) && digits.length >= 10
    ? 'North American number length; phone context'
    : null;
}

function ipv4At(text: string, start: number, span: string): Hit | null {
  if (!validIpv4(span)) return null;
  const end = start + span.length;
  // 1.2.3.4.5 is a version or an OID; v1.2.3.4 a version.
  if (text[end] === '.' && /[0-9]/.test(text[end + 1] ?? '')) return null;
  if (text[start - 1] === '.' || VERSION_CONTEXT.test(lowerBefore(text, start, 16))) return null;
  return { type: 'IP_ADDRESS', start, end, validation: 'IPv4 octets' };
}

/** How many times the character `code` stands in `s`. */
function countOf(s: string, code: number): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) count++;
  return count;
}

/** Whether `::` stands in text[start, end). */
function doubleColon(text: string, start: number, end: number): boolean {
  for (let i = start; i + 1 < end; i++)
    if (text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 58) return true;
  return false;
}

/** An IPv6 address around a digit run at `at`, expanded over hex digits, colons and dots. */
function ipv6Around(text: string, at: number): Hit | null {
  if (at < scan.noIpv6Until) return null;
  let colons = 0; // an address has at least two: `10:30` and `ab12:` are not worth a slice
  let start = at;
  while (start > 0 && at - start < 45 && is(text, start - 1, HEX_OR_COLON))
    if (text.charCodeAt(--start) === 58) colons++;
  let end = at;
  while (end < text.length && end - start < 45 && is(text, end, HEX_OR_COLON))
    if (text.charCodeAt(end++) === 58) colons++;
  while (end > start && text[end - 1] === '.') end--;
  scan.noIpv6Until = end;
  // Without `::` an address has 7 colons, or 6 before an IPv4 tail: times (`18:00:43`) and
  // MAC addresses have fewer, and are not worth a slice and a parse.
  if (colons < 2 || (colons < 6 && !doubleColon(text, start, end))) return null;
  let candidate = text.slice(start, end);
  if (isWordAt(text, start - 1) || isWordAt(text, end)) return null;
  // A full address followed by a port: `…:8443`.
  if (!isIPv6(candidate) && /^(?:[0-9a-f]{1,4}:){8}[0-9]{1,5}$/i.test(candidate)) {
    candidate = candidate.slice(0, candidate.lastIndexOf(':'));
    end = start + candidate.length;
  }
  if (countOf(candidate, 58) < 2 || !isIPv6(candidate)) return null;
  // `::` alone or `a::b` in code are not addresses: several groups, or `::` and a digit.
  let groups = 0; // between colons, not empty
  for (let i = 0; i < candidate.length; i++)
    if (candidate[i] !== ':' && (i === 0 || candidate[i - 1] === ':')) groups++;
  if (groups < 3 && !(candidate.includes('::') && /[0-9]/.test(candidate))) return null;
  return { type: 'IP_ADDRESS', start, end, validation: 'IPv6 address' };
}

/**
 * IBAN_LENGTHS by the codes of the country code's letters, either case (`& 31` maps `A` and
 * `a` to 1): ibanAt reads it for every digit run after two letters, most of them in hashes.
 */
const IBAN_LENGTH_BY_CODES = new Uint8Array(32 * 32);
for (const [country, length] of Object.entries(IBAN_LENGTHS))
  IBAN_LENGTH_BY_CODES[(country.charCodeAt(0) & 31) * 32 + (country.charCodeAt(1) & 31)] = length;

/** An IBAN starting at `start` (its country code), written whole or in groups of four (spaces or dashes). */
function ibanAt(text: string, start: number): Hit | null {
  // Two check digits after the country code, before any separator (`de12` ends most
  // words that precede a digit run, and no IBAN),
  // and a word start: in a hash (`…4ae37…`) two letters before digits are mostly neither.
  if (!isDigit(text[start + 3]) || isWordAt(text, start - 1)) return null;
  const length =
    IBAN_LENGTH_BY_CODES[(text.charCodeAt(start) & 31) * 32 + (text.charCodeAt(start + 1) & 31)];
  if (!length) return null;
  let compact = '';
  let separator = ''; // a space or a dash between groups of four, one kind throughout
  let end = start;
  while (end < text.length && compact.length < length) {
    const c = text[end]!;
    if (is(text, end, ALNUM)) compact += c;
    else if (
      (c === ' ' || c === '-') &&
      (separator === '' || c === separator) &&
      is(text, end + 1, ALNUM) &&
      compact.length % 4 === 0
    )
      separator = c;
    else break;
    end++;
  }
  // `DE89-3704-…-00-7` goes on: a longer code, not an IBAN.
  if (separator === '-' && text[end] === '-' && is(text, end + 1, ALNUM)) return null;
  // Written in capitals or all in lower case; `LV80 bANK …` is a typo, not an IBAN.
  if (compact !== compact.toUpperCase() && compact !== compact.toLowerCase()) return null;
  compact = compact.toUpperCase();
  if (compact.length !== length || isWordAt(text, end) || !validIban(compact)) return null;
  return { type: 'IBAN', start, end, validation: `country length ${length}, mod 97` };
}

/**
 * Whether a short digit run may be part of something longer than itself: an IBAN after
 * its country code, an IPv6 address, a bot token. Shorter runs alone are never personal data.
 */
function mayContinue(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  return (
    (before >= 65 && before <= 90) || // A-Z
    (before >= 97 && before <= 122) || // a-z
    before === 58 ||
    after === 58 ||
    (after >= 65 && after <= 70) ||
    (after >= 97 && after <= 102)
  );
}

/** An extension or a label glued to a phone number: `x8775`, `ext.12`, `#12`, `-Office`. */
const PHONE_TAIL = /(?:(?:x|ext\.?|#)[0-9]{1,6}|-[A-Za-z]{2,12})(?![A-Za-z0-9_])/y;

/** The length of a phone number's glued extension or label at `end`, or 0. */
function phoneTail(text: string, end: number): number {
  PHONE_TAIL.lastIndex = end;
  return PHONE_TAIL.exec(text)?.[0].length ?? 0;
}

/**
 * Where TRIGGER may go on after a digit run ending at `end` that held nothing: past the
 * digit runs inside the word glued to it (`ecae3ccb0af9…`, `MjQ0MzQ3Njg…`), which cannot
 * hold anything either. No IBAN or phone number starts inside a word, and in a hex run
 * numbersAt looks for an IPv6 address only where the last search did not reach
 * (scan.noIpv6Until). The word's last digit run, which a separator may continue or a `:`
 * follow, and a run where that search would start are left to TRIGGER.
 */
function gluedWordEnd(text: string, end: number): number {
  let i = end;
  while (is(text, i, WORD)) {
    if (!isDigit(text[i])) {
      i++;
      continue;
    }
    let runEnd = i + 1;
    while (isDigit(text[runEnd])) runEnd++;
    if (!is(text, runEnd, WORD)) return i;
    if (i >= scan.noIpv6Until && (hexLetter(text, i - 1) || hexLetter(text, runEnd))) return i;
    i = runEnd;
  }
  return i;
}

/** Card, SSN or phone number written exactly as `span`. */
function digitsAt(
  text: string,
  start: number,
  span: string,
  regions: readonly string[],
): Hit | null {
  const digits = span.replace(/[^0-9]/g, '');
  return (
    cardAt(text, start, span, digits) ??
    ssnAt(text, start, span, digits) ??
    phoneAt(text, start, span, digits, regions)
  );
}

/** A-F or a-f at `i` (a char code test: numbersAt asks it twice per candidate). */
function hexLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i) | 0x20; // lower case
  return c >= 97 && c <= 102;
}

/**
 * Digit groups of a span with the `+`, `(` and `)` that belong to them, as
 * `/\+?\(?[0-9]+\)?/g` finds them, read by char codes: [start, end] of each.
 */
function groupSpans(span: string): [number, number][] {
  const groups: [number, number][] = [];
  for (let p = 0; p < span.length;) {
    let q = p;
    if (span[q] === '+') q++;
    if (span[q] === '(') q++;
    if (!isDigit(span[q])) {
      p++;
      continue;
    }
    while (isDigit(span[q])) q++;
    if (span[q] === ')') q++;
    groups.push([p, q]);
    p = q;
  }
  return groups;
}
/** Consecutive groups tried as one number when a span holds several (`4111… 4012-8888-…`). */
const MAX_WINDOW = 7;
const MAX_GROUPS = 16;

/** What numbersAt finds in most runs, shared: nothing (never written to). */
const NONE: readonly Hit[] = [];

/**
 * Personal data in a run of digit groups: the whole run as one number, or else its
 * consecutive groups, longest first (a card number next to a phone number, a list of them).
 */
function numbersAt(
  text: string,
  start: number,
  span: string,
  regions: readonly string[],
): readonly Hit[] {
  const end = start + span.length;
  let firstDigit = start;
  while (text[firstDigit] === '+' || text[firstDigit] === '(') firstDigit++;
  if (is(text, firstDigit - 1, LETTER) && is(text, firstDigit - 2, LETTER)) {
    const iban = ibanAt(text, firstDigit - 2);
    if (iban) return [iban];
  }
  if (
    text[end] === ':' ||
    text[firstDigit - 1] === ':' ||
    hexLetter(text, end) ||
    hexLetter(text, firstDigit - 1)
  ) {
    const ip = ipv6Around(text, firstDigit);
    if (ip) return [ip];
  }
  // Shorter than any card, SSN, phone number or dotted quad: only an IBAN or IPv6 address
  // could have begun with it (`DE89…`, `fe80::…`), and neither did.
  if (span.length < 7) return NONE;
  if (insideToken(text, start, end)) {
    // `415-555-0132x8775`, `+1-541-754-3010-Office`: the number without what is glued to it,
    // which has at least 7 digits (hashes and ids give many shorter runs).
    const tail = phoneTail(text, end);
    if (!tail || insideToken(text, start, end + tail)) return NONE;
    const phone = phoneAt(text, start, span, span.replace(/[^0-9]/g, ''), regions);
    return phone ? [phone] : NONE;
  }
  // A dotted quad, perhaps in parentheses or with a CIDR prefix length: `(10.0.0.1)`, `10.0.0.0/8`.
  const quad = /^(\(?)([0-9]+(?:\.[0-9]+){3})(?:\/[0-9]{1,3})?$/.exec(span);
  if (quad) {
    const ip = ipv4At(text, start + quad[1]!.length, quad[2]!);
    return ip ? [ip] : NONE;
  }
  // Dates and times are the commonest digit groups in prose.
  if (
    /^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}$|^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}$/.test(span)
  )
    return NONE;
  const whole = digitsAt(text, start, span, regions);
  if (whole || !span.includes(' ')) return whole ? [whole] : NONE;

  const groups = groupSpans(span);
  if (groups.length > MAX_GROUPS) return NONE; // a table of numbers, not numbers in prose
  const hits: Hit[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = Math.min(groups.length - 1, i + MAX_WINDOW - 1); j >= i; j--) {
      if (i === 0 && j === groups.length - 1) continue; // the whole span, tried above
      if (groups[j]![1] - groups[i]![0] < 7) break; // too short for any number we look for
      const from = start + groups[i]![0];
      const to = start + groups[j]![1];
      // Cut only where the writer put a space: 4012-8888 is not a number of its own.
      if ((i > 0 && text[from - 1] !== ' ') || (j < groups.length - 1 && text[to] !== ' '))
        continue;
      const hit = digitsAt(text, from, text.slice(from, to), regions);
      if (hit) {
        hits.push(hit);
        i = j;
        break;
      }
    }
  }
  return hits;
}

const LETTER_MARK_DIGIT = /[\p{L}\p{M}\p{N}]/u;
const NOT_LATIN = /[^\p{Script=Latin}\p{M}]/u;

/**
 * Internationalised addresses (RFC 6531) have letters beyond ASCII: `josé@bücher.de`, but
 * no punctuation beyond ASCII (`「jane@mail.com。」`). Surrogates are letters of other planes.
 */
function emailChar(text: string, i: number, bit: number): boolean {
  if (is(text, i, bit)) return true;
  const c = text.charCodeAt(i);
  return c >= 0x80 && ((c >= 0xd800 && c <= 0xdfff) || LETTER_MARK_DIGIT.test(text[i]!));
}

/** A character beyond ASCII of a script other than Latin (Han, Kana, Hangul, Cyrillic, ...). */
function otherScript(text: string, i: number): boolean {
  return text.charCodeAt(i) >= 0x80 && NOT_LATIN.test(text[i]!);
}

/**
 * A character of the local part ending in `ascii` or not: an ASCII address in prose of another
 * script (`请联系jane@mail.com`) starts where the script changes; an address all in that
 * script (`用户@例子.广告`) is read whole.
 */
function localChar(text: string, i: number, ascii: boolean): boolean {
  return emailChar(text, i, EMAIL_LOCAL) && !(ascii && otherScript(text, i));
}

/** Whether `s` is `min` to `max` ASCII letters (most top-level domains: no Unicode regex). */
function asciiLetters(s: string, min: number, max: number): boolean {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) if (!is(s, i, LETTER)) return false;
  return true;
}

/** A top-level domain of letters, or an IDN one; hoisted, as NOT_A_LABEL_GAP is. */
const EMAIL_TLD = /^(?:\p{L}{2,24}|xn--[A-Za-z0-9-]+)$/u;

function emailAt(text: string, at: number): Hit | null {
  const ascii = text.charCodeAt(at - 1) < 0x80;
  let start = at;
  while (start > 0 && at - start <= 64 && localChar(text, start - 1, ascii)) start--;
  while (text[start] === '.') start++;
  let end = at + 1;
  while (end < text.length && end - at <= 253 && emailChar(text, end, EMAIL_DOMAIN)) end++;
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  let dot = end - 1; // the dot before the top-level domain, at most 253 characters back
  while (dot > at && text[dot] !== '.') dot--;
  if (dot > at && is(text, dot + 1, LETTER)) {
    let tldEnd = dot + 2;
    while (tldEnd < end && !otherScript(text, tldEnd)) tldEnd++;
    end = tldEnd;
  }
  if (start === at || at - start > 64 || localChar(text, start - 1, ascii)) return null;
  const local = text.slice(start, at);
  // The domain's labels, read in place: each 1 to 63 characters, no `-` at either end.
  let labels = 0;
  let badLabel = false;
  let label = at + 1; // start of the label being read
  let tldStart = label;
  for (let i = at + 1; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46) continue; // `.`
    const length = i - label;
    if (length === 0 || length > 63 || text[label] === '-' || text[i - 1] === '-') badLabel = true;
    labels++;
    tldStart = label;
    label = i + 1;
  }
  const tld = text.slice(tldStart, end);
  if (
    local.endsWith('.') ||
    local.includes('..') ||
    labels < 2 ||
    badLabel ||
    !(asciiLetters(tld, 2, 24) || EMAIL_TLD.test(tld)) ||
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

/** The same list of types gives the same set: a file scan calls scanText once per value. */
const typeSets = new WeakMap<readonly PiiType[], Set<PiiType>>();
function typeSet(types: readonly PiiType[]): Set<PiiType> {
  let set = typeSets.get(types);
  if (!set) typeSets.set(types, (set = new Set(types)));
  return set;
}

/**
 * Every piece of personal data and every secret in `text`, in order. Candidates come from
 * one linear scan for digits, `@`, `:` and `=`, and one for known secret prefixes; each is
 * validated (checksums, issuer ranges, numbering plans, structure) before it is reported.
 * Findings carry offsets and a masked preview, never the value. A text with disguised
 * characters (zero-width spaces, fullwidth or Arabic-Indic digits, ...) is scanned as its
 * plain shadow, and the findings point at the original characters.
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const shadow = shadowOf(text);
  if (!shadow) return hitsIn(text, options).map((h) => toFinding(text, h));
  // The preview masks the value as the shadow reads it: the masks keep what is not an
  // ASCII letter or digit, so a fullwidth or Arabic-Indic digit would show in clear.
  return hitsIn(shadow.text, options).map((h) => {
    const finding = toFinding(shadow.text, h);
    finding.start = shadow.original(h.start, false);
    finding.end = shadow.original(h.end - 1, true);
    return finding;
  });
}

function hitsIn(text: string, options: ScanOptions): Hit[] {
  const types = typeSet(options.types ?? PII_TYPES);
  const regions = options.phoneRegions ?? DEFAULT_PHONE_REGIONS;
  scan.context = options.context?.replace(/[_-]+/g, ' ') ?? '';
  scan.noIpv6Until = -1;
  const hits: Hit[] = [];

  if (types.has('SECRET')) for (const s of secretsIn(text)) hits.push(secretHit(s));
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
    let hit: Hit | null = null;
    if (c === '@') {
      // `https://user:pass@host` holds credentials, real or not, never an address.
      const userinfo = urlUserinfoAt(text, at);
      if (!userinfo) hit = want(emailAt(text, at));
      else if (userinfo.secret && types.has('SECRET')) hit = secretHit(userinfo.match);
    } else if (c === ':' || c === '=') {
      const assigned = types.has('SECRET') ? assignedSecretAt(text, at) : null;
      // `api_key=sk-proj-…` is one secret, already found by its prefix.
      const known = next < secrets && assigned && hits[next]!.start < assigned.end;
      hit = assigned && !known ? secretHit(assigned) : null;
    } else if (c.length >= 7 || mayContinue(text, at, at + c.length)) {
      const found = numbersAt(text, at, c, regions);
      // Most runs hold nothing or one hit: no filtered copy for them.
      if (found.length === 1) hit = want(found[0]!);
      else if (found.length > 1) {
        const kept = found.filter((h) => types.has(h.type));
        hit = kept.pop() ?? null;
        hits.push(...kept);
      }
      if (
        !hit &&
        text.startsWith(':AA', at + c.length) &&
        types.has('SECRET') &&
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
    } else if (c !== '@' && c !== ':' && c !== '=') {
      TRIGGER.lastIndex = gluedWordEnd(text, at + c.length);
    }
  }
  // Hits come in order but for those a digit run adds before its last one.
  for (let i = 1; i < hits.length; i++)
    if (hits[i]!.start < hits[i - 1]!.start) return hits.sort((a, b) => a.start - b.start);
  return hits;
}
