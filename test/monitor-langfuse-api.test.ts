/**
 * `release-gates monitor` reading the window from Langfuse's public API
 * (docs/monitoring.md#langfuse-public-api): the CLI in-process against a loopback server
 * whose answers are checked against Langfuse's OpenAPI description, several pages, a rate
 * limit then success, refused keys.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Item, Report, Verdict } from '../actions/lib/verdict/model.js';
import { cli } from './support/cli.js';
import { startLangfuse, type LangfuseServer } from './support/langfuse-server.js';
import { workspace } from './support/workspace.js';

const NOW = '2026-11-20T18:00:00Z';
const T0 = Date.parse('2026-11-20T00:00:00Z');
const KEYS = { publicKey: 'pk-lf-1234567890', secretKey: 'sk-lf-abcdefghijklmnop' };

function policy(api: string, extra = ''): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
  source:
    format: langfuse
    api: ${api}
  slos:
    - { id: latency, metric: latency_p50, pass: '< 2000' }
    - { id: errors, metric: error_rate, pass: '<= 5%' }
    - { id: privacy, metric: pii_leaks, pass: '== 0' }
${extra}`;
}

/** A GENERATION as the v2 endpoint returns it with the field groups the monitor asks for. */
function generation(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const start = T0 + i * 60_000;
  const latency = 1.25 + i / 100;
  return {
    id: `obs-${i}`,
    traceId: `trace-${i}`,
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + latency * 1000).toISOString(),
    projectId: 'cm0project',
    parentObservationId: `span-${i}`,
    type: 'GENERATION',
    isRootObservation: false,
    name: 'chat-completion',
    level: 'DEFAULT',
    statusMessage: null,
    version: '1.4.0',
    environment: 'production',
    bookmarked: false,
    public: false,
    userId: `u-${i % 9}`,
    sessionId: `s-${i % 4}`,
    input: JSON.stringify([{ role: 'user', content: 'Where is my order?' }]),
    output: JSON.stringify({ role: 'assistant', content: 'It left yesterday.' }),
    providedModelName: 'gpt-4o',
    internalModelId: null,
    modelParameters: { temperature: '0.2' },
    latency,
    timeToFirstToken: 0.3,
    modelId: null,
    inputPrice: null,
    outputPrice: null,
    totalPrice: null,
    traceName: 'support-chat',
    tags: [],
    release: '2.4.0',
    ...over,
  };
}

function observations(): Record<string, unknown>[] {
  const rows = Array.from({ length: 25 }, (_, i) =>
    generation(
      i,
      i % 10 === 5 ? { level: 'ERROR', statusMessage: 'upstream 529', output: null } : {},
    ),
  );
  rows[7]!.output = JSON.stringify({ role: 'assistant', content: 'Write to jane.doe@gmail.com.' });
  // Outside the window (the day before), and not a generation: never asked for.
  rows.push(generation(-1440), generation(30, { type: 'SPAN' }));
  return rows;
}

interface Run {
  code: number;
  verdict: Verdict;
  stdout: string;
  stderr: string;
  item(id: string): Item;
}

const servers: LangfuseServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(rows = observations()): Promise<LangfuseServer> {
  const server = await startLangfuse(rows, KEYS);
  servers.push(server);
  return server;
}

