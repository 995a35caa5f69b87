/**
 * GitHub's official description of its REST API (`@octokit/openapi`, api.github.com, OpenAPI
 * 3.0 with `nullable`), compiled with ajv one operation response at a time, so the loopback
 * server can check that each answer it sends is one GitHub could send.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type Json = Record<string, unknown>;

interface Description {
  paths: Record<string, Record<string, { responses: Record<string, Json>; requestBody?: Json }>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
}

const ROOT = 'https://api.github.com/schemas/';
const require = createRequire(import.meta.url);
let description: Description | undefined;
let ajv: Ajv | undefined;
const added = new Set<string>();
const compiled = new Map<string, ValidateFunction | null>();

function load(): { description: Description; ajv: Ajv } {
  if (!description || !ajv) {
    description = JSON.parse(
      readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as Description;
    // strict: false because the description carries OpenAPI keywords (example, discriminator,
    // x-github) that are no JSON Schema; ajv knows `nullable` itself.
    ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as typeof addFormats.default)(ajv);
    // GitHub sends "" for an unset URL (a deployment status's log_url), as its own examples do.
    const uri = fullFormats.uri as (s: string) => boolean;
    ajv.addFormat('uri', (s: string) => s === '' || uri(s));
  }
  return { description, ajv };
}

/**
 * A schema of the description made ready for ajv: `#/components/schemas/X` points at X added
 * on its own (so only the schemas an operation reaches are prepared), and `nullable` beside
 * `allOf`/`$ref`, which OpenAPI 3.0 allows and ajv (knowing it only beside `type`) refuses,
 * becomes JSON Schema's "null or that".
 */
function prepare(schema: unknown, refs: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, refs));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace('#/components/schemas/', '');
      refs.add(name);
      out[k] = ROOT + name;
    } else out[k] = prepare(v, refs);
  }
  // ajv's `nullable` does not widen an `enum`; OpenAPI 3.0's does.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...(out.enum as unknown[]), null];
  if (out.nullable !== true || 'type' in out) return out;
  const { nullable: _n, ...rest } = out;
  return { anyOf: [{ type: 'null' }, rest] };
}

function compile(schema: unknown): ValidateFunction {
  const { description, ajv } = load();
  const refs = new Set<string>();
  const root = prepare(schema, refs) as Json;
  const pending = [...refs];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (added.has(name)) continue;
    added.add(name);
    const own = new Set<string>();
    ajv.addSchema(prepare(description.components.schemas[name], own) as Json, ROOT + name);
    pending.push(...own);
  }
  return ajv.compile(root);
}

/** True when the description has this operation (`get`, `/repos/{owner}/{repo}/pulls`). */
export function documented(method: string, template: string): boolean {
  return !!load().description.paths[template]?.[method.toLowerCase()];
}

/**
 * The problems of `body` as the answer `status` to `method template`, in ajv's words; empty
 * when it conforms. A status the operation does not document is checked as GitHub's generic
 * error (`basic-error`) when it is one, and is a problem otherwise.
 */
export function responseProblems(
  method: string,
  template: string,
  status: number,
  body: unknown,
): string[] {
  const { description } = load();
  const key = `${method.toLowerCase()} ${template} ${status}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const operation = description.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not in GitHub's REST API description`];
    let response = operation.responses[String(status)];
    const ref = response?.$ref;
    if (typeof ref === 'string') response = description.components.responses[ref.split('/').pop()!];
    const content = response?.content as Record<string, { schema?: unknown }> | undefined;
    const schema =
      content?.['application/json']?.schema ??
      (status >= 400 && !response ? { $ref: '#/components/schemas/basic-error' } : undefined);
    if (!response && status < 400)
      return [`${method} ${template} does not document status ${status}`];
    validate = schema ? compile(schema) : null;
    compiled.set(key, validate);
  }
  if (validate === null)
    return body === undefined ? [] : [`status ${status} has no body in the description`];
  return problemsOf(validate, body);
}

function problemsOf(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

/**
 * The problems of `body` as the JSON request body of `method template`, in ajv's words; empty
 * when it conforms or the operation takes no JSON body. GitHub answers such a request 422.
 */
export function requestProblems(method: string, template: string, body: unknown): string[] {
  const key = `${method.toLowerCase()} ${template} request`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const operation = load().description.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not in GitHub's REST API description`];
    const content = operation.requestBody?.content as
      Record<string, { schema?: unknown }> | undefined;
    const schema = content?.['application/json']?.schema;
    validate = schema ? compile(schema) : null;
    compiled.set(key, validate);
  }
  return validate ? problemsOf(validate, body) : [];
}
