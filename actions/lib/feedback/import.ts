/** `feedback import`: records from a file or from the feedback form's issues, all or nothing. */
import { UserError } from '../errors.js';
import { InputRecorder, errorItems } from '../gate.js';
import { maskText, type PiiCheck } from '../pii/redact.js';
import type { PiiType } from '../pii/types.js';
import type { GitHubPort, Issue, Ports, PullRequest, Repo, RunInfo } from '../ports.js';
import type { Item, Report } from '../verdict/model.js';
import { feedbackReport, fieldItems, kindOf, storeItems, type FeedbackContext } from './context.js';
import { INTAKE_BRANCH, deliverStore, openIntake } from './intake.js';
import { issueRecordId } from './issue-form.js';
import { checkFeedback, type FeedbackRecord, type FieldProblem, type Source } from './record.js';
import { fileCandidates, issueCandidates, type Candidate } from './sources.js';
import { appendRecords, readStore, recordLines } from './store.js';

export interface ImportRequest {
  /** The files given; exactly one, unless `fromIssues`. */
  files: readonly string[];
  fromIssues: boolean;
  includeClosed: boolean;
  /** Deliver through a pull request into this branch instead of the working tree's store. */
  into: string | undefined;
  skipInvalid: boolean;
}

/**
 * Thanks and closes each imported issue; an issue whose description held personal data gets
 * its body masked, as the store has it. A failure leaves the record stored and the issue open
 * for the next import to close.
 */
async function closeImported(
  api: { github: GitHubPort; repo: Repo },
  pii: PiiCheck,
  imported: { issue: Issue; record?: FeedbackRecord; masked?: PiiType[] }[],
  via: PullRequest | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  for (const { issue, record, masked = [] } of imported) {
    const id = `issue/${issue.number}/close`;
    try {
      await api.github.commentOnIssue(
        api.repo,
        issue.number,
        `Thank you: imported into the feedback store as \`${issueRecordId(issue.number)}\`${record ? ` (${kindOf(record)})` : ''}${via ? `, through pull request #${via.number}` : ''}.${masked.length ? ' The description held personal data, so this issue now shows it masked, as the store does.' : ''}`,
      );
      await api.github.closeIssue(
        api.repo,
        issue.number,
        masked.length ? maskText(issue.body, pii(issue.body)) : undefined,
      );
      items.push({
        id,
        status: 'info',
        message: `closed #${issue.number}: ${issue.url}`,
        rule: 'issue',
      });
    } catch (e) {
      items.push({
        ...errorItems(e)[0]!,
        id,
        hint: 'the record is stored; the next import closes the issue',
      });
    }
  }
  return items;
}

