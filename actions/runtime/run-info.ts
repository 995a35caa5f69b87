import { readFileSync } from 'node:fs';
import type { GitPort, RunInfo } from '../lib/ports.js';

/** What the runtime reads of GitHub's payloads; the rest of each payload is ignored. */
interface PullRequestPayload {
  number: number;
  user?: { login?: string } | null;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
}

interface MergeGroupPayload {
  base_ref: string;
  base_sha: string;
  head_ref: string;
  head_sha: string;
}

/** Reads the webhook payload GitHub writes to GITHUB_EVENT_PATH; {} when absent. */
function readEvent(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(
      `cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/**
 * What the run is about, from the runner's environment and event payload. `pull_request`
 * and `pull_request_review` payloads both carry the pull request (for a review, the reviewer
 * is GITHUB_ACTOR, not the author); `merge_group` carries the queued merge and its base.
 */
export async function runInfoFromEnv(env: NodeJS.ProcessEnv, git: GitPort): Promise<RunInfo> {
  const event = readEvent(env);
  const pr = event.pull_request as PullRequestPayload | undefined;
  const group = event.merge_group as MergeGroupPayload | undefined;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const actor = env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR;
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  const url =
    env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  return {
    commit: await git.head(),
    event: env.GITHUB_EVENT_NAME || 'local',
    ...(actor ? { actor } : {}),
    ...(owner && repo ? { repository: { owner, repo } } : {}),
    ...(url ? { url } : {}),
    serverUrl,
    ...(env.GITHUB_WORKFLOW_REF ? { workflowRef: env.GITHUB_WORKFLOW_REF } : {}),
    ...(pr
      ? {
          pullRequest: {
            number: pr.number,
            author: pr.user?.login ?? '',
            base: { ref: pr.base.ref, sha: pr.base.sha },
            head: { ref: pr.head.ref, sha: pr.head.sha },
            ...(pr.head.repo?.full_name ? { headRepo: pr.head.repo.full_name } : {}),
          },
        }
      : {}),
    ...(group
      ? {
          mergeGroup: {
            base: { ref: group.base_ref, sha: group.base_sha },
            head: { ref: group.head_ref, sha: group.head_sha },
          },
        }
      : {}),
  };
}
