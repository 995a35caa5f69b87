import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
// The light build the throttling plugin itself uses (no Redis clustering).
import Bottleneck from 'bottleneck/light.js';
import { ApiError, describeError } from '../../lib/errors.js';
import type {
  Account,
  BranchRule,
  CheckAnnotation,
  CheckRun,
  CheckRunUpdate,
  CommitStatus,
  Deployment,
  GitHubPort,
  Issue,
  IssueComment,
  IssueQuery,
  IssueUpdate,
  NewDeployment,
  NewCheckRun,
  NewIssue,
  NewPullRequest,
  PullCommit,
  PullRequest,
  Push,
  Repo,
  Review,
  ReviewState,
} from '../../lib/ports.js';

export interface GitHubPortOptions {
  token: string;
  /** Token for reading organisation team members; `token` when absent. */
  membershipToken?: string;
  /** API root, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  baseUrl: string;
  /** How the user passes each token, for hints: "the `token` input", "GITHUB_TOKEN". */
  names: { token: string; membershipToken: string };
  /** Length of one backoff unit in ms (GitHub's Retry-After is in seconds): tests shorten it. */
  backoffUnitMs?: number;
  log?: (message: string) => void;
}

type Octokit = ReturnType<typeof getOctokit>;

/**
 * Writes one at a time, as GitHub asks, but without the plugin's default spacing (1 s between
 * writes, 3 s between writes that notify): that spacing is for bulk writers, and a rollback
 * makes a handful of writes while production waits. Secondary rate limits are still retried.
 */
const SERIAL_WRITES = {
  write: new Bottleneck.Group({ maxConcurrent: 1 }),
  notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
};

/** Longest wait for a rate limit to reset that is worth holding a CI job for. */
const MAX_RATE_LIMIT_WAIT_S = 120;
const RATE_LIMIT_RETRIES = 3;

/** `GET /pulls/{n}/commits` returns at most this many commits, whatever the pages. */
const MAX_PULL_COMMITS = 250;

interface HttpFailure {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

function isHttpFailure(e: unknown): e is HttpFailure {
  return e instanceof Error && typeof (e as { status?: unknown }).status === 'number';
}

/** What a call was for, to explain its failure. */
interface Call {
  /** e.g. "read the reviews of acme/chatbot#7". */
  what: string;
  /** The job permission or token access the call needs, e.g. "`pull-requests: read`". */
  access: string;
  /** Which token it used, as the user names it. */
  token: string;
  /** What a 404 means for this call. */
  notFound: string;
}

function apiError(e: unknown, call: Call, baseUrl: string): ApiError {
  if (!isHttpFailure(e)) {
    return new ApiError({ message: `GitHub API: could not ${call.what}: ${describeError(e)}` });
  }
  const detail = (e.response?.data as { message?: unknown } | undefined)?.message;
  const said = typeof detail === 'string' && detail ? detail : e.message;
  const fail = (message: string, hint: string) =>
    new ApiError({ message: `GitHub API: could not ${call.what}: ${message}`, hint }, e.status);
  if (!e.response) {
    return fail(
      `GitHub at ${baseUrl} could not be reached (${said}), retries included`,
      'check the network and GITHUB_API_URL; rerun the job when GitHub is reachable',
    );
  }
  if (e.status === 401) {
    return fail(
      `the token was rejected (401 ${said})`,
      `${call.token} is missing, expired or revoked: give a valid token`,
    );
  }
  if ((e.status === 403 || e.status === 429) && /rate limit/i.test(said)) {
    return fail(
      `GitHub's rate limit held after ${RATE_LIMIT_RETRIES} retries (${e.status} ${said})`,
      'rerun the job later, or use a token with a higher rate limit (a GitHub App installation token)',
    );
  }
  if (e.status === 403) {
    return fail(`the token may not do this (403 ${said})`, `${call.token} needs ${call.access}`);
  }
  if (e.status === 404) {
    return fail(
      `not found (404): ${call.notFound}`,
      `check the name, and that ${call.token} has ${call.access}`,
    );
  }
  if (e.status === 422) {
    return fail(
      `GitHub refused the request (422 ${said})`,
      'this is likely a bug in release-gates: report it with the log',
    );
  }
  if (e.status >= 500) {
    return fail(
      `GitHub failed (${e.status} ${said}), retries included`,
      'rerun the job; https://www.githubstatus.com shows incidents',
    );
  }
  return fail(`${e.status} ${said}`, `check that ${call.token} has ${call.access}`);
}

function account(user: { login?: string; type?: string } | null | undefined): Account {
  const login = user?.login ?? 'ghost';
  return { login, bot: user?.type === 'Bot' || login.endsWith('[bot]') };
}

interface PullData {
  number: number;
  title: string;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  draft?: boolean;
  user: { login?: string; type?: string } | null;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  html_url: string;
}

function pullOf(data: PullData): PullRequest {
  return {
    number: data.number,
    title: data.title,
    state: data.state === 'closed' ? 'closed' : 'open',
    merged: data.merged === true || !!data.merged_at,
    draft: data.draft === true,
    author: account(data.user),
    base: { ref: data.base.ref, sha: data.base.sha },
    head: { ref: data.head.ref, sha: data.head.sha },
    ...(data.head.repo?.full_name ? { headRepo: data.head.repo.full_name } : {}),
    url: data.html_url,
  };
}

interface IssueData {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
  html_url: string;
  created_at: string;
  user?: { login?: string } | null;
}

function issueOf(data: IssueData): Issue {
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    state: data.state === 'closed' ? 'closed' : 'open',
    labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
    url: data.html_url,
    createdAt: data.created_at,
    author: data.user?.login ?? 'ghost',
  };
}

