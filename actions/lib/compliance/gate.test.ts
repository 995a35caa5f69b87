import { describe, expect, it } from 'vitest';
import { checkGate } from '../testing/check-gate.js';
import { memoryPorts } from '../testing/memory-ports.js';

const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
  risk-manager: { users: [rosa-risk] }
model: { config: chatbot/model.yaml }
gates:
  compliance:
    warn_before_days: 30
    documents:
      - { id: dpia, title: DPIA, path: docs/compliance/dpia.md, approver_role: governance-lead }
      - { id: tra, path: docs/compliance/tra.md, approver_role: risk-manager }
      - { id: incidents, path: docs/compliance/incidents.yaml, approver_role: risk-manager, covers_model: false }
`;

const DPIA = `---
status: approved
approver: gabriel-gov
approved_on: 2026-11-16
expires: 2027-11-16
model_version: 2.4.0
---

# Data Protection Impact Assessment
`;

const TRA = DPIA.replace('gabriel-gov', 'rosa-risk').replace(
  'expires: 2027-11-16',
  'valid_for_days: 365',
);

const INCIDENTS = `status: approved
approver: rosa-risk
approved_on: 2026-11-19
expires: 2027-11-19
incidents: []
`;

/** The evidence as a working tree in memory (no git repository); null leaves a file out. */
function repo(files: Record<string, string | null> = {}) {
  const all: Record<string, string | null> = {
    'policies/release-policy.yaml': POLICY,
    'chatbot/model.yaml': 'id: acme-support-assistant\nversion: 2.4.0\n',
    'docs/compliance/dpia.md': DPIA,
    'docs/compliance/tra.md': TRA,
    'docs/compliance/incidents.yaml': INCIDENTS,
    ...files,
  };
  return memoryPorts(
    Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null)) as Record<string, string>,
    { git: false },
  );
}

describe('the compliance gate', () => {
  it('passes approved, current evidence covering the shipped model, Markdown and YAML alike', async () => {
    const run = await checkGate(repo(), 'compliance');
    expect(run.code).toBe(0);
    expect(run.verdict.items.map((i) => [i.id, i.status])).toEqual([
      ['dpia/status', 'pass'],
      ['dpia/approval', 'pass'],
      ['dpia/validity', 'pass'],
      ['dpia/model-version', 'pass'],
      ['tra/status', 'pass'],
      ['tra/approval', 'pass'],
      ['tra/validity', 'pass'],
      ['tra/model-version', 'pass'],
      ['incidents/status', 'pass'],
      ['incidents/approval', 'pass'],
      ['incidents/validity', 'pass'],
    ]);
    expect(run.verdict.inputs.map((i) => i.file)).toEqual([
      'chatbot/model.yaml',
      'docs/compliance/dpia.md',
      'docs/compliance/incidents.yaml',
      'docs/compliance/tra.md',
    ]);
  });

  it('fails a DPIA approved by nobody, at its line', async () => {
    const run = await checkGate(
      repo({
        'docs/compliance/dpia.md': DPIA.replace('status: approved', 'status: draft').replace(
          'approver: gabriel-gov\n',
          '',
        ),
      }),
      'compliance',
    );
    expect(run.code).toBe(1);
    expect(run.item('dpia/status')).toMatchObject({
      status: 'fail',
      message: 'DPIA is draft, not approved',
      location: { file: 'docs/compliance/dpia.md', line: 2, column: 9, pointer: '/status' },
    });
    expect(run.item('dpia/approval')).toMatchObject({
      status: 'fail',
      message: 'DPIA names no approver',
      location: { file: 'docs/compliance/dpia.md', line: 1, endLine: 6 },
    });
  });

  it('fails evidence approved by someone without the required role', async () => {
    const run = await checkGate(
      repo({ 'docs/compliance/tra.md': TRA.replace('rosa-risk', 'gabriel-gov') }),
      'compliance',
    );
    expect(run.item('tra/approval')).toMatchObject({
      status: 'fail',
      message:
        'tra is approved by gabriel-gov, who does not hold the role risk-manager (held by rosa-risk)',
      location: { file: 'docs/compliance/tra.md', line: 3 },
    });
  });

  it('warns before expiry and fails after it', async () => {
    const soon = await checkGate(repo(), 'compliance', { now: '2027-11-01T09:00:00Z' });
    expect(soon.code).toBe(0);
    expect(soon.verdict.result).toBe('warn');
    expect(soon.item('dpia/validity')).toMatchObject({
      status: 'warn',
      message: 'DPIA expires on 2027-11-16, in 15 days',
    });
    const late = await checkGate(repo(), 'compliance', { now: '2027-11-17T00:00:00Z' });
    expect(late.code).toBe(1);
    expect(late.item('dpia/validity')).toMatchObject({
      status: 'fail',
      message: 'DPIA expired on 2027-11-16',
      location: { file: 'docs/compliance/dpia.md', line: 5, column: 10 },
    });
  });

  it('names every document that needs re-approval when the model version changes', async () => {
    const run = await checkGate(
      repo({ 'chatbot/model.yaml': 'id: acme-support-assistant\nversion: 2.5.0\n' }),
      'compliance',
    );
    expect(run.code).toBe(1);
    expect(run.item('dpia/model-version')).toMatchObject({
      status: 'fail',
      message:
        'DPIA covers model version 2.4.0, not the shipped 2.5.0 (chatbot/model.yaml): it needs re-approval for 2.5.0',
      location: { file: 'docs/compliance/dpia.md', line: 6 },
    });
    expect(run.item('tra/model-version').status).toBe('fail');
    expect(run.item('model-version')).toMatchObject({
      status: 'info',
      message: 'model version 2.5.0 is not covered by dpia, tra: each needs re-approval for 2.5.0',
      location: { file: 'chatbot/model.yaml', line: 2, column: 10 },
    });
    expect(run.verdict.items.some((i) => i.id === 'incidents/model-version')).toBe(false);
  });

  it('errors when the shipped model cannot be read, and still judges the rest', async () => {
    const run = await checkGate(repo({ 'chatbot/model.yaml': 'id: acme\n' }), 'compliance');
    expect(run.code).toBe(2);
    expect(run.item('model:input')).toMatchObject({
      status: 'error',
      location: { file: 'chatbot/model.yaml' },
    });
    expect(run.item('dpia/status').status).toBe('pass');
  });

  const bad: [string, string | null, (ports: ReturnType<typeof repo>) => void, RegExp, object][] = [
    [
      'no front matter',
      '# DPIA\n\nApproved.\n',
      () => {},
      /has no YAML front matter with its approval/,
      { line: 1, column: 1 },
    ],
    [
      'broken YAML front matter',
      '---\nstatus: approved\nstatus: draft\n---\n',
      () => {},
      /duplicate key "status"/,
      { line: 3, column: 1 },
    ],
    [
      'a directory',
      null,
      (ports) => ports.files.mkdir('docs/compliance/dpia.md'),
      /is a directory/,
      {},
    ],
    ['a binary file', '\u0000PK', () => {}, /is a binary file/, { line: 1, column: 1 }],
    ['a missing file', null, () => {}, /does not exist/, {}],
    [
      'a 50 MB file',
      '',
      (ports) => ports.files.put('docs/compliance/dpia.md', new Uint8Array(50 * 1024 * 1024)),
      /larger than the 1048576 bytes allowed/,
      {},
    ],
  ];

  it.each(bad)(
    'errors on %s, at a location; nothing passes',
    async (_, content, prepare, message, location) => {
      const ports = repo({ 'docs/compliance/dpia.md': content });
      prepare(ports);
      const run = await checkGate(ports, 'compliance');
      expect(run.code).toBe(2);
      expect(run.verdict.result).toBe('error');
      expect(run.item('dpia/input')).toMatchObject({
        status: 'error',
        message: expect.stringMatching(message),
        location: { file: 'docs/compliance/dpia.md', ...location },
      });
      expect(run.verdict.items.some((i) => i.id.startsWith('dpia/') && i.status === 'pass')).toBe(
        false,
      );
    },
  );

  it.each([
    ['a list', '- status: approved\n', /must be a mapping of keys/, 1],
    ['broken YAML', 'status: approved\nstatus: draft\n', /duplicate key "status"/, 2],
  ])('errors on a YAML document that is %s', async (_, content, message, line) => {
    const run = await checkGate(repo({ 'docs/compliance/incidents.yaml': content }), 'compliance');
    expect(run.code).toBe(2);
    expect(run.item('incidents/input')).toMatchObject({
      message: expect.stringMatching(message),
      location: { file: 'docs/compliance/incidents.yaml', line },
    });
  });

  it('refuses a policy whose evidence must cover a model it does not name', async () => {
    const run = await checkGate(
      repo({
        'policies/release-policy.yaml': POLICY.replace(
          'model: { config: chatbot/model.yaml }\n',
          '',
        ),
      }),
      'compliance',
    );
    expect(run.code).toBe(2);
    expect(run.verdict.items[0]).toMatchObject({
      message: expect.stringMatching(
        /evidence dpia must cover the shipped model version .* no `model` section/,
      ),
      location: { file: 'policies/release-policy.yaml', line: 11 },
    });
  });
});

describe('the compliance gate with a controls register', () => {
  const REGISTER = `apiVersion: release-gates/v1
