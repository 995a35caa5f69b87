/**
 * What `release-gates init` writes into a team's repository: a starter policy in report mode,
 * the workflow that runs every gate as its own required check through the reusable workflow,
 * this repository's own release workflows (promote, roll back, freeze, deploy) pointed at a
 * release-gates version instead of ./actions, a CODEOWNERS file for the governance lead, and
 * the rulesets the policy gate checks are in force (actions/lib/platform/guards.ts).
 */
import { GATE_NAMES } from '../policy/semantics.js';
import { RELEASE_WORKFLOWS } from './workflows.generated.js';

/** Where release-gates comes from: `owner/name` and a commit (or, when allowed, a tag). */
export interface Source {
  repository: string;
  ref: string;
  /** The release the commit is, for the reader (`v1.4.0`), written as a comment after it. */
  label?: string;
  /** The ref is a tag or branch, accepted with --allow-moving-ref. */
  moving?: boolean;
}

/** `<ref> # <label>`: what follows the `@` of a `uses:`. */
const pinned = (source: Source) => `${source.ref}${source.label ? ` # ${source.label}` : ''}`;

export const DEFAULT_SOURCE = 'release-gates/release-gates@v1';

/** The people of a role: GitHub logins, and teams as `org/team-slug`. */
export interface Holders {
  users: string[];
  teams: string[];
}

export interface StarterOptions {
  name: string;
  source: Source;
  roles: Record<'product-owner' | 'governance-lead' | 'on-call' | 'risk-manager', Holders>;
  /** Eval result files: enables the evals gate. */
  evals: string[];
  /** Golden output files: enables the pii gate. */
  golden: string[];
}

const ROLE_DESCRIPTIONS = {
  'product-owner': 'Accepts the release for the business.',
  'governance-lead':
    'Owns this policy, approves waivers and policy changes, lifts freezes. Name two people, so that one can approve the other’s policy changes.',
  'risk-manager': 'Receives incidents and owns the root-cause analysis.',
  'on-call': 'May roll production back at any hour.',
} as const;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const login = (text: string) => (/^[A-Za-z][A-Za-z0-9-]*$/.test(text) ? text : quote(text));
const docs = (source: Source, page: string) =>
  `https://github.com/${source.repository}/blob/${source.ref}/docs/${page}`;

function roleYaml(name: keyof typeof ROLE_DESCRIPTIONS, holders: Holders): string {
  const lines = [`  ${name}:`, `    description: ${ROLE_DESCRIPTIONS[name]}`];
  lines.push(`    users: [${holders.users.map(login).join(', ')}]`);
  if (holders.teams.length) lines.push(`    teams: [${holders.teams.join(', ')}]`);
  return lines.join('\n');
}

function evalsYaml(results: string[]): string {
  if (!results.length)
    return `  # evals: your eval runner's result files against objectives (docs/evals.md), e.g.
  #   results: [{ path: evals/results/latest.json }]
  #   objectives: [{ id: pass-rate, metric: pass_rate, pass: '>= 0.9', key: true }]`;
  return `  # Your eval runs' results against objectives, absolute and against the release in
  # production (the stable branch). Formats and metric names: docs/evals.md.
  evals:
    results:
${results.map((p) => `      - path: ${quote(p)}`).join('\n')}
    baseline:
      ref: stable
      on_missing: warn # before the first release there is nothing to compare with
    objectives:
      - id: pass-rate
        description: Share of eval cases that pass.
        metric: pass_rate
        pass: '>= 0.9'
        warn: '>= 0.7'
        key: true
      - id: no-regression
        description: No drop of more than 5 % against the release in production.
        metric: pass_rate
        pass: '>= -5%'`;
}

function piiYaml(golden: string[]): string {
  if (!golden.length)
    return `  # pii: no personal data in your golden outputs (docs/pii.md), e.g.
  #   paths: [evals/golden/**/*.jsonl]`;
  return `  # No personal data or secrets in the expected answers (docs/pii.md); reserved examples
  # such as support@example.com are allowed.
  pii:
    paths: [${golden.map(quote).join(', ')}]`;
}

