/**
 * The window read from Langfuse's public API (docs/monitoring.md#langfuse-public-api): the
 * project's GENERATION observations that started in the last `window`, page by page, each
 * decoded by the Langfuse source as an export row (the API's camelCase keys). The HTTP is the
 * port's; what the answers mean, and every way they can fail, is decided here: fail closed.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { LangfuseApi } from '../policy/policy.generated.js';
import type { LangfusePort, LangfuseServer } from '../ports.js';
import type { Location } from '../verdict/model.js';

/** The v2 endpoint's field groups the monitor reads (`core` always comes). */
const V2_FIELDS = 'core,basic,io,model,metrics,trace_context';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `24h` in ms. */
function windowMs(window: string): number {
  return Number(window.slice(0, -1)) * UNIT_MS[window.slice(-1) as keyof typeof UNIT_MS];
}

interface ApiWindow {
  /** What the window is read from, as reports show it: the endpoint's URL. */
  name: string;
  from: Date;
  to: Date;
  /** The observations of each page, numbered from 1 across pages. */
  records: AsyncIterable<{ line: number; value: unknown }[]>;
  /**
   * The sha256 of the pages' bodies in the order read, once `records` is read to its end: the
   * verdict names what it judged, as it names an export file's hash.
   */
  sha256(): string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Langfuse's own message in an error answer, when it is short text: never the whole body. */
function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    const m = isRecord(parsed) ? (parsed.message ?? parsed.error) : undefined;
    return typeof m === 'string' && m.length <= 200 && !/[\r\n]/.test(m) ? `: ${m}` : '';
  } catch {
    return '';
  }
}

export function langfuseApiWindow(
  api: LangfuseApi,
  port: LangfusePort,
  now: Date,
  location: Location | undefined,
): ApiWindow {
  const server: LangfuseServer = {
    ...(api.host ? { host: api.host } : {}),
    hostEnv: api.host_env,
    publicKeyEnv: api.public_key_env,
    secretKeyEnv: api.secret_key_env,
  };
  const path = api.endpoint === 'v2' ? '/api/public/v2/observations' : '/api/public/observations';
  const from = new Date(now.getTime() - windowMs(api.window));
  const base = {
    type: 'GENERATION',
    limit: String(api.page_size),
    fromStartTime: from.toISOString(),
    toStartTime: now.toISOString(),
    ...(api.endpoint === 'v2' ? { fields: V2_FIELDS } : {}),
  };
  const keys = `${api.public_key_env} and ${api.secret_key_env}`;
  const fail = (message: string, hint: string) =>
    new UserError({ message, hint, ...(location ? { location } : {}) });
  let name = `${api.host ?? `$${api.host_env}`}${path}`;
  const pages = createHash('sha256');
  let digest: string | undefined;

  async function page(params: Record<string, string>): Promise<Record<string, unknown>> {
    const a = await port.get(server, path, { ...base, ...params }, api.timeout_seconds * 1000);
    if (a.kind === 'unconfigured')
      throw fail(
        `Langfuse's API cannot be asked: ${a.detail}`,
        `set monitoring.source.api.host (or ${api.host_env}) and the secrets ${keys} in the workflow's env`,
      );
    name = a.url;
    const retried = a.retries ? ` after ${a.retries} retries` : '';
    if (a.kind === 'unreachable')
      throw fail(
        `Langfuse at ${a.url} did not answer${retried}: ${a.detail}`,
        'check the host and that the runner can reach it; a window that cannot be read is not met',
      );
    if (a.status === 401 || a.status === 403)
      throw fail(
        `Langfuse at ${a.url} refused the keys (HTTP ${a.status})${messageOf(a.body)}`,
        `check that ${keys} hold the public and secret key of the project (Settings, API keys) and that they are for this host`,
      );
    if (a.status !== 200)
      throw fail(
        `Langfuse at ${a.url} answered HTTP ${a.status}${retried}${messageOf(a.body)}`,
        a.status === 429 || a.status >= 500
          ? 'Langfuse is rate limiting or failing: run the monitor again later, or lower page_size'
          : api.endpoint === 'v2' && a.status === 404
            ? 'a self-hosted Langfuse v3 may not have the v2 endpoint: set monitoring.source.api.endpoint: v1'
            : 'check monitoring.source.api (docs/monitoring.md#langfuse-public-api)',
      );
    pages.update(a.body);
    let body: unknown;
    try {
      body = JSON.parse(a.body);
    } catch {
      body = undefined;
    }
    if (!isRecord(body) || !Array.isArray(body.data) || !isRecord(body.meta))
      throw fail(
        `${a.url} did not answer as Langfuse's API does: no "data" list and "meta"`,
        'check that the host is Langfuse (the base URL, without /api/public)',
      );
    return body;
  }

  async function* records(): AsyncIterable<{ line: number; value: unknown }[]> {
    let line = 0;
    const numbered = (data: unknown[]) => data.map((value) => ({ line: ++line, value }));
    if (api.endpoint === 'v2') {
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (;;) {
        const body = await page(cursor ? { cursor } : {});
        yield numbered(body.data as unknown[]);
        const next = (body.meta as Record<string, unknown>).cursor;
        if (next === undefined || next === null || next === '') return;
        if (typeof next !== 'string' || seen.has(next))
          throw fail(
            `${name} gave ${typeof next === 'string' ? 'a cursor it had given before' : 'a cursor that is not text'}: the pages would never end`,
            'report it to Langfuse; set monitoring.source.api.endpoint: v1 meanwhile',
          );
        seen.add(next);
        cursor = next;
      }
    }
    for (let n = 1; ; n++) {
      const body = await page({ page: String(n) });
      const pages = (body.meta as Record<string, unknown>).totalPages;
      if (typeof pages !== 'number' || !Number.isInteger(pages) || pages < 0)
        throw fail(
          `${name} did not answer as Langfuse's API does: meta.totalPages is not a whole number`,
          'check that the host is Langfuse, and the endpoint (v1 pages, v2 cursors)',
        );
      yield numbered(body.data as unknown[]);
      if (n >= pages) return;
    }
  }

  return {
    get name() {
      return name;
    },
    from,
    to: now,
    records: records(),
    sha256: () => (digest ??= pages.digest('hex')),
  };
}