kind: ControlsRegister
frameworks:
  - { id: nist-ai-rmf, version: '1.0', title: NIST AI RMF }
  - { id: iso-42001, version: '2023', title: ISO/IEC 42001 }
controls:
  - id: CTL-PII-01
    description: A DPIA for the shipped model.
    owner_role: governance-lead
    requirements: [{ framework: nist-ai-rmf, id: MEASURE 2.10 }]
    evidence: { documents: [docs/compliance/dpia.md] }
  - id: CTL-RISK-01
    description: Risks are assessed.
    owner_role: risk-manager
    requirements: [{ framework: iso-42001, id: '6.1.2' }]
    evidence: { documents: [docs/compliance/tra.md] }
`;
  const withControls = (controls: string) => `${POLICY}    controls: ${controls}\n`;

  it('fails a control of a required framework, warns for another, outside a git repository too', async () => {
    const expired = TRA.replace('valid_for_days: 365', 'valid_for_days: 2');
    const run = await checkGate(
      repo({
        'policies/release-policy.yaml': withControls('{ required_frameworks: [nist-ai-rmf] }'),
        'policies/controls.yaml': REGISTER,
        'docs/compliance/tra.md': expired,
      }),
      'compliance',
    );
    expect(run.code, JSON.stringify(run.verdict.items.filter((i) => i.status === 'error'))).toBe(1);
    expect(run.item('control/CTL-PII-01')).toMatchObject({ status: 'pass', observed: 'covered' });
    expect(run.item('control/CTL-RISK-01')).toMatchObject({
      status: 'warn',
      observed: 'stale',
      location: { file: 'policies/controls.yaml', line: 12, column: 9 },
    });
    expect(run.item('framework/iso-42001').message).toBe(
      'ISO/IEC 42001 (iso-42001 2023): 0 of 1 controls covered; open: CTL-RISK-01',
    );
  });

  it('errors, at the policy line, on a required framework the register does not list', async () => {
    const run = await checkGate(
      repo({
        'policies/release-policy.yaml': withControls('{ required_frameworks: [eu-ai-act] }'),
        'policies/controls.yaml': REGISTER,
      }),
      'compliance',
    );
    expect(run.code).toBe(2);
    expect(run.item('controls/input')).toMatchObject({
      status: 'error',
      message:
        'required framework "eu-ai-act" is not in the controls register policies/controls.yaml',
      location: { file: 'policies/release-policy.yaml', line: 15 },
    });
  });

  it('errors when the register is missing, never passes', async () => {
    const run = await checkGate(
      repo({ 'policies/release-policy.yaml': withControls('{}') }),
      'compliance',
    );
    expect(run.code).toBe(2);
    expect(run.verdict.items.find((i) => i.id.startsWith('controls/'))).toMatchObject({
      status: 'error',
      location: { file: 'policies/controls.yaml' },
    });
  });
});