/** Imports every valid record, or none when any is invalid (unless `skipInvalid`). */
export async function importFeedback(
  ctx: FeedbackContext,
  { files, fromIssues, includeClosed, into, skipInvalid }: ImportRequest,
  ports: Ports,
  run: RunInfo,
): Promise<Report> {
  const file = files[0];
  if (files.length > 1 || !file === !fromIssues)
    throw new UserError({
      message: fromIssues
        ? 'give a file or --from-issues, not both'
        : files.length > 1
          ? 'give one file to import at a time'
          : 'give a file to import, or --from-issues',
      hint: 'e.g. release-gates feedback import survey.jsonl',
    });
  let api: { github: GitHubPort; repo: Repo } | undefined;
  if (fromIssues || into) {
    if (!ports.github || !run.repository)
      throw new UserError({
        message: `${fromIssues ? '--from-issues reads the feedback issues' : '--into opens a pull request'} through the GitHub API, but ${ports.github ? 'the repository is not known' : 'no token was given'}`,
        hint: ports.github
          ? 'pass --repo OWNER/NAME, or set GITHUB_REPOSITORY'
          : 'set GITHUB_TOKEN or GH_TOKEN (issues: write, to close the imported issues)',
      });
    api = { github: ports.github, repo: run.repository };
  }
  // With --into, the store is the one the intake pull request (or the target branch) has.
  const intake = into && api ? await openIntake(ports.git, api, into) : undefined;
  const store = intake
    ? await readStore(ctx.store, intake.files, new InputRecorder(intake.files, ports.git))
    : await readStore(ctx.store, ports.files, ctx.inputs);
  const stored = new Set(store.entries.map((e) => e.record.id));
  let candidates: Candidate[];
  let done: Issue[] = [];
  if (file) {
    candidates = fileCandidates(file, Buffer.from(await ctx.inputs.read(file)).toString('utf8'));
    if (candidates.length === 0)
      throw new UserError({ message: `${file} holds no feedback record`, location: { file } });
  } else {
    ({ candidates, done } = await issueCandidates(
      api!.github,
      api!.repo,
      { label: ctx.config.issue_label, includeClosed: includeClosed },
      stored,
    ));
  }

  const source: Source = fromIssues ? 'issue' : 'import';
  const valid: { candidate: Candidate; record: FeedbackRecord; masked: PiiType[] }[] = [];
  const invalid: Item[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    let problems: FieldProblem[];
    if (c.problem) problems = [c.problem];
    else {
      const checked = checkFeedback(c.input, { now: ctx.now, source, pii: ctx.pii });
      if (Array.isArray(checked)) problems = checked;
      else if (stored.has(checked.record.id))
        problems = [{ field: 'id', message: `${checked.record.id} is already in the store` }];
      else if (seen.has(checked.record.id))
        problems = [{ field: 'id', message: `${checked.record.id} appears twice` }];
      else {
        seen.add(checked.record.id);
        valid.push({ candidate: c, record: checked.record, masked: checked.masked });
        continue;
      }
    }
    invalid.push(...fieldItems(problems, c, skipInvalid ? 'warn' : 'error'));
  }
  const total = candidates.length;
  if (invalid.length && !skipInvalid) {
    const bad = total - valid.length;
    return feedbackReport('import', ctx, run, {
      items: invalid,
      summary: `nothing written: ${bad} of ${total} record${total === 1 ? ' is' : 's are'} invalid; fix them, or pass --skip-invalid`,
    });
  }

  const records = valid.map((v) => v.record);
  const items: Item[] = [...invalid, ...storeItems(store, 'warn')];
  let via: PullRequest | undefined;
  if (intake && records.length) {
    const before = (await intake.files.stat(ctx.store))
      ? Buffer.from(await intake.files.read(ctx.store)).toString('utf8')
      : '';
    const { pull, opened } = await deliverStore(ports.git, api!, intake, {
      path: ctx.store,
      text: before + recordLines(store, records),
      message: `Import ${records.length} feedback record${records.length === 1 ? '' : 's'}\n\n${records.map((r) => `- ${r.id}`).join('\n')}\n`,
      now: ctx.now,
    });
    via = pull;
    items.push({
      id: 'pull-request',
      status: 'pass',
      message: `${opened ? 'opened' : 'added the records to'} pull request #${pull.number} from ${INTAKE_BRANCH} into ${intake.into}: ${pull.url}`,
      rule: 'intake',
    });
  } else if (!intake) await appendRecords(ports.files, store, records);
  const masked = valid.filter((v) => v.masked.length).length;
  items.push({
    id: 'imported',
    status: 'pass',
    observed: valid.length,
    message: `imported ${valid.length} of ${total} record${total === 1 ? '' : 's'} into ${ctx.store}${intake ? ` on ${INTAKE_BRANCH}` : ''}${masked ? `; ${masked} description${masked === 1 ? '' : 's'} held personal data, stored masked` : ''}${invalid.length ? `; skipped ${total - valid.length} invalid` : ''}`,
    location: { file: ctx.store },
  });
  if (api)
    items.push(
      ...(await closeImported(
        api,
        ctx.pii,
        [
          ...valid.map((v) => ({
            issue: v.candidate.issue!,
            record: v.record,
            masked: v.masked,
          })),
          ...done.map((issue) => ({ issue })),
        ],
        via,
      )),
    );
  return feedbackReport('import', ctx, run, {
    items,
    data: {
      imported: valid.length,
      skipped: total - valid.length,
      ids: valid.map((v) => v.record.id),
    },
  });
}
