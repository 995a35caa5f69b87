import { UserError, describeError } from '../../lib/errors.js';

/**
 * Git's own answers for "no such ref" and "no such path" (and "no repository here"): the only
 * failures the port reads as absent. Anything else, a missing git, a corrupt object, a timeout,
 * a refused fetch, is a GitError, which the gate turns into an `error` item: an unreadable
 * baseline must never pass for a missing one.
 */
const ABSENT =
  /does not exist in '|exists on disk, but not in '|couldn't find remote ref|not our ref|invalid refspec|not a git repository/;

/** Git could not answer: the gate cannot decide. */
export class GitError extends UserError {
  override readonly kind = 'git';

  constructor(what: string, cause: unknown) {
    const detail = describeError(cause);
    const missing = /\bENOENT\b/.test(detail);
    const timedOut = /timeout/i.test(detail) && !/fatal:/.test(detail);
    super({
      message: missing
        ? `cannot ${what}: git is not installed or not on PATH`
        : timedOut
          ? `cannot ${what}: git did not answer in time`
          : `cannot ${what}: ${lastLine(detail)}`,
      hint: missing
        ? 'install git on the runner (GitHub-hosted runners have it) and put it on PATH'
        : timedOut
          ? 'check that the remote is reachable from the runner, then re-run the job'
          : "the repository or its remote could not be read: run `git fsck` in a fresh clone, check the job's credentials, then re-run the job",
    });
    this.name = 'GitError';
  }
}

/** Git's last complaint ("fatal: loose object ... is corrupt"), not every warning before it. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.findLast((l) => /^(fatal|error):/.test(l)) ?? lines.at(-1) ?? 'git failed';
}

/** Null for git's "no such ref / path", the GitError for any other failure. */
export function absentOr(what: string) {
  return (e: unknown): null => {
    if (ABSENT.test(describeError(e))) return null;
    throw new GitError(what, e);
  };
}
