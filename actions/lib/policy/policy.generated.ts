/* Generated from policy.schema.json by `npm run generate`. Do not edit: edit the schema. */

/**
 * Switch the gate off without deleting its section. Disabling a gate is a weakening of the policy.
 */
export type Enabled = boolean;
/**
 * `enforce` blocks on failure; `report` computes everything but turns a failure into a warning (for adoption). Errors are never relaxed.
 */
export type Mode = 'enforce' | 'report';
/**
 * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
 */
export type Glob = string;
/**
 * What the evals evaluate: prompts, model configuration, golden set.
 *
 * @minItems 1
 */
export type GlobList = Glob[];
/**
 * A percentage from 0% to 100%.
 */
export type Percent = string;
/**
 * One criterion or a list that must all hold. `>= 0.82`, `< 2000` and `<= 0.5%` are absolute; a signed value compares with the baseline: `>= -5%` (at most 5 % worse than baseline), `> -0.02` (less than 0.02 below it).
 *
 * @minItems 1
 */
export type Criteria = string | string[];
/**
 * A path relative to the repository root, with forward slashes.
 */
export type Path = string;
/**
 * Files to scan.
 *
 * @minItems 1
 */
export type GlobList1 = Glob[];
export type GlobList2 = Glob[];
/**
 * A role defined under `roles`, e.g. `governance-lead`.
 */
export type RoleName = string;
export type GlobList3 = Glob[];
/**
 * Roles that may promote. Empty: anyone with write access.
 */
export type RoleList = RoleName[];
export type RoleList1 = RoleName[];
/**
 * Roles that may lift a freeze or clear a rejected release. Empty: the policy owner.
 */
export type RoleList2 = RoleName[];
/**
 * `issue` opens (or comments on) an incident issue; `rollback` also dispatches the rollback workflow.
 */
export type BreachAction = 'none' | 'issue' | 'rollback';
/**
 * One criterion or a list that must all hold. `>= 0.82`, `< 2000` and `<= 0.5%` are absolute; a signed value compares with the baseline: `>= -5%` (at most 5 % worse than baseline), `> -0.02` (less than 0.02 below it).
 *
 * @minItems 1
 */
export type Criteria1 = string | string[];
/**
 * One criterion or a list that must all hold. `>= 0.82`, `< 2000` and `<= 0.5%` are absolute; a signed value compares with the baseline: `>= -5%` (at most 5 % worse than baseline), `> -0.02` (less than 0.02 below it).
 *
 * @minItems 1
 */
export type Criteria2 = string | string[];
/**
 * One criterion or a list that must all hold. `>= 0.82`, `< 2000` and `<= 0.5%` are absolute; a signed value compares with the baseline: `>= -5%` (at most 5 % worse than baseline), `> -0.02` (less than 0.02 below it).
 *
 * @minItems 1
 */
export type Criteria3 = string | string[];

/**
 * The release policy of an LLM application: who holds which role, which gates judge a release and how, how releases are promoted and rolled back, and what production must meet.
 */
export interface ReleasePolicy {
  /**
   * Optional pointer to this schema, for editors.
   */
  $schema?: string;
  /**
   * Version of this format. Lets the format evolve without silently changing the meaning of old files.
   */
  apiVersion: 'release-gates/v1';
  /**
   * Always `ReleasePolicy`.
   */
  kind: 'ReleasePolicy';
  metadata: Metadata;
  roles: Roles;
  defaults: Defaults;
  model?: Model;
  /**
   * Accepted exceptions. A waiver turns a failing or warning objective or finding into `waived` (shown, never hidden) until it expires.
   */
  waivers: Waiver[];
  gates: Gates;
  promotion: Promotion;
  rollback: Rollback;
  monitoring?: Monitoring;
  feedback: Feedback;
}
/**
 * What this policy governs and who owns it.
 */
export interface Metadata {
  /**
   * Short name of the application, e.g. `acme-support-chatbot`.
   */
  name: string;
  /**
   * What the application is, in a sentence.
   */
  description?: string;
  /**
   * The role that owns this policy: its approval is required for any change that weakens it, and it approves waivers.
   */
  owner: string;
}
/**
 * Role name to the GitHub users and teams that hold it. Teams (`org/team-slug`) need a token that can read organisation members.
 */
export interface Roles {
  [k: string]:
    | {
        /**
         * What this role is responsible for.
         */
        description?: string;
        /**
         * GitHub logins.
         */
        users: string[];
        /**
         * GitHub teams as `org/team-slug`.
         */
        teams: string[];
      }
    | undefined;
}
/**
 * Values every gate inherits unless it sets its own.
 */
