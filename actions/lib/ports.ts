/**
 * The narrow interfaces the core needs from the outside world. The runtime implements them
 * with node:fs, simple-git and Octokit; tests use the same implementations on real temp
 * repositories and a loopback GitHub API. Paths are relative to the repository root, with
 * forward slashes.
 */

export interface FileStat {
  kind: 'file' | 'dir' | 'other';
  size: number;
}

export interface FilePort {
  /** Whole file. Throws UserError (not found, a directory, unreadable) with the path. */
  read(path: string): Promise<Uint8Array>;
  /** The file in chunks, for inputs too large to hold in memory. */
  stream(path: string): AsyncIterable<Uint8Array>;
  stat(path: string): Promise<FileStat | null>;
  /** Files matching any of the globs, sorted, never outside the root. */
  glob(patterns: readonly string[]): Promise<string[]>;
  /**
   * Replaces the file atomically (a temporary file in the same directory, then a rename):
   * readers see the old content or the new, never half of it.
   */
  write(path: string, data: string | Uint8Array): Promise<void>;
  append(path: string, data: string): Promise<void>;
}

export interface CommitInfo {
  sha: string;
  date: Date;
}

/** A ref as the remote has it now; tags carry their annotation. */
export interface RefInfo {
  /** Full name, e.g. `refs/heads/stable`, `refs/tags/release/12`. */
  name: string;
  /** The object the ref points at: a commit, or a tag object for annotated tags. */
  sha: string;
  /** The commit it finally points at, and that commit's tree. */
  commit: string;
  tree: string;
  /** Annotated tags only: the message without any signature, and the tagger. */
  tag?: { message: string; tagger: string; date: string };
}

export interface RefSnapshot {
  /** `remote` when read from the named remote; `local` when the repository has no such remote. */
  source: 'remote' | 'local';
  refs: RefInfo[];
}

export interface GitPort {
  /** The checked-out commit, or null outside a git repository. */
  head(): Promise<string | null>;
  /** Commit sha of a branch, tag or sha (local or on the remote-tracking refs), or null. */
  resolve(ref: string): Promise<string | null>;
  /**
   * Commit sha of a branch only, never a tag or an object of the same name: the remote's
   * branch (`refs/remotes/<remote>/<name>`), else a local one (`refs/heads/<name>`), else
   * fetched from the remote once; null when no such branch exists.
   */
  resolveBranch(name: string): Promise<string | null>;
  /** A file's bytes at a ref without checking it out; null when the ref or file does not exist. */
  show(ref: string, path: string): Promise<Uint8Array | null>;
  /** The newest commit at or before `ref` (default HEAD) that touched any of the paths. */
  lastChange(paths: readonly string[], ref?: string): Promise<CommitInfo | null>;
  /** Whether `ancestor` is `commit` itself or one of its ancestors. */
  isAncestor(ancestor: string, commit: string): Promise<boolean>;
  /**
   * The refs matching `patterns` (full names, or prefixes ending in `*`) as `remote` has them
   * now, fetched in one go so they are a consistent snapshot and their objects can be read
   * with `show`; fetched once per run, so every gate sees the same snapshot (a later call for
   * some of the patterns of an earlier one reads that snapshot). Reads this repository's own
   * refs when it has no remote of that name.
   */
  fetchRefs(remote: string, patterns: readonly string[]): Promise<RefSnapshot>;
  /**
   * Paths changed on `head` (default HEAD) since it forked from `base` (`git diff base...head`);
   * a renamed or moved file is listed under both its old and its new path.
   */
  changedFiles(base: string, head?: string): Promise<string[]>;
  /** True in a shallow clone, whose cut-off history makes `lastChange` unreliable. */
  isShallow(): Promise<boolean>;
  /** Of the paths (globs allowed), those with uncommitted changes, untracked files included. */
  uncommitted(paths: readonly string[]): Promise<string[]>;

  // Reading a commit without checking it out, and writing releases (promotion, rollback).

