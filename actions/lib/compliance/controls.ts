/**
 * The compliance gate's judgement of the controls register: the register read from the commit
 * of the policy that judges, compared with the register of the last release (the "policy
 * update" trigger), and each control reported as an item, failing when it belongs to a
 * framework the policy requires.
 */
import { changedControls } from '../controls/changes.js';
import {
  parseRegister,
  policyProblems,
  type ControlsRegister,
  type LoadedRegister,
} from '../controls/register.js';
import {
  controlStatuses,
  type ControlStatus,
  type DocumentEvidence,
  type Reassessment,
} from '../controls/status.js';
import { UserError } from '../errors.js';
import { errorItems, isEnabled, runGate, type Gate, type GateContext } from '../gate.js';
import { toPointer } from '../parse/yaml.js';
import { checkWaivers } from '../policy/waivers.js';
import { readReleaseState } from '../release/state.js';
import type { Item, Location, Verdict } from '../verdict/model.js';

type Ctx = GateContext<'compliance'>;
type ControlsConfig = NonNullable<Ctx['config']['controls']>;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Reads the register where the policy was read: the base commit on a pull request. */
async function readRegister(ctx: Ctx, path: string): Promise<LoadedRegister> {
  const ref = ctx.loaded.ref.ref;
  const bytes = ref ? await ctx.inputs.readAt(ref, path) : await ctx.inputs.read(path);
  if (!bytes) {
    throw new UserError({
      message: `the controls register ${path} does not exist at ${ref}, where the policy that judges was read`,
      hint: 'commit the register with the policy (release-gates init writes a starter), or remove gates.compliance.controls',
      location: ctx.loaded.locate(['gates', 'compliance', 'controls']),
    });
  }
  return parseRegister(bytes, path);
}

/** Problems of the policy's controls section against the register. */
function requiredProblems(ctx: Ctx, config: ControlsConfig, register: ControlsRegister) {
  const known = register.frameworks.map((f) => f.id);
  return config.required_frameworks.flatMap((id, i) =>
    known.includes(id)
      ? []
      : [
          {
            message: `required framework "${id}" is not in the controls register ${config.register}`,
            hint: `use one of ${known.join(', ')}, or add ${id} to the register's frameworks`,
            location: ctx.loaded.locate([
              'gates',
              'compliance',
              'controls',
              'required_frameworks',
              i,
            ]),
          },
        ],
  );
}

/**
 * The controls re-opened since the last release: none before the first release or when the
 * last release had no register. A register of the release that cannot be read any more counts
 * as empty, so every control re-opens: fail closed, and its owner can close it.
 */
async function reassessments(
  ctx: Ctx,
  loaded: LoadedRegister,
  notes: Item[],
): Promise<Map<string, Reassessment>> {
  if ((await ctx.ports.git.head()) === null) {
    notes.push({
      id: 'controls/trigger',
      status: 'info',
      message: `not a git repository: ${loaded.file} is not compared with the register of the last release`,
      rule: 'controls-trigger',
    });
    return new Map();
  }
  const { remote, branch, tag_prefix: tagPrefix } = ctx.policy.promotion;
  const state = await readReleaseState(ctx.ports.git, { remote, branch, tagPrefix }, (ref, path) =>
    ctx.inputs.readAt(ref, path),
  );
  const last = state.releases.at(-1)?.record;
  if (!last) return new Map();
  const bytes = await ctx.inputs.readAt(last.tag, loaded.file, last.stable.commit);
  if (!bytes) {
    notes.push({
      id: 'controls/trigger',
      status: 'info',
      message: `${last.tag} has no controls register: changes of ${loaded.file} are compared with it from the next release on`,
      rule: 'controls-trigger',
    });
    return new Map();
  }
  let previous: ControlsRegister;
  try {
    previous = parseRegister(bytes, `${last.tag}:${loaded.file}`).register;
  } catch {
    notes.push({
      id: 'controls/trigger',
      status: 'info',
      message: `the controls register of ${last.tag} is not valid, so every control is re-assessed`,
      rule: 'controls-trigger',
    });
    previous = { ...loaded.register, frameworks: [], controls: [] };
  }
  const changed = changedControls(previous, loaded.register);
  if (changed.size === 0) return new Map();
  // The day of the newest commit that changed the register, on the commit judged; never
  // before the last release, since a commit's date is whatever its author wrote, and a
  // backdated change would let approvals older than it close the controls it re-opens.
  const change = await ctx.ports.git.lastChange([loaded.file], ctx.loaded.ref.ref);
  const changedOn = day(change?.date ?? ctx.now);
  const released = last.at.slice(0, 10);
  const since = changedOn > released ? changedOn : released;
  return new Map([...changed].map(([id, changes]) => [id, { changes, since }]));
}

