import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decide } from '../decide.js';
import type { Item, Report } from '../model.js';
import { makeReport } from '../report.js';
import { ANNOTATIONS_PER_LEVEL } from './annotations.js';
import { render, renderAnnotations } from './index.js';
import { SUMMARY_BUDGET_BYTES } from './markdown.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS with a default export.
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const AjvDraft04 = (
  require('ajv-draft-04') as {
    default: new (options: object) => { compile(schema: object): Validator };
  }
).default;
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

function report(items: Item[], gate = 'pii'): Report {
  const verdict = decide(
    { items },
    {
      gate,
      title: gate.toUpperCase(),
      mode: 'enforce',
      inputs: [{ file: 'evals/golden/a.jsonl', sha256: 'ab'.repeat(32) }],
    },
  );
  return makeReport(
    'check',
    [verdict],
    {
      file: 'policies/release-policy.yaml',
      sha256: 'cd'.repeat(32),
      apiVersion: 'release-gates/v1',
    },
    'f'.repeat(40),
  );
}

function findings(n: number, status: Item['status'] = 'fail'): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `EMAIL:evals/golden/a.jsonl:${i + 1}:5`,
    status,
    rule: 'EMAIL',
    message: `email address j***@e***.com in expected_output <b>|pipe|</b>`,
    hint: 'remove it or add it to the allowlist',
    location: {
      file: 'evals/golden/a.jsonl',
      line: i + 1,
      column: 5,
      endLine: i + 1,
      endColumn: 21,
      pointer: '/expected_output',
    },
  }));
}

const mixed: Item[] = [
  { id: 'quality', status: 'pass', message: 'ok', observed: 0.91, expected: '>= 0.82', weight: 1 },
  {
    id: 'latency',
    status: 'warn',
    message: 'slow',
    observed: 2100,
    expected: '< 2000',
    location: { file: 'evals/results/q.jsonl', line: 3 },
  },
  {
    id: 'harm',
    status: 'fail',
    key: true,
    message: 'too harmful',
    observed: 0.01,
    expected: '<= 0.5%',
    baseline: 0.004,
  },
  {
    id: 'legacy',
    status: 'waived',
    originalStatus: 'fail',
    message: 'waived',
    waiver: { id: 'W1', owner: 'o', reason: 'because', ticket: 'T-1', expires: '2026-12-31' },
  },
  {
    id: 'broken',
    status: 'error',
    message: 'file & "quotes" <x>\u0001',
    location: { file: 'x.json', line: 1, column: 1 },
  },
];

describe('annotations', () => {
  it('stay within GitHub caps with thousands of findings and say how many more there are', () => {
    const items = [
      ...findings(3000, 'fail'),
      ...findings(2000, 'warn'),
      ...findings(500, 'waived'),
    ];
    const annotations = renderAnnotations(report(items));
    const per = (level: string) => annotations.filter((a) => a.level === level).length;
    expect(per('error')).toBe(ANNOTATIONS_PER_LEVEL);
    expect(per('warning')).toBe(ANNOTATIONS_PER_LEVEL);
    expect(per('notice')).toBe(ANNOTATIONS_PER_LEVEL);
    const more = annotations.at(-1)!;
    expect(more.message).toMatch(/^5471 more findings not annotated/);
    expect(more.file).toBeUndefined();
  });

  it('point at file, line and columns, worst first', () => {
    const [first, second] = renderAnnotations(report(mixed));
    expect(first).toMatchObject({
      level: 'error',
      title: 'pii: broken',
      file: 'x.json',
      startLine: 1,
      startColumn: 1,
    });
    expect(second).toMatchObject({ level: 'error', title: 'pii: harm' });
  });

  it('drop columns on multi-line ranges, which GitHub rejects', () => {
    const [a] = renderAnnotations(
      report([
        {
          id: 'x',
          status: 'fail',
          message: 'm',
          location: { file: 'f', line: 2, column: 3, endLine: 4, endColumn: 1 },
        },
      ]),
    );
    expect(a).toMatchObject({ startLine: 2, endLine: 4 });
    expect(a?.startColumn).toBeUndefined();
  });
});

