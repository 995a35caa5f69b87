import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Item, Result } from '../verdict/model.js';
import { changedControls } from './changes.js';
import { parseRegister, type ControlsRegister } from './register.js';
import {
  controlStatuses,
  type DocumentEvidence,
  type Reassessment,
  type StatusInputs,
} from './status.js';

const SAMPLE = parseRegister(
  readFileSync('policies/controls.yaml'),
  'policies/controls.yaml',
).register;
const EVAL_PACK = 'docs/compliance/evaluation-pack.md';

const item = (rule: string, status: Item['status'], message = `${rule} ${status}`): Item => ({
  id: `doc/${rule}`,
  status,
  message,
  rule,
});
const approved = (approver: string, approvedOn: string): DocumentEvidence => ({
  items: [item('status', 'pass'), item('approval', 'pass'), item('validity', 'pass')],
  approver,
  approvedOn,
});

/** Inputs a case can change. */
interface Inputs extends StatusInputs {
  documents: Map<string, DocumentEvidence>;
  gates: Map<string, Result>;
  judgedElsewhere: Set<string>;
  objectives: Map<string, Item['status']>;
  slos: Set<string>;
  reassess: Map<string, Reassessment>;
}

/** The sample release as the compliance gate sees it: every document approved, gates green. */
function sampleInputs(): Inputs {
  const docs: Record<string, DocumentEvidence> = {
    'docs/compliance/dpia.md': approved('gabriel-gov', '2026-11-16'),
    'docs/compliance/tra.md': approved('rosa-risk', '2026-11-17'),
    'docs/compliance/raci.md': approved('gabriel-gov', '2026-11-12'),
    [EVAL_PACK]: approved('gabriel-gov', '2026-11-18'),
    'docs/compliance/incident-register.yaml': approved('rosa-risk', '2026-11-19'),
  };
  return {
    documents: new Map(Object.entries(docs)),
    gates: new Map<string, Result>([
      ['evals', 'pass'],
      ['cards', 'pass'],
      ['pii', 'warn'],
      ['rollback-readiness', 'pass'],
    ]),
    judgedElsewhere: new Set(['signoff']),
    objectives: new Map<string, Item['status']>([
      ['quality-pass-at-5', 'pass'],
      ['safety-harmful-rate', 'pass'],
      ['quality-no-regression', 'warn'],
      ['safety-no-regression', 'waived'],
    ]),
    slos: new Set(['latency-p95', 'availability', 'harmful-output', 'pii-leaks']),
    reassess: new Map(),
    holders: (role) =>
      ({ 'governance-lead': ['gabriel-gov', 'gwen-gov'], 'risk-manager': ['rosa-risk'] })[role] ??
      [],
  };
}

const statusOf = (inputs: StatusInputs, id: string, register = SAMPLE) =>
  controlStatuses(register, inputs).find((s) => s.id === id)!;

