import { auditPackCommand } from './audit-pack.js';
import { checkCommand } from './check.js';
import { commentCommand } from './comment.js';
import {
  clearRejectionCommand,
  freezeCommand,
  promoteCommand,
  rollbackCommand,
  unfreezeCommand,
  repairCommand,
  verifyReleaseCommand,
} from './release.js';
import { monitorCommand } from './monitor.js';
import {
  ANNOTATION_OPTIONS,
  type CommandSpec,
  type OptionSpecs,
  type OptionValues,
} from './spec.js';
import { validatePolicyCommand } from './validate-policy.js';

/** What the action's token may do, and the membership token's use when it differs from the usual. */
export interface GitHubInputs {
  token: string;
  membershipToken?: string;
}

export interface ActionEntry<S extends OptionSpecs = OptionSpecs> {
  command: CommandSpec<S>;
  /** Options the action fixes: not inputs. */
  fixed?: Partial<OptionValues<S>>;
  /** The action calls the GitHub API: it takes the `token` and `membership-token` inputs. */
  github?: GitHubInputs;
  /** The action's description, when the command's summary does not fit it. */
  description?: string;
  /** Descriptions of inputs that say more in this action than the option's own. */
  inputs?: Partial<Record<keyof S & string, string>>;
  /** The outputs of the command's own data (see runtime/action.ts), besides the common ones. */
  outputs?: Record<string, string>;
  branding: { icon: string; color?: 'green' | 'orange' };
}

/** Keeps the command's option types while checking `fixed` and `inputs` against them. */
const action = <S extends OptionSpecs>(entry: ActionEntry<S>): ActionEntry => entry;

/** Inputs every action has besides its command's options. */
export const RUNTIME_INPUTS = {
  'working-directory': { description: 'Repository root, relative to the workspace.', default: '.' },
  'report-dir': {
    description:
      'Directory for the JSON, SARIF and JUnit reports. Default: $RUNNER_TEMP/release-gates.',
  },
  annotations: {
    description: ANNOTATION_OPTIONS.annotations.description,
    default: ANNOTATION_OPTIONS.annotations.default,
  },
} as const;

/** The `token` input of an action whose command calls no API: only annotations use it. */
const CHECKS_TOKEN =
  'Token for the Checks API only, used when there are more findings than workflow commands show (see `annotations`): publishes them all as a check run (`checks: write`). The gates of this action call no other API.';

/** What the `token` input of an action whose command calls the API also does. */
const CHECKS_TOKEN_TOO =
  "With `checks: write`, it also publishes every finding past the runner's caps on a check run (see `annotations`).";

/** The `membership-token` input unless an action says otherwise. */
const MEMBERSHIP_TOKEN =
  'Token that can read organisation members, needed only when the roles allowed to act name teams (GITHUB_TOKEN cannot): a fine-grained token or GitHub App token with Members read access.';

/** Outputs every action sets (runtime/action.ts). */
export const COMMON_OUTPUTS: Record<string, string> = {
  result: 'pass, warn, fail or error.',
  verdict: 'The report as JSON (docs/verdict-json.md); without items when too large for an output.',
  report: 'Path of the JSON report.',
  sarif: 'Path of the SARIF 2.1.0 report, for github/codeql-action/upload-sarif.',
  junit: 'Path of the JUnit XML report.',
};

const ADMIN_TOKEN: GitHubInputs = {
  token:
    'Token for the GitHub API: only read when the roles allowed to act name teams (with membership-token).',
};

const PULL_REQUEST_POLICY_REF =
  'Read the policy as it is at this git ref. Default on pull requests: the base commit, so a pull request is judged by the policy it would change, never its own.';

/** A single gate as an action of its own: `check --gate <gate>`. */
const gateAction = (
  gate: string,
  entry: Omit<ActionEntry<typeof checkCommand.options>, 'command' | 'fixed'>,
) =>
  action({
    command: checkCommand,
    fixed: { gate: [gate] },
    ...entry,
    inputs: { 'policy-ref': PULL_REQUEST_POLICY_REF, ...entry.inputs },
  });

/**
 * Every action under actions/<name>/: the command it runs, the options it fixes, and what its
 * action.yml says beyond the command's spec. `npm run generate` writes every action.yml and
 * docs/actions.md from these entries and the specs.
 */
