/**
 * The eval gate end to end through the CLI, on real git repositories with a bare remote:
 * baselines read from a `stable` branch, noise, missing baselines, staleness, locations.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeEvalMetrics, evalMetricLookup } from '../actions/lib/evals/index.js';
import { InputRecorder } from '../actions/lib/gate.js';
import { parsePolicy } from '../actions/lib/policy/load.js';
import type { Item, Report, Verdict } from '../actions/lib/verdict/model.js';
import { createPorts } from '../actions/runtime/ports/index.js';
import { cli } from './support/cli.js';
import { createRepo, type TestRepo } from './support/git.js';
import { tempDir } from './support/tmp.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

function policy(evals: string): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: demo-bot, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
waivers:
  - id: WVR-1
    gate: evals
    target: waived-*
    owner: gabriel-gov
    reason: Accepted while the new retriever is tuned.
    ticket: GOV-7
    expires: 2026-12-31
    approved_by: gabriel-gov
gates:
  evals:
${evals
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;
}

const NO_DROP = `
results:
  - path: evals/results/quality.jsonl
objectives:
  - id: no-drop
    suite: quality
    metric: pass_rate
    pass: ">= -10%"
`;

/** `total` cases of which `passed` pass, failures first; optional latency. */
function jsonl(total: number, passed: number, extra: (i: number) => object = () => ({})): string {
  return (
    Array.from({ length: total }, (_, i) =>
      JSON.stringify({ id: `case-${i}`, suite: 'quality', pass: i >= total - passed, ...extra(i) }),
    ).join('\n') + '\n'
  );
}

async function check(
  repo: TestRepo,
  extra: string[] = [],
): Promise<{ code: number; report: Report; verdict: Verdict }> {
  const run = await cli(['check', '--gate', 'evals', '--format', 'json', ...extra], {
    cwd: repo.dir,
    env: NOW,
  });
  const report = JSON.parse(run.stdout) as Report;
  return { code: run.code, report, verdict: report.verdicts[0]! };
}

const item = (v: Verdict, id: string): Item => v.items.find((i) => i.id === id)!;

/** A repository whose `stable` branch (on the remote only) holds the baseline results. */
function withStable(baseline: string, current: string, evals = NO_DROP): TestRepo {
  const repo = createRepo({
    files: {
      'policies/release-policy.yaml': policy(evals),
      'evals/results/quality.jsonl': baseline,
    },
  });
  repo.git('push', '-q', 'origin', 'main:stable');
  repo.commit({ 'evals/results/quality.jsonl': current }, 'new results');
  return repo;
}

