/**
 * `release-gates feedback add|import|report|erase|prune`: collecting user and stakeholder
 * feedback into the store, the weekly report, and the store's erasure and retention. Each
 * subcommand is a command of its own (`feedback add`, ...) with its own --help.
 */
import { UserError } from '../errors.js';
import { InputRecorder, errorItems } from '../gate.js';
import { erasedIssue, fromIssueForm, isErased, issueRecordId } from '../feedback/issue-form.js';
import {
  FEEDBACK_TYPES,
  MAX_DESCRIPTION,
  PII_WORDS,
  checkFeedback,
  normalUserId,
  type CheckContext,
  type FeedbackRecord,
  type FieldProblem,
  type Source,
} from '../feedback/record.js';
import { INTAKE_BRANCH, deliverStore, openIntake } from '../feedback/intake.js';
import { interview } from '../feedback/prompt.js';
import { parseWeek, weeklyReport } from '../feedback/report.js';
import { fileCandidates, issueCandidates, type Candidate } from '../feedback/sources.js';
import {
  appendRecords,
  keptText,
  readStore,
  recordLines,
  refuseUnreadable,
  rewriteStore,
  type Store,
} from '../feedback/store.js';
import { parseTimestamp } from '../monitor/interaction.js';
import { maskText, policyPiiCheck, type PiiCheck } from '../pii/redact.js';
import type { PiiType } from '../pii/types.js';
import { DEFAULT_POLICY_PATH, type LoadedPolicy } from '../policy/load.js';
import type { Feedback } from '../policy/policy.generated.js';
import type { GitHubPort, Issue, Ports, PullRequest, Repo, RunInfo } from '../ports.js';
import { decide, type GateOutcome } from '../verdict/decide.js';
import type { Item, Location, Report } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { withPullRequest } from './pull-request.js';
import { choice, defineCommand, flag, list, path, text, type OptionValues } from './spec.js';

const DEFAULTS: Feedback = {
  path: 'evals/feedback/feedback.jsonl',
  retention_days: 365,
  issue_label: 'feedback',
};

const STORE_OPTIONS = {
  store: path(`The feedback store (default: feedback.path of the policy, else ${DEFAULTS.path}).`),
  policy: path(
    `Policy whose feedback and gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`,
  ),
  'policy-ref': text('Read the policy as it is at this git ref instead of the working tree.'),
};

type StoreValues = OptionValues<typeof STORE_OPTIONS>;

interface Context {
  loaded: LoadedPolicy | undefined;
  config: Feedback;
  store: string;
  pii: PiiCheck;
  inputs: InputRecorder;
  now: Date;
}

async function context(options: StoreValues, ports: Ports): Promise<Context> {
  let loaded: LoadedPolicy | undefined;
  if (options.policy || options['policy-ref'] || (await ports.files.stat(DEFAULT_POLICY_PATH)))
    loaded = await loadPolicy(options, ports);
  const config = loaded?.policy.feedback ?? DEFAULTS;
  return {
    loaded,
    config,
    store: options.store ?? config.path,
    pii: policyPiiCheck(loaded?.policy.gates.pii),
    inputs: new InputRecorder(ports.files, ports.git),
    now: ports.clock.now(),
  };
}

function report(command: string, ctx: Context, run: RunInfo, outcome: GateOutcome): Report {
  const verdict = decide(outcome, {
    gate: 'feedback',
    title: `Feedback ${command}`,
    mode: 'enforce',
    inputs: ctx.inputs.list(),
  });
  return makeReport(`feedback ${command}`, [verdict], ctx.loaded?.ref ?? null, run.commit);
}

/** The store's unreadable lines: a warning when appending, an error when reading it all. */
function storeItems(store: Store, status: 'warn' | 'error'): Item[] {
  return store.problems.map((p, i) => ({
    id: `store/${i + 1}`,
    status,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.location ? { location: p.location } : {}),
    rule: 'store',
  }));
}

function maskedNote(types: readonly PiiType[]): string {
  return types.length
    ? `; the description held ${types.map((t) => PII_WORDS[t]).join(' and ')}, stored masked`
    : '';
}

function kindOf(r: FeedbackRecord): string {
  return `${r.type}${r.rating !== null ? `, rating ${r.rating}` : ''}`;
}

function describe(r: FeedbackRecord): string {
  return `${kindOf(r)}${r.user_id ? `, user ${r.user_id}` : ', anonymous'}`;
}

// ------------------------------------------------------------------ add

function flagsOf(options: AddValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, field] of [
    ['user-id', 'user_id'],
    ['type', 'type'],
    ['description', 'description'],
    ['conversation', 'conversation'],
  ] as const) {
    const v = options[flag];
    if (v !== undefined) out[field] = v;
  }
  const rating = options.rating;
  if (rating !== undefined) out.rating = /^-?\d+(\.\d+)?$/.test(rating) ? Number(rating) : rating;
  return out;
}

