import { NAME, NON_ASCII, TOKEN, USERINFO_END, VALUE_END, is } from './chars.js';
import { TrigramFilter } from './trigrams.js';
import { decodeBase64Url, entropy } from './validate.js';

export interface SecretMatch {
  start: number;
  end: number;
  kind: string;
  mask: number;
}

/**
 * A secret recognised by a documented prefix or structure. `trigger` is where it may be
 * found (regular expression source starting with a literal character or a class; the
 * triggers of all rules make one SECRET_TRIGGER), `body` the whole token, matched sticky
 * where it starts, `mask` how many leading characters a preview may show.
 */
interface SecretRule {
  kind: string;
  trigger: string;
  body: RegExp;
  mask: number;
  /** Extra check of the whole match beyond its shape; by default, not a repeated placeholder. */
  check?: (value: string) => boolean;
  /** Characters of the token before its trigger, for markers inside a token (`…8Q~…`). */
  back?: number;
  /** The trigger is inside a word (`8Q~`), with no word boundary before it. */
  midWord?: boolean;
  /** Shaped like a name too: followed by `:` and a letter, it is an Objective-C selector. */
  nameLike?: boolean;
}

/** A secret recognised by its context: the finder reads what follows the trigger. */
interface ContextRule {
  trigger: string;
  find: (text: string, at: number) => SecretMatch | null;
}

/**
 * Random tokens have several bits of entropy per character; `sk-xxxxxxxx` placeholders do
 * not, nor do tokens that spell out what they are (`ghp_PersonalAccessToken0124…00000000`).
 */
const random = (min: number) => (value: string) =>
  entropy(value) >= min &&
  longestRun(value) < 6 &&
  !/token|secret|passw|placeholder|dummy/i.test(value);

