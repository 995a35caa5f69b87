/**
 * One evidence document judged against the policy: approved, by a holder of the right role,
 * not expired, and covering the shipped model version. The document's metadata (front matter
 * of a Markdown file, or a YAML file) holds:
 *
 *   status: approved
 *   approver: gabriel-gov          GitHub login holding the policy's approver_role
 *   approved_on: 2026-11-16
 *   expires: 2027-11-16            or valid_for_days: 365 (or the policy's max_age_days)
 *   model_version: 2.4.0           or a list of versions
 */
import type { GateConfig } from '../gate.js';
import { toPointer, type YamlFile } from '../parse/yaml.js';
import type { ReleasePolicy } from '../policy/policy.generated.js';
import { daysLeft, waiverEnd } from '../policy/waivers.js';
import type { ShippedModel } from '../shipped-model.js';
import type { Item, Location } from '../verdict/model.js';
import { plural } from '../words.js';

export type EvidenceDocument = GateConfig<'compliance'>['documents'][number];

export interface EvidenceContext {
  roles: ReleasePolicy['roles'];
  now: Date;
  warnBeforeDays: number;
  /** The shipped model; undefined when it could not be read (already reported as an error). */
  model: ShippedModel | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The login an `approver:` field names (`@login` accepted), or undefined. */
export function approverLogin(raw: unknown): string | undefined {
  const login = typeof raw === 'string' ? raw.trim().replace(/^@/, '') : '';
  return login || undefined;
}

/** A calendar date `YYYY-MM-DD` that exists, or undefined. */
export function parseDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return undefined;
  const at = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(raw) ? raw : undefined;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The covered versions: `2.4.0`, or a list of them. */
function versionsOf(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const out = list
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .map((v) => String(v).trim())
    .filter(Boolean);
  return out.length === list.length && out.length > 0 ? out : undefined;
}

/** One document being judged: its metadata and how to point into it. */
interface Subject {
  doc: EvidenceDocument;
  /** The document's title, or its id. */
  name: string;
  value(key: string): unknown;
  /** The field's line, or the metadata block when the field is missing. */
  at(key: string): Location;
  item(
    check: string,
    status: Item['status'],
    message: string,
    where: Location,
    extra?: Partial<Item>,
  ): Item;
}

/**
 * Items for one document: `status`, `approval`, `validity` and, unless `covers_model: false`,
 * `model-version`, each under the document's id and at the line of its field.
 */
export function judgeEvidence(
  doc: EvidenceDocument,
  fields: YamlFile<Record<string, unknown>>,
  /** Where the metadata block is, for fields that are missing. */
  block: Location,
  ctx: EvidenceContext,
): Item[] {
  const subject: Subject = {
    doc,
    name: doc.title ?? doc.id,
    value: (key) => fields.value[key],
    at: (key) =>
      key in fields.value ? { ...fields.locate([key]), pointer: toPointer([key]) } : block,
    item: (check, status, message, where, extra = {}) => ({
      id: `${doc.id}/${check}`,
      status,
      message,
      location: where,
      rule: check,
      ...extra,
    }),
  };
  const approvedOn = parseDate(subject.value('approved_on'));
  const items = [
    statusItem(subject),
    approvalItem(subject, approvedOn, ctx),
    validityItem(subject, approvedOn, ctx),
  ];
  if (doc.covers_model && ctx.model) items.push(coverageItem(subject, ctx.model));
  return items;
}

function statusItem({ doc, name, value, at, item }: Subject): Item {
  const raw = value('status');
  const status = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (status === 'approved')
    return item('status', 'pass', `${name} is approved`, at('status'), { observed: status });
  return item(
    'status',
    'fail',
    status ? `${name} is ${status}, not approved` : `${name} has no status`,
    at('status'),
    {
      observed: status || null,
      expected: 'approved',
      hint: `once a ${doc.approver_role} has approved it, set \`status: approved\``,
    },
  );
}

/** Approved by a user of the policy's role, on a date that is not in the future. */
function approvalItem(
  { doc, name, value, at, item }: Subject,
  approvedOn: string | undefined,
  ctx: EvidenceContext,
): Item {
  const role = doc.approver_role;
  const users = ctx.roles[role]?.users ?? [];
  const teams = ctx.roles[role]?.teams ?? [];
  const holders = users.length ? users.join(', ') : 'nobody';
  const raw = value('approver');
  const approver = approverLogin(raw) ?? '';
  const today = ctx.now.toISOString().slice(0, 10);
  if (!approver) {
    return item('approval', 'fail', `${name} names no approver`, at('approver'), {
      observed: null,
      expected: `a ${role}`,
      hint: `add \`approver: <login>\` with the login of a ${role} (${holders})`,
    });
  }
  // GitHub logins are case-insensitive. Team membership needs the API: teams are not checked.
  if (!users.some((u) => u.toLowerCase() === approver.toLowerCase())) {
    const teamNote = teams.length
      ? `; membership of ${teams.join(', ')} cannot be checked without the GitHub API`
      : '';
    return item(
      'approval',
      'fail',
      `${name} is approved by ${approver}, who does not hold the role ${role} (held by ${holders}${teamNote})`,
      at('approver'),
      {
        observed: approver,
        expected: `a user of roles.${role}`,
        hint: `have a ${role} approve it${teams.length ? `, or list ${approver} under roles.${role}.users` : ''}`,
      },
    );
  }
  if (!approvedOn) {
    const rawDate = value('approved_on');
    return item(
      'approval',
      'fail',
      rawDate === undefined
        ? `${name} does not say when it was approved`
        : `${name}: approved_on ${JSON.stringify(rawDate)} is not a date`,
      at('approved_on'),
      { observed: null, hint: 'write the approval date as `approved_on: YYYY-MM-DD`' },
    );
  }
  if (approvedOn > today) {
    return item(
      'approval',
      'fail',
      `${name} is dated as approved on ${approvedOn}, after today (${today})`,
      at('approved_on'),
      {
        observed: approvedOn,
        expected: `≤ ${today}`,
        hint: 'write the date the approval was given',
      },
    );
  }
  return item(
    'approval',
    'pass',
    `${name} was approved by ${approver} (${role}) on ${approvedOn}`,
    at('approver'),
    { observed: approver },
  );
}

/** Not expired, warned ahead: `expires`, else `approved_on` + `valid_for_days` or `max_age_days`. */
function validityItem(
  { doc, name, value, at, item }: Subject,
  approvedOn: string | undefined,
  ctx: EvidenceContext,
): Item {
  const rawExpires = value('expires');
  const validFor = value('valid_for_days') ?? doc.max_age_days;
  let expires: string | undefined;
  let basis = '';
  let invalid = 'it has no expiry';
  let where = at('expires');
  if (rawExpires !== undefined) {
    expires = parseDate(rawExpires);
    invalid = `expires ${JSON.stringify(rawExpires)} is not a date (YYYY-MM-DD)`;
  } else if (validFor !== undefined) {
    where = at(value('valid_for_days') !== undefined ? 'valid_for_days' : 'approved_on');
    if (!Number.isInteger(validFor) || (validFor as number) < 1) {
      invalid = `valid_for_days ${JSON.stringify(validFor)} is not a positive whole number`;
    } else if (!approvedOn) {
      invalid = 'its validity period starts at approved_on, which is missing or not a date';
    } else {
      expires = addDays(approvedOn, validFor as number);
      basis = ` (approved on ${approvedOn}, valid for ${plural(validFor as number, 'day')})`;
    }
  }
  if (!expires) {
    return item('validity', 'fail', `${name}: ${invalid}`, where, {
      observed: null,
      hint: 'add `expires: YYYY-MM-DD` or `valid_for_days: 365` (or max_age_days for it in the policy)',
    });
  }
  const left = daysLeft(expires, ctx.now);
  const expected = `valid for ≥ ${plural(ctx.warnBeforeDays, 'more day')}`;
  if (ctx.now.getTime() > waiverEnd(expires)) {
    return item('validity', 'fail', `${name} expired on ${expires}${basis}`, where, {
      observed: expires,
      expected,
      hint: `review it again: a ${doc.approver_role} approves it with a new expiry`,
    });
  }
  if (left < ctx.warnBeforeDays) {
    return item(
      'validity',
      'warn',
      `${name} expires on ${expires}, in ${plural(left, 'day')}${basis}`,
      where,
      {
        observed: expires,
        expected,
        hint: `schedule its review with a ${doc.approver_role} before ${expires}`,
      },
    );
  }
  return item(
    'validity',
    'pass',
    `${name} is valid until ${expires}, ${plural(left, 'day')} left${basis}`,
    where,
    { observed: expires },
  );
}

/** Covers the shipped model version; a new version needs the document approved again. */
function coverageItem({ doc, name, value, at, item }: Subject, model: ShippedModel): Item {
  const shipped = model.version;
  const versions = versionsOf(value('model_version'));
  if (versions?.includes(shipped))
    return item(
      'model-version',
      'pass',
      `${name} covers the shipped model version ${shipped}`,
      at('model_version'),
      { observed: versions.join(', '), expected: shipped },
    );
  return item(
    'model-version',
    'fail',
    versions
      ? `${name} covers model version ${versions.join(', ')}, not the shipped ${shipped} (${model.file}): it needs re-approval for ${shipped}`
      : `${name} does not say which model version it covers (model_version)`,
    at('model_version'),
    {
      observed: versions ? versions.join(', ') : null,
      expected: shipped,
      hint: `have a ${doc.approver_role} review it for ${shipped}, then set \`model_version: ${shipped}\` with the new approval`,
    },
  );
}
