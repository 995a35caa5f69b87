import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasJq, ROOT, round, timeProcess, type Bench, type Row } from './lib.js';

const CLI = join(ROOT, 'actions/cli/dist/index.js');

/**
 * The peers, as a user writes them: slurp the JSON Lines and count, and read promptfoo's
 * own stats. docs/benchmarks.md quotes them.
 */
const JQ_JSONL = ['-s', '(map(select(.pass == true)) | length) / length'];
const JQ_PROMPTFOO = ['.results.stats | .successes / (.successes + .failures + .errors)'];

/** Node with nothing but streaming, splitting and JSON.parse: the floor for JSON Lines. */
const FLOOR = `import { createReadStream } from 'node:fs';
let carry = '';
let passed = 0;
for await (const chunk of createReadStream(process.argv[2], { encoding: 'latin1', highWaterMark: 1 << 20 })) {
  const text = carry + chunk;
  let start = 0;
  for (let end = text.indexOf('\\n'); end !== -1; end = text.indexOf('\\n', start)) {
    if (JSON.parse(text.slice(start, end)).pass === true) passed++;
    start = end + 1;
  }
  carry = text.slice(start);
}
`;

/** The JSON Lines a harness writes: cases × 5 samples, latency, two metrics, two tags. */
function writeJsonl(path: string, lines: number): void {
  const fd = openSync(path, 'w');
  let seed = 7;
  const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const langs = ['en', 'de', 'fr', 'es'];
  let batch = '';
  for (let i = 0; i < lines; i++) {
    const pass = rand() < 0.8;
    batch +=
      `{"id":"case-${Math.floor(i / 5)}","suite":"quality","sample":${i % 5},"pass":${pass},` +
      `"latency_ms":${400 + Math.floor(rand() * 1400)},"metrics":{"faithfulness":${(0.6 + rand() * 0.4).toFixed(3)},` +
      `"relevance":${(0.5 + rand() * 0.5).toFixed(3)}},"tags":{"lang":"${langs[i % 4]}","topic":"billing"}}\n`;
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
}

/** A promptfoo v3 output of `results` results, each shaped like a real one from the fixtures. */
function writePromptfoo(path: string, results: number): void {
  const real = JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/evals/promptfoo/matrix/output.json'), 'utf8'),
  );
  const templates = real.results.results as Record<string, unknown>[];
  let successes = 0;
  const rows = Array.from({ length: results }, (_, i) => {
    const t = templates[i % templates.length]!;
    const success = i % 10 !== 3;
    if (success) successes++;
    return {
      ...t,
      id: `r-${i}`,
      testIdx: Math.floor(i / 4),
      success,
      failureReason: success ? 0 : 1,
      // A result that succeeded carries no error (one that does is an error, not a pass).
      error: success ? null : t.error,
      latencyMs: 200 + (i % 900),
      namedScores: { accuracy: success ? 1 : 0, safety: 1 },
    };
  });
  const doc = {
    ...real,
    results: {
      ...real.results,
      results: rows,
      stats: { ...real.results.stats, successes, failures: results - successes, errors: 0 },
    },
  };
  // promptfoo writes its output indented by two spaces.
  writeFileSync(path, JSON.stringify(doc, null, 2));
}

function policy(results: string, objectives: string): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: bench, owner: lead }
roles: { lead: { users: [lead] } }
gates:
  evals:
    results: [${results}]
    objectives:
