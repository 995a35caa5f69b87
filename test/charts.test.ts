/**
 * The pictures of the job summary end to end, through the CLI on real repositories: the eval
 * trend read from the release tags of a repository with a bare remote, the monitor's
 * histograms from the sample export, and docs/charts.md, the rendered example, which must be
 * what the sample release renders today.
 */
import { pullRequestEvent as gitHubPullRequestEvent } from './support/github-events.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalTrend } from '../actions/lib/evals/trend.js';
import { LEDGER_BRANCH, LEDGER_FILE } from '../actions/lib/release/records.js';
import type { Report, Verdict } from '../actions/lib/verdict/model.js';
import { chartSections, evalTrend } from '../actions/lib/verdict/render/charts.js';
import { COMMENT_LIMIT, COMMENT_MARKER } from '../actions/lib/verdict/render/comment.js';
import { ROOT, runBundledAction } from './support/action.js';
import { cli } from './support/cli.js';
import { createRepo, type TestRepo } from './support/git.js';
import { FakeGitHub } from './support/github-server.js';
import { record } from './support/releases.js';
import { sampleRepo } from './support/sample.js';

const NOW = '2026-11-21T06:00:00Z';
const REPO = 'acme/support-chatbot';
const gh = await FakeGitHub.start({
  'monitor-token': { login: 'github-actions[bot]' },
  'ghs-token': { login: 'github-actions[bot]' },
});
gh.repo(REPO);

async function run(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}) {
  return cli(args, {
    cwd: repo.dir,
    env: { RELEASE_GATES_NOW: NOW, GITHUB_TOKEN: '', GH_TOKEN: '', ...env },
  });
}

/** The runner's environment of a pull request whose base and head are the checkout. */
/** GitHub's own pull_request payload (checked against its webhook schema) for the repository's head. */
function pullRequestEvent(repo: TestRepo, number: number) {
  const sha = repo.head();
  return gitHubPullRequestEvent({
    number,
    author: 'ada-ml',
    base: { ref: 'main', sha },
    head: { ref: 'prompt-change', sha },
  });
}

function pullRequestEnv(repo: TestRepo, number: number): NodeJS.ProcessEnv {
  const path = join(repo.dir, '..', `event-${number}.json`);
  writeFileSync(path, JSON.stringify(pullRequestEvent(repo, number)));
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path };
}

async function evals(
  repo: TestRepo,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; verdict: Verdict; markdown: string }> {
  const json = await run(repo, ['check', '--gate', 'evals', '--format', 'json'], env);
  const markdown = await run(repo, ['check', '--gate', 'evals', '--format', 'markdown'], env);
  expect(markdown.code).toBe(json.code);
  const verdict = (JSON.parse(json.stdout) as Report).verdicts[0]!;
  return { code: json.code, verdict, markdown: markdown.stdout };
}

const trendOf = (v: Verdict) => v.data?.trend as EvalTrend | undefined;

/** The verdict without its trend: what the trend must never change. */
const judged = (v: Verdict) => ({ ...v, data: { ...v.data, trend: undefined } });

function policy(extra = ''): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: demo-bot, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates:
  evals:
    results:
      - path: evals/results/quality.jsonl
    objectives:
      - id: quality-pass-rate
        suite: quality
        metric: pass_rate
        pass: ">= 0.5"
      - id: latency-p95
        suite: quality
        metric: latency_p95
        pass: "< 5000"
