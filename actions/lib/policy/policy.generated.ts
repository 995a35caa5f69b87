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
 * Files to scan, by glob. The format follows the extension: `.jsonl`/`.ndjson` (streamed), `.json`, `.yaml`/`.yml`, `.csv`; anything else (Markdown, text) is scanned as text. A glob that matches no file is an error.
 *
 * @minItems 1
 */
export type GlobList1 = Glob[];
/**
 * Files not scanned at all, by glob, e.g. fixtures that hold synthetic data on purpose.
 */
export type GlobList2 = Glob[];
/**
 * Policy files: changes to them are listed. The policy file that judges releases is also compared field by field.
 */
export type GlobList3 = Glob[];
/**
 * Files that decide whether and how the gates run (workflows can skip a gate job, and a workflow moved out of `.github/workflows/` no longer runs; CODEOWNERS, in every place GitHub reads it, decides who reviews): changing, adding, deleting or moving them needs the approver role's approval like a weakening. Pair with a ruleset or CODEOWNERS review, which a pull request cannot change for itself. Listing paths here replaces this default list.
 */
export type GlobList4 = Glob[];
/**
 * A role defined under `roles`, e.g. `governance-lead`.
 */
export type RoleName = string;
/**
 * Roles that may promote (users by login; teams need a token that can read organisation members). Empty: whoever may run the workflow.
 */
export type RoleList = RoleName[];
/**
 * Roles that may roll back and freeze promotions. Empty: whoever may run the workflow.
 */
export type RoleList1 = RoleName[];
/**
 * Roles that may lift a freeze (`release-gates unfreeze`) or clear a rejected release (`release-gates clear-rejection`). Empty: the policy owner.
 */
export type RoleList2 = RoleName[];
/**
 * A JSON pointer into a line of the export (RFC 6901), e.g. `/event/duration` or `/@timestamp`.
 */