describe('relative objectives against the stable branch', () => {
  it('a regression beyond noise fails (0.90 -> 0.70 on 1000 cases)', async () => {
    const repo = withStable(jsonl(1000, 900), jsonl(1000, 700));
    const { code, verdict } = await check(repo);
    expect(code).toBe(1);
    expect(verdict.result).toBe('fail');
    expect(item(verdict, 'no-drop')).toMatchObject({
      status: 'fail',
      observed: 0.7,
      baseline: 0.9,
      expected: '>= -10%',
      message: expect.stringMatching(
        /^pass_rate of quality is 0\.7, stable 0\.9 \(−0\.2, −22\.2 %\): violates >= -10% \(0\.81\)\. Worst cases: case-0, case-1, case-2/,
      ),
      location: { file: 'evals/results/quality.jsonl', line: 1, column: 1 },
    });
    expect(verdict.inputs).toEqual([
      { file: 'evals/results/quality.jsonl', sha256: expect.any(String) },
      { file: 'evals/results/quality.jsonl', sha256: expect.any(String), ref: 'stable' },
    ]);
    expect(item(verdict, 'baseline').message).toBe(
      'baseline: 1 of 1 result files read from stable',
    );
  });

  it('the same drop on 20 cases warns, and says it is noise', async () => {
    const repo = withStable(jsonl(20, 18), jsonl(20, 14));
    const { code, verdict } = await check(repo);
    expect(code).toBe(0);
    expect(verdict.result).toBe('warn');
    expect(item(verdict, 'no-drop').message).toMatch(
      /a drop can only warn: a warning, not a failure/,
    );
    expect(verdict.summary).toBe(
      '2 checks: 1 warn, 1 info; 1 drop within statistical noise warns instead of failing',
    );
  });

  it('reads stable from the remote when the clone does not have it (one fetch)', async () => {
    const origin = withStable(jsonl(1000, 900), jsonl(1000, 700));
    origin.git('push', '-q', 'origin', 'main');
    const clone = join(tempDir('rg-clone-'), 'work');
    execFileSync('git', [
      'clone',
      '-q',
      '--single-branch',
      '--branch',
      'main',
      `file://${origin.remote}`,
      clone,
    ]);
    expect(() =>
      execFileSync('git', ['rev-parse', '--verify', '--quiet', 'origin/stable'], { cwd: clone }),
    ).toThrow();
    const { verdict } = await check({ ...origin, dir: clone });
    expect(item(verdict, 'no-drop')).toMatchObject({ status: 'fail', baseline: 0.9 });
  });

  it('no stable branch warns by default; on_missing: fail fails', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(NO_DROP),
        'evals/results/quality.jsonl': jsonl(50, 45),
      },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(0);
    expect(item(verdict, 'no-drop')).toMatchObject({ status: 'warn', baseline: null });
    expect(item(verdict, 'baseline').message).toBe(
      'no baseline: branch stable does not exist here or on the remote',
    );
    expect(verdict.summary).toMatch(
      /; no baseline: branch stable does not exist here or on the remote$/,
    );

    repo.commit(
      { 'policies/release-policy.yaml': policy(`${NO_DROP}\nbaseline: { on_missing: fail }`) },
      'strict baseline',
    );
    expect((await check(repo)).verdict.result).toBe('fail');
  });

  it('a pinned baseline directory replaces the ref', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(`${NO_DROP}\nbaseline: { path: evals/baseline }`),
        'evals/results/quality.jsonl': jsonl(1000, 700),
        'evals/baseline/quality.jsonl': jsonl(1000, 900),
      },
    });
    const { verdict } = await check(repo);
    expect(item(verdict, 'no-drop')).toMatchObject({ status: 'fail', baseline: 0.9 });
    expect(verdict.inputs.map((i) => i.file)).toEqual([
      'evals/baseline/quality.jsonl',
      'evals/results/quality.jsonl',
    ]);
  });

  it('a baseline file that is broken is an error naming the baseline', async () => {
    const repo = withStable('{"id": "a", "pass": tru}\n', jsonl(10, 9));
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(verdict.items[0]!.message).toMatch(
      /^baseline stable: evals\/results\/quality\.jsonl:1: not valid JSON/,
    );
  });
});

describe('results cannot be padded or borrowed', () => {
  const SAFETY = `
results:
  - path: evals/results/quality.jsonl
  - path: evals/results/safety.jsonl
    suite: safety
objectives:
  - { id: harmful, suite: safety, metric: harmful_rate, pass: "<= 10%" }
`;
  const safety = (harmful: number) =>
    Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ id: `attack-${i}`, pass: i >= harmful, harmful: i < harmful }),
    ).join('\n') + '\n';

  it('a case of another file naming a suite the policy gives to a file is an error', async () => {
    // 2 harmful of 10 fail `<= 10%`; 20 harmless cases smuggled in through quality.jsonl would pass.
    const smuggled = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ id: `extra-${i}`, suite: 'safety', pass: true, harmful: false }),
    ).join('\n');
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(SAFETY),
        'evals/results/quality.jsonl': `${jsonl(10, 9)}${smuggled}\n`,
        'evals/results/safety.jsonl': safety(2),
      },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(verdict.items[0]).toMatchObject({
      status: 'error',
      message:
        'evals/results/quality.jsonl holds cases of suite safety, which the policy gives to evals/results/safety.jsonl',
      location: { file: 'evals/results/quality.jsonl' },
    });
  });

  it('a passing case copied to pad a run is an error, without pass@k too', async () => {
    const padded = jsonl(10, 5) + jsonl(10, 10).split('\n').slice(5).join('\n');
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(NO_DROP.replace('>= -10%', '>= 0.6')),
        'evals/results/quality.jsonl': padded,
      },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(verdict.items[0]).toMatchObject({
      status: 'error',
      message: 'evals/results/quality.jsonl: case case-5 (suite quality) is given twice',
      location: { file: 'evals/results/quality.jsonl', line: 11, column: 1 },
    });
  });
});

