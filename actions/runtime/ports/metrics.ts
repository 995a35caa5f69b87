/**
 * The metrics port over Node's global fetch: a GET to a Prometheus-compatible HTTP API, the
 * URL and token taken from the policy or the runner's environment.
 */
import type { MetricsAnswer, MetricsPort, MetricsServer } from '../../lib/ports.js';

/** The URL as it may be shown: no user, no password, no query. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export class FetchMetrics implements MetricsPort {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async get(
    server: MetricsServer,
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
  ): Promise<MetricsAnswer> {
    const base = server.url ?? this.env[server.urlEnv];
    if (!base)
      return {
        kind: 'unconfigured',
        detail: `the policy gives no url and the environment variable ${server.urlEnv} is not set`,
      };
    let url: URL;
    try {
      url = new URL(base.replace(/\/+$/, '') + path);
    } catch {
      return {
        kind: 'unconfigured',
        detail: `${server.url ? 'the policy’s url' : `the environment variable ${server.urlEnv}`} is not a URL`,
      };
    }
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (server.tokenEnv) {
      const token = this.env[server.tokenEnv];
      if (!token)
        return {
          kind: 'unconfigured',
          detail: `the environment variable ${server.tokenEnv} (token_env) is not set`,
        };
      headers.authorization = `Bearer ${token}`;
    }
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      return {
        kind: 'answer',
        url: shown(url),
        status: response.status,
        body: await response.text(),
      };
    } catch (e) {
      const error = e as Error & { cause?: { code?: string; message?: string } };
      const detail =
        error.name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : (error.cause?.code ?? error.cause?.message ?? error.message);
      return { kind: 'unreachable', url: shown(url), detail };
    }
  }
}
