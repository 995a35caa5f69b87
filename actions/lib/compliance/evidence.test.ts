import { describe, expect, it } from 'vitest';
import { parseYaml } from '../parse/yaml.js';
import type { Item } from '../verdict/model.js';
import {
  judgeEvidence,
  parseDate,
  type EvidenceContext,
  type EvidenceDocument,
} from './evidence.js';

const NOW = new Date('2026-11-21T12:00:00Z');

const CTX: EvidenceContext = {
  roles: {
    'governance-lead': { users: ['gabriel-gov'], teams: [] },
    'risk-manager': { users: ['rosa-risk'], teams: ['acme/risk'] },
    'product-owner': { users: [], teams: [] },
  },
  now: NOW,
  warnBeforeDays: 30,
  model: {
    id: 'acme-support-assistant',
    version: '2.4.0',
    file: 'chatbot/model.yaml',
    versionLocation: { file: 'chatbot/model.yaml', line: 4, column: 10 },
  },
};

const DPIA: EvidenceDocument = {
  id: 'dpia',
  title: 'DPIA',
  path: 'docs/compliance/dpia.yaml',
  approver_role: 'governance-lead',
  covers_model: true,
};

const APPROVED = {
  status: 'approved',
  approver: 'gabriel-gov',
  approved_on: '2026-11-16',
  expires: '2027-11-16',
  model_version: '2.4.0',
};

function judge(
  fields: Record<string, unknown>,
  doc: Partial<EvidenceDocument> = {},
  ctx: Partial<EvidenceContext> = {},
): Record<string, Item> {
  const text = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const yaml = parseYaml<Record<string, unknown>>(text || '{}', 'dpia.yaml');
  const items = judgeEvidence(
    { ...DPIA, ...doc },
    yaml,
    { file: 'dpia.yaml', line: 1 },
    {
      ...CTX,
      ...ctx,
    },
  );
  return Object.fromEntries(items.map((i) => [i.id.replace('dpia/', ''), i]));
}

describe('an approved, current document covering the shipped model', () => {
  it('passes every check, each at the line of its field', () => {
    const items = judge(APPROVED);
    expect(Object.keys(items)).toEqual(['status', 'approval', 'validity', 'model-version']);
    expect(Object.values(items).map((i) => i.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(items.status!.location).toMatchObject({
      file: 'dpia.yaml',
      line: 1,
      pointer: '/status',
    });
    expect(items.approval).toMatchObject({
      message: 'DPIA was approved by gabriel-gov (governance-lead) on 2026-11-16',
      location: { line: 2, pointer: '/approver' },
    });
    expect(items.validity).toMatchObject({
      message: 'DPIA is valid until 2027-11-16, 360 days left',
      location: { line: 4, pointer: '/expires' },
    });
    expect(items['model-version']).toMatchObject({
      observed: '2.4.0',
      expected: '2.4.0',
      location: { line: 5 },
    });
  });
});

describe('status', () => {
  it.each([
    ['draft', 'DPIA is draft, not approved'],
    ['In Review', 'DPIA is in review, not approved'],
    ['rejected', 'DPIA is rejected, not approved'],
    [undefined, 'DPIA has no status'],
    [true, 'DPIA has no status'],
  ])('fails %j', (status, message) => {
    const item = judge({ ...APPROVED, status }).status!;
    expect(item).toMatchObject({ status: 'fail', message, expected: 'approved' });
    expect(item.hint).toContain('status: approved');
  });

  it('accepts any case and spacing of approved', () => {
    expect(judge({ ...APPROVED, status: ' Approved ' }).status!.status).toBe('pass');
  });
});

describe('approval', () => {
  it.each([
    [
      { approver: 'mei-ml' },
      /approved by mei-ml, who does not hold the role governance-lead \(held by gabriel-gov\)$/,
    ],
    [{ approver: undefined }, /names no approver/],
    [{ approver: '' }, /names no approver/],
    [{ approved_on: undefined }, /does not say when it was approved/],
    [{ approved_on: '16/11/2026' }, /approved_on "16\/11\/2026" is not a date/],
    [{ approved_on: '2026-02-30' }, /approved_on "2026-02-30" is not a date/],
    [{ approved_on: '2026-11-22' }, /approved on 2026-11-22, after today \(2026-11-21\)/],
  ])('fails %j', (change, message) => {
    const item = judge({ ...APPROVED, ...change }).approval!;
    expect(item.status).toBe('fail');
    expect(item.message).toMatch(message);
    expect(item.hint).toBeTruthy();
  });

  it('accepts @login and any case, as GitHub does', () => {
    expect(judge({ ...APPROVED, approver: '@Gabriel-Gov' }).approval!.status).toBe('pass');
  });

  it('says that team membership cannot be checked offline', () => {
    const item = judge(
      { ...APPROVED, approver: 'rita-team' },
      { approver_role: 'risk-manager' },
    ).approval!;
    expect(item.message).toMatch(
      /membership of acme\/risk cannot be checked without the GitHub API/,
    );
    expect(item.hint).toMatch(/list rita-team under roles\.risk-manager\.users/);
  });

  it('fails when nobody holds the role', () => {
    const item = judge(APPROVED, { approver_role: 'product-owner' }).approval!;
    expect(item).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('(held by nobody)'),
    });
  });

  it('points at the metadata block when the field is missing', () => {
    expect(judge({ ...APPROVED, approver: undefined }).approval!.location).toEqual({
      file: 'dpia.yaml',
      line: 1,
    });
  });
});

