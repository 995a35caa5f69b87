/** The kinds of personal data and secrets the scanner finds, in the order reports list them. */
export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'US_SSN',
  'IBAN',
  'IP_ADDRESS',
  'SECRET',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/**
 * One value found in a text. It never carries the value itself: callers that need it (to
 * redact, or to match an allowlist) slice the text they scanned with `start` and `end`.
 */
export interface Finding {
  type: PiiType;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
  /** Masked preview, safe to print: `j***@e***.com`, `**** **** **** 4242`. */
  preview: string;
  /** How the candidate was validated beyond its shape, e.g. `luhn, issuer visa`. */
  validation: string;
  /** What exactly was found when the type is broad, e.g. `GitHub token` for a SECRET. */
  kind?: string;
}

export interface ScanOptions {
  /** Types to look for; default all. */
  types?: readonly PiiType[];
  /**
   * Regions (ISO 3166 alpha-2) tried for phone numbers written without a country code.
   * Numbers with `+` or an international prefix are validated against their own country.
   */
  phoneRegions?: readonly string[];
  /** Words that stand before the text, such as the field name of a structured value (`ssn`). */
  context?: string;
}
