import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, round, sampleWorkspace, timeProcess, type Bench, type Row } from './lib.js';

/** A long but realistic model card: the sample's sections, repeated up to `bytes`. */
function largeCard(bytes: number): string {
  const section = (i: number) =>
    [
      `## Evaluation run ${i}`,
      '',
      '<!-- Results of one evaluation run, as the Hugging Face template suggests. -->',
      '',
      'The quality suite holds 240 support conversations with expected answers written and',
      'reviewed by senior support agents, sampled five times each. Results are broken down by',
      'topic and writing style to find groups the assistant serves worse.',
      '',
      '| Suite | Metric | Value |',
      '| --- | --- | --- |',
      '| quality | pass@5 | 0.87 |',
      '| safety | harmful_rate | 0.2% |',
      '',
      '```yaml',
      '# settings of this run',
      'temperature: 0.2',
      '```',
      '',
      `Notes on run ${i}`,
      '-----------------',
      '',
      'No regressions against the previous release; latency stayed within its objective.',
      '',
    ].join('\n');
  let out = '---\nlicense: mit\nmodel_version: 2.4.0\n---\n\n# Model Card\n\n## Uses\n\n';
  out += 'The assistant answers customer questions about orders, billing and accounts.\n\n';
  for (let i = 1; out.length < bytes; i++) out += section(i);
  return out;
}

const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: bench, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
model: { config: chatbot/model.yaml }
gates:
  cards:
    cards:
      - path: docs/model-card.md
        kind: model
        version_field: model_version
        front_matter: { required: [license] }
        sections:
          - { heading: Uses, min_words: 5 }
          - { heading: Evaluation run 1, min_words: 20 }
`;

// What a user would otherwise write in a CI step: headings by regex, and a placeholder grep.
const REGEX_PEER = `
const text = require('fs').readFileSync(process.argv[1], 'utf8');
const headings = text.match(/^#{1,6} .*$/gm) || [];
const placeholders = text.match(/\\[More Information Needed\\]|\\bTODO\\b|\\bTBD\\b/g) || [];
if (!headings.some((h) => /^## Uses/.test(h)) || placeholders.length) process.exit(1);
`;

export const bench: Bench = {
  name: 'cards',
  description:
    'Cards and compliance gates, process start to verdict: on the sample release, and on a card of the largest accepted size (1 MiB), side by side with the regex heading scan a user would otherwise write (which misses setext headings, code fences and HTML comments).',
  async run({ quick }) {
    const runs = quick ? 3 : 15;
    const env = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };
    const cli = join(ROOT, 'actions/cli/dist/index.js');
    const sample = sampleWorkspace('rg-bench-cards-');
    const large = mkdtempSync(join(tmpdir(), 'rg-bench-card-'));
    try {
      cpSync(join(ROOT, 'chatbot'), join(large, 'chatbot'), { recursive: true });
      cpSync(join(ROOT, 'docs'), join(large, 'docs'), { recursive: true });
      writeFileSync(join(large, 'policy.yaml'), POLICY);
      const card = join(large, 'docs/model-card.md');
      writeFileSync(card, largeCard(quick ? 64 * 1024 : 1024 * 1024 - 4096));
      const mb = statSync(card).size / (1024 * 1024);

      const time = (cwd: string, args: string[]) =>
        timeProcess(process.execPath, [cli, ...args], { cwd, env, runs, expectCode: 0 });
      const cards = await time(sample, ['check', '--gate', 'cards']);
      const compliance = await time(sample, ['check', '--gate', 'compliance']);
      const big = await time(large, ['check', '--gate', 'cards', '--policy', 'policy.yaml']);
      const peer = await timeProcess(process.execPath, ['-e', REGEX_PEER, card], {
        cwd: large,
        runs,
        expectCode: 0,
      });
      const floor = await timeProcess(process.execPath, ['-e', '0'], {
        cwd: large,
        runs,
        expectCode: 0,
      });

      const rows: Row[] = [
        {
          name: 'cards gate on the sample release (2 cards, 16 required sections)',
          value: round(cards.medianMs),
          unit: 'ms',
          note: `p90 ${round(cards.p90Ms)} ms, peak ${cards.peakMb} MB`,
        },
        {
          name: 'compliance gate on the sample release (5 documents)',
          value: round(compliance.medianMs),
          unit: 'ms',
          note: `p90 ${round(compliance.p90Ms)} ms, peak ${compliance.peakMb} MB`,
        },
        {
          name: `cards gate on a ${round(mb, 2)} MB card`,
          value: round(big.medianMs),
          unit: 'ms',
          target: quick ? undefined : '< 3000 ms',
          ok: quick ? undefined : big.medianMs < 3000,
          note: `peak ${big.peakMb} MB`,
        },
        {
          name: 'cards gate throughput above the sample run',
          value: round(mb / Math.max(0.001, (big.medianMs - cards.medianMs) / 1000), 2),
          unit: 'MB/s',
        },
        {
          name: `regex heading and placeholder scan of the same card`,
          value: round(peer.medianMs),
          unit: 'ms',
          peer: true,
          note: `peak ${peer.peakMb} MB`,
        },
        {
          name: 'node -e 0 (floor: bare Node.js start)',
          value: round(floor.medianMs),
          unit: 'ms',
          peer: true,
        },
      ];
      return rows;
    } finally {
      rmSync(sample, { recursive: true, force: true });
      rmSync(large, { recursive: true, force: true });
    }
  },
};
