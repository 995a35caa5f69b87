/**
 * The Langfuse port over Node's global fetch: a GET to the public API with the project's keys
 * (HTTP basic auth) from the runner's environment, retried with backoff on rate limits and
 * server errors. Keys never leave the authorization header: not in a URL, not in a message.
 */
import type { LangfusePort, LangfuseServer, MetricsAnswer } from '../../lib/ports.js';

/** The URL as it may be shown: no user, no password, no query. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Attempts in all for a rate limit, a server error or no answer; then the last answer. */
const ATTEMPTS = 5;
/** Backoff before attempt n + 1: 1 s, 2 s, 4 s, 8 s, or what `Retry-After` asks, at most this. */
const MAX_WAIT_MS = 30_000;

const retriable = (status: number) => status === 429 || status >= 500;

function waitMs(retryAfter: string | null, attempt: number, baseMs: number): number {
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim()))
    return Math.min(Number(retryAfter) * 1000, MAX_WAIT_MS);
  const date = retryAfter === null ? NaN : Date.parse(retryAfter);
  if (!Number.isNaN(date)) return Math.min(Math.max(date - Date.now(), 0), MAX_WAIT_MS);
  return Math.min(baseMs * 2 ** attempt, MAX_WAIT_MS);
}

export class FetchLangfuse implements LangfusePort {
  /** `baseMs`: the first backoff when the server says nothing of when to retry. */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly baseMs = 1000,
  ) {}

  async get(
    server: LangfuseServer,
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
  ): Promise<MetricsAnswer & { retries?: number }> {
    const base = server.host ?? this.env[server.hostEnv];
    if (!base)
      return {
        kind: 'unconfigured',
        detail: `the policy gives no host and the environment variable ${server.hostEnv} is not set`,
      };
    let url: URL;
    try {
      url = new URL(base.replace(/\/+$/, '') + path);
    } catch {
      return {
        kind: 'unconfigured',
        detail: `${server.host ? 'the policy’s host' : `the environment variable ${server.hostEnv}`} is not a URL`,
      };
    }
    if (url.username || url.password)
      return {
        kind: 'unconfigured',
        detail: `the host carries credentials: give the keys in ${server.publicKeyEnv} and ${server.secretKeyEnv} only`,
      };
    const user = this.env[server.publicKeyEnv];
    const password = this.env[server.secretKeyEnv];
    const unset = [
      ...(user ? [] : [server.publicKeyEnv]),
      ...(password ? [] : [server.secretKeyEnv]),
    ];
    if (unset.length)
      return {
        kind: 'unconfigured',
        detail: `the environment variable${unset.length > 1 ? 's' : ''} ${unset.join(' and ')} ${unset.length > 1 ? 'are' : 'is'} not set (the project's API keys)`,
      };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const headers = {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    };
    let last: MetricsAnswer = { kind: 'unreachable', url: shown(url), detail: 'not asked' };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let retryAfter: string | null = null;
      try {
        const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
        last = {
          kind: 'answer',
          url: shown(url),
          status: response.status,
          body: await response.text(),
        };
        if (!retriable(response.status)) return { ...last, retries: attempt };
        retryAfter = response.headers.get('retry-after');
      } catch (e) {
        const error = e as Error & { cause?: { code?: string; message?: string } };
        const detail =
          error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s`
            : (error.cause?.code ?? error.cause?.message ?? error.message);
        last = { kind: 'unreachable', url: shown(url), detail };
      }
      if (attempt + 1 < ATTEMPTS)
        await new Promise((done) => setTimeout(done, waitMs(retryAfter, attempt, this.baseMs)));
    }
    return { ...last, retries: ATTEMPTS - 1 };
  }
}
