/**
 * One piece of user or stakeholder feedback, as stored in the feedback store (JSON Lines), and
 * the checks every way in (the prompt, flags, a file, an issue form) goes through. Data
 * minimisation: a user id that is personal data is refused, a description has its personal
 * data masked before it is stored, and no message ever repeats a value that may be personal.
 */
import { randomBytes } from 'node:crypto';
import { parseTimestamp } from '../monitor/interaction.js';
import { maskText, type PiiCheck } from '../pii/redact.js';
import type { PiiType } from '../pii/types.js';

export const FEEDBACK_TYPES = ['bug', 'quality', 'safety', 'privacy', 'feature', 'other'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
export const SOURCES = ['cli', 'import', 'issue'] as const;
export type Source = (typeof SOURCES)[number];

export interface FeedbackRecord {
  id: string;
  /** ISO time, UTC. */
  created_at: string;
  /** Pseudonymous; null for anonymous feedback. */
  user_id: string | null;
  type: FeedbackType;
  /** 1 (worst) to 5 (best), or null. */
  rating: number | null;
  /** With personal data masked. */
  description: string;
  /** A request or conversation id, or null. */
  conversation: string | null;
  source: Source;
  /** Kinds of personal data masked in the description. */
  pii?: PiiType[];
}

const FIELDS = [
  'id',
  'created_at',
  'user_id',
  'type',
  'rating',
  'description',
  'conversation',
  'source',
  'pii',
] as const;

export const MAX_DESCRIPTION = 5000;

export interface FieldProblem {
  field: string;
  message: string;
}

export const PII_WORDS: Record<PiiType, string> = {
  EMAIL: 'an email address',
  PHONE: 'a phone number',
  CREDIT_CARD: 'a card number',
  US_SSN: 'a social security number',
  IBAN: 'a bank account number (IBAN)',
  IP_ADDRESS: 'an IP address',
  SECRET: 'a secret',
};

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const CONVERSATION = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,199}$/;

/** A user id as the store keeps it (surrounding spaces dropped), for storing and for erasing. */
export function normalUserId<T>(v: T): T | string {
  return typeof v === 'string' ? v.trim() : v;
}

/**
 * A user id, or why it is refused. Never repeats the id: if it is refused it may be personal.
 */
export function checkUserId(raw: unknown, pii: PiiCheck): string | null | FieldProblem {
  const field = 'user_id';
  const v = normalUserId(raw);
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return { field, message: `must be a string, not ${kind(v)}` };
  const found = pii(v);
  if (found.length)
    return {
      field,
      message: `looks like ${PII_WORDS[found[0]!.type]} (${found[0]!.preview}): a user id must be pseudonymous, personal data is refused`,
    };
  if (!/[A-Za-z]/.test(v))
    return {
      field,
      message:
        'has no letter: numbers alone (phone, account or card numbers) are refused as user ids',
    };
  if (!USER_ID.test(v))
    return {
      field,
      message:
        'must be a pseudonymous id of letters, digits and . _ : - (at most 128 characters), e.g. u-7f3a91',
    };
  return v;
}

export interface Checked {
  record: FeedbackRecord;
  /** Kinds of personal data masked in the description. */
  masked: PiiType[];
}

export interface CheckContext {
  now: Date;
  source: Source;
  pii: PiiCheck;
}

function newId(now: Date): string {
  return `fb-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(6).toString('hex')}`;
}

/**
 * A record from what someone gave: every problem by field, or the record to store with the
 * description masked. Unknown fields are refused: they could carry personal data.
 */
