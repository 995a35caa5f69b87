/**
 * The event payloads tests hand the actions (the GITHUB_EVENT_PATH file), built from GitHub's
 * own example payloads (`@octokit/webhooks-examples`) with a test's overrides deep-merged in,
 * and validated against GitHub's webhook schema of that event and action
 * (`@octokit/openapi-webhooks`, OpenAPI 3.1, so JSON Schema 2020-12). A test cannot give an
 * action a shape GitHub never sends: `runBundledAction` checks every payload it writes.
 *
 * `schedule` has no webhook: the runner's event file for it holds the cron expression that
 * fired (`{"schedule": "30 5 * * 1"}`) and, since 2022, the repository and sender objects of
 * the webhooks; `scheduleEvent` builds that, the objects validated as the webhooks' own.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { components } from '@octokit/openapi-webhooks-types';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type Schemas = components['schemas'];
type Json = Record<string, unknown>;
/** The schema of a webhook payload, e.g. `webhook-pull-request-synchronize`. */
export type WebhookKey = Extract<keyof Schemas, `webhook-${string}`>;
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

interface EventExamples {
  name: string;
  examples: Json[];
}

const require = createRequire(import.meta.url);
const ROOT = 'https://github.com/octokit/openapi-webhooks';
/** The repository every payload is about unless a test says otherwise (as runBundledAction). */
export const REPOSITORY = 'acme/support-chatbot';

let examples: EventExamples[] | undefined;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function validator(schema: string): ValidateFunction {
  let validate = validators.get(schema);
  if (validate) return validate;
  if (!ajv) {
    const description = JSON.parse(
      readFileSync(
        require.resolve('@octokit/openapi-webhooks/generated/api.github.com.json'),
        'utf8',
      ),
    ) as { components: Json };
    // strict: false because the description carries OpenAPI keywords (example, x-github).
    ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as typeof addFormats.default)(ajv);
    // GitHub sends "" for an unset URL (a repository's homepage), as its own examples do.
    const uri = fullFormats.uri as (s: string) => boolean;
    ajv.addFormat('uri', (s: string) => s === '' || uri(s));
    ajv.addSchema({ $id: ROOT, components: description.components });
  }
  validate = ajv.getSchema(`${ROOT}#/components/schemas/${schema}`);
  if (!validate) throw new Error(`GitHub's webhook description has no schema ${schema}`);
  validators.set(schema, validate);
  return validate;
}

/** The schema of event `name` with `action`: `pull_request` + `synchronize` -> webhook-pull-request-synchronize. */
export function schemaOf(name: string, action?: unknown): string {
  const kebab = (s: string) => s.replace(/_/g, '-');
  return `webhook-${kebab(name)}${typeof action === 'string' ? `-${kebab(action)}` : ''}`;
}