export const ACTION_COMMANDS: Record<string, ActionEntry> = {
  check: action({
    command: checkCommand,
    description:
      'Run the release gates the policy enables (or the ones named) and report one verdict per gate.',
    inputs: { 'policy-ref': PULL_REQUEST_POLICY_REF },
    github: {
      token:
        'Token for the GitHub API: reads pull requests and reviews (`pull-requests: read`) and sets the sign-off commit status (`statuses: write`) when the policy asks for it.',
    },
    branding: { icon: 'shield' },
  }),
  cards: gateAction('cards', {
    description:
      'Check the model and system cards: required front matter and sections, no placeholders, the shipped model version, and claimed metrics that agree with the evals.',
    branding: { icon: 'book-open' },
  }),
  compliance: gateAction('compliance', {
    description:
      'Check the compliance evidence (DPIA, TRA, RACI, ...): approved by a holder of the required role, not expired, and covering the shipped model version.',
    github: {
      token:
        "Token for the GitHub API: on a pull request that changes an evidence document's approval, reads the pull request's reviews (`pull-requests: read`) to prove that the named approver approved it.",
    },
    branding: { icon: 'check-square' },
  }),
  evals: gateAction('evals', {
    description:
      'Judge eval results (JSON Lines, promptfoo, lm-eval, inspect, DeepEval, OpenAI evals) against the policy objectives, absolute and against the stable baseline.',
    outputs: {
      metrics:
        'The normalized metrics as JSON, per suite: cases, pass_rate, error_rate, latency percentiles, named metric means, tool metrics, and what the objectives ask for (docs/evals.md). Absent when the results could not be read.',
      trend:
        "JSON: each objective's value at the last releases (`gates.evals.trend_releases`) and on the change under test, as the trend charts of the summary show them (docs/evals.md#trend-charts). Absent with `trend_releases: 0`.",
    },
    branding: { icon: 'bar-chart-2' },
  }),
  comment: action({
    command: commentCommand,
    description:
      'Keep one comment on the pull request up to date with the verdicts of the gate jobs (their report files): what failed, by how much, what changed against the base, and a link to the job summaries. A comment that cannot be written is a warning, never a failed gate.',
    inputs: {
      reports:
        'Report JSON files of the gate jobs (globs allowed, relative to the working directory), e.g. the report-dir of each gate job uploaded as an artifact and downloaded here.',
    },
    github: {
      token:
        'Token for the GitHub API: lists, writes and updates the comment (`pull-requests: write`, only in the job that comments).',
      membershipToken: 'Not used by the comment; accepted like every action that calls the API.',
    },
    branding: { icon: 'message-square' },
  }),
  'validate-policy': action({
    command: validatePolicyCommand,
    description:
      'Check policy files against the schema and cross-references; every problem annotated at its file, line and column.',
    branding: { icon: 'check-square' },
  }),
  signoff: gateAction('signoff', {
    description:
      'Require approvals per role on the pull request head (product owner AND governance lead), counted from the pull request reviews; optionally sets the release-gates/signoff commit status.',
    github: {
      token:
        'Token for the GitHub API: reads the pull request and its reviews (`pull-requests: read`), and sets the release-gates/signoff commit status when the policy asks (`statuses: write`).',
    },
    outputs: {
      'pull-request': 'Number of the pull request judged.',
      head: 'The head commit whose approvals were counted.',
      roles: 'JSON list, per required role: role, min, approvedBy (login, commit, at), missing.',
      'missing-roles': 'JSON list of the roles still missing a sign-off.',
    },
    branding: { icon: 'user-check' },
  }),
  'policy-change': gateAction('policy-change', {
    description:
      'List what a pull request changes in the release policy, classify each change as weakening or strengthening, show which verdicts would flip, and require the policy owner approval for a weakening.',
    github: {
      token:
        'Token for the GitHub API: reads the pull request and its reviews (`pull-requests: read`).',
    },
    outputs: {
      changes:
        'JSON list of the policy changes: path, direction (weakening, strengthening, neutral), reason, before, after.',
      flips:
        'JSON list of the gates whose verdict differs under the two policies: gate, base, head.',
      weakening: 'true when the pull request weakens the policy, by a change or in effect.',
      'approval-needed':
        'true when the approver role must approve (a weakening, or a protected path changed).',
    },
    branding: { icon: 'shield', color: 'orange' },
  }),
  'rollback-readiness': gateAction('rollback-readiness', {
    description:
      'Check that production can be rolled back: the release branch is a recorded, verified release, the records agree, a rollback target exists, and promotions are not frozen.',
    outputs: {
      stable: 'Commit the release branch points at on the remote, or null.',
      'current-release': 'Tag of the release production runs (e.g. release/12), or null.',
      'rollback-target': 'Tag of the release a rollback would return to, or null.',
      frozen: 'true while promotions are frozen.',
    },
    branding: { icon: 'rotate-ccw' },
  }),
  pii: gateAction('pii', {
    description:
      'The pii gate: no personal data or secrets in golden outputs (validated detectors, masked previews only), except allowlisted or baselined values.',
    inputs: {
      policy:
        'Policy file, relative to the repository root; its gates.pii section says what to scan and how.',
      'policy-ref':
        'Read the policy as it is at this git ref. Default on pull requests: the base commit, so a pull request cannot loosen the allowlist it is judged by.',
    },
    github: {
      token:
        'Token for the GitHub API, used only on a pull request that adds entries to the PII baseline: reads its reviews (`pull-requests: read`), as the policy owner must approve them.',
      membershipToken:
        'Token that can read organisation members, needed only when the approving role names teams (GITHUB_TOKEN cannot): a fine-grained token or GitHub App token with Members read access.',
    },
    outputs: {
      findings: 'Number of findings no allowlist or baseline accepts.',
      by_type: 'Those findings per type, as JSON, e.g. {"EMAIL":1,"PHONE":0,...}.',
      accepted: 'Number of findings accepted by an allowlist or the baseline.',
      files: 'Number of files scanned.',
      values: 'Number of values scanned (string values in structured files, whole text files).',
    },
    branding: { icon: 'eye-off' },
  }),
  promote: action({
    command: promoteCommand,
    github: {
      token:
        'Token for the GitHub API: records the production deployment when promotion.deployment.enabled (`deployments: write`). Pushing uses the credentials of actions/checkout (`contents: write`).',
    },
    outputs: {
      release: 'Number of the release published (or that would be, in a dry run).',
      tag: 'Its annotated tag, e.g. release/12.',
      commit: 'The head of the release branch after the promotion.',
      tree: "Its tree: exactly the promoted commit's tree.",
      source: 'The promoted commit of the source branch.',
      published: 'true when the release branch moved in this run.',
    },
    branding: { icon: 'arrow-up-circle' },
  }),
  rollback: action({
    command: rollbackCommand,
    github: {
      token:
        'Token for the GitHub API: opens the incident issue (`issues: write`), the revert pull request when rollback.revert_pr (`pull-requests: write`), and records the deployment when promotion.deployment.enabled (`deployments: write`). Pushing uses the credentials of actions/checkout (`contents: write`).',
    },
    outputs: {
      release: 'Number of the rollback release published (or that would be, in a dry run).',
      tag: 'Its annotated tag, e.g. release/13.',
      commit: 'The head of the release branch after the rollback.',
      'rolled-back-from': 'Tag of the release rolled back.',
      'rolled-back-to': 'Tag of the release whose content production runs again.',
      published:
        'true when the release branch moved in this run (false for a repeated rollback, which only finishes its follow-ups).',
    },
    branding: { icon: 'rotate-ccw' },
  }),
  freeze: action({
    command: freezeCommand,
    github: ADMIN_TOKEN,
    branding: { icon: 'pause-circle' },
  }),
  unfreeze: action({
    command: unfreezeCommand,
    github: ADMIN_TOKEN,
    branding: { icon: 'play-circle' },
  }),
  'clear-rejection': action({
    command: clearRejectionCommand,
    github: ADMIN_TOKEN,
    branding: { icon: 'check-circle' },
  }),
  'verify-release': action({
    command: verifyReleaseCommand,
    outputs: {
      deployable: 'true when the head of the release branch is a recorded, verified release.',
      release: 'Its number.',
      tag: 'Its annotated tag, e.g. release/12.',
      commit: 'The commit to deploy: the head of the release branch the checks judged.',
      tree: 'Its tree, as the release record has it.',
    },
    branding: { icon: 'shield' },
  }),
  'audit-pack': action({
    command: auditPackCommand,
    description:
      'Write the audit pack of a release: its record, the gate verdicts re-run on its commit, the approvals, the cards and evidence of the commit, the controls register, the incidents and root-cause analyses since, with a sha256 manifest; or check a pack against its manifest.',
    github: {
      token:
        'Token for the GitHub API: reads the pull requests the release came by and their reviews (`pull-requests: read`), and the incident issues since the release (`issues: read`).',
    },
    outputs: {
      release: 'Number of the release packed.',
      tag: 'Its annotated tag, e.g. release/12.',
      commit: 'The head of the release branch that the release recorded.',
      files: 'Number of files in the pack.',
      manifest_sha256:
        'sha256 of MANIFEST.sha256: keep it apart from the pack, to show the manifest itself was not replaced.',
    },
    branding: { icon: 'archive' },
  }),
  repair: action({
    command: repairCommand,
    github: ADMIN_TOKEN,
    outputs: {
      release: 'Number of the release the repair published (or would, in a dry run).',
      tag: 'Its annotated tag, e.g. release/13.',
      commit: 'The head of the release branch after the repair.',
      restored: 'The tag of the release whose tree the repair restored.',
      published: 'true when the release branch moved in this run.',
    },
    branding: { icon: 'git-commit' },
  }),
  monitor: action({
    command: monitorCommand,
    github: {
      token:
        'Token for the GitHub API: counts the incident issues of the month (`issues: read`), opens or comments on incident issues (`issues: write`) and dispatches the rollback workflow (`actions: write`, only when a breach rolls back).',
      membershipToken:
        'Not used by monitoring; accepted like every action that calls the GitHub API.',
    },
    outputs: {
      window:
        'JSON: the files read, the first and last timestamp, interactions, lines and bad lines.',
      metrics:
        'JSON: the value of each SLO metric (latency_p95 in ms, rates as fractions, pii_leaks as a count).',
      flags:
        'JSON: how many interactions were flagged slow, error, empty, pii and harmful, and in all.',
      drift: 'JSON: the PSI of each drift feature. Absent without monitoring.drift.',
      latency_histogram:
        "JSON: how many interactions of the window fall in each latency bucket (ms), as the summary's histogram shows them.",
      drift_buckets:
        "JSON: per drift feature, the share of the reference and of the window in each bucket, as the summary's bar charts show them. Absent without monitoring.drift.",
      quality:
        'JSON: the mean rating of the window and of the previous period. Absent without monitoring.quality.',
      incidents:
        'The number of incident issues opened this month. Absent without monitoring.incidents.',
      flagged:
        'JSON: the file the flagged interactions were written to, and how many. Absent without the flagged input.',
      breaches:
        'JSON list of the kinds of breach (slo/<id>, drift, quality, incidents) that escalate.',
      issues: 'JSON list of the incident issues opened or commented on: kind, action, number, url.',
      rollback:
        'JSON: the rollback dispatch (workflow, ref, reason, dispatched), or null when no breach rolls back.',
    },
    branding: { icon: 'activity' },
  }),
};

