/**
 * A second team adopts release-gates from docs/adopting.md alone: a repository like the page's
 * acme/faq-bot (prompts, a promptfoo run, golden answers, nothing of release-gates) follows the
 * page block by block. `sh` blocks run in bash (`npx release-gates` is the CLI built from this
 * repository; blocks marked needs=… are GitHub's or the network's), `file=` blocks are written,
 * `text output` blocks must appear in the output of the command before them. Where the page
 * says what GitHub does (checks on a pull request), the bundled actions run as the reusable
 * workflow's jobs would, against the loopback GitHub API.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../actions/lib/verdict/model.js';
import { ROOT } from '../support/action.js';
import { docBlocks, type DocBlock } from '../support/doc-blocks.js';
import { createRepo } from '../support/git.js';
import { FakeGitHub } from '../support/github-server.js';
import { packageLock } from '../support/installed.js';
import { Platform } from './platform.js';

const NOW = '2026-11-21T12:00:00Z';
const CLI = join(ROOT, 'actions/cli/dist/index.js');
const fixture = (path: string) =>
  readFileSync(join(ROOT, 'test/fixtures/evals/promptfoo/basic', path), 'utf8');
const LEAKED = 'anna.berg@gmail.com';
const golden = (contact: string) =>
  [
    {
      question: 'How long does a refund take?',
      expected_output: 'Refunds reach your account within 5 business days.',
    },
    { question: 'Where is my order?', expected_output: 'Open Orders and choose Track shipment.' },
    {
      question: 'I forgot my password',
      expected_output: 'Use Forgot password on the sign-in page: we email you a reset link.',
    },
    {
      question: 'Can I talk to a person?',
      expected_output: `Of course: write to ${contact} and a colleague answers within a day.`,
    },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n') + '\n';

/** The team's repository before adoption. */
const repo = createRepo({
  files: {
    'prompts/system.md': 'You are Acme Support. Answer the customer briefly and kindly.\n',
    'evals/promptfooconfig.yaml': fixture('promptfooconfig.yaml'),
    'evals/results/latest.json': fixture('output.json'),
    'evals/golden/answers.jsonl': golden(LEAKED),
    // What step 1's `npm install` (which needs the network) leaves: the commit init pins.
    'package-lock.json': packageLock(),
  },
});
const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
const github = new Platform(gh, repo, 'acme/faq-bot', 'ghs-token');

interface Ran {
  block: DocBlock;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a sh block as a reader would paste it, with npx release-gates mapped to the local CLI. */
function sh(script: string): Omit<Ran, 'block'> {
  const npx = `npx() { if [ "$1" = release-gates ]; then shift; node ${JSON.stringify(CLI)} "$@"; else echo "npx $1: not in this test" >&2; return 127; fi; }\n`;
  const run = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', npx + script], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      RELEASE_GATES_NOW: NOW,
      GIT_AUTHOR_DATE: NOW,
      GIT_COMMITTER_DATE: NOW,
    },
  });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** The reader: follows the page in order, a section at a time. */
const page = docBlocks(join(ROOT, 'docs/adopting.md'));
let next = 0;
/** Moves on to block `to`: what is passed over must be nothing a reader runs or writes. */
function skipTo(to: number): void {
  for (; next < to; next++) {
    const { attrs, lang, line } = page[next]!;
    const runnable = attrs.needs === undefined && (lang === 'sh' || attrs.file !== undefined);
    expect(runnable, `docs/adopting.md:${line} would be skipped`).toBe(false);
  }
}

