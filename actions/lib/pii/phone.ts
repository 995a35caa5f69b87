import { Metadata, type CountryCode } from 'libphonenumber-js/max';

/**
 * `PhoneNumber.isValid()` with the plan's patterns compiled once. libphonenumber-js builds
 * a new RegExp from each pattern's text on every test (`matchesEntirely`), which was about a
 * tenth of a dense scan. Same answer by construction: the number is valid when it matches
 * the plan's national pattern and the pattern (and a possible length) of one of its types,
 * or, for a plan without types, the national pattern alone.
 */

/** Type definition of a numbering plan, as libphonenumber-js's metadata reads it (untyped). */
interface PlanType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface Plan {
  nationalNumberPattern(): string;
  IDDPrefix(): string;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  possibleLengths(): number[] | undefined;
  leadingDigits(): string | undefined;
  callingCode(): string;
  hasTypes(): boolean;
  type(name: string): PlanType | undefined;
}
/** Methods the metadata has but does not declare. */
interface AllMetadata {
  hasCountry(country: string): boolean;
  hasCallingCode(code: string): boolean | undefined;
  selectNumberingPlan(key: string): void;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
  numberingPlan: Plan;
}
/** For what does not depend on a selected plan: calling codes and their countries. */
const lookup = new Metadata() as unknown as AllMetadata;

const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

interface Compiled {
  national: RegExp;
  /** null: the plan has no types, the national pattern decides. */
  types: { pattern: RegExp; lengths: number[] | undefined }[] | null;
  /** The lengths a valid national number can have; null: any. */
  lengths: Set<number> | null;
  /** What parsing reads (see parsePhone): the plan's own fields, patterns compiled. */
  callingCode: string;
  possibleLengths: number[] | undefined;
  prefixForParsing: RegExp | null;
  transformRule: string | undefined;
  /** Sticky: tested at 0, as libphonenumber-js's `search(...) === 0`. */
  leadingDigits: RegExp | null;
  idd: RegExp;
}

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const plans = new Map<string, Compiled>();

function compile(key: string): Compiled {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(key as CountryCode);
  const plan = metadata.numberingPlan as unknown as Plan;
  const prefix = plan.nationalPrefixForParsing();
  const leading = plan.leadingDigits();
  const types = plan.hasTypes()
    ? TYPES.flatMap((name) => {
        const t = plan.type(name);
        const pattern = t?.pattern();
        return pattern ? [{ pattern: whole(pattern), lengths: t!.possibleLengths() }] : [];
      })
    : null;
  const lengths =
    types && types.every((t) => t.lengths) ? new Set(types.flatMap((t) => t.lengths!)) : null;
  return {
    national: whole(plan.nationalNumberPattern()),
    types,
    lengths,
    callingCode: plan.callingCode(),
    possibleLengths: plan.possibleLengths(),
    prefixForParsing: prefix ? new RegExp(`^(?:${prefix})`) : null,
    transformRule: plan.nationalPrefixTransformRule(),
    leadingDigits: leading ? new RegExp(leading, 'y') : null,
    idd: new RegExp(plan.IDDPrefix(), 'y'),
  };
}

function planOf(key: string): Compiled {
  let plan = plans.get(key);
  if (!plan) plans.set(key, (plan = compile(key)));
  return plan;
}

function validIn(plan: Compiled, national: string): boolean {
  if (!plan.national.test(national)) return false;
  return (
    !plan.types ||
    plan.types.some(
      (t) => (!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national),
    )
  );
}

/** `PhoneNumber.isValid()`, of a parsed number (ours or libphonenumber-js's). */
export function validPhone(n: ParsedPhone): boolean {
  const key = n.country ?? n.countryCallingCode;
  return key ? validIn(planOf(key), n.nationalNumber as string) : false;
}

/**
 * What parsing a national number of a region can give: the plans of the countries that share
 * its calling code (`GB`: GB, GG, IM, JE), and its international call prefix. Null when
 * parsing may rewrite the digits (a national prefix transform rule) or the region is unknown.
 */
interface Region {
  countries: string[];
  idd: RegExp;
}
const regions = new Map<string, Region | null>();

function regionOf(region: string): Region | null {
  if (regions.has(region)) return regions.get(region)!;
  const metadata = new Metadata() as unknown as AllMetadata;
  let info: Region | null = null;
  if (metadata.hasCountry(region)) {
    metadata.selectNumberingPlan(region);
    const plan = metadata.numberingPlan;
    if (!plan.nationalPrefixTransformRule())
      info = {
        countries: metadata.getCountryCodesForCallingCode(plan.callingCode()) ?? [region],
        idd: new RegExp(`^(?:${plan.IDDPrefix()})`),
      };
  }
  regions.set(region, info);
  return info;
}

/**
 * Whether `parsePhoneNumberFromString(span, region)` may give a valid number, from the span's
 * digits: false only when it cannot. Parsing a national number (about 13 µs for a British one,
 * which is tried first for every number with a trunk 0) leaves a suffix of the digits (the
 * national prefix, a carrier code or the calling code stripped) in the plan of a country of
 * the region's calling code; a number after an international call prefix (`0049…` in GB) or
 * a plan that rewrites the digits are left to parsing.
 */
export function mayBeValidIn(digits: string, region: string): boolean {
  const info = regionOf(region);
  if (!info || info.idd.test(digits)) return true;
  for (const country of info.countries) {
    const plan = planOf(country);
    for (let i = 0; i < digits.length; i++) {
      const length = digits.length - i;
      if ((!plan.lengths || plan.lengths.has(length)) && validIn(plan, digits.slice(i)))
        return true;
    }
  }
  return false;
}