/** The longest run of one repeated character: `0000000` in `ghu_…Server000000000000`. */
function longestRun(value: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Hugging Face tokens are random letters of both cases; `hf_setupNavigationBar…` is a method name. */
function mixedCase(value: string): boolean {
  const upper = value.replace(/[^A-Z]/g, '').length;
  const lower = value.replace(/[^a-z]/g, '').length;
  return Math.min(upper, lower) >= 0.2 * (upper + lower) && random(3.5)(value);
}

/** The first part of a Discord bot token is the bot's numeric user id in base64. */
function discordBotToken(value: string): boolean {
  const id = decodeBase64Url(value.slice(0, value.indexOf('.')));
  return id !== null && /^[0-9]{17,20}$/.test(id);
}

const RULES: SecretRule[] = [
  {
    kind: 'private key',
    trigger: '-----BEGIN ',
    // The body stops at the next BEGIN too, so repeated headers are each scanned once.
    body: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----(?:END|BEGIN) )[\s\S]){0,20000}(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)?/y,
    mask: 40,
    // A real block starts with base64 key material (after RFC 1421 headers), also with its
    // line breaks escaped as in a service account's JSON; a documentation stub holds "...",
    // `XXXX` or nothing, and a header named in prose is followed by words. (OpenSSH
    // blocks start with runs of `A`: 3.7 bits per character, more than the 3.5 asked.)
    check: (v) =>
      entropy(
        /^[A-Za-z0-9+/=]{64}/.exec(
          v
            .replace(/^-----BEGIN [A-Z0-9 ]+-----|[A-Z][A-Za-z-]+: [^\n]*/g, '')
            .replace(/\\[rn]|\r?\n[ \t]*|^\s+/g, ''),
        )?.[0] ?? '',
      ) >= 3.5,
  },
  {
    kind: 'AWS access key ID',
    trigger: 'A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|PKA|ROA|SCA|3T[A-Z0-9])',
    body: /(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA|A3T[A-Z0-9])[A-Z0-9]{16}/y,
    mask: 4,
  },
  {
    kind: 'AWS Bedrock API key',
    trigger: 'ABSK',
    body: /ABSK[A-Za-z0-9+/]{109,269}={0,2}/y,
    mask: 4,
    check: random(4),
  },
  {
    kind: 'GitHub token',
    trigger: 'gh[pousr]_',
    body: /gh[pousr]_[A-Za-z0-9]{36,251}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'GitHub fine-grained token',
    trigger: 'github_pat_',
    body: /github_pat_[A-Za-z0-9_]{60,255}/y,
    mask: 11,
    check: random(3.5),
  },
  {
    kind: 'GitLab token',
    trigger: 'gl(?:pat|ptt|dt|rt|cbt|soat|ft|imt|oas|agent|wt|ffct)-',
    // Routable tokens (GitLab 17) end with `.` and a short base-36 checksum.
    body: /gl(?:pat|ptt|dt|rt|cbt|soat|ft|imt|oas|agent|wt|ffct)-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{9})?/y,
    mask: 6,
    check: random(3),
  },
  {
    kind: 'GitLab runner registration token',
    trigger: 'GR1348941',
    body: /GR1348941[A-Za-z0-9_-]{20,}/y,
    mask: 9,
    check: random(3.5),
  },
  {
    kind: 'Slack token',
    trigger: 'xox[abposre][.-]',
    body: /xox[abposre](?:\.xox[bp])?-[A-Za-z0-9-]{10,}/y,
    mask: 5,
    check: random(3),
  },
  {
    kind: 'Slack app token',
    trigger: 'xapp-',
    body: /xapp-[0-9]-[A-Za-z0-9-]{20,}/y,
    mask: 5,
    check: random(3),
  },
  {
    kind: 'Slack webhook',
    trigger: 'hooks\\.slack\\.com/',
    body: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/y,
    mask: 16,
  },
  {
    kind: 'Discord webhook',
    trigger: 'discord(?:app)?\\.com/api/webhooks/',
    body: /discord(?:app)?\.com\/api\/webhooks\/[0-9]{5,30}\/[A-Za-z0-9_-]{40,}/y,
    mask: 11,
  },
  {
    kind: 'Discord bot token',
    // Base64 of a numeric id, a timestamp, an HMAC: `M…24.6c.27c`. The id's digits (0x30 to
    // 0x39) make the first character M, N or O and the second D, T, j or z, which ends the
    // lookahead at the second letter of most words.
    trigger: '[MNO][DTjz](?=[A-Za-z0-9_-]{21,24}\\.[A-Za-z0-9_-]{6}\\.)',
    body: /[MNO][A-Za-z0-9_-]{22,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}/y,
    mask: 0,
    check: discordBotToken,
  },
  {
    kind: 'Anthropic API key',
    trigger: 'sk-ant-',
    body: /sk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{20,}/y,
    mask: 7,
    check: random(3.5),
  },
  {
    kind: 'OpenAI API key',
    trigger: 'sk-(?:proj|svcacct|admin|None)-',
    body: /sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/y,
    mask: 8,
    check: random(3.5),
  },
  {
    kind: 'OpenAI API key',
    trigger: 'sk-',
    body: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/y,
    mask: 3,
  },
  { kind: 'OpenRouter API key', trigger: 'sk-or-v1-', body: /sk-or-v1-[a-f0-9]{64}/y, mask: 9 },
  {
    kind: 'Langfuse secret key',
    trigger: 'sk-lf-',
    body: /sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/y,
    mask: 6,
  },
  {
    kind: 'LLM provider API key',
    trigger: 'sk-',
    body: /sk-[A-Za-z0-9]{32,}/y,
    mask: 3,
    check: random(3.5),
  },
  {
    kind: 'Mapbox secret token',
    trigger: 'sk\\.eyJ',
    body: /sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/y,
    mask: 3,
  },
  {
    kind: 'Stripe secret key',
    trigger: '[sr]k_(?:live|test|prod)_',
    body: /[sr]k_(?:live|test|prod)_[A-Za-z0-9]{20,}/y,
    mask: 8,
    check: random(3.5),
  },
  {
    kind: 'Stripe webhook secret',
    trigger: 'whsec_',
    body: /whsec_[A-Za-z0-9+/=]{24,}/y,
    mask: 6,
    check: random(3.5),
  },
  {
    kind: 'Google API key',
    trigger: 'AIza',
    body: /AIza[0-9A-Za-z_-]{35}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Google OAuth client secret',
    trigger: 'GOCSPX-',
    body: /GOCSPX-[A-Za-z0-9_-]{28}/y,
    mask: 7,
    check: random(3.5),
  },
  {
    kind: 'Google OAuth access token',
    trigger: 'ya29\\.',
    body: /ya29\.[0-9A-Za-z_-]{30,}/y,
    mask: 5,
    check: random(3.5),
  },
  {
    kind: 'Hugging Face token',
    trigger: 'hf_',
    body: /hf_[A-Za-z0-9]{34}/y,
    mask: 3,
    check: mixedCase,
    nameLike: true,
  },
  {
    kind: 'Hugging Face organization token',
    trigger: 'api_org_',
    body: /api_org_[A-Za-z0-9]{34}/y,
    mask: 8,
    check: mixedCase,
    nameLike: true,
  },
  {
    kind: 'npm token',
    trigger: 'npm_',
    body: /npm_[A-Za-z0-9]{36}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    // Macaroons whose location is base64 in the prefix: pypi.org, or test.pypi.org.
    kind: 'PyPI token',
    trigger: 'pypi-AgE',
    body: /pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBp)[A-Za-z0-9_-]{50,}/y,
    mask: 5,
  },
  {
    kind: 'SendGrid API key',
    trigger: 'SG\\.',
    body: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/y,
    mask: 3,
  },
  {
    kind: 'Twilio API key',
    trigger: 'SK[0-9a-f]',
    body: /SK[0-9a-f]{32}/y,
    mask: 2,
    check: random(3),
  },
  {
    kind: 'Mailgun API key',
    trigger: 'key-',
    body: /key-[0-9a-f]{32}/y,
    mask: 4,
    check: random(3),
  },
  {
    kind: 'Mailchimp API key',
    trigger: '-us[0-9]',
    back: 32,
    body: /[0-9a-f]{32}-us[0-9]{1,2}/y,
    mask: 0,
    check: random(3),
  },
  {
    kind: 'Shopify token',
    trigger: 'shp(?:at|ca|pa|ss|ua)_',
    body: /shp(?:at|ca|pa|ss|ua)_[A-Za-z0-9]{32,}/y,
    mask: 6,
    check: random(3.5),
  },
  {
    kind: 'Groq API key',
    trigger: 'gsk_',
    body: /gsk_[A-Za-z0-9]{48,}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Replicate API token',
    trigger: 'r8_',
    body: /r8_[A-Za-z0-9]{37}/y,
    mask: 3,
    check: random(3.5),
  },
  {
    kind: 'xAI API key',
    trigger: 'xai-',
    body: /xai-[A-Za-z0-9]{70,}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Perplexity API key',
    trigger: 'pplx-',
    body: /pplx-[A-Za-z0-9]{40,}/y,
    mask: 5,
    check: random(3.5),
  },
  {
    kind: 'LangSmith API key',
    trigger: 'lsv2_',
    body: /lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}/y,
    mask: 8,
  },
  {
    kind: 'Pinecone API key',
    trigger: 'pcsk_',
    body: /pcsk_[A-Za-z0-9_]{40,}/y,
    mask: 5,
    check: random(3.5),
  },
  {
    kind: 'Tavily API key',
    trigger: 'tvly-',
    body: /tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}/y,
    mask: 5,
    check: random(3.5),
  },
  {
    kind: 'DigitalOcean token',
    trigger: 'do[opr]_v1_',
    body: /do[opr]_v1_[a-f0-9]{64}/y,
    mask: 7,
  },
  {
    kind: 'Databricks token',
    trigger: 'dapi',
    body: /dapi[a-f0-9]{32}(?:-[0-9])?/y,
    mask: 4,
  },
  {
    kind: 'Atlassian API token',
    trigger: 'AT[AC]TT3',
    body: /AT[AC]TT3[A-Za-z0-9_=-]{100,}/y,
    mask: 6,
  },
  {
    kind: 'Docker Hub token',
    trigger: 'dckr_pat_',
    body: /dckr_pat_[A-Za-z0-9_-]{27,}/y,
    mask: 9,
    check: random(3.5),
  },
  {
    kind: 'Postman API key',
    trigger: 'PMAK-',
    body: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}/y,
    mask: 5,
  },
  { kind: 'Linear API key', trigger: 'lin_api_', body: /lin_api_[A-Za-z0-9]{40}/y, mask: 8 },
  {
    kind: 'Notion token',
    trigger: 'ntn_',
    body: /ntn_[A-Za-z0-9]{40,}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Figma token',
    trigger: 'figd_',
    body: /figd_[A-Za-z0-9_-]{40,}/y,
    mask: 5,
    check: random(3.5),
  },
  { kind: 'New Relic key', trigger: 'NRAK-', body: /NRAK-[A-Z0-9]{27}/y, mask: 5 },
  {
    kind: 'Sentry token',
    trigger: 'sntry[su]_',
    body: /sntry[su]_[A-Za-z0-9+/=_-]{40,}/y,
    mask: 7,
  },
  {
    kind: 'Grafana token',
    trigger: 'gl(?:sa|c)_',
    body: /gl(?:sa|c)_[A-Za-z0-9+/=_-]{32,}/y,
    mask: 5,
    check: random(3.5),
  },
  {
    kind: 'Doppler token',
    trigger: 'dp\\.',
    body: /dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/y,
    mask: 6,
  },
  {
    kind: 'age secret key',
    trigger: 'AGE-SECRET-KEY-1',
    body: /AGE-SECRET-KEY-1[0-9A-Z]{58}/y,
    mask: 16,
    // Its prefix spells `secret`: the test of a token that describes itself reads past it.
    check: (v) => random(3)(v.slice(16)),
  },
  {
    kind: 'HashiCorp Vault token',
    trigger: 'hv[sb]\\.',
    body: /hv[sb]\.[A-Za-z0-9_-]{24,}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Terraform Cloud token',
    trigger: 'atlasv1\\.',
    back: 15,
    body: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/y,
    mask: 0,
    check: random(3.5),
  },
  {
    kind: 'Facebook access token',
    trigger: 'EAA',
    body: /EAA[A-Za-z0-9]{90,}/y,
    mask: 3,
    check: random(4),
  },
  {
    kind: 'Square token',
    trigger: 'sq0(?:atp|csp)-',
    body: /sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}/y,
    mask: 7,
  },
  {
    kind: 'Azure storage account key',
    trigger: 'AccountKey=',
    body: /AccountKey=[A-Za-z0-9+/]{86}==/y,
    mask: 11,
  },
  {
    // `abc8Q~` then 31 to 34 more: three characters, a digit and `Q~` (Entra ID app secrets).
    kind: 'Azure AD client secret',
    trigger: 'Q~',
    back: 4,
    midWord: true,
    body: /[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}/y,
    mask: 0,
    check: random(3.5),
  },
  {
    kind: 'Sourcegraph access token',
    trigger: 'sg[ps]_',
    body: /sg[ps]_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40,64}/y,
    mask: 4,
    check: random(3),
  },
  {
    kind: 'Fly.io token',
    trigger: 'f(?:o1|m1[ar]|m2)_',
    // Macaroon tokens come as a comma-separated list after `FlyV1 `: one secret.
    body: /fo1_[A-Za-z0-9_-]{43}|fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3}(?:,fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3})*/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: '1Password service account token',
    trigger: 'ops_eyJ',
    body: /ops_eyJ[A-Za-z0-9+/_-]{100,}={0,3}/y,
    mask: 7,
    check: random(4),
  },
  {
    kind: '1Password secret key',
    trigger: 'A3-',
    body: /A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}/y,
    mask: 3,
  },
  {
    kind: 'Heroku API key',
    trigger: 'HRKU-AA',
    body: /HRKU-AA[A-Za-z0-9_-]{58}/y,
    mask: 7,
    check: random(3.5),
  },
  {
    kind: 'Artifactory API key',
    trigger: 'AKCp',
    body: /AKCp[A-Za-z0-9]{69}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Alibaba Cloud access key ID',
    trigger: 'LTAI',
    body: /LTAI[A-Za-z0-9]{20}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Supabase key',
    trigger: 'sb(?:p|_secret)_',
    body: /sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,}/y,
    mask: 4,
    check: (v) => random(3.5)(v.replace(/^sb_secret_/, '')),
  },
  {
    kind: 'PlanetScale token',
    trigger: 'pscale_(?:tkn|pw|oauth)_',
    body: /pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}/y,
    mask: 11,
  },
  { kind: 'Pulumi access token', trigger: 'pul-', body: /pul-[a-f0-9]{40}/y, mask: 4 },
  {
    kind: 'Prefect API key',
    trigger: 'pnu_',
    body: /pnu_[A-Za-z0-9]{36}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'RubyGems API key',
    trigger: 'rubygems_',
    body: /rubygems_[a-f0-9]{48}/y,
    mask: 9,
  },
  {
    kind: 'Dynatrace token',
    trigger: 'dt0c01\\.',
    body: /dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}/y,
    mask: 7,
  },
  {
    kind: 'Brevo API key',
    trigger: 'x(?:keysib|smtpsib)-',
    body: /x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}/y,
    mask: 8,
  },
  {
    kind: 'OpenShift user token',
    trigger: 'sha256~',
    body: /sha256~[A-Za-z0-9_-]{43}/y,
    mask: 7,
    check: random(3.5),
  },
  {
    kind: 'X bearer token',
    trigger: 'AA{21}',
    body: /A{22}[A-Za-z0-9%]{80,100}/y,
    mask: 0,
    check: (v) => random(3.5)(v.slice(22)),
  },
  {
    kind: 'JSON Web Token',
    trigger: 'eyJ',
    // Unsigned tokens (`"alg":"none"`) have an empty signature after the second dot.
    body: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/y,
    mask: 3,
    check: (v) => {
      const [header, payload] = v.split('.');
      return (
        isJsonObject(decodeBase64Url(header!), 'alg') && isJsonObject(decodeBase64Url(payload!))
      );
    },
  },
  {
    kind: 'bearer token',
    trigger: 'Bearer ',
    // RFC 6750's b64token.
    body: /Bearer [A-Za-z0-9._~+/_-]{20,}=*/y,
    mask: 7,
    // A known token (a JWT, `ghp_…`) is reported as itself, whatever scheme it is sent with.
    check: (v) =>
      !secretAt(v, 7, true) && random(3.5)(v.slice(7)) && /[0-9]/.test(v) && /[A-Za-z]/.test(v),
  },
  {
    kind: 'basic auth credentials',
    trigger: 'Basic ',
    body: /Basic [A-Za-z0-9+/]{8,}={0,2}/y,
    mask: 6,
    check: (v) => basicCredentials(v.slice(6)),
  },
];