export type JsonPointer = string;
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
 * Roles whose bot holders (`github-actions[bot]` is every workflow's identity) may roll back automatically, and only so: to `previous`, for the open incident issue the monitor opened for a breach whose `on_breach` is `rollback` (the `incident` input), in a run of `rollback_workflow` on `promotion.source` (checked with GITHUB_WORKFLOW_REF). A bot may do nothing else: not freeze, unfreeze, clear a rejection, pick a target or promote. Empty: no automatic rollback.
 */
export type RoleList3 = RoleName[];

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
  report: Report;
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
  /**
   * The GitHub rulesets the gates rely on, read on every run through the API (`GET /repos/{owner}/{repo}/rules/branches/{branch}`, readable with `contents: read`): on `promotion.source`, pull requests, code-owner review, approval of the most recent push and every gate's required check; on `promotion.branch`, no force push, no deletion, and updates restricted. Each missing guard is a failed item with its fix; the same check is `release-gates platform-guards`. See docs/adopting.md.
   */
  platform_guards: {
    /**
     * Check the rulesets. Turning it off is a weakening: a push past the pull request, or an edited workflow, would go unseen.
     */
    enabled: boolean;
    /**
     * The name of each gate's required status check, `{gate}` standing for the gate's name: `gates / {gate}` for the reusable workflow called from a job named `gates`, `{gate}` for jobs named after the gates.
     */
    check_name: string;
    /**
     * The status checks `promotion.source` must require, exactly as the workflows report them. Default: `check_name` for every gate the policy enables.
     */
    required_checks?: string[];
    /**
     * `promotion.branch` must have the rule `update` (restrict updates), so that only the ruleset's bypass actors (the release workflows' GitHub App) can push to it. `false` accepts that anyone with write access can move it, with a warning on every run.
     */
    restrict_release_updates: boolean;
  };
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
     * File format; `auto` detects it from the content. `jsonl` is the native JSON Lines format (docs/evals.md). `table` is a table of results (ragas, Opik, MLflow exports) read by `columns:`, never detected; `braintrust` is `braintrust eval --jsonl` summaries, named explicitly.
     */
    format:
      | 'auto'
      | 'jsonl'
      | 'promptfoo'
      | 'lm-eval'
      | 'inspect'
      | 'deepeval'
      | 'openai-evals'
      | 'table'
      | 'braintrust';
    /**
     * Suite name for every case in the file, overriding the suite the file declares. Without it: the suite the file declares (JSON Lines `suite`, lm-eval task, inspect task, OpenAI evals `base_eval`, Braintrust `projectName`), else the file name without extension.
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
    /**
     * With `format: table`: how the table is written, CSV (a header row, then one row per case), JSON Lines (one object per case, the columns its keys) or `json`, a document `{"columns": [...], "data": [[...], ...]}` (pandas `orient="split"`, MLflow's `eval_results_table.json`). Without it: from the file name, `.csv`, `.jsonl` or `.ndjson`, `.json`.
     */
    table_format?: 'csv' | 'jsonl' | 'json';
    /**
     * With `format: table` (required there, refused otherwise): which column holds what, for tables such as ragas `to_pandas()`, Opik and MLflow evaluation exports. A named column missing from the table is an error. docs/evals.md has a mapping for each tool.
     */
    columns?: {
      /**
       * The case id: repeated samples of a case share it (with `sample`); a case, or a sample of a case, given twice is an error. For ragas, `user_input`.
       */
      id: string;
      /**
       * The sample's index among the repeats of its case (a whole number from 0), for `pass@k`.
       */
      sample?: string;
      /**
       * The verdict. Without `min` and `max`, the column is a verdict (`true`/`false`, `1`/`0`, `pass`/`fail`); with them, a score that passes when at least `min` and at most `max`. An empty cell gives the case no verdict.
       */
      pass?: {
        /**
         * The verdict or score column.
         */
        column: string;
        /**
         * The case passes when the score is at least this.
         */
        min?: number;
        /**
         * The case passes when the score is at most this.
         */
        max?: number;
      };
      /**
       * A number column averaged as the metric `score`.
       */
      score?: string;
      /**
       * End-to-end latency, for `latency_pN`.
       */
      latency?: {
        /**
         * The latency column.
         */
        column: string;
        /**
         * Its unit: MLflow's `latency` is in seconds.
         */
        unit: 'ms' | 's';
      };
      /**
       * A column that is empty (or `false`, `0`) when the case ran, and holds the error otherwise: the case counts as errored.
       */
      error?: string;
      /**
       * A verdict column (`true`/`false`, `1`/`0`) saying the output was harmful, for `harmful_rate`.
       */
      harmful?: string;
      /**
       * Number columns and the metric name each becomes (`faithfulness: faithfulness`); averaged over the cases whose cell is not empty, as ragas averages over the scores that are not NaN.
       */
      metrics?: {
        [k: string]: string | undefined;
      };
      /**
       * Columns whose values become slice tags of the case (`slice: lang=de`).
       */
      tags?: string[];
    };
  }[];
  /**
   * What relative criteria (`>= -5%`) compare with: by default the same result files as they are on the `stable` branch.
   */
  baseline: {
    /**
     * Branch whose copies of the same result files are the baseline, read through git without a checkout: the remote's branch (`refs/remotes/origin/<ref>`), else a local one, else fetched from the remote once. Never a tag or a commit of that name, which a pull request's author could create.
     */
    ref: string;
    /**
     * A pinned baseline instead of a branch: a directory holding files named like the result files, or, with a single result file, one file. Read at the commit the policy is read at (a pull request's base), never from the pull request's head.
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
    /**
     * Every result file must have a stamp (`<result file>.stamp`, written by `release-gates stamp-evals` in the eval job) recording the content hash of the freshness paths and the model version it was produced with; they must equal the current ones, so old results re-committed with a trivial change are stale. A stamp that exists is checked either way. Turning this off is a weakening.
     */
    require_stamp: boolean;
  };
  /**
   * How many of the last releases the job summary's trend charts show: each objective's value at each `promotion.tag_prefix` release, read from the same result files at the release's commit through git, then the change under test. `0` leaves the charts out. The charts never decide: a history that cannot be read is named under them.
   */
  trend_releases: number;
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
   * `pass_rate`, `error_rate`, `harmful_rate`, `cases`, `score` (mean case score), `latency_p50`, `latency_p95`, `latency_p99` (any `latency_pN`, in ms), `pass@K` (unbiased estimator over repeated samples), a named metric (its mean over the cases that have it), or a tool metric such as lm-eval's `acc,none` (`acc` alone is `acc,none`) or inspect's `accuracy`. A tool metric whose name is or looks like a built-in is named `{tool: NAME}` (docs/evals.md#metric-names).
   */
  metric:
    | string
    | {
        /**
         * A metric exactly as the tool names it, never read as a built-in: lm-eval's `pass@1,create_test`, a promptfoo named metric `latency_budget`, a DeepEval metric `pass_rate`. The text form `tool:NAME` means the same.
         */
        tool: string;
      };
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
   * Text that marks a card as unfilled, matched case-insensitively as whole words in its prose (code excluded). Each occurrence fails the card at its line; placeholder words do not count towards `min_words`.
   */
  placeholders: string[];
  /**
   * The cards to check, each a Markdown file with YAML front matter.
   *
   * @minItems 1
   */
  cards: {
    /**
     * The card, e.g. `docs/model-card.md`.
     */
    path: string;
    /**
     * `model`: a Hugging Face style model card, whose YAML front matter is required. `system`: a card of the deployed system; front matter is required only when `front_matter`, `version_field` or `model-index` claims need it.
     */
    kind: 'model' | 'system';
    /**
     * A JSON Schema (draft-07) fragment the card's YAML front matter must satisfy, e.g. `{required: [license, model-index]}`. Checked strictly when the policy is validated, so a misspelt keyword is a policy error.
     */
    front_matter?: {};
    /**
     * Sections the card must have. A section is found at any heading level (ATX `##` or setext), and its words include its subsections'.
     */
    sections: {
      /**
       * The heading, compared without case, punctuation or Markdown formatting: `Bias, Risks, and Limitations` matches `bias risks and limitations`.
       */
      heading: string;
      /**
       * Other headings accepted for the same section.
       */
      aliases: string[];
      /**
       * Words the section must have, its subsections included; headings, HTML comments and placeholders do not count.
       */
      min_words: number;
    }[];
    /**
     * Dotted path in the front matter of the model version the card describes, e.g. `model_version`; it must equal the shipped version (see `model`).
     */
    version_field?: string;
    /**
     * Compare the metric values the card claims with the metrics the eval gate computes. A claim names its suite and metric as the eval gate does: in `model-index`, `dataset.name` is the suite and `metrics[].type` the metric; in a table, the `Suite`, `Metric` and `Value` columns.
     */
    claims?: {
      /**
       * Where the claims are: the front matter's `model-index`, or the first table of the section `table_heading`.
       */
      source: 'model-index' | 'table';
      /**
       * Heading of the section whose first table holds the claims (with `source: table`).
       */
      table_heading?: string;
      /**
       * Largest absolute difference accepted between a claimed and a computed value, e.g. `0.01` for one point of a rate. A percentage claim such as `87%` is compared as 0.87.
       */
      tolerance: number;
    };
  }[];
}
/**
 * No personal data or secrets in golden outputs, except allowlisted values. See docs/pii.md.
 */
