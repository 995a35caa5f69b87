import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import { isEnabled, runGate, type Gate } from '../gate.js';
import { sha256 } from '../parse/bytes.js';
import { parsePolicy, type LoadedPolicy } from '../policy/load.js';
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
  const text = JSON.stringify(value);
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
 * which verdicts would flip under the new policy, and requires the approver role's approval
 * for any weakening and for changes to protected paths (workflows, CODEOWNERS). Built with the
 * evidence gates it re-runs, so it does not import the registry that lists it.
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

      const items: Item[] = [];
      const changedFiles = await ports.git.changedFiles(pr.base.sha);
      const isPolicyPath = picomatch(config.paths, { dot: true });
      const isProtected = picomatch(config.protected_paths, { dot: true });
      const protectedFiles = changedFiles.filter((f) => isProtected(f));
      for (const f of changedFiles.filter(
        (f) => f !== file && isPolicyPath(f) && !isProtected(f),
      )) {
        items.push({
          id: `file/${f}`,
          status: 'info',
          message: `${f} changed; it is not the policy that judges releases (${file})`,
          location: { file: f },
          rule: 'policy-file',
        });
      }
      for (const f of protectedFiles) {
        items.push({
          id: `protected/${f}`,
          status: 'warn',
          message: `${f} changed: it decides whether and how the gates run, so it needs the same approval as a weakening`,
          hint: 'protect these paths with CODEOWNERS review or a ruleset as well: a pull request can change its own workflow',
          location: { file: f },
          rule: 'protected-path',
        });
      }

      let changes: Change[] = [];
      let flipped: Flip[] = [];
      let removed = false;
      if (!(await ports.files.stat(file))) {
        removed = true;
        items.push({
          id: 'policy-removed',
          status: 'warn',
          message: `${file} is deleted: after the merge every gate would error for want of a policy`,
          location: { file },
          rule: 'weakening',
        });
      } else {
        const bytes = await inputs.read(file);
        if (sha256(bytes) !== loaded.ref.sha256) {
          const head = headPolicy(bytes, file);
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

      const weakenings =
        changes.filter((c) => c.direction === 'weakening').length +
        flipped.filter((f) => RANK[f.head] < RANK[f.base]).length +
        (removed ? 1 : 0);
      const reasons = [
        weakenings ? 'the policy weakening' : '',
        protectedFiles.length ? 'the protected-path change' : '',
      ].filter(Boolean);
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