${extra}`;
}

/** `total` cases of which `passed` pass, each `latency` ms. */
function results(total: number, passed: number, latency: number): string {
  return Array.from({ length: total }, (_, i) =>
    JSON.stringify({ id: `case-${i}`, suite: 'quality', pass: i < passed, latency_ms: latency }),
  )
    .map((l) => `${l}\n`)
    .join('');
}

/** A repository with three promoted releases of rising quality, and a change that drops it. */
async function released(extra = ''): Promise<TestRepo> {
  const repo = createRepo({ files: { 'policies/release-policy.yaml': policy(extra) } });
  for (const [passed, latency] of [
    [80, 1200],
    [85, 1100],
    [90, 1000],
  ] as const) {
    const commit = repo.commit(
      { 'evals/results/quality.jsonl': results(100, passed, latency) },
      `results: ${passed} of 100 pass`,
    );
    repo.git('push', '-q', 'origin', 'main');
    await record(repo.dir, { event: 'promote', commit });
  }
  repo.commit({ 'evals/results/quality.jsonl': results(100, 70, 1500) }, 'a prompt change');
  return repo;
}

describe('the eval trend across the release tags', async () => {
  const repo = await released();

  it('charts each objective at each release tag, read through git, then the change', async () => {
    const { code, verdict, markdown } = await evals(repo);
    expect(code).toBe(0);
    expect(trendOf(verdict)).toEqual({
      objectives: [
        { id: 'quality-pass-rate', metric: 'pass_rate of quality' },
        { id: 'latency-p95', metric: 'latency_p95 of quality' },
      ],
      points: [
        { label: 'release/1', commit: expect.any(String), values: [0.8, 1200] },
        { label: 'release/2', commit: expect.any(String), values: [0.85, 1100] },
        { label: 'release/3', commit: expect.any(String), values: [0.9, 1000] },
        { label: 'this commit', commit: repo.head(), values: [0.7, 1500] },
      ],
    });
    expect(markdown).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '  title "quality-pass-rate: pass_rate of quality"',
        '  x-axis ["release/1", "release/2", "release/3", "this commit"]',
        '  y-axis "pass_rate of quality"',
        '  line [0.8, 0.85, 0.9, 0.7]',
        '```',
      ].join('\n'),
    );
    expect(markdown).toContain('  line [1200, 1100, 1000, 1500]');
    expect(markdown).toContain(
      [
        '| Objective | release/1 | release/2 | release/3 | this commit |',
        '| --- | --- | --- | --- | --- |',
        '| quality-pass-rate | 0.8 | 0.85 | 0.9 | 0.7 |',
        '| latency-p95 | 1200 | 1100 | 1000 | 1500 |',
      ].join('\n'),
    );
    // The releases' files are not evidence of the verdict: only the working tree's is.
    expect(verdict.inputs.map((i) => i.file)).toEqual(['evals/results/quality.jsonl']);
  });

  it('the pull request is the last point', async () => {
    const { verdict } = await evals(repo, pullRequestEnv(repo, 12));
    expect(trendOf(verdict)?.points.map((p) => p.label)).toEqual([
      'release/1',
      'release/2',
      'release/3',
      'PR #12',
    ]);
  });

  it('trend_releases bounds the points; 0 leaves the charts out, and the verdict is the same', async () => {
    const full = await evals(repo);
    repo.commit({ 'policies/release-policy.yaml': policy('    trend_releases: 2\n') }, 'two');
    const two = await evals(repo);
    expect(trendOf(two.verdict)?.points.map((p) => p.label)).toEqual([
      'release/2',
      'release/3',
      'this commit',
    ]);
    repo.commit({ 'policies/release-policy.yaml': policy('    trend_releases: 0\n') }, 'none');
    const none = await evals(repo);
    expect(none.verdict.data).not.toHaveProperty('trend');
    expect(none.markdown).not.toContain('```mermaid');
    expect(none.verdict.result).toBe(full.verdict.result);
    expect(none.verdict.items).toEqual(full.verdict.items);
    repo.git('reset', '-q', '--hard', 'HEAD~2');
  });
});

