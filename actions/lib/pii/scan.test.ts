import { describe, expect, it } from 'vitest';
import { ADVERSARIAL, piiDataset, score } from '../../../test/support/pii-dataset.js';
import schema from '../policy/policy.schema.json' with { type: 'json' };
import { DEFAULT_PHONE_REGIONS, scanText } from './scan.js';
import { PII_TYPES, type PiiType } from './types.js';

/** Token-shaped test values are assembled here so the repository never holds one verbatim. */
const join = (...parts: string[]) => parts.join('');
const GITHUB = join('gh', 'p_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8');
const AWS = join('AK', 'IA', 'Z7QW3RTY5UIO2PLK');
const OPENAI = join('sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z');
const DOCKER = join('dckr_', 'pat_', 'Xk9mP2vL5qR8tY3wE6uI1oA4sD7');
const OPENROUTER = join('sk-or-', 'v1-', '0123456789abcdef'.repeat(4));
const JWT = join(
  'eyJhbGciOiJIUzI1NiJ9',
  '.eyJzdWIiOiI0MiIsIm5hbWUiOiJKYW5lIn0',
  '.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
);

function found(text: string): [PiiType, string][] {
  return scanText(text).map((f) => [f.type, text.slice(f.start, f.end)]);
}

describe('scanText finds validated personal data', () => {
  it.each<[string, PiiType, string]>([
    [
      'Write to jane.doe+billing@mail.acme-corp.co.uk today.',
      'EMAIL',
      'jane.doe+billing@mail.acme-corp.co.uk',
    ],
    ['<JOHN.SMITH@GMAIL.COM>', 'EMAIL', 'JOHN.SMITH@GMAIL.COM'],
    ['Schreib an jürgen.müller@bücher.de.', 'EMAIL', 'jürgen.müller@bücher.de'],
    ['foo bar 1(555)555-1234 baz', 'PHONE', '1(555)555-1234'],
    ["Spider-Man's number is +16101234567 -- crazy", 'PHONE', '+16101234567'],
    ['My US number is (415) 555-0132.', 'PHONE', '(415) 555-0132'],
    ['intl +1 415 555 0132', 'PHONE', '+1 415 555 0132'],
    ['Brazil: +55 11 98456 5666', 'PHONE', '+55 11 98456 5666'],
    ['London 020 7946 0018', 'PHONE', '020 7946 0018'],
    ['my phone: 0044 1707 774 707', 'PHONE', '0044 1707 774 707'],
    ['call 2125551234 now', 'PHONE', '2125551234'],
    ['card 4111 1111 1111 1111 exp', 'CREDIT_CARD', '4111 1111 1111 1111'],
    ['amex 3714-496353-98431', 'CREDIT_CARD', '3714-496353-98431'],
    ['5555555555554444', 'CREDIT_CARD', '5555555555554444'],
    ['SSN 536-22-1234.', 'US_SSN', '536-22-1234'],
    ['SSN 536.22.1234', 'US_SSN', '536.22.1234'],
    ['iban nl91abna0417164300', 'IBAN', 'nl91abna0417164300'],
    ['drama number +44 7700 900123', 'PHONE', '+44 7700 900123'],
    ['tel:+15551234567', 'PHONE', '+15551234567'],
    ['Hipercard 6062 8288 8866 6688', 'CREDIT_CARD', '6062 8288 8866 6688'],
    ['ssn: 536221234', 'US_SSN', '536221234'],
    ['IBAN DE89 3704 0044 0532 0130 00.', 'IBAN', 'DE89 3704 0044 0532 0130 00'],
    ['GB82WEST12345698765432', 'IBAN', 'GB82WEST12345698765432'],
    ['from 10.20.30.40:8080', 'IP_ADDRESS', '10.20.30.40'],
    ['addr 2001:db8:85a3::8a2e:370:7334 ok', 'IP_ADDRESS', '2001:db8:85a3::8a2e:370:7334'],
    ['link-local fe80::1ff:fe23:4567:890a', 'IP_ADDRESS', 'fe80::1ff:fe23:4567:890a'],
    ['connecting from ::1', 'IP_ADDRESS', '::1'],
    ['mapped ::ffff:192.0.2.1', 'IP_ADDRESS', '::ffff:192.0.2.1'],
    ['(192.168.1.1)', 'IP_ADDRESS', '192.168.1.1'],
    ['route 10.0.0.0/8', 'IP_ADDRESS', '10.0.0.0'],
    [`token ${GITHUB}`, 'SECRET', GITHUB],
    [`aws_access_key_id = ${AWS}`, 'SECRET', AWS],
    [`OPENAI_API_KEY=${OPENAI}`, 'SECRET', OPENAI],
    [`Authorization: ${JWT}`, 'SECRET', JWT],
    [`DOCKER_TOKEN ${DOCKER}`, 'SECRET', DOCKER],
    [`key ${OPENROUTER}`, 'SECRET', OPENROUTER],
    ['secret_key = "Xk93jd0aP2qq"', 'SECRET', 'Xk93jd0aP2qq'],
    ['postgres://app:Xk93jd0aP2@db.internal:5432/app', 'SECRET', 'app:Xk93jd0aP2'],
    ['password: "Zr7#qP2!mV9x"', 'SECRET', 'Zr7#qP2!mV9x'],
    ['Your temporary password is Tr0ub4dor&3.', 'SECRET', 'Tr0ub4dor&3'],
  ])('%s', (text, type, value) => {
    expect(found(text)).toContainEqual([type, value]);
  });

  it('finds several numbers written side by side', () => {
    expect(found('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toEqual([
      ['CREDIT_CARD', '4012888888881881'],
      ['CREDIT_CARD', '4012-8888-8888-1881'],
      ['CREDIT_CARD', '4012 8888 8888 1881'],
    ]);
  });

  it('reports offsets, a masked preview and how it validated, never the value', () => {
    const text = 'Mail jane.doe@gmail.com or pay with 4242 4242 4242 4242.';
    const findings = scanText(text);
    expect(findings).toEqual([
      {
        type: 'EMAIL',
        start: 5,
        end: 23,
        preview: 'j***@g***.com',
        validation: expect.any(String),
      },
      {
        type: 'CREDIT_CARD',
        start: 36,
        end: 55,
        preview: '**** **** **** 4242',
        validation: 'luhn, issuer visa',
      },
    ]);
    for (const f of findings) expect(JSON.stringify(f)).not.toContain(text.slice(f.start, f.end));
  });

  it('finds a private key block from BEGIN to END', () => {
    const body = 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oKpmSLGGmFhsoAoGCCqGSM49AwEHoUQDQgAE';
    const key = `-----BEGIN EC PRIVATE KEY-----\n${body}\n${body}\n-----END EC PRIVATE KEY-----`;
    const [f] = scanText(`key:\n${key}\n`);
    expect(f).toMatchObject({ type: 'SECRET', kind: 'private key', start: 5, end: 5 + key.length });
    expect(f!.preview).toBe('-----BEGIN EC PRIVATE KEY-----****');
  });

  it('finds a key whose line breaks are escaped, as in a service account file', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    const text = `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n${body}\\n-----END PRIVATE KEY-----\\n"}`;
    expect(scanText(text)).toMatchObject([{ type: 'SECRET', kind: 'private key' }]);
  });

  it('uses the field name as context for bare numbers', () => {
    expect(scanText('536221234')).toEqual([]);
    expect(scanText('536221234', { context: 'customer_ssn' })).toMatchObject([{ type: 'US_SSN' }]);
  });

  it('tries the phone regions of the policy schema default', () => {
    expect(schema.definitions.piiGate.properties.phone_regions.default).toEqual(
      DEFAULT_PHONE_REGIONS,
    );
  });

  it('looks only for the types asked for', () => {
    const text = `jane@gmail.com ${GITHUB}`;
    expect(scanText(text, { types: ['SECRET'] }).map((f) => f.type)).toEqual(['SECRET']);
    expect(scanText(text, { types: ['EMAIL'] }).map((f) => f.type)).toEqual(['EMAIL']);
  });
});

