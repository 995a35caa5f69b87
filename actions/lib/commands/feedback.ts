/**
 * `release-gates feedback add|import|report|erase|prune`: collecting user and stakeholder
 * feedback into the store, the weekly report, and the store's erasure and retention. Each
 * subcommand is a command of its own (`feedback add`, ...) with its own --help.
 */
import { UserError } from '../errors.js';
import { firstSyntaxError, locatePointers } from '../evals/json-locate.js';
import { InputRecorder, errorItems } from '../gate.js';
import { FORM_LABELS, fromIssueForm, issueRecordId } from '../feedback/issue-form.js';
import {
  FEEDBACK_TYPES,
  MAX_DESCRIPTION,
  PII_WORDS,
  checkFeedback,
  fieldProblem,
  type CheckContext,
  type FeedbackRecord,
  type FieldProblem,
  type Source,
} from '../feedback/record.js';
import { parseWeek, weeklyReport } from '../feedback/report.js';
import { appendRecords, readStore, rewriteStore, type Store } from '../feedback/store.js';
import { parseTimestamp } from '../monitor/interaction.js';
import { maskText, policyPiiCheck, type PiiCheck } from '../pii/redact.js';
import { DEFAULT_POLICY_PATH, type LoadedPolicy } from '../policy/load.js';
import type { Feedback } from '../policy/policy.generated.js';
import type { IssueInfo, Ports, PromptPort, RunInfo } from '../ports.js';
import { decide, type GateOutcome } from '../verdict/decide.js';
import type { Item, Location, Report } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { withPullRequest } from './pull-request.js';
import { list, str, type CommandSpec, type OptionSpec, type OptionValues } from './spec.js';

const DEFAULTS: Feedback = {
  path: 'evals/feedback/feedback.jsonl',
  retention_days: 365,
  issue_label: 'feedback',
};

const STORE_OPTIONS: OptionSpec[] = [
  {
    name: 'store',
    type: 'string',
    description: `The feedback store (default: feedback.path of the policy, else ${DEFAULTS.path}).`,
  },
  {
    name: 'policy',
    type: 'string',
    description: `Policy whose feedback and gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`,
  },
  {
    name: 'policy-ref',
    type: 'string',
    description: 'Read the policy as it is at this git ref instead of the working tree.',
  },
];

interface Context {
  loaded: LoadedPolicy | undefined;
  config: Feedback;
  store: string;
  pii: PiiCheck;
  inputs: InputRecorder;
  now: Date;
}

