import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';
import { ASSIGNMENT_TRIGGER, assignedSecretAt } from './secrets.js';
import { entropy } from './validate.js';

/**
 * Token-shaped values are assembled at run time from a seeded generator, so the repository
 * never holds one verbatim (push protection would block it, and rightly).
 */
let seed = 42;
function rand(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const LETTERS = UPPER + LOWER;
const ALNUM = LETTERS + DIGITS;
const URLSAFE = ALNUM + '_-';
const BASE64 = ALNUM + '+/';
const HEX = '0123456789abcdef';
const UPPER_ALNUM = UPPER + DIGITS;
const j = (...parts: string[]) => parts.join('');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** [type, value] of every finding, the value sliced from the text. */
function found(text: string): [string, string][] {
  return scanText(text).map((f) => [f.kind ?? f.type, text.slice(f.start, f.end)]);
}

/** Formats from vendors' documentation, as widely used secret scanners define them. */
const TOKENS: [string, () => string][] = [
  [
    'Discord bot token',
    () => j(b64url('123456789012345678'), '.', rand(URLSAFE, 6), '.', rand(URLSAFE, 27)),
  ],
  ['Azure AD client secret', () => j(rand(ALNUM, 3), '8', 'Q', '~', rand(ALNUM + '_~.-', 34))],
  ['Sourcegraph access token', () => j('sg', 'p_', rand(HEX, 16), '_', rand(HEX, 40))],
  ['Sourcegraph access token', () => j('sg', 'p_', rand(HEX, 40))],
  ['Sourcegraph access token', () => j('sg', 's_', rand(HEX, 64))],
  ['Hugging Face organization token', () => j('api', '_org_', rand(LETTERS, 34))],
  ['Hugging Face token', () => j('h', 'f_', rand(LETTERS, 34))],
  ['Fly.io token', () => j('fo', '1_', rand(URLSAFE, 43))],
  ['1Password service account token', () => j('ops', '_eyJ', rand(BASE64, 300))],
  [
    '1Password secret key',
    () =>
      j(
        'A3',
        '-',
        rand(UPPER_ALNUM, 6),
        '-',
        rand(UPPER_ALNUM, 11),
        '-',
        rand(UPPER_ALNUM, 5),
        '-',
        rand(UPPER_ALNUM, 5),
        '-',
        rand(UPPER_ALNUM, 5),
      ),
  ],
  ['Mailchimp API key', () => j(rand(HEX, 32), '-u', 's21')],
  ['GitLab token', () => j('gl', 'agent-', rand(URLSAFE, 50))],
  ['GitLab token', () => j('gl', 'rt-', rand(URLSAFE, 20))],
  ['GitLab runner registration token', () => j('GR', '1348941', rand(URLSAFE, 20))],
  // Shopify bodies are not always hex.
  ['Shopify token', () => j('sh', 'pat_', rand(ALNUM, 32))],
  ['Shopify token', () => j('sh', 'pss_', rand(ALNUM, 32))],
  ['PyPI token', () => j('py', 'pi-AgENdGVzdC5weXBp', rand(URLSAFE, 60))],
  ['PyPI token', () => j('py', 'pi-AgEIcHlwaS5vcmc', rand(URLSAFE, 60))],
  ['Stripe secret key', () => j('rk', '_prod_', rand(ALNUM, 24))],
  ['Stripe secret key', () => j('rk', '_live_', rand(ALNUM, 24))],
  ['Stripe secret key', () => j('sk', '_live_', rand(ALNUM, 99))],
  ['Stripe webhook secret', () => j('wh', 'sec_', rand(ALNUM, 32))],
  [
    'Langfuse secret key',
    () =>
      j(
        'sk',
        '-lf-',
        rand(HEX, 8),
        '-',
        rand(HEX, 4),
        '-4',
        rand(HEX, 3),
        '-a',
        rand(HEX, 3),
        '-',
        rand(HEX, 12),
      ),
  ],
  ['LangSmith API key', () => j('ls', 'v2_pt_', rand(HEX, 32), '_', rand(HEX, 10))],
  ['Pinecone API key', () => j('pc', 'sk_', rand(ALNUM, 6), '_', rand(ALNUM, 60))],
  ['Tavily API key', () => j('tv', 'ly-', rand(ALNUM, 32))],
  ['Heroku API key', () => j('HR', 'KU-AA', rand(URLSAFE, 58))],
  ['Artifactory API key', () => j('AK', 'Cp', rand(ALNUM, 69))],
  ['AWS Bedrock API key', () => j('AB', 'SK', rand(BASE64, 130))],
  ['Alibaba Cloud access key ID', () => j('LT', 'AI', rand(ALNUM, 20))],
  ['Supabase key', () => j('sb', 'p_', rand(HEX, 40))],
  // Their prefixes spell `secret`: the test of a token that describes itself reads past them.
  ['Supabase key', () => j('sb', '_secret_', rand(URLSAFE, 32))],
  ['age secret key', () => j('AGE-SECRET', '-KEY-1', rand('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58))],
  ['PlanetScale token', () => j('psc', 'ale_tkn_', rand(URLSAFE, 43))],
  ['Pulumi access token', () => j('pu', 'l-', rand(HEX, 40))],
  ['Prefect API key', () => j('pn', 'u_', rand(ALNUM, 36))],
  ['RubyGems API key', () => j('ruby', 'gems_', rand(HEX, 48))],
  ['Dynatrace token', () => j('dt0c', '01.', rand(UPPER_ALNUM, 24), '.', rand(UPPER_ALNUM, 64))],
  ['Brevo API key', () => j('xkey', 'sib-', rand(HEX, 64), '-', rand(ALNUM, 16))],
  ['OpenShift user token', () => j('sha', '256~', rand(URLSAFE, 43))],
  ['Terraform Cloud token', () => j(rand(LOWER + DIGITS, 14), '.atlas', 'v1.', rand(URLSAFE, 67))],
  ['Mapbox secret token', () => j('sk', '.eyJ', rand(URLSAFE, 60), '.', rand(URLSAFE, 22))],
  ['X bearer token', () => j('A'.repeat(22), rand(ALNUM, 90))],
  ['Atlassian API token', () => j('AT', 'CTT3', rand(URLSAFE, 150))],
  [
    'JSON Web Token',
    // Unsigned: `"alg":"none"` and an empty signature after the second dot.
    () => j(b64url('{"alg":"none","typ":"JWT"}'), '.', b64url('{"sub":"42","name":"Jane"}'), '.'),
  ],
];

describe('prefixed and structured tokens', () => {
  it.each(TOKENS)('%s', (kind, make) => {
    const token = make();
    for (const text of [`token ${token}`, `"${token}"`, `KEY=${token}\n`]) {
      expect(found(text), text).toEqual([[kind, token]]);
    }
  });

  it('reads a Fly.io macaroon list after FlyV1 as one secret', () => {
    const list = j('fm', '2_', rand(BASE64, 120), ',fm', '2_', rand(BASE64, 120));
    expect(found(`Authorization: FlyV1 ${list}`)).toEqual([['Fly.io token', list]]);
  });

  it.each<[string, string]>([
    // Base64 of a number starts with M, N or O; this part decodes to letters.
    [
      'Discord-shaped, id not numeric',
      j(b64url('1a3456789012345678'), '.', rand(URLSAFE, 6), '.', rand(URLSAFE, 27)),
    ],
    ['Azure marker with a repeated body', j('abc', '8', 'Q~', 'a'.repeat(34))],
    ['AWS key of repeated characters', j('AK', 'IA', 'X'.repeat(16))],
    ['AWS key of two characters', j('AK', 'IA', 'AB'.repeat(8))],
    ['Google key of repeated characters', j('AI', 'za', 'Sy', 'X'.repeat(33))],
    ['Sourcegraph zeros', j('sg', 'p_', '0'.repeat(40))],
    ['Mailchimp inside a longer hex run', j(rand(HEX, 40), '-u', 's21')],
    ['Shopify placeholder', j('sh', 'pat_', 'x'.repeat(32))],
  ])('not a secret: %s', (_, text) => {
    expect(found(`value ${text} end`)).toEqual([]);
  });
});

describe('tokens that are something else', () => {
  it('reports a JWT sent as Basic credentials once, as the JWT', () => {
    const jwt = j(
      b64url('{"alg":"HS256","typ":"JWT"}'),
      '.',
      b64url('{"sub":"42","name":"Jane"}'),
      '.',
      rand(URLSAFE, 43),
    );
    expect(found(`Authorization: Basic ${jwt}`)).toEqual([['JSON Web Token', jwt]]);
    expect(found(`header Basic ${jwt}`)).toEqual([['JSON Web Token', jwt]]);
    expect(found(`Authorization: Bearer ${jwt}`)).toEqual([['JSON Web Token', jwt]]);
    expect(found(`sent with Bearer ${jwt}`)).toEqual([['JSON Web Token', jwt]]);
    const github = j('gh', 'p_', rand(ALNUM, 36));
    expect(found(`sent with Bearer ${github}`)).toEqual([['GitHub token', github]]);
    // RFC 6750 tokens may hold underscores.
    const opaque = j(rand(ALNUM, 12), '_', rand(ALNUM, 8), '1_', rand(ALNUM, 12));
    expect(found(`sent with Bearer ${opaque}`)).toEqual([['bearer token', `Bearer ${opaque}`]]);
    expect(found(`Authorization: Bearer ${opaque}`)).toEqual([
      ['token in an Authorization header', opaque],
    ]);
  });

  it('finds real Basic credentials, not documented ones', () => {
    const creds = Buffer.from(j('deploy:', rand(ALNUM, 16))).toString('base64');
    expect(found(`Authorization: Basic ${creds}`)).toEqual([
      ['basic auth credentials', `Basic ${creds}`],
    ]);
    for (const doc of ['user:password', 'username:password', 'admin:admin', 'user:<password>'])
      expect(found(`Authorization: Basic ${Buffer.from(doc).toString('base64')}`)).toEqual([]);
  });

  it('ignores Objective-C selectors and method names', () => {
    const text = [
      '- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions {',
      '  NSString *token = [self.keychain objectForKey:@"token"];',
      '  [[Client alloc] initWithUsername:user password:passwordField.text completion:nil];',
      '  SEL s = @selector(loginWithUser:password:completion:);',
      '  [self setAccessToken:accessTokenValue];',
      // A category method with the `hf_` prefix, 34 letters like a token.
      '- (void)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:(NSString *)title;',
      j('  [bar h', 'f_', rand(LETTERS, 34), ':animated];'),
    ].join('\n');
    expect(found(text)).toEqual([]);
  });

  it('ignores tokens that are file names', () => {
    for (const name of [
      j('gh', 'p_', rand(ALNUM, 36), '.txt'),
      j('h', 'f_', rand(LETTERS, 34), '.png'),
      j('sk', '_live_', rand(ALNUM, 24), '.png'),
      j('assets/', 'AI', 'za', rand(URLSAFE, 35), '.json'),
    ])
      expect(found(`see ${name} for details`), name).toEqual([]);
    // A sentence may end after a token.
    const token = j('gh', 'p_', rand(ALNUM, 36));
    expect(found(`The token is ${token}.`)).toEqual([['GitHub token', token]]);
  });

  it.each([
    'csrf_token: "Xk93jd0aP2qqZ7Lm"',
    '<input type="hidden" name="csrfmiddlewaretoken" value="Xk93jd0aP2qqZ7LmQ">',
    'csrfmiddlewaretoken=Xk93jd0aP2qqZ7Lm',
    'authenticity_token: Xk93jd0aP2qqZ7Lm',
    'X-CSRF-Token: Xk93jd0aP2qqZ7Lm',
    '"__RequestVerificationToken": "CfDJ8Nx93jd0aP2qqZ7Lm"',
    '"nextPageToken": "CAUQAA9x3jd0aP2qq"',
  ])('a CSRF or page token is not a secret: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('what documentation writes instead of a secret', () => {
  it.each([
    // Placeholder tokens that spell out what they are.
    j('const TOKEN = "gh', 'p_PersonalAccessToken01245678900000000";'),
    j("token: 'gh", "u_InstallationUserToServer000000000000',"),
    'api_key=sk-proj-…',
    'OPENAI_API_KEY=sk-...',
    // Paths to the file that holds it.
    'GOOGLE_APPLICATION_CREDENTIALS=/path/to/config.json',
    'private_key: ./keys/deploy.pem',
    // pass/fail, coverage badges, a key header named in prose, a stub key.
    'pass: Criteria1;',
    'deploy --> done([pass: release/N])',
    '[![codecov](https://codecov.io/gh/o/r/branch/main/graph/badge.svg?token=lWZ9OBQ7GM)]',
    'Paste it after -----BEGIN PRIVATE KEY----- followed by the key material in base64 and then the end line.',
    "const key = '-----BEGIN RSA PRIVATE KEY-----\\nXXXXXXXXXXX...';",
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('finds key blocks as files, YAML blocks and JSON strings hold them', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const yaml = `key: |\n${pem.replace(/^/gm, '  ')}`;
    for (const text of [pem, yaml, JSON.stringify({ private_key: pem })])
      expect(found(text).map(([kind]) => kind)).toEqual(['private key']);
  });
});

describe('credentials assigned to a name', () => {
  const value = 'Xk93jd0aP2qqZ7';
  it.each([
    `oktaApiToken: "${value}"`,
    `//registry.npmjs.org/:_authToken=${value}`,
    `clientSecret = "${value}"`,
    `AWS_SECRET_ACCESS_KEY=${value}`,
    `apiKey := "${value}"`,
    `API_TOKEN ?= ${value}`,
    `DB_PASSWORD ::= ${value}`,
    `'password' => '${value}'`,
    `x-api-key: ${value}`,
    `[client setPassword:@"${value}"];`,
    `password: "${value},;)"`,
  ])('%s', (text) => {
    const [f] = found(text);
    expect(f?.[0]).toBe('credential assigned to a secret name');
    expect(value.startsWith(f![1].slice(0, value.length))).toBe(true);
  });

  it('names the vendor of a key without a prefix', () => {
    const okta = j('00', rand(URLSAFE, 40));
    const sumoId = j('su', rand(ALNUM, 12));
    const sumoKey = rand(ALNUM, 64);
    const fb = rand(HEX, 32);
    expect(found(`oktaApiToken: "${okta}"`)).toEqual([['Okta API token', okta]]);
    expect(found(`OKTA_CLIENT_TOKEN=${okta}`)).toEqual([['Okta API token', okta]]);
    expect(found(`Authorization: SSWS ${okta}`)).toEqual([['Okta API token', okta]]);
    expect(found(`SUMO_ACCESS_ID=${sumoId}`)).toEqual([['Sumo Logic access ID', sumoId]]);
    expect(found(`sumo_access_key: ${sumoKey}`)).toEqual([['Sumo Logic access key', sumoKey]]);
    expect(found(`FACEBOOK_APP_SECRET="${fb}"`)).toEqual([['Facebook app secret', fb]]);
    expect(found(`fb_secret = '${fb}'`)).toEqual([['Facebook app secret', fb]]);
    // 64 random bytes in base64 under a name that says key, in config and in prose.
    const azure = `${rand(BASE64, 86)}==`;
    for (const text of [`storage_key: ${azure}`, `It fails with the key: ${azure} — why?`])
      expect(found(text), text).toEqual([['Azure storage account key', azure]]);
    // Not the 64 bytes of a hash under another name, nor a shorter value under `key`.
    expect(found(`digest: ${azure}`)).toEqual([]);
    expect(found(`key: ${rand(BASE64, 40)}==`)).toEqual([]);
  });

  it.each([
    // Placeholders, also where the value is cut at a quote, a space or a brace.
    'password: ${DB_PASSWORD:=Xk93jd0aP2qq}',
    'TOKEN="${API_TOKEN:-Xk93jd0aP2qq}"',
    'api_key: "<YOUR API KEY>"',
    'api_key: <YOUR API KEY>',
    'token: <TOKEN>',
    'token = {Key}',
    'token = "{Key}"',
    'secret: %(secret)s',
    'password=$API_KEY',
    "password: '$DB_PASS'",
    'api_key: xxxxxxxx',
    'password: changeme',
    'password: Password123!',
    'client_secret: "{{ .Values.clientSecret }}"',
    'token: ${{ secrets.GITHUB_TOKEN }}',
    // Code, not literals.
    'user.password = getPassword();',
    'token: this.token,',
    'apiKey: config.apiKey,',
    'password=request.form["password"]',
    'secret?: SecretValue;',
    'apiKey: ApiKeyType;',
    // Sentences.
    '"password": "Passwords must be 8 characters"',
    '"token": "Rotate the token every 90 days"',
    // Comparisons.
    'if (password == "Xk93jd0aP2qq") return;',
    'if (token != null && token !== "Xk93jd0aP2qq") {',
  ])('not a credential: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("scanText's trigger for assignments", () => {
  it('reaches every : and = that assignedSecretAt accepts (names of any case and length, every separator)', () => {
    const trigger = new RegExp(ASSIGNMENT_TRIGGER, 'y');
    const words = [
      'pass',
      'PWD',
      'Secret',
      'tOKen',
      'auth',
      'KEY',
      'cred',
      'okta',
      'sumo',
      'fb',
      'FaceBook',
    ];
    const separators = [
      ':',
      ' : ',
      '=',
      ' = ',
      ':=',
      '?=',
      '::=',
      ':?=',
      '=>',
      '": ',
      "' = ",
      '"  :  ',
    ];
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      const before = rand(ALNUM + '_.-', n % 46); // past the 40 characters assignedSecretAt reads
      const after = n % 4 === 0 ? rand(ALNUM + '_.-', (n * 7) % 41) : ''; // SECRET_NAME wants the word last
      const name = before + words[n % words.length] + after;
      const quote = n % 3 === 0 ? '"' : '';
      const text = `x ${quote}${name}${separators[n % separators.length]}${quote}${rand(ALNUM, 12)}!${rand(DIGITS, 4)}${quote}`;
      for (let at = 0; at < text.length; at++) {
        if (text[at] !== ':' && text[at] !== '=') continue;
        if (!assignedSecretAt(text, at)) continue;
        accepted++;
        trigger.lastIndex = at;
        expect(trigger.test(text), text).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(300); // the test reached the accepting paths (472)
  });
});

describe('credentials in commands, headers and URLs', () => {
  const password = 'Xk93jd0aP2qq';
  it.each([
    [`curl -u admin:${password} https://api.acme.io`, `admin:${password}`],
    [`curl --user "deploy:${password}" https://api.acme.io`, `deploy:${password}`],
    [`curl --user=deploy:${password} https://api.acme.io`, `deploy:${password}`],
    [`curl -X POST \\\n  -u ci:${password} \\\n  https://api.acme.io`, `ci:${password}`],
  ])('%s', (text, creds) => {
    expect(found(text)).toEqual([['credentials in a curl command', creds]]);
  });

  it.each([
    'docker run -u 1000:1000 image',
    'git push -u origin:main',
    `ssh -u admin:${password} host`,
    'curl -u "$USER:$PASS" https://api.acme.io',
    'curl -u user:password https://api.acme.io',
    'curl -u admin:admin https://api.acme.io',
    'curl -u me https://api.acme.io',
  ])('not curl credentials: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('finds the value of an Authorization header', () => {
    const hex = rand(HEX, 40);
    const opaque = rand(URLSAFE, 32);
    expect(found(`Authorization: Token ${hex}`)).toEqual([
      ['token in an Authorization header', hex],
    ]);
    expect(found(`-H "Authorization: token ${hex}"`)).toEqual([
      ['token in an Authorization header', hex],
    ]);
    expect(found(`{"Authorization": "Bearer ${opaque}"}`)).toEqual([
      ['token in an Authorization header', opaque],
    ]);
    // A known token is reported as itself.
    const github = j('gh', 'p_', rand(ALNUM, 36));
    expect(found(`Authorization: token ${github}`)).toEqual([['GitHub token', github]]);
  });

  it.each([
    'Authorization: Bearer <token>',
    'Authorization: Bearer $TOKEN',
    'Authorization: Bearer ${ACCESS_TOKEN}',
    'Authorization: Token YOUR_TOKEN_HERE',
    'Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx',
    'The Authorization header carries the token.',
  ])('no header value: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    'https://user:user@db.acme.io',
    'https://user:password@db.acme.io',
    'postgres://<user>:<password>@db.acme.io/app',
    'postgres://${DB_USER}:${DB_PASS}@db.acme.io/app',
    'mysql://root:root@localhost/app',
    'amqp://guest:guest@rabbit:5672',
    'redis://:changeme@cache:6379',
  ])('URL credentials that are documentation, and no email either: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('finds real URL credentials', () => {
    expect(found(`postgres://app:${password}@db.acme.io/app`)).toEqual([
      ['credentials in a URL', `app:${password}`],
    ]);
  });
});

describe('linear time on the new triggers', () => {
  it.each([
    ['markers inside tokens', '8Q~-us1.atlasv1.'.repeat(1 << 16)],
    ['Discord-shaped runs', `M${'a'.repeat(24)}.`.repeat(1 << 15)],
    ['curl options on one line', 'curl -u '.repeat(1 << 17)],
    ['header names', 'Authorization: '.repeat(1 << 16)],
    ['nested schemes', 'Authorization: Basic '.repeat(1 << 15)],
    ['assignments', 'apiKey := ?= => '.repeat(1 << 16)],
    // What the assignment trigger's lookbehind reads back over at each `:` or `=`.
    ['quotes and spaces before a colon', `${'" \''.repeat(1000)}:`.repeat(350)],
    ['colons', ':'.repeat(1 << 20)],
    ['separators of := and ?=', '?:=:?='.repeat(1 << 17)],
    ['long names after a secret word', `pass${'x_'.repeat(30)}:`.repeat(1 << 14)],
    ['secret words before =', 'tokenkeyauth= '.repeat(1 << 16)],
  ])('%s', (_, text) => {
    const t0 = performance.now();
    scanText(text);
    // About 1 MB each; far below this bound unless a pattern backtracks.
    expect(performance.now() - t0).toBeLessThan(4000);
  });
});

describe('entropy', () => {
  it.each([
    '',
    'a',
    'aaaa',
    'ab',
    'abcd',
    'aabbbc',
    'Zr7#qP2!mV9x',
    'jürgen€',
    'x'.repeat(300) + 'y',
  ])('is -Σ p·log2(p) over the characters of %j', (s) => {
    // The definition, computed the plain way: counts of each character over the length.
    const counts = new Map<string, number>();
    for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    let expected = 0;
    for (const n of counts.values()) expected -= (n / s.length) * Math.log2(n / s.length);
    expect(entropy(s)).toBeCloseTo(expected, 12);
  });
});
