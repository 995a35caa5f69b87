/**
 * `feedback import`: records from a file or from the issues of the feedback form, all checked
 * before any is written (all or nothing, unless invalid ones are skipped), appended to the store
 * or delivered through the intake pull request; each imported issue is then thanked and closed.
 */
import { UserError } from '../errors.js';
import { InputRecorder, errorItems } from '../gate.js';
import { maskText, type PiiCheck } from '../pii/redact.js';
import type { PiiType } from '../pii/types.js';
import type { Issue, Ports, PullRequest } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { Item } from '../verdict/model.js';
import type { FeedbackContext } from './context.js';
import { INTAKE_BRANCH, deliverStore, openIntake, type Api } from './intake.js';
import { issueRecordId } from './issue-form.js';
import { fieldItems, kindOf } from './items.js';
import { checkFeedback, type FeedbackRecord, type FieldProblem, type Source } from './record.js';
import { fileCandidates, issueCandidates, type Candidate } from './sources.js';
import { appendRecords, readStore, recordLines, storeItems } from './store.js';

interface ImportRequest {
  /** The file to import; absent: the issues of the feedback form, through `api`. */
  file: string | undefined;
  /** With the issues: closed ones too. */
  includeClosed: boolean;
  /** Import the valid records and report the invalid ones as warnings. */
  skipInvalid: boolean;
  /** Deliver the records as a pull request into this branch, through `api`. */
  into: string | undefined;
  /** The GitHub API, for the issues and the intake pull request. */
  api: Api | undefined;
}

/**
 * Thanks and closes each imported issue; an issue whose description held personal data gets
 * its body masked, as the store has it. A failure leaves the record stored and the issue open
 * for the next import to close.
 */
async function closeImported(
  api: Api,
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

export async function importFeedback(
  ports: Pick<Ports, 'files' | 'git'>,
  ctx: FeedbackContext,
  request: ImportRequest,
): Promise<GateOutcome> {
  const { file, into, api } = request;
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
      { label: ctx.config.issue_label, includeClosed: request.includeClosed },
      stored,
    ));
  }

  const source: Source = file ? 'import' : 'issue';
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
    invalid.push(...fieldItems(problems, c, request.skipInvalid ? 'warn' : 'error'));
  }
  const total = candidates.length;
  if (invalid.length && !request.skipInvalid) {
    const bad = total - valid.length;
    return {
      items: invalid,
      summary: `nothing written: ${bad} of ${total} record${total === 1 ? ' is' : 's are'} invalid; fix them, or pass --skip-invalid`,
    };
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
          // A file's records have no issue to close, even when delivered through the API.
          ...valid.flatMap(({ candidate: { issue }, record, masked }) =>
            issue ? [{ issue, record, masked }] : [],
          ),
          ...done.map((issue) => ({ issue })),
        ],
        via,
      )),
    );
  return {
    items,
    data: {
      imported: valid.length,
      skipped: total - valid.length,
      ids: valid.map((v) => v.record.id),
    },
  };
}