export interface PiiGate {
  enabled?: Enabled;
  mode?: Mode;
  paths: GlobList1;
  /**
   * In structured files, scan only these fields: a name (`expected_output`) selects every value under a key of that name; a JSON pointer (`/messages/* /content`, `*` = any one segment) selects from the record (a JSON Lines line, a CSV row, or each item of a top-level list). Empty: every string value.
   */
  fields: string[];
  /**
   * Per detector (EMAIL, PHONE, CREDIT_CARD, US_SSN, IBAN, IP_ADDRESS, SECRET): on or off, severity, allowed count. Detectors not listed run with the defaults (on, error, 0 allowed).
   */
  detectors: {
    [k: string]:
      | {
          /**
           * Run this detector.
           */
          enabled: boolean;
          /**
           * What a finding beyond the allowed count does: `error` fails the gate, `warning` warns, `note` only reports.
           */
          severity: 'error' | 'warning' | 'note';
          /**
           * Findings of this type tolerated before the severity applies; tolerated findings are reported as info.
           */
          allowed: number;
        }
      | undefined;
  };
  /**
   * Values that are not personal data here, such as the support address of the company itself. Allowlisted findings are counted, not listed.
   */
  allowlist: {
    /**
     * Exact values, compared after normalisation (case of addresses, formatting of numbers), e.g. `support@acme.example`, `+1 800 555 0199`.
     */
    values: string[];
    /**
     * JavaScript regular expressions, each matched against the whole value, e.g. `[a-z.]+@acme-corp\.com`.
     */
    patterns: string[];
    files: GlobList2;
  };
  /**
   * Allow reserved example values: example.com and .test addresses, documentation and loopback IP ranges, 555-0100 to 555-0199 and Ofcom drama numbers, card networks' test cards, SSNs reserved for advertising, the IBAN registry's examples, vendors' documented example keys.
   */
  default_allowlist: boolean;
  /**
   * File of accepted findings (salted scrypt hashes, never values), written by `release-gates pii-scan --write-baseline FILE`. A finding whose value is in it, in the same file, is accepted.
   */
  baseline?: string;
  /**
   * Countries whose national numbering plans validate phone numbers written without a country code (numbers with `+` are validated against their own country).
   *
   * @minItems 1
   */
  phone_regions: string[];
}
/**
 * Evidence documents (DPIA, TRA, ...) approved by the right role, current, and covering the shipped model.
 */
