import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { defaultFeedback, defaultPromotion, parsePolicy } from './load.js';

const BROKEN = 'test/fixtures/policies/broken';

function problemsOf(file: string) {
  try {
    parsePolicy(readFileSync(`${BROKEN}/${file}`), `${BROKEN}/${file}`);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error(`${file} was accepted`);
}

// Each broken policy: where the first problem is reported, and what it must say.
const CASES: [file: string, line: number, column: number, message: RegExp, hint: RegExp][] = [
  ['01-typo-top-level-key.yaml', 3, 1, /unknown key "metdata"/, /did you mean "metadata"/],
  [
    '02-typo-nested-key.yaml',
    11,
    5,
    /unknown key "waiver_warning_day" in gates\.policy/,
    /did you mean "waiver_warning_days"/,
  ],
  [
    '03-wrong-type.yaml',
    11,
    26,
    /waiver_warning_days must be a whole number, not the text "ten"/,
    /whole number/,
  ],
  ['04-missing-required-section.yaml', 1, 1, /missing the required key "gates"/, /add "gates:"/],
  ['05-threshold-out-of-range.yaml', 11, 26, /must be <= 365, not the number 400/, /days/],
  ['06-duplicate-key.yaml', 11, 1, /duplicate key "metadata"/, /remove or rename/],
  ['07-tab-indentation.yaml', 8, 1, /Tabs are not allowed/, /spaces/],
  ['08-alias-bomb.yaml', 1, 1, /alias bomb/, /anchors and aliases/],
  ['09-empty.yaml', 1, 1, /is empty/, /start from/],
  ['10-binary.yaml', 3, 1, /binary file/, /right file/],
  [
    '11-wrong-api-version.yaml',
    1,
    13,
    /apiVersion must be "release-gates\/v1"/,
    /apiVersion: release-gates\/v1/,
  ],
  ['12-unknown-gate.yaml', 11, 3, /unknown key "evalz" in gates/, /did you mean "evals"/],
  [
    '13-bad-criterion.yaml',
    16,
    15,
    /pass is not valid: the text "at least 0.8"/,
    /operator and a number/,
  ],
  [
    '14-enum-typo.yaml',
    12,
    9,
    /defaults\.mode must be one of enforce, report/,
    /did you mean "enforce"/,
  ],
  ['15-undefined-role.yaml', 5, 10, /role "governance-leed" is not defined/, /governance-lead/],
  [
    '16-impossible-date.yaml',
    18,
    14,
    /expires is not a valid date: the text "2026-02-30"/,
    /YYYY-MM-DD/,
  ],
  ['17-duplicate-objective-id.yaml', 17, 13, /objective id "quality" is used 2 times/, /own id/],
  [
    '18-list-instead-of-mapping.yaml',
    7,
    3,
    /roles must be a mapping of keys, not a list/,
    /Role name/,
  ],
  [
    '19-score-band-out-of-range.yaml',
    14,
    13,
    /total_score\.pass is not valid: the text "150%"/,
    /between 0% and 100%/,
  ],
  [
    '20-invalid-role-name.yaml',
    7,
    3,
    /"Governance Lead" is not a valid name in roles/,
    /lower-case/,
  ],
  ['21-top-level-list.yaml', 1, 1, /must be a mapping of keys/, /apiVersion/],
  ['22-multiple-documents.yaml', 11, 1, /more than one YAML document/, /extra `---`/],
  ['23-unclosed-quote.yaml', 11, 1, /Missing closing "quote/, /close the quote/],
  [
    '24-invalid-login.yaml',
    8,
    13,
    /users\[0\] is not valid: the text "gabriel gov!"/,
    /GitHub login/,
  ],
  ['25-path-traversal.yaml', 12, 11, /model\.config is not valid/, /without `\.\.`/],
  ['26-inverted-score-bands.yaml', 15, 13, /warn \(90%\) is above pass \(75%\)/, /at or below/],
  [
    '27-waiver-missing-fields.yaml',
    12,
    5,
    /waivers\[0\] is missing the required key "ticket"/,
    /add "ticket:"/,
  ],
  [
    '28-unknown-detector.yaml',
    13,
    7,
    /unknown name "EMAILS" in gates\.pii\.detectors/,
    /did you mean "EMAIL"/,
  ],
  ['29-not-utf8.yaml', 4, 10, /not valid UTF-8 \(byte 0xe9/, /UTF-8/],
  [
    '30-duplicate-signoff-role.yaml',
    13,
    15,
    /gates\.signoff\.required lists the role "governance-lead" 2 times/,
    /set min \(e\.g\. min: 2\)/,
  ],
  ['31-evals-bad-metric.yaml', 15, 17, /"pass@0": k in pass@k must be at least 1/, /metric names/],
  [
    '32-promotion-gate-not-enabled.yaml',
    12,
    19,
    /promotion\.gates names cards, which the policy does not enable: it would pass as not applicable/,
    /enable gates\.cards, or remove it/,
  ],
  [
    '33-promotion-gate-signoff.yaml',
    15,
    7,
    /promotion\.gates names signoff, which judges pull requests/,
    /remove signoff/,
  ],
  [
    '34-release-branch-is-source.yaml',
    13,
    11,
    /promotion\.source \(main\) and promotion\.branch \(main\) must be two branches/,
    /from main to stable/,
  ],
  [
    '35-bad-branch-name.yaml',
    12,
    11,
    /promotion\.branch is not valid/,
    /branch name such as stable/,
  ],
  [
    '36-allowlist-pattern-backtracks.yaml',
    15,
    11,
    /^gates\.pii\.allowlist\.patterns\[1\] can backtrack catastrophically \(exponential time on a long value\): the repetition at character 1 holds another repetition \(at character 2\)/,
    /make each repetition unambiguous/,
  ],
];

describe('broken policies', () => {
  it.each(CASES)('%s at %i:%i', (file, line, column, message, hint) => {
    const [first] = problemsOf(file);
    expect(first?.location).toMatchObject({ file: `${BROKEN}/${file}`, line, column });
    expect(first?.message).toMatch(message);
    expect(first?.hint).toMatch(hint);
  });

  it('reports every problem of a file, not only the first', () => {
    const problems = problemsOf('27-waiver-missing-fields.yaml');
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/missing the required key "ticket"/),
      expect.stringMatching(/missing the required key "approved_by"/),
      expect.stringMatching(/reason must be at least 10 characters/),
    ]);
  });

  it('every fixture is covered by a case', async () => {
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(BROKEN).sort()).toEqual(CASES.map((c) => c[0]).sort());
  });
});

