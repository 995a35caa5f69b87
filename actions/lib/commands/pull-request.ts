import { UserError } from '../errors.js';
import type { Ports, Repo, RunInfo } from '../ports.js';
import { text } from './spec.js';

/** The repository for the GitHub API on the command line; actions read it from the runner. */
export const REPO_OPTION = text(
  'Repository on GitHub, as OWNER/NAME. Default: GITHUB_REPOSITORY.',
  {
    cliOnly: true,
  },
);

/** What lets the command line judge a pull request; actions read both from the runner. */
export const PULL_REQUEST_OPTIONS = {
  pr: text(
    'Judge this pull request (its number), read from the GitHub API with GITHUB_TOKEN or GH_TOKEN. Actions take it from the pull_request or pull_request_review event.',
    { cliOnly: true },
  ),
  repo: text('Repository of the pull request, as OWNER/NAME. Default: GITHUB_REPOSITORY.', {
    cliOnly: true,
  }),
};

const REPO = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

function parseRepo(text: string): Repo {
  const m = REPO.exec(text);
  if (!m) {
    throw new UserError({
      message: `--repo must be OWNER/NAME, not "${text}"`,
      hint: 'e.g. --repo acme/support-chatbot',
    });
  }
  return { owner: m[1]!, repo: m[2]! };
}

/** The run, with the repository of --repo when given. */
export function withRepository(options: { repo?: string | undefined }, run: RunInfo): RunInfo {
  const repoOption = options.repo;
  return repoOption ? { ...run, repository: parseRepo(repoOption) } : run;
}

/**
 * The run, with the repository of --repo and the pull request of --pr (read from the API)
 * filled in; an action's run already has both from the runner.
 */
export async function withPullRequest(
  options: { repo?: string | undefined; pr?: string | undefined },
  ports: Ports,
  run: RunInfo,
): Promise<RunInfo> {
  const { repository } = withRepository(options, run);
  const prOption = options.pr;
  if (!prOption) return repository ? { ...run, repository } : run;
  if (!/^[1-9][0-9]{0,9}$/.test(prOption)) {
    throw new UserError({
      message: `--pr must be a pull request number, not "${prOption}"`,
      hint: 'e.g. --pr 42',
    });
  }
  if (!repository) {
    throw new UserError({
      message: `--pr ${prOption} needs the repository it belongs to`,
      hint: 'pass --repo OWNER/NAME, or set GITHUB_REPOSITORY',
    });
  }
  if (!ports.github) {
    throw new UserError({
      message: `--pr ${prOption} is read from the GitHub API, but no token was given`,
      hint: 'set GITHUB_TOKEN or GH_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token))',
    });
  }
  const pr = await ports.github.pullRequest(repository, Number(prOption));
  return {
    ...run,
    repository,
    pullRequest: {
      number: pr.number,
      author: pr.author.login,
      base: pr.base,
      head: pr.head,
      ...(pr.headRepo ? { headRepo: pr.headRepo } : {}),
    },
  };
}