describe('controlStatuses on the sample register', () => {
  it('covers every control of the sample release', () => {
    const statuses = controlStatuses(SAMPLE, sampleInputs());
    expect(statuses.map((s) => [s.id, s.status])).toEqual([
      ['CTL-EVAL-01', 'covered'],
      ['CTL-DOC-01', 'covered'],
      ['CTL-PII-01', 'covered'],
      ['CTL-RISK-01', 'covered'],
      ['CTL-SIGN-01', 'covered'],
      ['CTL-ROLLBACK-01', 'covered'],
      ['CTL-MON-01', 'covered'],
    ]);
    expect(statuses[4]!.detail).toBe(
      'docs/compliance/raci.md approved and current; signoff judged by its own check',
    );
    expect(statuses[0]!.requirements).toEqual([
      'nist-ai-rmf MEASURE 2.3',
      'nist-ai-rmf MEASURE 2.6',
      'iso-42001 9.1',
      'eu-ai-act Art. 15',
    ]);
  });

  // One change to the sample's inputs, the control it touches, its status and why.
  const CASES: [
    what: string,
    change: (i: Inputs) => void,
    control: string,
    status: string,
    detail: RegExp,
  ][] = [
    [
      'an expired document',
      (i) =>
        i.documents.set('docs/compliance/dpia.md', {
          ...approved('gabriel-gov', '2025-11-16'),
          items: [item('validity', 'fail', 'DPIA expired on 2026-11-16')],
        }),
      'CTL-PII-01',
      'stale',
      /^DPIA expired on 2026-11-16$/,
    ],
    [
      'a document for another model version',
      (i) =>
        i.documents.set(EVAL_PACK, {
          items: [item('model-version', 'fail', 'covers 2.4.0, not 2.5.0')],
        }),
      'CTL-EVAL-01',
      'stale',
      /covers 2\.4\.0, not 2\.5\.0/,
    ],
    [
      'a document not approved',
      (i) =>
        i.documents.set('docs/compliance/raci.md', {
          items: [item('status', 'fail', 'RACI is draft, not approved')],
        }),
      'CTL-SIGN-01',
      'uncovered',
      /RACI is draft/,
    ],
    [
      'a document that could not be read',
      (i) =>
        i.documents.set('docs/compliance/tra.md', { items: [item('input', 'error', 'no file')] }),
      'CTL-ROLLBACK-01',
      'uncovered',
      /no file/,
    ],
    [
      'a document the gate did not judge',
      (i) => i.documents.delete('docs/compliance/incident-register.yaml'),
      'CTL-MON-01',
      'uncovered',
      /incident-register\.yaml was not judged as evidence/,
    ],
    [
      'a failing gate',
      (i) => i.gates.set('cards', 'fail'),
      'CTL-DOC-01',
      'uncovered',
      /^the cards gate gave fail$/,
    ],
    [
      'a gate that could not decide',
      (i) => i.gates.set('rollback-readiness', 'error'),
      'CTL-ROLLBACK-01',
      'uncovered',
      /rollback-readiness gate gave error/,
    ],
    [
      'a gate not run',
      (i) => i.gates.delete('pii'),
      'CTL-PII-01',
      'uncovered',
      /the pii gate was not judged/,
    ],
    [
      'sign-off judged here and failing',
      (i) => {
        i.judgedElsewhere = new Set();
        i.gates.set('signoff', 'fail');
      },
      'CTL-SIGN-01',
      'uncovered',
      /the signoff gate gave fail/,
    ],
    [
      'a failing objective',
      (i) => i.objectives.set('safety-harmful-rate', 'fail'),
      'CTL-EVAL-01',
      'uncovered',
      /eval objective safety-harmful-rate gave fail/,
    ],
    [
      'an SLO no longer monitored',
      (i) => i.slos.delete('availability'),
      'CTL-MON-01',
      'uncovered',
      /SLO availability is not monitored/,
    ],
    [
      'missing evidence outranks a stale one',
      (i) => {
        i.documents.set('docs/compliance/tra.md', { items: [item('validity', 'fail')] });
        i.documents.delete('docs/compliance/incident-register.yaml');
      },
      'CTL-RISK-01',
      'uncovered',
      /^docs\/compliance\/incident-register\.yaml was not judged as evidence$/,
    ],
  ];
  it.each(CASES)('%s', (_what, change, control, status, detail) => {
    const inputs = sampleInputs();
    change(inputs);
    const statuses = controlStatuses(SAMPLE, inputs);
    const judged = statuses.find((s) => s.id === control)!;
    expect(judged.status).toBe(status);
    expect(judged.detail).toMatch(detail);
    // Only the controls resting on what changed move.
    const touched = (id: string) => {
      const before = sampleInputs();
      const c = SAMPLE.controls.find((x) => x.id === id)!;
      return (
        c.evidence.documents.some(
          (d) =>
            JSON.stringify(before.documents.get(d)) !== JSON.stringify(inputs.documents.get(d)),
        ) ||
        c.evidence.gates.some((g) => before.gates.get(g) !== inputs.gates.get(g)) ||
        c.evidence.objectives.some((o) => before.objectives.get(o) !== inputs.objectives.get(o)) ||
        c.evidence.slos.some((x) => !inputs.slos.has(x))
      );
    };
    expect(statuses.filter((s) => s.status !== 'covered').map((s) => s.id)).toEqual(
      SAMPLE.controls.map((c) => c.id).filter(touched),
    );
  });
});

describe('controlStatuses where the evals gate is judged by its own check', () => {
  it('leaves the objectives to it, as it leaves the gate', () => {
    const inputs = sampleInputs();
    inputs.objectives.clear();
    inputs.gates.delete('evals');
    inputs.judgedElsewhere.add('evals');
    const status = statusOf(inputs, 'CTL-EVAL-01');
    expect(status.status).toBe('covered');
    expect(status.detail).toBe(
      'docs/compliance/evaluation-pack.md approved and current; evals judged by its own check; objectives quality-pass-at-5, safety-harmful-rate, quality-no-regression, safety-no-regression judged by the evals check',
    );
  });
});