  /** A commit's tree and parents; null when it is not in the repository. */
  readCommit(commit: string): Promise<CommitObject | null>;
  /** Paths whose content differs between two commits' trees (`git diff from to`). */
  diffTrees(from: string, to: string): Promise<string[]>;
  /** The files of a commit as they are in git, read-only: gates judge it without a checkout. */
  filesAt(commit: string): FilePort;
  /** Stores text as a blob; returns its id. */
  writeBlob(text: string): Promise<string>;
  /** Stores a tree of files (no subdirectories); returns its id. */
  writeTree(files: readonly { path: string; blob: string }[]): Promise<string>;
  /** The tree of `base` with `paths` as they are in `from` (removed where `from` lacks them). */
  mixTree(base: string, from: string, paths: readonly string[]): Promise<string>;
  /** The tree of `base` with these files (paths with directories) added or replaced. */
  treeWith(base: string, files: readonly { path: string; blob: string }[]): Promise<string>;
  /** Stores a commit object; no ref moves. */
  createCommit(commit: NewCommit): Promise<string>;
  /** Stores an annotated tag object on a commit; no ref moves. */
  createTag(tag: NewTag): Promise<string>;
  /**
   * Moves refs on the remote in ONE atomic push, each with a lease (`--force-with-lease`): every
   * ref moves or none does, and none moves if the remote no longer has the expected value.
   */
  push(remote: string, updates: readonly RefUpdate[]): Promise<PushResult>;
  /** Commits reachable from `to` but from none of `exclude`, newest first (`git rev-list`). */
  commitsSince(to: string, exclude: readonly string[]): Promise<string[]>;
  /** The URL pushes to the remote go to, as configured; null when there is no such remote. */
  remoteUrl(remote: string): Promise<string | null>;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
}

/** Who writes a commit or tag, and when. */
export interface Identity {
  name: string;
  email: string;
  date: Date;
}

export interface NewCommit {
  tree: string;
  parents: readonly string[];
  message: string;
  identity: Identity;
}

export interface NewTag {
  /** Tag name without `refs/tags/`, e.g. `release/12`. */
  name: string;
  commit: string;
  message: string;
  identity: Identity;
}

export interface RefUpdate {
  /** Full ref name, e.g. `refs/heads/stable`. */
  ref: string;
  /** The object the ref will point at. */
  to: string;
  /** What the remote must have now for the push to go ahead; null: the ref must not exist. */
  expect: string | null;
}

/**
 * `pushed`: every ref moved. `stale`: someone else moved one of them first (a lease failed),
 * nothing moved. `refused`: the remote declined for another reason (a ruleset, a hook,
 * permissions), nothing moved. `detail` is git's own account.
 */
export type PushResult = { status: 'pushed' } | { status: 'stale' | 'refused'; detail: string };

export interface Clock {
  now(): Date;
}

export interface Repo {
  owner: string;
  repo: string;
}

export interface Account {
  login: string;
  /** A GitHub App or other bot account (`type: Bot`, logins ending in `[bot]`). */
  bot: boolean;
}

export interface PullRequest {
  number: number;
  title: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  author: Account;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  /** `owner/name` of the repository the head branch lives in, when GitHub says (a fork's). */
  headRepo?: string;
  url: string;
}

/** A commit of a pull request, with the GitHub accounts its author and committer map to. */
export interface PullCommit {
  sha: string;
  /** null when the commit's author email belongs to no GitHub account. */
  author: Account | null;
  /** null when the committer email belongs to no GitHub account; `web-flow` for GitHub's web UI. */
  committer: Account | null;
}

/** A push to a branch, from the repository's activity (`GET /repos/{owner}/{repo}/activity`). */
export interface Push {
  /** The commit the branch pointed at after the push. */
  after: string;
  /** Who pushed; null when GitHub names no account. */
  pusher: Account | null;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  id: number;
  reviewer: Account;
  state: ReviewState;
  /** The commit the review was submitted on. */
  commit: string | null;
  /** ISO time; null for a pending review. */
  submittedAt: string | null;
}

/**
 * A rule in force on a branch, from whichever ruleset (repository or organisation) sets it:
 * `GET /repos/{owner}/{repo}/rules/branches/{branch}`. Rules of rulesets in `evaluate` or
 * `disabled` mode are not in force and not listed.
 */
export interface BranchRule {
  /** e.g. `pull_request`, `required_status_checks`, `non_fast_forward`, `deletion`, `update`. */
  type: string;
  parameters: Record<string, unknown>;
  rulesetId: number;
  /** Where the ruleset is defined, e.g. `acme/chatbot` (a repository) or `acme` (an organisation). */
  source: string;
}

export interface CommitStatus {
  state: 'success' | 'failure' | 'error' | 'pending';
  /** e.g. `release-gates/signoff`. */
  context: string;
  /** At most 140 characters (GitHub's limit). */
  description: string;
  targetUrl?: string;
}

/** The level of a check-run annotation: GitHub's names, `failure` for an error. */
export type CheckAnnotationLevel = 'notice' | 'warning' | 'failure';

/** An annotation of a check run: a repository-relative path and 1-based lines, end inclusive. */
export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  /** Only on a single-line annotation, as GitHub requires. */
  startColumn?: number;
  endColumn?: number;
  level: CheckAnnotationLevel;
  title: string;
  message: string;
}