describe('the sample policy', () => {
  const loaded = parsePolicy(
    readFileSync('policies/release-policy.yaml'),
    'policies/release-policy.yaml',
  );

  it('is valid and records its sha256', () => {
    expect(loaded.policy.metadata.name).toBe('acme-support-chatbot');
    expect(loaded.ref.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gets the schema defaults filled in', () => {
    expect(loaded.policy.promotion.remote).toBe('origin');
    expect(loaded.policy.rollback.incident.rca_due_hours).toBe(24);
    expect(loaded.policy.roles['governance-lead']?.teams).toEqual([]);
  });

  it('locates keys and values', () => {
    expect(loaded.locate(['metadata', 'owner'])).toMatchObject({ line: 12, column: 10 });
    expect(loaded.locate(['metadata', 'owner'], { key: true })).toMatchObject({
      line: 12,
      column: 3,
    });
    // A missing path points at the nearest ancestor that exists.
    expect(loaded.locate(['metadata', 'nope'])).toMatchObject({ line: 10 });
  });
});

describe('policy text edge cases', () => {
  const minimal =
    'apiVersion: release-gates/v1\nkind: ReleasePolicy\nmetadata: {name: x, owner: gl}\nroles: {gl: {users: [a]}}\ngates: {}\n';

  it('gives the sections a policy leaves out the defaults that commands use without a policy', () => {
    const { policy } = parsePolicy(Buffer.from(minimal), 'p.yaml');
    expect(defaultPromotion()).toEqual(policy.promotion);
    expect(defaultFeedback()).toEqual(policy.feedback);
    expect(defaultPromotion()).toMatchObject({
      source: 'main',
      branch: 'stable',
      remote: 'origin',
    });
    // Each call is a fresh object: a caller that changes one changes no other.
    expect(defaultPromotion()).not.toBe(defaultPromotion());
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    const text = '\ufeff' + minimal.replace(/\n/g, '\r\n');
    expect(parsePolicy(Buffer.from(text), 'p.yaml').policy.metadata.name).toBe('x');
  });

  it('treats a file of comments only as empty', () => {
    expect(() => parsePolicy(Buffer.from('# nothing here\n# at all\n'), 'p.yaml')).toThrow(
      /is empty/,
    );
  });

  it('refuses a policy over 1 MiB', () => {
    const big = minimal + `# ${'x'.repeat(1024 * 1024)}\n`;
    expect(() => parsePolicy(Buffer.from(big), 'p.yaml')).toThrow(/larger than/);
  });

  it('refuses an unknown YAML tag', () => {
    expect(() => parsePolicy(Buffer.from(minimal + 'x: !!js/function "f"\n'), 'p.yaml')).toThrow(
      UserError,
    );
  });
});
