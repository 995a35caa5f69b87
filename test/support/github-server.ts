/**
 * A loopback GitHub REST API for tests: a node:http server holding repositories, pull requests,
 * reviews, teams, commit statuses, issues, comments, labels, git refs, workflow dispatches,
 * deployments and check runs in memory. The real Octokit of @actions/github talks to it through `baseUrl`.
 *
 * Each route is an operation of GitHub's REST API, named by its path template in GitHub's
 * OpenAPI description: its answers are typed with `@octokit/openapi-types` (whole objects, from
 * `github-shapes.ts`), and at test time every answer is validated against the operation's
 * response schema in `@octokit/openapi`; a test whose server sent an answer GitHub could not
 * send fails (`conformance`).
 *
 * It checks the Authorization header (unknown tokens get 401, teams need a token with
 * organisation read access, as on GitHub), paginates as GitHub does (Link header with
 * prev/next/last/first, per_page up to 100), records every request, and fails on demand
 * (`fail`) with any status, including GitHub's secondary rate limit with Retry-After.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { paths } from '@octokit/openapi-types';
import { afterAll, afterEach } from 'vitest';
import { requestProblems, responseProblems } from './github-openapi.js';
import {
  checkRun,
  commit,
  commitStatus,
  deployment,
  deploymentStatus,
  gitRef,
  issue as issueShape,
  issueComment,
  label as labelShape,
  pullRequest,
  repository,
  review,
  simpleUser,
  type Activity,
  type CheckRun,
  type Commit,
  type CommitStatus,
  type Deployment,
  type DeploymentStatus,
  type GitUser,
  type Issue,
  type IssueComment,
  type Label,
  type PullRequest,
  type Review,
  type Schema,
  idOf,
  type SimpleUser,
  type UserRef,
} from './github-shapes.js';

export type { UserRef } from './github-shapes.js';

type Json = Record<string, unknown>;

export interface TokenInfo {
  /** The account the token acts as: authors reviews, comments, statuses. */
  login: string;
  /** May read organisation team members (GITHUB_TOKEN never can). */
  orgRead?: boolean;
  /**
   * The `checks` permission of an installation token (a login ending in `[bot]`); default
   * `write`. A user's token may never write check runs, as on GitHub.
   */
  checks?: 'write' | 'read' | 'none';
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The token sent, or null without an Authorization header. */
  token: string | null;
  status: number;
}

export interface Failure {
  method?: string;
  /** Matched against the path without the query string. */
  path: string | RegExp;
  status: number;
  /** How many matching requests fail before the endpoint works again (default 1). */
  times?: number;
  message?: string;
  headers?: Record<string, string>;
}

export interface PullInit {
  number?: number;
  title?: string;
  body?: string | null;
  labels?: string[];
  author: string | UserRef;
  base?: { ref: string; sha: string };
  head: { ref?: string; sha: string };
  state?: 'open' | 'closed';
  draft?: boolean;
  merged?: boolean;
  /** Default: one commit, the head, written by the author. */
  commits?: CommitInit[];
  /** `owner/name` of a fork the head branch lives in; default this repository. */
  headRepo?: string;
}

/**
 * A commit of a pull request. `author`/`committer` are the accounts GitHub matched to the
 * commit's emails; null when none matches (the commit's own name and email still show).
 */
export interface CommitInit {
  sha: string;
  author: string | UserRef | null;
  /** Default: the author; `web-flow` for commits made in GitHub's web UI. */
  committer?: string | UserRef | null;
  message?: string;
  /**
   * Who pushed it, recorded as the branch's activity (`GET /repos/{owner}/{repo}/activity`).
   * Default: the pull request's author for its first commits, the committer for later pushes;
   * null for a branch of a fork, whose pushes the repository does not see.
   */
  pushedBy?: string | null;
}

export interface ReviewInit {
  user: string | UserRef;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit: string;
  submittedAt?: string;
}

/** A pull request as the server keeps it: GitHub's object, its reviews and its commits. */
/** A pull request as the server keeps it: GitHub's object, its reviews, commits and comments (a pull request is an issue too). */
export type StoredPull = PullRequest & {
  reviews: Review[];
  commitList: Commit[];
  /** Its conversation's comments, which the API serves as issue comments. */
  conversation: IssueComment[];
};
/** A check run as the server keeps it: GitHub's object with every annotation sent to it. */
export type StoredCheckRun = CheckRun & { annotations: Json[] };
/** An issue as the server keeps it: GitHub's object with its comments (not their count). */
export type StoredIssue = Omit<Issue, 'comments' | 'labels'> & {
  comments: IssueComment[];
  labels: Label[];
};

interface RepoState {
  owner: string;
  name: string;
  nextNumber: number;
  pulls: Map<number, StoredPull>;
  issues: Map<number, StoredIssue>;
  labels: Map<string, Label>;
  statuses: Map<string, CommitStatus[]>;
  refs: Map<string, string>;
  dispatches: { workflow: string; ref: string; inputs: Record<string, unknown> }[];
  deployments: (Deployment & { statuses: DeploymentStatus[] })[];
  checkRuns: StoredCheckRun[];
  /** Rulesets in GitHub's shape (`POST /repos/{owner}/{repo}/rulesets`), with their ids. */
  rulesets: Json[];
  /** Pushes to branches, oldest first, in the shape of `GET /repos/{owner}/{repo}/activity`. */
  activity: Activity[];
  /** A bare git repository whose branches the API sees too (`heads/<name>`), as GitHub does. */
  gitDir?: string;
}

