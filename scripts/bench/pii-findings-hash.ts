/**
 * One hash over everything the PII scanner finds, to show that a speed-up changed no finding:
 * `npx tsx scripts/bench/pii-findings-hash.ts [TEXTS.json]`, before and after a change. The
 * scanner is bundled by esbuild as the actions ship it. Texts: the labelled set and the
 * evaluation corpus (each scanned with no context, with two field names and with a subset of
 * types), the adversarial inputs, and the bench's 8 MB dense and sparse texts. The generated
 * texts hold dates relative to today, so the first run saves them to TEXTS.json (by default
 * in the temporary directory) and later runs scan the saved ones. Prints the number of
 * findings and the sha256 of their JSON; never a value.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, ScanOptions } from '../../actions/lib/pii/types.js';
import { ADVERSARIAL, piiDataset } from '../../test/support/pii-dataset.js';
import { evaluationCorpus, throughputText } from '../../test/support/pii-heldout.js';
import { bundledScanner } from './lib.js';

type ScanText = (text: string, options?: ScanOptions) => Finding[];

const dir = mkdtempSync(join(tmpdir(), 'rg-pii-hash-'));
try {
  const { scanText } = await bundledScanner<ScanText>(dir);

  const hash = createHash('sha256');
  let findings = 0;
  const scan = (text: string, options?: ScanOptions) => {
    const found = scanText(text, options);
    findings += found.length;
    hash.update(JSON.stringify(found));
  };
  const textsFile = process.argv[2] ?? join(tmpdir(), 'rg-pii-hash-texts.json');
  let texts: { cases: string[]; whole: string[] };
  if (existsSync(textsFile)) texts = JSON.parse(readFileSync(textsFile, 'utf8')) as typeof texts;
  else {
    const { tuning, heldout } = evaluationCorpus();
    texts = {
      cases: [...piiDataset(60), ...tuning, ...heldout].map((c) => c.text),
      whole: [
        ...ADVERSARIAL.map(([, text]) => text),
        throughputText('dense', 8_000_000),
        throughputText('sparse', 8_000_000),
      ],
    };
    writeFileSync(textsFile, JSON.stringify(texts));
  }
  for (const text of texts.cases) {
    scan(text);
    scan(text, { context: 'phone_number' });
    scan(text, { context: 'api-key' });
    scan(text, { types: ['PHONE', 'EMAIL', 'IBAN'] });
  }
  for (const text of texts.whole) scan(text);
  console.log(`${findings} findings, sha256 ${hash.digest('hex')} (texts: ${textsFile})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