describe('inspect_ai .eval logs', () => {
  const INSPECT = `
results:
  - path: evals/results/popularity.eval
objectives:
  - { id: accuracy, suite: popularity, metric: pass_rate, pass: ">= 0.7" }
  - { id: no-drop, suite: popularity, metric: pass_rate, pass: ">= -10%" }
`;
  const REAL = 'test/fixtures/evals/inspect/real';

  /** Commits a real archive (binary, so not through `commit`'s text files) as the result file. */
  function commitLog(repo: TestRepo, fixture: string, message: string): void {
    mkdirSync(join(repo.dir, 'evals/results'), { recursive: true });
    writeFileSync(
      join(repo.dir, 'evals/results/popularity.eval'),
      readFileSync(`${REAL}/${fixture}`),
    );
    repo.git('add', 'evals/results/popularity.eval');
    repo.commit({}, message);
  }

  it('are read in the working tree and at the stable baseline, through git', async () => {
    const repo = createRepo({ files: { 'policies/release-policy.yaml': policy(INSPECT) } });
    // Stable: 8 of 10 samples pass; now: 3 of 4 (tests in actions/lib/evals/inspect.test.ts).
    commitLog(repo, '2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval', 'stable');
    repo.git('push', '-q', 'origin', 'main:stable');
    commitLog(repo, 'log_streaming.eval', 'new results');
    const { code, verdict } = await check(repo);
    expect(code).toBe(0);
    expect(item(verdict, 'accuracy')).toMatchObject({ status: 'pass', observed: 0.75 });
    expect(item(verdict, 'no-drop')).toMatchObject({
      status: 'pass',
      observed: 0.75,
      baseline: 0.8,
    });
    expect(verdict.inputs).toEqual([
      { file: 'evals/results/popularity.eval', sha256: expect.any(String) },
      { file: 'evals/results/popularity.eval', sha256: expect.any(String), ref: 'stable' },
    ]);
  });
});

describe("the baseline is never in the pull request author's hands", () => {
  it.each([
    ['a local tag', (repo: TestRepo) => repo.git('tag', 'stable', 'HEAD')],
    [
      'a tag pushed to the remote and fetched',
      (repo: TestRepo) => {
        repo.git('tag', 'stable', 'HEAD');
        repo.git('push', '-q', 'origin', 'refs/tags/stable');
      },
    ],
  ])('%s named like the baseline branch is not the baseline', async (_name, tag) => {
    // stable holds 0.9; the head drops to 0.7 and tags itself `stable` to be its own baseline.
    const repo = withStable(jsonl(1000, 900), jsonl(1000, 700));
    tag(repo);
    const { code, verdict } = await check(repo);
    expect(code).toBe(1);
    expect(item(verdict, 'no-drop')).toMatchObject({ status: 'fail', baseline: 0.9 });
  });

  it('a sha-looking baseline ref names a branch, never a commit', async () => {
    const repo = withStable(jsonl(1000, 900), jsonl(1000, 700));
    const sha = repo.git('rev-parse', '--short=12', 'HEAD').trim();
    repo.commit(
      { 'policies/release-policy.yaml': policy(`${NO_DROP}\nbaseline: { ref: "${sha}" }`) },
      'baseline at a commit',
    );
    const { verdict } = await check(repo);
    expect(item(verdict, 'no-drop')).toMatchObject({ status: 'warn', baseline: null });
    expect(item(verdict, 'baseline').message).toBe(
      `no baseline: branch ${sha} does not exist here or on the remote`,
    );
  });

  it('a pinned baseline.path is read at the commit the policy is read at, not from the head', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(`${NO_DROP}\nbaseline: { path: evals/baseline }`),
        'evals/results/quality.jsonl': jsonl(1000, 900),
        'evals/baseline/quality.jsonl': jsonl(1000, 900),
      },
    });
    const base = repo.head();
    // The pull request drops to 0.7 and lowers its pinned baseline to match.
    repo.commit(
      {
        'evals/results/quality.jsonl': jsonl(1000, 700),
        'evals/baseline/quality.jsonl': jsonl(1000, 700),
      },
      'lower the baseline with the results',
    );
    const judged = await check(repo, ['--policy-ref', base]);
    expect(judged.code).toBe(1);
    expect(item(judged.verdict, 'no-drop')).toMatchObject({ status: 'fail', baseline: 0.9 });
    expect(judged.verdict.inputs).toContainEqual({
      file: 'evals/baseline/quality.jsonl',
      sha256: expect.any(String),
      ref: base,
    });
    expect(item(judged.verdict, 'baseline').message).toBe(
      `baseline: 1 of 1 result files read from evals/baseline at ${base.slice(0, 12)}`,
    );
    // Where the policy itself comes from the working tree (a local run), so does the baseline.
    expect(item((await check(repo)).verdict, 'no-drop')).toMatchObject({ baseline: 0.7 });
  });
});