describe('validity', () => {
  it.each([
    // expires, valid_for_days, max_age_days, status, message
    ['2027-11-16', undefined, undefined, 'pass', 'DPIA is valid until 2027-11-16, 360 days left'],
    ['2026-12-21', undefined, undefined, 'pass', 'DPIA is valid until 2026-12-21, 30 days left'],
    ['2026-12-20', undefined, undefined, 'warn', 'DPIA expires on 2026-12-20, in 29 days'],
    ['2026-11-21', undefined, undefined, 'warn', 'DPIA expires on 2026-11-21, in 0 days'],
    ['2026-11-20', undefined, undefined, 'fail', 'DPIA expired on 2026-11-20'],
    [
      undefined,
      365,
      undefined,
      'pass',
      'DPIA is valid until 2027-11-16, 360 days left (approved on 2026-11-16, valid for 365 days)',
    ],
    [
      undefined,
      4,
      undefined,
      'fail',
      'DPIA expired on 2026-11-20 (approved on 2026-11-16, valid for 4 days)',
    ],
    [
      undefined,
      undefined,
      20,
      'warn',
      'DPIA expires on 2026-12-06, in 15 days (approved on 2026-11-16, valid for 20 days)',
    ],
    [
      undefined,
      400,
      20,
      'pass',
      'DPIA is valid until 2027-12-21, 395 days left (approved on 2026-11-16, valid for 400 days)',
    ],
    [undefined, undefined, undefined, 'fail', 'DPIA: it has no expiry'],
    [
      'next year',
      undefined,
      undefined,
      'fail',
      'DPIA: expires "next year" is not a date (YYYY-MM-DD)',
    ],
    [
      undefined,
      'a year',
      undefined,
      'fail',
      'DPIA: valid_for_days "a year" is not a positive whole number',
    ],
    [undefined, 0, undefined, 'fail', 'DPIA: valid_for_days 0 is not a positive whole number'],
  ])(
    'expires %j, valid_for_days %j, max_age_days %j: %s',
    (expires, validFor, maxAge, status, message) => {
      const fields: Record<string, unknown> = { ...APPROVED, expires, valid_for_days: validFor };
      const item = judge(fields, maxAge === undefined ? {} : { max_age_days: maxAge }).validity!;
      expect(item.message).toBe(message);
      expect(item.status).toBe(status);
      if (status !== 'pass') expect(item.hint).toBeTruthy();
    },
  );

  it('expires at the end of the expiry day (UTC)', () => {
    const late = new Date('2026-11-20T23:59:59Z');
    expect(judge({ ...APPROVED, expires: '2026-11-20' }, {}, { now: late }).validity!.status).toBe(
      'warn',
    );
  });

  it('needs approved_on to start a validity period', () => {
    const item = judge({
      ...APPROVED,
      expires: undefined,
      approved_on: undefined,
      valid_for_days: 30,
    }).validity!;
    expect(item).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/starts at approved_on, which is missing/),
    });
  });

  it('warns N days ahead, N from the policy', () => {
    expect(
      judge({ ...APPROVED, expires: '2027-01-10' }, {}, { warnBeforeDays: 60 }).validity!.status,
    ).toBe('warn');
    expect(
      judge({ ...APPROVED, expires: '2027-01-10' }, {}, { warnBeforeDays: 0 }).validity!.status,
    ).toBe('pass');
  });
});

describe('model version', () => {
  it.each([
    ['2.4.0', 'pass'],
    [['2.3.0', '2.4.0'], 'pass'],
    ['2.3.0', 'fail'],
    [['2.3.0', '2.3.1'], 'fail'],
    [2.4, 'fail'],
  ])('%j against the shipped 2.4.0: %s', (version, status) => {
    expect(judge({ ...APPROVED, model_version: version })['model-version']!.status).toBe(status);
  });

  it('says the document needs re-approval for the new version', () => {
    const item = judge({ ...APPROVED, model_version: '2.3.0' })['model-version']!;
    expect(item).toMatchObject({
      message:
        'DPIA covers model version 2.3.0, not the shipped 2.4.0 (chatbot/model.yaml): it needs re-approval for 2.4.0',
      observed: '2.3.0',
      expected: '2.4.0',
    });
    expect(item.hint).toMatch(/review it for 2\.4\.0, then set `model_version: 2\.4\.0`/);
  });

  it('fails a document that names no version', () => {
    const item = judge({ ...APPROVED, model_version: undefined })['model-version']!;
    expect(item).toMatchObject({
      status: 'fail',
      observed: null,
      message: expect.stringMatching(/does not say which model version/),
    });
  });

  it('is not checked with covers_model: false, or when the model could not be read', () => {
    expect(
      judge({ ...APPROVED, model_version: undefined }, { covers_model: false })['model-version'],
    ).toBeUndefined();
    expect(judge(APPROVED, {}, { model: undefined })['model-version']).toBeUndefined();
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-11-21', '2026-11-21'],
    ['2028-02-29', '2028-02-29'],
    ['2027-02-29', undefined],
    ['2026-13-01', undefined],
    ['2026-1-1', undefined],
    ['2026-11-21T00:00:00Z', undefined],
    [20261121, undefined],
  ])('%j -> %j', (raw, out) => {
    expect(parseDate(raw)).toBe(out);
  });
});