/** What is wrong with `payload` as GitHub's `schema` payload, in ajv's words; empty when nothing. */
export function payloadProblems(schema: string, payload: unknown): string[] {
  const validate = validator(schema);
  if (validate(payload)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(payload)'} ${e.message ?? ''}`);
}

/** Throws, naming each problem, unless `payload` is one GitHub could send as event `name`. */
export function assertGitHubSends(name: string, payload: unknown): void {
  if (name === 'schedule') {
    const p = payload as Json;
    const problems =
      typeof p?.schedule === 'string'
        ? [
            ...(p.repository ? payloadProblems('repository-webhooks', p.repository) : []),
            ...(p.sender ? payloadProblems('simple-user', p.sender) : []),
          ]
        : ['(payload) must have the cron expression as `schedule`'];
    if (problems.length) throw new Error(`not a schedule event file: ${problems.join('; ')}`);
    return;
  }
  const action = (payload as Json | null)?.action;
  const schema = schemaOf(name, action);
  let problems: string[];
  try {
    problems = payloadProblems(schema, payload);
  } catch {
    throw new Error(
      `GitHub sends no ${name} payload ${typeof action === 'string' ? `with action ${action}` : 'without an action'} (no schema ${schema})`,
    );
  }
  if (problems.length)
    throw new Error(`GitHub never sends this ${schema} payload: ${problems.join('; ')}`);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` on top of `base`: objects merge key by key, anything else (arrays too) replaces. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out as T;
}

/**
 * Fields GitHub added to its payloads after some of its examples were recorded: each
 * repository object now has `has_discussions`. Added (false) where an example lacks it.
 */
function addLaterFields(v: unknown): void {
  if (Array.isArray(v)) v.forEach(addLaterFields);
  if (!isObject(v)) return;
  if (typeof v.full_name === 'string' && 'private' in v && !('has_discussions' in v))
    v.has_discussions = false;
  Object.values(v).forEach(addLaterFields);
}

/**
 * The example payload is about the example's repository (`Codertocat/Hello-World`): every
 * URL and full name of it now names `target` instead, as do the repository objects' name and
 * owner, so links and names agree with GITHUB_REPOSITORY.
 */
function retarget(payload: Json, target: string): Json {
  const from = (payload.repository as { full_name?: string } | undefined)?.full_name;
  const [owner, name] = target.split('/') as [string, string];
  const moved = from
    ? (JSON.parse(JSON.stringify(payload).split(from).join(target)) as Json)
    : payload;
  const rename = (repo: unknown) => {
    if (!isObject(repo) || repo.full_name !== target) return;
    repo.name = name;
    if (isObject(repo.owner)) repo.owner.login = owner;
  };
  rename(moved.repository);
  const pr = moved.pull_request as
    { base?: { repo?: unknown }; head?: { repo?: unknown } } | undefined;
  rename(pr?.base?.repo);
  rename(pr?.head?.repo);
  return moved;
}

/**
 * GitHub's example payload for `schema`, about `repository`, with `overrides` deep-merged in:
 * the first of GitHub's examples of that event and action that, merged and once
 * `addLaterFields` ran, the current schema accepts. An action GitHub has no example of (say
 * `edited`) starts from the examples of the event's other actions, and the overrides must
 * bring what the action adds (`changes`). Throws when no example makes a payload GitHub could
 * send.
 */
export function webhookEvent<K extends WebhookKey>(
  schema: K,
  overrides: DeepPartial<Schemas[K]> = {} as DeepPartial<Schemas[K]>,
  repository = REPOSITORY,
): Schemas[K] {
  let problems = [`GitHub has no example of ${schema} or of its event`];
  for (const example of candidatesOf(schema)) {
    const merged = deepMerge(retarget(example, repository), overrides);
    problems = payloadProblems(schema, merged);
    if (problems.length === 0) return merged as Schemas[K];
  }
  throw new Error(
    `no example of GitHub's makes, with these overrides, a ${schema} payload GitHub could send: ${problems.join('; ')}`,
  );
}

/** GitHub's examples for `schema` (or, when it has none, its event's), with `addLaterFields`. */
function candidatesOf(schema: string): Json[] {
  examples ??= require('@octokit/webhooks-examples') as EventExamples[];
  const all = examples.flatMap((e) => e.examples.map((payload) => ({ name: e.name, payload })));
  let candidates = all.filter(({ name, payload }) => schemaOf(name, payload.action) === schema);
  if (candidates.length === 0) {
    // The event of the schema: the longest event name whose schemas begin as this one does.
    const event = all
      .map(({ name }) => name)
      .filter((name) => schema.startsWith(`${schemaOf(name)}-`))
      .sort((a, b) => b.length - a.length)[0];
    candidates = all.filter(({ name }) => name === event);
  }
  return candidates.map(({ payload }) => {
    const copy = structuredClone(payload);
    addLaterFields(copy);
    return copy;
  });
}

/** GitHub's own example of `schema` as it is (but for `addLaterFields`): the first that fits. */
export function gitHubExample(schema: WebhookKey): Json {
  const example = candidatesOf(schema).find((c) => payloadProblems(schema, c).length === 0);
  if (!example) throw new Error(`none of GitHub's examples of ${schema} fits its schema`);
  return example;
}

/** A branch of a pull request, as a test names it. */
export interface Side {
  ref: string;
  sha: string;
}

export interface PullRequestFacts {
  number: number;
  /** The author's login (default mei-ml). */
  author?: string;
  title?: string;
  base: Side;
  head: Side;
  /** The repository the head branch lives in, `owner/name`, when a fork. */
  headRepo?: string;
}