export interface ComplianceGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * Warn this many days before a document expires; after it, the document fails.
   */
  warn_before_days: number;
  /**
   * The evidence documents that must be approved: each a Markdown file with YAML front matter, or a YAML file, holding `status`, `approver`, `approved_on`, `expires` (or `valid_for_days`) and `model_version`.
   *
   * @minItems 1
   */
  documents: {
    /**
     * Stable id used in reports and waivers, e.g. `dpia`.
     */
    id: string;
    /**
     * Human name, e.g. `Data protection impact assessment`.
     */
    title?: string;
    /**
     * The document: Markdown (`.md`) with YAML front matter, or YAML (`.yaml`, `.yml`).
     */
    path: string;
    /**
     * The role whose holder must be the document's `approver`: a login listed under the role's `users` (team membership cannot be checked offline).
     */
    approver_role: string;
    /**
     * Validity after approval when the document gives neither `expires` nor `valid_for_days`.
     */
    max_age_days?: number;
    /**
     * The document's `model_version` must name the shipped model version (see `model`); a new version needs the document approved again.
     */
    covers_model: boolean;
  }[];
  /**
   * The controls register (docs/compliance-mapping.md): each control is reported as an item, `covered` when its evidence documents are approved and current and its gates, objectives and SLOs hold; `uncovered`, `stale` (evidence expired or for another model version) or `needs re-assessment` (its requirements changed since the last release and its owner has not approved its evidence again) otherwise. A control of a required framework that is not covered fails the gate; of another framework, it warns.
   */
  controls?: {
    /**
     * The controls register, read from the same commit as the policy that judges.
     */
    register: string;
    /**
     * Frameworks of the register (by id) whose every control must be covered for a release.
     */
    required_frameworks: string[];
  };
}
/**
 * Pull request approvals per role: every listed role must approve (an AND, unlike GitHub environments, where one of the reviewers suffices). Each reviewer's latest decision counts; the author's own approval never does; a holder of a required role who requested changes blocks until they approve. Judged on pull requests only: elsewhere the gate is `not applicable`.
 */
export interface SignoffGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * The roles that must approve, each with its minimum number of approvals.
   *
   * @minItems 1
   */
  required: {
    /**
     * A role defined under `roles`.
     */
    role: string;
    /**
     * Approvals needed from holders of this role.
     */
    min: number;
  }[];
  /**
   * Only approvals of the pull request's current head commit count: a new push needs new approvals. Turning it off is a weakening.
   */
  dismiss_stale: boolean;
  /**
   * One person's approval fills one required role only, so `product-owner` AND `governance-lead` always means two people, even when someone holds both roles.
   */
  distinct_approvers: boolean;
  /**
   * Bot logins whose approvals count (for the roles they hold). Other bots never count.
   */
  bots: string[];
  /**
   * Also set the commit status `release-gates/signoff` on the head commit (needs `statuses: write`). One status per commit that approvals on `pull_request_review` runs update, convenient as a required check.
   */
  commit_status: boolean;
}
/**
 * Guards the policy itself. On a pull request every gate is judged by the base branch's policy; this gate lists what the pull request changes in the policy, classifies each change as a weakening or a strengthening, re-runs the other gates under both policies on the same evidence to show which verdicts would flip, and requires the approver role's approval for any weakening and for changes to protected paths. Outside a pull request it is `not applicable`.
 */
export interface PolicyChangeGate {
  enabled?: Enabled;
  mode?: Mode;
  paths: GlobList3;
  protected_paths: GlobList4;
  /**
   * Also protect the files the base policy names as evidence or as what the gates compare with: the other policy files (`paths`; the policy that judges is compared field by field instead), the eval baseline (`gates.evals.baseline.path`), the PII baseline (`gates.pii.baseline`) and the files the PII scan skips (`gates.pii.allowlist.files`), the compliance documents and the cards. A pull request that edits them changes what judges it, so it needs the approver role's approval. `false` turns this off, a weakening.
   */
  protect_named_files: boolean;
  /**
   * Role whose approval a weakening needs. Default: the policy owner (`metadata.owner`) of the base policy.
   */
  approver_role?: string;
  /**
   * Approvals needed from holders of the approver role (never counting the author).
   */
  min: number;
}
/**
 * Production can be rolled back: the release branch (`promotion.branch`) exists on `promotion.remote`, its head is a recorded, verified release, the release tags agree with the ledger, a verified release exists to roll back to if the commit judged is released, and promotions are not frozen. Before the first release there is nothing to roll back: the gate says so and passes.
 */
export interface RollbackReadinessGate {
  enabled?: Enabled;
  mode?: Mode;
  /**
   * Fail when the release judged would have no earlier release to roll back to. Off: only reported. The first release never has one and passes as `first release`.
   */
  require_previous_release: boolean;
  /**
   * Outcome while promotions are frozen (after a rollback, until a holder of `rollback.unfreeze_roles` lifts the freeze).
   */
  freeze: 'warn' | 'fail';
}
/**
 * How a verified commit of the source branch becomes the release branch: `release-gates promote` (the Promote to stable workflow) checks every precondition, re-runs the gates on the exact commit, and moves the branch, the release tag and the ledger in one atomic push. See docs/release-model.md.
 */