describe('the policy update trigger', () => {
  const bump = (register: ControlsRegister, id: string, version: string): ControlsRegister => ({
    ...register,
    frameworks: register.frameworks.map((f) => (f.id === id ? { ...f, version } : f)),
  });

  it('re-opens every control mapped to a framework whose version changed', () => {
    const changed = changedControls(SAMPLE, bump(SAMPLE, 'eu-ai-act', '2024/1689+2026/101'));
    expect([...changed.keys()]).toEqual(SAMPLE.controls.map((c) => c.id));
    expect(changed.get('CTL-PII-01')).toEqual([
      'eu-ai-act changed from version 2024/1689 to 2024/1689+2026/101',
    ]);
  });

  it('re-opens the controls mapped to a new framework, and a control with a new mapping', () => {
    const current: ControlsRegister = {
      ...SAMPLE,
      frameworks: [
        ...SAMPLE.frameworks,
        { id: 'iso-23894', version: '2023', title: 'ISO/IEC 23894' },
      ],
      controls: SAMPLE.controls.map((c) =>
        c.id === 'CTL-RISK-01'
          ? { ...c, requirements: [...c.requirements, { framework: 'iso-23894', id: '6.4' }] }
          : c.id === 'CTL-MON-01'
            ? {
                ...c,
                requirements: [...c.requirements, { framework: 'nist-ai-rmf', id: 'MEASURE 3.1' }],
              }
            : c,
      ),
    };
    expect(Object.fromEntries(changedControls(SAMPLE, current))).toEqual({
      'CTL-RISK-01': ['iso-23894 2023 is a new framework'],
      'CTL-MON-01': ['CTL-MON-01 now maps to nist-ai-rmf MEASURE 3.1'],
    });
  });

  it('re-opens nothing for a removed mapping, a removed control or a new title', () => {
    const current: ControlsRegister = {
      ...SAMPLE,
      frameworks: SAMPLE.frameworks.map((f) => ({ ...f, title: `${f.title} (renamed)` })),
      controls: SAMPLE.controls
        .filter((c) => c.id !== 'CTL-DOC-01')
        .map((c) => ({ ...c, requirements: c.requirements.slice(0, 1) })),
    };
    expect(changedControls(SAMPLE, current).size).toBe(0);
  });

  const reopened = (since: string): Inputs => {
    const inputs = sampleInputs();
    const changed = changedControls(SAMPLE, bump(SAMPLE, 'nist-ai-rmf', '1.1'));
    inputs.reassess = new Map([...changed].map(([id, changes]) => [id, { changes, since }]));
    return inputs;
  };

  it('keeps a re-opened control open until its owner approves its documents after the change', () => {
    const inputs = reopened('2026-12-01');
    const status = statusOf(inputs, 'CTL-RISK-01');
    expect(status).toEqual({
      id: 'CTL-RISK-01',
      status: 'needs-re-assessment',
      detail:
        'nist-ai-rmf changed from version 1.0 to 1.1 (2026-12-01): a risk-manager must approve docs/compliance/tra.md, docs/compliance/incident-register.yaml again',
      requirements: ['nist-ai-rmf MAP 5.1', 'iso-42001 6.1.2', 'eu-ai-act Art. 9'],
      documents: ['docs/compliance/tra.md', 'docs/compliance/incident-register.yaml'],
    });

    // One document re-approved: the other is still open.
    inputs.documents.set('docs/compliance/tra.md', approved('rosa-risk', '2026-12-01'));
    expect(statusOf(inputs, 'CTL-RISK-01').documents).toEqual([
      'docs/compliance/incident-register.yaml',
    ]);
    // Re-approved by someone outside the owner role: still open.
    inputs.documents.set(
      'docs/compliance/incident-register.yaml',
      approved('gabriel-gov', '2026-12-02'),
    );
    expect(statusOf(inputs, 'CTL-RISK-01').status).toBe('needs-re-assessment');
    // By the owner, after the change: closed.
    inputs.documents.set(
      'docs/compliance/incident-register.yaml',
      approved('Rosa-Risk', '2026-12-02'),
    );
    const closed = statusOf(inputs, 'CTL-RISK-01');
    expect(closed.status).toBe('covered');
    expect(closed.detail).toMatch(/re-assessed by a risk-manager after nist-ai-rmf changed/);
  });

  it('ranks a failing gate above the re-assessment, and the re-assessment above a stale document', () => {
    const inputs = reopened('2026-12-01');
    inputs.gates.set('rollback-readiness', 'fail');
    expect(statusOf(inputs, 'CTL-ROLLBACK-01').status).toBe('uncovered');
    inputs.documents.set('docs/compliance/dpia.md', {
      ...approved('gabriel-gov', '2025-01-01'),
      items: [item('validity', 'fail')],
    });
    expect(statusOf(inputs, 'CTL-PII-01').status).toBe('needs-re-assessment');
  });
});
