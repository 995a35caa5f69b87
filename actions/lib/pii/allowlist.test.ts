import { describe, expect, it } from 'vitest';
import { allowlist, canonical, isReservedExample } from './allowlist.js';
import { Baseline } from './baseline.js';
import type { PiiType } from './types.js';

describe('the default allowlist of reserved examples', () => {
  it.each<[PiiType, string, boolean]>([
    ['EMAIL', 'support@example.com', true],
    ['EMAIL', 'Jane@Mail.Example.ORG', true],
    ['EMAIL', 'dev@shop.test', true],
    ['EMAIL', 'jane@examples.com', false],
    ['PHONE', '+1 415 555 0100', true],
    ['PHONE', '(212) 555-0199', true],
    ['PHONE', '415-555-0200', false],
    ['PHONE', '020 7946 0018', true],
    ['PHONE', '07700 900123', true],
    ['CREDIT_CARD', '4242 4242 4242 4242', true],
    ['CREDIT_CARD', '4000-0566-5566-5556', true],
    ['CREDIT_CARD', '4929 1234 5678 9015', false],
    ['US_SSN', '123-45-6789', true],
    ['US_SSN', '536-22-1234', false],
    ['IBAN', 'GB82 WEST 1234 5698 7654 32', true],
    ['IBAN', 'DE75512108001245126199', false],
    ['IP_ADDRESS', '192.0.2.44', true],
    ['IP_ADDRESS', '203.0.113.9', true],
    ['IP_ADDRESS', '127.0.0.1', true],
    ['IP_ADDRESS', '2001:db8::1', true],
    ['IP_ADDRESS', '10.1.2.3', false],
    ['SECRET', ['AKIA', 'IOSFODNN7EXAMPLE'].join(''), true],
  ])('%s %s: %s', (type, value, reserved) => {
    expect(isReservedExample(type, value)).toBe(reserved);
  });
});

describe('allowlist', () => {
  const allowed = allowlist({
    values: ['+1 800 555 0199', 'Help@Acme-Corp.com'],
    patterns: ['[a-z]+@support\\.acme-corp\\.com'],
    defaultAllowlist: false,
  });

  it.each<[PiiType, string, boolean]>([
    ['PHONE', '1-800-555-0199', true], // the same number, written differently
    ['EMAIL', 'help@acme-corp.com', true],
    ['EMAIL', 'returns@support.acme-corp.com', true],
    ['EMAIL', 'x.returns@support.acme-corp.com.evil.io', false], // patterns match the whole value
    ['EMAIL', 'support@example.com', false], // reserved examples only when the default list is on
  ])('%s %s: %s', (type, value, expected) => {
    expect(allowed(type, value)).toBe(expected);
  });

  it('normalises values for comparison', () => {
    expect(canonical('CREDIT_CARD', '4111-1111 1111 1111')).toBe('4111111111111111');
    expect(canonical('IBAN', 'de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(canonical('PHONE', '(415) 555-0132')).toBe('+14155550132');
  });
});

describe('Baseline', () => {
  it('accepts a value in the file it was recorded in, in any formatting, and stores no value', () => {
    const baseline = Baseline.empty().with([
      { type: 'US_SSN', value: '536-22-1234', file: 'evals/golden/legacy.jsonl' },
      { type: 'EMAIL', value: 'jane.doe@gmail.com', file: 'evals/golden/legacy.jsonl' },
    ]);
    const json = baseline.toJSON();
    expect(json).not.toMatch(/536|1234|jane|gmail/);
    const read = Baseline.parse(json, 'b.json');
    expect(read.has('US_SSN', '536 22 1234', 'evals/golden/legacy.jsonl')).toBe(true);
    expect(read.has('EMAIL', 'JANE.DOE@gmail.com', 'evals/golden/legacy.jsonl')).toBe(true);
    expect(read.has('US_SSN', '536-22-1234', 'evals/golden/new.jsonl')).toBe(false);
    expect(read.has('US_SSN', '536-22-1235', 'evals/golden/legacy.jsonl')).toBe(false);
  });

  it('keeps its salt when rewritten, and a new baseline gets a new one', () => {
    const a = Baseline.empty();
    const b = a.with([{ type: 'EMAIL', value: 'a@b.io', file: 'f' }]);
    expect(b.data.salt).toBe(a.data.salt);
    expect(Baseline.empty().data.salt).not.toBe(a.data.salt);
    expect(b.hash('EMAIL', 'a@b.io')).not.toBe(Baseline.empty().hash('EMAIL', 'a@b.io'));
  });

  it.each([
    ['not json', /not valid JSON/],
    ['{"version": 2}', /"version" must be 1/],
    ['{"version": 1, "kdf": {"name": "md5"}}', /"kdf" must name scrypt/],
    [
      '{"version": 1, "kdf": {"name": "scrypt", "N": 2048, "r": 8, "p": 1, "keylen": 16}, "salt": "x"}',
      /"salt"/,
    ],
    [
      '{"version": 1, "kdf": {"name": "scrypt", "N": 2048, "r": 8, "p": 1, "keylen": 16}, "salt": "c2FsdHNhbHRzYWx0c2FsdA==", "findings": [{"type": "NAME"}]}',
      /"findings" must be a list/,
    ],
  ])('refuses %s', (text, message) => {
    expect(() => Baseline.parse(text, 'b.json')).toThrow(message);
  });
});
