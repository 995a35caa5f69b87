/**
 * Every finding on a check run, past the runner's caps on workflow commands: the core
 * (actions/lib/verdict/check-runs.ts) through the real GitHub port (Octokit) against the
 * loopback API, which checks each request against GitHub's description of the Checks API.
 */
import { describe, expect, it } from 'vitest';
import type { Item, Report } from '../actions/lib/verdict/model.js';
import { decide } from '../actions/lib/verdict/decide.js';
import { makeReport } from '../actions/lib/verdict/report.js';
import {
  CHECK_ANNOTATIONS_PER_REQUEST,
  checkRunName,
  checkRunNotes,
  publishCheckRuns,
  repositoryPath,
  wantsCheckRuns,
} from '../actions/lib/verdict/check-runs.js';
import { ANNOTATIONS_PER_LEVEL, annotationsOf } from '../actions/lib/verdict/render/annotations.js';
import { OctokitGitHub } from '../actions/runtime/ports/github.js';
import { FakeGitHub } from './support/github-server.js';

const gh = await FakeGitHub.start({
  'ghs-write': { login: 'github-actions[bot]' },
  'ghs-read': { login: 'github-actions[bot]', checks: 'read' },
});
const NAMES = { token: 'the `token` input', membershipToken: 'the `membership-token` input' };
const port = (token: string) =>
  new OctokitGitHub({ token, baseUrl: gh.url, names: NAMES, backoffUnitMs: 1 });
const HEAD = 'a'.repeat(40);

/** n findings of a PII scan, one a line of a golden file, the value masked as the gate masks it. */
function findings(n: number, status: Item['status'], file = 'evals/golden/a.jsonl'): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `EMAIL:${file}:${i + 1}:5`,
    status,
    rule: 'EMAIL',
    message: `email address j***@e***.com in /expected_output`,
    hint: 'remove it or add it to the allowlist',
    location: { file, line: i + 1, column: 5, endLine: i + 1, endColumn: 21 },
  }));
}

function report(gates: Record<string, Item[]>): Report {
  const verdicts = Object.entries(gates).map(([gate, items]) =>
    decide({ items }, { gate, title: gate.toUpperCase(), mode: 'enforce', inputs: [] }),
  );
  const policy = { file: 'policies/release-policy.yaml', sha256: 'cd'.repeat(32) };
  return makeReport('check', verdicts, { ...policy, apiVersion: 'release-gates/v1' }, HEAD);
}

/** A fresh repository on the loopback API for each test, so its requests are its own. */
let repos = 0;
function target(rootInRepository = '.') {
  const repo = { owner: 'acme', repo: `chatbot-${++repos}` };
  gh.repo(`${repo.owner}/${repo.repo}`);
  return {
    repo,
    full: `${repo.owner}/${repo.repo}`,
    headSha: HEAD,
    detailsUrl: 'https://github.com/acme/chatbot/actions/runs/7',
    rootInRepository,
  };
}