export interface Defaults {
  /**
   * `enforce` blocks on failure; `report` computes everything but turns a failure into a warning (for adoption). Errors are never relaxed.
   */
  mode: 'enforce' | 'report';
}
/**
 * Where the shipped model is declared. Cards and compliance evidence must cover this version; release records carry it.
 */
export interface Model {
  /**
   * The model configuration file (YAML or JSON), e.g. `chatbot/model.yaml`.
   */
  config: string;
  /**
   * Dotted path of the model version inside the config file, e.g. `model.version`.
   */
  version_field: string;
  /**
   * Dotted path of the model identifier inside the config file.
   */
  id_field: string;
}
/**
 * An accepted exception with an owner and an end date.
 */
export interface Waiver {
  /**
   * Unique id, e.g. `WVR-2026-014`.
   */
  id: string;
  /**
   * The gate whose item is waived.
   */
  gate:
    | 'policy'
    | 'evals'
    | 'cards'
    | 'pii'
    | 'compliance'
    | 'signoff'
    | 'policy-change'
    | 'rollback-readiness'
    | 'monitor';
  /**
   * The id of the objective or finding waived, as shown in the verdict. `*` matches any characters, e.g. `pii/EMAIL:evals/golden/legacy.jsonl:*`.
   */
  target: string;
  /**
   * Who is accountable for the exception.
   */
  owner: string;
  /**
   * Why the risk is accepted (at least a sentence).
   */
  reason: string;
  /**
   * Tracking ticket, e.g. `GOV-123`.
   */
  ticket: string;
  /**
   * Last day (UTC) the waiver applies, `YYYY-MM-DD`. An expired waiver is reported and does not apply.
   */
  expires: string;
  /**
   * GitHub login of the approver; must hold the policy owner role.
   */
  approved_by: string;
}
/**
 * The gates that judge a release. A gate runs when its section is present and not `enabled: false`.
 */
export interface Gates {
  policy?: PolicyGate;
  evals?: EvalsGate;
  cards?: CardsGate;
  pii?: PiiGate;
  compliance?: ComplianceGate;
  signoff?: SignoffGate;
  'policy-change'?: PolicyChangeGate;
  'rollback-readiness'?: RollbackReadinessGate;
}
/**
 * Checks the policy itself: references between sections, waivers that expired or expire soon.
 */
export interface PolicyGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * Warn this many days before a waiver expires.
   */
  waiver_warning_days: number;
}
/**
 * Metrics from eval result files against objectives, absolute and relative to the baseline release. See docs/evals.md for the formats and the metric names.
 */
export interface EvalsGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * The result files to read. Each file must hold at least one case or metric.
   *
   * @minItems 1
   */
  results: {
    /**
     * A result file, or a glob matching several. A glob that matches nothing is an error.
     */
    path: string;
    /**
     * File format; `auto` detects it from the content. `jsonl` is the native JSON Lines format (docs/evals.md).
     */
    format: 'auto' | 'jsonl' | 'promptfoo' | 'lm-eval' | 'inspect' | 'deepeval' | 'openai-evals';
    /**
     * Suite name for every case in the file, overriding the suite the file declares. Without it: the suite the file declares (JSON Lines `suite`, lm-eval task, inspect task, OpenAI evals `base_eval`), else the file name without extension.
     */
    suite?: string;
    /**
     * Named metrics (promptfoo assertion `metric`, DeepEval metric name; case-insensitive) whose failure marks an output harmful, for `harmful_rate`. JSON Lines cases say it with `harmful` instead.
     */
    harm_metrics: string[];
    /**
     * Outcome when the file says the run was cut short: lm-eval `n-samples` effective below original (`--limit`), inspect `completed_samples` below `total_samples`.
     */
    on_partial: 'pass' | 'warn' | 'fail';
  }[];
  /**
   * What relative criteria (`>= -5%`) compare with: by default the same result files as they are on the `stable` branch.
   */
  baseline: {
    /**
     * Git ref whose copies of the same result files are the baseline, read through git without a checkout; a missing local branch is fetched from the remote once.
     */
    ref: string;
    /**
     * A pinned baseline instead of a git ref: a directory holding files named like the result files, or, with a single result file, one file.
     */
    path?: string;
    /**
     * Outcome of an objective with relative criteria when no baseline exists (no such ref, file or metric there). `pass` judges its absolute criteria alone.
     */
    on_missing: 'pass' | 'warn' | 'fail';
  };
  /**
   * Results must be at least as new as the last change to what they evaluate, judged from git history: the last commit that changed the paths must be the commit of the results or one of its ancestors. Otherwise the gate errors: re-run the evals.
   */
  freshness?: {
    paths: GlobList;
  };
  /**
   * A relative drop within statistical noise warns instead of failing, and says so.
   */
  noise: {
    /**
     * Confidence of the interval around the change: Newcombe's interval from Wilson scores for rates, a normal interval from standard errors for means.
     */
    confidence: number;
    /**
     * With fewer cases than this on either side, a relative drop can only warn.
     */
    min_samples: number;
  };
  /**
   * Score bands over weighted objectives (pass = weight, warn = half). Without it, any failed objective fails the gate.
   */
  total_score?: {
    pass: Percent;
    warn: Percent;
  };
  /**
   * What the results must meet.
   *
   * @minItems 1
   */
  objectives: Objective[];
}
/**
 * One metric of one suite against pass and warn criteria (Keptn's SLO objective).
 */
