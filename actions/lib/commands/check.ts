import { UserError } from '../errors.js';
import { errorItems, isEnabled, runGate } from '../gate.js';
import { GATES, implementedGates } from '../gates.js';
import type { LoadedPolicy } from '../policy/load.js';
import { GATE_NAMES, type GateName } from '../policy/semantics.js';
import { checkWaivers } from '../policy/waivers.js';
import type { Ports, RunInfo } from '../ports.js';
import { errorVerdict } from '../verdict/decide.js';
import type { Verdict } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { judgingBase, judgingPolicyPath, loadPolicy } from './policy-source.js';
import { PULL_REQUEST_OPTIONS, withPullRequest } from './pull-request.js';
import { POLICY_OPTIONS, defineCommand, list } from './spec.js';

function notApplicable(name: GateName, title: string): Verdict {
  return {
    gate: name,
    title,
    result: 'pass',
    mode: 'enforce',
    summary: `not applicable: the policy does not enable the ${name} gate`,
    counts: { pass: 0, warn: 0, fail: 0, error: 0, info: 1, waived: 0 },
    items: [
      {
        id: 'not-applicable',
        status: 'info',
        message: `the policy has no enabled gates.${name} section, so there is nothing to judge`,
        hint: `add gates.${name} to the policy to enable it`,
      },
    ],
    waivers: { applied: [], rejected: [] },
    inputs: [],
  };
}

/** `check` of a policy that enables no gate judged nothing: an error that says so, never a pass. */
function noGates(loaded: LoadedPolicy): Verdict {
  return errorVerdict('policy', 'Policy', loaded.policy.defaults.mode, [
    {
      id: 'no-gates',
      status: 'error',
      message: `${loaded.ref.file} enables no gate, so nothing was judged`,
      hint: 'enable gates under `gates:` (docs/policy-reference.md), or name the gates to run with --gate',
      location: loaded.locate(['gates']),
      rule: 'policy',
    },
  ]);
}

/**
 * Runs gates against a loaded policy. Explicitly requested gates the policy does not enable
 * pass as "not applicable", so a required status check never waits forever.
 */
export async function runGates(
  loaded: LoadedPolicy,
  names: GateName[],
  ports: Ports,
  run: RunInfo,
): Promise<Verdict[]> {
  const waivers = checkWaivers(loaded, ports.clock.now());
  return Promise.all(
    names.map((name) => {
      const gate = GATES[name];
      if (!gate)
        throw new UserError(`gate ${name} is not available in this version of release-gates`);
      if (!isEnabled(loaded.policy, name)) return notApplicable(name, gate.title);
      return runGate(gate, loaded, ports, run, waivers);
    }),
  );
}

function parseGateNames(requested: string[]): GateName[] | undefined {
  const names = requested
    .flatMap((g) => g.split(','))
    .map((g) => g.trim())
    .filter(Boolean);
  if (names.length === 0) return undefined;
  const available = implementedGates();
  for (const name of names) {
    if (!(available as string[]).includes(name)) {
      const known = (GATE_NAMES as readonly string[]).includes(name);
      throw new UserError({
        message: known
          ? `gate ${name} is not available in this version of release-gates`
          : `unknown gate "${name}"`,
        hint: `use one of ${available.join(', ')}`,
      });
    }
  }
  return [...new Set(names)] as GateName[];
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'Run every gate the policy enables (or the ones named) and report one verdict per gate.',
  options: {
    gate: list('Run only these gates. Default: every gate the policy enables.', { short: 'g' }),
    ...POLICY_OPTIONS,
    ...PULL_REQUEST_OPTIONS,
  },
  examples: [
    { what: 'Run every gate the policy enables', run: 'release-gates check' },
    {
      what: 'Only the evals and cards gates, as JSON',
      run: 'release-gates check --gate evals,cards --format json',
    },
    {
      what: 'Judge pull request 42 as the workflow would (needs GITHUB_TOKEN)',
      run: 'release-gates check --pr 42 --repo acme/support-chatbot',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    const requested = parseGateNames(options.gate);
    const run = await withPullRequest(options, ports, env.run);
    // A pull request (or a merge queue's merge) is judged by the policy of the commit it
    // targets, never its own.
    const policyRef = options['policy-ref'] ?? judgingBase(run)?.sha;
    let loaded: LoadedPolicy;
    try {
      const path = await judgingPolicyPath(options, ports, run);
      loaded = await loadPolicy({ ...options, policy: path.file, 'policy-ref': policyRef }, ports);
      if (path.head !== path.file) loaded = { ...loaded, headFile: path.head };
    } catch (e) {
      return makeReport(
        'check',
        [errorVerdict('policy', 'Policy', 'enforce', errorItems(e))],
        null,
        run.commit,
      );
    }
    const names = requested ?? implementedGates().filter((n) => isEnabled(loaded.policy, n));
    if (names.length === 0) return makeReport('check', [noGates(loaded)], loaded.ref, run.commit);
    const verdicts = await runGates(loaded, names, ports, run);
    return makeReport('check', verdicts, loaded.ref, run.commit);
  },
});
