import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { addResultFile, bytesSource } from '../evals/load.js';
import { EvalResults } from '../evals/results.js';
import { parsePolicy } from '../policy/load.js';
import { quotable } from './quote.js';
import { parseYaml } from './yaml.js';

const EMAIL = 'jane.doe@gmail.com';
const VISA = '4539578763621486';
const SSN = '536-22-1234';
const LONG_EMAIL = 'jane.alexandra.doe-smith.1987@mail.example-provider.co.uk'.replace(
  'example-',
  'real-',
);
const PLANTED = [EMAIL, VISA, SSN, '536221234', '4539 5787 6362 1486', LONG_EMAIL.split('@')[0]!];

function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return JSON.stringify((e as UserError).problems);
  }
  throw new Error('expected a UserError');
}

describe('quotable: input text a message may quote', () => {
  it.each<[string, boolean]>([
    ['enforec', true],
    ['2026-01-01', true],
    ['mode', true],
    [EMAIL, false],
    [VISA, false],
    [SSN, false],
    ['536221234', false],
    ['DE89 3704 0044 0532 0130 00', false],
    ['x'.repeat(41), false],
    ['two\nlines', false],
  ])('%s: %s', (text, ok) => {
    expect(quotable(text) !== undefined).toBe(ok);
  });
});

describe('parse errors give the position and the kind, never the text', () => {
  it.each<[string, string, RegExp]>([
    ['a duplicate key that is an email', `${EMAIL}: 1\n${EMAIL}: 2\n`, /^duplicate key: /],
    ['a quoted duplicate key', `"${EMAIL}": 1\n"${EMAIL}": 2\n`, /^duplicate key: /],
    ['a tab-indented card number', `a:\n\tcard: ${VISA}\n`, /tab|indent/i],
    ['an unresolved tag', `a: !${EMAIL} x\n`, /^a tag \(!name\) is not one YAML knows$/],
    ['a bad escape', `a: "\\q ${SSN}"\n`, /invalid escape sequence/],
    ['a flow collection broken by a value', `a: [${VISA} ${EMAIL}\n`, /./],
    ['a block scalar header', `a: |x${SSN}\n  b\n`, /./],
  ])('%s', (_name, text, message) => {
    const shown = problemsOf(() => parseYaml(text, 'g.yaml'));
    expect(JSON.parse(shown)[0].message).toMatch(message);
    expect(JSON.parse(shown)[0].location).toMatchObject({
      file: 'g.yaml',
      line: expect.any(Number),
    });
    for (const v of PLANTED) expect(shown).not.toContain(v);
  });

  it('still names a duplicate key that cannot be personal', () => {
    expect(problemsOf(() => parseYaml('mode: a\nmode: b\n', 'p.yaml'))).toContain(
      'duplicate key \\"mode\\"',
    );
  });

  it.each<[string, string]>([
    ['an unknown key', `apiVersion: release-gates/v1\n${EMAIL}: 1\n`],
    ['a value of the wrong type', `apiVersion: release-gates/v1\nkind: ${VISA}\n`],
    ['a text where a number goes', `apiVersion: ${SSN}\n`],
  ])('policy: %s', (_name, text) => {
    const shown = problemsOf(() => parsePolicy(new TextEncoder().encode(text), 'p.yaml'));
    for (const v of PLANTED) expect(shown).not.toContain(v);
  });

  it.each<[string, string]>([
    ['a file that is not JSON', `${EMAIL} ${VISA}\n`],
    ['JSON Lines of an unknown format', `{"${EMAIL}": "${VISA}"}\n`],
    ['a JSON document of an unknown format', `{"${EMAIL}": 1,\n "${SSN}": 2}`],
    [
      'a value of the wrong type, longer than a message quotes',
      `{"id": "a", "pass": "${LONG_EMAIL}"}\n`,
    ],
    ['a broken JSON line', `{"id": "a", "output": "x"}\n{"id": "${EMAIL}", ${VISA}}\n`],
  ])('result file: %s', async (_name, text) => {
    const bytes = new TextEncoder().encode(text);
    const error = await addResultFile(
      new EvalResults({ groupSamples: true, sliceTags: new Set<string>() }),
      bytesSource(bytes),
      'r.jsonl',
      { format: 'auto', harm: new Set<string>() },
      true,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const shown = JSON.stringify((error as UserError).problems);
    for (const v of PLANTED) expect(shown).not.toContain(v);
  });
});
