/**
 * The bundled monitor action as the runner runs it, on the sample release's exports: outputs,
 * job summary, annotations at the bad lines, the same JSON as the CLI; and an export of
 * 2 GB, generated sparse, read in bounded memory.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import type { Verdict } from '../actions/lib/verdict/model.js';
import { copyRepo } from './support/git.js';
import { sampleRepo } from './support/sample.js';
import { tempDir } from './support/tmp.js';
import { trafficLines } from './support/traffic.js';

const NOW = '2026-11-21T06:00:00Z';
const REPO = 'acme/support-chatbot';
const gh = await FakeGitHub.start({ 'workflow-token': { login: 'github-actions[bot]' } });
gh.repo(REPO);

describe('the bundled monitor action', () => {
  const repo = sampleRepo();
  // The sample release is what production runs: its model (2.4.0) is the export's.
  repo.git('push', '-q', 'origin', 'HEAD:refs/heads/stable');
  const env = { RELEASE_GATES_NOW: NOW, GITHUB_API_URL: gh.url };

  it('passes on the sample release: SLOs, drift, quality and incidents met; outputs and summary', async () => {
    gh.addIssue(REPO, {
      title: 'refund answers wrong',
      labels: ['incident'],
      createdAt: '2026-11-04T09:00:00Z',
    });
    const run = await runBundledAction('monitor', {
      workspace: repo.dir,
      eventName: 'schedule',
      inputs: { token: 'workflow-token', flagged: 'monitoring/flagged.jsonl' },
      env,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(JSON.parse(run.outputs.window!)).toMatchObject({
      files: ['evals/production/interactions.jsonl'],
      interactions: 1000,
      bad_lines: 0,
    });
    const metrics = JSON.parse(run.outputs.metrics!) as Record<string, number>;
    expect(metrics.latency_p95).toBeLessThan(2000);
    expect(metrics.availability).toBeGreaterThanOrEqual(0.995);
    expect(metrics.pii_leaks).toBe(0);
    expect(Object.keys(JSON.parse(run.outputs.drift!))).toEqual([
      'query_length',
      'language',
      'intent',
    ]);
    expect(run.outputs.incidents).toBe('1');
    expect(JSON.parse(run.outputs.breaches!)).toEqual([]);
    expect(run.outputs.rollback).toBe('null');
    expect(JSON.parse(run.outputs.flagged!)).toMatchObject({ file: 'monitoring/flagged.jsonl' });
    expect(run.summary).toMatch(/^## ✅ release-gates monitor: PASS/);
    expect(run.summary).toMatch(/Production monitoring/);
    const flagged = readFileSync(join(repo.dir, 'monitoring/flagged.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(flagged.length).toBe(JSON.parse(run.outputs.flags!).interactions);

    // The command line gives the same report, byte for byte.
    const local = await cli(
      ['monitor', '--format', 'json', '--flagged', 'monitoring/flagged.jsonl'],
      {
        cwd: repo.dir,
        env: { ...env, GITHUB_TOKEN: 'workflow-token', GITHUB_REPOSITORY: REPO, GITHUB_RUN_ID: '' },
      },
    );
    expect(local.stdout).toBe(readFileSync(run.outputs.report!, 'utf8'));
  });

  it('fails on the breaching export with annotations at the evidence and the bad lines (dry run)', async () => {
    const before = gh.requests.length;
    const run = await runBundledAction('monitor', {
      workspace: repo.dir,
      inputs: {
        token: 'workflow-token',
        policy: 'policies/examples/failing-policy.yaml',
        'dry-run': 'true',
      },
      env,
    });
    expect(run.code).toBe(1);
    expect(gh.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    expect(JSON.parse(run.outputs.breaches!)).toEqual([
      'slo/latency-p95',
      'slo/availability',
      'slo/harmful-output',
      'slo/pii-leaks',
      'drift',
      'quality',
    ]);
    expect(JSON.parse(run.outputs.rollback!)).toMatchObject({
      dispatched: false,
      workflow: 'rollback.yml',
    });
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({
          file: 'evals/production/breaching.jsonl',
          line: '76',
        }),
        message: expect.stringMatching(/^4 responses over 598 interactions held personal data/),
      }),
    );
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'warning',
        properties: expect.objectContaining({
          file: 'evals/production/breaching.jsonl',
          line: '121',
        }),
      }),
    );
    expect(run.stdout).not.toMatch(/dana\.okafor@example\.net|555-0142|GB29 NWBK/);
  });

  it('masks personal data in request ids, versions, labels and timestamps: annotations, summary, outputs, issue and dispatch', async () => {
    const clear = [
      'maria.schmidt@gmail.com',
      'lena.vogel@web.de',
      'j.tanaka@outlook.com',
      'kai.berg@posteo.de',
      'noah.fischer@gmx.net',
    ];
    const other = copyRepo(repo);
    const path = join(other.dir, 'evals/production/interactions.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const change = (i: number, over: Record<string, unknown>) =>
      (lines[i] = JSON.stringify({ ...JSON.parse(lines[i]!), ...over }));
    change(100, {
      request_id: 'maria.schmidt@gmail.com',
      safety_label: 'noah.fischer@gmx.net',
      response: 'Hello lena.vogel@web.de, your refund is on its way.',
    });
    change(300, { model_version: 'j.tanaka@outlook.com' });
    change(400, { timestamp: 'kai.berg@posteo.de' });
    writeFileSync(path, lines.join('\n') + '\n');
    const before = gh.repo(REPO).issues.size;
    const run = await runBundledAction('monitor', {
      workspace: other.dir,
      eventName: 'schedule',
      inputs: { token: 'workflow-token', flagged: 'monitoring/flagged.jsonl' },
      env,
    });
    // The export mixes another model's traffic in: an error, and the leak still escalates.
    expect(run.code, run.stdout).toBe(2);
    expect(JSON.parse(run.outputs.breaches!)).toEqual(['slo/pii-leaks']);
    const opened = [...gh.repo(REPO).issues.values()].slice(before);
    expect(opened.map((i) => i.title)).toEqual(['Monitoring: SLO pii-leaks breached']);
    const body = String(opened[0]!.body);
    expect(body).toMatch(/request m\*\*\*@g\*\*\*\.com at 2026-11-20T/);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringMatching(
          /^1 of 999 interactions \(0\.1 %\) come from another model than 2\.4\.0, the release on stable: j\*\*\*@o\*\*\*\.com \(1\)/,
        ),
      }),
    );
    const flagged = readFileSync(join(other.dir, 'monitoring/flagged.jsonl'), 'utf8');
    expect(flagged).toContain('"request_id":"m***@g***.com"');
    const everything = [
      run.stdout,
      run.stderr,
      run.summary,
      JSON.stringify(run.outputs),
      readFileSync(run.outputs.report!, 'utf8'),
      flagged,
      body,
      JSON.stringify(gh.repo(REPO).dispatches),
    ];
    for (const text of everything) for (const value of clear) expect(text).not.toContain(value);
  });

  it('is an error when the export comes from another model than the release on the release branch, or there is no release', async () => {
    // stable ships 2.5.0; the checkout (main) still says 2.4.0, as does the export.
    const other = copyRepo(repo);
    other.git('checkout', '-q', '-b', 'release-2.5');
    const model = readFileSync(join(other.dir, 'chatbot/model.yaml'), 'utf8');
    other.commit(
      { 'chatbot/model.yaml': model.replace('version: 2.4.0', 'version: 2.5.0') },
      'model 2.5.0',
    );
    other.git('push', '-q', '--force', 'origin', 'HEAD:refs/heads/stable');
    other.git('checkout', '-q', 'main');
    const run = await runBundledAction('monitor', {
      workspace: other.dir,
      inputs: { token: 'workflow-token', 'dry-run': 'true' },
      env,
    });
    expect(run.code, run.stdout).toBe(2);
    const verdict = JSON.parse(readFileSync(run.outputs.report!, 'utf8')).verdicts[0] as Verdict;
    expect(verdict.items.find((i) => i.id === 'window/model-version')).toMatchObject({
      status: 'error',
      observed: '2.4.0',
      expected: '2.5.0',
      message: expect.stringMatching(
        /^1,000 of 1,000 interactions \(100 %\) come from another model than 2\.5\.0, the release on stable: 2\.4\.0 \(1,000\)/,
      ),
    });
    // The SLOs are still judged: a breach would still open its incident.
    expect(verdict.items.find((i) => i.id === 'slo/latency-p95')?.status).toBe('pass');

    // The release on stable is the export's model again: the window is the release's.
    const same = await runBundledAction('monitor', {
      workspace: repo.dir,
      inputs: { token: 'workflow-token', 'dry-run': 'true' },
      env,
    });
    const ok = JSON.parse(readFileSync(same.outputs.report!, 'utf8')).verdicts[0] as Verdict;
    expect(ok.items.find((i) => i.id === 'window/model-version')).toMatchObject({
      status: 'pass',
      message: 'every interaction comes from model 2.4.0, the release on stable',
      location: { file: 'chatbot/model.yaml' },
    });

    // No release yet: which model production should run is not known, never assumed.
    other.git('push', '-q', 'origin', ':refs/heads/stable');
    const none = await runBundledAction('monitor', {
      workspace: other.dir,
      inputs: { token: 'workflow-token', 'dry-run': 'true' },
      env,
    });
    expect(none.code).toBe(2);
    const unknown = JSON.parse(readFileSync(none.outputs.report!, 'utf8')).verdicts[0] as Verdict;
    expect(unknown.items.find((i) => i.id === 'window/model-version')).toMatchObject({
      status: 'error',
      message:
        'the release branch stable does not exist on origin: there is no release whose model production runs',
      hint: expect.stringMatching(/^promote a release first/),
    });
  });
});

describe('an export of 2 GB', () => {
  it('is read to the end in bounded memory, the oversized line counted, the rest judged', async () => {
    const dir = tempDir('rg-2gb-');
    mkdirSync(join(dir, 'policies'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(
      join(dir, 'policies/release-policy.yaml'),
      `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
  logs: logs/window.jsonl
  slos:
    - { id: latency-p95, metric: latency_p95, pass: '< 2000' }
`,
    );
    // Real interactions at both ends, 2 GB of zeros (a hole in a sparse file) in between.
    const head = trafficLines({ start: '2026-11-20T00:00:00Z', hours: 1, count: 1000, seed: 1 });
    const tail = `\n${trafficLines({ start: '2026-11-20T12:00:00Z', hours: 1, count: 1000, seed: 2 })}`;
    const size = 2 * 1024 ** 3;
    const fd = openSync(join(dir, 'logs/window.jsonl'), 'w');
    writeSync(fd, head);
    writeSync(fd, tail, size - Buffer.byteLength(tail));
    closeSync(fd);
    const peakFile = join(dir, 'peak');
    const preload = join(dir, 'peak.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));`,
    );
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=128',
        '-r',
        preload,
        join(ROOT, 'actions/cli/dist/index.js'),
        'monitor',
        '--format',
        'json',
      ],
      { cwd: dir, env: { ...process.env, RELEASE_GATES_NOW: NOW, GITHUB_TOKEN: '', GH_TOKEN: '' } },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    const verdict = JSON.parse(stdout).verdicts[0];
    expect(code).toBe(0);
    expect(verdict.data.window).toMatchObject({ interactions: 2000, lines: 2001, bad_lines: 1 });
    expect(
      verdict.items.find((i: { id: string }) => i.id.startsWith('window/bad-line/')),
    ).toMatchObject({
      message: expect.stringMatching(/^line 1001 is longer than 1048576 bytes/),
      location: { file: 'logs/window.jsonl', line: 1001 },
    });
    const peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
    expect(peakMb).toBeLessThan(300);
  });
});