/** `Basic <base64 of user:password>` with a password that is not a placeholder. */
function basicCredentials(base64: string): boolean {
  // `Basic eyJ…` is a JSON Web Token sent with the wrong scheme: the JWT rule reports it.
  if (base64.startsWith('eyJ')) return false;
  const decoded = Buffer.from(base64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return (
    /^[\x21-\x7e]+:[\x20-\x7e]+$/.test(decoded) &&
    realCredentials(decoded.slice(0, colon), decoded.slice(colon + 1))
  );
}

function isJsonObject(text: string | null, key?: string): boolean {
  if (text === null || !text.startsWith('{')) return false;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && (key === undefined || key in value);
  } catch {
    return false;
  }
}

/** Files named after what they hold: `ghp_….txt`, `hf_….png` are file names, not tokens. */
const FILE_EXTENSION =
  /\.(?:png|jpe?g|gif|svg|webp|ico|bmp|pdf|txt|md|csv|log|json|ya?ml|xml|html?|js|ts|py|zip|gz|tar|mp[34]|wav|docx?|xlsx?)(?![A-Za-z0-9])/y;

/** The prefixed token starting at `start`, or null. */
function tokenAt(text: string, at: number, rule: SecretRule): SecretMatch | null {
  const start = at - (rule.back ?? 0);
  // A marker inside a token needs the whole token: it starts where token characters do.
  if (rule.back && (start < 0 || is(text, start - 1, TOKEN))) return null;
  rule.body.lastIndex = start;
  const m = rule.body.exec(text);
  if (!m) return null;
  const end = start + m[0].length;
  if (rule.kind !== 'private key') {
    // A token followed by more token characters is something longer, not this token.
    if (is(text, end, TOKEN)) return null;
    FILE_EXTENSION.lastIndex = end;
    if (FILE_EXTENSION.test(text)) return null;
    if (rule.nameLike && text[end] === ':' && /[A-Za-z(]/.test(text[end + 1] ?? '')) return null;
  }
  if (!(rule.check ?? random(3))(m[0])) return null;
  return { start, end, kind: rule.kind, mask: rule.mask };
}

/** Placeholders, also cut short at a quote or space: `<YOUR`, `${VAR:=…`, `{Key`, `%(key`. */
const PLACEHOLDER_START = /^(?:<|\$\{|\{|%\(|%[sd]$|\$[A-Za-z_]|\[\[|\(\()/;
const PLACEHOLDER =
  /^(?:\*+|x+|\.+|-+|#+|null|none|nil|true|false|undefined|string|str|bool|int|number|required|optional|redacted|hidden|masked|empty|changeme|change_?me|replace_?me|placeholder|dummy|sample|test|example|foo|bar|baz|qux|pass(?:word|wd)?|passw0rd|pwd|secret|s3cr3t|admin|root|guest|demo|(?:my|your)_?(?:pass(?:word)?|secret|token|key)|your[_-].*|.*[_-]here|env\(.*|process\.env.*|os\.environ.*|import\.meta\.env.*)[0-9!]*$/i;

/**
 * Documentation writes what a value is instead of one: `personal-access-token123`,
 * `my-secret-password`, `user:password`, an environment variable's name, `${…}` interpolation.
 * A generated credential does not spell these words.
 */
const DESCRIBES_ITSELF =
  /token|secret|passw|api_?key|changeme|example|sample|dummy|placeholder|redacted|\$\{|…|\.\.\.|(.)\1{5}/i;
/** A file that holds the secret is named, not the secret: `/path/to/key.json`, `./creds`. */
const PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|\.(?:json|ya?ml|pem|key|txt|env|p12|pfx|crt)$/;
const ENVIRONMENT_VARIABLE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** PLACEHOLDER and DESCRIBES_ITSELF without the `i` flag, for ASCII values in lower case. */
const PLACEHOLDER_LOWER = new RegExp(PLACEHOLDER.source);
const DESCRIBES_ITSELF_LOWER = new RegExp(DESCRIBES_ITSELF.source);

function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_START.test(value) || ENVIRONMENT_VARIABLE.test(value) || PATH.test(value))
    return true;
  if (NON_ASCII.test(value)) return PLACEHOLDER.test(value) || DESCRIBES_ITSELF.test(value);
  // The same tests on ASCII lower-cased, without the flag: under `i`, the backreference of
  // `(.)\1{5}` costs ten times more (5.7 µs against 0.5 on a 60-character token).
  const lower = value.toLowerCase();
  return PLACEHOLDER_LOWER.test(lower) || DESCRIBES_ITSELF_LOWER.test(lower);
}

/**
 * A user and password that are real: `user:user`, `user:password`, `<user>:<password>` and
 * `$USER:$PASS` are documentation, not credentials.
 */
function realCredentials(user: string, password: string): boolean {
  return password !== '' && password !== user && !isPlaceholder(password);
}

/** Where the userinfo of a URL cannot reach back past: white space, `/`, `@`, quotes, `<`, `>`. */
function endsUserinfo(text: string, i: number): boolean {
  return text.charCodeAt(i) < 128 ? is(text, i, USERINFO_END) : /\s/.test(text[i]!);
}

/**
 * The `user:password` of a URL before the `@` at `at` (`https://user:pass@host`), or null.
 * `secret` says whether the password is a real one; either way, it is not an email address.
 */
export function urlUserinfoAt(
  text: string,
  at: number,
): { match: SecretMatch; secret: boolean } | null {
  let start = at;
  while (start > 0 && at - start < 256 && !endsUserinfo(text, start - 1)) start--;
  if (!text.startsWith('://', start - 3)) return null;
  const colon = text.indexOf(':', start);
  if (colon === -1 || colon >= at) return null;
  return {
    match: { start, end: at, kind: 'credentials in a URL', mask: 0 },
    secret: realCredentials(text.slice(start, colon), text.slice(colon + 1, at)),
  };
}

/** `curl -u user:password` (or `--user`), on the command's line or its continuation lines. */
function curlUserAt(text: string, at: number): SecretMatch | null {
  if (at === 0 || !/\s/.test(text[at - 1]!)) return null;
  // The command starts on this line or on a line that a backslash continues.
  let lineStart = at;
  while (lineStart > 0 && at - lineStart < 400) {
    if (text[lineStart - 1] === '\n' && !/\\\r?$/.test(text.slice(lineStart - 3, lineStart - 1)))
      break;
    lineStart--;
  }
  if (!/\bcurl\b/.test(text.slice(lineStart, at))) return null;
  let start = at + (text[at + 1] === '-' ? 6 : 2);
  while (text[start] === ' ' || text[start] === '=') start++;
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : '';
  if (quote) start++;
  const m = /([^\s:'"`]{1,100}):([^\s'"`]{1,200})/y;
  m.lastIndex = start;
  const creds = m.exec(text);
  if (!creds || !realCredentials(creds[1]!, creds[2]!)) return null;
  return { start, end: start + creds[0].length, kind: 'credentials in a curl command', mask: 0 };
}

/**
 * `Authorization: Token …`, `Authorization: Bearer …` and other schemes with a real value
 * (a header in a request, a log line, a curl command). A known token in it is reported as
 * that token; `Basic` as its credentials.
 */
function authorizationAt(text: string, at: number): SecretMatch | null {
  const header = /[Aa]uthorization["']?\s*[:=]\s*["']?(?:([A-Za-z][A-Za-z0-9-]{1,20}) +)?/y;
  header.lastIndex = at;
  const h = header.exec(text);
  if (!h) return null;
  const start = at + h[0].length;
  const scheme = h[1]?.toLowerCase();
  if (scheme === 'basic' || scheme === 'digest' || scheme === 'negotiate') {
    return scheme === 'basic' ? secretAt(text, at + h[0].lastIndexOf(h[1]!), true) : null;
  }
  const known = secretAt(text, start, true);
  if (known) return known;
  const value = /[A-Za-z0-9._~+/=_-]{16,500}/y;
  value.lastIndex = start;
  const v = value.exec(text)?.[0];
  if (!v || is(text, start + v.length, TOKEN) || isPlaceholder(v) || !random(3)(v)) return null;
  if (scheme === 'ssws' && /^00[A-Za-z0-9_-]{40}$/.test(v))
    return { start, end: start + v.length, kind: 'Okta API token', mask: 2 };
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((k) => k.test(v)).length;
  if (kinds < 2) return null;
  return { start, end: start + v.length, kind: 'token in an Authorization header', mask: 0 };
}

const PASSWORD_IN_PROSE =
  /[Pp]ass(?:word|code|phrase) (?:is|was set to|:) ?["'“]?([^\s"'”,;]{6,64})/y;

/** `Your temporary password is Tr0ub4dor&3`: a credential a chatbot should never say. */
function passwordInProseAt(text: string, start: number): SecretMatch | null {
  PASSWORD_IN_PROSE.lastIndex = start;
  const m = PASSWORD_IN_PROSE.exec(text);
  if (!m) return null;
  const value = m[1]!.replace(/[.!?)]+$/, '');
  if (!looksLikePassword(value, 6)) return null;
  const at = start + m[0].length - m[1]!.length;
  return { start: at, end: at + value.length, kind: 'password in text', mask: 0 };
}

const CONTEXT_RULES: ContextRule[] = [
  { trigger: '[Pp]ass(?:word|code|phrase) ', find: passwordInProseAt },
  { trigger: '[Aa]uthorization', find: authorizationAt },
  { trigger: '-(?:u |-user[ =])', find: curlUserAt },
];

/** The characters a trigger can start with: its first literal, escape or class. */
function firstChars(trigger: string): string {
  const klass = /^\[([^\]]+)\]/.exec(trigger);
  if (!klass) return trigger[0] === '\\' ? trigger[1]! : trigger[0]!;
  return klass[1]!.replace(/(.)-(.)/g, (_, a: string, b: string) => {
    let s = '';
    for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) s += String.fromCharCode(c);
    return s;
  });
}

/** Rules by the character code their trigger starts with: a match tries only its own. */
const BY_FIRST: (SecretRule | ContextRule)[][] = Array.from({ length: 128 }, () => []);
for (const rule of [...CONTEXT_RULES, ...RULES]) {
  for (const c of firstChars(rule.trigger)) BY_FIRST[c.charCodeAt(0)]!.push(rule);
}

/** Whether a rule's trigger begins a word (`\b` before it): not a marker inside a token, nor punctuation. */
function wordStart(rule: SecretRule | ContextRule): boolean {
  return !('midWord' in rule && rule.midWord) && /^[A-Za-z0-9_[]/.test(rule.trigger);
}

/**
 * Where any rule may match, tried at one position: the triggers of every rule, those that start
 * a word after `\b` and grouped by their first letter (`A(?:KIA|Iza|…)`), so the engine
 * tries one alternative per letter. Markers inside a word (`8Q~`) and triggers that start
 * with punctuation (`-----BEGIN `) go without the word boundary, grouped alike.
 */
export const SECRET_TRIGGER = (() => {
  const classes: string[] = [];
  const words = new Map<string, Set<string>>();
  const loose = new Map<string, Set<string>>();
  const add = (groups: Map<string, Set<string>>, first: string, rest: string) =>
    groups.set(first, (groups.get(first) ?? new Set<string>()).add(rest));
  for (const rule of [...CONTEXT_RULES, ...RULES]) {
    const t = rule.trigger;
    const inWord = !wordStart(rule);
    if (!inWord && t.startsWith('[')) classes.push(t);
    else add(inWord ? loose : words, t[0]!, t.slice(1));
  }
  // A trigger starting with a class (`[Pp]ass…`) joins the group of each of its letters, last:
  // measured, V8 scans about a fifth faster with no alternative outside the letter groups.
  for (const t of classes)
    for (const c of firstChars(t)) add(words, c, t.slice(t.indexOf(']') + 1));
  const alternatives = (groups: Map<string, Set<string>>) =>
    [...groups].map(([c, rests]) =>
      rests.size === 1 ? c + [...rests][0]! : `${c}(?:${[...rests].join('|')})`,
    );
  const bounded = alternatives(words).join('|');
  // Measured: V8 scans faster with the few loose alternatives first.
  return new RegExp(`${alternatives(loose).join('|')}|\\b(?:${bounded})`, 'y');
})();

/** Where SECRET_TRIGGER may match: positions whose first three characters begin a trigger. */
const TRIGGER_STARTS = new TrigramFilter(
  [...CONTEXT_RULES, ...RULES].map((rule) => ({
    pattern: rule.trigger,
    wordStart: wordStart(rule),
  })),
);

/**
 * Every secret a trigger leads to, in order: what a global scan with SECRET_TRIGGER finds,
 * going on after each secret or, where none was found, after the trigger. The positions to
 * try come from the trigram prefilter instead of the scan.
 */
export function secretsIn(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  let next = 0;
  for (const at of TRIGGER_STARTS.starts(text)) {
    if (at < next) continue;
    SECRET_TRIGGER.lastIndex = at;
    if (!SECRET_TRIGGER.test(text)) continue;
    const secret = secretAt(text, at);
    next = secret ? secret.end : SECRET_TRIGGER.lastIndex;
    if (secret) found.push(secret);
  }
  return found;
}

/**
 * The secret found where SECRET_TRIGGER matched (`at`), or null. With `tokensOnly`, only a
 * prefixed token: what a context rule calls, so it never calls itself.
 */
export function secretAt(text: string, at: number, tokensOnly = false): SecretMatch | null {
  for (const rule of BY_FIRST[text.charCodeAt(at)] ?? []) {
    const found =
      'find' in rule ? (tokensOnly ? null : rule.find(text, at)) : tokenAt(text, at, rule);
    if (found) return found;
  }
  return null;
}

/** Names whose value is a credential: `password: …`, `api_key = "…"`, `"client_secret": "…"`. */
const SECRET_NAME =
  /(?:^|[^a-z])(?:pass(?:word|wd|phrase)?|pwd|secret|token|auth|api[_-]?key|apikey|(?:access|private|secret|signing|encryption|master|auth)[_-]?key|client[_-]?secret|credentials?)$/;
/**
 * Names that mention a secret but hold something else: `token_type`, `password_url`, a
 * CSRF token (it protects a form, not a person), a page token (a cursor).
 */
const NOT_A_SECRET_NAME =
  /(?:type|url|uri|path|file|name|id|length|count|limit|expir\w*|reset|hint|policy|field|label)$|csrf|xsrf|authenticity|verification|(?:page|next|continuation|sync|resume|cancellation)_token/;

/**
 * Vendors' keys that have no prefix of their own: recognised by the vendor's name in the key
 * name and the key's documented shape.
 */
const VENDOR_KEYS: { name: RegExp; value: RegExp; kind: string; mask: number }[] = [
  { name: /okta/, value: /^00[A-Za-z0-9_=-]{40}$/, kind: 'Okta API token', mask: 2 },
  // 64 random bytes in base64 under a name that says key (`key: …`, `storage_key=…`).
  {
    name: /(?:^|_)key$/,
    value: /^[A-Za-z0-9+/]{86}==$/,
    kind: 'Azure storage account key',
    mask: 0,
  },
  { name: /sumo/, value: /^su[A-Za-z0-9]{12}$/, kind: 'Sumo Logic access ID', mask: 2 },
  { name: /sumo/, value: /^[A-Za-z0-9]{64}$/, kind: 'Sumo Logic access key', mask: 0 },
  {
    name: /facebook|(?:^|_)fb(?:_|$)/,
    value: /^[0-9a-f]{32}$/,
    kind: 'Facebook app secret',
    mask: 0,
  },
];

/** Words that SECRET_NAME and VENDOR_KEYS need, in any case: a name without one is not theirs. */
const NAME_WORDS = 'pass pwd secret token auth key cred okta sumo fb facebook'.split(' ');
const MAY_NAME_A_SECRET = new RegExp(NAME_WORDS.join('|'), 'i');

/**
 * A `:` or `=` that assignedSecretAt may accept, for scanText's trigger: one of NAME_WORDS, in
 * any case, in the last 40 characters of the name before it (a longer word ends at most 38
 * before the name does), then quotes and spaces, and the `:` or `?` of `:=` and `?=`. A
 * superset of what passes assignedSecretAt's first test, as a lookbehind read only at a `:`
 * or `=`: 8 MB of dense text has 62k of them, 2k after such a name.
 */
const anyCase = (word: string) => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
export const ASSIGNMENT_TRIGGER = String.raw`[:=](?<=(?:${NAME_WORDS.map(anyCase).join('|')})[A-Za-z0-9_.-]{0,38}["' ]*[?:]{0,2}[:=])`;

/** `oktaApiToken` → `okta_api_token`, `APIKey` → `api_key`: one spelling for every style. */
function snakeCase(name: string): string {
  if (!/[A-Z-]/.test(name)) return name; // names are ASCII: nothing to change
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/**
 * An unquoted value that is code, not a literal: a call, an index, a selector part
 * (`completion:`), a cast, or a name (`passwordField.text`, `accessToken`) made of letters
 * alone, which a generated credential seldom is.
 */
function isCode(value: string): boolean {
  return /[()[\]{}]|->|:$/.test(value) || /^[A-Za-z_$][A-Za-z_$.]*$/.test(value);
}

/**
 * A credential assigned to a secret-sounding name at `sep` (a `:` or `=`, also in `:=`,
 * `?=` and `=>`), or null. The value must look random: placeholders, type names and code
 * are not secrets.
 */
export function assignedSecretAt(text: string, sep: number): SecretMatch | null {
  let k = sep - 1;
  let valueStart = sep + 1;
  if (text[sep] === ':' && (text[sep + 1] === '=' || text[sep + 1] === ':')) return null;
  if (text[sep] === '=') {
    if (text[sep + 1] === '=') return null; // a comparison
    if (text[sep + 1] === '>') valueStart++; // `'password' => '…'`
    if (text[k] === '?' || text[k] === ':') k--; // `?=` (Make), `:=` (Go, Make)
    if (text[k] === ':') k--; // `::=`
  }
  while (k >= 0 && (text[k] === '"' || text[k] === "'" || text[k] === ' ')) k--;
  const nameEnd = k + 1;
  while (k >= 0 && nameEnd - k <= 40 && is(text, k, NAME)) k--;
  // `${API_TOKEN:=…}` is a shell default, written where the real value is not.
  if (text[k] === '{' && text[k - 1] === '$') return null;
  const raw = text.slice(k + 1, nameEnd);
  // Most names before a `:` or `=` mention no secret: one cheap test rejects them.
  if (!MAY_NAME_A_SECRET.test(raw)) return null;
  const name = snakeCase(raw);

  let start = valueStart;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
  if (text[start] === '@' && text[start + 1] === '"') start++; // an Objective-C string
  const quote =
    text[start] === '"' || text[start] === "'" || text[start] === '`' ? text[start] : '';
  let end: number;
  if (quote) {
    start++;
    end = start;
    while (end < text.length && end - start <= 200 && text[end] !== quote && text[end] !== '\n')
      end++;
    if (text[end] !== quote) return null;
  } else {
    end = start;
    while (
      end < text.length &&
      end - start <= 200 &&
      !is(text, end, VALUE_END) &&
      text[end] !== '&'
    )
      end++;
  }
  const value = text.slice(start, end);
  const vendor = VENDOR_KEYS.find(
    (v) => v.name.test(name) && v.value.test(value) && random(3)(value),
  );
  if (vendor) return { start, end, kind: vendor.kind, mask: vendor.mask };

  if (!SECRET_NAME.test(name) || NOT_A_SECRET_NAME.test(name)) return null;
  // `pass: Criteria` is the pass/fail kind of pass unless the value is a quoted literal.
  if (name === 'pass' && !quote) return null;
  // Coverage badges carry a public graph token: `badge.svg?token=…`.
  if (/\.svg\?$/.test(text.slice(k - 4, k + 1))) return null;
  // A quoted value with spaces is a sentence (`"Passwords must be long"`), not a credential.
  if (/\s/.test(value) || (!quote && isCode(value)) || !looksLikePassword(value, 8)) return null;
  return { start, end, kind: 'credential assigned to a secret name', mask: 0 };
}

/**
 * A value someone chose or generated as a credential: long enough, not a placeholder, and
 * of at least two kinds of characters among lower case, upper case, digits and symbols
 * (hyphens and dots join words, so `case-sensitive` is one kind).
 */
function looksLikePassword(value: string, min: number): boolean {
  if (value.length < min || value.length > 200 || isPlaceholder(value)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9.-]/].filter((k) => k.test(value));
  return kinds.length >= 2 && entropy(value) >= 2.5;
}