async function context(options: OptionValues, ports: Ports): Promise<Context> {
  let loaded: LoadedPolicy | undefined;
  if (
    str(options, 'policy') ||
    str(options, 'policy-ref') ||
    (await ports.files.stat(DEFAULT_POLICY_PATH))
  )
    loaded = await loadPolicy(options, ports);
  const config = loaded?.policy.feedback ?? DEFAULTS;
  return {
    loaded,
    config,
    store: str(options, 'store') ?? config.path,
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

function maskedNote(types: readonly string[]): string {
  return types.length
    ? `; the description held ${types.map((t) => PII_WORDS[t as keyof typeof PII_WORDS]).join(' and ')}, stored masked`
    : '';
}

function describe(r: FeedbackRecord): string {
  return `${r.type}${r.rating !== null ? `, rating ${r.rating}` : ''}${r.user_id ? `, user ${r.user_id}` : ', anonymous'}`;
}

// ------------------------------------------------------------------ add

/** Asks until the answer is valid; the end of the input stops with nothing stored. */
async function ask(
  prompt: PromptPort,
  question: string,
  check: (answer: string) => { value: unknown } | { problem: string },
): Promise<unknown> {
  for (;;) {
    const answer = await prompt.ask(question);
    if (answer === null) {
      prompt.say(''); // the cursor is still after the question
      throw new UserError({
        message: 'the input ended before the feedback was complete: nothing was stored',
        hint: 'run it again, or give every field as a flag (release-gates feedback add --help)',
      });
    }
    const result = check(answer.trim());
    if ('value' in result) return result.value;
    prompt.say(`  ${result.problem}`);
  }
}

async function interview(
  prompt: PromptPort,
  given: Record<string, unknown>,
  ctx: CheckContext,
  store: string,
): Promise<Record<string, unknown>> {
  const field = (name: string, empty: unknown) => (answer: string) => {
    const value = answer === '' ? empty : answer;
    const problem = value === undefined ? 'is required' : fieldProblem(name, value, ctx);
    return problem ? { problem: `${name.replace('_', ' ')} ${problem}` } : { value };
  };
  prompt.say(
    `New feedback, stored in ${store}. Personal data in the description is masked before it is stored. Press Ctrl-D to stop without storing.`,
  );
  const out = { ...given };
  if (!('user_id' in out))
    out.user_id = await ask(
      prompt,
      'Pseudonymous user id (empty for anonymous): ',
      field('user_id', null),
    );
  if (!('type' in out)) {
    const choices = FEEDBACK_TYPES.map((t, i) => `${i + 1} ${t}`).join(', ');
    out.type = await ask(prompt, `Type (${choices}): `, (answer) => {
      const byNumber = FEEDBACK_TYPES[Number(answer) - 1];
      const value = /^[1-6]$/.test(answer) ? byNumber : answer.toLowerCase();
      return (FEEDBACK_TYPES as readonly string[]).includes(value ?? '')
        ? { value }
        : { problem: `type must be one of ${FEEDBACK_TYPES.join(', ')} (or its number)` };
    });
  }
  if (!('rating' in out))
    out.rating = await ask(
      prompt,
      'Rating, 1 (very poor) to 5 (very good) (empty for none): ',
      (answer) =>
        answer === ''
          ? { value: null }
          : /^[1-5]$/.test(answer)
            ? { value: Number(answer) }
            : { problem: 'rating must be a whole number from 1 to 5, or empty' },
    );
  if (!('description' in out))
    out.description = await ask(
      prompt,
      `What happened (one line, at most ${MAX_DESCRIPTION} characters): `,
      field('description', undefined),
    );
  if (!('conversation' in out))
    out.conversation = await ask(
      prompt,
      'Conversation reference, e.g. a request id (empty for none): ',
      field('conversation', null),
    );
  return out;
}

function flagsOf(options: OptionValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, field] of [
    ['user-id', 'user_id'],
    ['type', 'type'],
    ['description', 'description'],
    ['conversation', 'conversation'],
  ] as const) {
    const v = str(options, flag);
    if (v !== undefined) out[field] = v;
  }
  const rating = str(options, 'rating');
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

export const feedbackAddCommand: CommandSpec = {
  name: 'feedback add',
  summary:
    'Add one piece of feedback: asks for each field in a terminal, or takes them all as flags.',
  details:
    'Without --type and --description, and in an interactive terminal, asks for every field not given. The user id must be pseudonymous (an email, a phone number or other personal data is refused); personal data in the description is masked before it is stored. The record is appended to the store, which is never rewritten.',
  options: [
    {
      name: 'user-id',
      type: 'string',
      description: 'Pseudonymous id of the user (e.g. u-7f3a91); absent: anonymous.',
    },
    { name: 'type', type: 'string', choices: FEEDBACK_TYPES, description: 'Kind of feedback.' },
    {
      name: 'rating',
      type: 'string',
      description: 'Rating of the answer, 1 (very poor) to 5 (very good).',
    },
    {
      name: 'description',
      type: 'string',
      description: `What happened, at most ${MAX_DESCRIPTION} characters.`,
    },
    {
      name: 'conversation',
      type: 'string',
      description: 'Request or conversation id the feedback is about.',
    },
    ...STORE_OPTIONS,
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
        hint: 'give another --id, or none',
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
};

// ------------------------------------------------------------------ import

interface Candidate {
  /** Item id prefix: `record/3`, `issue/12`. */
  key: string;
  /** For people: `record 3 (line 4)`, `issue #12`. */
  name: string;
  input: Record<string, unknown>;
  /** Why it is not a record at all, before its fields are looked at. */
  problem?: FieldProblem;
  /** Where a field of it is. */
  locate: (field: string) => Location | undefined;
  issue?: IssueInfo;
}

function fileCandidates(file: string, text: string): Candidate[] {
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const notObject: FieldProblem = { field: 'record', message: 'is not a JSON object' };
  if (jsonl) {
    const out: Candidate[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const location = { file, line: i + 1 };
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        const e = firstSyntaxError(line);
        throw new UserError({
          message: `line ${i + 1} of ${file} is not valid JSON${e ? ` (column ${e.column}: ${e.message})` : ''}: nothing was imported`,
          hint: 'each line must be one feedback record as a JSON object',
          location: { ...location, ...(e ? { column: e.column } : {}) },
        });
      }
      const n = out.length + 1;
      const object = typeof value === 'object' && value !== null && !Array.isArray(value);
      out.push({
        key: `record/${n}`,
        name: `record ${n} (line ${i + 1})`,
        input: object ? (value as Record<string, unknown>) : {},
        ...(object ? {} : { problem: notObject }),
        locate: () => location,
      });
    });
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const e = firstSyntaxError(text);
    throw new UserError({
      message: `${file} is not valid JSON${e ? ` (${e.message})` : ''}: nothing was imported`,
      hint: 'give a JSON list of feedback records, or JSON Lines (.jsonl)',
      location: { file, ...(e ? { line: e.line, column: e.column } : {}) },
    });
  }
  const list = Array.isArray(value) ? value : [value];
  const pointers = list.flatMap((v, i) => [
    Array.isArray(value) ? `/${i}` : '',
    ...(typeof v === 'object' && v !== null
      ? Object.keys(v).map((k) => `${Array.isArray(value) ? `/${i}` : ''}/${k}`)
      : []),
  ]);
  const positions = locatePointers(text, pointers);
  return list.map((v, i) => {
    const base = Array.isArray(value) ? `/${i}` : '';
    const at = (pointer: string): Location | undefined => {
      const p = positions.get(pointer) ?? positions.get(base);
      return p ? { file, line: p.line, column: p.column, pointer } : { file };
    };
    const object = typeof v === 'object' && v !== null && !Array.isArray(v);
    return {
      key: `record/${i + 1}`,
      name: `record ${i + 1}`,
      input: object ? (v as Record<string, unknown>) : {},
      ...(object ? {} : { problem: notObject }),
      locate: (field) => at(field === 'record' ? base : `${base}/${field}`),
    };
  });
}

