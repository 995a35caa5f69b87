import { NAME, TOKEN, VALUE_END, is } from './chars.js';
import { decodeBase64Url, entropy } from './validate.js';

/**
 * Secrets recognised by a documented prefix or structure. `body` is matched at the
 * prefix's position (sticky); `mask` is how many leading characters a preview may show.
 */
interface SecretRule {
  kind: string;
  body: RegExp;
  mask: number;
  /** Extra check of the whole match beyond its shape. */
  check?: (value: string) => boolean;
}

/** Random tokens have several bits of entropy per character; `sk-xxxxxxxx` placeholders do not. */
const random = (min: number) => (value: string) => entropy(value) >= min;

const RULES: SecretRule[] = [
  {
    kind: 'private key',
    // The body stops at the next BEGIN too, so repeated headers are each scanned once.
    body: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----(?:END|BEGIN) )[\s\S]){0,20000}(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)?/y,
    mask: 40,
    // A real block holds base64 key material, also with its line breaks escaped as in a
    // service account's JSON; a documentation stub holds "..." or nothing.
    check: (v) =>
      (v
        .replace(
          /^-----BEGIN [A-Z0-9 ]+-----|-----END [A-Z0-9 ]+-----$|[A-Z][A-Za-z-]+: [^\n]*/g,
          '',
        )
        .replace(/\\n/g, '')
        .match(/[A-Za-z0-9+/=]/g)?.length ?? 0) >= 64,
  },
  {
    kind: 'AWS access key ID',
    body: /(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA|A3T[A-Z0-9])[A-Z0-9]{16}/y,
    mask: 4,
  },
  { kind: 'GitHub token', body: /gh[pousr]_[A-Za-z0-9]{36,251}/y, mask: 4, check: random(3.5) },
  {
    kind: 'GitHub fine-grained token',
    body: /github_pat_[A-Za-z0-9_]{60,255}/y,
    mask: 11,
    check: random(3.5),
  },
  {
    kind: 'GitLab token',
    body: /gl(?:pat|ptt|dt|rt|cbt|soat|ft|imt|oas)-[A-Za-z0-9_-]{20,}/y,
    mask: 6,
    check: random(3),
  },
  { kind: 'Slack token', body: /xox[abposre]-[A-Za-z0-9-]{10,}/y, mask: 5, check: random(3) },
  { kind: 'Slack app token', body: /xapp-[0-9]-[A-Za-z0-9-]{20,}/y, mask: 5, check: random(3) },
  {
    kind: 'Slack webhook',
    body: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/y,
    mask: 16,
  },
  {
    kind: 'Discord webhook',
    body: /discord(?:app)?\.com\/api\/webhooks\/[0-9]{5,30}\/[A-Za-z0-9_-]{40,}/y,
    mask: 11,
  },
  {
    kind: 'Anthropic API key',
    body: /sk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{20,}/y,
    mask: 7,
    check: random(3.5),
  },
  {
    kind: 'OpenAI API key',
    body: /sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/y,
    mask: 8,
    check: random(3.5),
  },
  { kind: 'OpenAI API key', body: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/y, mask: 3 },
  { kind: 'OpenRouter API key', body: /sk-or-v1-[a-f0-9]{64}/y, mask: 9 },
  { kind: 'LLM provider API key', body: /sk-[A-Za-z0-9]{32,}/y, mask: 3, check: random(3.5) },
  {
    kind: 'Stripe secret key',
    body: /(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}/y,
    mask: 8,
    check: random(3.5),
  },
  {
    kind: 'Stripe webhook secret',
    body: /whsec_[A-Za-z0-9+/=]{24,}/y,
    mask: 6,
    check: random(3.5),
  },
  { kind: 'Google API key', body: /AIza[0-9A-Za-z_-]{35}/y, mask: 4 },
  { kind: 'Google OAuth client secret', body: /GOCSPX-[A-Za-z0-9_-]{28}/y, mask: 7 },
  {
    kind: 'Google OAuth access token',
    body: /ya29\.[0-9A-Za-z_-]{30,}/y,
    mask: 5,
    check: random(3.5),
  },
  { kind: 'Hugging Face token', body: /hf_[A-Za-z0-9]{30,}/y, mask: 3, check: random(3.5) },
  { kind: 'npm token', body: /npm_[A-Za-z0-9]{36}/y, mask: 4, check: random(3.5) },
  { kind: 'PyPI token', body: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/y, mask: 5 },
  { kind: 'SendGrid API key', body: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/y, mask: 3 },
  { kind: 'Twilio API key', body: /SK[0-9a-f]{32}/y, mask: 2, check: random(3) },
  { kind: 'Mailgun API key', body: /key-[0-9a-f]{32}/y, mask: 4, check: random(3) },
  { kind: 'Shopify token', body: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/y, mask: 6 },
  { kind: 'Groq API key', body: /gsk_[A-Za-z0-9]{48,}/y, mask: 4, check: random(3.5) },
  { kind: 'Replicate API token', body: /r8_[A-Za-z0-9]{37}/y, mask: 3, check: random(3.5) },
  { kind: 'xAI API key', body: /xai-[A-Za-z0-9]{70,}/y, mask: 4, check: random(3.5) },
  { kind: 'Perplexity API key', body: /pplx-[A-Za-z0-9]{40,}/y, mask: 5, check: random(3.5) },
  { kind: 'DigitalOcean token', body: /do[opr]_v1_[a-f0-9]{64}/y, mask: 7 },
  { kind: 'Databricks token', body: /dapi[a-f0-9]{32}(?:-[0-9])?/y, mask: 4 },
  { kind: 'Atlassian API token', body: /ATATT3[A-Za-z0-9_=-]{100,}/y, mask: 6 },
  { kind: 'Docker Hub token', body: /dckr_pat_[A-Za-z0-9_-]{27,}/y, mask: 9, check: random(3.5) },
  { kind: 'Postman API key', body: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}/y, mask: 5 },
  { kind: 'Linear API key', body: /lin_api_[A-Za-z0-9]{40}/y, mask: 8 },
  { kind: 'Notion token', body: /ntn_[A-Za-z0-9]{40,}/y, mask: 4, check: random(3.5) },
  { kind: 'Figma token', body: /figd_[A-Za-z0-9_-]{40,}/y, mask: 5, check: random(3.5) },
  { kind: 'New Relic key', body: /NRAK-[A-Z0-9]{27}/y, mask: 5 },
  { kind: 'Sentry token', body: /sntry[su]_[A-Za-z0-9+/=_-]{40,}/y, mask: 7 },
  { kind: 'Grafana token', body: /gl(?:sa|c)_[A-Za-z0-9+/=_-]{32,}/y, mask: 5, check: random(3.5) },
  { kind: 'Doppler token', body: /dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/y, mask: 6 },
  { kind: 'age secret key', body: /AGE-SECRET-KEY-1[0-9A-Z]{58}/y, mask: 16 },
  {
    kind: 'HashiCorp Vault token',
    body: /hv[sb]\.[A-Za-z0-9_-]{24,}/y,
    mask: 4,
    check: random(3.5),
  },
  {
    kind: 'Facebook access token',
    body: /EAA[A-Za-z0-9]{90,}/y,
    mask: 3,
    check: random(4),
  },
  { kind: 'Square token', body: /sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}/y, mask: 7 },
  { kind: 'Azure storage account key', body: /AccountKey=[A-Za-z0-9+/]{86}==/y, mask: 11 },
  {
    kind: 'JSON Web Token',
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
    body: /Bearer [A-Za-z0-9._~+/-]{20,}=*/y,
    mask: 7,
    check: (v) => random(3.5)(v.slice(7)) && /[0-9]/.test(v) && /[A-Za-z]/.test(v),
  },
  {
    kind: 'basic auth credentials',
    body: /Basic [A-Za-z0-9+/]{8,}={0,2}/y,
    mask: 6,
    check: (v) => {
      const decoded = Buffer.from(v.slice(6), 'base64').toString('utf8');
      return /^[\x21-\x7e]+:[\x20-\x7e]+$/.test(decoded);
    },
  },
];

