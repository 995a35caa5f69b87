import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SyncRedactor } from 'redact-pii';
import { OpenRedaction } from '@openredaction/openredaction';
import { lintSource } from '@secretlint/core';
import * as preset from '@secretlint/secretlint-rule-preset-recommend';
import { PII_TYPES, type PiiType } from '../../actions/lib/pii/types.js';
import {
  ADVERSARIAL,
  piiDataset,
  score,
  type Case,
  type Span,
  type TypeScore,
} from '../../test/support/pii-dataset.js';
import {
  PHONE_NATIONAL_BARE,
  evaluationCorpus,
  throughputText,
} from '../../test/support/pii-heldout.js';
import { ROOT, bundledScanner, round, type Bench, type Row } from './lib.js';

const run = promisify(execFile);
type ScanText = (text: string) => Span[];
type Detect = (text: string) => Promise<Span[]>;

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

const secretlintRule = ((preset as { creator?: unknown }).creator ??
  (preset as { default?: { creator?: unknown } }).default?.creator) as never;

/** openredaction's types (it has hundreds) that name one of ours; the others are ignored. */
const OPENREDACTION_TYPES: [RegExp, PiiType][] = [
  [/^EMAIL$/, 'EMAIL'],
  [/^PHONE_/, 'PHONE'],
  [/^CREDIT_CARD$/, 'CREDIT_CARD'],
  [/^SSN$/, 'US_SSN'],
  [/^IBAN$/, 'IBAN'],
  [/^IPV[46]$/, 'IP_ADDRESS'],
  [
    /API_KEY|TOKEN|SECRET|PRIVATE_KEY|ACCESS_KEY|STORAGE_KEY|DATABASE_CONNECTION|DOCKER_AUTH/,
    'SECRET',
  ],
];

/**
 * redact-pii returns the text with each value replaced by its kind's name. Spans are
 * recovered by aligning the text between those names with the input; names of kinds we do
 * not gate (PERSON_NAME, DIGITS, ...) are aligned over and dropped.
 */
const REDACT_PII_TYPES: Record<string, PiiType | null> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  US_SOCIAL_SECURITY_NUMBER: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  PASSWORD: 'SECRET',
  CREDENTIALS: 'SECRET',
  USERNAME: null,
  DIGITS: null,
  ZIPCODE: null,
  STREET_ADDRESS: null,
  URL: null,
  PERSON_NAME: null,
};
const REDACTED = new RegExp(`(${Object.keys(REDACT_PII_TYPES).join('|')})`);
const redactor = new SyncRedactor();

function redactPiiSpans(text: string): Span[] {
  const parts = redactor.redact(text).split(REDACTED); // literal, name, literal, name, ...
  const spans: Span[] = [];
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length; i += 2) {
    const names = [parts[i]!];
    while (parts[i + 1] === '' && i + 2 < parts.length) names.push(parts[(i += 2)]!);
    const literal = parts[i + 1]!;
    const end = literal ? text.indexOf(literal, pos + 1) : text.length;
    if (end === -1) break; // cannot align the rest
    for (const name of names) {
      const type = REDACT_PII_TYPES[name];
      if (type) spans.push({ type, start: pos, end });
    }
    pos = end + literal.length;
  }
  return spans;
}

function peers(): [string, Detect, readonly PiiType[]][] {
  const openredaction = new OpenRedaction();
  return [
    [
      'redact-pii',
      async (t) => redactPiiSpans(t),
      ['EMAIL', 'PHONE', 'CREDIT_CARD', 'US_SSN', 'IP_ADDRESS', 'SECRET'],
    ],
    [
      'openredaction',
      async (t) =>
        (await openredaction.detect(t)).detections.flatMap(
          (d: { type: string; position: [number, number] }) => {
            const type = OPENREDACTION_TYPES.find(([re]) => re.test(d.type))?.[1];
            return type ? [{ type, start: d.position[0], end: d.position[1] }] : [];
          },
        ),
      PII_TYPES,
    ],
    [
      'secretlint',
      async (t) =>
        (
          await lintSource({
            source: { content: t, filePath: 'case.txt', ext: '.txt', contentType: 'text' },
            options: { config: { rules: [{ id: 'preset', rule: secretlintRule }] } },
          })
        ).messages.map((m) => ({ type: 'SECRET' as const, start: m.range[0], end: m.range[1] })),
      ['SECRET'],
    ],
  ];
}