async function issueCandidates(
  ctx: Context,
  ports: Ports,
  run: RunInfo,
  includeClosed: boolean,
  stored: Set<string>,
): Promise<{ candidates: Candidate[]; done: IssueInfo[] }> {
  if (!ports.github || !run.repository)
    throw new UserError({
      message: `--from-issues reads the feedback issues through the GitHub API, but ${ports.github ? 'the repository is not known' : 'no token was given'}`,
      hint: ports.github
        ? 'pass --repo OWNER/NAME, or set GITHUB_REPOSITORY'
        : 'set GITHUB_TOKEN or GH_TOKEN (issues: write, to close the imported issues)',
    });
  const issues = await ports.github.findIssues(run.repository, {
    labels: [ctx.config.issue_label],
    state: includeClosed ? 'all' : 'open',
  });
  const candidates: Candidate[] = [];
  const done: IssueInfo[] = [];
  for (const issue of issues.slice().reverse()) {
    if (stored.has(issueRecordId(issue.number))) {
      if (issue.state === 'open') done.push(issue);
      continue;
    }
    const input = fromIssueForm(issue);
    candidates.push({
      key: `issue/${issue.number}`,
      name: `issue #${issue.number}`,
      input: input ?? {},
      ...(input
        ? {}
        : {
            problem: {
              field: 'body',
              message: `was not written with the feedback form (no ${Object.keys(FORM_LABELS).slice(0, 2).join(' or ')} section)`,
            },
          }),
      locate: () => undefined,
      issue,
    });
  }
  return { candidates, done };
}