function isJsonObject(text: string | null, key?: string): boolean {
  if (text === null || !text.startsWith('{')) return false;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && (key === undefined || key in value);
  } catch {
    return false;
  }
}

/** Literal starts of every rule: one linear scan finds where a rule may match. */
export const SECRET_TRIGGER =
  /-----BEGIN |\b(?:A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|PKA|ROA|SCA|3T[A-Z0-9]|Iza|TATT3|ccountKey=)|g(?:h[pousr]_|ithub_pat_|l(?:pat|ptt|dt|rt|cbt|soat|ft|imt|oas)-|sk_)|xox[abposre]-|xapp-|hooks\.slack\.com\/|discord(?:app)?\.com\/api\/webhooks\/|sk-|[sr]k_(?:live|test)_|whsec_|GOCSPX-|ya29\.|hf_|npm_|pypi-|SG\.|SK[0-9a-f]|key-|shp(?:at|ca|pa|ss)_|r8_|xai-|pplx-|do[opr]_v1_|dapi|hv[sb]\.|sq0|EAA|eyJ|Bearer |Basic |[Pp]ass(?:word|code|phrase) |dckr_pat_|PMAK-|lin_api_|ntn_|figd_|NRAK-|sntry[su]_|gl(?:sa|c)_|dp\.|AGE-SECRET-KEY-1)/g;