/** A ref (`heads/main`) of the repository: set through the API, or in its git directory. */
function refOf(r: RepoState, name: string): string | undefined {
  const set = r.refs.get(name);
  if (set || !r.gitDir) return set;
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/${name}^{commit}`], {
      cwd: r.gitDir,
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

interface Request {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  token: TokenInfo;
  repo: RepoState | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// ------------------------------------------------------------------ typing by operation

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Operation<P extends keyof paths, M extends keyof paths[P]> = NonNullable<paths[P][M]>;
type Responses<O> = O extends { responses: infer R } ? R : never;
type BodyOf<R> = R extends { content: infer C }
  ? [C] extends [never]
    ? undefined
    : C extends { 'application/json': infer B }
      ? B
      : undefined
  : undefined;
/** One of the answers the operation documents, with the body its schema types. */
type Documented<O> = {
  [S in keyof Responses<O>]: S extends number
    ? BodyOf<Responses<O>[S]> extends undefined
      ? { status: S; body?: undefined; headers?: Record<string, string> }
      : { status: S; body: BodyOf<Responses<O>[S]>; headers?: Record<string, string> }
    : never;
}[keyof Responses<O>];
/** The items of a list operation: returned as an array, the server pages them. */
type Items<O> = 200 extends keyof Responses<O>
  ? BodyOf<Responses<O>[200]> extends (infer T)[]
    ? T[]
    : never
  : never;
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429 | 500 | 502 | 503;
type ErrorReply = {
  status: ErrorStatus;
  body: Schema<'basic-error'> | Schema<'validation-error'> | Schema<'validation-error-simple'>;
  headers?: Record<string, string>;
};
type Handler<P extends keyof paths, M extends keyof paths[P]> = (
  req: Request,
) => Documented<Operation<P, M>> | Items<Operation<P, M>> | ErrorReply;

/** fnmatch as rulesets use it: `*` within a path segment, `**` across segments. */
function globMatch(pattern: string, text: string): boolean {
  const re = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${re}$`).test(text);
}

const error = (
  status: ErrorStatus,
  message: string,
  extra: { errors?: (string | Json)[] } = {},
): ErrorReply => ({
  status,
  body: {
    message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
    ...(extra as object),
  },
});

/** An answer whose status stays a literal, so the operation's types pick its body. */
const reply = <S extends number, B>(status: S, body: B) => ({ status, body });

const loginOf = (u: string | UserRef) => (typeof u === 'string' ? u : u.login);

/** An issue in the API's shape: its comments are a count there. */
const issueOut = ({ comments, ...i }: StoredIssue): Issue => ({ ...i, comments: comments.length });
const pullOut = ({ reviews: _r, conversation, commitList, ...p }: StoredPull): PullRequest => ({
  ...p,
  commits: commitList.length,
  comments: conversation.length,
});
/** A pull request as lists give it; their types say a label's description is never null. */
const pullInList = (p: StoredPull): Schema<'pull-request-simple'> => ({
  ...pullOut(p),
  labels: p.labels.map((l) => ({ ...l, description: l.description ?? '' })),
  requested_teams: [],
});

export class FakeGitHub {
  /** The API root to give Octokit as `baseUrl`. */
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new Map<string, TokenInfo>();
  readonly teams = new Map<string, string[]>();
  /**
   * Answers that GitHub's REST API description does not allow, with ajv's words; `start`
   * fails the test that caused them. Only collected when the server validates.
   */
  readonly nonconforming: string[] = [];
  private readonly repos = new Map<string, RepoState>();
  private readonly failures: (Failure & { left: number })[] = [];
  private readonly routes: {
    method: string;
    template: string;
    pattern: RegExp;
    keys: string[];
    handler: (req: Request) => Reply | unknown[];
  }[] = [];
  private server: Server | undefined;
  private nextId = 1000;
  private clock = Date.parse('2026-11-21T09:00:00Z');

  /**
   * Starts a server on a free loopback port; it stops when the test file ends. Every answer is
   * checked against GitHub's REST API description, and a test whose answers did not conform
   * fails after it.
   */
  static async start(tokens: Record<string, TokenInfo> = {}): Promise<FakeGitHub> {
    const gh = await FakeGitHub.listen(tokens, { validate: true });
    afterEach(() => {
      const found = gh.nonconforming.splice(0);
      if (found.length)
        throw new Error(
          `the loopback GitHub API sent answers GitHub's description does not allow:\n${found.join('\n')}`,
        );
    });
    afterAll(() => gh.close());
    return gh;
  }

  /** Starts a server outside a test (benchmarks, unvalidated by default): close it yourself. */
  static async listen(
    tokens: Record<string, TokenInfo> = {},
    options: { validate?: boolean } = {},
  ): Promise<FakeGitHub> {
    const gh = new FakeGitHub(options.validate ?? false);
    for (const [token, info] of Object.entries(tokens)) gh.tokens.set(token, info);
    await gh.bind();
    return gh;
  }

  private constructor(private readonly validate: boolean) {
    this.defineRoutes();
    this.defineCheckRoutes();
  }