describe('publishing every finding on a check run', () => {
  it('sends 137 findings as exactly three requests of 50, 50 and 37, then completes the run', async () => {
    const items = [...findings(100, 'fail'), ...findings(30, 'warn'), ...findings(7, 'waived')];
    const r = report({ pii: items });
    expect(wantsCheckRuns('auto', r), 'more findings than the runner shows').toBe(true);
    const t = target();

    const outcomes = await publishCheckRuns(r, port('ghs-write'), t);

    const created = gh.calls(`/repos/${t.full}/check-runs`, 'POST');
    const patches = gh.calls(new RegExp(`^/repos/${t.full}/check-runs/\\d+$`), 'PATCH');
    expect(created.map((c) => c.status)).toEqual([201]);
    expect(created[0]!.body).toMatchObject({
      name: checkRunName('pii'),
      head_sha: HEAD,
      status: 'in_progress',
      details_url: t.detailsUrl,
    });
    type Patch = { output: { annotations: unknown[] }; status?: string; conclusion?: string };
    const bodies = patches.map((p) => p.body as Patch);
    expect(patches.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(bodies.map((b) => b.output.annotations.length)).toEqual([50, 50, 37]);
    expect(bodies.map((b) => b.conclusion)).toEqual([undefined, undefined, 'failure']);
    expect(bodies.at(-1)!.status).toBe('completed');

    const [run] = gh.checkRuns(t.full);
    expect(run).toMatchObject({
      name: 'release-gates / pii annotations',
      status: 'completed',
      conclusion: 'failure',
      output: { annotations_count: items.length },
    });
    expect(run!.output.summary).toContain(
      '137 findings annotated: 100 failure, 30 warning, 7 notice.',
    );
    // Every finding once, most severe first, in GitHub's fields.
    const sent = annotationsOf(r.verdicts[0]!);
    expect(run!.annotations).toHaveLength(sent.length);
    expect(run!.annotations[0]).toEqual({
      path: 'evals/golden/a.jsonl',
      start_line: 1,
      end_line: 1,
      start_column: 5,
      end_column: 21,
      annotation_level: 'failure',
      title: sent[0]!.title,
      message:
        'email address j***@e***.com in /expected_output\nFix: remove it or add it to the allowlist',
    });
    expect(run!.annotations.map((a) => a.annotation_level)).toEqual(
      sent.map((a) => ({ error: 'failure', warning: 'warning', notice: 'notice' })[a.level]),
    );
    expect(outcomes).toEqual([
      { gate: 'pii', status: 'published', url: run!.html_url, annotations: 137 },
    ]);
    expect(checkRunNotes(outcomes)).toEqual([
      {
        level: 'info',
        text: `pii: 137 findings annotated on the check run "release-gates / pii annotations": ${run!.html_url}`,
      },
    ]);
  });

  it('is wanted past the caps in auto mode, always in checks mode, never with workflow commands', () => {
    const within = report({ pii: findings(ANNOTATIONS_PER_LEVEL, 'fail') });
    const past = report({ pii: findings(ANNOTATIONS_PER_LEVEL + 1, 'fail') });
    expect(
      (['auto', 'checks', 'workflow-commands'] as const).map((mode) => [
        wantsCheckRuns(mode, within),
        wantsCheckRuns(mode, past),
      ]),
    ).toEqual([
      [false, true],
      [true, true],
      [false, false],
    ]);
  });

  it('points at the file in the repository, and leaves a finding without a file to the workflow commands', async () => {
    const items: Item[] = [
      ...findings(ANNOTATIONS_PER_LEVEL + 1, 'fail', 'golden/b.jsonl'),
      {
        id: 'span',
        status: 'fail',
        message: 'two lines',
        location: { file: 'golden/b.jsonl', line: 3, column: 2, endLine: 4, endColumn: 9 },
      },
      { id: 'nowhere', status: 'fail', message: 'no file' },
      { id: 'outside', status: 'fail', message: 'out', location: { file: '../../etc/x', line: 1 } },
    ];
    const t = target('service');
    const [outcome] = await publishCheckRuns(report({ pii: items }), port('ghs-write'), t);
    expect(outcome).toMatchObject({ status: 'published', annotations: ANNOTATIONS_PER_LEVEL + 2 });
    const annotations = gh.checkRuns(t.full)[0]!.annotations;
    expect(new Set(annotations.map((a) => a.path))).toEqual(new Set(['service/golden/b.jsonl']));
    const span = annotations.find((a) => a.title === 'pii: span')!;
    expect(span).toMatchObject({ start_line: 3, end_line: 4 });
    expect(span).not.toHaveProperty('start_column');
    expect(repositoryPath('../x', 'service')).toBe('x');
    expect(repositoryPath('/etc/passwd', '.')).toBeNull();
  });

  it('on a 403 publishes nothing, asks once for all gates, and tells how to get checks: write', async () => {
    const r = report({
      pii: findings(25, 'fail'),
      cards: findings(12, 'warn', 'docs/model-card.md'),
    });
    const t = target();
    const outcomes = await publishCheckRuns(r, port('ghs-read'), t);
    expect(outcomes.map((o) => [o.gate, o.status])).toEqual([
      ['pii', 'refused'],
      ['cards', 'refused'],
    ]);
    // The same token gets the same answer: one refused request, none for the next gate.
    expect(
      gh.calls(new RegExp(`^/repos/${t.full}/check-runs`), 'POST').map((c) => c.status),
    ).toEqual([403]);
    expect(gh.checkRuns(t.full)).toEqual([]);
    const notes = checkRunNotes(outcomes);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.level).toBe('info');
    expect(notes[0]!.text).toMatch(/^pii, cards: no check run .*403.*permissions: checks: write/);
  });

  it('counts a rate limit that held (403) as a failure of the API, not as a refusal', async () => {
    const t = target();
    gh.failSecondaryRateLimit(`/repos/${t.full}/check-runs`, 1, 10);
    const r = report({ pii: findings(ANNOTATIONS_PER_LEVEL + 1, 'fail') });
    const [outcome] = await publishCheckRuns(r, port('ghs-write'), t);
    expect(outcome).toMatchObject({ status: 'failed', annotations: 0 });
    expect(checkRunNotes([outcome!])[0]).toMatchObject({ level: 'warning' });
  });

  it('on another API failure says so, with how many made it, and still completes the check run', async () => {
    const t = target();
    gh.fail({
      method: 'PATCH',
      path: new RegExp(`^/repos/${t.full}/check-runs/`),
      status: 422,
      times: 1,
    });
    const r = report({ pii: findings(CHECK_ANNOTATIONS_PER_REQUEST + 5, 'fail') });
    // The first batch is refused; the run is completed without annotations, not left spinning.
    const [outcome] = await publishCheckRuns(r, port('ghs-write'), t);
    expect(outcome).toMatchObject({ status: 'failed', annotations: 0 });
    expect(outcome!.status === 'failed' && outcome!.message).toMatch(
      /^GitHub API: could not annotate check run \d+ in acme\/chatbot-\d+: GitHub refused the request \(422/,
    );
    const [run] = gh.checkRuns(t.full);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', annotations: [] });
    expect(run!.output.title).toBe(
      `PII: FAIL (0 of ${CHECK_ANNOTATIONS_PER_REQUEST + 5} findings annotated)`,
    );
    const [note] = checkRunNotes([outcome!]);
    expect(note).toMatchObject({ level: 'warning' });
    expect(note!.text).toMatch(
      /capped at 10 per level; the job summary and the JSON report list every finding/,
    );
  });
});