describe('scanText ignores what only looks like personal data', () => {
  it.each([
    'Order #4111111111111111 shipped on 2026-03-12.',
    'Order ACME-2024-118734 via UPS 1Z999AA10123456784.',
    'Reference number 5133 4680 9982 4086 for your booking',
    'ISBN 978-3-16-148410-0 and 0-306-40615-2',
    'version 10.0.0.1, OID 1.3.6.1.4.1.311, 1.2.3.4.5',
    'Timestamps 1697040000123 and 1697040000.',
    'ZIP 94103-1234, price $1,299.99, ratio 16:9 at 12:30:45.',
    'Card 4012-8888-8888-1882 fails Luhn; SSN 000-12-3456, 666-12-3456, 123-00-4567.',
    'IBAN DE89 3704 0044 0532 0130 01 has a bad checksum.',
    'LV80 bANK 0000 4351 9500 1 mixes cases; IL15 0120 6900 0000 3111 0120 6900 0000 3111 141 is too long',
    'Use std::vector, MAC 00:1A:2B:3C:4D:5E.',
    'Ratio 1:2:3:4, port 80:443, 123:abc, text2001:db8::1, IP192.168.1.1text, 256.256.256.256',
    'git@github.com:acme/bot.git, icon@2x.png, @acme/pkg@1.2.3, user@localhost',
    'api_key: <YOUR_API_KEY>, password: ********, token_type: bearer',
    'Your password is case-sensitive. The password is required. Reset your password: go to Settings.',
    `placeholder ${join('gh', 'p_', 'X'.repeat(36))} or sk-your-api-key-here`,
    '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    'Part no. 706-1936-685, SKU 6309431386, ticket 415-555-0132.',
    'my phone number is: 110bcd25-a55d-453a-8046-1297901ea002',
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('accuracy on the labeled data set', () => {
  const cases = piiDataset(25);
  const scores = score(cases, (text) => scanText(text));

  it.each(PII_TYPES)('%s: precision >= 0.95 and recall >= 0.90', (type) => {
    const s = scores[type];
    expect(s.tp, `no positives of ${type} in the data set`).toBeGreaterThan(20);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('adversarial input', () => {
  it.each(ADVERSARIAL)('%s completes', (_, text) => {
    expect(Array.isArray(scanText(text))).toBe(true);
  });
});