  private async bind(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ------------------------------------------------------------------ state helpers

  /** The repository `owner/name`, created empty on first use. */
  repo(fullName: string): RepoState {
    let r = this.repos.get(fullName.toLowerCase());
    if (!r) {
      const [owner, name] = fullName.split('/') as [string, string];
      r = {
        owner,
        name,
        nextNumber: 1,
        pulls: new Map(),
        issues: new Map(),
        labels: new Map(),
        statuses: new Map(),
        refs: new Map(),
        dispatches: [],
        deployments: [],
        checkRuns: [],
        rulesets: [],
        activity: [],
      };
      this.repos.set(fullName.toLowerCase(), r);
    }
    return r;
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private user(u: string | UserRef): SimpleUser {
    return simpleUser(this.url, u);
  }

  private full(r: RepoState): string {
    return `${r.owner}/${r.name}`;
  }

  addPull(fullName: string, init: PullInit): number {
    const r = this.repo(fullName);
    const number = init.number ?? r.nextNumber;
    r.nextNumber = Math.max(r.nextNumber, number + 1);
    const pull = pullRequest(this.url, this.full(r), {
      id: this.nextId++,
      number,
      title: init.title ?? `Pull request ${number}`,
      body: init.body ?? null,
      state: init.state ?? 'open',
      draft: init.draft ?? false,
      merged: init.merged ?? false,
      user: this.user(init.author),
      createdAt: this.now(),
      base: { ref: init.base?.ref ?? 'main', sha: init.base?.sha ?? '0'.repeat(40) },
      head: {
        ref: init.head.ref ?? `pr-${number}`,
        sha: init.head.sha,
        repo: init.headRepo ?? this.full(r),
      },
    });
    r.pulls.set(number, {
      ...pull,
      labels: (init.labels ?? []).map((name) => this.label(r, name)),
      reviews: [],
      commitList: [],
      conversation: [],
    });
    // A fork's pushes are the fork's activity, not this repository's.
    const opener = loginOf(init.author);
    for (const c of init.commits ?? [{ sha: init.head.sha, author: init.author }])
      this.addCommit(fullName, number, { pushedBy: init.headRepo ? null : opener, ...c });
    return number;
  }

  /**
   * A pull request merged into `base` whose head is `sha` and whose merge left `sha` on the base
   * branch (a fast-forward or squash), approved on `sha` by each of `approvers`.
   */
  mergedPull(
    fullName: string,
    init: { sha: string; author: string; approvers: string[]; base?: string; title?: string },
  ): number {
    const number = this.addPull(fullName, {
      author: init.author,
      ...(init.title ? { title: init.title } : {}),
      base: { ref: init.base ?? 'main', sha: '0'.repeat(40) },
      head: { sha: init.sha },
      state: 'closed',
      merged: true,
    });
    const pull = this.repo(fullName).pulls.get(number)!;
    pull.merge_commit_sha = init.sha;
    pull.merged_by = this.user(init.approvers[0] ?? init.author);
    for (const user of init.approvers)
      this.addReview(fullName, number, { user, state: 'APPROVED', commit: init.sha });
    return number;
  }

  /**
   * Moves a pull request's head to a new commit, as a push to its branch does; the commit is
   * written by `commit` (default: the pull request's author).
   */
  pushToPull(
    fullName: string,
    number: number,
    sha: string,
    commit: Omit<CommitInit, 'sha'> = {
      author: this.repo(fullName).pulls.get(number)!.user.login,
    },
  ): void {
    const pull = this.repo(fullName).pulls.get(number)!;
    pull.head.sha = sha;
    pull.statuses_url = pull._links.statuses.href = `${pull.base.repo.url}/statuses/${sha}`;
    pull.updated_at = this.now();
    this.addCommit(fullName, number, { ...commit, sha });
  }

  /** Appends a commit to a pull request's list, in GitHub's shape (`GET /pulls/{n}/commits`). */
  addCommit(fullName: string, number: number, init: CommitInit): void {
    const r = this.repo(fullName);
    const pull = r.pulls.get(number);
    if (!pull) throw new Error(`no pull request ${fullName}#${number}`);
    const committer = init.committer === undefined ? init.author : init.committer;
    // A null account: an email no GitHub account has, e.g. a laptop's default one.
    const person = (u: string | UserRef | null): GitUser => {
      const login = u === null ? null : loginOf(u);
      const date = this.now();
      if (login === null) return { name: 'dev', email: 'dev@laptop.local', date };
      return login === 'web-flow'
        ? { name: 'GitHub', email: 'noreply@github.com', date }
        : { name: login, email: `${login}@users.noreply.github.com`, date };
    };
    const parent = pull.commitList.at(-1)?.sha ?? pull.base.sha;
    const fork = pull.head.repo?.fork === true;
    const pusher =
      init.pushedBy !== undefined
        ? init.pushedBy
        : fork || committer === null || committer === 'web-flow'
          ? null
          : loginOf(committer);
    if (pusher !== null) {
      const id = this.nextId++;
      r.activity.push({
        id,
        node_id: `RA_${id}`,
        before: parent,
        after: init.sha,
        ref: `refs/heads/${pull.head.ref}`,
        timestamp: this.now(),
        activity_type: 'push',
        actor: this.user(pusher),
      });
    }
    pull.commitList.push(
      commit(this.url, this.full(r), {
        sha: init.sha,
        parent,
        message: init.message ?? `Commit ${init.sha.slice(0, 7)}`,
        author: person(init.author),
        committer: person(committer),
        authorAccount: init.author === null ? null : this.user(init.author),
        committerAccount: committer === null ? null : this.user(committer),
      }),
    );
  }

  addReview(fullName: string, number: number, init: ReviewInit): void {
    const r = this.repo(fullName);
    const pull = r.pulls.get(number);
    if (!pull) throw new Error(`no pull request ${fullName}#${number}`);
    pull.reviews.push(
      review(this.url, this.full(r), {
        id: this.nextId++,
        pull: number,
        user: this.user(init.user),
        state: init.state,
        commit: init.commit,
        submittedAt: init.state === 'PENDING' ? undefined : (init.submittedAt ?? this.now()),
      }),
    );
  }

  /** An issue as if opened earlier, e.g. past incidents; returns its number. */
  addIssue(
    fullName: string,
    init: {
      title: string;
      body?: string;
      labels?: string[];
      state?: 'open' | 'closed';
      createdAt?: string;
      author?: string;
    },
  ): number {
    const r = this.repo(fullName);
    const number = r.nextNumber++;
    r.issues.set(number, {
      ...issueShape(this.url, this.full(r), {
        id: this.nextId++,
        number,
        title: init.title,
        body: init.body ?? null,
        state: init.state ?? 'open',
        user: this.user(init.author ?? 'octocat'),
        labels: (init.labels ?? []).map((name) => this.label(r, name)),
        createdAt: init.createdAt ?? this.now(),
      }),
      labels: [],
      comments: [],
    });
    r.issues.get(number)!.labels = (init.labels ?? []).map((name) => this.label(r, name));
    return number;
  }

  /** A pull request as the issues API gives it: an issue with a `pull_request` link. */
  private pullAsIssue(r: RepoState, p: StoredPull): Issue {
    return {
      ...issueShape(this.url, this.full(r), {
        id: Number(p.id),
        number: p.number,
        title: p.title,
        body: p.body,
        state: p.state as 'open' | 'closed',
        user: p.user,
        labels: p.labels,
        createdAt: p.created_at,
      }),
      html_url: p.html_url,
      comments: p.conversation.length,
      updated_at: p.updated_at,
      closed_at: p.closed_at,
      pull_request: {
        url: p.url,
        html_url: p.html_url,
        diff_url: p.diff_url,
        patch_url: p.patch_url,
        merged_at: p.merged_at,
      },
    };
  }

  /**
   * A comment on an issue or pull request as if written earlier, e.g. by an older version of
   * the tool; returns its id.
   */
  addComment(fullName: string, number: number, init: { body: string; author: string }): number {
    const r = this.repo(fullName);
    const thread = r.issues.get(number)?.comments ?? r.pulls.get(number)?.conversation;
    if (!thread) throw new Error(`no issue or pull request ${fullName}#${number}`);
    const comment = issueComment(this.url, this.full(r), {
      id: this.nextId++,
      issue: number,
      body: init.body,
      user: this.user(init.author),
      createdAt: this.now(),
    });
    thread.push(comment);
    return Number(comment.id);
  }

  /** The comments of an issue or pull request, oldest first, as the test sees them. */
  comments(fullName: string, number: number): IssueComment[] {
    const r = this.repo(fullName);
    return r.issues.get(number)?.comments ?? r.pulls.get(number)?.conversation ?? [];
  }

  /** An issue with its comments, as the test sees it. */
  issue(fullName: string, number: number): StoredIssue | undefined {
    return this.repo(fullName).issues.get(number);
  }

  /**
   * A ruleset as GitHub stores it (the JSON of Settings › Rules › Rulesets › Export, or the
   * body of `POST /repos/{owner}/{repo}/rulesets`); returns its id. Its branch rules are what
   * `GET /repos/{owner}/{repo}/rules/branches/{branch}` answers.
   */
  addRuleset(fullName: string, ruleset: Json): number {
    const id = this.nextId++;
    this.repo(fullName).rulesets.push({
      ...ruleset,
      id,
      source_type: 'Repository',
      source: fullName,
    });
    return id;
  }

  addTeam(org: string, slug: string, members: string[]): void {
    this.teams.set(`${org}/${slug}`.toLowerCase(), members);
  }

  /** Makes matching requests fail; the first matching rule added wins. */
  fail(rule: Failure): void {
    this.failures.push({ ...rule, left: rule.times ?? 1 });
  }

  /** GitHub's secondary rate limit: 403 with a Retry-After header and its usual message. */
  failSecondaryRateLimit(path: string | RegExp, retryAfterSeconds: number, times = 1): void {
    this.fail({
      path,
      status: 403,
      times,
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before trying again.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }

  /** The check runs of the repository, oldest first, with their annotations. */
  checkRuns(fullName: string): StoredCheckRun[] {
    return this.repo(fullName).checkRuns;
  }

  statuses(fullName: string, sha: string): CommitStatus[] {
    return this.repo(fullName).statuses.get(sha) ?? [];
  }

  /** Requests to paths matching `path`, in order. */
  calls(path: string | RegExp, method = 'GET'): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  // ------------------------------------------------------------------ HTTP

  /**
   * Adds an endpoint: an operation of GitHub's REST API by its method and path template
   * (`'get', '/repos/{owner}/{repo}/pulls/{pull_number}'`), whose answers the official types
   * check. `{ref}` and `{branch}` may hold slashes, as git refs do.
   */
  route<P extends keyof paths, M extends Method & keyof paths[P]>(
    method: M,
    template: P,
    handler: Handler<P, M>,
  ): void {
    const keys: string[] = [];
    const pattern = String(template)
      .replace(/[.]/g, '\\.')
      .replace(/\{(\w+)\}/g, (_m, key: string) => {
        keys.push(key);
        return key === 'ref' || key === 'branch' ? '(.+)' : '([^/]+)';
      });
    this.routes.push({
      method: method.toUpperCase(),
      template: String(template),
      pattern: new RegExp(`^${pattern}$`),
      keys,
      handler: handler as (req: Request) => Reply | unknown[],
    });
  }

  /**
   * Called with each request before it is answered, e.g. to kill the client between two of its
   * steps. Returning a promise holds the answer until it settles.
   */
  onRequest: ((method: string, path: string) => void | Promise<void>) | undefined;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    await this.onRequest?.(req.method ?? 'GET', url.pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Json;
    try {
      body = raw ? (JSON.parse(raw) as Json) : {};
    } catch {
      return this.send(res, req, url, raw, null, error(400, 'Problems parsing JSON'));
    }
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const { reply, template } = this.dispatch(req.method ?? 'GET', url, body, auth);
    if (this.validate && template && reply.body !== undefined) {
      const problems = responseProblems(req.method ?? 'GET', template, reply.status, reply.body);
      for (const problem of problems.slice(0, 10))
        this.nonconforming.push(`${req.method} ${template} ${reply.status}: ${problem}`);
    }
    this.send(res, req, url, body, auth, reply);
  }

  private send(
    res: ServerResponse,
    req: IncomingMessage,
    url: URL,
    body: unknown,
    token: string | null,
    reply: Reply,
  ): void {
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      token,
      status: reply.status,
    });
    const headers: Record<string, string> = {
      'x-github-request-id': `FAKE:${this.requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    };
    if (reply.body === undefined || reply.status === 204) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    res
      .writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(reply.body));
  }

  /** The answer, and the operation's path template when a route answered. */
  private dispatch(
    method: string,
    url: URL,
    body: Json,
    auth: string | null,
  ): { reply: Reply; template?: string } {
    const path = url.pathname;
    const route = this.routes
      .map((r) => ({ r, m: r.method === method ? r.pattern.exec(path) : null }))
      .find((x) => x.m);
    const template = route?.r.template;
    const failure = this.failures.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (failure) {
      failure.left--;
      const injected = error(
        failure.status as ErrorStatus,
        failure.message ?? `injected failure ${failure.status}`,
      );
      return { reply: { ...injected, headers: failure.headers ?? {} }, template };
    }
    if (!auth) return { reply: error(401, 'Requires authentication'), template };
    const token = this.tokens.get(auth);
    if (!token) return { reply: error(401, 'Bad credentials'), template };
    if (!route) return { reply: error(404, 'Not Found') };

    const params = Object.fromEntries(
      route.r.keys.map((k, i) => [k, decodeURIComponent(route.m![i + 1]!)]),
    );
    const repo =
      params.owner && params.repo
        ? this.repos.get(`${params.owner}/${params.repo}`.toLowerCase())
        : undefined;
    if (params.owner && params.repo && !repo) return { reply: error(404, 'Not Found'), template };
    const query = Object.fromEntries(url.searchParams);
    const out = route.r.handler({ method, path, params, query, body, token, repo });
    return { reply: Array.isArray(out) ? this.page(url, out) : out, template };
  }

  /**
   * A page of a list as GitHub serves it: `per_page` (default 30) capped at 100, and a Link
   * header with `prev`, `next`, `last` and `first` (in GitHub's order) where they exist.
   */
  private page(url: URL, items: unknown[]): Reply {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const u = new URL(url.toString());
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first')] : []),
    ];
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  }

  // ------------------------------------------------------------------ endpoints

  private defineRoutes(): void {
    const R = '/repos/{owner}/{repo}';
    const pull = (req: Request) => req.repo!.pulls.get(Number(req.params.pull_number));
    const issue = (req: Request) => req.repo!.issues.get(Number(req.params.issue_number));
    const full = (req: Request) => this.full(req.repo!);

    this.route('get', `${R}/pulls`, (req) => {
      const state = req.query.state ?? 'open';
      const head = req.query.head;
      return [...req.repo!.pulls.values()]
        .filter((p) => state === 'all' || p.state === state)
        .filter((p) => !head || `${req.repo!.owner}:${p.head.ref}` === head)
        .sort((a, b) => b.number - a.number)
        .map(pullInList);
    });
    this.route('post', `${R}/pulls`, (req) => {
      const r = req.repo!;
      const head = String(req.body.head ?? '');
      const sha = refOf(r, `heads/${head}`);
      if (!req.body.title || !req.body.base || !sha)
        return error(422, 'Validation Failed', {
          errors: [{ resource: 'PullRequest', field: sha ? 'title' : 'head', code: 'invalid' }],
        });
      const number = this.addPull(this.full(r), {
        title: String(req.body.title),
        body: typeof req.body.body === 'string' ? req.body.body : null,
        author: req.token.login,
        base: {
          ref: String(req.body.base),
          sha: refOf(r, `heads/${String(req.body.base)}`) ?? '0'.repeat(40),
        },
        head: { ref: head, sha },
      });
      return reply(201, pullOut(r.pulls.get(number)!));
    });
    // The pull requests a commit belongs to: its merge commit, its head, or one of its commits
    // (reachable from the head, not from the base), as GitHub associates them.
    this.route('get', `${R}/commits/{commit_sha}/pulls`, (req) => {
      const r = req.repo!;
      const sha = req.params.commit_sha!;
      const inGit = (ancestor: string, of: string) => {
        if (!r.gitDir || /^0+$/.test(of)) return false;
        try {
          execFileSync('git', ['merge-base', '--is-ancestor', ancestor, of], { cwd: r.gitDir });
          return true;
        } catch {
          return false;
        }
      };
      return [...r.pulls.values()]
        .filter(
          (p) =>
            p.merge_commit_sha === sha ||
            p.head.sha === sha ||
            (inGit(sha, p.head.sha) && !inGit(sha, p.base.sha)),
        )
        .map(pullInList);
    });
    this.route('get', `${R}/pulls/{pull_number}`, (req) => {
      const p = pull(req);
      return p ? reply(200, pullOut(p)) : error(404, 'Not Found');
    });
    this.route('get', `${R}/pulls/{pull_number}/reviews`, (req) => pull(req)?.reviews ?? []);
    // GitHub returns at most 250 commits here, whatever the page asked for.
    this.route('get', `${R}/pulls/{pull_number}/commits`, (req) => {
      const p = pull(req);
      if (!p) return error(404, 'Not Found');
      return p.commitList.slice(0, 250);
    });
    this.route('post', `${R}/pulls/{pull_number}/reviews`, (req) => {
      const p = pull(req);
      if (!p) return error(404, 'Not Found');
      const states: Record<string, ReviewInit['state']> = {
        APPROVE: 'APPROVED',
        REQUEST_CHANGES: 'CHANGES_REQUESTED',
        COMMENT: 'COMMENTED',
      };
      const state = states[String(req.body.event ?? '')] ?? 'PENDING';
      if (p.user.login === req.token.login && state !== 'COMMENTED' && state !== 'PENDING')
        return error(422, 'Unprocessable Entity', {
          errors: ['Can not approve your own pull request'],
        });
      this.addReview(full(req), p.number, {
        user: req.token.login,
        state,
        commit: String(req.body.commit_id ?? p.head.sha),
      });
      return reply(200, p.reviews.at(-1)!);
    });

    // Newest first, as GitHub lists them; `ref` is a branch name or its full ref.
    this.route('get', `${R}/activity`, (req) => {
      const ref = req.query.ref
        ? req.query.ref.startsWith('refs/')
          ? req.query.ref
          : `refs/heads/${req.query.ref}`
        : undefined;
      return req
        .repo!.activity.filter((a) => !ref || a.ref === ref)
        .filter((a) => !req.query.activity_type || a.activity_type === req.query.activity_type)
        .reverse();
    });
    this.route('post', `${R}/rulesets`, (req) => {
      if (!req.body.name || !Array.isArray(req.body.rules))
        return error(422, 'Validation Failed', {
          errors: ['Invalid request: name and rules are required'],
        });
      const id = this.addRuleset(full(req), req.body);
      // The ruleset is the test's JSON, an export of GitHub's; the schema check vouches for it.
      const ruleset = req.repo!.rulesets.find((r) => r.id === id) as Schema<'repository-ruleset'>;
      return reply(201, ruleset);
    });
    // Rules in force on a branch, whether it exists or not: those of active rulesets whose
    // conditions include it, each named with its ruleset (GitHub's "Get rules for a branch").
    this.route('get', `${R}/rules/branches/{branch}`, (req) => {
      const ref = `refs/heads/${req.params.branch!}`;
      const matches = (pattern: string) =>
        pattern === '~ALL' ||
        (pattern === '~DEFAULT_BRANCH' ? ref === 'refs/heads/main' : globMatch(pattern, ref));
      return req
        .repo!.rulesets.filter((rs) => {
          if (rs.enforcement !== 'active' || (rs.target ?? 'branch') !== 'branch') return false;
          const names = ((rs.conditions as Json | undefined)?.ref_name ?? {}) as {
            include?: string[];
            exclude?: string[];
          };
          return (names.include ?? []).some(matches) && !(names.exclude ?? []).some(matches);
        })
        .flatMap((rs) =>
          (rs.rules as Json[]).map(
            (rule) =>
              ({
                ...rule,
                ruleset_source_type: rs.source_type,
                ruleset_source: rs.source,
                ruleset_id: rs.id,
              }) as Schema<'repository-rule-detailed'>,
          ),
        );
    });

    // An installation token (GITHUB_TOKEN, a GitHub App) is no user: GitHub answers 403.
    this.route('get', '/user', (req) => {
      if (req.token.login.endsWith('[bot]'))
        return error(403, 'Resource not accessible by integration');
      const at = '2020-03-01T10:00:00Z';
      return reply(200, {
        ...this.user(req.token.login),
        name: req.token.login,
        company: null,
        blog: '',
        location: null,
        email: null,
        hireable: null,
        bio: null,
        twitter_username: null,
        public_repos: 3,
        public_gists: 0,
        followers: 1,
        following: 1,
        created_at: at,
        updated_at: at,
      });
    });
    this.route('get', '/orgs/{org}/teams/{team_slug}/members', (req) => {
      if (!req.token.orgRead) return error(403, 'Resource not accessible by integration');
      const members = this.teams.get(`${req.params.org}/${req.params.team_slug}`.toLowerCase());
      if (!members) return error(404, 'Not Found');
      return members.map((login) => this.user(login));
    });
    this.route('get', '/orgs/{org}/teams/{team_slug}/memberships/{username}', (req) => {
      if (!req.token.orgRead) return error(403, 'Resource not accessible by integration');
      const [org, team, username] = [req.params.org!, req.params.team_slug!, req.params.username!];
      const members = this.teams.get(`${org}/${team}`.toLowerCase());
      if (!members?.some((m) => m.toLowerCase() === username.toLowerCase()))
        return error(404, 'Not Found');
      return reply(200, {
        url: `${this.url}/organizations/${idOf(org)}/team/${idOf(team)}/memberships/${username}`,
        role: 'member' as const,
        state: 'active' as const,
      });
    });

    this.route('post', `${R}/statuses/{sha}`, (req) => {
      const state = String(req.body.state ?? '');
      if (!['error', 'failure', 'pending', 'success'].includes(state))
        return error(422, 'Validation Failed', { errors: [{ field: 'state', code: 'invalid' }] });
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      const status = commitStatus(this.url, full(req), {
        id: this.nextId++,
        sha: req.params.sha!,
        state,
        context: text(req.body.context) ?? 'default',
        description: text(req.body.description),
        targetUrl: text(req.body.target_url),
        creator: this.user(req.token.login),
        createdAt: this.now(),
      });
      const list = req.repo!.statuses.get(req.params.sha!) ?? [];
      req.repo!.statuses.set(req.params.sha!, [status, ...list]);
      return reply(201, status);
    });
    this.route(
      'get',
      `${R}/commits/{ref}/statuses`,
      (req) => req.repo!.statuses.get(req.params.ref!) ?? [],
    );
    this.route('get', `${R}/commits/{ref}/status`, (req) => {
      const r = req.repo!;
      const latest = new Map<string, CommitStatus>();
      for (const s of r.statuses.get(req.params.ref!) ?? [])
        if (!latest.has(s.context)) latest.set(s.context, s);
      const states = [...latest.values()].map((s) => s.state);
      const state = states.some((s) => s === 'failure' || s === 'error')
        ? 'failure'
        : states.every((s) => s === 'success') && states.length
          ? 'success'
          : 'pending';
      const repo = repository(this.url, this.full(r));
      const { license: _license, ...minimal } = repo;
      return reply(200, {
        state,
        sha: req.params.ref!,
        statuses: [...latest.values()].map((s) => ({
          ...s,
          required: false,
          avatar_url: s.avatar_url,
        })),
        total_count: latest.size,
        repository: minimal,
        commit_url: `${repo.url}/commits/${req.params.ref!}`,
        url: `${repo.url}/commits/${req.params.ref!}/status`,
      });
    });

    this.route('get', `${R}/issues`, (req) => {
      const state = req.query.state ?? 'open';
      const labels = (req.query.labels ?? '').split(',').filter(Boolean);
      const since = req.query.since ? Date.parse(req.query.since) : -Infinity;
      // GitHub lists pull requests among the issues, marked by `pull_request`.
      const pulls = [...req.repo!.pulls.values()].map((p) => this.pullAsIssue(req.repo!, p));
      const named = (l: Issue['labels'][number]) => (typeof l === 'string' ? l : l.name);
      return [...[...req.repo!.issues.values()].map(issueOut), ...pulls]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => named(x) === l)))
        .filter((i) => Date.parse(i.updated_at) >= since)
        .sort((a, b) => b.number - a.number);
    });
    this.route('post', `${R}/issues`, (req) => {
      if (!req.body.title)
        return error(422, 'Validation Failed', {
          errors: [{ field: 'title', code: 'missing_field' }],
        });
      const r = req.repo!;
      const number = this.addIssue(this.full(r), {
        title: String(req.body.title),
        ...(typeof req.body.body === 'string' ? { body: req.body.body } : {}),
        labels: (req.body.labels as string[] | undefined) ?? [],
        author: req.token.login,
      });
      const created = r.issues.get(number)!;
      created.assignees = ((req.body.assignees as string[] | undefined) ?? []).map((a) =>
        this.user(a),
      );
      created.assignee = created.assignees[0] ?? null;
      return reply(201, issueOut(created));
    });
    this.route('get', `${R}/issues/{issue_number}`, (req) => {
      const i = issue(req);
      return i ? reply(200, issueOut(i)) : error(404, 'Not Found');
    });
    this.route('patch', `${R}/issues/{issue_number}`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      if (typeof req.body.title === 'string') i.title = req.body.title;
      if ('body' in req.body) i.body = typeof req.body.body === 'string' ? req.body.body : null;
      if (req.body.state === 'open' || req.body.state === 'closed') {
        i.state = req.body.state;
        i.closed_at = i.state === 'closed' ? this.now() : null;
      }
      if ('state_reason' in req.body)
        i.state_reason = (req.body.state_reason as StoredIssue['state_reason']) ?? null;
      i.updated_at = this.now();
      if (Array.isArray(req.body.labels))
        i.labels = (req.body.labels as string[]).map((name) => this.label(req.repo!, name));
      return reply(200, issueOut(i));
    });
    // GitHub refuses a comment body over 65536 characters.
    const MAX_COMMENT = 65536;
    const tooLong = () =>
      error(422, 'Validation Failed', {
        errors: [
          {
            resource: 'IssueComment',
            field: 'body',
            code: 'custom',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
      });
    // A pull request is an issue: its conversation's comments are issue comments.
    const thread = (req: Request) => {
      const i = issue(req);
      if (i) return { item: i, comments: i.comments };
      const p = req.repo!.pulls.get(Number(req.params.issue_number));
      return p ? { item: p, comments: p.conversation } : undefined;
    };
    this.route('get', `${R}/issues/{issue_number}/comments`, (req) => {
      const t = thread(req);
      return t ? t.comments : error(404, 'Not Found');
    });
    this.route('patch', `${R}/issues/comments/{comment_id}`, (req) => {
      const comment = [
        ...[...req.repo!.issues.values()].flatMap((i) => i.comments),
        ...[...req.repo!.pulls.values()].flatMap((p) => p.conversation),
      ].find((c) => String(c.id) === req.params.comment_id);
      if (!comment) return error(404, 'Not Found');
      if (String(req.body.body ?? '').length > MAX_COMMENT) return tooLong();
      comment.body = String(req.body.body ?? '');
      comment.updated_at = this.now();
      return reply(200, comment);
    });
    this.route('post', `${R}/issues/{issue_number}/comments`, (req) => {
      const t = thread(req);
      if (!t) return error(404, 'Not Found');
      if (!req.body.body)
        return error(422, 'Validation Failed', {
          errors: [{ field: 'body', code: 'missing_field' }],
        });
      if (String(req.body.body).length > MAX_COMMENT) return tooLong();
      const id = this.addComment(full(req), t.item.number, {
        body: String(req.body.body),
        author: req.token.login,
      });
      t.item.updated_at = this.now();
      return reply(
        201,
        t.comments.find((c) => c.id === id)!,
      );
    });
    this.route('post', `${R}/issues/{issue_number}/labels`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      for (const name of (req.body.labels as string[] | undefined) ?? [])
        if (!i.labels.some((l) => l.name === name)) i.labels.push(this.label(req.repo!, name));
      return reply(200, i.labels);
    });
    this.route('delete', `${R}/issues/{issue_number}/labels/{name}`, (req) => {
      const i = issue(req);
      if (!i?.labels.some((l) => l.name === req.params.name))
        return error(404, 'Label does not exist');
      i.labels = i.labels.filter((l) => l.name !== req.params.name);
      return reply(200, i.labels);
    });
    this.route('post', `${R}/issues/{issue_number}/assignees`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      // As on GitHub: logins that cannot be assigned are ignored, not refused.
      const assignees = i.assignees ?? [];
      for (const login of (req.body.assignees as string[] | undefined) ?? [])
        if (!assignees.some((a) => a.login === login)) assignees.push(this.user(login));
      i.assignees = assignees;
      i.assignee = assignees[0] ?? null;
      return reply(201, issueOut(i));
    });
    this.route('get', `${R}/labels`, (req) => [...req.repo!.labels.values()]);
    this.route('post', `${R}/labels`, (req) => {
      const name = String(req.body.name ?? '');
      if (!name || req.repo!.labels.has(name))
        return error(422, 'Validation Failed', {
          errors: [
            { resource: 'Label', code: name ? 'already_exists' : 'missing_field', field: 'name' },
          ],
        });
      return reply(201, this.label(req.repo!, name, req.body));
    });

    this.route('get', `${R}/git/ref/{ref}`, (req) => {
      const sha = req.repo!.refs.get(req.params.ref!);
      return sha
        ? reply(200, gitRef(this.url, full(req), req.params.ref!, sha))
        : error(404, 'Not Found');
    });
    this.route('get', `${R}/git/matching-refs/{ref}`, (req) =>
      [...req.repo!.refs]
        .filter(([name]) => name.startsWith(req.params.ref!))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => gitRef(this.url, full(req), name, sha)),
    );
    this.route('post', `${R}/git/refs`, (req) => {
      const ref = String(req.body.ref ?? '');
      const sha = String(req.body.sha ?? '');
      if (!/^refs\/.+/.test(ref) || !/^[0-9a-f]{40}$/.test(sha))
        return error(422, 'Reference update failed');
      const name = ref.slice('refs/'.length);
      if (req.repo!.refs.has(name)) return error(422, 'Reference already exists');
      req.repo!.refs.set(name, sha);
      return reply(201, gitRef(this.url, full(req), name, sha));
    });
    this.route('patch', `${R}/git/refs/{ref}`, (req) => {
      if (!req.repo!.refs.has(req.params.ref!)) return error(422, 'Reference does not exist');
      const sha = String(req.body.sha ?? '');
      if (!/^[0-9a-f]{40}$/.test(sha)) return error(422, 'Reference update failed');
      req.repo!.refs.set(req.params.ref!, sha);
      return reply(200, gitRef(this.url, full(req), req.params.ref!, sha));
    });
    this.route('delete', `${R}/git/refs/{ref}`, (req) =>
      req.repo!.refs.delete(req.params.ref!)
        ? { status: 204 as const }
        : error(422, 'Reference does not exist'),
    );

    this.route('post', `${R}/actions/workflows/{workflow_id}/dispatches`, (req) => {
      if (!req.body.ref) return error(422, 'Invalid request', { errors: ['ref is required'] });
      const r = req.repo!;
      r.dispatches.push({
        workflow: req.params.workflow_id!,
        ref: String(req.body.ref),
        inputs: (req.body.inputs as Record<string, unknown> | undefined) ?? {},
      });
      if (req.body.return_run_details !== true) return { status: 204 as const };
      const id = this.nextId++;
      return reply(200, {
        workflow_run_id: id,
        run_url: `${this.url}/repos/${r.owner}/${r.name}/actions/runs/${id}`,
        html_url: `https://github.com/${r.owner}/${r.name}/actions/runs/${id}`,
      });
    });