/** The starter policy: every gate that needs no configuration, the ones the options configure. */
export function starterPolicy(o: StarterOptions): string {
  return `# yaml-language-server: $schema=https://raw.githubusercontent.com/${o.source.repository}/${o.source.ref}/actions/lib/policy/policy.schema.json
#
# Release policy, written by \`release-gates init\`. The governance lead owns this file and edits
# it without code (docs/governance-lead.md); every field is in docs/policy-reference.md. The
# docs named here are release-gates': https://github.com/${o.source.repository}/tree/${o.source.ref}/docs
# Pull requests are judged by the copy of this file on their base branch.
apiVersion: release-gates/v1
kind: ReleasePolicy

metadata:
  name: ${o.name}
  owner: governance-lead

roles:
${(Object.keys(ROLE_DESCRIPTIONS) as (keyof typeof ROLE_DESCRIPTIONS)[]).map((r) => roleYaml(r, o.roles[r])).join('\n')}

# Report mode: every gate runs and reports, none blocks; a failure shows as a warning that says
# "would fail". Switch to enforce once the reports are clean.
defaults:
  mode: report

waivers: []

gates:
  # The policy itself: roles the gates depend on have holders; waivers about to expire; the
  # rulesets of .github/rulesets are in force on main and stable (docs/adopting.md, step 6).
  policy:
    platform_guards:
      # true once a GitHub App of yours is the only one that may push to stable (adopting.md,
      # "Who may push to stable"); until then the policy gate warns that anyone can.
      restrict_release_updates: false

${evalsYaml(o.evals)}

${piiYaml(o.golden)}

  # cards and compliance: model and system cards, and evidence documents such as a DPIA
  # (docs/cards-and-compliance.md). With the evidence in place, \`controls:\` under compliance
  # judges the controls register policies/controls.yaml (docs/compliance-mapping.md).

  # The product owner AND the governance lead approve the pull request's head commit, two people.
  signoff:
    required:
      - role: product-owner
      - role: governance-lead

  # A pull request that weakens this policy, or changes the workflows, needs the owner's approval.
  policy-change: {}

  # Production can go back to a verified release; before the first one there is nothing to do.
  rollback-readiness: {}

# Promote to stable: who may, and the production deployment on GitHub.
promotion:
  allowed_roles: [governance-lead, product-owner, on-call]
  deployment:
    enabled: true

# Rollback to stable: the on-call engineer at any hour; the governance lead lifts the freeze.
rollback:
  allowed_roles: [on-call, governance-lead]
  unfreeze_roles: [governance-lead]
  revert_pr: true
  incident:
    notify_role: risk-manager
    rca_due_hours: 24
`;
}

/** Every gate as its own required check ("gates / evals", ...), from the reusable workflow. */
export function gatesWorkflow(source: Source): string {
  return `# Every pre-deployment gate as its own required status check, named "gates / <gate>"
# ("gates / evals", "gates / signoff", ...). No path filters: a required check that never runs
# blocks merges forever. ${docs(source, 'adopting.md')}
name: Release gates

on:
  # edited: a pull request whose base branch changes is judged again, against the new base.
  # Listing types replaces GitHub's default (opened, synchronize, reopened): keep all four.
  pull_request:
    types: [opened, synchronize, reopened, edited]
  pull_request_review:
    types: [submitted, dismissed]
  # A merge queue waits for the required checks on the queued merge; without it, forever.
  merge_group:
    types: [checks_requested]
  push:
    branches: [main]

permissions:
  contents: read

concurrency:
  group: release-gates-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true

jobs:
  gates:
    uses: ${source.repository}/.github/workflows/gates.yml@${pinned(source)}
    permissions:
      contents: read
      pull-requests: read # sign-off, policy changes, PII baselines and evidence approvals read the reviews
      statuses: write # the release-gates/signoff commit status
    with:
      release-gates-repository: ${source.repository}
      release-gates-ref: ${source.ref}${source.moving ? '\n      allow-moving-ref: true # a tag: whoever moves it decides what judges' : ''}
    # When policy roles name teams, a token that can read organisation members:
    # secrets:
    #   membership-token: \${{ secrets.RELEASE_GATES_MEMBERSHIP_TOKEN }}

${commentJob(source)}
${codeScanningJob()}`;
}

/** Third-party actions the jobs below use, pinned by commit like every `uses:`. */
const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';
const DOWNLOAD_ARTIFACT =
  'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0';
const UPLOAD_SARIF =
  'github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2';

/** Each gate job of gates.yml uploads its report directory as this artifact. */
const REPORTS = '.release-gates-reports';
const reportsStep = `      - uses: ${DOWNLOAD_ARTIFACT}
        with:
          pattern: release-gates-report-*
          path: ${REPORTS}`;