export interface SecretMatch {
  start: number;
  end: number;
  kind: string;
  mask: number;
}

/** The secret starting at `start` (where SECRET_TRIGGER matched), or null. */
export function secretAt(text: string, start: number): SecretMatch | null {
  if ((text[start] === 'P' || text[start] === 'p') && text.startsWith('ass', start + 1))
    return passwordInProseAt(text, start);
  for (const rule of RULES) {
    rule.body.lastIndex = start;
    const m = rule.body.exec(text);
    if (!m) continue;
    const end = start + m[0].length;
    // A token followed by more token characters is something longer, not this token.
    if (rule.kind !== 'private key' && is(text, end, TOKEN)) continue;
    if (rule.check && !rule.check(m[0])) continue;
    return { start, end, kind: rule.kind, mask: rule.mask };
  }
  return null;
}

/** Names whose value is a credential: `password: …`, `api_key = "…"`, `"client_secret": "…"`. */
const SECRET_NAME =
  /(?:^|[^a-z])(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|(?:access|private|secret|signing|encryption|master|auth)[_-]?key|client[_-]?secret|credentials?)$/;
/** Names that mention a secret but hold something else: `token_type`, `password_url`. */
const NOT_A_SECRET_NAME =
  /(?:type|url|uri|path|file|name|id|length|count|expir\w*|reset|hint|policy|field|label)$/;
const PLACEHOLDER =
  /^(?:<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s?|\*+|x+|\.+|null|none|nil|true|false|undefined|string|str|bool|int|number|required|optional|redacted|changeme|password|secret|example|your[_-].*|.*[_-]here|env\(.*|process\.env.*|os\.environ.*)$/i;

/**
 * A credential assigned to a secret-sounding name at `sep` (a `:` or `=`), or null.
 * The value must look random: placeholders and type names are not secrets.
 */
export function assignedSecretAt(text: string, sep: number): SecretMatch | null {
  let k = sep - 1;
  while (k >= 0 && (text[k] === '"' || text[k] === "'" || text[k] === ' ')) k--;
  const nameEnd = k + 1;
  while (k >= 0 && nameEnd - k <= 40 && is(text, k, NAME)) k--;
  const name = text.slice(k + 1, nameEnd).toLowerCase();
  if (!SECRET_NAME.test(name) || NOT_A_SECRET_NAME.test(name)) return null;
  let start = sep + 1;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : '';
  if (quote) start++;
  let end = start;
  while (end < text.length && end - start <= 200 && !is(text, end, VALUE_END)) end++;
  const value = text.slice(start, end);
  if (!looksLikePassword(value, 8)) return null;
  return { start, end, kind: 'credential assigned to a secret name', mask: 0 };
}

/**
 * A value someone chose or generated as a credential: long enough, not a placeholder, and
 * of at least two kinds of characters among lower case, upper case, digits and symbols
 * (hyphens and dots join words, so `case-sensitive` is one kind).
 */
function looksLikePassword(value: string, min: number): boolean {
  if (value.length < min || value.length > 200 || PLACEHOLDER.test(value)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9.-]/].filter((k) => k.test(value));
  return kinds.length >= 2 && entropy(value) >= 2.5;
}

const PASSWORD_IN_PROSE =
  /[Pp]ass(?:word|code|phrase) (?:is|was set to|:) ?["'“]?([^\s"'”,;]{6,64})/y;

/** `Your temporary password is Tr0ub4dor&3`: a credential a chatbot should never say. */
export function passwordInProseAt(text: string, start: number): SecretMatch | null {
  PASSWORD_IN_PROSE.lastIndex = start;
  const m = PASSWORD_IN_PROSE.exec(text);
  if (!m) return null;
  const value = m[1]!.replace(/[.!?)]+$/, '');
  if (!looksLikePassword(value, 6)) return null;
  const at = start + m[0].length - m[1]!.length;
  return { start: at, end: at + value.length, kind: 'password in text', mask: 0 };
}