/** Follows the blocks of `section` from where the reader is, stopping after `commands` commands. */
function follow(section: string, commands = Infinity): Ran[] {
  const ran: Ran[] = [];
  const first = page.findIndex((b, i) => i >= next && b.section.startsWith(section));
  if (first === -1) return ran; // a section without blocks
  skipTo(first);
  for (
    ;
    next < page.length && page[next]!.section.startsWith(section) && ran.length < commands;
    next++
  ) {
    const block = page[next]!;
    const where = `docs/adopting.md:${block.line}`;
    if (block.attrs.needs !== undefined) continue;
    if (block.attrs.file) {
      const path = join(repo.dir, block.attrs.file);
      if (existsSync(path))
        expect(
          readFileSync(path, 'utf8'),
          `${where} shows ${block.attrs.file} as init writes it`,
        ).toBe(block.text);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, block.text);
    } else if (block.lang === 'sh') {
      ran.push({ block, ...sh(block.text) });
    } else if (block.lang === 'text' && 'output' in block.attrs) {
      const last = ran.at(-1);
      for (const line of block.text.trimEnd().split('\n'))
        expect(last?.stdout.split('\n'), `${where}: the output shown`).toContain(line);
    }
  }
  return ran;
}

const codes = (ran: Ran[]) => ran.map((r) => [r.block.text.trim().split('\n').at(-1), r.code]);
const run = (...args: string[]) => sh(`npx release-gates ${args.join(' ')}`);