/**
 * A job of its own, so that it alone may write to the pull request: a job of the reusable
 * workflow could only ask for what the caller grants every job, even when switched off.
 */
function commentJob(source: Source): string {
  return `  # One comment on the pull request, kept up to date with every gate's verdict, what failed and
  # what changed against the base. It decides nothing and is no required check; a fork's pull
  # request gets a read-only token, and the job summary says why no comment was written. Off:
  # report.pull_request_comment: false in the policy, or delete this job.
  # ${docs(source, 'pull-request-comment.md')}
  comment:
    needs: gates
    if: \${{ !cancelled() && github.event.pull_request }}
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      contents: read
      pull-requests: write
    steps:
      # The base commit alone: the policy that switches the comment is the base's, and the
      # reports come from the gate jobs' artifacts, never from a file of the pull request.
      - uses: ${CHECKOUT}
        with:
          ref: \${{ github.event.pull_request.base.sha }}
          persist-credentials: false
${reportsStep}
      - uses: ${source.repository}/actions/comment@${pinned(source)}
        with:
          reports: ${REPORTS}/**/*.json
`;
}

/** The SARIF report of each gate's action (the policy job's judging step is `check`). */
const sarifOf = (gate: string) =>
  `${REPORTS}/release-gates-report-${gate}/${gate === 'policy' ? 'check' : gate}.sarif`;

/** Every gate's findings in code scanning, one category per gate, the only job that may write them. */
function codeScanningJob(): string {
  const uploads = GATE_NAMES.map(
    (gate) => `      - name: Upload the ${gate} findings
        if: \${{ !cancelled() && hashFiles('${sarifOf(gate)}') != '' }}
        uses: ${UPLOAD_SARIF}
        with:
          sarif_file: ${sarifOf(gate)}
          category: release-gates-${gate}`,
  ).join('\n');
  return `  # Every gate's findings in code scanning (Security > Code scanning, and on the pull request's
  # diff), one category per gate. Free on public repositories; a private one needs GitHub Code
  # Security (Advanced Security), else the upload fails: the job may fail without failing the
  # run. To skip it, set the repository variable RELEASE_GATES_CODE_SCANNING to false.
  code-scanning:
    needs: gates
    # Reviews re-run the gates on the same commit: its findings are uploaded already.
    if: \${{ !cancelled() && github.event_name != 'pull_request_review' && vars.RELEASE_GATES_CODE_SCANNING != 'false' }}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    continue-on-error: true
    permissions:
      contents: read
      security-events: write
    # No checkout: upload-sarif needs only the reports (and takes the commit from the run).
    steps:
${reportsStep}
${uploads}
`;
}

/** This repository's release workflows, using release-gates at `source` instead of ./actions. */
export function releaseWorkflows(source: Source): Record<string, string> {
  const header = `# Written by \`release-gates init\` from ${source.repository}@${source.ref}; the docs/ pages
# named here are release-gates': https://github.com/${source.repository}/tree/${source.ref}/docs
#
`;
  return Object.fromEntries(
    Object.entries(RELEASE_WORKFLOWS).map(([file, text]) => [
      file,
      header +
        text.replace(
          /uses: \.\/actions\/([a-z-]+)/g,
          `uses: ${source.repository}/actions/$1@${pinned(source)}`,
        ),
    ]),
  );
}

/** The governance lead reviews the policy and what runs the gates. */
export function codeOwners(governance: Holders, source: Source): string {
  const owners = [...governance.users, ...governance.teams].map((o) => `@${o}`).join(' ');
  return `# Written by \`release-gates init\`: the governance lead reviews the policy, the workflows
# that run the gates, the rulesets and this file. Add your eval baselines, allowlists and
# evidence documents. Require "review from Code Owners" on main: ${docs(source, 'adopting.md')}
/policies/  ${owners}
/.github/   ${owners}
`;
}

/**
 * The rulesets to import (Settings › Rules › Rulesets › Import), as the policy gate checks
 * them: on main a pull request, code owners' review, approval of the last push by someone
 * else, and every gate's check; stable and the ledger never rewritten or deleted; release
 * tags never moved or deleted.
 */
