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

  // Card numbers: the check digit of each is computed with python3 (Luhn: double every second
  // digit from the right, subtract 9 above 9, the sum is a multiple of 10).
  it.each<[string, string]>([
    ['my card # 4485 2758 3829 9372', '4485 2758 3829 9372'],
    ['visa card #4485275838299372 on file', '4485275838299372'],
    ['member card 4485275838299372', '4485275838299372'],
    ['customer card number 4485-2758-3829-9372', '4485-2758-3829-9372'],
    ['card no. 4485275838299372', '4485275838299372'],
    ['the customer paid with 4485275838299372', '4485275838299372'],
    ['JCB 213177777777771', '213177777777771'],
    ['JCB 180077777777772', '180077777777772'],
    ['China T-Union 3177777777777777779', '3177777777777777779'],
    ['BORICA 2205777777777774', '2205777777777774'],
    ['Napas 9704777777777775', '9704777777777775'],
    ['GPN 1946777777777770', '1946777777777770'],
  ])('card: %s', (text, value) => {
    expect(found(text)).toEqual([['CREDIT_CARD', value]]);
  });

  it.each<[string, string]>([
    ['call (415) 555-0132 x8775', '(415) 555-0132'],
    ['tel 415-555-0132x8775', '415-555-0132'],
    ['phone 415-555-0132 ext. 12', '415-555-0132'],
    ['phone 415-555-0132 ext.12', '415-555-0132'],
    ['phone 415-555-0132#12', '415-555-0132'],
    ['+1-541-754-3010-Office', '+1-541-754-3010'],
    ['+44 20 7946 0958-Home, +49 30 901820-Work', '+44 20 7946 0958'],
    // National numbers without `+` or trunk prefix, after a word that names a phone.
    ['Phone: 20 7123 4567', '20 7123 4567'],
    ['call 612 345 678 (mobile)', '612 345 678'],
    ['Teléfono: 612 345 678', '612 345 678'],
    ['Handy 151 23456789', '151 23456789'],
    // A call word in a script without ASCII word boundaries wins over an earlier ID word.
    ['Your ticket 62:14:08 was updated. 전화: 0082 10 2000 0087.', '0082 10 2000 0087'],
    // An ID word inside an address names nothing: `orders` in `jane+orders@…`.
    ['jane+orders@shop.io,0091 81234 54842,Pune', '0091 81234 54842'],
  ])('phone: %s', (text, value) => {
    expect(found(text)).toContainEqual(['PHONE', value]);
  });

  it('validates national numbers against the policy regions', () => {
    const text = 'call 612 345 678';
    expect(scanText(text, { phoneRegions: ['ES'] })).toMatchObject([
      { type: 'PHONE', validation: 'numbering plan of ES; phone context' },
    ]);
    expect(scanText(text, { phoneRegions: ['US'] })).toEqual([]);
  });

  it.each<[string, string]>([
    // Check digits of the national-use IBANs by python3: 98 - int(bban + digits of
    // country + '00') % 97, the whole then mod 97 = 1.
    ['wire to IR270170000000100324200001 today', 'IR270170000000100324200001'],
    ['IBAN SN75 A012 0010 0010 0101 0000 0001', 'SN75 A012 0010 0010 0101 0000 0001'],
    ['IBAN DE89-3704-0044-0532-0130-00', 'DE89-3704-0044-0532-0130-00'],
    ['GB82-WEST-1234-5698-7654-32.', 'GB82-WEST-1234-5698-7654-32'],
  ])('IBAN in dashed groups: %s', (text, value) => {
    expect(found(text)).toEqual([['IBAN', value]]);
  });

  it.each<[string, string]>([
    ['jane@mail.com的', 'jane@mail.com'],
    ['请联系jane@mail.com的邮箱', 'jane@mail.com'],
    ['メールはjane@mail.co.jpへ', 'jane@mail.co.jp'],
    ['「jane@mail.com」。', 'jane@mail.com'],
    ['Пишите ivan@mail.ruпожалуйста', 'ivan@mail.ru'],
    ['用户@例子.广告', '用户@例子.广告'],
    ['ivan@почта.рф', 'ivan@почта.рф'],
  ])('email ending at a change of script: %s', (text, value) => {
    expect(found(text)).toEqual([['EMAIL', value]]);
  });

  it.each<[string, string]>([
    ['SSN 536 22 1234', '536 22 1234'],
    ['Apt 5, SSN 536 22 1234', '536 22 1234'],
    ['ss# 536221234', '536221234'],
    ['SSN #: 536221234', '536221234'],
    ['SSNs: 536 22 1234 536 22 1235', '536 22 1235'],
  ])('SSN: %s', (text, value) => {
    expect(found(text)).toContainEqual(['US_SSN', value]);
  });

  it('finds several numbers written side by side', () => {
    expect(found('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toEqual([
      ['CREDIT_CARD', '4012888888881881'],
      ['CREDIT_CARD', '4012-8888-8888-1881'],
      ['CREDIT_CARD', '4012 8888 8888 1881'],
    ]);
  });

  it('finds what follows the digits of a hash or other token, which it skips', () => {
    const hash = 'ecae3ccb0af9eefca0e3eabffa6fc07aa644ec4e'.repeat(2);
    const bot = join('123456789:AA', 'HdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0');
    expect(found(`${hash}:fe80::1:2 and 2001:db8::1`)).toEqual([['IP_ADDRESS', '2001:db8::1']]);
    expect(found(`bot x1a2b${bot} ref ab12cd34-555-0132 or call 415-555-0132`)).toEqual([
      ['SECRET', bot],
      ['PHONE', '415-555-0132'],
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

describe('a call word labels only the number right after it', () => {
  it.each<[string, [PiiType, string][]]>([
    ['{"phone": "(201) 555-8153", "created": "2026-480667"}', [['PHONE', '(201) 555-8153']]],
    ['From: max@hallo-telefon.de\nDate: 2026-312432', [['EMAIL', 'max@hallo-telefon.de']]],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('scanText ignores what only looks like personal data', () => {
  it.each([
    'Order #4111111111111111 shipped on 2026-03-12.',
    'Order ACME-2024-118734 via UPS 1Z999AA10123456784.',
    'Reference number 5133 4680 9982 4086 for your booking',
    // `reference number` ends where `number` (a phone word) does: the longer label wins.
    'Reference number 0497 0668 8132 4581 for your booking',
    'Reference number 3054 0086 7317 4247 for your booking',
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
    // `#` and ID words still name identifiers when no card word names the number.
    'order # 4111111111111111',
    'card for order # 4485275838299372',
    'customer id 4485275838299372, member # 4485275838299372',
    'card 213077777777773 is Luhn-valid but in no issuer range',
    // Extensions and labels do not save what is not a phone number.
    'call 415-555-0132-rev2, ref ACME-415-555-0132-Office',
    // National numbers without trunk prefix need a word that names a phone.
    'Reference 20 7123 4567, account number 612345678, 612 345 678',
    'téléphone 6 12 34 56 78',
    // Dashed IBANs: one separator throughout, nothing glued after.
    'IBAN DE89-3704 0044-0532-0130-00, DE89-3704-0044-0532-0130-00-7',
    // Address numbers are not SSNs.
    'Suite 680 36 4022, Apt 536 22 1234, unit 12 680 36 4022',
    '12 680 36 4022',
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
