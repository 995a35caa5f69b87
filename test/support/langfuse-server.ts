/**
 * A loopback Langfuse public API for tests: `GET /api/public/v2/observations` (cursor pages)
 * and `GET /api/public/observations` (numbered pages), with basic auth by the project's keys,
 * the filters the monitor sends (type, fromStartTime, toStartTime) and injected failures.
 * Every answer it sends is checked against Langfuse's published OpenAPI description (the two
 * operations' part of it, test/fixtures/langfuse/openapi-observations.json, see SOURCE.md):
 * a test fails when the server sent what Langfuse could not.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

const DESCRIPTION = fileURLToPath(
  new URL('../fixtures/langfuse/openapi-observations.json', import.meta.url),
);

/**
 * OpenAPI 3.0's `nullable` beside a `$ref` or an `allOf`, which ajv (knowing it only beside
 * `type`) refuses, as JSON Schema's "null or that".
 */
function prepare(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k] = prepare(v);
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...(out.enum as unknown[]), null];
  return out;
}

let validators: Record<'v2' | 'v1', ValidateFunction> | undefined;

/** The validator of the 200 answer of each endpoint, compiled once. */
function langfuseValidators(): Record<'v2' | 'v1', ValidateFunction> {
  if (validators) return validators;
  const description = JSON.parse(readFileSync(DESCRIPTION, 'utf8')) as {
    components: { schemas: Json };
  };
  // strict: false because the description carries OpenAPI keywords (example, title) that are
  // no JSON Schema; `double` is OpenAPI's format for a number, which JSON Schema does not know.
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as typeof addFormats.default)(ajv);
  ajv.addFormat('double', true);
  ajv.addSchema({
    $id: 'langfuse',
    components: { schemas: prepare(description.components.schemas) },
  });
  const of = (name: string) => ajv.getSchema(`langfuse#/components/schemas/${name}`)!;
  validators = { v2: of('ObservationsV2Response'), v1: of('legacyObservationsViews') };
  return validators;
}

/** An answer the server sends instead of the data, once, to the request it is queued for. */
export interface Failure {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

interface LangfuseRequest {
  path: string;
  query: Record<string, string>;
  authorized: boolean;
}

export interface LangfuseServer {
  url: string;
  requests: LangfuseRequest[];
  /** Answers sent before the data, in order, one per request. */
  failures: Failure[];
  /** Every answer sent, in order: its status and its body as written. */
  answers: { status: number; body: string }[];
  close(): Promise<void>;
}

/**
 * Serves `observations` (ObservationV2 objects, camelCase, times ISO 8601 with a zone) to the
 * keys `publicKey`/`secretKey`; the v1 endpoint serves them with v1's `model` field.
 */
export async function startLangfuse(
  observations: Json[],
  keys: { publicKey: string; secretKey: string },
): Promise<LangfuseServer> {
  const { v2, v1 } = langfuseValidators();
  const requests: LangfuseRequest[] = [];
  const failures: Failure[] = [];
  const answers: { status: number; body: string }[] = [];
  const expected = `Basic ${Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64')}`;

  const send = (res: ServerResponse, status: number, body: Json, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    answers.push({ status, body: JSON.stringify(body) });
    res.end(answers.at(-1)!.body);
  };
  const checked = (validate: ValidateFunction, body: Json): Json => {
    if (!validate(body))
      throw new Error(
        `the test server's answer is not Langfuse's: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      );
    return body;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const authorized = req.headers.authorization === expected;
    requests.push({ path: url.pathname, query, authorized });
    try {
      const failure = failures.shift();
      if (failure) return send(res, failure.status, failure.body ?? {}, failure.headers);
      if (!authorized)
        return send(res, 401, {
          message: 'Invalid credentials. Confirm that you have used the correct keys.',
        });
      const from = query.fromStartTime ? Date.parse(query.fromStartTime) : -Infinity;
      const to = query.toStartTime ? Date.parse(query.toStartTime) : Infinity;
      const selected = observations.filter((o) => {
        const start = Date.parse(o.startTime as string);
        return (!query.type || o.type === query.type) && start >= from && start < to;
      });
      const limit = Number(query.limit ?? 50);
      if (url.pathname === '/api/public/v2/observations') {
        const offset = query.cursor ? Number(Buffer.from(query.cursor, 'base64').toString()) : 0;
        const data = selected.slice(offset, offset + limit);
        const next = offset + limit < selected.length ? offset + limit : undefined;
        return send(
          res,
          200,
          checked(v2, {
            data,
            meta:
              next === undefined ? {} : { cursor: Buffer.from(String(next)).toString('base64') },
          }),
        );
      }
      if (url.pathname === '/api/public/observations') {
        const page = Number(query.page ?? 1);
        const data = selected.slice((page - 1) * limit, page * limit).map((o) => {
          const { providedModelName, userId: _u, sessionId: _s, release: _r, ...rest } = o;
          return {
            ...rest,
            model: providedModelName ?? null,
            completionStartTime: null,
            modelParameters: {},
            metadata: {},
            usage: { input: 31, output: 19, total: 50, unit: 'TOKENS' },
            promptId: null,
            usageDetails: { input: 31, output: 19, total: 50 },
            costDetails: {},
            promptName: null,
            promptVersion: null,
            modelId: null,
            inputPrice: null,
            outputPrice: null,
            totalPrice: null,
            calculatedInputCost: null,
            calculatedOutputCost: null,
            calculatedTotalCost: null,
          };
        });
        return send(
          res,
          200,
          checked(v1, {
            data,
            meta: {
              page,
              limit,
              totalItems: selected.length,
              totalPages: Math.ceil(selected.length / limit),
            },
          }),
        );
      }
      return send(res, 404, { message: 'Not found' });
    } catch (e) {
      res.writeHead(500).end();
      server.emit('test-error', e);
    }
  });
  const errors: unknown[] = [];
  server.on('test-error', (e) => errors.push(e));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failures,
    answers,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      if (errors.length) throw errors[0];
    },
  };
}