export interface Promotion {
  /**
   * For a repository that adopts release-gates with a history: the full SHA of the source branch's commit up to which the history is taken as reviewed. Promotion checks that every commit after it (after the last release, once there is one) arrived through a signed-off pull request; without it the first release checks the whole history, at most 300 commits.
   */
  reviewed_since?: string;
  /**
   * Branch releases are promoted from: only its commits are promoted, and the policy at its head on the remote judges promotions and rollbacks.
   */
  source: string;
  /**
   * Branch production deploys. Every move of it is a recorded release.
   */
  branch: string;
  /**
   * Git remote holding the release branch, the release tags and the ledger branch.
   */
  remote: string;
  /**
   * `fast-forward-or-commit` never rewrites history: the branch fast-forwards to the promoted commit where it can, otherwise a promotion commit with exactly that commit's tree is added (after a rollback the branch has diverged); a rollback adds a commit with the target's tree. `reset` moves the branch to the promoted (or rolled-back-to) commit itself, rewriting its history, always with a lease.
   */
  strategy: 'fast-forward-or-commit' | 'reset';
  allowed_roles: RoleList;
  /**
   * Gates re-run on the exact commit before the branch moves; every one must pass or warn. Default: every enabled gate except signoff and policy-change, which judge pull requests.
   *
   * @minItems 1
   */
  gates?: string[];
  /**
   * Prefix of the annotated release tags: the tag of release N is this prefix followed by N.
   */
  tag_prefix: string;
  /**
   * A GitHub deployment recorded for each move of the release branch, so GitHub's environment page shows what was live when (needs `deployments: write`).
   */
  deployment: {
    /**
     * Record a deployment for each promotion and rollback.
     */
    enabled: boolean;
    /**
     * The GitHub environment the deployments are recorded for.
     */
    environment: string;
  };
}
/**
 * Putting production back on an earlier release: `release-gates rollback` (the Rollback to stable workflow) moves the release branch back to the target's exact tree, rejects the bad release, freezes promotions, opens the incident issue and optionally a revert pull request. See docs/runbook-rollback.md.
 */
export interface Rollback {
  allowed_roles: RoleList1;
  unfreeze_roles: RoleList2;
  /**
   * Freeze promotions after a rollback, until a holder of unfreeze_roles lifts the freeze.
   */
  freeze: boolean;
  /**
   * Mark the rolled-back release rejected: neither it nor a commit with its content can be promoted until a holder of unfreeze_roles clears it.
   */
  reject: boolean;
  /**
   * After a rollback, open a pull request that puts the source branch back on the target's content for the paths the rolled-back release changed, so the next promotion does not bring the fault back (needs `pull-requests: write`).
   */
  revert_pr: boolean;
  /**
   * The incident issue every rollback opens (needs `issues: write`): what was rolled back, from and to, why, who, the evidence, and the root-cause analysis due time.
   */
  incident: {
    /**
     * Labels of the incident issue; a re-run finds the issue of a rollback among the issues with these labels.
     *
     * @maxItems 10
     */
    labels: string[];
    /**
     * A role defined under `roles`, e.g. `governance-lead`.
     */
    notify_role?: string;
    /**
     * Hours after the rollback by which the root-cause analysis is due; the issue states the time.
     */
    rca_due_hours: number;
    /**
     * The post-mortem template the issue links to, a path on the source branch.
     */
    postmortem_template: string;
  };
}
/**
 * Production monitoring (`release-gates monitor`, the monitor action on a schedule): SLOs and retraining triggers checked on an export of production interactions, and what a breach does. See docs/monitoring.md.
 */