export type CheckConclusion = 'success' | 'neutral' | 'failure';

export interface NewCheckRun {
  name: string;
  /** The commit the check run and its annotations belong to: a pull request's head. */
  headSha: string;
  /** Link from the check run to the workflow run. */
  detailsUrl?: string;
  title: string;
  summary: string;
}

/** One update of a check run: at most 50 annotations (GitHub's limit), appended to earlier ones. */
export interface CheckRunUpdate {
  title: string;
  summary: string;
  annotations: readonly CheckAnnotation[];
  /** Completes the check run. */
  conclusion?: CheckConclusion;
}

export interface CheckRun {
  id: number;
  /** The check run's page on GitHub. */
  url: string;
}

/**
 * The GitHub REST API, as far as the gates need it. Failures throw ApiError with a readable
 * cause and fix, after the transient ones (5xx, rate limits) were retried with backoff.
 * Promotion, rollback and monitoring add their calls (issues, labels, workflow dispatch,
 * deployments, refs) here as they need them.
 */
export interface GitHubPort {
  /** The account the token acts as (`GET /user`): who a command run with it is. */
  authenticatedUser(): Promise<Account>;
  pullRequest(repo: Repo, number: number): Promise<PullRequest>;
  /** Every review of the pull request, oldest first, across all pages. */
  reviews(repo: Repo, number: number): Promise<Review[]>;
  /**
   * The pull request's commits, oldest first, across all pages. GitHub lists at most 250:
   * throws ApiError when the pull request has more, since the writers would be unknown.
   */
  pullRequestCommits(repo: Repo, number: number): Promise<PullCommit[]>;
  /**
   * Pushes, force pushes and creations of `branch` in this repository, across all pages.
   * A fork's branches live in the fork: their pushes are not listed here.
   */
  branchPushes(repo: Repo, branch: string): Promise<Push[]>;
  /**
   * Logins of a team's members. Needs a token that can read organisation members
   * (GITHUB_TOKEN cannot): throws ApiError saying which token to set when it cannot.
   */
  teamMembers(org: string, team: string): Promise<string[]>;
  setCommitStatus(repo: Repo, sha: string, status: CommitStatus): Promise<void>;
  /** Every rule in force on `branch` (which need not exist), across all pages. */
  branchRules(repo: Repo, branch: string): Promise<BranchRule[]>;
  /**
   * Issues (not pull requests) carrying every one of `labels`, newest first, across all
   * pages; `since` keeps those updated at or after it (so every issue created after it).
   */
  issues(repo: Repo, query: IssueQuery): Promise<Issue[]>;
  createIssue(repo: Repo, issue: NewIssue): Promise<Issue>;
  /** Adds a comment; returns its link. */
  commentOnIssue(repo: Repo, number: number, body: string): Promise<string>;
  addIssueLabels(repo: Repo, number: number, labels: readonly string[]): Promise<void>;
  /** Closes an issue as completed, replacing its body when `body` is given. */
  closeIssue(repo: Repo, number: number, body?: string): Promise<void>;
  /** Replaces an issue's title, body or state (feedback erasure redacts an issue with it). */
  updateIssue(repo: Repo, number: number, update: IssueUpdate): Promise<void>;
  /** The comments of an issue, oldest first, across all pages. */
  issueComments(repo: Repo, number: number): Promise<IssueComment[]>;
  /** Replaces the body of an issue comment. */
  updateComment(repo: Repo, id: number, body: string): Promise<void>;
  /** Assigns users to an issue; GitHub ignores those who cannot be assigned. */
  assign(repo: Repo, issue: number, logins: readonly string[]): Promise<void>;
  /** Pull requests a commit belongs to (`GET /repos/{o}/{r}/commits/{sha}/pulls`): merged ones once it is on the default branch. */
  pullRequestsOfCommit(repo: Repo, sha: string): Promise<PullRequest[]>;
  /** Pull requests from the branch `head` of this repository, open or closed. */
  pullRequestsFrom(repo: Repo, head: string): Promise<PullRequest[]>;
  createPullRequest(repo: Repo, pull: NewPullRequest): Promise<PullRequest>;
  /** Deployments of a commit to an environment, newest first. */
  deployments(repo: Repo, query: { sha: string; environment: string }): Promise<Deployment[]>;
  /** Records a deployment of `sha` and marks it successful (earlier ones become inactive). */
  recordDeployment(repo: Repo, deployment: NewDeployment): Promise<Deployment>;
  /** Creates a check run, in progress, on a commit (`checks: write`). */
  createCheckRun(repo: Repo, run: NewCheckRun): Promise<CheckRun>;
  /** Adds annotations to a check run (at most 50 a call), and completes it with a conclusion. */
  updateCheckRun(repo: Repo, id: number, update: CheckRunUpdate): Promise<void>;
  /** Starts a `workflow_dispatch` run of a workflow file on a branch. */
  dispatchWorkflow(
    repo: Repo,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<void>;
}

export interface IssueQuery {
  labels: readonly string[];
  state: 'open' | 'closed' | 'all';
  since?: Date;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  /** The issue's page on GitHub. */
  url: string;
  /** ISO time. */
  createdAt: string;
  author: string;
}

export interface IssueComment {
  id: number;
  body: string;
  author: string;
}

export interface IssueUpdate {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
}

export interface NewIssue {
  title: string;
  body: string;
  labels: readonly string[];
}

export interface NewPullRequest {
  title: string;
  body: string;
  /** Branch with the changes. */
  head: string;
  /** Branch they go into. */
  base: string;
}

export interface Deployment {
  id: number;
  sha: string;
  environment: string;
  payload: Record<string, unknown>;
}

export interface NewDeployment {
  sha: string;
  environment: string;
  description: string;
  payload: Record<string, unknown>;
  /** Link of the deployment status, e.g. the workflow run. */
  logUrl?: string;
}

/**
 * Questions to the person at a terminal (`feedback add` without flags). Present only when
 * the command line runs in an interactive terminal.
 */
export interface PromptPort {
  /** Shows `question` and resolves to the line typed, without its line break; null at end of input. */
  ask(question: string): Promise<string | null>;
  /** Shows a line to the person (not part of the report). */
  say(text: string): void;
}

/** Where a metrics server is, as the policy names it: the core reads no environment itself. */
export interface MetricsServer {
  url?: string;
  /** The runner's environment variable holding the URL, read when `url` is absent. */
  urlEnv: string;
  /** The runner's environment variable holding a bearer token; the token never is in the policy. */
  tokenEnv?: string;
}

/**
 * What a GET to a metrics server came to. `answer`: the server answered (any HTTP status, its
 * body as text); `unreachable`: no answer (refused, DNS, timeout, TLS); `unconfigured`: the URL
 * (or the token's variable) is not set. `url` never carries credentials.
 */
export type MetricsAnswer =
  | { kind: 'answer'; url: string; status: number; body: string }
  | { kind: 'unreachable'; url: string; detail: string }
  | { kind: 'unconfigured'; detail: string };

/** A Prometheus-compatible HTTP API (`/api/v1/...`), read-only. Never throws. */
export interface MetricsPort {
  get(
    server: MetricsServer,
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
  ): Promise<MetricsAnswer>;
}

/**
 * What a long run is doing, for the person watching it: told often (once a chunk read), shown
 * every few seconds on standard error (log lines in Actions). Never part of the report.
 */
export interface ProgressPort {
  /** `task`: `reading logs/window.jsonl`; `done`: how many `unit`s so far. */
  report(task: string, done: number, unit: string): void;
}

export interface Ports {
  files: FilePort;
  git: GitPort;
  clock: Clock;
  /** Absent when no token was given: gates that need the API say which input to set. */
  github?: GitHubPort;
  /** Absent unless the command line runs in an interactive terminal. */
  prompt?: PromptPort;
  /** Metrics servers (Prometheus) for the monitor; absent in runs that build no such port. */
  metrics?: MetricsPort;
  /** Absent: nobody is told how a long run is going. */
  progress?: ProgressPort;
}

/** What the run is about: the commit, and the pull request when there is one. */
export interface RunInfo {
  commit: string | null;
  /** e.g. pull_request, push, workflow_dispatch, or `local` from the CLI. */
  event: string;
  actor?: string;
  repository?: Repo;
  /** Link to the workflow run, when running in GitHub Actions. */
  url?: string;
  /** The GitHub web root, e.g. https://github.com (GITHUB_SERVER_URL), for links. */
  serverUrl?: string;
  /**
   * The running workflow, raw GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/x.yml@refs/...`
   * (for a reusable workflow, its caller's).
   */
  workflowRef?: string;
  pullRequest?: {
    number: number;
    author: string;
    base: { ref: string; sha: string };
    head: { ref: string; sha: string };
    /** `owner/name` of the repository the head branch lives in, when known (a fork's). */
    headRepo?: string;
  };
  /**
   * A merge queue's run (`merge_group`): the queued merge (`head`, the commit checked out) and
   * the commit it goes onto (`base`). There is no pull request in the event.
   */
  mergeGroup?: {
    base: { ref: string; sha: string };
    head: { ref: string; sha: string };
  };
}
