import { ThrottledProgress } from './progress.js';
import type {
  CheckRunUpdate,
  Clock,
  CommitStatus,
  GitHubPort,
  IssueQuery,
  IssueUpdate,
  NewCheckRun,
  NewDeployment,
  NewIssue,
  NewPullRequest,
  Ports,
  PromptPort,
  Repo,
} from '../../lib/ports.js';
import { NodeFiles } from './files.js';
import { SimpleGitPort } from './git.js';
import { FetchMetrics } from './metrics.js';
import type { GitHubPortOptions } from './github.js';

/**
 * The system clock, unless RELEASE_GATES_NOW pins it (reproducible runs, tests, replaying
 * a past decision).
 */
function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.RELEASE_GATES_NOW;
  if (pinned) {
    const at = new Date(pinned);
    if (Number.isNaN(at.getTime())) throw new Error(`RELEASE_GATES_NOW="${pinned}" is not a date`);
    return { now: () => new Date(at) };
  }
  return { now: () => new Date() };
}

/** Loads Octokit on the first call, so runs that never reach the API do not pay its start-up. */
class LazyGitHub implements GitHubPort {
  private port: Promise<GitHubPort> | undefined;

  constructor(private readonly options: GitHubPortOptions) {}

  private load(): Promise<GitHubPort> {
    return (this.port ??= import('./github.js').then((m) => new m.OctokitGitHub(this.options)));
  }

  async authenticatedUser() {
    return (await this.load()).authenticatedUser();
  }

  async pullRequest(repo: Repo, number: number) {
    return (await this.load()).pullRequest(repo, number);
  }

  async reviews(repo: Repo, number: number) {
    return (await this.load()).reviews(repo, number);
  }

  async pullRequestCommits(repo: Repo, number: number) {
    return (await this.load()).pullRequestCommits(repo, number);
  }

  async branchPushes(repo: Repo, branch: string) {
    return (await this.load()).branchPushes(repo, branch);
  }

  async teamMembers(org: string, team: string) {
    return (await this.load()).teamMembers(org, team);
  }

  async setCommitStatus(repo: Repo, sha: string, status: CommitStatus) {
    return (await this.load()).setCommitStatus(repo, sha, status);
  }

  async branchRules(repo: Repo, branch: string) {
    return (await this.load()).branchRules(repo, branch);
  }

  async issues(repo: Repo, query: IssueQuery) {
    return (await this.load()).issues(repo, query);
  }

  async createIssue(repo: Repo, issue: NewIssue) {
    return (await this.load()).createIssue(repo, issue);
  }

  async assign(repo: Repo, issue: number, logins: readonly string[]) {
    return (await this.load()).assign(repo, issue, logins);
  }

  async pullRequestsOfCommit(repo: Repo, sha: string) {
    return (await this.load()).pullRequestsOfCommit(repo, sha);
  }

  async pullRequestsFrom(repo: Repo, head: string) {
    return (await this.load()).pullRequestsFrom(repo, head);
  }

  async createPullRequest(repo: Repo, pull: NewPullRequest) {
    return (await this.load()).createPullRequest(repo, pull);
  }

  async deployments(repo: Repo, query: { sha: string; environment: string }) {
    return (await this.load()).deployments(repo, query);
  }

  async recordDeployment(repo: Repo, deployment: NewDeployment) {
    return (await this.load()).recordDeployment(repo, deployment);
  }

  async commentOnIssue(repo: Repo, number: number, body: string) {
    return (await this.load()).commentOnIssue(repo, number, body);
  }

  async addIssueLabels(repo: Repo, number: number, labels: readonly string[]) {
    return (await this.load()).addIssueLabels(repo, number, labels);
  }

  async closeIssue(repo: Repo, number: number, body?: string) {
    return (await this.load()).closeIssue(repo, number, body);
  }

  async updateIssue(repo: Repo, number: number, update: IssueUpdate) {
    return (await this.load()).updateIssue(repo, number, update);
  }

  async issueComments(repo: Repo, number: number) {
    return (await this.load()).issueComments(repo, number);
  }

  async updateComment(repo: Repo, id: number, body: string) {
    return (await this.load()).updateComment(repo, id, body);
  }

  async createCheckRun(repo: Repo, run: NewCheckRun) {
    return (await this.load()).createCheckRun(repo, run);
  }

  async updateCheckRun(repo: Repo, id: number, update: CheckRunUpdate) {
    return (await this.load()).updateCheckRun(repo, id, update);
  }

  async dispatchWorkflow(
    repo: Repo,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ) {
    return (await this.load()).dispatchWorkflow(repo, workflow, ref, inputs);
  }
}

/** The GitHub API with these options, Octokit loaded on its first call. */
export function gitHubPort(options: GitHubPortOptions): GitHubPort {
  return new LazyGitHub(options);
}

/** The API root: GITHUB_API_URL on runners (GitHub Enterprise included), else github.com. */
export function apiUrl(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_API_URL || 'https://api.github.com';
}

/** `given`: paths the user named on the command line, which may be outside `root`. */
export function createPorts(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  github?: GitHubPortOptions,
  prompt?: PromptPort,
  given?: ReadonlySet<string>,
  progress?: (line: string) => void,
): Ports {
  return {
    files: new NodeFiles(root, given),
    git: new SimpleGitPort(root),
    clock: systemClock(env),
    metrics: new FetchMetrics(env),
    ...(github?.token ? { github: gitHubPort(github) } : {}),
    ...(prompt ? { prompt } : {}),
    ...(progress ? { progress: new ThrottledProgress(progress) } : {}),
  };
}

/** Ends what the ports keep running for a run: the git object reader. */
export function closePorts(ports: Ports): void {
  if (ports.git instanceof SimpleGitPort) ports.git.close();
}