/**
 * What `parsePhoneNumberFromString` gives for a number: enough for `validPhone` and
 * `possiblePhone`, and the country for the finding's note.
 */
interface ParsedPhone {
  country?: string | undefined;
  countryCallingCode: string;
  nationalNumber: string;
}

/**
 * libphonenumber-js's `checkNumberLength` for a plan's own possible lengths (sorted, as in
 * the metadata).
 */
function lengthCheck(national: string, plan: Compiled): 'possible' | 'short' | 'long' | 'invalid' {
  const lengths = plan.possibleLengths;
  if (!lengths) return 'possible';
  const n = national.length;
  if (lengths[0] === n) return 'possible';
  if (lengths[0]! > n) return 'short';
  if (lengths[lengths.length - 1]! < n) return 'long';
  return lengths.indexOf(n, 1) >= 0 ? 'possible' : 'invalid';
}

/** libphonenumber-js's `getNumberType(...) !== undefined`: the number is of one of the plan's types. */
function hasType(plan: Compiled, national: string): boolean {
  return (
    plan.national.test(national) &&
    (plan.types ?? []).some(
      (t) => (!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national),
    )
  );
}

/** `getCountryByCallingCode`: the one country of a calling code, or the first whose plan takes the number. */
function countryOf(callingCode: string, national: string): string | undefined {
  const countries = lookup.getCountryCodesForCallingCode(callingCode);
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = planOf(country);
    if (plan.leadingDigits) {
      plan.leadingDigits.lastIndex = 0;
      if (national && plan.leadingDigits.test(national)) return country;
    } else if (hasType(plan, national)) return country;
  }
  return undefined;
}

/** `extractNationalNumber`: the number without its national prefix (and carrier code) where that is right. */
function nationalOf(number: string, plan: Compiled): string {
  const prefix = plan.prefixForParsing;
  const m = number && prefix ? prefix.exec(number) : null;
  if (!m) return number;
  const captured = m.length > 1 && m[m.length - 1];
  const national =
    plan.transformRule && captured
      ? number.replace(prefix!, plan.transformRule)
      : number.slice(m[0].length);
  if (national === number) return number;
  if (plan.national.test(number) && !plan.national.test(national)) return number;
  if (plan.possibleLengths) {
    const country = countryOf(plan.callingCode, national);
    const check = lengthCheck(national, country ? planOf(country) : plan);
    if (check === 'short' || check === 'invalid') return number;
  }
  return national;
}

/**
 * `parsePhoneNumberFromString(text, region)` for the numbers the scanner reads (ASCII digits,
 * at least three, with spaces, dots, dashes and parentheses, perhaps a leading `+`), without its
 * cost: a parse took about 20 µs (a new RegExp from each pattern's text on every test, option
 * objects, a metadata object per step), a sixth of a dense scan. Each step below is the
 * library's step of the same name, with the plans' patterns compiled once; phone.test.ts
 * checks the answers against the library's on every plan.
 */
export function parsePhone(text: string, region?: string): ParsedPhone | undefined {
  if (text.length > 250) return undefined;
  const defaultCountry = region && lookup.hasCountry(region) ? region : undefined;
  // The number starts at its first `+` or digit; a `+` after a digit is punctuation.
  const plus = text[text.search(/[+0-9]/)] === '+';
  let number = text.replace(/[^0-9]/g, '');
  if (number.length < 3) return undefined; // not a viable number (or a two-digit one: not ours)

  // extractCountryCallingCode
  let callingCode: string | undefined;
  let international = plus;
  if (!plus && defaultCountry) {
    const plan = planOf(defaultCountry);
    plan.idd.lastIndex = 0;
    const idd = plan.idd.exec(number);
    const rest = idd ? number.slice(idd[0].length) : number;
    if (idd && rest && rest !== number && rest[0] !== '0') {
      number = rest;
      international = true;
    } else if (number.startsWith(plan.callingCode)) {
      // A national number written with its calling code but no `+`.
      const shorter = number.slice(plan.callingCode.length);
      const national = nationalOf(number, plan);
      if (
        (!plan.national.test(national) && plan.national.test(nationalOf(shorter, plan))) ||
        lengthCheck(national, plan) === 'long'
      ) {
        callingCode = plan.callingCode;
        number = shorter;
      }
    }
  }
  if (international) {
    if (number[0] === '0') return undefined;
    for (let i = 1; i <= 3 && i <= number.length; i++) {
      if (lookup.hasCallingCode(number.slice(0, i))) {
        callingCode = number.slice(0, i);
        number = number.slice(i);
        break;
      }
    }
    if (!callingCode) return undefined;
  }

  // parsePhoneNumber: the plan of the calling code, or of the default country.
  let country: string | undefined;
  let plan: Compiled;
  if (callingCode) plan = planOf(callingCode);
  else if (defaultCountry) {
    country = defaultCountry;
    plan = planOf(defaultCountry);
    callingCode = plan.callingCode;
  } else return undefined;
  if (!number) return undefined;
  const nationalNumber = nationalOf(number, plan);
  country = countryOf(callingCode, nationalNumber) ?? country;
  if (nationalNumber.length < 2 || nationalNumber.length > 17) return undefined;
  return { country, countryCallingCode: callingCode, nationalNumber };
}

/** `PhoneNumber.isPossible()`: the national number has a length the plan allows. */
export function possiblePhone(n: ParsedPhone): boolean {
  const plan = planOf(n.country ?? n.countryCallingCode);
  return plan.possibleLengths ? lengthCheck(n.nationalNumber, plan) === 'possible' : true;
}
