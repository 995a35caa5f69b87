import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { SyncRedactor } from 'redact-pii';
import { OpenRedaction } from '@openredaction/openredaction';
import { lintSource } from '@secretlint/core';
import * as preset from '@secretlint/secretlint-rule-preset-recommend';
import { PII_TYPES, type PiiType } from '../../actions/lib/pii/types.js';
import {
  ADVERSARIAL,
  mixedProse,
  piiDataset,
  score,
  type Case,
  type Span,
} from '../../test/support/pii-dataset.js';
import { ROOT, round, timeProcess, type Bench, type Row } from './lib.js';

const run = promisify(execFile);
type ScanText = (text: string) => { type: PiiType; start: number; end: number }[];

/** The scanner as it ships: bundled by esbuild like the actions, not run through tsx. */
async function bundledScanner(dir: string): Promise<{ file: string; scanText: ScanText }> {
  const file = join(dir, 'scan.mjs');
  await build({
    entryPoints: [join(ROOT, 'actions/lib/pii/scan.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    logLevel: 'error',
  });
  return { file, scanText: ((await import(file)) as { scanText: ScanText }).scanText };
}

interface WorkerResult {
  ms: number;
  cpuMs: number;
  findings: number;
  peakMb: number;
}

async function worker(tool: string, file: string, bundle: string): Promise<WorkerResult> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'scripts/bench/pii-worker.mjs'), tool, file, bundle],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as WorkerResult;
}

const mbps = (bytes: number, ms: number) => round(bytes / 1e6 / (ms / 1000), 2);

/** What a peer reports, as spans of our types where its labels name one. */
const secretlintRule = ((preset as { creator?: unknown }).creator ??
  (preset as { default?: { creator?: unknown } }).default?.creator) as never;

const OPENREDACTION_TYPES: [RegExp, PiiType][] = [
  [/EMAIL/, 'EMAIL'],
  [/PHONE|MOBILE|TEL/, 'PHONE'],
  [/CREDIT|CARD/, 'CREDIT_CARD'],
  [/SSN|SOCIAL/, 'US_SSN'],
  [/IBAN/, 'IBAN'],
  [/IP/, 'IP_ADDRESS'],
  [/KEY|TOKEN|SECRET|PASSWORD|JWT|CREDENTIAL|AUTH/, 'SECRET'],
];

/** Recall of a peer: a labeled value counts as found when the peer flags any span over it. */
async function peerRecall(
  cases: Case[],
  find: (text: string) => Promise<[number, number][]>,
): Promise<Record<PiiType, number>> {
  const found: Record<string, [number, number]> = {};
  for (const c of cases) {
    const spans = await find(c.text);
    for (const l of c.labels) {
      const start = c.text.indexOf(l.value);
      const end = start + l.value.length;
      const hit = spans.some(([s, e]) => s < end && start < e);
      const [n, total] = found[l.type] ?? [0, 0];
      found[l.type] = [n + (hit ? 1 : 0), total + 1];
    }
  }
  return Object.fromEntries(
    Object.entries(found).map(([t, [n, total]]) => [t, round(n / total, 3)]),
  ) as Record<PiiType, number>;
}

/** redact-pii returns redacted text only: a value is found when it is gone from the output. */
async function redactPiiSpans(text: string): Promise<[number, number][]> {
  const out = new SyncRedactor().redact(text);
  return out === text ? [] : [[0, text.length]];
}

