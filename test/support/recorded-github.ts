/**
 * GitHub's API as it once answered, replayed: the recorded scenarios of `@octokit/fixtures`
 * (real traffic with api.github.com, normalised: ids, shas and dates made stable) served in
 * order from a loopback node:http server, with the recorded status, headers and body. Link
 * headers point at the loopback server instead of api.github.com, so pagination follows the
 * recorded links. Every request is recorded; one that is not the next recorded request (method
 * and path) gets a 500 and is listed in `mismatches`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll } from 'vitest';

/** One recorded exchange, as `normalized-fixture.json` holds it. */
export interface Recording {
  scope: string;
  method: string;
  /** Path and query, e.g. `/repositories/1000/issues?per_page=3&page=2`. */
  path: string;
  /** The request body sent, when there was one. */
  body?: unknown;
  status: number;
  response: unknown;
  headers: Record<string, string>;
}

export interface ReplayedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}

const require = createRequire(import.meta.url);

/** The recordings of scenario `name` (e.g. `api.github.com/paginate-issues`). */
export function recordings(name: string): Recording[] {
  const file = require.resolve(`@octokit/fixtures/scenarios/${name}/normalized-fixture.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Recording[];
}

/** Hop-by-hop or recomputed: the body is sent again, at its own length. */
const DROPPED = new Set(['connection', 'content-length', 'transfer-encoding']);

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export interface Replay {
  url: string;
  requests: ReplayedRequest[];
  mismatches: string[];
  /** The recordings not asked for yet. */
  pending(): Recording[];
}

/**
 * Serves `served` (recordings of one scenario, in order) on a loopback port until the test
 * file ends.
 */
export async function replay(served: Recording[]): Promise<Replay> {
  const queue = [...served];
  const requests: ReplayedRequest[] = [];
  const mismatches: string[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const method = (req.method ?? 'GET').toLowerCase();
      const path = req.url ?? '/';
      requests.push({ method, path, body, authorization: req.headers.authorization });
      const next = queue[0];
      const pathname = (p: string) => p.split('?')[0];
      if (!next || next.method !== method || pathname(next.path) !== pathname(path)) {
        mismatches.push(
          `${method} ${path}, where the recording has ${next ? `${next.method} ${next.path}` : 'nothing more'}`,
        );
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'not the recorded request' }));
        return;
      }
      queue.shift();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(next.headers)) {
        if (DROPPED.has(k.toLowerCase())) continue;
        headers[k] =
          k.toLowerCase() === 'link'
            ? String(v).split(next.scope.replace(/:443$/, '')).join(origin)
            : String(v);
      }
      const text =
        next.response === '' || next.response === undefined ? '' : JSON.stringify(next.response);
      res.writeHead(next.status, headers);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: origin, requests, mismatches, pending: () => [...queue] };
}
