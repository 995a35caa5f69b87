/**
 * A loopback GitHub REST API for tests: a node:http server holding repositories, pull requests,
 * reviews, teams, commit statuses, issues, comments, labels, git refs, workflow dispatches and
 * deployments in memory. The real Octokit of @actions/github talks to it through `baseUrl`.
 *
 * It checks the Authorization header (unknown tokens get 401, teams need a token with
 * organisation read access, as on GitHub), paginates with Link headers (per_page up to 100),
 * records every request, and fails on demand (`fail`) with any status, including GitHub's
 * secondary rate limit with Retry-After. Add an endpoint with `route`.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

type Json = Record<string, unknown>;

export interface TokenInfo {
  /** The account the token acts as: authors reviews, comments, statuses. */
  login: string;
  /** May read organisation team members (GITHUB_TOKEN never can). */
  orgRead?: boolean;
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

export interface UserRef {
  login: string;
  type?: 'User' | 'Bot';
}

export interface PullInit {
  number?: number;
  title?: string;
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

interface RepoState {
  owner: string;
  name: string;
  nextNumber: number;
  pulls: Map<number, Json & { reviews: Json[]; commitList: Json[] }>;
  issues: Map<number, Json & { comments: Json[]; labels: Json[] }>;
  labels: Map<string, Json>;
  statuses: Map<string, Json[]>;
  refs: Map<string, string>;
  dispatches: { workflow: string; ref: string; inputs: Record<string, unknown> }[];
  deployments: (Json & { statuses: Json[] })[];
  /** Rulesets in GitHub's shape (`POST /repos/{owner}/{repo}/rulesets`), with their ids. */
  rulesets: Json[];
  /** Pushes to branches, oldest first, in the shape of `GET /repos/{owner}/{repo}/activity`. */
  activity: Json[];
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

type Handler = (req: Request) => Reply | Json[];

function user(u: string | UserRef): Json {
  const ref = typeof u === 'string' ? { login: u } : u;
  const type = ref.type ?? (ref.login.endsWith('[bot]') ? 'Bot' : 'User');
  return { login: ref.login, id: idOf(ref.login), type, site_admin: false };
}

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

function idOf(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 1_000_000_007;
  return h;
}

const error = (status: number, message: string, extra: Json = {}): Reply => ({
  status,
  body: {
    message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
    ...extra,
  },
});

export class FakeGitHub {
  /** The API root to give Octokit as `baseUrl`. */
  url = '';
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new Map<string, TokenInfo>();
  readonly teams = new Map<string, string[]>();
  private readonly repos = new Map<string, RepoState>();
  private readonly failures: (Failure & { left: number })[] = [];
  private readonly routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] =
    [];
  private server: Server | undefined;
  private nextId = 1000;
  private clock = Date.parse('2026-11-21T09:00:00Z');

  /** Starts a server on a free loopback port; it stops when the test file ends. */
  static async start(tokens: Record<string, TokenInfo> = {}): Promise<FakeGitHub> {
    const gh = await FakeGitHub.listen(tokens);
    afterAll(() => gh.close());
    return gh;
  }

  /** Starts a server outside a test (benchmarks): close it yourself. */
  static async listen(tokens: Record<string, TokenInfo> = {}): Promise<FakeGitHub> {
    const gh = new FakeGitHub();
    for (const [token, info] of Object.entries(tokens)) gh.tokens.set(token, info);
    await gh.bind();
    return gh;
  }