/** What a tool reports on each text (the same text twice gives the same answer). */
async function detectAll(cases: Case[], detect: Detect): Promise<Map<string, Span[]>> {
  const found = new Map<string, Span[]>();
  for (const c of cases) if (!found.has(c.text)) found.set(c.text, await detect(c.text));
  return found;
}

/** The seven types together: detections and labels summed over types. */
function overall(scores: Record<PiiType, TypeScore>): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of Object.values(scores)) {
    tp += s.tp;
    fp += s.fp;
    fn += s.fn;
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

/** Labels of one kind only (and no others), to score a kind of value on its own. */
const onlyKind = (cases: Case[], keep: (kind: string) => boolean): Case[] =>
  cases.map((c) => ({ ...c, labels: c.labels.filter((l) => keep(l.kind ?? '')) }));

const fmt = (n: number) => n.toFixed(2);

/** Rows for one tool on one set: overall precision and recall, per-type figures in the notes. */
function accuracyRows(
  tool: string,
  set: string,
  cases: Case[],
  found: Map<string, Span[]>,
  types: readonly PiiType[],
  withTargets: boolean,
): Row[] {
  const spans = (t: string) => found.get(t)!;
  const scores = score(cases, spans);
  const all = overall(scores);
  const peer = tool !== 'release-gates';
  const rows: Row[] = [
    {
      name: `${tool}, ${set}: precision, seven types together`,
      value: round(all.precision, 3),
      unit: '',
      peer,
      ...(withTargets ? { target: '>= 0.95', ok: all.precision >= 0.95 } : {}),
      note: types.map((t) => `${t} ${fmt(scores[t].precision)}`).join(', '),
    },
    {
      name: `${tool}, ${set}: recall, seven types together`,
      value: round(all.recall, 3),
      unit: '',
      peer,
      ...(withTargets ? { target: '>= 0.90', ok: all.recall >= 0.9 } : {}),
      note: `${types.map((t) => `${t} ${fmt(scores[t].recall)}`).join(', ')}${types.length < PII_TYPES.length ? '; other types not detected' : ''}`,
    },
  ];
  if (!peer) {
    for (const type of PII_TYPES) {
      // The one exception the targets allow: national phone numbers with no context word.
      const s =
        type === 'PHONE'
          ? score(
              onlyKind(cases, (k) => k !== PHONE_NATIONAL_BARE),
              spans,
            )[type]
          : scores[type];
      rows.push({
        name: `release-gates, ${set}: ${type} recall${type === 'PHONE' ? ' (without national numbers with no context word)' : ''}`,
        value: round(s.recall, 3),
        unit: '',
        ...(withTargets ? { target: '>= 0.80', ok: s.recall >= 0.8 } : {}),
        note: `precision ${fmt(scores[type].precision)}; ${s.tp + s.fn} labels, ${s.fn} missed, ${scores[type].fp} false alarms`,
      });
    }
    const bare = score(
      onlyKind(cases, (k) => k === PHONE_NATIONAL_BARE),
      spans,
    ).PHONE;
    if (bare.tp + bare.fn > 0)
      rows.push({
        name: `release-gates, ${set}: PHONE recall, national numbers with no context word`,
        value: round(bare.recall, 3),
        unit: '',
        note: `${bare.tp + bare.fn} labels`,
      });
  }
  return rows;
}

export const bench: Bench = {
  name: 'pii',
  description:
    'PII scan: precision and recall per type (detectors alone, no allowlist) on the labeled set and on the tuning and held-out halves of the evaluation corpus, side by side with redact-pii, @openredaction/openredaction and secretlint; throughput per core on dense and on sparse text, same bytes for every tool; peak memory of a file scan at two sizes; adversarial inputs.',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'rg-bench-pii-'));
    try {
      const { file: bundle, scanText } = await bundledScanner<ScanText>(dir);
      const rows: Row[] = [];

      // Throughput: every tool on the same bytes (the slowest peer on their first part).
      const targets = { dense: 50, sparse: 150 };
      for (const density of ['dense', 'sparse'] as const) {
        const size = quick ? 1e6 : 8e6;
        const text = throughputText(density, size);
        const bytes = Buffer.byteLength(text);
        const file = join(dir, `${density}.txt`);
        writeFileSync(file, text);
        const ours = await worker('release-gates', file, bundle);
        const oursMbps = mbps(bytes, ours.cpuMs);
        rows.push({
          name: `release-gates scanText, ${density} text (${round(bytes / ours.findings, 0)} bytes per finding), ${round(bytes / 1e6)} MB, per core (CPU time)`,
          value: oursMbps,
          unit: 'MB/s',
          target: `>= ${targets[density]} MB/s`,
          ok: oursMbps >= targets[density],
          note: `${mbps(bytes, ours.ms)} MB/s wall clock; ${ours.findings} findings, peak ${round(ours.peakMb)} MB`,
        });
        for (const tool of ['secretlint', 'redact-pii', 'openredaction']) {
          // openredaction runs at tens of KB/s: its first 100 KB (quick: 20 KB) of the same text.
          const head = tool === 'openredaction' ? text.slice(0, quick ? 2e4 : 1e5) : text;
          const headFile = head === text ? file : join(dir, `${density}-head.txt`);
          if (head !== text) writeFileSync(headFile, head);
          const headBytes = Buffer.byteLength(head);
          try {
            const r = await worker(tool, headFile, bundle);
            const value = mbps(headBytes, r.cpuMs);
            rows.push({
              name: `${tool}, ${head === text ? 'the same' : `first ${round(headBytes / 1e6, 2)} MB of the same`} ${density} text, per core (CPU time)`,
              value,
              unit: 'MB/s',
              peer: true,
              note: `release-gates ${round(oursMbps / value, 1)}x its speed; ${mbps(headBytes, r.ms)} MB/s wall clock; ${r.findings} findings, peak ${round(r.peakMb)} MB${tool === 'secretlint' ? '; secrets only' : ''}`,
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
      }

      // Peak memory of a file scan: dense golden outputs in JSON Lines at two sizes.
      const answers = throughputText('dense', 1e6).match(/[^]{1,1000}(?=\s|$)/g)!;
      for (const mb of quick ? [2, 8] : [16, 128]) {
        const lines: string[] = [];
        for (let size = 0; size < mb * 1e6;) {
          const line = JSON.stringify({
            id: lines.length,
            expected_output: answers[lines.length % answers.length]!.trim(),
          });
          lines.push(line);
          size += Buffer.byteLength(line) + 1;
        }
        const file = join(dir, `golden-${mb}.jsonl`);
        writeFileSync(file, lines.join('\n') + '\n');
        const r = await worker('release-gates-file', file, bundle);
        rows.push({
          name: `release-gates scanFile, ${mb} MB JSON Lines of dense golden outputs: peak memory`,
          value: round(r.peakMb),
          unit: 'MB',
          note: `${mbps(mb * 1e6, r.cpuMs)} MB/s per core, ${r.findings} findings`,
        });
      }

      // Accuracy, detectors alone: labeled set (tuned on), tuning and held-out halves.
      const corpus = evaluationCorpus(quick ? 200 : 2000);
      const sets: [string, Case[], boolean][] = [
        [`labeled set (tuned on)`, piiDataset(quick ? 20 : 60), true],
        [`evaluation corpus, tuning half (${corpus.tuning.length} texts)`, corpus.tuning, false],
        [`evaluation corpus, held-out half (${corpus.heldout.length} texts)`, corpus.heldout, true],
      ];
      const tools: [string, Detect, readonly PiiType[]][] = [
        ['release-gates', async (t) => scanText(t), PII_TYPES],
        ...peers(),
      ];
      for (const [set, cases, withTargets] of sets) {
        for (const [tool, detect, types] of tools) {
          const found = await detectAll(cases, detect);
          rows.push(
            ...accuracyRows(
              tool,
              set,
              cases,
              found,
              types,
              withTargets && tool === 'release-gates',
            ),
          );
        }
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