describe('a history that cannot be read never changes the verdict', () => {
  it('a release whose result file is broken is named, the others charted', async () => {
    const repo = await released();
    const before = await evals(repo);
    // Release 4: a broken result file at its commit.
    const broken = repo.commit({ 'evals/results/quality.jsonl': '{ not json\n' }, 'broken');
    repo.git('push', '-q', 'origin', 'main');
    await record(repo.dir, { event: 'promote', commit: broken });
    repo.commit({ 'evals/results/quality.jsonl': results(100, 70, 1500) }, 'fixed');
    const after = await evals(repo);
    expect(judged(after.verdict)).toEqual(judged(before.verdict));
    const point = trendOf(after.verdict)!.points[3]!;
    expect(point).toMatchObject({ label: 'release/4', values: [null, null] });
    expect(point.unread).toMatch(/^evals\/results\/quality\.jsonl:1: not valid JSON/);
    expect(after.markdown).toContain('_release/4: not read: evals/results/quality.jsonl:1:');
    expect(after.markdown).toContain('| quality-pass-rate | 0.8 | 0.85 | 0.9 | – | 0.7 |');
  });

  it('a broken ledger: no trend, the reason under the table, the same verdict', async () => {
    const repo = await released();
    const before = await evals(repo);
    repo.git('fetch', '-q', 'origin', LEDGER_BRANCH);
    repo.git('checkout', '-q', '-b', 'ledger', 'FETCH_HEAD');
    repo.commit({ [LEDGER_FILE]: 'not a ledger\n' }, 'break the ledger');
    repo.git('push', '-q', 'origin', `ledger:${LEDGER_BRANCH}`);
    repo.git('checkout', '-q', 'main');
    const after = await evals(repo);
    expect(judged(after.verdict)).toEqual(judged(before.verdict));
    const trend = trendOf(after.verdict)!;
    expect(trend.points.map((p) => p.label)).toEqual(['this commit']);
    expect(trend.unread).toMatch(/^the release history: /);
    expect(after.markdown).toMatch(/_No trend: the release history: .+\._\n/);
    expect(after.markdown).not.toContain('```mermaid');
  });

  it('no release yet: the change alone, in the table', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(),
        'evals/results/quality.jsonl': results(10, 9, 900),
      },
    });
    const { verdict, markdown } = await evals(repo);
    expect(trendOf(verdict)).toMatchObject({
      points: [{ label: 'this commit', values: [0.9, 900] }],
      unread: 'no release yet',
    });
    expect(markdown).toContain('| quality-pass-rate | 0.9 |');
    expect(markdown).toContain('_No trend: no release yet._');
  });
});

/** The sample release as a repository with three releases before it. */
async function sampleWithReleases(): Promise<TestRepo> {
  const repo = sampleRepo();
  const path = 'evals/results/quality.jsonl';
  const sample = readFileSync(join(ROOT, path), 'utf8');
  // Earlier releases: the sample's cases with the first few failing and a little slower.
  const earlier = (k: number) =>
    sample
      .trim()
      .split('\n')
      .map((line, i) => {
        const c = JSON.parse(line) as { pass: boolean; latency_ms: number };
        return `${JSON.stringify({ ...c, pass: i < 3 * k ? false : c.pass, latency_ms: c.latency_ms + 40 * k })}\n`;
      })
      .join('');
  for (const k of [3, 2, 1]) {
    const commit = repo.commit({ [path]: earlier(k) }, `release candidate ${4 - k}`);
    repo.git('push', '-q', 'origin', 'main');
    await record(repo.dir, { event: 'promote', commit });
  }
  repo.commit({ [path]: sample }, 'the sample release');
  return repo;
}