describe('stamps: results belong to the prompts and model they were produced with', () => {
  const STAMPED = `${NO_DROP}\nfreshness: { paths: [chatbot/prompts/**], require_stamp: true }\nbaseline: { on_missing: pass }`;
  const MODEL = (version: string) => `id: demo-bot\nversion: ${version}\n`;

  /** A repository whose eval job ran the evals and stamped them, committed together. */
  async function stampedRepo(): Promise<TestRepo> {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(STAMPED).replace(
          'gates:',
          'model: { config: chatbot/model.yaml }\ngates:',
        ),
        'chatbot/model.yaml': MODEL('1.0.0'),
        'chatbot/prompts/system.md': 'You are Acme Support.\n',
        'evals/results/quality.jsonl': jsonl(40, 38),
      },
    });
    const stamped = await cli(['stamp-evals', '--produced-by', 'ci run 42'], { cwd: repo.dir });
    expect(stamped.code, stamped.stdout).toBe(0);
    repo.commit(
      {
        'evals/results/quality.jsonl.stamp': readFileSync(
          join(repo.dir, 'evals/results/quality.jsonl.stamp'),
          'utf8',
        ),
      },
      'stamp the results',
    );
    return repo;
  }

  it('results stamped for the current prompts and model pass', async () => {
    const repo = await stampedRepo();
    const stamp = JSON.parse(
      readFileSync(join(repo.dir, 'evals/results/quality.jsonl.stamp'), 'utf8'),
    );
    expect(stamp).toMatchObject({
      stamp: 'release-gates/eval-stamp/v1',
      results: {
        path: 'evals/results/quality.jsonl',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      evaluated: { files: 2 },
      model: { id: 'demo-bot', version: '1.0.0' },
      produced_by: 'ci run 42',
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(0);
    expect(item(verdict, 'stamp')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(
        /^evals\/results\/quality\.jsonl stamped for the current 2 evaluated files \(hash [0-9a-f]{12}…\) and model 1\.0\.0$/,
      ),
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'old results re-committed with a trivial change after the prompts changed',
      {
        'chatbot/prompts/system.md': 'You are Acme Support. Never refund.\n',
        'evals/results/quality.jsonl': `${jsonl(40, 38)}\n`,
      },
      /^results are stale: evals\/results\/quality\.jsonl is not the file its stamp was written for/,
    ],
    [
      'a prompt change with results and stamp touched up in one commit',
      {
        'chatbot/prompts/system.md': 'You are Acme Support. Never refund.\n',
        'evals/results/quality.jsonl': jsonl(40, 38).replace('"case-0"', '"case-0" '),
      },
      /^results are stale: evals\/results\/quality\.jsonl is not the file its stamp was written for/,
    ],
    [
      'a new model version',
      { 'chatbot/model.yaml': MODEL('2.0.0'), 'evals/results/quality.jsonl.stamp': '' },
      /^results are stale: evals\/results\/quality\.jsonl was produced with model 1\.0\.0, the release ships 2\.0\.0/,
    ],
  ])('%s is stale', async (_name, change, message) => {
    const repo = await stampedRepo();
    // An empty value keeps the file as it is (the stamp committed with the old results).
    const files = Object.fromEntries(Object.entries(change).filter(([, text]) => text !== ''));
    repo.commit(files, 'the change');
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(item(verdict, 'stamp')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(message),
      location: { file: 'evals/results/quality.jsonl.stamp' },
    });
  });

  it('a stamp whose evaluated files changed is stale even when git history looks fresh', async () => {
    const repo = await stampedRepo();
    // The prompt changed in an earlier commit of the branch than the results' last commit.
    repo.commit({ 'chatbot/prompts/system.md': 'v2\n' }, 'prompt v2');
    repo.commit({ 'evals/notes.md': 'unrelated\n' }, 'notes');
    const stamp = readFileSync(join(repo.dir, 'evals/results/quality.jsonl.stamp'), 'utf8');
    repo.commit(
      { 'evals/results/quality.jsonl.stamp': stamp.replace('ci run 42', 'ci run 43') },
      'touch the stamp',
    );
    const { verdict } = await check(repo);
    expect(item(verdict, 'stamp')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /was produced from other prompts or model configuration than the current ones/,
      ),
    });
  });

  it('require_stamp without a stamp is an error that says how to write one', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(STAMPED),
        'chatbot/prompts/system.md': 'You are Acme Support.\n',
        'evals/results/quality.jsonl': jsonl(40, 38),
      },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(item(verdict, 'stamp')).toMatchObject({
      status: 'error',
      message:
        'evals/results/quality.jsonl has no stamp (evals/results/quality.jsonl.stamp): the policy requires results stamped with what they were produced from',
      hint: expect.stringMatching(/release-gates stamp-evals/),
    });
  });

  it('a broken stamp is an error that does not quote it', async () => {
    const repo = await stampedRepo();
    repo.commit({ 'evals/results/quality.jsonl.stamp': '{"stamp": "jane@example.com' }, 'broken');
    const { verdict } = await check(repo);
    expect(verdict.items[0]).toMatchObject({
      status: 'error',
      message: 'evals/results/quality.jsonl.stamp is not a stamp: not valid JSON',
    });
    expect(JSON.stringify(verdict)).not.toContain('jane@example.com');
  });
});