export interface Monitoring {
  /**
   * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
   */
  logs?: string;
  source?: InteractionSource;
  /**
   * `enforce` blocks on failure; `report` computes everything but turns a failure into a warning (for adoption). Errors are never relaxed.
   */
  mode?: 'enforce' | 'report';
  /**
   * An interaction slower than this is flagged `slow` (and counts for `slow_rate`).
   */
  request_latency_ms: number;
  /**
   * A percentage from 0% to 100%.
   */
  max_bad_lines: string;
  /**
   * The newest interaction must be at most this many hours old, or the run is an error: a stale export must not look healthy.
   */
  max_age_hours: number;
  /**
   * Values of an interaction's `safety_label` that mean harmful output.
   *
   * @minItems 1
   */
  harmful_labels: string[];
  /**
   * A percentage from 0% to 100%.
   */
  min_safety_labelled: string;
  /**
   * The service level objectives, each an item `slo/<id>` of the verdict.
   */
  slos: Slo[];
  /**
   * Data drift: the population stability index (PSI) of each feature between the window and a reference window. One item `drift/<field>` each.
   */
  drift?: {
    /**
     * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
     */
    reference: string;
    /**
     * Features whose distributions are compared.
     *
     * @minItems 1
     */
    features: {
      /**
       * Field of the interaction (a dotted path for nested fields, e.g. `metadata.intent`); `query_length` is the query's length in characters.
       */
      field: string;
      /**
       * Ascending upper bounds of numeric buckets (a value v falls in the first bucket with v <= bound; above the last is its own bucket). Absent: the field is categorical.
       *
       * @minItems 1
       */
      buckets?: number[];
      /**
       * Categorical fields: the most frequent values of the reference window are kept apart, the rest pooled as `(other)`.
       */
      max_categories: number;
    }[];
    /**
     * Share used for a bucket that is empty in one window, so that PSI stays finite (docs/monitoring.md#drift-psi).
     */
    epsilon: number;
    pass: Criteria1;
    warn: Criteria2;
    /**
     * What a failed check does: `none` only reports it; `issue` opens an incident issue for it, or comments on the open one; `rollback` also dispatches `monitoring.rollback_workflow` (at most once while an incident it dispatched for is open).
     */
    on_breach: 'none' | 'issue' | 'rollback';
  };
  /**
   * Quality drop: the mean user rating of the window against the previous period's. Item `quality/rating`.
   */
  quality?: {
    /**
     * A glob relative to the repository root (`*`, `**`, `{a,b}`), e.g. `evals/golden/** /*.jsonl`.
     */
    previous: string;
    /**
     * Fewer ratings than this in either period: the comparison is an error, not a guess.
     */
    min_ratings: number;
    pass: Criteria3;
    warn?: Criteria;
    /**
     * What a failed check does: `none` only reports it; `issue` opens an incident issue for it, or comments on the open one; `rollback` also dispatches `monitoring.rollback_workflow` (at most once while an incident it dispatched for is open).
     */
    on_breach: 'none' | 'issue' | 'rollback';
  };
  /**
   * Incident count: issues with the incident label opened this calendar month (UTC), read through the GitHub API. Item `incidents/month`.
   */
  incidents?: {
    /**
     * Label that marks an incident issue.
     */
    label: string;
    /**
     * More incidents than this in the month is a breach.
     */
    max_per_month: number;
    /**
     * What a failed check does: `none` only reports it; `issue` opens an incident issue for it, or comments on the open one; `rollback` also dispatches `monitoring.rollback_workflow` (at most once while an incident it dispatched for is open).
     */
    on_breach: 'none' | 'issue' | 'rollback';
  };
  /**
   * Labels of the incident issues the monitor opens; with a marker in the body they find the open issue to comment on instead of opening another.
   *
   * @minItems 1
   */
  issue_labels: string[];
  /**
   * Workflow file (in .github/workflows) dispatched for `on_breach: rollback`, on `promotion.source`, with the inputs `target: previous`, `reason` and `incident` (the incident issue's link).
   */
  rollback_workflow: string;
  rollback_roles: RoleList3;
  prometheus?: PrometheusSource;
}
/**
 * How the export is written: the native JSON Lines (the default), OpenTelemetry traces, a Langfuse export, or any JSON Lines read by the fields you map. The same source reads the window, the drift reference and the previous period. See docs/monitoring.md#sources.
 */
