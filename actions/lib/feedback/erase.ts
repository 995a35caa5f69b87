/**
 * `feedback erase`: an erasure request. The feedback issues that hold the user's feedback are
 * redacted first, then the records go from the open intake pull request and from the store.
 */
import { UserError } from '../errors.js';
import { InputRecorder } from '../gate.js';
import { maskText, type PiiCheck } from '../pii/redact.js';
import type { Issue, Ports, Repo } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { Item } from '../verdict/model.js';
import type { FeedbackContext } from './context.js';
import { INTAKE_BRANCH, deliverStore, openIntake, type Api } from './intake.js';
import { erasedIssue, fromIssueForm, isErased, issueRecordId } from './issue-form.js';
import { normalUserId, type FeedbackRecord } from './record.js';
import { keptText, readStore, refuseUnreadable, rewriteStore } from './store.js';

/** A user id as it may be printed: masked if it is personal data after all. */
function printable(id: string, pii: PiiCheck): string {
  return maskText(id, pii(id));
}

/**
 * The feedback issues that hold the user's feedback: those whose record is erased, and those
 * whose form names the user (imported or not). Already erased ones are left alone.
 */
async function issuesOf(
  api: Api,
  label: string,
  user: string,
  erasedIds: ReadonlySet<string>,
): Promise<Issue[]> {
  const issues = await api.github.issues(api.repo, { labels: [label], state: 'all' });
  return issues
    .reverse()
    .filter(
      (issue) =>
        !isErased(issue) &&
        (erasedIds.has(issueRecordId(issue.number)) ||
          normalUserId(fromIssueForm(issue)?.user_id) === user),
    );
}

/** The records of the user on the open intake pull request's branch, removed by a commit there. */
async function eraseFromIntake(
  ports: Pick<Ports, 'git'>,
  api: Api,
  ctx: FeedbackContext,
  user: string,
  who: string,
): Promise<Item | undefined> {
  const open = (await api.github.pullRequestsFrom(api.repo, INTAKE_BRANCH)).find(
    (p) => p.state === 'open',
  );
  if (!open) return undefined;
  const intake = await openIntake(ports.git, api, open.base.ref);
  const store = await readStore(
    ctx.store,
    intake.files,
    new InputRecorder(intake.files, ports.git),
  );
  const theirs = store.entries.filter((e) => normalUserId(e.record.user_id) === user).length;
  if (!theirs || !intake.pull) return undefined;
  await deliverStore(ports.git, api, intake, {
    path: ctx.store,
    text: keptText(store, (r) => normalUserId(r.user_id) !== user),
    message: `Erase the feedback of a user (${theirs} record${theirs === 1 ? '' : 's'})\n`,
    now: ctx.now,
  });
  return {
    id: 'intake',
    status: 'info',
    observed: theirs,
    message: `erased ${theirs} record${theirs === 1 ? '' : 's'} of user ${who} from the intake pull request #${intake.pull.number} (branch ${INTAKE_BRANCH}, not merged yet): ${intake.pull.url}`,
    rule: 'intake',
  };
}

/**
 * Erases every record of `user` (a normalised user id). Without the GitHub API (`repository`
 * unknown or no token) the issues cannot be searched: refused when a record came from one.
 */
export async function eraseFeedback(
  ports: Pick<Ports, 'files' | 'git' | 'github'>,
  ctx: FeedbackContext,
  user: string,
  repository: Repo | undefined,
): Promise<GateOutcome> {
  const who = printable(user, ctx.pii);
  const store = await readStore(ctx.store, ports.files, ctx.inputs);
  refuseUnreadable(store);
  const theirs = (r: FeedbackRecord) => normalUserId(r.user_id) === user;
  const erasedIds = new Set(store.entries.filter((e) => theirs(e.record)).map((e) => e.record.id));
  const fromIssues = store.entries.filter(
    (e) => theirs(e.record) && e.record.source === 'issue',
  ).length;
  const items: Item[] = [];
  const redacted: number[] = [];
  let intake: Item | undefined;
  if (ports.github && repository) {
    // The issues first: if one cannot be redacted, the store still has the records, and a
    // second run finds both again; the other way round an import would bring them back.
    const api = { github: ports.github, repo: repository };
    const { comment: erasedComment, ...redaction } = erasedIssue(
      ctx.now.toISOString().slice(0, 10),
    );
    for (const issue of await issuesOf(api, ctx.config.issue_label, user, erasedIds)) {
      await api.github.updateIssue(api.repo, issue.number, { ...redaction, state: 'closed' });
      // Comments that name the user (the import's thanks did, before it stopped) go too.
      const naming = (await api.github.issueComments(api.repo, issue.number)).filter((c) =>
        c.body.includes(user),
      );
      for (const c of naming) await api.github.updateComment(api.repo, c.id, erasedComment);
      redacted.push(issue.number);
      items.push({
        id: `issue/${issue.number}`,
        status: 'info',
        message: `redacted issue #${issue.number} (title and body replaced by an erasure note${naming.length ? `, ${naming.length} comment${naming.length === 1 ? '' : 's'} naming the user too` : ''}, closed): ${issue.url}`,
        rule: 'issue',
      });
    }
    intake = await eraseFromIntake(ports, api, ctx, user, who);
    if (intake) items.push(intake);
  } else if (fromIssues)
    throw new UserError({
      message: `${fromIssues} of the records of user ${who} came from feedback issues, which still hold them: nothing was erased`,
      hint: ports.github
        ? 'pass --repo OWNER/NAME, or set GITHUB_REPOSITORY'
        : 'set GITHUB_TOKEN or GH_TOKEN (issues: write), so that the issues are redacted too',
    });
  else
    items.push({
      id: 'issues',
      status: 'warn',
      message: `the feedback issues were not searched (${ports.github ? 'the repository is not known' : 'no token was given'}): an issue of user ${who} not yet imported keeps their feedback`,
      hint: 'run it again with GITHUB_TOKEN (issues: write) when feedback comes through the issue form',
      rule: 'issue',
    });
  const { removed, kept } = await rewriteStore(ports.files, store, (r) => !theirs(r));
  items.unshift({
    id: 'erased',
    status: 'pass',
    observed: removed,
    message: removed
      ? `erased ${removed} record${removed === 1 ? '' : 's'} of user ${who} from ${ctx.store}; ${kept} kept`
      : `no record of user ${who} in ${ctx.store}${store.exists ? '' : ' (there is no store)'}: nothing to erase`,
    location: { file: ctx.store },
  });
  const issues = redacted.length
    ? `; redacted issue${redacted.length === 1 ? '' : 's'} ${redacted.map((n) => `#${n}`).join(', ')}`
    : '';
  return {
    items,
    summary: `erased ${removed} record${removed === 1 ? '' : 's'} of user ${who} from ${ctx.store}${intake ? `, ${String(intake.observed)} from the intake pull request` : ''}${issues}`,
    data: { erased: removed, kept, issues: redacted },
  };
}