describe('markdown summary', () => {
  it('stays under 1 MiB with a hundred thousand findings and says what it left out', () => {
    const md = render(report(findings(100_000)), 'markdown');
    expect(Buffer.byteLength(md)).toBeLessThan(SUMMARY_BUDGET_BYTES);
    expect(md).toMatch(/items were left out to stay under GitHub's 1 MiB summary limit/);
  });

  it('shows the top 20 first and folds the rest', () => {
    const md = render(report(findings(25)), 'markdown');
    const [top, folded] = md.split('<details><summary>5 more items</summary>');
    expect(top!.match(/^\| ❌ fail/gm)).toHaveLength(20);
    expect(folded!.match(/^\| ❌ fail/gm)).toHaveLength(5);
  });

  it('escapes untrusted text so it cannot break the table or inject HTML', () => {
    const md = render(report(findings(1)), 'markdown');
    expect(md).toContain('&lt;b&gt;\\|pipe\\|&lt;/b&gt;');
    expect(md).not.toContain('<b>');
  });

  it('lists waivers that were not applied', () => {
    const r = report(mixed);
    r.verdicts[0]!.waivers.rejected.push({
      id: 'W9',
      reason: 'expired on 2026-01-01: not applied',
    });
    expect(render(r, 'markdown')).toMatch(/Waiver `W9` expired on 2026-01-01/);
  });
});

describe('SARIF', () => {
  const ajv = new AjvDraft04({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
    validateFormats: false,
  });
  const validate = ajv.compile(sarifSchema);

  it('is valid SARIF 2.1.0, one rule per kind, waived results suppressed', () => {
    const sarif = JSON.parse(render(report([...mixed, ...findings(3)]), 'sarif'));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'pii/broken',
      'pii/harm',
      'pii/EMAIL',
      'pii/latency',
      'pii/legacy',
    ]);
    expect(run.results).toHaveLength(7);
    const waived = run.results.find((r: { ruleId: string }) => r.ruleId === 'pii/legacy');
    expect(waived.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    const email = run.results.find((r: { ruleId: string }) => r.ruleId === 'pii/EMAIL');
    expect(email.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'evals/golden/a.jsonl', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 5, endLine: 1, endColumn: 21 },
    });
  });

  it('caps results at what code scanning accepts', () => {
    const sarif = JSON.parse(render(report(findings(25_010)), 'sarif'));
    expect(sarif.runs[0].results).toHaveLength(25_000);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(
      /^10 results left out/,
    );
  });
});

describe('JUnit', () => {
  it('is well-formed XML with failures, errors and skipped counted', () => {
    const xml = render(report(mixed), 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(doc.testsuites).toMatchObject({
      '@_tests': '5',
      '@_failures': '1',
      '@_errors': '1',
      '@_skipped': '1',
    });
    expect(xml).not.toContain('\u0001');
  });

  it.each([
    [undefined, '0'],
    [0, '0'],
    [1.2345, '1.235'],
    [62.5, '62.5'],
  ])('gives a gate that took %s s the time="%s" readers parse, its cases 0', (seconds, time) => {
    const one = report([{ id: 'a', status: 'pass', message: 'ok' }]);
    one.verdicts[0]!.seconds = seconds;
    const two = { ...one, verdicts: [one.verdicts[0]!, { ...one.verdicts[0]!, gate: 'evals' }] };
    const xml = render(two, 'junit');
    expect(xml).toContain(
      `<testsuite name="pii" tests="1" failures="0" errors="0" skipped="0" time="${time}">\n    <testcase classname="release-gates.pii" name="a" time="0"/>\n  </testsuite>`,
    );
    const total = String(Math.round((seconds ?? 0) * 2000) / 1000);
    expect(xml).toMatch(new RegExp(`<testsuites [^>]* time="${total.replace('.', '\\.')}">`));
  });
});

describe('text', () => {
  it('prints the verdict table, the problems with their fixes and the exit code', () => {
    const text = render(report(mixed), 'text');
    expect(text).toMatch(/^GATE\s+RESULT\s+SUMMARY$/m);
    expect(text).toMatch(/^pii\s+error\s+/m);
    expect(text).toMatch(
      /✖ fail\s+harm \[key\]\s+\(observed 0\.01, baseline 0\.004, expected <= 0\.5%\)/,
    );
    expect(text).toMatch(/Result: ERROR \(exit 2\)/);
  });

  it('caps the listing per gate', () => {
    expect(render(report(findings(500)), 'text')).toMatch(
      /… 450 more \(see --format json for all\)/,
    );
  });
});

describe('JSON', () => {
  it('carries the schema version, inputs with sha256, the policy and the commit', () => {
    const json = JSON.parse(render(report(mixed), 'json'));
    expect(json).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'release-gates' },
      result: 'error',
      policy: { file: 'policies/release-policy.yaml', sha256: 'cd'.repeat(32) },
      commit: 'f'.repeat(40),
    });
    expect(json.verdicts[0].inputs).toEqual([
      { file: 'evals/golden/a.jsonl', sha256: 'ab'.repeat(32) },
    ]);
  });
});