/** One item per problem, named by the record (`record 3 (line 4)`, `issue #12`) and the field. */
function fieldItems(
  problems: readonly FieldProblem[],
  record: { key: string; name: string; locate?: (field: string) => Location | undefined },
  status: 'error' | 'warn' = 'error',
): Item[] {
  return problems.map((p) => {
    const at = record.locate?.(p.field);
    return {
      id: `${record.key}/${p.field}`,
      status,
      message: `${record.name}: ${p.field} ${p.message}`,
      rule: 'field',
      ...(at ? { location: at } : {}),
    };
  });
}

const ADD_OPTIONS = {
  'user-id': text('Pseudonymous id of the user (e.g. u-7f3a91); absent: anonymous.'),
  type: choice(FEEDBACK_TYPES, 'Kind of feedback.'),
  rating: text('Rating of the answer, 1 (very poor) to 5 (very good).'),
  description: text(`What happened, at most ${MAX_DESCRIPTION} characters.`),
  conversation: text('Request or conversation id the feedback is about.'),
  ...STORE_OPTIONS,
};

type AddValues = OptionValues<typeof ADD_OPTIONS>;

export const feedbackAddCommand = defineCommand({
  name: 'feedback add',
  summary:
    'Add one piece of feedback: asks for each field in a terminal, or takes them all as flags.',
  details:
    'Without --type and --description, and in an interactive terminal, asks for every field not given. The user id must be pseudonymous (an email, a phone number or other personal data is refused); personal data in the description is masked before it is stored. The record is appended to the store, which is never rewritten.',
  options: ADD_OPTIONS,
  examples: [
    { what: 'Asks for each field in a terminal', run: 'release-gates feedback add' },
    {
      what: 'All fields as flags, e.g. from a support tool',
      run: "release-gates feedback add --type quality --rating 2 --description 'Gave the old refund window' --conversation req-81f2",
    },
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const check: CheckContext = { now: ctx.now, source: 'cli', pii: ctx.pii };
    let input = flagsOf(options);
    const missing = ['type', 'description'].filter((f) => !(f in input));
    if (missing.length) {
      if (!ports.prompt)
        throw new UserError({
          message: `${missing.map((f) => `--${f}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required when not run in a terminal`,
          hint: 'e.g. release-gates feedback add --type quality --rating 2 --description "..."',
        });
      input = await interview(ports.prompt, input, check, ctx.store);
    }
    const checked = checkFeedback(input, check);
    if (Array.isArray(checked))
      return report('add', ctx, run, {
        items: fieldItems(checked, { key: 'feedback', name: 'the feedback' }),
        summary: 'nothing stored: the feedback is not valid',
      });
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    if (store.entries.some((e) => e.record.id === checked.record.id))
      throw new UserError({
        message: `a record with id ${checked.record.id} is already in ${ctx.store}`,
        hint: 'run it again: ids are random',
      });
    await appendRecords(ports.files, store, [checked.record]);
    const r = checked.record;
    ports.prompt?.say(`Stored ${r.id}${maskedNote(checked.masked)}.`);
    return report('add', ctx, run, {
      items: [
        {
          id: 'stored',
          status: 'pass',
          message: `stored ${r.id} (${describe(r)}) in ${ctx.store}${maskedNote(checked.masked)}`,
          location: { file: ctx.store },
        },
        ...storeItems(store, 'warn'),
      ],
      summary: `stored ${r.id} (${describe(r)})${maskedNote(checked.masked)}`,
      data: { record: r },
    });
  },
});

// ------------------------------------------------------------------ import

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

export const feedbackImportCommand = defineCommand({
  name: 'feedback import',
  summary:
    'Import feedback from a JSON or JSON Lines file, or from the issues of the feedback form; all or nothing.',
  details:
    'Every record is checked first; any invalid one (each problem named by record and field) means nothing is written, unless --skip-invalid. --from-issues reads the open issues labelled feedback.issue_label (written with .github/ISSUE_TEMPLATE/feedback.yml), appends them with the id issue-<number>, and closes each with a comment, its body masked when it held personal data; an issue already in the store is never imported twice.',
  positional: { name: 'file', description: 'A JSON list of records, or JSON Lines (.jsonl).' },
  options: {
    file: list('File to import.', { paths: true }),
    'from-issues': flag(
      'Import the issues of the feedback form instead of a file (needs GITHUB_TOKEN).',
    ),
    'include-closed': flag(
      'With --from-issues: closed issues too (recovers issues closed by a run whose commit of the store was lost).',
    ),
    into: text(
      `Deliver the records as a pull request into this branch (e.g. main) from the branch ${INTAKE_BRANCH}, for rulesets that block direct pushes, instead of appending to the working tree's store; issues are closed only once their records are on that branch (needs GITHUB_TOKEN: contents, pull-requests and issues: write).`,
    ),
    'skip-invalid': flag('Import the valid records and report the invalid ones as warnings.'),
    repo: text('Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.', {
      cliOnly: true,
    }),
    ...STORE_OPTIONS,
  },
  examples: [
    {
      what: 'Import a survey export, all or nothing',
      run: 'release-gates feedback import survey.jsonl',
    },
    {
      what: 'Import the issues of the feedback form (needs GITHUB_TOKEN)',
      run: 'release-gates feedback import --from-issues --repo acme/support-chatbot',
    },
    {
      what: 'Import the valid records; the invalid ones are warnings',
      run: 'release-gates feedback import survey.jsonl --skip-invalid',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    const files = options.file;
    const file = files[0];
    const fromIssues = options['from-issues'] === true;
    if (files.length > 1 || !file === !fromIssues)
      throw new UserError({
        message: fromIssues
          ? 'give a file or --from-issues, not both'
          : files.length > 1
            ? 'give one file to import at a time'
            : 'give a file to import, or --from-issues',
        hint: 'e.g. release-gates feedback import survey.jsonl',
      });
    const into = options.into;
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
        { label: ctx.config.issue_label, includeClosed: options['include-closed'] === true },
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
      invalid.push(...fieldItems(problems, c, options['skip-invalid'] === true ? 'warn' : 'error'));
    }
    const total = candidates.length;
    if (invalid.length && options['skip-invalid'] !== true) {
      const bad = total - valid.length;
      return report('import', ctx, run, {
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
    return report('import', ctx, run, {
      items,
      data: {
        imported: valid.length,
        skipped: total - valid.length,
        ids: valid.map((v) => v.record.id),
      },
    });
  },
});

// ------------------------------------------------------------------ report

export const feedbackReportCommand = defineCommand({
  name: 'feedback report',
  summary:
    'The weekly feedback report: counts by type and by rating, each with the trend against the week before.',
  details:
    'Weeks are ISO 8601 weeks, Monday to Sunday, UTC. Safety and privacy feedback warns: each may be an incident. --format markdown gives the job summary of the weekly workflow.',
  options: {
    week: text('last (the last complete week), current, or an ISO week such as 2026-W47.', {
      default: 'last',
    }),
    ...STORE_OPTIONS,
  },
  examples: [
    { what: 'The report of the last complete week', run: 'release-gates feedback report' },
    {
      what: 'A given week, as the job summary of the weekly workflow writes it',
      run: 'release-gates feedback report --week 2026-W47 --format markdown',
    },
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const week = parseWeek(options.week, ctx.now);
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    if (!store.exists)
      throw new UserError({
        message: `there is no feedback store at ${ctx.store}`,
        hint: 'collect feedback first (release-gates feedback add, or the issue form), or pass --store',
        location: { file: ctx.store },
      });
    const outcome = weeklyReport(store.entries, week, ctx.store);
    outcome.items.push(...storeItems(store, 'error'));
    return report('report', ctx, run, outcome);
  },
});

// ------------------------------------------------------------------ erase, prune

/** A user id as it may be printed: masked if it is personal data after all. */
function printable(id: string, pii: PiiCheck): string {
  return maskText(id, pii(id));
}

/**
 * The feedback issues that hold the user's feedback: those whose record is erased, and those
 * whose form names the user (imported or not). Already erased ones are left alone.
 */
async function issuesOf(
  api: { github: GitHubPort; repo: Repo },
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
  ports: Ports,
  api: { github: GitHubPort; repo: Repo },
  ctx: Context,
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

export const feedbackEraseCommand = defineCommand({
  name: 'feedback erase',
  summary:
    'Erase every record of a user (an erasure request): from the store, and from the feedback issues it was imported from.',
  details:
    "The feedback issues (feedback.issue_label) that hold the user's feedback are redacted first: title and body replaced by an erasure note, closed, so that no import brings them back; this needs GITHUB_TOKEN (issues: write) when any record came from an issue. Then the store is rewritten atomically; a store with unreadable lines is refused, so that nothing is erased in part. The store is in git: erasing from the file does not erase it from history; docs/feedback.md says how.",
  options: {
    'user-id': text(
      'The pseudonymous user id whose records are erased, as the store has it in user_id (e.g. u-7f3a91).',
    ),
    repo: text('Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.', {
      cliOnly: true,
    }),
    ...STORE_OPTIONS,
  },
  examples: [
    {
      what: "Erase a user's records from the store and the feedback issues (needs GITHUB_TOKEN)",
      run: 'release-gates feedback erase --user-id u-7f3a91 --repo acme/support-chatbot',
    },
    {
      what: 'The same for a store elsewhere',
      run: 'release-gates feedback erase --user-id u-7f3a91 --store data/feedback.jsonl',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    const given = options['user-id'];
    const user = normalUserId(given ?? '');
    if (!user)
      throw new UserError({
        message:
          '--user-id is required: the pseudonymous id of the person whose records are erased, as the store has it in user_id',
        hint: 'e.g. release-gates feedback erase --user-id u-7f3a91; anonymous records (user_id null) name no one and are not erased by user',
      });
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    const who = printable(user, ctx.pii);
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    refuseUnreadable(store);
    const theirs = (r: FeedbackRecord) => normalUserId(r.user_id) === user;
    const erasedIds = new Set(
      store.entries.filter((e) => theirs(e.record)).map((e) => e.record.id),
    );
    const fromIssues = store.entries.filter(
      (e) => theirs(e.record) && e.record.source === 'issue',
    ).length;
    const items: Item[] = [];
    const redacted: number[] = [];
    let intake: Item | undefined;
    if (ports.github && run.repository) {
      // The issues first: if one cannot be redacted, the store still has the records, and a
      // second run finds both again; the other way round an import would bring them back.
      const api = { github: ports.github, repo: run.repository };
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
    return report('erase', ctx, run, {
      items,
      summary: `erased ${removed} record${removed === 1 ? '' : 's'} of user ${who} from ${ctx.store}${intake ? `, ${String(intake.observed)} from the intake pull request` : ''}${issues}`,
      data: { erased: removed, kept, issues: redacted },
    });
  },
});

/** `90d`, `12w`, or a date: the time before which records go. */
export function cutoffOf(text: string, now: Date): number {
  const m = /^(\d+)([dw])$/.exec(text);
  if (m) return now.getTime() - Number(m[1]) * (m[2] === 'w' ? 7 : 1) * 86_400_000;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? parseTimestamp(`${text}T00:00:00Z`)
    : parseTimestamp(text);
  if (time === null)
    throw new UserError({
      message: '--older-than must be a number of days or weeks (90d, 12w) or a date (2026-01-01)',
      hint: 'e.g. --older-than 365d; without it, feedback.retention_days of the policy applies',
    });
  return time;
}

export const feedbackPruneCommand = defineCommand({
  name: 'feedback prune',
  summary:
    'Remove records older than the retention period (feedback.retention_days), rewriting the store atomically.',
  details:
    'Refuses a cutoff that is now or in the future (0d, a future date) and one that would remove every record, unless --all: a mistyped date must not empty the store.',
  options: {
    'older-than': text(
      'Age (90d, 12w) or date (2026-01-01) before which records are removed. Default: feedback.retention_days of the policy.',
    ),
    all: flag('Allow the cutoff to remove every record (the store is left empty).'),
    ...STORE_OPTIONS,
  },
  examples: [
    { what: 'Remove what is older than the retention period', run: 'release-gates feedback prune' },
    {
      what: 'Remove records older than 90 days',
      run: 'release-gates feedback prune --older-than 90d',
    },
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const given = options['older-than'];
    const cutoff = cutoffOf(given ?? `${ctx.config.retention_days}d`, ctx.now);
    const since = new Date(cutoff).toISOString().slice(0, 10);
    const all = options.all === true;
    // `given` parsed as an age or a date, so it can be repeated.
    const cutoffText = given
      ? `--older-than ${given} (before ${since})`
      : `retention (before ${since})`;
    const refuse = (why: string) =>
      new UserError({
        message: `${cutoffText} ${why}: nothing was removed`,
        hint: 'give an age (365d) or a past date; pass --all to remove every record on purpose',
        location: { file: ctx.store },
      });
    if (!all && cutoff >= ctx.now.getTime())
      throw refuse("is not in the past, so it would remove every record, today's included");
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const keep = (r: FeedbackRecord) => Date.parse(r.created_at) >= cutoff;
    const total = store.entries.length;
    if (!all && total > 0 && !store.entries.some((e) => keep(e.record)))
      throw refuse(`would remove all ${total} record${total === 1 ? '' : 's'} of the store`);
    const { removed, kept } = await rewriteStore(ports.files, store, keep);
    const why = given ? '' : ` (retention ${ctx.config.retention_days} days)`;
    const what = `${removed ? `removed ${removed} record${removed === 1 ? '' : 's'}` : 'nothing to remove'} created before ${since}${why}`;
    return report('prune', ctx, run, {
      items: [
        {
          id: 'pruned',
          status: 'pass',
          observed: removed,
          message: `${what} from ${ctx.store}; ${kept} kept`,
          location: { file: ctx.store },
        },
      ],
      summary: `${what}; ${kept} kept`,
      data: { removed, kept, before: since },
    });
  },
});

export const FEEDBACK_COMMANDS = [
  feedbackAddCommand,
  feedbackImportCommand,
  feedbackReportCommand,
  feedbackEraseCommand,
  feedbackPruneCommand,
];