export interface InteractionSource {
  /**
   * `native`: the format of docs/monitoring.md. `otlp`: OpenTelemetry OTLP JSON (the collector's file exporter, one `ExportTraceServiceRequest` a line, or an OTLP/HTTP JSON body), GenAI and OpenInference conventions. `langfuse`: Langfuse's blob-storage export of observations (or traces with a latency), JSON Lines, JSON or CSV, maybe gzipped; or its public API with `api`. `mapped`: any JSON Lines, by `fields`.
   */
  format: 'native' | 'otlp' | 'langfuse' | 'mapped';
  /**
   * `otlp`: which span of a trace is the interaction. `llm`: the model call (`gen_ai.operation.name` chat, text_completion or generate_content, or OpenInference kind LLM; the last to end when a trace has several); traces without one are not interactions. `root`: the trace's entry span (no parent, or a server span whose parent is another service's), for the latency users see; model and text come from the trace's LLM span on the same line.
   */
  span: 'llm' | 'root';
  /**
   * When interactions carry no message text (OpenTelemetry records it only when opted in; a mapping without `query`/`response`): the checks that read text (`pii_leaks`) cannot run over them and are an `error`, or a `warn` that judges only the interactions with text. Never a pass.
   */
  without_text: 'error' | 'warn';
  /**
   * `mapped`: where each field of an interaction is in a line, as JSON pointers. Fields without a pointer are absent: no `query`/`response` means no text (see `without_text`), no `model_version` means `(not recorded)`.
   */
  fields?: {
    /**
     * When the interaction started: an RFC 3339 date-time, or a number of `timestamp_unit` since the epoch.
     */
    timestamp: string;
    /**
     * How long it took, a number (or a numeric string) in `latency_unit`. Give it or `end_time`.
     */
    latency?: string;
    /**
     * When it ended, written as `timestamp` is: the latency is the difference (LangSmith runs have `start_time` and `end_time`, no latency).
     */
    end_time?: string;
    /**
     * The request's id, to point at it in the report. Absent: the line number.
     */
    request_id?: string;
    /**
     * The pseudonymous user id.
     */
    user_id?: string;
    /**
     * The user's message (a string, or chat messages: the last user message is taken).
     */
    query?: string;
    /**
     * The model's answer (a string, or chat messages).
     */
    response?: string;
    /**
     * The model (or its version) that answered.
     */
    model_version?: string;
    /**
     * The safety classifier's label, for `harmful_rate`.
     */
    safety_label?: string;
    /**
     * The user's rating, 1 to 5.
     */
    rating?: string;
    /**
     * The release of the application, kept as the interaction's `release` field for drift features.
     */
    release?: string;
    /**
     * The session, kept as `session_id`.
     */
    session_id?: string;
  };
  /**
   * `mapped`: the unit of `fields.latency`, default `ms` (ECS `event.duration` is `ns`; LangSmith and Langfuse latencies are `s`).
   */
  latency_unit?: 'ns' | 'us' | 'ms' | 's';
  /**
   * `mapped`: how `fields.timestamp` is written: an RFC 3339 date-time, or seconds, milliseconds or nanoseconds since the epoch (a number or a numeric string). Default `rfc3339`.
   */
  timestamp_unit?: 'rfc3339' | 's' | 'ms' | 'ns';
  /**
   * `mapped`: a date-time without a time zone (`2026-11-20 09:00:01.250`) is UTC. Only when the exporter documents UTC: a local time would shift the window. Without it such a line is bad.
   */
  zoneless_utc?: boolean;
  /**
   * `mapped`: when an interaction is an error. With `equals`: when the value at `pointer` equals it (ECS: `{pointer: /event/outcome, equals: failure}`); with `not_equals`: when present and different (`{pointer: /status, not_equals: success}`); with neither: when present and not null, false, 0 or empty. Absent: no interaction is an error.
   */
  error?: {
    pointer: JsonPointer;
    /**
     * The value that means an error.
     */
    equals?: string | number | boolean;
    /**
     * The value that means success; any other present value is an error.
     */
    not_equals?: string | number | boolean;
  };
  api?: LangfuseApi;
  /**
   * `mapped`: which lines are interactions, by the same rule as `error`: `{pointer: /run_type, equals: llm}` keeps the model calls of a LangSmith dump. The other lines are skipped, neither interactions nor bad lines; absent, every line is one.
   */
  where?: {
    pointer: JsonPointer;
    /**
     * The value that means an error.
     */
    equals?: string | number | boolean;
    /**
     * The value that means success; any other present value is an error.
     */
    not_equals?: string | number | boolean;
  };
}
/**
 * `langfuse`: read the window from Langfuse's public API instead of an export: the project's GENERATION observations that started in the last `window`, page by page, with the project's keys from the runner's environment (HTTP basic auth). A refused key, an HTTP error or an answer that is not Langfuse's is an error, never a pass. See docs/monitoring.md#langfuse-public-api.
 */
export interface LangfuseApi {
  /**
   * Langfuse's base URL, e.g. `https://cloud.langfuse.com` or `https://us.cloud.langfuse.com` (the API is under `/api/public`). Absent: read from the runner's environment variable `host_env`.
   */
  host?: string;
  /**
   * Environment variable of the runner holding the base URL, when `host` is not given.
   */
  host_env: string;
  /**
   * Environment variable of the runner holding the project's public key (`pk-lf-…`), the basic-auth user. Never put a key in the policy.
   */
  public_key_env: string;
  /**
   * Environment variable of the runner holding the project's secret key (`sk-lf-…`), the basic-auth password. Never put a key in the policy.
   */
  secret_key_env: string;
  /**
   * How far back from now the observations are read (their start time), as `30m`, `24h`, `7d` or `1w`.
   */
  window: string;
  /**
   * `v2`: `GET /api/public/v2/observations`, paginated by cursor (Langfuse Cloud and v4; the v1 endpoint was removed from Langfuse Cloud on 16 November 2026). `v1`: `GET /api/public/observations`, paginated by page (self-hosted Langfuse v3).
   */
  endpoint: 'v2' | 'v1';
  /**
   * Observations asked for per request (`limit`; Langfuse allows up to 1000).
   */
  page_size: number;
  /**
   * How long one request may take before it is an error (after retries of rate limits and server errors).
   */
  timeout_seconds: number;
}
/**
 * One service level objective over the window of interactions, with pass and warn criteria (Keptn's semantics; absolute values only).
 */