  private constructor() {
    this.defineRoutes();
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

  addPull(fullName: string, init: PullInit): number {
    const r = this.repo(fullName);
    const number = init.number ?? r.nextNumber;
    r.nextNumber = Math.max(r.nextNumber, number + 1);
    const base = `${this.url}/repos/${r.owner}/${r.name}`;
    r.pulls.set(number, {
      id: this.nextId++,
      number,
      title: init.title ?? `Pull request ${number}`,
      state: init.state ?? 'open',
      draft: init.draft ?? false,
      merged: init.merged ?? false,
      user: user(init.author),
      base: {
        ref: init.base?.ref ?? 'main',
        sha: init.base?.sha ?? '0'.repeat(40),
        label: `${r.owner}:main`,
      },
      head: {
        ref: init.head.ref ?? `pr-${number}`,
        sha: init.head.sha,
        label: `${(init.headRepo ?? fullName).split('/')[0]}:pr-${number}`,
        repo: { full_name: init.headRepo ?? `${r.owner}/${r.name}`, fork: !!init.headRepo },
      },
      url: `${base}/pulls/${number}`,
      html_url: `https://github.com/${r.owner}/${r.name}/pull/${number}`,
      reviews: [],
      commitList: [],
    });
    // A fork's pushes are the fork's activity, not this repository's.
    const opener = typeof init.author === 'string' ? init.author : init.author.login;
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
    this.repo(fullName).pulls.get(number)!.merge_commit_sha = init.sha;
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
      author: (this.repo(fullName).pulls.get(number)!.user as Json).login as string,
    },
  ): void {
    (this.repo(fullName).pulls.get(number)!.head as Json).sha = sha;
    this.addCommit(fullName, number, { ...commit, sha });
  }

  /** Appends a commit to a pull request's list, in GitHub's shape (`GET /pulls/{n}/commits`). */
  addCommit(fullName: string, number: number, init: CommitInit): void {
    const r = this.repo(fullName);
    const pull = r.pulls.get(number);
    if (!pull) throw new Error(`no pull request ${fullName}#${number}`);
    const committer = init.committer === undefined ? init.author : init.committer;
    // A null account: an email no GitHub account has, e.g. a laptop's default one.
    const person = (u: string | UserRef | null) => {
      const login = u === null ? null : typeof u === 'string' ? u : u.login;
      const date = this.now();
      if (login === null) return { name: 'dev', email: 'dev@laptop.local', date };
      return login === 'web-flow'
        ? { name: 'GitHub', email: 'noreply@github.com', date }
        : { name: login, email: `${login}@users.noreply.github.com`, date };
    };
    const api = `${this.url}/repos/${r.owner}/${r.name}`;
    const parent = pull.commitList.at(-1)?.sha ?? (pull.base as Json).sha;
    const fork = ((pull.head as Json).repo as Json | undefined)?.fork === true;
    const pusher =
      init.pushedBy !== undefined
        ? init.pushedBy
        : fork || committer === null || committer === 'web-flow'
          ? null
          : typeof committer === 'string'
            ? committer
            : committer.login;
    if (pusher !== null) {
      const id = this.nextId++;
      r.activity.push({
        id,
        node_id: `RA_${id}`,
        before: parent,
        after: init.sha,
        ref: `refs/heads/${String((pull.head as Json).ref)}`,
        timestamp: this.now(),
        activity_type: 'push',
        actor: user(pusher),
      });
    }
    pull.commitList.push({
      sha: init.sha,
      node_id: `C_${init.sha.slice(0, 12)}`,
      url: `${api}/commits/${init.sha}`,
      html_url: `https://github.com/${r.owner}/${r.name}/commit/${init.sha}`,
      comments_url: `${api}/commits/${init.sha}/comments`,
      commit: {
        url: `${api}/git/commits/${init.sha}`,
        author: person(init.author),
        committer: person(committer),
        message: init.message ?? `Commit ${init.sha.slice(0, 7)}`,
        tree: { url: `${api}/git/trees/${'e'.repeat(40)}`, sha: 'e'.repeat(40) },
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
      },
      author: init.author === null ? null : user(init.author),
      committer: committer === null ? null : user(committer),
      parents: [{ url: `${api}/commits/${String(parent)}`, sha: parent }],
    });
  }