export function checkFeedback(
  input: Record<string, unknown>,
  ctx: CheckContext,
): Checked | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  for (const key of Object.keys(input))
    if (!(FIELDS as readonly string[]).includes(key))
      fail(key, `is not a feedback field (known: ${FIELDS.join(', ')})`);

  const type = input.type;
  if (type === undefined || type === null || type === '') fail('type', 'is missing');
  else if (
    typeof type !== 'string' ||
    !(FEEDBACK_TYPES as readonly string[]).includes(type.toLowerCase())
  )
    // The value is not repeated: a mistyped field may hold an email or a phone number.
    fail(
      'type',
      `must be one of ${FEEDBACK_TYPES.join(', ')}${typeof type === 'string' ? '' : `, not ${kind(type)}`}`,
    );

  const rating = input.rating;
  if (
    rating !== undefined &&
    rating !== null &&
    (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5)
  )
    fail(
      'rating',
      `must be a whole number from 1 to 5${typeof rating === 'number' ? '' : `, not ${kind(rating)}`}`,
    );

  const description = input.description;
  let text = '';
  let masked: PiiType[] = [];
  if (typeof description !== 'string' || description.trim() === '')
    fail(
      'description',
      description === undefined
        ? 'is missing'
        : typeof description === 'string'
          ? 'is empty'
          : `must be text, not ${kind(description)}`,
    );
  else if (description.length > MAX_DESCRIPTION)
    fail(
      'description',
      `is ${description.length} characters, more than the ${MAX_DESCRIPTION} allowed`,
    );
  else {
    const trimmed = description.trim();
    const found = ctx.pii(trimmed);
    text = maskText(trimmed, found);
    masked = [...new Set(found.map((f) => f.type))];
  }

  const user = checkUserId(input.user_id, ctx.pii);
  if (user !== null && typeof user === 'object') problems.push(user);

  const conversation = input.conversation;
  if (conversation !== undefined && conversation !== null && conversation !== '') {
    if (typeof conversation !== 'string' || !CONVERSATION.test(conversation))
      fail(
        'conversation',
        'must be a request or conversation id of letters, digits and . _ : / # - (at most 200 characters)',
      );
    else if (ctx.pii(conversation).length)
      fail('conversation', 'holds personal data: give the request or conversation id only');
  }

  let created = ctx.now.getTime();
  const at = input.created_at;
  if (at !== undefined && at !== null) {
    const time = typeof at === 'string' ? parseTimestamp(at) : null;
    if (time === null)
      fail(
        'created_at',
        'must be an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:00Z',
      );
    else if (time > ctx.now.getTime() + 5 * 60_000) fail('created_at', 'is in the future');
    else created = time;
  }

  const id = input.id;
  if (id !== undefined && id !== null && (typeof id !== 'string' || !ID.test(id)))
    fail('id', 'must be letters, digits and . _ : - (at most 64 characters)');

  const source = input.source;
  if (source !== undefined && source !== null && !(SOURCES as readonly unknown[]).includes(source))
    fail('source', `must be one of ${SOURCES.join(', ')}`);

  const piiList = input.pii;
  if (
    piiList !== undefined &&
    (!Array.isArray(piiList) || !piiList.every((t) => typeof t === 'string' && t in PII_WORDS))
  )
    fail('pii', `must be a list of ${Object.keys(PII_WORDS).join(', ')}`);

  if (problems.length) return problems;
  const kept = [...new Set([...((piiList as PiiType[] | undefined) ?? []), ...masked])];
  return {
    record: {
      id: typeof id === 'string' ? id : newId(ctx.now),
      created_at: new Date(created).toISOString(),
      user_id: user as string | null,
      type: (type as string).toLowerCase() as FeedbackType,
      rating: typeof rating === 'number' ? rating : null,
      description: text,
      conversation: typeof conversation === 'string' && conversation !== '' ? conversation : null,
      source: (source as Source | undefined) ?? ctx.source,
      ...(kept.length ? { pii: kept } : {}),
    },
    masked,
  };
}

/** The problem with one field's value, judged as checkFeedback judges it; undefined when fine. */
export function fieldProblem(field: string, value: unknown, ctx: CheckContext): string | undefined {
  const base: Record<string, unknown> = { type: 'other', description: 'x', [field]: value };
  const result = checkFeedback(base, ctx);
  return Array.isArray(result) ? result.find((p) => p.field === field)?.message : undefined;
}