/** An objective's status: the worst of its items (one per slice for sliced objectives). */
function objectiveStatuses(verdict: Verdict | undefined): Map<string, Item['status']> {
  const order: Item['status'][] = ['info', 'waived', 'pass', 'warn', 'fail', 'error'];
  const out = new Map<string, Item['status']>();
  for (const item of verdict?.items ?? []) {
    const id = item.id.split('/')[0]!;
    const was = out.get(id);
    if (was === undefined || order.indexOf(item.status) > order.indexOf(was))
      out.set(id, item.status);
  }
  return out;
}

function controlItem(
  status: ControlStatus,
  required: boolean,
  where: Location,
  owner: string,
): Item {
  const covered = status.status === 'covered';
  const word = {
    covered: 'is covered',
    uncovered: 'is not covered',
    stale: 'is stale',
    'needs-re-assessment': 'needs re-assessment',
  }[status.status];
  return {
    id: `control/${status.id}`,
    status: covered ? 'pass' : required ? 'fail' : 'warn',
    message: `${status.id} (${status.requirements.join(', ')}) ${word}: ${status.detail}`,
    observed: status.status,
    expected: 'covered',
    location: where,
    rule: 'control',
    ...(covered
      ? {}
      : {
          hint:
            status.status === 'needs-re-assessment'
              ? `a ${owner} reviews the control against the changed requirements and approves ${status.documents?.join(', ')} again (approved_on on or after the change)`
              : status.status === 'stale'
                ? `a ${owner} reviews the evidence again and approves it with a new date`
                : 'supply the missing evidence, or fix the failing gate or objective',
        }),
  };
}

/**
 * Items for every control of the register, and one per framework. `documents` are
 * the compliance gate's own judgements, by path; `evidenceGates` are the gates it may re-run
 * on the same commit (the others, such as sign-off, are judged by their own checks).
 */
export async function controlItems(
  ctx: Ctx,
  config: ControlsConfig,
  documents: ReadonlyMap<string, DocumentEvidence>,
  evidenceGates: readonly Gate[],
): Promise<Item[]> {
  let loaded: LoadedRegister;
  try {
    loaded = await readRegister(ctx, config.register);
    const problems = [
      ...policyProblems(loaded, ctx.policy),
      ...requiredProblems(ctx, config, loaded.register),
    ];
    if (problems.length > 0) throw new UserError(problems);
  } catch (e) {
    return errorItems(e, 'controls/');
  }
  const { register } = loaded;
  const items: Item[] = [];
  let reassess: Map<string, Reassessment>;
  try {
    reassess = await reassessments(ctx, loaded, items);
  } catch (e) {
    return [...items, ...errorItems(e, 'controls/trigger-')];
  }

  const named = new Set<string>(register.controls.flatMap((c) => c.evidence.gates));
  if (register.controls.some((c) => c.evidence.objectives.length > 0)) named.add('evals');
  const runnable = evidenceGates.filter((g) => named.has(g.name) && isEnabled(ctx.policy, g.name));
  const waivers = checkWaivers(ctx.loaded, ctx.now);
  const verdicts = await Promise.all(
    runnable.map((g) => runGate(g, ctx.loaded, ctx.ports, ctx.run, waivers)),
  );
  for (const v of verdicts) ctx.inputs.include(v.inputs);
  const statuses = controlStatuses(register, {
    documents,
    gates: new Map(verdicts.map((v) => [v.gate, v.result])),
    judgedElsewhere: new Set([...named].filter((n) => !evidenceGates.some((g) => g.name === n))),
    objectives: objectiveStatuses(verdicts.find((v) => v.gate === 'evals')),
    slos: new Set((ctx.policy.monitoring?.slos ?? []).map((s) => s.id)),
    reassess,
    holders: (role) => ctx.policy.roles[role]?.users ?? [],
  });

  const required = new Set(config.required_frameworks);
  register.controls.forEach((control, i) => {
    const isRequired = control.requirements.some((r) => required.has(r.framework));
    const where = { ...loaded.locate(['controls', i, 'id']), pointer: toPointer(['controls', i]) };
    items.push(controlItem(statuses[i]!, isRequired, where, control.owner_role));
  });
  register.frameworks.forEach((framework, i) => {
    const mapped = statuses.filter((_, c) =>
      register.controls[c]!.requirements.some((r) => r.framework === framework.id),
    );
    const open = mapped.filter((s) => s.status !== 'covered').map((s) => s.id);
    items.push({
      id: `framework/${framework.id}`,
      status: 'info',
      message: `${framework.title} (${framework.id} ${framework.version}): ${mapped.length - open.length} of ${mapped.length} controls covered${open.length ? `; open: ${open.join(', ')}` : ''}${required.has(framework.id) ? '; required for a release' : ''}`,
      observed: `${mapped.length - open.length}/${mapped.length}`,
      location: {
        ...loaded.locate(['frameworks', i, 'id']),
        pointer: toPointer(['frameworks', i]),
      },
      rule: 'framework',
    });
  });
  return items;
}