export const feedbackImportCommand: CommandSpec = {
  name: 'feedback import',
  summary:
    'Import feedback from a JSON or JSON Lines file, or from the issues of the feedback form; all or nothing.',
  details:
    'Every record is checked first; any invalid one (each problem named by record and field) means nothing is written, unless --skip-invalid. --from-issues reads the open issues labelled feedback.issue_label (written with .github/ISSUE_TEMPLATE/feedback.yml), appends them with the id issue-<number>, and closes each with a comment, its body masked when it held personal data; an issue already in the store is never imported twice.',
  positional: { name: 'file', description: 'A JSON list of records, or JSON Lines (.jsonl).' },
  options: [
    { name: 'file', type: 'list', description: 'File to import.' },
    {
      name: 'from-issues',
      type: 'boolean',
      default: false,
      description: 'Import the issues of the feedback form instead of a file (needs GITHUB_TOKEN).',
    },
    {
      name: 'include-closed',
      type: 'boolean',
      default: false,
      description:
        'With --from-issues: closed issues too (recovers issues closed by a run whose commit of the store was lost).',
    },
    {
      name: 'skip-invalid',
      type: 'boolean',
      default: false,
      description: 'Import the valid records and report the invalid ones as warnings.',
    },
    {
      name: 'repo',
      type: 'string',
      cliOnly: true,
      description: 'Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.',
    },
    ...STORE_OPTIONS,
  ],
  async run(options, env) {
    const { ports } = env;
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    const files = list(options, 'file');
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
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const stored = new Set(store.entries.map((e) => e.record.id));
    let candidates: Candidate[];
    let done: IssueInfo[] = [];
    if (file) {
      candidates = fileCandidates(file, Buffer.from(await ctx.inputs.read(file)).toString('utf8'));
      if (candidates.length === 0)
        throw new UserError({ message: `${file} holds no feedback record`, location: { file } });
    } else {
      ({ candidates, done } = await issueCandidates(
        ctx,
        ports,
        run,
        options['include-closed'] === true,
        stored,
      ));
    }

    const source: Source = fromIssues ? 'issue' : 'import';
    const valid: { candidate: Candidate; record: FeedbackRecord; masked: string[] }[] = [];
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

    await appendRecords(
      ports.files,
      store,
      valid.map((v) => v.record),
    );
    const items: Item[] = [...invalid, ...storeItems(store, 'warn')];
    const masked = valid.filter((v) => v.masked.length).length;
    items.push({
      id: 'imported',
      status: 'pass',
      observed: valid.length,
      message: `imported ${valid.length} of ${total} record${total === 1 ? '' : 's'} into ${ctx.store}${masked ? `; ${masked} description${masked === 1 ? '' : 's'} held personal data, stored masked` : ''}${invalid.length ? `; skipped ${total - valid.length} invalid` : ''}`,
      location: { file: ctx.store },
    });
    if (fromIssues) {
      const github = ports.github!;
      const repo = run.repository!;
      for (const issue of [
        ...valid.map((v) => ({ issue: v.candidate.issue!, record: v.record, masked: v.masked })),
        ...done.map((issue) => ({ issue, record: undefined, masked: [] as string[] })),
      ]) {
        const id = `issue/${issue.issue.number}/close`;
        try {
          await github.commentOnIssue(
            repo,
            issue.issue.number,
            `Thank you: imported into the feedback store as \`${issueRecordId(issue.issue.number)}\`${issue.record ? ` (${describe(issue.record)})` : ''}.${issue.masked.length ? ' The description held personal data, so this issue now shows it masked, as the store does.' : ''}`,
          );
          await github.closeIssue(
            repo,
            issue.issue.number,
            issue.masked.length ? maskText(issue.issue.body, ctx.pii(issue.issue.body)) : undefined,
          );
          items.push({
            id,
            status: 'info',
            message: `closed #${issue.issue.number}: ${issue.issue.url}`,
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
    }
    return report('import', ctx, run, {
      items,
      data: {
        imported: valid.length,
        skipped: total - valid.length,
        ids: valid.map((v) => v.record.id),
      },
    });
  },
};

// ------------------------------------------------------------------ report

export const feedbackReportCommand: CommandSpec = {
  name: 'feedback report',
  summary:
    'The weekly feedback report: counts by type and by rating, each with the trend against the week before.',
  details:
    'Weeks are ISO 8601 weeks, Monday to Sunday, UTC. Safety and privacy feedback warns: each may be an incident. --format markdown gives the job summary of the weekly workflow.',
  options: [
    {
      name: 'week',
      type: 'string',
      default: 'last',
      description: 'last (the last complete week), current, or an ISO week such as 2026-W47.',
    },
    ...STORE_OPTIONS,
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const week = parseWeek(str(options, 'week') ?? 'last', ctx.now);
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
};

// ------------------------------------------------------------------ erase, prune

/** A user id as it may be printed: masked if it is personal data after all. */
function printable(id: string, pii: PiiCheck): string {
  return maskText(id, pii(id));
}

export const feedbackEraseCommand: CommandSpec = {
  name: 'feedback erase',
  summary: 'Erase every record of a user (an erasure request): the store is rewritten atomically.',
  details:
    'Refuses to rewrite a store with unreadable lines, so that nothing is erased in part. The store is in git: erasing from the file does not erase it from history; docs/feedback.md says how.',
  options: [
    {
      name: 'user-id',
      type: 'string',
      required: true,
      description: 'The pseudonymous user id whose records are erased.',
    },
    ...STORE_OPTIONS,
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const user = str(options, 'user-id')!;
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const who = printable(user, ctx.pii);
    const { removed, kept } = await rewriteStore(ports.files, store, (r) => r.user_id !== user);
    return report('erase', ctx, run, {
      items: [
        {
          id: 'erased',
          status: 'pass',
          observed: removed,
          message: removed
            ? `erased ${removed} record${removed === 1 ? '' : 's'} of user ${who} from ${ctx.store}; ${kept} kept`
            : `no record of user ${who} in ${ctx.store}${store.exists ? '' : ' (there is no store)'}: nothing to erase`,
          location: { file: ctx.store },
        },
      ],
      data: { erased: removed, kept },
    });
  },
};

/** `90d`, `12w`, or a date: the time before which records go. */
export function cutoffOf(text: string, now: Date): number {
  const m = /^(\d+)([dw])$/.exec(text);
  if (m) return now.getTime() - Number(m[1]) * (m[2] === 'w' ? 7 : 1) * 86_400_000;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? parseTimestamp(`${text}T00:00:00Z`)
    : parseTimestamp(text);
  if (time === null)
    throw new UserError({
      message: `--older-than must be a number of days or weeks (90d, 12w) or a date (2026-01-01), not "${text}"`,
      hint: 'e.g. --older-than 365d; without it, feedback.retention_days of the policy applies',
    });
  return time;
}

export const feedbackPruneCommand: CommandSpec = {
  name: 'feedback prune',
  summary:
    'Remove records older than the retention period (feedback.retention_days), rewriting the store atomically.',
  options: [
    {
      name: 'older-than',
      type: 'string',
      description:
        'Age (90d, 12w) or date (2026-01-01) before which records are removed. Default: feedback.retention_days of the policy.',
    },
    ...STORE_OPTIONS,
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const given = str(options, 'older-than');
    const cutoff = cutoffOf(given ?? `${ctx.config.retention_days}d`, ctx.now);
    const store = await readStore(ctx.store, ports.files, ctx.inputs);
    const { removed, kept } = await rewriteStore(
      ports.files,
      store,
      (r) => Date.parse(r.created_at) >= cutoff,
    );
    const since = new Date(cutoff).toISOString().slice(0, 10);
    const why = given ? '' : ` (retention ${ctx.config.retention_days} days)`;
    return report('prune', ctx, run, {
      items: [
        {
          id: 'pruned',
          status: 'pass',
          observed: removed,
          message: `${removed ? `removed ${removed} record${removed === 1 ? '' : 's'}` : 'nothing to remove'} created before ${since}${why} from ${ctx.store}; ${kept} kept`,
          location: { file: ctx.store },
        },
      ],
      data: { removed, kept, before: since },
    });
  },
};

export const FEEDBACK_COMMANDS = [
  feedbackAddCommand,
  feedbackImportCommand,
  feedbackReportCommand,
  feedbackEraseCommand,
  feedbackPruneCommand,
];
