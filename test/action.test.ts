import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBundledAction } from './support/action.js';
import { cli, cliProcess } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import { installRulesets } from './support/rulesets.js';
import { sampleRepo } from './support/sample.js';
import { pullRequestEvent } from './support/github-events.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };
const gh = await FakeGitHub.start({ 'ghs-token': { login: 'github-actions[bot]' } });
installRulesets(gh, 'acme/support-chatbot', { checkName: '{gate}' });

describe('the bundled check action, run as the runner runs it', () => {
  const repo = sampleRepo();

  it('passes on the sample release: exit 0, outputs, summary and report files', async () => {
    const run = await runBundledAction('check', { workspace: repo.dir, env: NOW });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe('pass');
    const verdict = JSON.parse(run.outputs.verdict!);
    expect(verdict).toMatchObject({
      schemaVersion: 1,
      command: 'check',
      result: 'pass',
      commit: repo.head(),
    });
    expect(JSON.parse(readFileSync(run.outputs.report!, 'utf8'))).toEqual(verdict);
    expect(readFileSync(run.outputs.sarif!, 'utf8')).toContain('"version": "2.1.0"');
    expect(readFileSync(run.outputs.junit!, 'utf8')).toMatch(/^<\?xml/);
    expect(run.summary).toMatch(/^## ✅ release-gates check: PASS/);
    expect(run.stdout).toMatch(/Result: PASS \(exit 0\)/);
  });

  it('fails with annotations at file and line when the policy is not met', async () => {
    const run = await runBundledAction('check', {
      workspace: repo.dir,
      inputs: { policy: 'policies/examples/failing-policy.yaml' },
      env: NOW,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: {
        title: 'policy: role/risk-manager',
        file: 'policies/examples/failing-policy.yaml',
        line: '20',
        endLine: '20',
        col: '3',
        endColumn: '15',
      },
      message: expect.stringMatching(
        /^role risk-manager is required .*\nFix: add users or teams under roles\.risk-manager$/,
      ),
    });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        properties: expect.objectContaining({
          file: 'policies/examples/failing-policy.yaml',
          line: '33',
          col: '14',
        }),
        message: expect.stringMatching(/^waiver WVR-2026-003 expired on 2026-09-30/),
      }),
    );
    expect(run.summary).toMatch(/## ❌ release-gates check: FAIL/);
    expect(
      run.commands.some(
        (c) => c.command === 'error' && c.message.startsWith('release-gates check: fail'),
      ),
    ).toBe(true);
  });

  it('errors (exit 2) on an invalid policy, annotating each problem at its line and column', async () => {
    const run = await runBundledAction('check', {
      workspace: repo.dir,
      inputs: { policy: 'policies/missing.yaml' },
      env: NOW,
    });
    expect(run.code).toBe(2);
    expect(run.outputs.result).toBe('error');
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: { title: 'policy: input', file: 'policies/missing.yaml' },
      message: 'policies/missing.yaml does not exist\nFix: check the path, or create the file',
    });
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects a bad input value with exit 2 and no stack trace', async () => {
    const run = await runBundledAction('check', {
      workspace: repo.dir,
      inputs: { gate: 'evalz' },
      env: NOW,
    });
    expect(run.code).toBe(2);
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: { title: 'release-gates: bad input' },
      message: expect.stringMatching(/^unknown gate "evalz"\n {2}fix: use one of /),
    });
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  });

  it('ends as a failed step with a readable message when the runner environment is broken', async () => {
    const run = await runBundledAction('check', {
      workspace: repo.dir,
      env: { ...NOW, GITHUB_EVENT_PATH: '/nonexistent/event.json' },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /::error::release-gates check could not run: cannot read the event payload at GITHUB_EVENT_PATH/,
    );
  });

  it('gives the same verdict JSON as the CLI, byte for byte', async () => {
    const out = `${repo.dir}/../cli-report.json`;
    const local = await cliProcess(['check', '--format', 'json', '--out', out], {
      cwd: repo.dir,
      env: NOW,
    });
    expect(local.code).toBe(0);
    const action = await runBundledAction('check', { workspace: repo.dir, env: NOW });
    expect(readFileSync(action.outputs.report!, 'utf8')).toBe(readFileSync(out, 'utf8'));

    const failingCli = await cli(
      ['check', '--policy', 'policies/examples/failing-policy.yaml', '--format', 'json'],
      { cwd: repo.dir, env: NOW },
    );
    const failingAction = await runBundledAction('check', {
      workspace: repo.dir,
      inputs: { policy: 'policies/examples/failing-policy.yaml' },
      env: NOW,
    });
    expect(readFileSync(failingAction.outputs.report!, 'utf8')).toBe(failingCli.stdout);
  });

  it('judges a pull request by the policy of its base, not the one it brings', async () => {
    const base = repo.head();
    repo.git('checkout', '-q', '-b', 'weaken');
    const head = repo.commit(
      { 'policies/release-policy.yaml': 'apiVersion: release-gates/v9\n' },
      'break the policy',
    );
    const event = pullRequestEvent({
      number: 7,
      base: { ref: 'main', sha: base },
      head: { ref: 'weaken', sha: head },
    });
    // The policy gate alone, which reads the branch rules on a pull request (test/platform-guards).
    const run = await runBundledAction('check', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
      inputs: { gate: 'policy', token: 'ghs-token' },
      env: { ...NOW, GITHUB_API_URL: gh.url },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs.verdict!).policy).toMatchObject({
      file: 'policies/release-policy.yaml',
      ref: base,
    });
    expect(run.stdout).toContain(`policy policies/release-policy.yaml@${base}`);
    repo.git('checkout', '-q', 'main');
  });
});

describe('the validate-policy action', () => {
  const repo = sampleRepo();

  it('checks the policy a pull request brings, annotating its problems', async () => {
    repo.git('checkout', '-q', '-b', 'typo');
    const typo = readFileSync(`${repo.dir}/policies/release-policy.yaml`, 'utf8').replace(
      'allowed_roles:',
      'alowed_roles:',
    );
    const line = String(typo.split('\n').findIndex((l) => l.includes('alowed_roles')) + 1);
    repo.commit({ 'policies/release-policy.yaml': typo }, 'typo');
    const event = pullRequestEvent({
      number: 8,
      author: 'gabriel-gov',
      base: { ref: 'main', sha: repo.git('rev-parse', 'HEAD~1') },
      head: { ref: 'typo', sha: repo.head() },
    });
    const run = await runBundledAction('validate-policy', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event,
    });
    expect(run.code).toBe(2);
    expect(run.commands).toContainEqual({
      command: 'error',
      properties: {
        title: 'validate-policy: problem-1',
        file: 'policies/release-policy.yaml',
        line,
        endLine: line,
        col: '3',
        endColumn: '15',
      },
      message: 'unknown key "alowed_roles" in promotion\nFix: did you mean "allowed_roles"?',
    });
  });
});