/** The pull_request object both `pull_request` and `pull_request_review` payloads carry. */
function pullRequestOverrides(pr: PullRequestFacts, repository: string) {
  const author = pr.author ?? 'mei-ml';
  const fork = pr.headRepo && pr.headRepo !== repository ? pr.headRepo : undefined;
  const [forkOwner, forkName] = (fork ?? '').split('/');
  const side = ({ ref, sha }: Side, owner: string) => ({ ref, sha, label: `${owner}:${ref}` });
  return {
    number: pr.number,
    ...(pr.title ? { title: pr.title } : {}),
    html_url: `https://github.com/${repository}/pull/${pr.number}`,
    user: { login: author, type: 'User' as const },
    base: side(pr.base, repository.split('/')[0]!),
    head: {
      ...side(pr.head, fork ? forkOwner! : repository.split('/')[0]!),
      ...(fork
        ? {
            user: { login: forkOwner!, type: 'User' as const },
            repo: {
              name: forkName!,
              full_name: fork,
              fork: true,
              owner: { login: forkOwner!, type: 'User' as const },
              html_url: `https://github.com/${fork}`,
            },
          }
        : {}),
    },
  };
}

type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'edited';

/** A `pull_request` event (default action synchronize: a push to the pull request). */
export function pullRequestEvent(
  pr: PullRequestFacts,
  action: PullRequestAction = 'synchronize',
  extra: Json = {},
  repository = REPOSITORY,
) {
  return webhookEvent(
    `webhook-pull-request-${action}`,
    deepMerge(
      { action, number: pr.number, pull_request: pullRequestOverrides(pr, repository) },
      extra,
    ) as never,
    repository,
  );
}

export interface ReviewFacts {
  user: string;
  state: 'approved' | 'changes_requested' | 'commented';
  commit: string;
  body?: string;
  submittedAt?: string;
}

/** A `pull_request_review` event of a submitted review. */
export function pullRequestReviewEvent(
  pr: PullRequestFacts,
  review: ReviewFacts,
  repository = REPOSITORY,
) {
  return webhookEvent(
    'webhook-pull-request-review-submitted',
    {
      pull_request: pullRequestOverrides(pr, repository),
      review: {
        user: { login: review.user, type: 'User' },
        state: review.state,
        commit_id: review.commit,
        body: review.body ?? null,
        ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
        html_url: `https://github.com/${repository}/pull/${pr.number}#pullrequestreview-1`,
      },
    } as never,
    repository,
  );
}

/** A `push` event: `after` pushed to `ref` over `before`. */
export function pushEvent(
  push: { ref: string; before: string; after: string },
  repository = REPOSITORY,
) {
  return webhookEvent('webhook-push', push, repository);
}

/** A `workflow_dispatch` event: a run started by hand (or by the API) on `ref`. */
export function workflowDispatchEvent(
  dispatch: { ref?: string; workflow?: string; inputs?: Record<string, string> } = {},
  repository = REPOSITORY,
) {
  return webhookEvent(
    'webhook-workflow-dispatch',
    {
      ref: dispatch.ref ?? 'refs/heads/main',
      ...(dispatch.workflow ? { workflow: dispatch.workflow } : {}),
      inputs: dispatch.inputs ?? {},
    } as never,
    repository,
  );
}

/** A `merge_group` event: the merge queue asks for checks on `head`, its merge onto `base`. */
export function mergeGroupEvent(group: { base: Side; head: Side }, repository = REPOSITORY) {
  return webhookEvent(
    'webhook-merge-group-checks-requested',
    {
      merge_group: {
        base_ref: group.base.ref,
        base_sha: group.base.sha,
        head_ref: group.head.ref,
        head_sha: group.head.sha,
        head_commit: { id: group.head.sha },
      },
    },
    repository,
  );
}

/** A `workflow_run` event: the run of another workflow completed. */
export function workflowRunEvent(repository = REPOSITORY) {
  return webhookEvent('webhook-workflow-run-completed', {}, repository);
}

/** The event file of a `schedule` run: the cron that fired, and the repository objects. */
export function scheduleEvent(cron = '17 6 * * *', repository = REPOSITORY) {
  // The same repository-webhooks and simple-user objects a workflow_dispatch payload has.
  const { repository: repo, sender } = workflowDispatchEvent({}, repository);
  const payload = { schedule: cron, repository: repo, sender };
  assertGitHubSends('schedule', payload);
  return payload;
}

/** What a run of event `name` gets when a test gives no payload: GitHub's example. */
export function defaultEvent(name: string, repository = REPOSITORY): unknown {
  const zero = '0'.repeat(40);
  switch (name) {
    case 'push':
      return pushEvent({ ref: 'refs/heads/main', before: zero, after: zero }, repository);
    case 'workflow_dispatch':
      return workflowDispatchEvent({}, repository);
    case 'schedule':
      return scheduleEvent(undefined, repository);
    case 'workflow_run':
      return workflowRunEvent(repository);
    default:
      throw new Error(`give the ${name} event's payload: there is no default for it`);
  }
}