export interface Slo {
  /**
   * Stable id: the verdict item is `slo/<id>`, waivers and incident issues name it.
   */
  id: string;
  /**
   * What the objective protects, for people reading the policy.
   */
  description?: string;
  /**
   * `latency_pN`: percentile of `latency_ms` over every interaction, in ms; `error_rate`: share with an error; `empty_rate`: share without an error but with an empty response; `availability`: share answered (no error, a response); `slow_rate`: share slower than `request_latency_ms`; `harmful_rate`: share of safety-labelled interactions with a harmful label; `pii_leaks`: number of responses with personal data; `rating_mean`: mean user rating (1 to 5); `interactions`: how many were judged.
   */
  metric:
    | 'interactions'
    | 'latency_p50'
    | 'latency_p90'
    | 'latency_p95'
    | 'latency_p99'
    | 'error_rate'
    | 'availability'
    | 'empty_rate'
    | 'slow_rate'
    | 'harmful_rate'
    | 'pii_leaks'
    | 'rating_mean';
  pass: Criteria;
  warn?: Criteria;
  /**
   * What a failed check does: `none` only reports it; `issue` opens an incident issue for it, or comments on the open one; `rollback` also dispatches `monitoring.rollback_workflow` (at most once while an incident it dispatched for is open).
   */
  on_breach: 'none' | 'issue' | 'rollback';
}
/**
 * Read the SLOs that are metrics (latency percentiles, error rate, availability, traffic) from a Prometheus server instead of the export: the cost of the check no longer grows with traffic. SLOs it does not list still run on `logs` (a sampled export). See docs/monitoring.md#prometheus.
 */
export interface PrometheusSource {
  /**
   * The source type (for the `sources` list it will join).
   */
  type?: 'prometheus';
  /**
   * The server's base URL, e.g. `http://prometheus.monitoring:9090` (the API is under `/api/v1`). Absent: read from the runner's environment variable `url_env`.
   */
  url?: string;
  /**
   * Environment variable of the runner holding the base URL, when `url` is not given.
   */
  url_env: string;
  /**
   * Environment variable of the runner holding a bearer token for the server (sent as `Authorization: Bearer`). Never put the token in the policy. Absent: no authentication.
   */
  token_env?: string;
  /**
   * How far back from now the SLOs are measured, as a PromQL duration (`30m`, `24h`, `7d`, `1w`).
   */
  window: string;
  /**
   * How long one query may take before it is an error.
   */
  timeout_seconds: number;
  /**
   * By SLO id (of `monitoring.slos`): where its value comes from. Only `latency_pN`, `error_rate`, `availability` and `interactions` SLOs can be read from metrics.
   */
  slos: {
    [k: string]: PrometheusQuery | undefined;
  };
}
/**
 * Either `query`, the PromQL itself, or the metric names the usual query is built from: `histogram` for a latency percentile (`histogram_quantile(0.95, sum by (le) (rate(<histogram>_bucket[<window>])))`), `errors` and `total` counters for the error rate and availability (`sum(increase(<errors>[<window>])) / sum(increase(<total>[<window>]))`), `total` for the traffic.
 */
export interface PrometheusQuery {
  /**
   * PromQL returning one number (a scalar or a one-series vector); `$window` stands for the window's duration. For a latency, in the unit of `unit`; for a rate or availability, a share between 0 and 1.
   */
  query?: string;
  /**
   * A histogram's metric name, with an optional label selector (`http_request_duration_seconds{job="chatbot"}`): its `_bucket` series give the percentile, its `_count` the number of requests.
   */
  histogram?: string;
  /**
   * Counter of failed requests, with an optional label selector (`http_requests_total{code=~"5.."}`).
   */
  errors?: string;
  /**
   * Counter of all requests, with an optional label selector.
   */
  total?: string;
  /**
   * Unit of a latency `query` or histogram (Prometheus' convention is seconds); SLO thresholds are in ms.
   */
  unit: 's' | 'ms';
}
/**
 * User and stakeholder feedback (`release-gates feedback ...`): where it is kept and for how long. See docs/feedback.md.
 */
export interface Feedback {
  /**
   * The feedback store, JSON Lines: appended to, rewritten only by `feedback erase` and `feedback prune`.
   */
  path: string;
  /**
   * `feedback prune` removes records older than this.
   */
  retention_days: number;
  /**
   * Label of the feedback issue form's issues, which `feedback import --from-issues` reads.
   */
  issue_label: string;
}
/**
 * Where the verdicts are shown besides the checks and the job summaries. Reporting only: it decides no verdict. See docs/pull-request-comment.md.
 */
export interface Report {
  /**
   * Keep one comment on each pull request up to date with every gate's verdict, what failed and what changed against the base (the `comment` action, whose `comment` input can override this per workflow). The job that comments needs `pull-requests: write`; on a fork's pull request (a read-only token) its job summary says why no comment was written.
   */
  pull_request_comment: boolean;
}