    this.route('get', `${R}/deployments`, (req) =>
      req
        .repo!.deployments.filter((d) =>
          (['sha', 'ref', 'environment', 'task'] as const).every(
            (k) => !req.query[k] || d[k] === req.query[k],
          ),
        )
        .map(({ statuses: _s, ...d }) => d)
        .reverse(),
    );
    this.route('post', `${R}/deployments`, (req) => {
      if (!req.body.ref)
        return error(422, 'Validation Failed', {
          errors: [{ field: 'ref', code: 'missing_field' }],
        });
      const r = req.repo!;
      const ref = String(req.body.ref);
      const created = deployment(this.url, full(req), {
        id: this.nextId++,
        sha: refOf(r, `heads/${ref}`) ?? ref,
        ref,
        task: typeof req.body.task === 'string' ? req.body.task : 'deploy',
        environment: typeof req.body.environment === 'string' ? req.body.environment : 'production',
        description: typeof req.body.description === 'string' ? req.body.description : null,
        payload: (req.body.payload as Record<string, unknown> | undefined) ?? {},
        creator: this.user(req.token.login),
        createdAt: this.now(),
      });
      r.deployments.push({ ...created, statuses: [] });
      return reply(201, created);
    });
    const deploymentOf = (req: Request) =>
      req.repo!.deployments.find((d) => d.id === Number(req.params.deployment_id));
    this.route(
      'get',
      `${R}/deployments/{deployment_id}/statuses`,
      (req) => deploymentOf(req)?.statuses.slice().reverse() ?? [],
    );
    this.route('post', `${R}/deployments/{deployment_id}/statuses`, (req) => {
      const d = deploymentOf(req);
      if (!d) return error(404, 'Not Found');
      const states = [
        'error',
        'failure',
        'inactive',
        'in_progress',
        'queued',
        'pending',
        'success',
      ] as const;
      const state = states.find((s) => s === req.body.state);
      if (!state)
        return error(422, 'Validation Failed', { errors: [{ field: 'state', code: 'invalid' }] });
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      const status = deploymentStatus(this.url, full(req), {
        id: this.nextId++,
        deployment: Number(d.id),
        state,
        description: text(req.body.description),
        environment: text(req.body.environment) || d.environment,
        logUrl: text(req.body.log_url),
        environmentUrl: text(req.body.environment_url),
        creator: this.user(req.token.login),
        createdAt: this.now(),
      });
      d.statuses.push(status);
      return reply(201, status);
    });
  }

  /**
   * Check runs, as GitHub checks them: only an installation token with `checks: write` may
   * write them; a body must be one the operation's request schema allows (at most 50
   * annotations, each with a path, lines, a level and a message), and an annotation has a
   * repository-relative path, lines from 1, its end at or after its start, and columns only on
   * a single line, as GitHub's docs ask. Annotations are appended to the earlier ones.
   */
  private defineCheckRoutes(): void {
    const R = '/repos/{owner}/{repo}';
    const refused = (token: TokenInfo) =>
      !token.login.endsWith('[bot]')
        ? error(403, 'You must authenticate via a GitHub App.')
        : (token.checks ?? 'write') !== 'write'
          ? error(403, 'Resource not accessible by integration')
          : undefined;
    // `stale` is GitHub's own, which the check-run type leaves out.
    const CONCLUSIONS = [
      'action_required',
      'cancelled',
      'failure',
      'neutral',
      'success',
      'skipped',
      'timed_out',
    ] as const;
    const annotationProblem = (a: Json): string | undefined => {
      const start = a.start_line as number;
      const end = a.end_line as number;
      if (!a.path || String(a.path).startsWith('/') || /^[A-Za-z]:|\\/.test(String(a.path)))
        return 'annotation path must be relative to the repository root';
      if (start < 1 || end < start)
        return 'annotation start_line and end_line must be lines, end at or after start';
      if ((a.start_column !== undefined || a.end_column !== undefined) && start !== end)
        return 'start_column and end_column are only allowed on single-line annotations';
      return undefined;
    };
    /** What GitHub answers 422 in the body, if anything. */
    const invalid = (method: 'post' | 'patch', template: string, body: Json) => {
      const problems = requestProblems(method, template, body);
      const output = body.output as Json | undefined;
      for (const a of (output?.annotations as Json[] | undefined) ?? []) {
        const problem = problems.length ? undefined : annotationProblem(a);
        if (problem) problems.push(problem);
      }
      return problems.length
        ? error(422, 'Validation Failed', { errors: problems.slice(0, 10) })
        : undefined;
    };
    const apply = (run: StoredCheckRun, body: Json) => {
      const output = body.output as Json | undefined;
      if (output) {
        if (typeof output.title === 'string') run.output.title = output.title;
        run.output.summary = String(output.summary);
        run.annotations.push(...((output.annotations as Json[] | undefined) ?? []));
        run.output.annotations_count = run.annotations.length;
      }
      const conclusion = CONCLUSIONS.find((c) => c === body.conclusion);
      if (conclusion) {
        run.conclusion = conclusion;
        run.status = 'completed';
        run.completed_at = this.now();
      } else if (body.status === 'in_progress' || body.status === 'queued')
        run.status = body.status;
    };
    const out = ({ annotations: _a, ...run }: StoredCheckRun): CheckRun => run;

    this.route('post', `${R}/check-runs`, (req) => {
      const bad = refused(req.token) ?? invalid('post', `${R}/check-runs`, req.body);
      if (bad) return bad;
      if (!/^[0-9a-f]{40}$/.test(String(req.body.head_sha)))
        return error(422, 'No commit found for SHA: ' + String(req.body.head_sha));
      const r = req.repo!;
      const run: StoredCheckRun = {
        ...checkRun(this.url, this.full(r), {
          id: this.nextId++,
          name: String(req.body.name),
          headSha: String(req.body.head_sha),
          status: 'queued',
          conclusion: null,
          detailsUrl: typeof req.body.details_url === 'string' ? req.body.details_url : null,
          title: null,
          summary: null,
          annotations: 0,
          startedAt: this.now(),
          completedAt: null,
        }),
        annotations: [],
      };
      apply(run, req.body);
      r.checkRuns.push(run);
      return reply(201, out(run));
    });
    this.route('patch', `${R}/check-runs/{check_run_id}`, (req) => {
      const bad =
        refused(req.token) ?? invalid('patch', `${R}/check-runs/{check_run_id}`, req.body);
      if (bad) return bad;
      const run = req.repo!.checkRuns.find((c) => String(c.id) === req.params.check_run_id);
      if (!run) return error(404, 'Not Found');
      apply(run, req.body);
      return reply(200, out(run));
    });
  }

  private label(r: RepoState, name: string, init: Json = {}): Label {
    let found = r.labels.get(name);
    if (!found) {
      found = labelShape(this.url, this.full(r), this.nextId++, {
        name,
        ...(typeof init.color === 'string' ? { color: init.color } : {}),
        ...(typeof init.description === 'string' ? { description: init.description } : {}),
      });
      r.labels.set(name, found);
    }
    return found;
  }
}