export const bench: Bench = {
  name: 'pii',
  description:
    'PII scan: throughput and peak memory on the same mixed prose, side by side with redact-pii, @openredaction/openredaction and secretlint; streaming JSON Lines at two sizes; precision and recall per type on the labeled data set; adversarial inputs.',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'rg-bench-pii-'));
    try {
      const { file: bundle, scanText } = await bundledScanner(dir);
      const rows: Row[] = [];

      // Throughput: our scanner on the whole corpus, peers on its first part (they are slower).
      const size = quick ? 2e6 : 16e6;
      const peerSize = quick ? 1e5 : 5e5;
      const prose = mixedProse(size);
      const proseFile = join(dir, 'prose.txt');
      const peerFile = join(dir, 'prose-head.txt');
      writeFileSync(proseFile, prose);
      writeFileSync(peerFile, prose.slice(0, peerSize));
      const ours = await worker('release-gates', proseFile, bundle);
      const oursMbps = mbps(Buffer.byteLength(prose), ours.cpuMs);
      rows.push({
        name: `release-gates scanText, ${size / 1e6} MB of mixed prose with sparse PII, per core (CPU time)`,
        value: oursMbps,
        unit: 'MB/s',
        target: '>= 50 MB/s (aim 100)',
        ok: oursMbps >= 50,
        note: `${mbps(Buffer.byteLength(prose), ours.ms)} MB/s wall clock; ${ours.findings} findings, peak ${round(ours.peakMb)} MB`,
      });
      const peerBytes = Buffer.byteLength(prose.slice(0, peerSize));
      for (const tool of ['redact-pii', 'openredaction', 'secretlint']) {
        try {
          const r = await worker(tool, peerFile, bundle);
          rows.push({
            name: `${tool}, first ${peerSize / 1e6} MB of the same prose, per core (CPU time)`,
            value: mbps(peerBytes, r.cpuMs),
            unit: 'MB/s',
            peer: true,
            note: `${mbps(peerBytes, r.ms)} MB/s wall clock; ${r.findings} findings, peak ${round(r.peakMb)} MB${tool === 'secretlint' ? '; secrets only' : ''}`,
          });
        } catch (e) {
          rows.push({
            name: `${tool}: could not run`,
            value: 0,
            unit: '',
            peer: true,
            note: String(e).slice(0, 200),
          });
        }
      }

      // Streaming: the bundled CLI on clean golden outputs in JSON Lines, at two sizes.
      for (const mb of quick ? [4, 16] : [16, 128]) {
        const file = join(dir, `golden-${mb}.jsonl`);
        const text = mixedProse(mb * 1e6, { pii: false, seed: mb });
        // One answer of about 1 KB per line, cut between sentences.
        const lines: string[] = [];
        let answer = '';
        for (const sentence of text.split(/(?<=\.) /)) {
          answer += `${sentence} `;
          if (answer.length < 1000) continue;
          lines.push(JSON.stringify({ id: lines.length, expected_output: answer.trim() }));
          answer = '';
        }
        writeFileSync(file, lines.join('\n') + '\n');
        const bytes = Buffer.byteLength(lines.join('\n')) + 1;
        const stats = await timeProcess(
          process.execPath,
          [
            join(ROOT, 'actions/cli/dist/index.js'),
            'pii-scan',
            file.slice(dir.length + 1),
            '--format',
            'json',
            '--out',
            'report.json',
          ],
          { cwd: dir, runs: quick ? 1 : 3, expectCode: 0 },
        );
        rows.push({
          name: `release-gates pii-scan CLI, ${mb} MB JSON Lines (process start to report)`,
          value: mbps(bytes, stats.medianMs),
          unit: 'MB/s',
          note: `peak ${stats.peakMb} MB`,
        });
        rows.push({
          name: `pii-scan peak memory, ${mb} MB JSON Lines`,
          value: stats.peakMb ?? 0,
          unit: 'MB',
        });
      }

      // Accuracy: ours per type with the targets, peers' recall where they detect the type.
      const cases = piiDataset(quick ? 20 : 60);
      const scores = score(cases, (t) => scanText(t) as Span[]);
      for (const type of PII_TYPES) {
        const s = scores[type];
        rows.push({
          name: `${type} precision (labeled set: ${s.tp + s.fn} positives)`,
          value: round(s.precision, 3),
          unit: '',
          target: '>= 0.95',
          ok: s.precision >= 0.95,
        });
        rows.push({
          name: `${type} recall`,
          value: round(s.recall, 3),
          unit: '',
          target: '>= 0.90',
          ok: s.recall >= 0.9,
        });
      }
      const positives = cases.filter((c) => c.labels.length > 0);
      const openredaction = new OpenRedaction();
      const recalls: [string, Partial<Record<PiiType, number>>, PiiType[]][] = [
        [
          'redact-pii',
          await peerRecall(positives, redactPiiSpans),
          ['EMAIL', 'PHONE', 'CREDIT_CARD', 'US_SSN', 'IP_ADDRESS'],
        ],
        [
          'openredaction',
          await peerRecall(positives, async (t) =>
            (await openredaction.detect(t)).detections
              .filter((d: { type: string }) => OPENREDACTION_TYPES.some(([re]) => re.test(d.type)))
              .map((d: { position: [number, number] }) => d.position),
          ),
          PII_TYPES.slice(),
        ],
        [
          'secretlint',
          await peerRecall(positives, async (t) =>
            (
              await lintSource({
                source: { content: t, filePath: 'case.txt', ext: '.txt', contentType: 'text' },
                options: { config: { rules: [{ id: 'preset', rule: secretlintRule }] } },
              })
            ).messages.map((m) => m.range as [number, number]),
          ),
          ['SECRET'],
        ],
      ];
      for (const [tool, recall, types] of recalls) {
        rows.push({
          name: `${tool} recall on the labeled set`,
          value: round(Math.min(...types.map((t) => recall[t] ?? 0)), 3),
          unit: '',
          peer: true,
          note: types.map((t) => `${t} ${recall[t] ?? 0}`).join(', '),
        });
      }

      // Adversarial inputs: each must take time linear in its size.
      for (const [name, text] of ADVERSARIAL) {
        const start = performance.now();
        scanText(text);
        rows.push({
          name: `adversarial: ${name} (${round(text.length / 1e6, 2)} M chars)`,
          value: round(performance.now() - start),
          unit: 'ms',
        });
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