  addReview(fullName: string, number: number, init: ReviewInit): void {
    const r = this.repo(fullName);
    const pull = r.pulls.get(number);
    if (!pull) throw new Error(`no pull request ${fullName}#${number}`);
    const id = this.nextId++;
    pull.reviews.push({
      id,
      node_id: `PRR_${id}`,
      user: user(init.user),
      body: '',
      state: init.state,
      html_url: `https://github.com/${r.owner}/${r.name}/pull/${number}#pullrequestreview-${id}`,
      pull_request_url: `${this.url}/repos/${r.owner}/${r.name}/pulls/${number}`,
      author_association: 'MEMBER',
      commit_id: init.commit,
      ...(init.state === 'PENDING' ? {} : { submitted_at: init.submittedAt ?? this.now() }),
    });
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
    const createdAt = init.createdAt ?? this.now();
    r.issues.set(number, {
      id: this.nextId++,
      number,
      title: init.title,
      body: init.body ?? null,
      state: init.state ?? 'open',
      user: user(init.author ?? 'octocat'),
      labels: (init.labels ?? []).map((name) => this.label(r, name)),
      assignees: [],
      html_url: `https://github.com/${r.owner}/${r.name}/issues/${number}`,
      created_at: createdAt,
      updated_at: createdAt,
      comments: [],
    });
    return number;
  }