${objectives}
`;
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-bench-evals-'));
  mkdirSync(join(dir, 'evals'), { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

export const bench: Bench = {
  name: 'evals',
  description:
    'The eval gate (`release-gates check --gate evals`, process start to verdict) on a 1,000,000-case JSON Lines file and a 50,000-result promptfoo file, against the jq one-liner a user would write for the same pass rate.',
  async run({ quick }) {
    const ws = workspace();
    const lines = quick ? 20_000 : 1_000_000;
    const results = quick ? 2_000 : 50_000;
    const runs = quick ? 1 : 3;
    const jsonl = join(ws, 'evals/quality.jsonl');
    const promptfoo = join(ws, 'evals/promptfoo.json');
    writeJsonl(jsonl, lines);
    writePromptfoo(promptfoo, results);
    writeFileSync(
      join(ws, 'jsonl.yaml'),
      policy(
        'path: evals/quality.jsonl',
        `      - { id: pass-rate, suite: quality, metric: pass_rate, pass: ">= 0.7" }
      - { id: pass-at-5, suite: quality, metric: pass@5, pass: ">= 0.9" }
      - { id: p95, suite: quality, metric: latency_p95, pass: "< 2000" }
      - { id: faithfulness, suite: quality, metric: faithfulness, pass: ">= 0.7" }
      - { id: lang-gap, suite: quality, metric: pass_rate, slice: lang, pass: "<= 0.1" }`,
      ),
    );
    writeFileSync(
      join(ws, 'promptfoo.yaml'),
      policy(
        'path: evals/promptfoo.json',
        `      - { id: pass-rate, suite: promptfoo, metric: pass_rate, pass: ">= 0.8" }
      - { id: harmful, suite: promptfoo, metric: harmful_rate, pass: "<= 10%" }
      - { id: p95, suite: promptfoo, metric: latency_p95, pass: "< 2000" }`,
      ),
    );
    const mb = (file: string) => round(readFileSync(file).length / 1024 / 1024);
    try {
      const gate = (policyFile: string) =>
        timeProcess(process.execPath, [CLI, 'check', '--gate', 'evals', '--policy', policyFile], {
          cwd: ws,
          env: { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' },
          runs,
          expectCode: 0,
        });
      // The floor: what reading, splitting and JSON.parse of every line cost Node alone.
      writeFileSync(join(ws, 'floor.mjs'), FLOOR);
      const floor = await timeProcess(process.execPath, ['floor.mjs', jsonl], {
        cwd: ws,
        runs,
        expectCode: 0,
      });
      const onJsonl = await gate('jsonl.yaml');
      const onPromptfoo = await gate('promptfoo.yaml');
      const rows: Row[] = [
        {
          name: `evals gate, ${lines.toLocaleString('en')}-case JSON Lines (${mb(jsonl)} MB), 5 objectives incl. pass@5 and a slice gap (median)`,
          value: round(onJsonl.medianMs / 1000, 2),
          unit: 's',
          target: '< 3 s',
          ok: onJsonl.medianMs < 3000,
          note: `${round(lines / (onJsonl.medianMs / 1000) / 1000)}k cases/s`,
        },
        {
          name: 'evals gate on the JSON Lines file, peak memory',
          value: onJsonl.peakMb ?? 0,
          unit: 'MB',
          target: '< 300 MB',
          ok: (onJsonl.peakMb ?? 0) < 300,
        },
        {
          name: `evals gate, ${results.toLocaleString('en')}-result promptfoo file (${mb(promptfoo)} MB), 3 objectives (median)`,
          value: round(onPromptfoo.medianMs / 1000, 2),
          unit: 's',
          target: '< 2 s',
          ok: onPromptfoo.medianMs < 2000,
        },
        {
          name: 'evals gate on the promptfoo file, peak memory',
          value: onPromptfoo.peakMb ?? 0,
          unit: 'MB',
        },
        {
          name: 'node alone: stream the JSON Lines file and JSON.parse every line, nothing else (floor)',
          value: round(floor.medianMs / 1000, 2),
          unit: 's',
          peer: true,
        },
      ];
      if (hasJq()) {
        const jqJsonl = await timeProcess('jq', [...JQ_JSONL, jsonl], {
          cwd: ws,
          runs,
          expectCode: 0,
        });
        const jqPromptfoo = await timeProcess('jq', [...JQ_PROMPTFOO, promptfoo], {
          cwd: ws,
          runs,
          expectCode: 0,
        });
        rows.push(
          {
            name: 'jq one-liner slurping the JSON Lines file (the pass rate only)',
            value: round(jqJsonl.medianMs / 1000, 2),
            unit: 's',
            peer: true,
          },
          {
            name: "jq one-liner reading the promptfoo file's stats (its pass rate only)",
            value: round(jqPromptfoo.medianMs / 1000, 2),
            unit: 's',
            peer: true,
          },
        );
      } else {
        rows.push({
          name: 'jq',
          value: 0,
          unit: '',
          peer: true,
          note: 'skipped: jq is not installed (apt-get install jq)',
        });
      }
      return rows;
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  },
};
