/**
 * `release-gates feedback add|import|report|erase|prune`: collecting user and stakeholder
 * feedback into the store, the weekly report, and the store's erasure and retention. Each
 * subcommand is a command of its own (`feedback add`, ...) with its own --help; its logic is
 * in actions/lib/feedback/, this file holds the specs and reads the options.
 */
import { addFeedback } from '../feedback/add.js';
import type { FeedbackContext } from '../feedback/context.js';
import { eraseFeedback, userToErase } from '../feedback/erase.js';
import { importFeedback } from '../feedback/import.js';
import { INTAKE_BRANCH } from '../feedback/intake.js';
import { pruneFeedback } from '../feedback/prune.js';
import { FEEDBACK_TYPES, MAX_DESCRIPTION } from '../feedback/record.js';
import { reportFeedback } from '../feedback/report.js';
import { InputRecorder } from '../gate.js';
import { policyPiiCheck } from '../pii/redact.js';
import { DEFAULT_POLICY_PATH, type LoadedPolicy } from '../policy/load.js';
import type { Feedback } from '../policy/policy.generated.js';
import type { Ports } from '../ports.js';
import { loadPolicy } from './policy-source.js';
import { REPO_OPTION, withPullRequest } from './pull-request.js';
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

async function context(options: OptionValues, ports: Ports): Promise<FeedbackContext> {
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

// ------------------------------------------------------------------ add

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
    return addFeedback(await context(options, ports), flagsOf(options), ports, run);
  },
};

// ------------------------------------------------------------------ import

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
      name: 'into',
      type: 'string',
      description: `Deliver the records as a pull request into this branch (e.g. main) from the branch ${INTAKE_BRANCH}, for rulesets that block direct pushes, instead of appending to the working tree's store; issues are closed only once their records are on that branch (needs GITHUB_TOKEN: contents, pull-requests and issues: write).`,
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
    const request = {
      files: list(options, 'file'),
      fromIssues: options['from-issues'] === true,
      includeClosed: options['include-closed'] === true,
      into: str(options, 'into'),
      skipInvalid: options['skip-invalid'] === true,
    };
    return importFeedback(ctx, request, ports, run);
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
    return reportFeedback(ctx, str(options, 'week') ?? 'last', ports, run);
  },
};

// ------------------------------------------------------------------ erase, prune

export const feedbackEraseCommand: CommandSpec = {
  name: 'feedback erase',
  summary:
    'Erase every record of a user (an erasure request): from the store, and from the feedback issues it was imported from.',
  details:
    "The feedback issues (feedback.issue_label) that hold the user's feedback are redacted first: title and body replaced by an erasure note, closed, so that no import brings them back; this needs GITHUB_TOKEN (issues: write) when any record came from an issue. Then the store is rewritten atomically; a store with unreadable lines is refused, so that nothing is erased in part. The store is in git: erasing from the file does not erase it from history; docs/feedback.md says how.",
  options: [
    {
      name: 'user-id',
      type: 'string',
      description:
        'The pseudonymous user id whose records are erased, as the store has it in user_id (e.g. u-7f3a91).',
    },
    {
      ...REPO_OPTION,
      description: 'Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.',
    },
    ...STORE_OPTIONS,
  ],
  async run(options, env) {
    const { ports } = env;
    const user = userToErase(str(options, 'user-id'));
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    return eraseFeedback(ctx, user, ports, run);
  },
};

export const feedbackPruneCommand: CommandSpec = {
  name: 'feedback prune',
  summary:
    'Remove records older than the retention period (feedback.retention_days), rewriting the store atomically.',
  details:
    'Refuses a cutoff that is now or in the future (0d, a future date) and one that would remove every record, unless --all: a mistyped date must not empty the store.',
  options: [
    {
      name: 'older-than',
      type: 'string',
      description:
        'Age (90d, 12w) or date (2026-01-01) before which records are removed. Default: feedback.retention_days of the policy.',
    },
    {
      name: 'all',
      type: 'boolean',
      default: false,
      description: 'Allow the cutoff to remove every record (the store is left empty).',
    },
    ...STORE_OPTIONS,
  ],
  async run(options, { ports, run }) {
    const ctx = await context(options, ports);
    const request = { given: str(options, 'older-than'), all: options.all === true };
    return pruneFeedback(ctx, request, ports, run);
  },
};

export const FEEDBACK_COMMANDS = [
  feedbackAddCommand,
  feedbackImportCommand,
  feedbackReportCommand,
  feedbackEraseCommand,
  feedbackPruneCommand,
];
