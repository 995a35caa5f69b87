import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchLangfuse } from './langfuse.js';

const SERVER = { hostEnv: 'LF_HOST', publicKeyEnv: 'LF_PK', secretKeyEnv: 'LF_SK' };
const KEYS = { LF_PK: 'pk-lf-111', LF_SK: 'sk-lf-222' };

/** A server answering each request with the next of `answers` (the last one repeated). */
async function serve(answers: ((res: ServerResponse) => void)[]) {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    answers[Math.min(seen.length - 1, answers.length - 1)]!(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closing.push(() => new Promise((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

const ok = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"meta":{}}');
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: ServerResponse) =>
    res.writeHead(code, headers).end('{}');

describe('FetchLangfuse', () => {
  it('sends the keys as basic auth and the parameters, and shows the URL without them', async () => {
    const s = await serve([ok]);
    const port = new FetchLangfuse({ LF_HOST: s.url + '/', ...KEYS });
    const answer = await port.get(SERVER, '/api/public/v2/observations', { limit: '5' }, 5000);
    expect(answer).toEqual({
      kind: 'answer',
      url: `${s.url}/api/public/v2/observations`,
      status: 200,
      body: '{"data":[],"meta":{}}',
      retries: 0,
    });
    expect(s.seen).toEqual([
      {
        url: '/api/public/v2/observations?limit=5',
        authorization: `Basic ${Buffer.from('pk-lf-111:sk-lf-222').toString('base64')}`,
      },
    ]);
  });

  it.each([
    ['Retry-After in seconds', { 'retry-after': '0' }],
    ['Retry-After as a date', { 'retry-after': new Date(0).toUTCString() }],
    ['no Retry-After (the backoff)', {}],
  ])('retries a 429 and a 5xx, %s, then gives the answer', async (_what, headers) => {
    const s = await serve([status(429, headers), status(502, headers), ok]);
    const port = new FetchLangfuse({ LF_HOST: s.url, ...KEYS }, 1);
    const answer = await port.get(SERVER, '/x', {}, 5000);
    expect(answer).toMatchObject({ kind: 'answer', status: 200, retries: 2 });
    expect(s.seen).toHaveLength(3);
  });

  it('does not retry a refusal, and gives up after five attempts', async () => {
    const refused = await serve([status(401)]);
    expect(
      await new FetchLangfuse({ LF_HOST: refused.url, ...KEYS }, 1).get(SERVER, '/x', {}, 5000),
    ).toMatchObject({ kind: 'answer', status: 401, retries: 0 });
    expect(refused.seen).toHaveLength(1);

    const failing = await serve([status(503)]);
    expect(
      await new FetchLangfuse({ LF_HOST: failing.url, ...KEYS }, 1).get(SERVER, '/x', {}, 5000),
    ).toMatchObject({ kind: 'answer', status: 503, retries: 4 });
    expect(failing.seen).toHaveLength(5);
  });

  it.each([
    [{ ...KEYS }, 'the policy gives no host and the environment variable LF_HOST is not set'],
    [{ LF_HOST: 'not a url', ...KEYS }, 'the environment variable LF_HOST is not a URL'],
    [
      { LF_HOST: 'https://pk:sk@cloud.langfuse.com', ...KEYS },
      'the host carries credentials: give the keys in LF_PK and LF_SK only',
    ],
    [
      { LF_HOST: 'https://cloud.langfuse.com' },
      "the environment variables LF_PK and LF_SK are not set (the project's API keys)",
    ],
  ])('is unconfigured without what it needs (%j), asking nothing', async (env, detail) => {
    expect(await new FetchLangfuse(env).get(SERVER, '/x', {}, 5000)).toEqual({
      kind: 'unconfigured',
      detail,
    });
  });

  it('says a server that does not answer is unreachable, after the retries', async () => {
    const s = await serve([ok]);
    await closing.pop()!(); // nothing listens there any more
    const answer = await new FetchLangfuse({ LF_HOST: s.url, ...KEYS }, 1).get(
      SERVER,
      '/x',
      {},
      5000,
    );
    expect(answer).toMatchObject({ kind: 'unreachable', url: `${s.url}/x`, retries: 4 });
  });
});