describe('freshness', () => {
  const FRESH = `${NO_DROP}\nfreshness: { paths: [chatbot/prompts/**] }\nbaseline: { on_missing: pass }`;

  function repoWithPrompt(): TestRepo {
    return createRepo({
      files: {
        'policies/release-policy.yaml': policy(FRESH),
        'chatbot/prompts/system.md': 'You are Acme Support.\n',
        'evals/results/quality.jsonl': jsonl(40, 38),
      },
    });
  }

  it('results committed with the prompts are fresh', async () => {
    const { verdict } = await check(repoWithPrompt());
    expect(item(verdict, 'freshness')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/^results are fresh/),
    });
  });

  it('a prompt change after the results makes them stale: an error', async () => {
    const repo = repoWithPrompt();
    repo.commit(
      { 'chatbot/prompts/system.md': 'You are Acme Support. Be brief.\n' },
      'shorter answers',
    );
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(item(verdict, 'freshness')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /^results are stale: re-run the evals\. evals\/results\/quality\.jsonl: the evaluated paths last changed in [0-9a-f]{12}/,
      ),
      location: { file: 'evals/results/quality.jsonl', line: 1, column: 1 },
    });
  });

  it('judges by ancestry: a prompt change merged from another branch is newer, whatever its date', async () => {
    const repo = repoWithPrompt();
    repo.git('checkout', '-q', '-b', 'prompt-work');
    repo.commit(
      { 'chatbot/prompts/system.md': 'You are Acme Support v2.\n' },
      'prompt v2',
      '2026-10-01T00:00:00Z',
    );
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'evals/results/quality.jsonl': jsonl(40, 39) }, 'results for v1');
    repo.git('merge', '-q', '--no-edit', 'prompt-work');
    expect(item((await check(repo)).verdict, 'freshness').status).toBe('error');
    repo.commit({ 'evals/results/quality.jsonl': jsonl(40, 37) }, 'results for v2');
    expect(item((await check(repo)).verdict, 'freshness').status).toBe('pass');
  });

  it('uncommitted results in a local run count as newer than every commit', async () => {
    const repo = repoWithPrompt();
    repo.commit(
      { 'chatbot/prompts/system.md': 'You are Acme Support. Be brief.\n' },
      'shorter answers',
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(repo.dir, 'evals/results/quality.jsonl'), jsonl(40, 36));
    expect(item((await check(repo)).verdict, 'freshness')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/is not committed yet, so newer than every commit/),
    });
    writeFileSync(join(repo.dir, 'chatbot/prompts/system.md'), 'You are Acme Support. Be kind.\n');
    expect(item((await check(repo)).verdict, 'freshness').status).toBe('warn');
  });

  it('a shallow clone cannot judge freshness: an error that says how to fix it', async () => {
    const repo = repoWithPrompt();
    repo.commit({ 'chatbot/prompts/system.md': 'v2\n' }, 'v2');
    repo.git('push', '-q', 'origin', 'main');
    const clone = join(tempDir('rg-shallow-'), 'work');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.remote}`, clone]);
    const { verdict } = await check({ ...repo, dir: clone });
    expect(item(verdict, 'freshness')).toMatchObject({
      status: 'error',
      hint: expect.stringMatching(/fetch-depth: 0/),
    });
  });
});

describe('what the verdict says and where it points', () => {
  it('points a failing objective at its worst case, line by line in JSON Lines and in promptfoo JSON', async () => {
    const promptfoo = readFileSync('test/fixtures/evals/promptfoo/errors/output.json', 'utf8');
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(`
results:
  - path: evals/results/quality.jsonl
  - path: evals/results/support.json
objectives:
  - id: quality
    suite: quality
    metric: pass_rate
    pass: ">= 0.95"
  - id: support-errors
    suite: support
    metric: error_rate
    pass: "<= 1%"
  - id: slow
    suite: quality
    metric: latency_p99
    pass: "< 1000"
`),
        'evals/results/quality.jsonl': jsonl(10, 8, (i) => ({ latency_ms: i === 6 ? 4000 : 500 })),
        'evals/results/support.json': promptfoo,
      },
    });
    const { verdict } = await check(repo);
    expect(item(verdict, 'quality').location).toEqual({
      file: 'evals/results/quality.jsonl',
      line: 1,
      column: 1,
    });
    expect(item(verdict, 'slow').location).toEqual({
      file: 'evals/results/quality.jsonl',
      line: 7,
      column: 1,
    });
    const firstError = (
      JSON.parse(promptfoo).results.results as { failureReason: number }[]
    ).findIndex((r) => r.failureReason === 2);
    const lines = promptfoo.split('\n');
    const at = item(verdict, 'support-errors').location!;
    expect(at.pointer).toBe(`/results/results/${firstError}`);
    expect(lines[at.line! - 1]!.trim()).toBe('{');
    // The line found opens that result: its fields follow, up to the brace that closes it.
    const indent = lines[at.line! - 1]!.indexOf('{');
    const end = lines.findIndex((l, i) => i >= at.line! && l.startsWith(' '.repeat(indent) + '}'));
    expect(lines.slice(at.line!, end).join('\n')).toMatch(/"failureReason": 2/);
  });

  it('outputs the normalized metrics, waives by objective id, and honours report mode', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(`
mode: report
results:
  - path: evals/results/*.jsonl
objectives:
  - id: waived-pass-rate
    suite: quality
    metric: pass_rate
    pass: ">= 0.99"
  - id: faithfulness
    suite: quality
    metric: faithfulness
    pass: ">= 0.5"
  - id: p5
    suite: quality
    metric: pass@1
    pass: ">= 0.99"
`),
        'evals/results/quality.jsonl': jsonl(10, 7, () => ({
          metrics: { faithfulness: 0.8 },
          latency_ms: 100,
        })),
      },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(0);
    expect(verdict.mode).toBe('report');
    expect(item(verdict, 'waived-pass-rate')).toMatchObject({
      status: 'waived',
      waiver: { id: 'WVR-1' },
    });
    expect(item(verdict, 'p5')).toMatchObject({ status: 'warn', originalStatus: 'fail' });
    expect(verdict.data!.metrics).toEqual({
      quality: {
        files: ['evals/results/quality.jsonl'],
        formats: ['jsonl'],
        cases: 10,
        pass_rate: 0.7,
        error_rate: 0,
        latency_p50: 100,
        latency_p95: 100,
        latency_p99: 100,
        faithfulness: 0.8,
        'pass@1': 0.7,
      },
    });
  });

  it('a results path that matches nothing is an error located in the policy', async () => {
    const repo = createRepo({ files: { 'policies/release-policy.yaml': policy(NO_DROP) } });
    const { code, verdict } = await check(repo);
    expect(code).toBe(2);
    expect(verdict.items[0]).toMatchObject({
      status: 'error',
      message: 'results path evals/results/quality.jsonl matches no file',
      location: { file: 'policies/release-policy.yaml', line: 18 },
    });
  });
});

describe("evalMetricLookup (the cards gate's EvalMetrics)", () => {
  it('reads once, then looks up any suite and metric by name', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(NO_DROP),
        'evals/results/quality.jsonl': jsonl(8, 6, (i) => ({ sample: i % 2, id: `c${i >> 1}` })),
      },
    });
    const ports = createPorts(repo.dir, NOW);
    const loaded = parsePolicy(
      readFileSync(join(repo.dir, 'policies/release-policy.yaml')),
      'policies/release-policy.yaml',
    );
    const inputs = new InputRecorder(ports.files, ports.git);
    const lookup = await evalMetricLookup({ policy: loaded.policy, loaded, inputs, ports });
    expect(lookup('quality', 'pass_rate')).toBe(0.75);
    expect(lookup('quality', 'pass@2')).toBe(0.75);
    expect(lookup('quality', 'bleu')).toBeUndefined();
    expect(lookup('quality', 'pass@0')).toBeUndefined();
    expect(lookup('safety', 'pass_rate')).toBeUndefined();
    expect(inputs.list().map((i) => i.file)).toEqual(['evals/results/quality.jsonl']);
  });
});

describe('computeEvalMetrics (for the cards gate)', () => {
  it('computes what a card claims from the policy eval results, and records the inputs', async () => {
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(NO_DROP),
        'evals/results/quality.jsonl': jsonl(8, 6, (i) => ({
          sample: i % 2,
          id: `c${i >> 1}`,
          metrics: { faithfulness: 0.9 },
        })),
      },
    });
    const ports = createPorts(repo.dir, NOW);
    const loaded = parsePolicy(
      readFileSync(join(repo.dir, 'policies/release-policy.yaml')),
      'policies/release-policy.yaml',
    );
    const inputs = new InputRecorder(ports.files, ports.git);
    const values = await computeEvalMetrics({ policy: loaded.policy, loaded, inputs, ports }, [
      { suite: 'quality', metric: 'pass_rate' },
      { suite: 'quality', metric: 'pass@2' },
      { suite: 'quality', metric: 'faithfulness' },
      { suite: 'quality', metric: 'bleu' },
      { suite: 'safety', metric: 'harmful_rate' },
    ]);
    expect(values).toEqual([
      {
        suite: 'quality',
        metric: 'pass_rate',
        value: 0.75,
        n: 8,
        location: { file: 'evals/results/quality.jsonl', line: 1, column: 1 },
      },
      { suite: 'quality', metric: 'pass@2', value: 0.75, n: 4, location: expect.any(Object) },
      { suite: 'quality', metric: 'faithfulness', value: 0.9, n: 8, location: expect.any(Object) },
      {
        suite: 'quality',
        metric: 'bleu',
        value: null,
        reason: expect.stringMatching(/^bleu is not in the results of suite quality/),
        location: expect.any(Object),
      },
      {
        suite: 'safety',
        metric: 'harmful_rate',
        value: null,
        reason: 'suite safety is not in the results (suites: quality)',
      },
    ]);
    expect(inputs.list()).toEqual([
      { file: 'evals/results/quality.jsonl', sha256: expect.any(String) },
    ]);
    await expect(
      computeEvalMetrics({ policy: loaded.policy, loaded, inputs, ports }, [
        { suite: 'q', metric: 'pass@0' },
      ]),
    ).rejects.toThrow(/k in pass@k must be at least 1/);
  });
});

describe('tables (format: table)', () => {
  const RAGAS = readFileSync('test/fixtures/evals/ragas/real/ragas_scores.csv', 'utf8');
  const TABLE = `
results:
  - path: evals/results/rag.csv
    format: table
    suite: rag
    columns:
      id: user_input
      pass: { column: faithfulness, min: 0.8 }
      metrics: { faithfulness: faithfulness, context_recall: context_recall }
objectives:
  - { id: rag-pass, suite: rag, metric: pass_rate, pass: ">= 0.7" }
  - { id: rag-faithful, suite: rag, metric: faithfulness, pass: ">= 0.8" }
  - { id: rag-no-drop, suite: rag, metric: context_recall, pass: ">= -5%" }
`;

  it('judges the real ragas export, against the same table on stable', async () => {
    const repo = createRepo({
      files: { 'policies/release-policy.yaml': policy(TABLE), 'evals/results/rag.csv': RAGAS },
    });
    repo.git('push', '-q', 'origin', 'main:stable');
    const { code, verdict } = await check(repo);
    expect(code).toBe(0);
    // pass_rate 32/45 and the faithfulness mean: computed with Python (see actions/lib/evals/table.test.ts).
    expect(item(verdict, 'rag-pass')).toMatchObject({ status: 'pass', observed: 32 / 45 });
    expect(item(verdict, 'rag-faithful').observed).toBeCloseTo(0.8283124899791565, 12);
    const noDrop = item(verdict, 'rag-no-drop');
    expect(noDrop.status).toBe('pass');
    expect(noDrop.baseline).toBe(noDrop.observed); // the baseline was read as a table too
    expect(verdict.inputs.map((i) => i.ref ?? 'head')).toEqual(['head', 'stable']);
  });

  it('points a failing objective at the line where the first failing row starts', async () => {
    const strict = TABLE.replace('pass: ">= 0.7"', 'pass: ">= 0.9"');
    const repo = createRepo({
      files: { 'policies/release-policy.yaml': policy(strict), 'evals/results/rag.csv': RAGAS },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(1);
    // Python: csv.reader's line_num after the previous record, plus one, for the first row whose
    // faithfulness is below 0.8: line 18 (the rows before it span several lines each).
    expect(item(verdict, 'rag-pass')).toMatchObject({
      status: 'fail',
      location: { file: 'evals/results/rag.csv', line: 18, column: 1 },
    });
  });

  it("points into MLflow's eval_results_table.json at the failing row's line", async () => {
    const mlflow = `
results:
  - path: evals/results/eval_results_table.json
    format: table
    suite: qa
    columns:
      id: inputs
      pass: { column: answer_correctness/v1/score, min: 4 }
objectives:
  - { id: qa-pass, suite: qa, metric: pass_rate, pass: ">= 0.9" }
`;
    // Hand-made in MLflow's shape (see actions/lib/evals/table.test.ts); one row per line.
    const table = [
      '{"columns":["inputs","answer_correctness\\/v1\\/score"],',
      '"data":[["What is 1+1?",5.0],',
      '["What is 2+2?",1.0]]}',
    ].join('\n');
    const repo = createRepo({
      files: {
        'policies/release-policy.yaml': policy(mlflow),
        'evals/results/eval_results_table.json': table,
      },
    });
    const { code, verdict } = await check(repo);
    expect(code).toBe(1);
    // By hand: 1 of 2 pass; the failing row is /data/1, on line 3.
    expect(item(verdict, 'qa-pass')).toMatchObject({
      status: 'fail',
      observed: 0.5,
      location: { file: 'evals/results/eval_results_table.json', line: 3, pointer: '/data/1' },
    });
  });

  it('refuses a policy that maps no columns, or maps them without format: table', async () => {
    const noColumns = TABLE.replace(/ {4}columns:\n(?: {6}.*\n)+/, '');
    const stray = TABLE.replace('    format: table\n', '');
    for (const [evals, message] of [
      [
        noColumns,
        'results entry 1 is a table (`format: table`) but does not say which column holds what',
      ],
      [stray, 'results entry 1 sets `columns`, which only a table (`format: table`) has'],
    ] as const) {
      const repo = createRepo({
        files: { 'policies/release-policy.yaml': policy(evals), 'evals/results/rag.csv': RAGAS },
      });
      const run = await cli(['check', '--gate', 'evals', '--format', 'json'], {
        cwd: repo.dir,
        env: NOW,
      });
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).toContain(message);
    }
  });
});