describe('adopting release-gates from docs/adopting.md alone', () => {
  it('2. init writes the policy and the workflows the page shows', () => {
    const ran = follow('2.');
    expect(codes(ran)).toEqual([[expect.stringMatching(/--golden/), 0]]);
    expect(ran[0]!.stdout).toMatch(/init\s+pass\s+wrote 11 files/);
  });

  it('3. locally, report mode passes with warnings: what would fail, and why', () => {
    const ran = follow('3.');
    expect(codes(ran)).toEqual([['npx release-gates check', 0]]);
    expect(ran[0]!.stdout).toMatch(/^validate-policy\s+pass\s+/m);
    const report = JSON.parse(run('check', '--format', 'json').stdout) as Report;
    expect(report.result).toBe('warn');
    const pii = report.verdicts.find((v) => v.gate === 'pii')!;
    expect(pii.items.find((i) => i.id.startsWith('pii/EMAIL:'))).toMatchObject({
      status: 'warn',
      originalStatus: 'fail',
      observed: 'a***@g***.com',
      location: { file: 'evals/golden/answers.jsonl', line: 4 },
    });
    expect(JSON.stringify(report)).not.toContain(LEAKED);
  });

  it('4. the policy and the workflows are committed to main', () => {
    expect(codes(follow('4.')).every(([, code]) => code === 0)).toBe(true);
    expect(repo.git('ls-tree', '-r', '--name-only', 'origin/main')).toContain(
      'policies/release-policy.yaml',
    );
  });

  it('5. on a pull request every required check reports: each job of the reusable workflow', async () => {
    follow('5.');
    github.branch(
      'friendlier',
      { 'prompts/system.md': 'You are Acme Support. Answer warmly, in two sentences at most.\n' },
      'Friendlier answers',
    );
    const pull = github.openPull('friendlier', 'Friendlier answers', 'tom-ml').number;
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows/gates.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    const checks: Record<string, string> = {};
    for (const [job, { steps }] of Object.entries(workflow.jobs)) {
      // The gate's step: the last of release-gates' own (the job then keeps its report).
      const gate = /^\.\/\.release-gates\/actions\/([a-z-]+)$/;
      const step = steps.findLast((s) => gate.test(s.uses ?? ''))!;
      const action = gate.exec(step.uses!)![1]!;
      const fixed = Object.fromEntries(
        Object.entries(step.with ?? {}).filter(([, v]) => !v.includes('${{')),
      );
      const result = await github.onPull(action, pull, { now: NOW, inputs: fixed });
      expect(result.code, `gates / ${job}: ${result.stdout}`).toBe(0);
      checks[`gates / ${job}`] =
        `${result.outputs.result}: ${JSON.parse(result.outputs.verdict!).verdicts[0].summary}`;
    }
    expect(checks).toEqual({
      // Until step 6 the rulesets the gates rely on are not in force, and the policy gate says so.
      'gates / policy': expect.stringMatching(/^warn: report mode, not enforced: would fail/),
      'gates / evals': expect.stringMatching(/^warn: /),
      'gates / cards': 'pass: not applicable: the policy does not enable the cards gate',
      'gates / pii': expect.stringMatching(/^warn: report mode, not enforced: would fail/),
      'gates / compliance': 'pass: not applicable: the policy does not enable the compliance gate',
      'gates / signoff': expect.stringMatching(
        /^warn: report mode, not enforced: would fail\. 0 of 2 roles signed off/,
      ),
      'gates / policy-change': expect.stringMatching(/^pass: 0 policy changes/),
      'gates / rollback-readiness': 'pass: no release yet: nothing to roll back; not frozen',
    });
    github.close(pull);
  });

  it('6. the rulesets init wrote require exactly the checks GitHub shows for the reusable workflow, and the policy gate finds them in force', async () => {
    // Nothing to run but GitHub's import: init wrote the files, step 4 committed them.
    expect(codes(follow('6.'))).toEqual([]);
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows/gates.yml'), 'utf8')) as {
      jobs: Record<string, { name: string }>;
    };
    const main = JSON.parse(readFileSync(join(repo.dir, '.github/rulesets/main.json'), 'utf8'));
    const required = main.rules.find((r: { type: string }) => r.type === 'required_status_checks');
    expect(
      required.parameters.required_status_checks.map((c: { context: string }) => c.context),
    ).toEqual(Object.values(workflow.jobs).map((j) => `gates / ${j.name}`));
    for (const file of ['main', 'releases', 'release-tags']) {
      const ruleset = JSON.parse(
        readFileSync(join(repo.dir, `.github/rulesets/${file}.json`), 'utf8'),
      );
      expect(ruleset).toMatchObject({
        enforcement: 'active',
        target: expect.stringMatching(/^(branch|tag)$/),
      });
      expect(ruleset.rules.map((r: { type: string }) => r.type)).toContain('deletion');
      // What the page's `gh api --method POST repos/{owner}/{repo}/rulesets` does.
      gh.addRuleset('acme/faq-bot', ruleset);
    }
    const pull = github.openPull('friendlier', 'Friendlier answers', 'tom-ml').number;
    const policy = await github.onPull('check', pull, { now: NOW, inputs: { gate: 'policy' } });
    expect(policy.code, policy.stdout).toBe(0);
    const items = (JSON.parse(policy.outputs.verdict!) as Report).verdicts[0]!.items.filter((i) =>
      i.id.startsWith('platform/'),
    );
    expect(items.find((i) => i.id === 'platform/main/last-push-approval')?.status).toBe('pass');
    // Only stable's pushers are left, until the team's GitHub App is its only bypass actor.
    expect(items.filter((i) => i.status !== 'pass').map((i) => [i.id, i.status])).toEqual([
      ['platform/stable/update', 'warn'],
    ]);
    github.close(pull);
  });

  it('8. enforce: a finding now fails until it is fixed; the switch is a strengthening', async () => {
    follow('7.');
    const [enforce] = follow('8.', 1);
    expect(enforce!.code).toBe(1);
    expect(enforce!.stdout).toMatch(/^pii\s+fail\s+/m);

    // What the page asks: fix what report mode found, here with a reserved example address.
    repo.commit(
      { 'evals/golden/answers.jsonl': golden('support@example.com') },
      'Golden answers: no real addresses',
    );
    expect(run('check').code).toBe(0);
    const [push] = follow('8.');
    expect(push!.code).toBe(0);
    expect(repo.remoteRef('refs/heads/enforce-release-gates')).toBe(repo.head());

    const pull = github.openPull(
      'enforce-release-gates',
      'Enforce the release gates',
      'gabriel-gov',
    ).number;
    const change = await github.onPull('policy-change', pull, { now: NOW });
    expect(change.code, change.stdout).toBe(0);
    expect(JSON.parse(change.outputs.verdict!).verdicts[0].data.changes).toEqual([
      expect.objectContaining({
        path: 'defaults.mode',
        direction: 'strengthening',
        before: 'report',
        after: 'enforce',
      }),
    ]);
    expect(change.summary).toContain('defaults.mode: "report" → "enforce": strengthening');
  });

  it('leaves nothing of the page undone', () => skipTo(page.length));
});