/** An action's inputs, in order: its command's options (minus fixed and command-line-only), then the runtime's. */
export function actionInputs(
  entry: ActionEntry,
): Record<string, { description: string; required: boolean; default?: string }> {
  const out: Record<string, { description: string; required: boolean; default?: string }> = {};
  for (const [name, spec] of Object.entries(entry.command.options)) {
    if (spec.cliOnly || (entry.fixed && name in entry.fixed)) continue;
    const description = entry.inputs?.[name] ?? spec.description;
    const required = 'required' in spec && spec.required === true;
    const fallback = spec.kind === 'flag' ? 'false' : 'default' in spec ? spec.default : undefined;
    out[name] = {
      description:
        spec.kind === 'list' ? `${description} Several: comma or newline separated.` : description,
      required,
      ...(fallback !== undefined ? { default: fallback } : {}),
    };
  }
  if (entry.github) {
    out.token = {
      description: `${entry.github.token} ${CHECKS_TOKEN_TOO}`,
      required: false,
      default: '${{ github.token }}',
    };
    out['membership-token'] = {
      description: entry.github.membershipToken ?? MEMBERSHIP_TOKEN,
      required: false,
    };
  } else {
    out.token = { description: CHECKS_TOKEN, required: false, default: '${{ github.token }}' };
  }
  for (const [name, input] of Object.entries(RUNTIME_INPUTS))
    out[name] = {
      description: input.description,
      required: false,
      ...('default' in input ? { default: input.default } : {}),
    };
  return out;
}