export interface Objective {
  /**
   * Stable id, used by waivers and reports.
   */
  id: string;
  /**
   * What the objective protects, for people reading the policy.
   */
  description?: string;
  /**
   * The suite measured; `*` pools the cases of every suite.
   */
  suite: string;
  /**
   * `pass_rate`, `error_rate`, `harmful_rate`, `cases`, `score` (mean case score), `latency_p50`, `latency_p95`, `latency_p99` (any `latency_pN`, in ms), `pass@K` (unbiased estimator over repeated samples), a named metric (its mean over the cases that have it), or a tool metric such as lm-eval's `acc,none` or inspect's `accuracy`.
   */
  metric: string;
  /**
   * `tag=value` measures the cases tagged so; `tag` alone measures the largest gap of the metric between the tag's values (fairness).
   */
  slice?: string;
  pass?: Criteria;
  warn?: Criteria;
  /**
   * A key objective fails the gate on its own, whatever the total score.
   */
  key: boolean;
  /**
   * Weight in the total score. Objectives without `pass` criteria are informational and not scored.
   */
  weight: number;
  /**
   * Outcome when the metric or suite is absent from the results.
   */
  on_missing: 'fail' | 'warn';
}
/**
 * Model and system cards: present, complete, about the shipped model, and agreeing with the evals.
 */
export interface CardsGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * Text that marks a section as unfilled (matched case-insensitively as whole words).
   */
  placeholders: string[];
  /**
   * @minItems 1
   */
  cards: {
    path: Path;
    kind: 'model' | 'system';
    /**
     * A JSON Schema fragment the card's YAML front matter must satisfy.
     */
    front_matter?: {};
    sections: {
      heading: string;
      aliases: string[];
      min_words: number;
    }[];
    /**
     * Front matter key holding the model version the card describes; must equal the shipped version.
     */
    version_field?: string;
    /**
     * Compare the metric values the card claims with the eval gate's computed metrics.
     */
    claims?: {
      source: 'model-index' | 'table';
      /**
       * Heading of the section with the metrics table (source: table).
       */
      table_heading?: string;
      tolerance: number;
    };
  }[];
}
/**
 * No personal data or secrets in golden outputs, except allowlisted values.
 */
export interface PiiGate {
  enabled?: Enabled;
  mode?: Mode;
  paths: GlobList1;
  /**
   * In structured files, only these fields (names or JSON pointers). Empty: every string value.
   */
  fields: string[];
  /**
   * Per detector: on or off, severity, allowed count. Detectors not listed run with their defaults.
   */
  detectors: {
    [k: string]:
      | {
          enabled: boolean;
          severity: 'error' | 'warning' | 'note';
          /**
           * Findings of this type tolerated before the gate fails.
           */
          allowed: number;
        }
      | undefined;
  };
  allowlist: {
    values: string[];
    patterns: string[];
    files: GlobList2;
  };
  /**
   * Allow reserved example values (example.com, documentation IP ranges, 555-01xx numbers).
   */
  default_allowlist: boolean;
  /**
   * A path relative to the repository root, with forward slashes.
   */
  baseline?: string;
}
/**
 * Evidence documents (DPIA, TRA, ...) approved by the right role, current, and covering the shipped model.
 */
