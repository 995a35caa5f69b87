import picomatch from 'picomatch';
import { diffRegisters } from '../controls/diff.js';
import { parseRegister, type ControlsRegister, type LoadedRegister } from '../controls/register.js';
import { UserError, describeError } from '../errors.js';
import { isEnabled, runGate, type Gate, type GateConfig, type InputRecorder } from '../gate.js';
import { sha256 } from '../parse/bytes.js';
import { maskPersonal } from '../pii/clear.js';
import { parsePolicy, type LoadedPolicy, type ReleasePolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import type { Ports, RunInfo } from '../ports.js';
import { isSignedOff } from '../signoff/approvals.js';
import {
  notAPullRequest,
  readSignoffs,
  requireGitHub,
  reviewItems,
  roleItems,
} from '../signoff/signoffs.js';
import type { Item, Result } from '../verdict/model.js';
import { diffPolicies, type Change } from './diff.js';
import { shortSha } from '../words.js';

type Config = GateConfig<'policy-change'>;

/** A protected glob and why a change under it needs the approver's approval. */
interface Guard {
  glob: string;
  why: string;
  /** The policy files: the one that judges is compared field by field instead. */
  policyFiles?: true;
}

/** Where the base policy's controls register is, when the compliance gate judges one. */
const registerOf = (policy: ReleasePolicy) => policy.gates.compliance?.controls?.register;

/**
 * What the gate protects, from the base policy: `protected_paths`, and unless
 * `protect_named_files` is off, every file the policy names as the judge's own evidence.
 */
function guards(policy: ReleasePolicy, config: Config): Guard[] {
  const out: Guard[] = config.protected_paths.map((glob) => ({
    glob,
    why: 'it decides whether and how the gates run',
  }));
  if (!config.protect_named_files) return out;
  const named = (why: string, globs: (string | undefined)[], extra: Partial<Guard> = {}) => {
    for (const glob of globs) if (glob) out.push({ glob, why, ...extra });
  };
  const { evals, pii, compliance, cards } = policy.gates;
  const baseline = evals?.baseline.path;
  named('it is a policy file, which a workflow can make the judge', config.paths, {
    policyFiles: true,
  });
  named('it is the eval baseline the policy names', [baseline, baseline && `${baseline}/**`]);
  named('it is the PII baseline of accepted findings', [pii?.baseline]);
  named('the PII scan skips it (gates.pii.allowlist.files)', pii?.allowlist.files ?? []);
  named(
    'it is evidence the compliance gate judges',
    (compliance?.documents ?? []).map((d) => d.path),
  );
  named(
    'it is a card the cards gate judges',
    (cards?.cards ?? []).map((c) => c.path),
  );
  return out;
}

const RANK: Record<Result | 'not enabled', number> = {
  'not enabled': 0,
  pass: 0,
  warn: 1,
  fail: 2,
  error: 3,
};

interface Flip {
  gate: string;
  base: Result | 'not enabled';
  head: Result | 'not enabled';
}

function show(value: unknown): string {
  if (value === undefined) return 'absent';
  // Masked before it is cut: a cut email or card number is no longer found by the scanner.
  const text = maskPersonal(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Every evidence gate's result under both policies, on the same inputs; the ones that differ. */
async function flips(
  gates: Gate[],
  base: LoadedPolicy,
  head: LoadedPolicy,
  ports: Ports,
  run: RunInfo,
): Promise<Flip[]> {
  const now = ports.clock.now();
  const judge = async (loaded: LoadedPolicy, gate: Gate) =>
    isEnabled(loaded.policy, gate.name)
      ? (await runGate(gate, loaded, ports, run, checkWaivers(loaded, now))).result
      : ('not enabled' as const);
  const results = await Promise.all(
    gates
      .filter((g) => isEnabled(base.policy, g.name) || isEnabled(head.policy, g.name))
      .map(async (g) => ({ gate: g.name, base: await judge(base, g), head: await judge(head, g) })),
  );
  return results.filter((r) => r.base !== r.head);
}

/**
 * The register's changes from the base commit to the pull request, as items; returns how many
 * weaken it. A deleted or invalid register counts as one weakening: the gate cannot tell what
 * it would still require.
 */
async function registerItems(
  path: string,
  loaded: LoadedPolicy,
  ports: Ports,
  inputs: InputRecorder,
  items: Item[],
): Promise<number> {
  const weaken = (id: string, message: string) => {
    items.push({ id, status: 'warn', message, location: { file: path }, rule: 'weakening' });
    return 1;
  };
  if (!(await ports.files.stat(path)))
    return weaken('register/removed', `the controls register ${path} is deleted`);
  const headBytes = await inputs.read(path);
  let head: LoadedRegister;
  try {
    head = parseRegister(headBytes, path);
  } catch (e) {
    return weaken(
      'register/invalid',
      `the pull request's controls register ${path} is not valid, so its changes cannot be judged: ${describeError(e)}`,
    );
  }
  const baseBytes = await inputs.readAt(loaded.ref.ref!, path);
  if (!baseBytes) {
    items.push({
      id: 'register/added',
      status: 'info',
      message: `the controls register ${path} is added with ${head.register.controls.length} controls`,
      location: head.locate([]),
      rule: 'strengthening',
    });
    return 0;
  }
  let base: ControlsRegister;
  try {
    base = parseRegister(baseBytes, `${path} (base)`).register;
  } catch {
    // The base register did not load, so the compliance gate errors today: any valid one is
    // a change for the better.
    items.push({
      id: 'register/repaired',
      status: 'info',
      message: `the base's controls register ${path} is not valid; the pull request's is`,
      location: head.locate([]),
      rule: 'strengthening',
    });
    return 0;
  }
  const changes = diffRegisters(base, head.register);
  for (const c of changes)
    items.push({
      id: `register/${c.label}`,
      status: c.direction === 'weakening' ? 'warn' : 'info',
      message: `${path}: ${c.label}: ${c.direction}, ${c.reason}`,
      location: head.locate(c.headPath),
      rule: c.direction,
    });
  return changes.filter((c) => c.direction === 'weakening').length;
}

function headPolicy(bytes: Uint8Array, file: string): LoadedPolicy {
  try {
    return parsePolicy(bytes, file);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      e.problems.map((p) => ({
        ...p,
        message: `the pull request's policy is not valid, so its changes cannot be judged: ${p.message}`,
      })),
    );
  }
}

/**
 * Guards the policy: lists what a pull request changes in it, classifies each change, shows
 * which verdicts would flip under the new policy, and requires the base policy's approver
 * role for any weakening, for a workflow that names another policy file, and for changes to
 * protected paths (workflows, CODEOWNERS, baselines, evidence). Built with the evidence gates
 * it re-runs, so it does not import the registry that lists it.
 */
export function policyChangeGate(evidenceGates: () => Gate[]): Gate<'policy-change'> {
  return {
    name: 'policy-change',
    title: 'Policy change',
    async run({ run, loaded, config, ports, inputs }) {
      const pr = run.pullRequest;
      if (!pr) {
        return notAPullRequest(
          'policy-change',
          'policy changes are judged on the pull request that makes them',
        );
      }
      const file = loaded.ref.file;
      if (!loaded.ref.ref) {
        throw new UserError({
          message: `${file} was read from the pull request's own files: the pull request would be judged by the policy it changes`,
          hint: 'leave policy-ref unset: on a pull request it defaults to the base commit',
          location: { file },
        });
      }
      // policy-ref is an input of the pull request's own workflow: any commit but the base
      // (the head's, say) would let the pull request choose its judge.
      const at = loaded.ref.ref;
      if (at !== pr.base.sha && (await ports.git.resolve(at)) !== pr.base.sha) {
        throw new UserError({
          message: `${file} was read at ${at}, not at the pull request's base commit ${shortSha(pr.base.sha)}: the pull request's workflow could choose the policy that judges it`,
          hint: 'leave policy-ref unset: on a pull request it defaults to the base commit',
          location: { file },
        });
      }

      const items: Item[] = [];
      // The policy that would judge after the merge: the one the pull request's workflow names.
      const next = loaded.headFile ?? file;
      const switched = next !== file;
      if (switched) {
        items.push({
          id: 'policy-path',
          status: 'warn',
          message: `the pull request's workflow names ${next} as the policy, the base's workflow names ${file}: every gate of this pull request is judged by ${file}, and the switch needs the same approval as a weakening`,
          hint: `the approver role of ${file} decides; after the merge, ${next} judges`,
          observed: next,
          baseline: file,
          location: { file: next },
          rule: 'policy-path',
        });
      }
      const changedFiles = await ports.git.changedFiles(pr.base.sha);
      const isPolicyPath = picomatch(config.paths, { dot: true });
      const protection = guards(loaded.policy, config).map((g) => ({
        ...g,
        match: picomatch(g.glob, { dot: true }),
      }));
      const protectedFiles: string[] = [];
      const register = registerOf(loaded.policy);
      for (const f of changedFiles) {
        // The register, like the policy that judges, is compared entry by entry instead.
        if (f === register) continue;
        const guard = protection.find((g) => g.match(f) && !(g.policyFiles && f === file));
        if (guard) {
          protectedFiles.push(f);
          items.push({
            id: `protected/${f}`,
            status: 'warn',
            message: `${f} changed: ${guard.why}, so it needs the same approval as a weakening`,
            hint: 'protect these paths with CODEOWNERS review or a ruleset as well: a pull request can change its own workflow',
            location: { file: f },
            rule: 'protected-path',
          });
        } else if (f !== file && isPolicyPath(f)) {
          items.push({
            id: `file/${f}`,
            status: 'info',
            message: `${f} changed; it is not the policy that judges releases (${file})`,
            location: { file: f },
            rule: 'policy-file',
          });
        }
      }

      let changes: Change[] = [];
      let flipped: Flip[] = [];
      let removed = false;
      if (!(await ports.files.stat(next))) {
        removed = true;
        items.push({
          id: 'policy-removed',
          status: 'warn',
          message: `${next} is deleted: after the merge every gate would error for want of a policy`,
          location: { file: next },
          rule: 'weakening',
        });
      } else {
        const bytes = await inputs.read(next);
        if (switched || sha256(bytes) !== loaded.ref.sha256) {
          const head = headPolicy(bytes, next);
          changes = diffPolicies(loaded.policy, head.policy);
          for (const c of changes) {
            items.push({
              id: `change/${c.label}`,
              status: c.direction === 'weakening' ? 'warn' : 'info',
              message: `${c.label}: ${show(c.before)} → ${show(c.after)}: ${c.direction}, ${c.reason}`,
              observed: show(c.after),
              baseline: show(c.before),
              location: head.locate(c.headPath),
              rule: c.direction,
            });
          }
          flipped = await flips(evidenceGates(), loaded, head, ports, run);
          for (const f of flipped) {
            const looser = RANK[f.head] < RANK[f.base];
            items.push({
              id: `flip/${f.gate}`,
              status: looser ? 'warn' : 'info',
              message: `${f.gate} would be ${f.head} under this pull request's policy, ${f.base} under the base policy${looser ? ': a weakening in effect' : ''}`,
              observed: f.head,
              baseline: f.base,
              rule: 'flip',
            });
          }
        }
      }

      const registerWeakenings =
        register && changedFiles.includes(register)
          ? await registerItems(register, loaded, ports, inputs, items)
          : 0;
      const weakenings =
        registerWeakenings +
        changes.filter((c) => c.direction === 'weakening').length +
        flipped.filter((f) => RANK[f.head] < RANK[f.base]).length +
        (removed ? 1 : 0);
      const reasons = [
        weakenings ? 'the policy weakening' : '',
        switched ? 'the policy path change' : '',
        protectedFiles.length ? 'the protected-path change' : '',
      ].filter(Boolean);
      // The base policy's approver and its role holders decide, never the pull request's.
      const role = config.approver_role ?? loaded.policy.metadata.owner;
      let approval = 'not needed';
      if (reasons.length === 0) {
        items.push({
          id: 'approval',
          status: 'pass',
          message: changes.length
            ? 'no weakening: the policy changes need no extra approval'
            : `${file} is unchanged and no protected path changed`,
          rule: 'approval',
        });
      } else {
        const { github, repo } = requireGitHub('policy-change', ports.github, run);
        const signoff = loaded.policy.gates.signoff;
        const { result } = await readSignoffs(github, repo, pr.number, loaded.policy, {
          required: [{ role, min: config.min }],
          dismissStale: signoff?.dismiss_stale ?? true,
          bots: signoff?.bots ?? [],
          distinct: true,
        });
        approval = isSignedOff(result) ? 'given' : 'missing';
        const where = config.approver_role
          ? ['gates', 'policy-change', 'approver_role']
          : ['metadata', 'owner'];
        items.push(
          ...roleItems(result, {
            idPrefix: 'approval/',
            what: `approval of ${reasons.join(' and ')}`,
            location: () => loaded.locate(where),
          }),
          ...reviewItems(result),
        );
      }

      const count = (d: string) => changes.filter((c) => c.direction === d).length;
      return {
        items,
        summary: [
          `${changes.length} policy change${changes.length === 1 ? '' : 's'} (${count('weakening')} weakening, ${count('strengthening')} strengthening)`,
          `${flipped.length} verdict${flipped.length === 1 ? '' : 's'} would flip`,
          protectedFiles.length
            ? `${protectedFiles.length} protected file${protectedFiles.length === 1 ? '' : 's'} changed`
            : '',
          `${role} approval ${approval}`,
        ]
          .filter(Boolean)
          .join('; '),
        data: {
          changes: changes.map((c) => ({
            path: c.label,
            direction: c.direction,
            reason: c.reason,
            before: c.before ?? null,
            after: c.after ?? null,
          })),
          flips: flipped,
          weakening: weakenings > 0,
          'approval-needed': reasons.length > 0,
        },
      };
    },
  };
}
