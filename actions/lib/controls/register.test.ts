import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docBlocks } from '../../../test/support/doc-blocks.js';
import { UserError, type Problem } from '../errors.js';
import { parsePolicy } from '../policy/load.js';
import { parseRegister, policyProblems } from './register.js';

const SAMPLE = readFileSync('policies/controls.yaml', 'utf8');
const POLICY = parsePolicy(
  readFileSync('policies/release-policy.yaml'),
  'policies/release-policy.yaml',
).policy;

const MINIMAL = `apiVersion: release-gates/v1
kind: ControlsRegister
frameworks:
  - id: nist-ai-rmf
    version: '1.0'
    title: NIST AI Risk Management Framework
controls:
  - id: CTL-1
    description: Evaluations meet the objectives.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: MEASURE 2.6 }
    evidence:
      documents: [docs/compliance/evaluation-pack.md]
      gates: [evals]
`;

function problemsOf(text: string, file = 'controls.yaml'): Problem[] {
  try {
    parseRegister(Buffer.from(text), file);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error('the register was accepted');
}

describe('parseRegister', () => {
  it('accepts the sample register, with defaults filled in', () => {
    const { register, sha256 } = parseRegister(Buffer.from(SAMPLE), 'policies/controls.yaml');
    expect(register.frameworks.map((f) => `${f.id} ${f.version}`)).toEqual([
      'nist-ai-rmf 1.0',
      'iso-42001 2023',
      'eu-ai-act 2024/1689',
    ]);
    expect(register.controls.find((c) => c.id === 'CTL-RISK-01')?.evidence.gates).toEqual([]);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the register docs/compliance-mapping.md shows, against the sample policy', () => {
    const block = docBlocks('docs/compliance-mapping.md').find((b) =>
      b.text.includes('ControlsRegister'),
    )!;
    const loaded = parseRegister(Buffer.from(block.text), 'docs/compliance-mapping.md');
    expect(loaded.register.controls.map((c) => c.id)).toEqual(['CTL-PII-01']);
    expect(policyProblems(loaded, POLICY)).toEqual([]);
  });

  // Each broken register: where the first problem is, what it says, and the fix it offers.
  const CASES: [what: string, text: string, at: string, message: RegExp, hint: RegExp][] = [
    [
      'a typo in a key',
      MINIMAL.replace('owner_role:', 'owner_rol:'),
      '10:5',
      /unknown key "owner_rol" in controls\[0\]/,
      /did you mean "owner_role"/,
    ],
    [
      'a version YAML reads as a number',
      MINIMAL.replace("version: '1.0'", 'version: 1.0'),
      '5:14',
      /frameworks\[0\]\.version must be text, not the number 1/,
      /quote the version/,
    ],
    [
      'a control without evidence documents',
      MINIMAL.replace('documents: [docs/compliance/evaluation-pack.md]', 'documents: []'),
      '14:18',
      /controls\[0\]\.evidence\.documents must list at least 1 item/,
      /Evidence documents/,
    ],
    [
      'an unknown gate',
      MINIMAL.replace('gates: [evals]', 'gates: [evalz]'),
      '15:15',
      /gates\[0\] must be one of evals, cards/,
      /did you mean "evals"/,
    ],
    [
      'a requirement of a framework not listed',
      MINIMAL.replace('framework: nist-ai-rmf, id', 'framework: nist-ai-rfm, id'),
      '12:22',
      /maps to framework "nist-ai-rfm", which is not listed/,
      /did you mean "nist-ai-rmf"/,
    ],
    [
      'a control listed twice',
      MINIMAL + MINIMAL.slice(MINIMAL.indexOf('  - id: CTL-1')),
      '16:9',
      /control "CTL-1" is listed 2 times/,
      /its own id/,
    ],
    [
      'the wrong kind',
      MINIMAL.replace('kind: ControlsRegister', 'kind: ReleasePolicy'),
      '2:7',
      /kind must be "ControlsRegister"/,
      /kind: ControlsRegister/,
    ],
    ['a list, not a mapping', '- a\n- b\n', '1:1', /must be a mapping/, /apiVersion/],
  ];
  it.each(CASES)('reports %s at its line and column', (_what, text, at, message, hint) => {
    const [first] = problemsOf(text);
    expect(`${first?.location?.line}:${first?.location?.column}`).toBe(at);
    expect(first?.location?.file).toBe('controls.yaml');
    expect(first?.message).toMatch(message);
    expect(first?.hint).toMatch(hint);
  });
});

describe('policyProblems', () => {
  it('finds nothing in the sample register against the sample policy', () => {
    const loaded = parseRegister(Buffer.from(SAMPLE), 'policies/controls.yaml');
    expect(policyProblems(loaded, POLICY)).toEqual([]);
  });

  const CASES: [what: string, text: string, at: string, message: RegExp, hint: RegExp][] = [
    [
      'an owner role the policy does not define',
      MINIMAL.replace('owner_role: governance-lead', 'owner_role: governance-led'),
      '10:17',
      /role "governance-led" is not defined/,
      /did you mean "governance-lead"/,
    ],
    [
      'a document that is not evidence of the compliance gate',
      MINIMAL.replace('evaluation-pack.md', 'evaluation.md'),
      '14:19',
      /evidence document "docs\/compliance\/evaluation\.md" is not defined/,
      /did you mean "docs\/compliance\/evaluation-pack\.md"/,
    ],
    [
      'a document another role approves',
      MINIMAL.replace('evaluation-pack.md', 'tra.md'),
      '14:19',
      /owned by governance-lead, but its evidence docs\/compliance\/tra\.md is approved by risk-manager/,
      /make risk-manager the control's owner_role/,
    ],
    [
      'an objective the policy does not have',
      MINIMAL.replace('gates: [evals]', 'objectives: [latency-p59]'),
      '15:20',
      /eval objective "latency-p59" is not defined/,
      /did you mean "latency-p95"/,
    ],
    [
      'an SLO the policy does not have',
      MINIMAL.replace('gates: [evals]', 'slos: [availabilty]'),
      '15:14',
      /SLO "availabilty" is not defined/,
      /did you mean "availability"/,
    ],
  ];
  it.each(CASES)('reports %s at its line and column', (_what, text, at, message, hint) => {
    const [first] = policyProblems(parseRegister(Buffer.from(text), 'controls.yaml'), POLICY);
    expect(`${first?.location?.line}:${first?.location?.column}`).toBe(at);
    expect(first?.message).toMatch(message);
    expect(first?.hint).toMatch(hint);
  });

  it('reports a gate the policy does not enable', () => {
    const off = { ...POLICY, gates: { ...POLICY.gates, cards: undefined } };
    const loaded = parseRegister(
      Buffer.from(MINIMAL.replace('gates: [evals]', 'gates: [cards]')),
      'c.yaml',
    );
    expect(policyProblems(loaded, off).map((p) => p.message)).toEqual([
      'control CTL-1 rests on the cards gate, which the policy does not enable',
    ]);
  });
});
