/**
 * Each control of the register judged on the evidence of one commit: `covered` when its
 * evidence documents are approved and current, its gates and objectives hold and its SLOs are
 * watched; `uncovered` when any of it is missing or failing; `stale` when a document expired or
 * was approved for another model version; `needs-re-assessment` when its requirements changed
 * since the last release and its owner has not approved its documents again since.
 */
import type { Item, Result } from '../verdict/model.js';
import type { Control, ControlsRegister } from './register.js';

export type ControlState = 'covered' | 'uncovered' | 'stale' | 'needs-re-assessment';

/** One evidence document as the compliance gate judged it. */
export interface DocumentEvidence {
  /** The document's items from `judgeEvidence` (or its error items when it could not be read). */
  items: readonly Item[];
  /** Its `approver` and `approved_on` (YYYY-MM-DD), when it gives them. */
  approver?: string;
  approvedOn?: string;
}

/** A control re-opened by a change of the register since the last release. */
export interface Reassessment {
  /** What changed, in words. */
  changes: readonly string[];
  /** The day the register changed: a re-approval on or after it closes the control. */
  since: string;
}

export interface StatusInputs {
  /** Evidence documents by path. */
  documents: ReadonlyMap<string, DocumentEvidence>;
  /** Results of the gates judged on the same commit. */
  gates: ReadonlyMap<string, Result>;
  /** Gates judged by their own required check, not here (sign-off on a pull request). */
  judgedElsewhere?: ReadonlySet<string>;
  /** Statuses of the eval objectives, by id. */
  objectives: ReadonlyMap<string, Item['status']>;
  /** The SLOs the policy watches production against. */
  slos: ReadonlySet<string>;
  /** Controls whose requirements changed since the last release. */
  reassess: ReadonlyMap<string, Reassessment>;
  /** Logins holding each role. */
  holders(role: string): readonly string[];
}

export interface ControlStatus {
  id: string;
  status: ControlState;
  /** One sentence: why the control has this status. */
  detail: string;
  /** `framework id` of each requirement it maps to. */
  requirements: string[];
  /** The evidence documents that must be approved again (needs-re-assessment only). */
  documents?: string[];
}

const RANK: Record<ControlState, number> = {
  covered: 0,
  stale: 1,
  'needs-re-assessment': 2,
  uncovered: 3,
};

const BLOCKING = new Set<Item['status']>(['fail', 'error']);
/** A document whose approval stands but ran out: expired, or for another model version. */
const STALE_RULES = new Set(['validity', 'model-version']);

export function controlStatuses(register: ControlsRegister, inputs: StatusInputs): ControlStatus[] {
  return register.controls.map((control) => judgeControl(control, inputs));
}

function judgeControl(control: Control, inputs: StatusInputs): ControlStatus {
  const findings: [ControlState, string][] = [];
  const { evidence } = control;
  for (const path of evidence.documents) {
    const doc = inputs.documents.get(path);
    if (!doc) {
      findings.push(['uncovered', `${path} was not judged as evidence`]);
      continue;
    }
    for (const item of doc.items.filter((i) => BLOCKING.has(i.status)))
      findings.push([
        item.status === 'fail' && STALE_RULES.has(item.rule ?? '') ? 'stale' : 'uncovered',
        item.message,
      ]);
  }
  for (const gate of evidence.gates) {
    if (inputs.judgedElsewhere?.has(gate)) continue;
    const result = inputs.gates.get(gate);
    if (result === undefined) findings.push(['uncovered', `the ${gate} gate was not judged`]);
    else if (result === 'fail' || result === 'error')
      findings.push(['uncovered', `the ${gate} gate gave ${result}`]);
  }
  // The objectives are the evals gate's items: where it is judged elsewhere, so are they.
  const objectivesHere = !inputs.judgedElsewhere?.has('evals');
  for (const id of objectivesHere ? evidence.objectives : []) {
    const status = inputs.objectives.get(id);
    if (status === undefined) findings.push(['uncovered', `eval objective ${id} was not judged`]);
    else if (BLOCKING.has(status))
      findings.push(['uncovered', `eval objective ${id} gave ${status}`]);
  }
  for (const id of evidence.slos)
    if (!inputs.slos.has(id)) findings.push(['uncovered', `SLO ${id} is not monitored`]);

  let documents: string[] | undefined;
  const reopened = inputs.reassess.get(control.id);
  if (reopened) {
    const owners = inputs.holders(control.owner_role).map((u) => u.toLowerCase());
    documents = evidence.documents.filter((path) => {
      const doc = inputs.documents.get(path);
      return !(
        doc?.approvedOn !== undefined &&
        doc.approvedOn >= reopened.since &&
        owners.includes((doc.approver ?? '').toLowerCase())
      );
    });
    if (documents.length > 0)
      findings.push([
        'needs-re-assessment',
        `${reopened.changes.join('; ')} (${reopened.since}): a ${control.owner_role} must approve ${documents.join(', ')} again`,
      ]);
  }

  const requirements = control.requirements.map((r) => `${r.framework} ${r.id}`);
  const worst = findings.reduce<ControlState>(
    (w, [state]) => (RANK[state] > RANK[w] ? state : w),
    'covered',
  );
  const detail =
    worst === 'covered'
      ? coveredDetail(control, inputs, reopened)
      : findings
          .filter(([state]) => state === worst)
          .map(([, why]) => why)
          .join('; ');
  return {
    id: control.id,
    status: worst,
    detail,
    requirements,
    ...(worst === 'needs-re-assessment' && documents ? { documents } : {}),
  };
}

function coveredDetail(
  control: Control,
  inputs: StatusInputs,
  reopened: Reassessment | undefined,
): string {
  const { documents, gates, objectives, slos } = control.evidence;
  const parts = [`${documents.join(', ')} approved and current`];
  const judged = gates.filter((g) => !inputs.judgedElsewhere?.has(g));
  const elsewhere = gates.filter((g) => inputs.judgedElsewhere?.has(g));
  if (judged.length) parts.push(`${judged.join(', ')} passing`);
  if (elsewhere.length)
    parts.push(
      `${elsewhere.join(', ')} judged by ${elsewhere.length === 1 ? 'its own check' : 'their own checks'}`,
    );
  if (objectives.length)
    parts.push(
      inputs.judgedElsewhere?.has('evals')
        ? `objectives ${objectives.join(', ')} judged by the evals check`
        : `objectives ${objectives.join(', ')} met`,
    );
  if (slos.length) parts.push(`SLOs ${slos.join(', ')} monitored`);
  if (reopened)
    parts.push(`re-assessed by a ${control.owner_role} after ${reopened.changes.join('; ')}`);
  return parts.join('; ');
}
