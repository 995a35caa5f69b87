import { describe, expect, it } from 'vitest';
import { policyPiiCheck } from '../pii/redact.js';
import { checkFeedback, checkUserId, fieldProblem, type CheckContext } from './record.js';

const ctx: CheckContext = {
  now: new Date('2026-11-21T10:00:00Z'),
  source: 'cli',
  pii: policyPiiCheck(),
};

describe('checkUserId: data minimisation', () => {
  it.each([
    [
      'an email address',
      'jane.doe@gmail.com',
      /looks like an email address \(j\*\*\*@g\*\*\*\.com\)/,
    ],
    ['a phone number', '+44 20 7946 1234', /looks like a phone number/],
    ['a bare phone number', '4155550132', /has no letter/],
    ['a card number', '4539148803436467', /looks like a card number/],
    ['an IPv4 address', '10.20.30.40', /looks like an IP address/],
    ['an IBAN', 'DE44500105175407324931', /looks like a bank account number \(IBAN\)/],
    ['a GitHub token', 'ghp_R8vx2Lq9ZtW4mN7kP3sY6bH1cJ5dF0gA2eXq', /looks like a secret/],
    ['a name with a space', 'Jane Doe', /must be a pseudonymous id/],
    [
      'an example address (not personal, but not an id either)',
      'jane@example.com',
      /must be a pseudonymous id/,
    ],
    ['a number', 42, /must be a string, not a number/],
  ])('refuses %s, without repeating it', (_what, id, message) => {
    const result = checkUserId(id, ctx.pii);
    expect(result).toMatchObject({ field: 'user_id', message: expect.stringMatching(message) });
    if (typeof id === 'string') expect(JSON.stringify(result)).not.toContain(id);
  });

  it.each(['u-7f3a91', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', 'anon:8842', 'user_42.b'])(
    'accepts the pseudonymous id %s',
    (id) => expect(checkUserId(id, ctx.pii)).toBe(id),
  );

  it('takes absent, null and empty as anonymous', () => {
    for (const v of [undefined, null, '']) expect(checkUserId(v, ctx.pii)).toBeNull();
  });
});

describe('checkFeedback', () => {
  it('masks personal data in the description and records which kinds', () => {
    const result = checkFeedback(
      {
        type: 'Privacy',
        rating: 1,
        description: '  The bot read out jane.doe@gmail.com and card 4539 1488 0343 6467 to me. ',
        user_id: 'u-7f3a91',
        conversation: 'req-c29kw-0000jt',
      },
      ctx,
    );
    expect(result).toEqual({
      record: {
        id: expect.stringMatching(/^fb-20261121-[0-9a-f]{12}$/),
        created_at: '2026-11-21T10:00:00.000Z',
        user_id: 'u-7f3a91',
        type: 'privacy',
        rating: 1,
        description: 'The bot read out j***@g***.com and card **** **** **** 6467 to me.',
        conversation: 'req-c29kw-0000jt',
        source: 'cli',
        pii: ['EMAIL', 'CREDIT_CARD'],
      },
      masked: ['EMAIL', 'CREDIT_CARD'],
    });
  });

  it('keeps allowlisted examples: reserved addresses are not personal data', () => {
    const result = checkFeedback(
      { type: 'bug', description: 'It sent me to support@example.com' },
      ctx,
    );
    expect(result).toMatchObject({
      record: { description: 'It sent me to support@example.com' },
      masked: [],
    });
  });

  it('keeps a given id, time and source (a round trip of an exported record)', () => {
    const result = checkFeedback(
      {
        id: 'issue-12',
        created_at: '2026-11-18T08:30:00+01:00',
        type: 'feature',
        description: 'Please add order tracking in French.',
        source: 'issue',
        rating: null,
        user_id: null,
        conversation: null,
        pii: ['PHONE'],
      },
      ctx,
    );
    expect(result).toMatchObject({
      record: {
        id: 'issue-12',
        created_at: '2026-11-18T07:30:00.000Z',
        source: 'issue',
        pii: ['PHONE'],
      },
    });
  });

  it.each([
    ['no type', { description: 'x' }, 'type', 'is missing'],
    [
      'an unknown type',
      { type: 'complaint', description: 'x' },
      'type',
      'must be one of bug, quality, safety, privacy, feature, other',
    ],
    ['no description', { type: 'bug' }, 'description', 'is missing'],
    ['a blank description', { type: 'bug', description: '   ' }, 'description', 'is empty'],
    [
      'a list description',
      { type: 'bug', description: ['a'] },
      'description',
      'must be text, not a list',
    ],
    [
      'a long description',
      { type: 'bug', description: 'x'.repeat(5001) },
      'description',
      'is 5001 characters, more than the 5000 allowed',
    ],
    [
      'a rating of 0',
      { type: 'bug', description: 'x', rating: 0 },
      'rating',
      'must be a whole number from 1 to 5',
    ],
    [
      'a rating of 3.5',
      { type: 'bug', description: 'x', rating: 3.5 },
      'rating',
      'must be a whole number from 1 to 5',
    ],
    [
      'a string rating',
      { type: 'bug', description: 'x', rating: 'good' },
      'rating',
      'must be a whole number from 1 to 5, not a string',
    ],
    [
      'a future time',
      { type: 'bug', description: 'x', created_at: '2026-11-22T00:00:00Z' },
      'created_at',
      'is in the future',
    ],
    [
      'a time without zone',
      { type: 'bug', description: 'x', created_at: '2026-11-20 10:00' },
      'created_at',
      'must be an RFC 3339 date-time with a time zone, e.g. 2026-11-20T09:00:00Z',
    ],
    [
      'a bad id',
      { type: 'bug', description: 'x', id: 'has space' },
      'id',
      'must be letters, digits and . _ : - (at most 64 characters)',
    ],
    [
      'a conversation with personal data',
      { type: 'bug', description: 'x', conversation: 'jane.doe@gmail.com' },
      'conversation',
      'must be a request or conversation id of letters, digits and . _ : / # - (at most 200 characters)',
    ],
    [
      'a conversation that is a phone number',
      { type: 'bug', description: 'x', conversation: '+442079461234' },
      'conversation',
      'must be a request or conversation id of letters, digits and . _ : / # - (at most 200 characters)',
    ],
    [
      'an unknown field',
      { type: 'bug', description: 'x', email: 'a@b.c' },
      'email',
      'is not a feedback field (known: id, created_at, user_id, type, rating, description, conversation, source, pii)',
    ],
    [
      'an unknown source',
      { type: 'bug', description: 'x', source: 'email' },
      'source',
      'must be one of cli, import, issue',
    ],
  ])('refuses %s', (_what, input, field, message) => {
    const result = checkFeedback(input as Record<string, unknown>, ctx);
    expect(result).toContainEqual({ field, message });
  });

  it('judges one field the same way for the prompt', () => {
    expect(fieldProblem('rating', 6, ctx)).toBe('must be a whole number from 1 to 5');
    expect(fieldProblem('user_id', 'u-1', ctx)).toBeUndefined();
  });
});
