/**
 * GitHub's REST objects, built whole: every field the official types (`@octokit/openapi-types`)
 * require, with the values GitHub gives (its URL templates, avatar and node ids), so the
 * loopback server answers what GitHub answers and a field left out is a compile error.
 */
import type { components } from '@octokit/openapi-types';

export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

export type SimpleUser = Schema<'simple-user'>;
export type Repository = Schema<'repository'>;
export type PullRequest = Schema<'pull-request'>;
export type Issue = Schema<'issue'>;
export type IssueComment = Schema<'issue-comment'>;
export type Label = Schema<'label'>;
export type CommitStatus = Schema<'status'>;
export type Commit = Schema<'commit'>;
export type Review = Schema<'pull-request-review'>;
export type GitRef = Schema<'git-ref'>;
export type Deployment = Schema<'deployment'>;
export type DeploymentStatus = Schema<'deployment-status'>;
export type Activity = Schema<'activity'>;
export type GitUser = NonNullable<Schema<'nullable-git-user'>>;
export type CheckRun = Schema<'check-run'>;
export type Integration = NonNullable<Schema<'nullable-integration'>>;

export interface UserRef {
  login: string;
  type?: 'User' | 'Bot';
}

export const WEB = 'https://github.com';

/** A stable positive id for a name (logins, repositories). */
export function idOf(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 1_000_000_007;
  return h;
}

/** GitHub's node ids are opaque base64; a prefix and the number keep them unique here. */
const nodeId = (prefix: string, id: number | string) =>
  `${prefix}_${Buffer.from(String(id)).toString('base64url')}`;