interface DeploymentData {
  id: number;
  sha: string;
  environment: string;
  payload: unknown;
}

function deploymentOf(data: DeploymentData): Deployment {
  const payload =
    data.payload && typeof data.payload === 'object' && !Array.isArray(data.payload)
      ? (data.payload as Record<string, unknown>)
      : {};
  return { id: data.id, sha: data.sha, environment: data.environment, payload };
}

const REVIEW_STATES: readonly ReviewState[] = [
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
  'PENDING',
];

/**
 * The GitHub API through the real Octokit of @actions/github, with the maintained retry
 * (5xx, network) and throttling (rate limits, Retry-After) plugins. Every failure that
 * remains becomes an ApiError with a cause and a fix; nothing is swallowed.
 */
export class OctokitGitHub implements GitHubPort {
  private readonly octokit: Octokit;
  private readonly members: Octokit;

  constructor(private readonly options: GitHubPortOptions) {
    this.octokit = this.client(options.token);
    this.members = options.membershipToken ? this.client(options.membershipToken) : this.octokit;
  }

  private client(token: string): Octokit {
    const unit = this.options.backoffUnitMs ?? 1000;
    const log = this.options.log ?? (() => {});
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        count: number,
      ) => {
        const again = count < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
        log(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}: ${again ? `retrying in ${retryAfter} s` : 'giving up'}`,
        );
        return again;
      };
    return getOctokit(
      token,
      {
        baseUrl: this.options.baseUrl.replace(/\/+$/, ''),
        retry: { retryAfterBaseValue: unit },
        throttle: {
          ...SERIAL_WRITES,
          retryAfterBaseValue: unit,
          onRateLimit: onLimit('primary'),
          onSecondaryRateLimit: onLimit('secondary'),
        },
        log: { debug: () => {}, info: () => {}, warn: log, error: log },
      },
      retry,
      throttling,
    );
  }

  private async call<T>(
    call: Omit<Call, 'token'>,
    run: () => Promise<T>,
    token = this.options.names.token,
  ): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw apiError(e, { ...call, token }, this.options.baseUrl);
    }
  }

  async authenticatedUser(): Promise<Account> {
    const { data } = await this.call(
      {
        what: 'read whose token this is (GET /user)',
        access: 'a token of a user (a personal access token or `gh auth token`)',
        notFound: 'the API has no /user endpoint at this address',
      },
      () => this.octokit.rest.users.getAuthenticated(),
    );
    return account(data);
  }

  async pullRequest(repo: Repo, number: number): Promise<PullRequest> {
    const { data } = await this.call(
      {
        what: `read pull request ${repo.owner}/${repo.repo}#${number}`,
        access: '`pull-requests: read`',
        notFound: `there is no pull request #${number} in ${repo.owner}/${repo.repo}, or the token cannot see the repository`,
      },
      () => this.octokit.rest.pulls.get({ ...repo, pull_number: number }),
    );
    return pullOf(data);
  }

  async reviews(repo: Repo, number: number): Promise<Review[]> {
    const data = await this.call(
      {
        what: `read the reviews of ${repo.owner}/${repo.repo}#${number}`,
        access: '`pull-requests: read`',
        notFound: `there is no pull request #${number} in ${repo.owner}/${repo.repo}, or the token cannot see the repository`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.pulls.listReviews, {
          ...repo,
          pull_number: number,
          per_page: 100,
        }),
    );
    return data.map((r) => ({
      id: r.id,
      reviewer: account(r.user),
      state: (REVIEW_STATES as readonly string[]).includes(r.state)
        ? (r.state as ReviewState)
        : 'COMMENTED',
      commit: r.commit_id ?? null,
      submittedAt: r.submitted_at ?? null,
    }));
  }

  async pullRequestCommits(repo: Repo, number: number): Promise<PullCommit[]> {
    const what = `list the commits of ${repo.owner}/${repo.repo}#${number}`;
    const data = await this.call(
      {
        what,
        access: '`pull-requests: read`',
        notFound: `there is no pull request #${number} in ${repo.owner}/${repo.repo}, or the token cannot see the repository`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.pulls.listCommits, {
          ...repo,
          pull_number: number,
          per_page: 100,
        }),
    );
    if (data.length >= MAX_PULL_COMMITS) {
      throw new ApiError({
        message: `GitHub API: could not ${what}: GitHub lists only the first ${MAX_PULL_COMMITS} commits of a pull request, so who wrote the rest is unknown`,
        hint: 'split the change into pull requests of fewer commits, or squash its history',
      });
    }
    // A commit's `author`/`committer` is the account GitHub matched to its email, or null.
    const accountOrNull = (u: { login?: string; type?: string } | null | undefined) =>
      u?.login ? account(u) : null;
    return data.map((c) => ({
      sha: c.sha,
      author: accountOrNull(c.author),
      committer: accountOrNull(c.committer),
    }));
  }

  async branchPushes(repo: Repo, branch: string): Promise<Push[]> {
    const data = await this.call(
      {
        what: `list the pushes to ${branch} in ${repo.owner}/${repo.repo}`,
        access: '`contents: read`',
        notFound: `the repository ${repo.owner}/${repo.repo} does not exist or the token cannot see it`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.repos.listActivities, {
          ...repo,
          ref: `refs/heads/${branch}`,
          per_page: 100,
        }),
    );
    return data
      .filter((a) => ['push', 'force_push', 'branch_creation'].includes(a.activity_type))
      .map((a) => ({ after: a.after, pusher: a.actor?.login ? account(a.actor) : null }));
  }

  async teamMembers(org: string, team: string): Promise<string[]> {
    const { membershipToken, token } = this.options.names;
    const data = await this.call(
      {
        what: `read the members of team ${org}/${team}`,
        access: 'read access to organisation members (GITHUB_TOKEN never has it)',
        notFound: this.options.membershipToken
          ? `team ${org}/${team} does not exist, or ${membershipToken} cannot see it: check the team's slug, and that the token belongs to a member of ${org} with read access to its members (a fine-grained token: organisation permission "Members: read"; a classic one: read:org)`
          : `team ${org}/${team} does not exist, or the token may not see it (GITHUB_TOKEN cannot read teams: set ${membershipToken})`,
      },
      () =>
        this.members.paginate(this.members.rest.teams.listMembersInOrg, {
          org,
          team_slug: team,
          per_page: 100,
        }),
      this.options.membershipToken
        ? membershipToken
        : `${token} (set ${membershipToken} for teams)`,
    );
    return data.map((m) => m.login);
  }

  async setCommitStatus(repo: Repo, sha: string, status: CommitStatus): Promise<void> {
    await this.call(
      {
        what: `set the commit status ${status.context} on ${sha.slice(0, 12)}`,
        access: '`statuses: write`',
        notFound: `commit ${sha} is not in ${repo.owner}/${repo.repo}, or the token cannot see the repository`,
      },
      () =>
        this.octokit.rest.repos.createCommitStatus({
          ...repo,
          sha,
          state: status.state,
          context: status.context,
          description: status.description.slice(0, 140),
          ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
        }),
    );
  }

  async branchRules(repo: Repo, branch: string): Promise<BranchRule[]> {
    const data = await this.call(
      {
        what: `read the rules of branch ${branch} in ${repo.owner}/${repo.repo}`,
        access:
          '`contents: read` (a fine-grained token or GitHub App: Metadata read on the repository)',
        notFound: `the repository ${repo.owner}/${repo.repo} does not exist or the token cannot see it`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.repos.getBranchRules, {
          ...repo,
          branch,
          per_page: 100,
        }),
    );
    return data.map((rule) => {
      const r = rule as {
        type: string;
        parameters?: Record<string, unknown>;
        ruleset_id?: number;
        ruleset_source?: string;
      };
      return {
        type: r.type,
        parameters: r.parameters ?? {},
        rulesetId: r.ruleset_id ?? 0,
        source: r.ruleset_source ?? '',
      };
    });
  }

  async issues(repo: Repo, query: IssueQuery): Promise<Issue[]> {
    const data = await this.call(
      {
        what: `list the issues of ${repo.owner}/${repo.repo} labelled ${query.labels.join(', ') || '(any)'}`,
        access: '`issues: read`',
        notFound: `the repository ${repo.owner}/${repo.repo} does not exist or the token cannot see it`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
          ...repo,
          state: query.state,
          ...(query.labels.length ? { labels: query.labels.join(',') } : {}),
          ...(query.since ? { since: query.since.toISOString() } : {}),
          sort: 'created',
          direction: 'desc',
          per_page: 100,
        }),
    );
    return data.filter((i) => !i.pull_request).map(issueOf);
  }

  async createIssue(repo: Repo, issue: NewIssue): Promise<Issue> {
    const { data } = await this.call(
      {
        what: `open the issue "${issue.title}" in ${repo.owner}/${repo.repo}`,
        access: '`issues: write`',
        notFound: `the repository ${repo.owner}/${repo.repo} does not exist, has issues turned off, or the token cannot see it`,
      },
      () =>
        this.octokit.rest.issues.create({
          ...repo,
          title: issue.title,
          body: issue.body,
          labels: [...issue.labels],
        }),
    );
    return issueOf(data);
  }

  async assign(repo: Repo, issue: number, logins: readonly string[]): Promise<void> {
    await this.call(
      {
        what: `assign ${logins.join(', ')} to ${repo.owner}/${repo.repo}#${issue}`,
        access: '`issues: write`',
        notFound: `there is no issue #${issue} in ${repo.owner}/${repo.repo}`,
      },
      () =>
        this.octokit.rest.issues.addAssignees({
          ...repo,
          issue_number: issue,
          assignees: [...logins],
        }),
    );
  }

  async pullRequestsOfCommit(repo: Repo, sha: string): Promise<PullRequest[]> {
    const data = await this.call(
      {
        what: `list the pull requests of commit ${sha.slice(0, 12)} in ${repo.owner}/${repo.repo}`,
        access: '`contents: read` and `pull-requests: read`',
        notFound: `commit ${sha} is not in ${repo.owner}/${repo.repo}, or the token cannot see the repository`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
          ...repo,
          commit_sha: sha,
          per_page: 100,
        }),
    );
    return data.map((d) => pullOf(d as PullData));
  }

  async pullRequestsFrom(repo: Repo, head: string): Promise<PullRequest[]> {
    const data = await this.call(
      {
        what: `list the pull requests from ${head} in ${repo.owner}/${repo.repo}`,
        access: '`pull-requests: read`',
        notFound: `the repository ${repo.owner}/${repo.repo} does not exist or the token cannot see it`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.pulls.list, {
          ...repo,
          head: `${repo.owner}:${head}`,
          state: 'all',
          per_page: 100,
        }),
    );
    return data.map(pullOf);
  }

  async createPullRequest(repo: Repo, pull: NewPullRequest): Promise<PullRequest> {
    const { data } = await this.call(
      {
        what: `open a pull request from ${pull.head} into ${pull.base} in ${repo.owner}/${repo.repo}`,
        access:
          '`pull-requests: write` (and, for GITHUB_TOKEN, the repository setting "Allow GitHub Actions to create and approve pull requests")',
        notFound: `the repository ${repo.owner}/${repo.repo} or the branch ${pull.head} does not exist`,
      },
      () => this.octokit.rest.pulls.create({ ...repo, ...pull }),
    );
    return pullOf(data);
  }

  async deployments(
    repo: Repo,
    query: { sha: string; environment: string },
  ): Promise<Deployment[]> {
    // Every page: a commit rolled back to again and again has a deployment per release.
    const data = await this.call(
      {
        what: `list the deployments of ${query.sha.slice(0, 12)} to ${query.environment}`,
        access: '`deployments: read`',
        notFound: `the repository ${repo.owner}/${repo.repo} does not exist or the token cannot see it`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.repos.listDeployments, {
          ...repo,
          ...query,
          per_page: 100,
        }),
    );
    return data.map(deploymentOf);
  }

  async recordDeployment(repo: Repo, deployment: NewDeployment): Promise<Deployment> {
    const call = {
      what: `record the deployment of ${deployment.sha.slice(0, 12)} to ${deployment.environment}`,
      access: '`deployments: write`',
      notFound: `the repository ${repo.owner}/${repo.repo} or the commit does not exist`,
    };
    const { data } = await this.call(call, () =>
      this.octokit.rest.repos.createDeployment({
        ...repo,
        ref: deployment.sha,
        environment: deployment.environment,
        description: deployment.description.slice(0, 140),
        payload: deployment.payload as Record<string, never>,
        // The commit is released already: GitHub must neither merge into it nor wait for checks.
        auto_merge: false,
        required_contexts: [],
        production_environment: true,
      }),
    );
    if (!('id' in data)) {
      throw new ApiError({
        message: `GitHub API: could not ${call.what}: ${data.message ?? 'no deployment was created'}`,
        hint: 'rerun the job; this is likely a bug in release-gates if it persists',
      });
    }
    await this.call(call, () =>
      this.octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: data.id,
        state: 'success',
        description: deployment.description.slice(0, 140),
        ...(deployment.logUrl ? { log_url: deployment.logUrl } : {}),
      }),
    );
    return deploymentOf(data);
  }

  // Monitoring and feedback: comments, labels, closing, and the rollback dispatch.

  private issueCall(repo: Repo, what: string) {
    return {
      what: `${what} in ${repo.owner}/${repo.repo}`,
      access: '`issues: write`',
      notFound: `${repo.owner}/${repo.repo} does not exist, has issues turned off, or the token cannot see it`,
    };
  }

  async commentOnIssue(repo: Repo, number: number, body: string): Promise<string> {
    const { data } = await this.call(this.issueCall(repo, `comment on issue #${number}`), () =>
      this.octokit.rest.issues.createComment({ ...repo, issue_number: number, body }),
    );
    return data.html_url;
  }

  async addIssueLabels(repo: Repo, number: number, labels: readonly string[]): Promise<void> {
    await this.call(this.issueCall(repo, `label issue #${number}`), () =>
      this.octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels: [...labels] }),
    );
  }

  async closeIssue(repo: Repo, number: number, body?: string): Promise<void> {
    await this.call(this.issueCall(repo, `close issue #${number}`), () =>
      this.octokit.rest.issues.update({
        ...repo,
        issue_number: number,
        state: 'closed',
        state_reason: 'completed',
        ...(body !== undefined ? { body } : {}),
      }),
    );
  }

  async updateIssue(repo: Repo, number: number, update: IssueUpdate): Promise<void> {
    await this.call(this.issueCall(repo, `update issue #${number}`), () =>
      this.octokit.rest.issues.update({ ...repo, issue_number: number, ...update }),
    );
  }

  async issueComments(repo: Repo, number: number): Promise<IssueComment[]> {
    const data = await this.call(
      {
        what: `read the comments of issue #${number} of ${repo.owner}/${repo.repo}`,
        access: '`issues: read`',
        notFound: `there is no issue #${number} in ${repo.owner}/${repo.repo}, or the token cannot see it`,
      },
      () =>
        this.octokit.paginate(this.octokit.rest.issues.listComments, {
          ...repo,
          issue_number: number,
          per_page: 100,
        }),
    );
    return data.map((c) => ({ id: c.id, body: c.body ?? '', author: c.user?.login ?? 'ghost' }));
  }

  async updateComment(repo: Repo, id: number, body: string): Promise<void> {
    await this.call(this.issueCall(repo, `edit issue comment ${id}`), () =>
      this.octokit.rest.issues.updateComment({ ...repo, comment_id: id, body }),
    );
  }

  private checkCall(repo: Repo, what: string) {
    return {
      what: `${what} in ${repo.owner}/${repo.repo}`,
      access:
        '`checks: write` (GITHUB_TOKEN or a GitHub App token: GitHub lets no personal token write check runs)',
      notFound: `${repo.owner}/${repo.repo} or the commit does not exist, or the token cannot see it`,
    };
  }

  async createCheckRun(repo: Repo, run: NewCheckRun): Promise<CheckRun> {
    const { data } = await this.call(
      this.checkCall(repo, `create the check run "${run.name}"`),
      () =>
        this.octokit.rest.checks.create({
          ...repo,
          name: run.name,
          head_sha: run.headSha,
          status: 'in_progress',
          ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
          output: { title: run.title, summary: run.summary },
        }),
    );
    return { id: Number(data.id), url: data.html_url ?? data.url };
  }

  async updateCheckRun(repo: Repo, id: number, update: CheckRunUpdate): Promise<void> {
    const annotation = (a: CheckAnnotation) => ({
      path: a.path,
      start_line: a.startLine,
      end_line: a.endLine,
      ...(a.startColumn !== undefined ? { start_column: a.startColumn } : {}),
      ...(a.endColumn !== undefined ? { end_column: a.endColumn } : {}),
      annotation_level: a.level,
      title: a.title,
      message: a.message,
    });
    await this.call(this.checkCall(repo, `annotate check run ${id}`), () =>
      this.octokit.rest.checks.update({
        ...repo,
        check_run_id: id,
        output: {
          title: update.title,
          summary: update.summary,
          annotations: update.annotations.map(annotation),
        },
        ...(update.conclusion
          ? { status: 'completed' as const, conclusion: update.conclusion }
          : {}),
      }),
    );
  }

  async dispatchWorkflow(
    repo: Repo,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<void> {
    await this.call(
      {
        what: `dispatch the workflow ${workflow} on ${ref} of ${repo.owner}/${repo.repo}`,
        access: '`actions: write`',
        notFound: `.github/workflows/${workflow} does not exist on ${ref}, or has no workflow_dispatch trigger`,
      },
      () =>
        this.octokit.rest.actions.createWorkflowDispatch({
          ...repo,
          workflow_id: workflow,
          ref,
          inputs,
        }),
    );
  }
}