  /** An issue with its comments, as the test sees it. */
  issue(
    fullName: string,
    number: number,
  ): (Json & { comments: Json[]; labels: Json[] }) | undefined {
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

  statuses(fullName: string, sha: string): Json[] {
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

  /** Adds an endpoint. `:name` matches a segment, `*name` the rest of the path. */
  route(method: string, template: string, handler: Handler): void {
    const keys: string[] = [];
    const pattern = template.replace(/[:*](\w+)/g, (m, key: string) => {
      keys.push(key);
      return m.startsWith('*') ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${pattern}$`), keys, handler });
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
    const reply = this.dispatch(req.method ?? 'GET', url, body, auth);
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

  private dispatch(method: string, url: URL, body: Json, auth: string | null): Reply {
    const path = url.pathname;
    const failure = this.failures.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (failure) {
      failure.left--;
      return {
        ...error(failure.status, failure.message ?? `injected failure ${failure.status}`),
        headers: failure.headers ?? {},
      };
    }
    if (!auth) return error(401, 'Requires authentication');
    const token = this.tokens.get(auth);
    if (!token) return error(401, 'Bad credentials');

    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params = Object.fromEntries(
        route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]),
      );
      const repo =
        params.owner && params.repo
          ? this.repos.get(`${params.owner}/${params.repo}`.toLowerCase())
          : undefined;
      if (params.owner && params.repo && !repo) return error(404, 'Not Found');
      const query = Object.fromEntries(url.searchParams);
      const out = route.handler({ method, path, params, query, body, token, repo });
      return Array.isArray(out) ? this.page(url, out) : out;
    }
    return error(404, 'Not Found');
  }

  /** A page of a list, with GitHub's Link header (first, prev, next, last). */
  private page(url: URL, items: Json[]): Reply {
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
      ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ];
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  }

  // ------------------------------------------------------------------ endpoints

  private defineRoutes(): void {
    const R = '/repos/:owner/:repo';
    const pull = (req: Request) => req.repo!.pulls.get(Number(req.params.number));
    const issue = (req: Request) => req.repo!.issues.get(Number(req.params.number));
    const stamp = () => ({ id: this.nextId++, created_at: this.now() });

    this.route('GET', `${R}/pulls`, (req) => {
      const state = req.query.state ?? 'open';
      const head = req.query.head;
      return [...req.repo!.pulls.values()]
        .filter((p) => state === 'all' || p.state === state)
        .filter((p) => !head || `${req.repo!.owner}:${(p.head as Json).ref}` === head)
        .sort((a, b) => Number(b.number) - Number(a.number))
        .map(({ reviews: _r, commitList: _c, ...p }) => p);
    });
    this.route('POST', `${R}/pulls`, (req) => {
      const r = req.repo!;
      const head = String(req.body.head ?? '');
      const sha = refOf(r, `heads/${head}`);
      if (!req.body.title || !req.body.base || !sha)
        return error(422, 'Validation Failed', {
          errors: [{ resource: 'PullRequest', field: sha ? 'title' : 'head', code: 'invalid' }],
        });
      const number = this.addPull(`${r.owner}/${r.name}`, {
        title: String(req.body.title),
        author: req.token.login,
        base: {
          ref: String(req.body.base),
          sha: refOf(r, `heads/${String(req.body.base)}`) ?? '0'.repeat(40),
        },
        head: { ref: head, sha },
      });
      const { reviews: _r, commitList: _c, ...p } = r.pulls.get(number)!;
      return { status: 201, body: { ...p, body: req.body.body ?? null } };
    });
    // The pull requests a commit belongs to: its merge commit, its head, or one of its commits
    // (reachable from the head, not from the base), as GitHub associates them.
    this.route('GET', `${R}/commits/:sha/pulls`, (req) => {
      const r = req.repo!;
      const sha = req.params.sha!;
      const inGit = (ancestor: string, of: string) => {
        if (!r.gitDir || /^0+$/.test(of)) return false;
        try {
          execFileSync('git', ['merge-base', '--is-ancestor', ancestor, of], { cwd: r.gitDir });
          return true;
        } catch {
          return false;
        }
      };
      return [...r.pulls.values()].filter((p) => {
        const head = (p.head as Json).sha as string;
        const base = (p.base as Json).sha as string;
        return (
          p.merge_commit_sha === sha || head === sha || (inGit(sha, head) && !inGit(sha, base))
        );
      });
    });
    this.route('GET', `${R}/pulls/:number`, (req) => {
      const p = pull(req);
      if (!p) return error(404, 'Not Found');
      const { reviews: _reviews, commitList: _commits, ...data } = p;
      return { status: 200, body: data };
    });
    this.route('GET', `${R}/pulls/:number/reviews`, (req) => pull(req)?.reviews ?? []);
    // GitHub returns at most 250 commits here, whatever the page asked for.
    this.route('GET', `${R}/pulls/:number/commits`, (req) => {
      const p = pull(req);
      if (!p) return error(404, 'Not Found');
      return p.commitList.slice(0, 250);
    });
    this.route('POST', `${R}/pulls/:number/reviews`, (req) => {
      const p = pull(req);
      if (!p) return error(404, 'Not Found');
      const states: Record<string, ReviewInit['state']> = {
        APPROVE: 'APPROVED',
        REQUEST_CHANGES: 'CHANGES_REQUESTED',
        COMMENT: 'COMMENTED',
      };
      const state = states[String(req.body.event ?? '')] ?? 'PENDING';
      if (
        (p.user as Json).login === req.token.login &&
        state !== 'COMMENTED' &&
        state !== 'PENDING'
      )
        return error(422, 'Unprocessable Entity', {
          errors: ['Can not approve your own pull request'],
        });
      this.addReview(`${req.repo!.owner}/${req.repo!.name}`, p.number as number, {
        user: req.token.login,
        state,
        commit: String(req.body.commit_id ?? (p.head as Json).sha),
      });
      return { status: 200, body: p.reviews.at(-1) };
    });

    // Newest first, as GitHub lists them; `ref` is a branch name or its full ref.
    this.route('GET', `${R}/activity`, (req) => {
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
    this.route('POST', `${R}/rulesets`, (req) => {
      if (!req.body.name || !Array.isArray(req.body.rules))
        return error(422, 'Validation Failed', {
          errors: ['Invalid request: name and rules are required'],
        });
      const id = this.addRuleset(`${req.repo!.owner}/${req.repo!.name}`, req.body);
      return { status: 201, body: req.repo!.rulesets.find((r) => r.id === id) };
    });
    // Rules in force on a branch, whether it exists or not: those of active rulesets whose
    // conditions include it, each named with its ruleset (GitHub's "Get rules for a branch").
    this.route('GET', `${R}/rules/branches/:branch`, (req) => {
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
          (rs.rules as Json[]).map((rule) => ({
            ...rule,
            ruleset_source_type: rs.source_type,
            ruleset_source: rs.source,
            ruleset_id: rs.id,
          })),
        );
    });

    // An installation token (GITHUB_TOKEN, a GitHub App) is no user: GitHub answers 403.
    this.route('GET', '/user', (req) =>
      req.token.login.endsWith('[bot]')
        ? error(403, 'Resource not accessible by integration')
        : { status: 200, body: user(req.token.login) },
    );
    this.route('GET', '/orgs/:org/teams/:team/members', (req) => {
      if (!req.token.orgRead) return error(403, 'Resource not accessible by integration');
      const members = this.teams.get(`${req.params.org}/${req.params.team}`.toLowerCase());
      if (!members) return error(404, 'Not Found');
      return members.map((login) => user(login));
    });
    this.route('GET', '/orgs/:org/teams/:team/memberships/:username', (req) => {
      if (!req.token.orgRead) return error(403, 'Resource not accessible by integration');
      const members = this.teams.get(`${req.params.org}/${req.params.team}`.toLowerCase());
      const login = req.params.username!.toLowerCase();
      if (!members?.some((m) => m.toLowerCase() === login)) return error(404, 'Not Found');
      return { status: 200, body: { role: 'member', state: 'active' } };
    });

    this.route('POST', `${R}/statuses/:sha`, (req) => {
      const state = String(req.body.state ?? '');
      if (!['error', 'failure', 'pending', 'success'].includes(state))
        return error(422, 'Validation Failed', { errors: [{ field: 'state', code: 'invalid' }] });
      const status = {
        ...stamp(),
        state,
        context: req.body.context ?? 'default',
        description: req.body.description ?? null,
        target_url: req.body.target_url ?? null,
        creator: user(req.token.login),
      };
      const list = req.repo!.statuses.get(req.params.sha!) ?? [];
      req.repo!.statuses.set(req.params.sha!, [status, ...list]);
      return { status: 201, body: status };
    });
    this.route(
      'GET',
      `${R}/commits/:sha/statuses`,
      (req) => req.repo!.statuses.get(req.params.sha!) ?? [],
    );
    this.route('GET', `${R}/commits/:sha/status`, (req) => {
      const latest = new Map<string, Json>();
      for (const s of req.repo!.statuses.get(req.params.sha!) ?? [])
        if (!latest.has(String(s.context))) latest.set(String(s.context), s);
      const states = [...latest.values()].map((s) => s.state);
      const state = states.some((s) => s === 'failure' || s === 'error')
        ? 'failure'
        : states.every((s) => s === 'success') && states.length
          ? 'success'
          : 'pending';
      return {
        status: 200,
        body: {
          state,
          sha: req.params.sha,
          statuses: [...latest.values()],
          total_count: latest.size,
        },
      };
    });

    this.route('GET', `${R}/issues`, (req) => {
      const state = req.query.state ?? 'open';
      const labels = (req.query.labels ?? '').split(',').filter(Boolean);
      const since = req.query.since ? Date.parse(req.query.since) : -Infinity;
      return [...req.repo!.issues.values()]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.name === l)))
        .filter((i) => Date.parse(String(i.updated_at ?? i.created_at)) >= since)
        .sort((a, b) => Number(b.number) - Number(a.number))
        .map(({ comments: _c, ...i }) => i);
    });
    this.route('POST', `${R}/issues`, (req) => {
      if (!req.body.title)
        return error(422, 'Validation Failed', {
          errors: [{ field: 'title', code: 'missing_field' }],
        });
      const r = req.repo!;
      const number = r.nextNumber++;
      const labels = ((req.body.labels as string[] | undefined) ?? []).map((name) =>
        this.label(r, name),
      );
      const at = stamp();
      const created = {
        ...at,
        updated_at: at.created_at,
        number,
        title: req.body.title,
        body: req.body.body ?? null,
        state: 'open',
        user: user(req.token.login),
        labels,
        assignees: ((req.body.assignees as string[] | undefined) ?? []).map((a) => user(a)),
        html_url: `https://github.com/${r.owner}/${r.name}/issues/${number}`,
        comments: [] as Json[],
      };
      r.issues.set(number, created);
      const { comments: _c, ...out } = created;
      return { status: 201, body: out };
    });
    this.route('GET', `${R}/issues/:number`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      const { comments: _c, ...out } = i;
      return { status: 200, body: out };
    });
    this.route('PATCH', `${R}/issues/:number`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      for (const key of ['title', 'body', 'state', 'state_reason'] as const)
        if (key in req.body) i[key] = req.body[key];
      i.updated_at = this.now();
      if (Array.isArray(req.body.labels))
        i.labels = (req.body.labels as string[]).map((name) => this.label(req.repo!, name));
      const { comments: _c, ...out } = i;
      return { status: 200, body: out };
    });
    this.route('GET', `${R}/issues/:number/comments`, (req) => issue(req)?.comments ?? []);
    this.route('PATCH', `${R}/issues/comments/:id`, (req) => {
      const comment = [...req.repo!.issues.values()]
        .flatMap((i) => i.comments)
        .find((c) => String(c.id) === req.params.id);
      if (!comment) return error(404, 'Not Found');
      comment.body = req.body.body;
      comment.updated_at = this.now();
      return { status: 200, body: comment };
    });
    this.route('POST', `${R}/issues/:number/comments`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      if (!req.body.body)
        return error(422, 'Validation Failed', {
          errors: [{ field: 'body', code: 'missing_field' }],
        });
      const at = stamp();
      const comment = {
        ...at,
        body: req.body.body,
        user: user(req.token.login),
        html_url: `${String(i.html_url)}#issuecomment-${at.id}`,
      };
      i.comments.push(comment);
      i.updated_at = at.created_at;
      return { status: 201, body: comment };
    });
    this.route('POST', `${R}/issues/:number/labels`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      for (const name of (req.body.labels as string[] | undefined) ?? [])
        if (!i.labels.some((l) => l.name === name)) i.labels.push(this.label(req.repo!, name));
      return { status: 200, body: i.labels };
    });
    this.route('DELETE', `${R}/issues/:number/labels/:name`, (req) => {
      const i = issue(req);
      if (!i?.labels.some((l) => l.name === req.params.name))
        return error(404, 'Label does not exist');
      i.labels = i.labels.filter((l) => l.name !== req.params.name);
      return { status: 200, body: i.labels };
    });
    this.route('POST', `${R}/issues/:number/assignees`, (req) => {
      const i = issue(req);
      if (!i) return error(404, 'Not Found');
      // As on GitHub: logins that cannot be assigned are ignored, not refused.
      const assignees = (i.assignees as Json[] | undefined) ?? [];
      for (const login of (req.body.assignees as string[] | undefined) ?? [])
        if (!assignees.some((a) => a.login === login)) assignees.push(user(login));
      i.assignees = assignees;
      const { comments: _c, ...out } = i;
      return { status: 201, body: out };
    });
    this.route('GET', `${R}/labels`, (req) => [...req.repo!.labels.values()]);
    this.route('POST', `${R}/labels`, (req) => {
      const name = String(req.body.name ?? '');
      if (!name || req.repo!.labels.has(name))
        return error(422, 'Validation Failed', {
          errors: [
            { resource: 'Label', code: name ? 'already_exists' : 'missing_field', field: 'name' },
          ],
        });
      return { status: 201, body: this.label(req.repo!, name, req.body) };
    });

    this.route('GET', `${R}/git/ref/*ref`, (req) => {
      const sha = req.repo!.refs.get(req.params.ref!);
      return sha
        ? { status: 200, body: this.refBody(req.repo!, req.params.ref!, sha) }
        : error(404, 'Not Found');
    });
    this.route('GET', `${R}/git/matching-refs/*ref`, (req) =>
      [...req.repo!.refs]
        .filter(([name]) => name.startsWith(req.params.ref!))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => this.refBody(req.repo!, name, sha)),
    );
    this.route('POST', `${R}/git/refs`, (req) => {
      const ref = String(req.body.ref ?? '');
      const sha = String(req.body.sha ?? '');
      if (!/^refs\/.+/.test(ref) || !/^[0-9a-f]{40}$/.test(sha))
        return error(422, 'Reference update failed');
      const name = ref.slice('refs/'.length);
      if (req.repo!.refs.has(name)) return error(422, 'Reference already exists');
      req.repo!.refs.set(name, sha);
      return { status: 201, body: this.refBody(req.repo!, name, sha) };
    });
    this.route('PATCH', `${R}/git/refs/*ref`, (req) => {
      if (!req.repo!.refs.has(req.params.ref!)) return error(422, 'Reference does not exist');
      const sha = String(req.body.sha ?? '');
      if (!/^[0-9a-f]{40}$/.test(sha)) return error(422, 'Reference update failed');
      req.repo!.refs.set(req.params.ref!, sha);
      return { status: 200, body: this.refBody(req.repo!, req.params.ref!, sha) };
    });
    this.route('DELETE', `${R}/git/refs/*ref`, (req) =>
      req.repo!.refs.delete(req.params.ref!)
        ? { status: 204 }
        : error(422, 'Reference does not exist'),
    );

    this.route('POST', `${R}/actions/workflows/:workflow/dispatches`, (req) => {
      if (!req.body.ref) return error(422, 'Invalid request', { errors: ['ref is required'] });
      const r = req.repo!;
      r.dispatches.push({
        workflow: req.params.workflow!,
        ref: String(req.body.ref),
        inputs: (req.body.inputs as Record<string, unknown> | undefined) ?? {},
      });
      if (req.body.return_run_details !== true) return { status: 204 };
      const id = this.nextId++;
      return {
        status: 200,
        body: {
          workflow_run_id: id,
          run_url: `${this.url}/repos/${r.owner}/${r.name}/actions/runs/${id}`,
          html_url: `https://github.com/${r.owner}/${r.name}/actions/runs/${id}`,
        },
      };
    });

    this.route('GET', `${R}/deployments`, (req) =>
      req
        .repo!.deployments.filter((d) =>
          ['sha', 'ref', 'environment', 'task'].every(
            (k) => !req.query[k] || d[k] === req.query[k],
          ),
        )
        .map(({ statuses: _s, ...d }) => d)
        .reverse(),
    );
    this.route('POST', `${R}/deployments`, (req) => {
      if (!req.body.ref)
        return error(422, 'Validation Failed', {
          errors: [{ field: 'ref', code: 'missing_field' }],
        });
      const r = req.repo!;
      const ref = String(req.body.ref);
      const deployment = {
        ...stamp(),
        sha: refOf(r, `heads/${ref}`) ?? ref,
        ref,
        task: req.body.task ?? 'deploy',
        environment: req.body.environment ?? 'production',
        description: req.body.description ?? null,
        payload: req.body.payload ?? {},
        creator: user(req.token.login),
        statuses: [] as Json[],
      };
      r.deployments.push(deployment);
      const { statuses: _s, ...out } = deployment;
      return { status: 201, body: out };
    });
    const deployment = (req: Request) =>
      req.repo!.deployments.find((d) => d.id === Number(req.params.id));
    this.route(
      'GET',
      `${R}/deployments/:id/statuses`,
      (req) => deployment(req)?.statuses.slice().reverse() ?? [],
    );
    this.route('POST', `${R}/deployments/:id/statuses`, (req) => {
      const d = deployment(req);
      if (!d) return error(404, 'Not Found');
      const state = String(req.body.state ?? '');
      if (
        !['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'].includes(
          state,
        )
      )
        return error(422, 'Validation Failed', { errors: [{ field: 'state', code: 'invalid' }] });
      const status = {
        ...stamp(),
        state,
        description: req.body.description ?? '',
        environment: req.body.environment ?? d.environment,
        log_url: req.body.log_url ?? '',
        environment_url: req.body.environment_url ?? '',
        creator: user(req.token.login),
      };
      d.statuses.push(status);
      return { status: 201, body: status };
    });
  }

  private label(r: RepoState, name: string, init: Json = {}): Json {
    let label = r.labels.get(name);
    if (!label) {
      label = {
        id: this.nextId++,
        name,
        color: init.color ?? 'ededed',
        description: init.description ?? null,
        default: false,
      };
      r.labels.set(name, label);
    }
    return label;
  }

  private refBody(r: RepoState, name: string, sha: string): Json {
    return {
      ref: `refs/${name}`,
      node_id: `REF_${idOf(name)}`,
      url: `${this.url}/repos/${r.owner}/${r.name}/git/refs/${name}`,
      object: {
        sha,
        type: name.startsWith('tags/') ? 'tag' : 'commit',
        url: `${this.url}/repos/${r.owner}/${r.name}/git/commits/${sha}`,
      },
    };
  }
}