export function rulesets(): Record<string, string> {
  // The reusable workflow runs each gate as a job, so a check named `gates / <gate>`.
  const checks = GATE_NAMES.map((g) => `          { "context": "gates / ${g}" }`).join(',\n');
  return {
    'main.json': `{
  "name": "main: release gates",
  "target": "branch",
  "enforcement": "active",
  "conditions": { "ref_name": { "include": ["~DEFAULT_BRANCH"], "exclude": [] } },
  "bypass_actors": [],
  "rules": [
    { "type": "deletion" },
    { "type": "non_fast_forward" },
    {
      "type": "pull_request",
      "parameters": {
        "required_approving_review_count": 1,
        "dismiss_stale_reviews_on_push": true,
        "require_code_owner_review": true,
        "require_last_push_approval": true,
        "required_review_thread_resolution": false
      }
    },
    {
      "type": "required_status_checks",
      "parameters": {
        "strict_required_status_checks_policy": false,
        "do_not_enforce_on_create": false,
        "required_status_checks": [
${checks}
        ]
      }
    }
  ]
}
`,
    'releases.json': `{
  "name": "releases: stable and the ledger",
  "target": "branch",
  "enforcement": "active",
  "conditions": {
    "ref_name": {
      "include": ["refs/heads/stable", "refs/heads/release-gates/ledger"],
      "exclude": []
    }
  },
  "bypass_actors": [],
  "rules": [{ "type": "deletion" }, { "type": "non_fast_forward" }]
}
`,
    'release-tags.json': `{
  "name": "releases: release tags",
  "target": "tag",
  "enforcement": "active",
  "conditions": { "ref_name": { "include": ["refs/tags/release/*"], "exclude": [] } },
  "bypass_actors": [],
  "rules": [{ "type": "deletion" }, { "type": "update" }]
}
`,
  };
}

/**
 * The starter controls register: the frameworks by identifier, version and title, and one
 * control per gate with the evidence a team usually keeps. The compliance gate judges it once
 * the policy lists the documents and `gates.compliance.controls` (docs/compliance-mapping.md).
 */
export function starterRegister(source: Source): string {
  return `# yaml-language-server: $schema=https://raw.githubusercontent.com/${source.repository}/${source.ref}/actions/lib/controls/register.schema.json
#
# Controls register, written by \`release-gates init\`. The governance lead owns it: what the team
# does to answer to each framework, who owns it, and what shows it is done. Name frameworks by
# identifier, version and title only, never their text. Each evidence document must be one of
# gates.compliance.documents of the policy, approved by the control's owner role.
apiVersion: release-gates/v1
kind: ControlsRegister

frameworks:
  - id: nist-ai-rmf
    version: '1.0'
    title: NIST AI Risk Management Framework (AI RMF 1.0)
  - id: iso-42001
    version: '2023'
    title: ISO/IEC 42001:2023 Artificial intelligence — Management system
  - id: eu-ai-act
    version: '2024/1689'
    title: Regulation (EU) 2024/1689 (Artificial Intelligence Act)

controls:
  - id: CTL-EVAL-01
    description: Every release meets the quality and safety objectives of the policy.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: MEASURE 2.6 }
      - { framework: iso-42001, id: '9.1' }
      - { framework: eu-ai-act, id: Art. 15 }
    evidence:
      documents: [docs/compliance/evaluation-pack.md]
      gates: [evals]

  - id: CTL-PII-01
    description: No personal data in the expected answers, and a data protection impact assessment.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: MEASURE 2.10 }
      - { framework: iso-42001, id: '6.1.4' }
      - { framework: eu-ai-act, id: Art. 10 }
    evidence:
      documents: [docs/compliance/dpia.md]
      gates: [pii]

  - id: CTL-SIGN-01
    description: Roles are written down, and the product owner and the governance lead approve every release.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: GOVERN 2.1 }
      - { framework: iso-42001, id: '5.3' }
      - { framework: eu-ai-act, id: Art. 17 }
    evidence:
      documents: [docs/compliance/raci.md]
      gates: [signoff]

  - id: CTL-ROLLBACK-01
    description: Production can go back to the last verified release at any hour.
    owner_role: risk-manager
    requirements:
      - { framework: nist-ai-rmf, id: MANAGE 2.4 }
      - { framework: iso-42001, id: '10.2' }
      - { framework: eu-ai-act, id: Art. 20 }
    evidence:
      documents: [docs/compliance/tra.md]
      gates: [rollback-readiness]
`;
}