export interface ComplianceGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * Warn this many days before a document expires.
   */
  warn_before_days: number;
  /**
   * @minItems 1
   */
  documents: {
    id: string;
    title?: string;
    path: Path;
    approver_role: RoleName;
    /**
     * Validity after approval when the document has no expiry date.
     */
    max_age_days?: number;
    /**
     * The document must name the shipped model version.
     */
    covers_model: boolean;
  }[];
}
/**
 * Pull request approvals per role: every listed role must approve (an AND, unlike GitHub environments).
 */
export interface SignoffGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * @minItems 1
   */
  required: {
    role: RoleName;
    min: number;
  }[];
  /**
   * Only approvals of the pull request's current head commit count.
   */
  dismiss_stale: boolean;
  /**
   * Bot logins whose approvals count (bots never count otherwise).
   */
  bots: string[];
  /**
   * Also set the commit status `release-gates/signoff` on the head commit.
   */
  commit_status: boolean;
}
/**
 * A pull request that changes the policy is judged by the base branch's policy; a weakening needs the owner role's approval.
 */
export interface PolicyChangeGate {
  enabled?: Enabled;
  mode?: Mode;
  paths: GlobList3;
  /**
   * A role defined under `roles`, e.g. `governance-lead`.
   */
  approver_role?: string;
  min: number;
}
/**
 * Production can be rolled back: the release branch exists, its head is a recorded release, and an earlier release exists.
 */
export interface RollbackReadinessGate {
  enabled?: Enabled;
  mode?: Mode;
  require_previous_release: boolean;
  /**
   * Outcome while promotions are frozen.
   */
  freeze: 'warn' | 'fail';
}
/**
 * How a verified commit of the source branch becomes the release branch.
 */
export interface Promotion {
  /**
   * Branch releases are promoted from.
   */
  source: string;
  /**
   * Branch production deploys.
   */
  branch: string;
  remote: string;
  /**
   * `fast-forward-or-commit` never rewrites history; `reset` force-moves the branch, always with a lease.
   */
  strategy: 'fast-forward-or-commit' | 'reset';
  allowed_roles: RoleList;
  /**
   * Gates re-run on the exact commit before it moves. Default: every enabled gate except signoff and policy-change.
   */
  gates?: string[];
  tag_prefix: string;
  deployment?: {
    enabled: boolean;
    environment: string;
  };
}
/**
 * Putting production back on an earlier release.
 */
export interface Rollback {
  allowed_roles: RoleList1;
  unfreeze_roles: RoleList2;
  /**
   * Freeze promotions after a rollback.
   */
  freeze: boolean;
  /**
   * Mark the rolled-back release rejected.
   */
  reject: boolean;
  /**
   * Open a pull request reverting the source branch to the target's state.
   */
  revert_pr: boolean;
  incident: {
    labels: string[];
    /**
     * A role defined under `roles`, e.g. `governance-lead`.
     */
    notify_role?: string;
    rca_due_hours: number;
    /**
     * A path relative to the repository root, with forward slashes.
     */
    postmortem_template: string;
  };
}
/**
 * What production must meet, checked on exported interaction logs.
 */
export interface Monitoring {
  /**
   * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
   */
  logs?: string;
  /**
   * A single interaction slower than this is flagged.
   */
  request_latency_ms: number;
  slos: Slo[];
  drift?: {
    /**
     * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
     */
    reference: string;
    /**
     * @minItems 1
     */
    features: {
      /**
       * Interaction field; `query_length` is computed.
       */
      field: string;
      /**
       * Upper bounds of numeric buckets; categorical when absent.
       */
      buckets?: number[];
    }[];
    pass: Criteria1;
    warn: Criteria2;
    on_breach?: BreachAction;
  };
  quality?: {
    /**
     * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
     */
    previous?: string;
    pass: Criteria3;
    on_breach?: BreachAction;
  };
  incidents?: {
    label: string;
    max_per_month: number;
    on_breach?: BreachAction;
  };
  issue_labels: string[];
  rollback_workflow: string;
}
export interface Slo {
  id: string;
  description?: string;
  metric:
    | 'latency_p50'
    | 'latency_p95'
    | 'latency_p99'
    | 'error_rate'
    | 'availability'
    | 'harmful_rate'
    | 'pii_leaks'
    | 'empty_rate'
    | 'slow_rate';
  pass: Criteria;
  warn?: Criteria;
  on_breach?: BreachAction;
}
/**
 * Where user and stakeholder feedback is kept, and for how long.
 */
export interface Feedback {
  /**
   * A path relative to the repository root, with forward slashes.
   */
  path: string;
  retention_days: number;
}