describe('the sample release with three releases before it', async () => {
  const repo = await sampleWithReleases();

  async function monitorVerdict(): Promise<{ verdict: Verdict; markdown: string }> {
    const env = { GITHUB_API_URL: gh.url, GITHUB_TOKEN: 'monitor-token', GITHUB_REPOSITORY: REPO };
    const json = await run(repo, ['monitor', '--format', 'json'], env);
    const markdown = await run(repo, ['monitor', '--format', 'markdown'], env);
    expect(json.code, json.stderr).toBe(0);
    return { verdict: (JSON.parse(json.stdout) as Report).verdicts[0]!, markdown: markdown.stdout };
  }

  it('the latency histogram and each drift feature against its reference, bucket by bucket', async () => {
    const { verdict, markdown } = await monitorVerdict();
    const histogram = verdict.data!.latency_histogram as { bucket: string; count: number }[];
    expect(histogram.reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(histogram.map((b) => b.bucket)).toEqual([
      '≤ 200',
      '200–500',
      '500–1000',
      '1000–2000',
      '2000–5000',
      '5000–10000',
      '10000–20000',
      '> 20000',
    ]);
    // The policy's slow threshold (request_latency_ms: 5000) is an edge: the bars past it
    // are the interactions flagged slow.
    const past = histogram.slice(5).reduce((n, b) => n + b.count, 0);
    expect(past).toBe((verdict.data!.flags as { slow: number }).slow);
    const drift = verdict.data!.drift_buckets as Record<string, { bucket: string }[]>;
    expect(Object.keys(drift)).toEqual(['query_length', 'language', 'intent']);
    // Buckets empty in both windows are left out (no query is longer than 60 characters).
    expect(drift.query_length!.map((b) => b.bucket)).toEqual(['≤ 20', '20–30', '30–40', '40–60']);
    for (const section of chartSections(verdict)) expect(markdown).toContain(section);
    expect(markdown).toContain('#### Latency of the window');
    expect(markdown).toContain('#### Drift of language: the window against the reference');
  });

  it('docs/charts.md is what the sample release renders (UPDATE_DOCS=1 rewrites it)', async () => {
    const { verdict: trend } = await evals(repo, pullRequestEnv(repo, 12));
    expect(trend.result).not.toBe('error');
    const { verdict: monitor } = await monitorVerdict();
    const doc = [
      '# Charts: a rendered example',
      '',
      '<!-- Generated by test/charts.test.ts from the sample release: do not edit by hand. Run `UPDATE_DOCS=1 npx vitest run test/charts.test.ts` after changing the charts. -->',
      '',
      "What the job summary of the evals gate and of the monitor shows, from the sample release of this repository (`policies/release-policy.yaml`, `evals/`): the eval trend over three earlier releases whose results are the sample's with a few cases failing and a little slower, then the monitor on `evals/production/interactions.jsonl` against its reference window. [evals.md](evals.md#trend-charts) and [monitoring.md](monitoring.md#charts) explain them.",
      '',
      '## The evals gate',
      '',
      ...chartSections(trend),
      '## The monitor',
      '',
      ...chartSections(monitor),
    ].join('\n');
    const path = join(ROOT, 'docs/charts.md');
    if (process.env.UPDATE_DOCS) writeFileSync(path, doc);
    expect(readFileSync(path, 'utf8')).toBe(doc);
  });

  it('the bundled actions write the same pictures into the job summary, and the data as outputs', async () => {
    const evalsRun = await runBundledAction('evals', {
      workspace: repo.dir,
      eventName: 'pull_request',
      event: pullRequestEvent(repo, 12),
      env: { RELEASE_GATES_NOW: NOW },
    });
    expect(evalsRun.code, evalsRun.stdout + evalsRun.stderr).toBe(0);
    const trend = JSON.parse(evalsRun.outputs.trend!) as EvalTrend;
    expect(trend.points.map((p) => p.label)).toEqual([
      'release/1',
      'release/2',
      'release/3',
      'PR #12',
    ]);
    const judgedEvals = (JSON.parse(readFileSync(evalsRun.outputs.report!, 'utf8')) as Report)
      .verdicts[0]!;
    const [section] = chartSections(judgedEvals);
    expect(evalsRun.summary).toContain(section);
    expect(readFileSync(join(ROOT, 'docs/charts.md'), 'utf8')).toContain(section);

    const monitorRun = await runBundledAction('monitor', {
      workspace: repo.dir,
      eventName: 'schedule',
      inputs: { token: 'monitor-token' },
      env: { RELEASE_GATES_NOW: NOW, GITHUB_API_URL: gh.url },
    });
    expect(monitorRun.code, monitorRun.stdout + monitorRun.stderr).toBe(0);
    expect(JSON.parse(monitorRun.outputs.latency_histogram!)).toHaveLength(8);
    expect(Object.keys(JSON.parse(monitorRun.outputs.drift_buckets!))).toEqual([
      'query_length',
      'language',
      'intent',
    ]);
    const monitored = (JSON.parse(readFileSync(monitorRun.outputs.report!, 'utf8')) as Report)
      .verdicts[0]!;
    for (const section of chartSections(monitored)) expect(monitorRun.summary).toContain(section);
    expect(monitorRun.summary).toContain('#### Latency of the window');
  });
  // As the comment job of release-gates.yml runs it: the evals job's report downloaded as its
  // artifact into .release-gates-reports, the comment action reading it (docs/pull-request-comment.md).
  it('the pull-request comment carries the eval trend, chart and table, the pull request last', async () => {
    const number = gh.addPull(REPO, {
      author: 'ada-ml',
      base: { ref: 'main', sha: repo.head() },
      head: { ref: 'prompt-change', sha: repo.head() },
    });
    const event = gitHubPullRequestEvent(
      {
        number,
        author: 'ada-ml',
        base: { ref: 'main', sha: repo.head() },
        head: { ref: 'prompt-change', sha: repo.head() },
      },
      'synchronize',
      {},
      REPO,
    );
    const common = { workspace: repo.dir, eventName: 'pull_request', event };
    const evalsRun = await runBundledAction('evals', {
      ...common,
      inputs: { 'report-dir': '.release-gates-reports/release-gates-report-evals' },
      env: { RELEASE_GATES_NOW: NOW },
    });
    expect(evalsRun.code, evalsRun.stdout + evalsRun.stderr).toBe(0);
    const commentRun = await runBundledAction('comment', {
      ...common,
      inputs: { reports: '.release-gates-reports/**/*.json', token: 'ghs-token' },
      env: { RELEASE_GATES_NOW: NOW, GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '4242' },
    });
    expect(commentRun.code, commentRun.stdout + commentRun.stderr).toBe(0);
    expect(commentRun.summary).toMatch(/created the comment on #\d+/);
    const [comment] = gh.comments(REPO, number);
    const body = comment!.body!;

    const verdict = (JSON.parse(readFileSync(evalsRun.outputs.report!, 'utf8')) as Report)
      .verdicts[0]!;
    const trend = evalTrend(verdict)!;
    // The same chart and table as the job summary's, under a heading of the comment.
    expect(body).toContain(`### ${trend.title}\n\n${trend.markdown.trimEnd()}\n`);
    expect(evalsRun.summary).toContain(trend.markdown);
    expect(body).toContain('xychart-beta');
    expect(body).toMatch(/x-axis \["release\/1", "release\/2", "release\/3", "PR #\d+"\]/);
    // The numbers in a table too, for a reader without the picture or without colour.
    expect(body).toMatch(/\| Objective \| release\/1 \| release\/2 \| release\/3 \| PR #\d+ \|/);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);

    // docs/pull-request-comment.md shows this comment, with the run's own ids made stable.
    const example = body
      .replaceAll(repo.head().slice(0, 12), '3f2c9a1b7d40')
      .replace(/#\d+\b/g, '#12')
      .replace(/\/pull\/\d+/g, '/pull/12');
    const path = join(ROOT, 'docs/pull-request-comment.md');
    const doc = readFileSync(path, 'utf8');
    const [before, rest] = doc.split('<!-- example:start -->\n');
    const after = rest!.slice(rest!.indexOf('<!-- example:end -->'));
    const expected = `${before}<!-- example:start -->\n${example}${after}`;
    if (process.env.UPDATE_DOCS) writeFileSync(path, expected);
    expect(doc).toBe(expected);
  });
});
