/**
 * Imported feedback delivered through a pull request, for repositories whose rulesets block
 * direct pushes to the branch the store lives on. The store is committed on the intake branch
 * (on top of it while its pull request is open, else on the target branch), pushed with a
 * lease, and the pull request opened or reused; the caller closes the issues only after that,
 * so a refused push leaves them open for the next run and no record is lost.
 */
import { UserError } from '../errors.js';
import type { FilePort, GitHubPort, GitPort, PullRequest, Repo } from '../ports.js';

export const INTAKE_BRANCH = 'release-gates/feedback-intake';
const REMOTE = 'origin';
const BOT = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface Api {
  github: GitHubPort;
  repo: Repo;
}

interface Intake {
  /** The branch the pull request goes into, e.g. main. */
  into: string;
  /** The commit the store is read from and the next commit goes on. */
  parent: string;
  /** The intake branch on the remote now (the push's lease), or null. */
  branch: string | null;
  /** The open intake pull request into `into`, if there is one. */
  pull: PullRequest | undefined;
  /** The files of `parent`. */
  files: FilePort;
}

export async function openIntake(git: GitPort, api: Api, into: string): Promise<Intake> {
  const target = `refs/heads/${into}`;
  const intake = `refs/heads/${INTAKE_BRANCH}`;
  const { refs } = await git.fetchRefs(REMOTE, [target, intake]);
  const commitOf = (name: string) => refs.find((r) => r.name === name)?.commit ?? null;
  const base = commitOf(target);
  if (!base)
    throw new UserError({
      message: `there is no branch ${into} on the remote ${REMOTE} of this clone, for the intake pull request`,
      hint: 'run it in a clone of the repository, and name the branch the feedback store is on (--into main)',
    });
  const branch = commitOf(intake);
  const pull = (await api.github.pullRequestsFrom(api.repo, INTAKE_BRANCH)).find(
    (p) => p.state === 'open' && p.base.ref === into,
  );
  // A merged or closed pull request's branch is stale: start again from the target.
  const parent = pull && branch ? branch : base;
  return { into, parent, branch, pull, files: git.filesAt(parent) };
}

/** Commits `text` as the store on the intake branch and opens its pull request if needed. */
export async function deliverStore(
  git: GitPort,
  api: Api,
  intake: Intake,
  change: { path: string; text: string; message: string; now: Date },
): Promise<{ pull: PullRequest; opened: boolean }> {
  const blob = await git.writeBlob(change.text);
  const tree = await git.treeWith(intake.parent, [{ path: change.path, blob }]);
  const commit = await git.createCommit({
    tree,
    parents: [intake.parent],
    message: change.message,
    identity: { ...BOT, date: change.now },
  });
  const pushed = await git.push(REMOTE, [
    { ref: `refs/heads/${INTAKE_BRANCH}`, to: commit, expect: intake.branch },
  ]);
  if (pushed.status !== 'pushed')
    throw new UserError({
      message: `pushing ${INTAKE_BRANCH} to ${REMOTE} was ${pushed.status === 'stale' ? 'overtaken: another run moved it first' : `refused (${pushed.detail})`}: no issue was closed, nothing is lost`,
      hint:
        pushed.status === 'stale'
          ? 'run the import again'
          : `the job needs contents: write, and no ruleset may block pushes to ${INTAKE_BRANCH} (docs/feedback.md)`,
    });
  if (intake.pull) return { pull: intake.pull, opened: false };
  const pull = await api.github.createPullRequest(api.repo, {
    title: 'Feedback from the issue form',
    head: INTAKE_BRANCH,
    base: intake.into,
    body: `Records imported into \`${change.path}\` by \`release-gates feedback import --from-issues --into ${intake.into}\`. Each run adds its records to this pull request until it is merged; the issues are closed once their records are here.\n\nClosing it without merging drops its records from the store: \`release-gates feedback import --from-issues --include-closed\` brings them back.\n`,
  });
  return { pull, opened: true };
}