async function monitor(files: Record<string, string>, env: NodeJS.ProcessEnv): Promise<Run> {
  const run = await cli(['monitor', '--dry-run', '--format', 'json'], {
    cwd: workspace(files),
    env: {
      RELEASE_GATES_NOW: NOW,
      GITHUB_TOKEN: '',
      GH_TOKEN: '',
      GITHUB_REPOSITORY: '',
      LANGFUSE_PUBLIC_KEY: KEYS.publicKey,
      LANGFUSE_SECRET_KEY: KEYS.secretKey,
      ...env,
    },
  });
  const verdict = (JSON.parse(run.stdout) as Report).verdicts[0]!;
  return {
    code: run.code,
    verdict,
    stdout: run.stdout,
    stderr: run.stderr,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found) throw new Error(`no item ${id}: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
  };
}

describe("Langfuse's public API", () => {
  it('reads the window page by page (v2 cursors), through a rate limit, as the export would be read', async () => {
    const server = await serve();
    server.failures.push({
      status: 429,
      body: { message: 'Rate limit exceeded' },
      headers: { 'retry-after': '0' },
    });
    const run = await monitor(
      {
        'policies/release-policy.yaml': policy('{ window: 24h, page_size: 10 }'),
      },
      { LANGFUSE_HOST: server.url },
    );
    expect(run.verdict.data?.window).toMatchObject({
      files: [`${server.url}/api/public/v2/observations`],
      source: 'langfuse',
      interactions: 25,
      bad_lines: 0,
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T00:24:00.000Z',
    });
    // 1.25 s + i/100 s for i = 0..24: the median is i = 12, 1370 ms.
    expect(run.item('slo/latency')).toMatchObject({ status: 'pass', observed: 1370 });
    expect(run.item('slo/errors')).toMatchObject({ status: 'fail', observed: 2 / 25 });
    expect(run.item('slo/privacy')).toMatchObject({ status: 'fail', observed: 1 });
    expect(run.stdout).not.toContain('jane.doe@gmail.com');
    expect(run.verdict.items.filter((i) => i.status === 'error')).toEqual([]);
    expect(run.code).toBe(1);

    // The verdict names what it judged: the endpoint, with the sha256 of the pages it read.
    const pages = server.answers.filter((a) => a.status === 200).map((a) => a.body);
    expect(pages).toHaveLength(3);
    expect(run.verdict.inputs).toContainEqual({
      file: `${server.url}/api/public/v2/observations`,
      sha256: createHash('sha256').update(pages.join('')).digest('hex'),
    });

    // The 429, retried; then three pages of 10, 10 and 5, each asked with the window.
    const asked = server.requests;
    expect(asked.map((r) => r.query.cursor ?? null)).toEqual([
      null,
      null,
      Buffer.from('10').toString('base64'),
      Buffer.from('20').toString('base64'),
    ]);
    for (const r of asked)
      expect(r).toMatchObject({
        path: '/api/public/v2/observations',
        authorized: true,
        query: {
          type: 'GENERATION',
          limit: '10',
          fromStartTime: '2026-11-19T18:00:00.000Z',
          toStartTime: '2026-11-20T18:00:00.000Z',
          fields: 'core,basic,io,model,metrics,trace_context',
        },
      });
    // The keys are in no output.
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(KEYS.secretKey);
      expect(text).not.toContain(KEYS.publicKey);
    }
  });

  it('reads the v1 endpoint page by page (meta.totalPages), the host from the policy', async () => {
    const server = await serve();
    const run = await monitor(
      {
        'policies/release-policy.yaml': policy(
          `{ host: '${server.url}', endpoint: v1, page_size: 7 }`,
        ),
      },
      { LANGFUSE_HOST: '' },
    );
    expect(run.verdict.data?.window).toMatchObject({
      files: [`${server.url}/api/public/observations`],
      interactions: 25,
      bad_lines: 0,
    });
    expect(run.item('slo/latency')).toMatchObject({ status: 'pass', observed: 1370 });
    expect(run.item('slo/errors')).toMatchObject({ status: 'fail', observed: 2 / 25 });
    expect(run.item('window').message).toMatch(/model gpt-4o \(100 %\)/);
    expect(server.requests.map((r) => r.query.page)).toEqual(['1', '2', '3', '4']);
  });

  it('is an error, never a pass, when the keys are refused, missing, or Langfuse keeps failing', async () => {
    const server = await serve();
    const files = { 'policies/release-policy.yaml': policy('{ window: 24h }') };
    const refused = await monitor(files, {
      LANGFUSE_HOST: server.url,
      LANGFUSE_SECRET_KEY: 'sk-lf-wrong-secret-0000',
    });
    expect(refused.code).toBe(2);
    expect(refused.verdict.items[0]).toMatchObject({
      status: 'error',
      message: `Langfuse at ${server.url}/api/public/v2/observations refused the keys (HTTP 401): Invalid credentials. Confirm that you have used the correct keys.`,
      hint: expect.stringMatching(/LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY/) as string,
    });
    expect(refused.stdout + refused.stderr).not.toContain('sk-lf-wrong-secret-0000');

    const missing = await monitor(files, { LANGFUSE_HOST: server.url, LANGFUSE_SECRET_KEY: '' });
    expect(missing.code).toBe(2);
    expect(missing.verdict.items[0]!.message).toBe(
      "Langfuse's API cannot be asked: the environment variable LANGFUSE_SECRET_KEY is not set (the project's API keys)",
    );

    const before = server.requests.length;
    for (let k = 0; k < 5; k++)
      server.failures.push({ status: 503, headers: { 'retry-after': '0' } });
    const failing = await monitor(files, { LANGFUSE_HOST: server.url });
    expect(failing.code).toBe(2);
    expect(failing.verdict.items[0]!.message).toBe(
      `Langfuse at ${server.url}/api/public/v2/observations answered HTTP 503 after 4 retries`,
    );
    expect(server.requests.length - before).toBe(5);

    const misplaced = await monitor(
      {
        'policies/release-policy.yaml': policy('{ window: 24h }').replace(
          'format: langfuse',
          'format: otlp',
        ),
      },
      { LANGFUSE_HOST: server.url },
    );
    expect(misplaced.code).toBe(2);
    expect(misplaced.verdict.items[0]!.message).toBe(
      'monitoring.source.api only applies to format: langfuse, not otlp',
    );
  });
});