export function simpleUser(api: string, u: string | UserRef): SimpleUser {
  const ref = typeof u === 'string' ? { login: u } : u;
  const type = ref.type ?? (ref.login.endsWith('[bot]') ? 'Bot' : 'User');
  const id = idOf(ref.login);
  // GitHub escapes a bot's brackets in its URLs (`%5Bbot%5D`), which a URI may not hold.
  const url = `${api}/users/${encodeURIComponent(ref.login)}`;
  return {
    login: ref.login,
    id,
    node_id: nodeId(type === 'Bot' ? 'BOT' : 'U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${encodeURIComponent(ref.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

const CREATED = '2024-01-15T08:00:00Z';

/** The repository `owner/name` as GitHub describes it (a private organisation repository). */
export function repository(api: string, fullName: string, fork = false): Repository {
  const [owner, name] = fullName.split('/') as [string, string];
  const url = `${api}/repos/${fullName}`;
  const id = idOf(fullName);
  return {
    id,
    node_id: nodeId('R', id),
    name,
    full_name: fullName,
    owner: { ...simpleUser(api, owner), type: 'Organization' },
    private: true,
    html_url: `${WEB}/${fullName}`,
    description: null,
    fork,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${fullName}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${fullName}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${WEB}/${fullName}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: `${WEB}/${fullName}`,
    homepage: null,
    language: 'TypeScript',
    license: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1024,
    default_branch: 'main',
    open_issues_count: 0,
    open_issues: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: CREATED,
    created_at: CREATED,
    updated_at: CREATED,
  };
}

export function label(
  api: string,
  fullName: string,
  id: number,
  init: { name: string; color?: string; description?: string | null },
): Label {
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${api}/repos/${fullName}/labels/${encodeURIComponent(init.name)}`,
    name: init.name,
    color: init.color ?? 'ededed',
    description: init.description ?? null,
    default: false,
  };
}

export interface PullFields {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  user: SimpleUser;
  createdAt: string;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string; repo: string };
}

export function pullRequest(api: string, fullName: string, f: PullFields): PullRequest {
  const url = `${api}/repos/${fullName}/pulls/${f.number}`;
  const issueUrl = `${api}/repos/${fullName}/issues/${f.number}`;
  const html = `${WEB}/${fullName}/pull/${f.number}`;
  const owner = (name: string) => name.split('/')[0]!;
  const side = (ref: string, sha: string, repo: string) => ({
    label: `${owner(repo)}:${ref}`,
    ref,
    sha,
    user: { ...simpleUser(api, owner(repo)) },
    repo: repository(api, repo, repo !== fullName),
  });
  const closedAt = f.state === 'closed' ? f.createdAt : null;
  return {
    url,
    id: f.id,
    node_id: nodeId('PR', f.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${fullName}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${api}/repos/${fullName}/statuses/${f.head.sha}`,
    number: f.number,
    state: f.state,
    locked: false,
    title: f.title,
    user: f.user,
    body: f.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    closed_at: closedAt,
    merged_at: f.merged ? f.createdAt : null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(f.head.ref, f.head.sha, f.head.repo),
    base: side(f.base.ref, f.base.sha, fullName),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/repos/${fullName}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/repos/${fullName}/statuses/${f.head.sha}` },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: f.draft,
    merged: f.merged,
    mergeable: f.state === 'open' ? true : null,
    rebaseable: f.state === 'open' ? true : null,
    mergeable_state: f.state === 'open' ? 'clean' : 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

export function issue(
  api: string,
  fullName: string,
  f: {
    id: number;
    number: number;
    title: string;
    body: string | null;
    state: 'open' | 'closed';
    user: SimpleUser;
    labels: Label[];
    createdAt: string;
  },
): Issue {
  const url = `${api}/repos/${fullName}/issues/${f.number}`;
  return {
    id: f.id,
    node_id: nodeId('I', f.id),
    url,
    repository_url: `${api}/repos/${fullName}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${fullName}/issues/${f.number}`,
    number: f.number,
    state: f.state,
    state_reason: null,
    title: f.title,
    body: f.body,
    user: f.user,
    labels: f.labels,
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: f.state === 'closed' ? f.createdAt : null,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    author_association: 'MEMBER',
  };
}

export function issueComment(
  api: string,
  fullName: string,
  f: { id: number; issue: number; body: string; user: SimpleUser; createdAt: string },
): IssueComment {
  return {
    id: f.id,
    node_id: nodeId('IC', f.id),
    url: `${api}/repos/${fullName}/issues/comments/${f.id}`,
    html_url: `${WEB}/${fullName}/issues/${f.issue}#issuecomment-${f.id}`,
    issue_url: `${api}/repos/${fullName}/issues/${f.issue}`,
    body: f.body,
    user: f.user,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    author_association: 'MEMBER',
  };
}

export function commitStatus(
  api: string,
  fullName: string,
  f: {
    id: number;
    sha: string;
    state: string;
    context: string;
    description: string | null;
    targetUrl: string | null;
    creator: SimpleUser;
    createdAt: string;
  },
): CommitStatus {
  return {
    url: `${api}/repos/${fullName}/statuses/${f.sha}`,
    avatar_url: f.creator.avatar_url,
    id: f.id,
    node_id: nodeId('SC', f.id),
    state: f.state,
    description: f.description,
    target_url: f.targetUrl,
    context: f.context,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    creator: f.creator,
  };
}

export function commit(
  api: string,
  fullName: string,
  f: {
    sha: string;
    parent: string;
    message: string;
    author: GitUser;
    committer: GitUser;
    authorAccount: SimpleUser | null;
    committerAccount: SimpleUser | null;
  },
): Commit {
  const url = `${api}/repos/${fullName}`;
  const tree = 'e'.repeat(40);
  return {
    sha: f.sha,
    node_id: nodeId('C', f.sha.slice(0, 12)),
    url: `${url}/commits/${f.sha}`,
    html_url: `${WEB}/${fullName}/commit/${f.sha}`,
    comments_url: `${url}/commits/${f.sha}/comments`,
    commit: {
      url: `${url}/git/commits/${f.sha}`,
      author: f.author,
      committer: f.committer,
      message: f.message,
      tree: { url: `${url}/git/trees/${tree}`, sha: tree },
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: f.authorAccount,
    committer: f.committerAccount,
    parents: [
      {
        url: `${url}/commits/${f.parent}`,
        html_url: `${WEB}/${fullName}/commit/${f.parent}`,
        sha: f.parent,
      },
    ],
  };
}

export function review(
  api: string,
  fullName: string,
  f: {
    id: number;
    pull: number;
    user: SimpleUser;
    state: string;
    commit: string;
    submittedAt: string | undefined;
  },
): Review {
  const html = `${WEB}/${fullName}/pull/${f.pull}#pullrequestreview-${f.id}`;
  const pull = `${api}/repos/${fullName}/pulls/${f.pull}`;
  return {
    id: f.id,
    node_id: nodeId('PRR', f.id),
    user: f.user,
    body: '',
    state: f.state,
    html_url: html,
    pull_request_url: pull,
    _links: { html: { href: html }, pull_request: { href: pull } },
    author_association: 'MEMBER',
    commit_id: f.commit,
    ...(f.submittedAt ? { submitted_at: f.submittedAt } : {}),
  };
}

export function gitRef(api: string, fullName: string, name: string, sha: string): GitRef {
  const type = name.startsWith('tags/') ? 'tag' : 'commit';
  return {
    ref: `refs/${name}`,
    node_id: nodeId('REF', name),
    url: `${api}/repos/${fullName}/git/refs/${name}`,
    object: { sha, type, url: `${api}/repos/${fullName}/git/${type}s/${sha}` },
  };
}

export function deployment(
  api: string,
  fullName: string,
  f: {
    id: number;
    sha: string;
    ref: string;
    task: string;
    environment: string;
    description: string | null;
    payload: Record<string, unknown>;
    creator: SimpleUser;
    createdAt: string;
  },
): Deployment {
  const url = `${api}/repos/${fullName}/deployments/${f.id}`;
  return {
    url,
    id: f.id,
    node_id: nodeId('DE', f.id),
    sha: f.sha,
    ref: f.ref,
    task: f.task,
    payload: f.payload,
    original_environment: f.environment,
    environment: f.environment,
    description: f.description,
    creator: f.creator,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    statuses_url: `${url}/statuses`,
    repository_url: `${api}/repos/${fullName}`,
    transient_environment: false,
    production_environment: f.environment === 'production',
  };
}

export function deploymentStatus(
  api: string,
  fullName: string,
  f: {
    id: number;
    deployment: number;
    state: DeploymentStatus['state'];
    description: string;
    environment: string;
    logUrl: string;
    environmentUrl: string;
    creator: SimpleUser;
    createdAt: string;
  },
): DeploymentStatus {
  const deploymentUrl = `${api}/repos/${fullName}/deployments/${f.deployment}`;
  return {
    url: `${deploymentUrl}/statuses/${f.id}`,
    id: f.id,
    node_id: nodeId('DES', f.id),
    state: f.state,
    creator: f.creator,
    description: f.description,
    environment: f.environment,
    target_url: f.logUrl,
    log_url: f.logUrl,
    environment_url: f.environmentUrl,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    deployment_url: deploymentUrl,
    repository_url: `${api}/repos/${fullName}`,
  };
}

/** The GitHub Actions app, whose installation token GITHUB_TOKEN is: it owns the check runs a workflow creates. */
export function actionsApp(api: string): Integration {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: { ...simpleUser(api, 'github'), type: 'Organization' },
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${WEB}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { actions: 'write', checks: 'write', contents: 'write', metadata: 'read' },
    events: ['check_run', 'check_suite', 'pull_request', 'push', 'workflow_dispatch'],
  };
}

/** A check run as `POST /repos/{owner}/{repo}/check-runs` answers it. */
export function checkRun(
  api: string,
  fullName: string,
  f: {
    id: number;
    name: string;
    headSha: string;
    status: CheckRun['status'];
    conclusion: CheckRun['conclusion'];
    detailsUrl: string | null;
    title: string | null;
    summary: string | null;
    annotations: number;
    startedAt: string;
    completedAt: string | null;
  },
): CheckRun {
  const url = `${api}/repos/${fullName}/check-runs/${f.id}`;
  return {
    id: f.id,
    head_sha: f.headSha,
    node_id: nodeId('CR', f.id),
    external_id: '',
    url,
    html_url: `${WEB}/${fullName}/runs/${f.id}`,
    details_url: f.detailsUrl,
    status: f.status,
    conclusion: f.conclusion,
    started_at: f.startedAt,
    completed_at: f.completedAt,
    output: {
      title: f.title,
      summary: f.summary,
      text: null,
      annotations_count: f.annotations,
      annotations_url: `${url}/annotations`,
    },
    name: f.name,
    check_suite: { id: idOf(`${fullName}@${f.headSha}`) },
    app: actionsApp(api),
    pull_requests: [],
  };
}
