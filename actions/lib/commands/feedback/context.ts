/**
 * What every `feedback` subcommand shares: the options naming the store and the policy, the
 * context made of them, and the one-verdict report each returns.
 */
import type { FeedbackContext } from '../../feedback/context.js';
import { InputRecorder } from '../../gate.js';
import { policyPiiCheck } from '../../pii/redact.js';
import { DEFAULT_POLICY_PATH, defaultFeedback, type LoadedPolicy } from '../../policy/load.js';
import type { Ports, RunInfo } from '../../ports.js';
import { decide, type GateOutcome } from '../../verdict/decide.js';
import type { Report } from '../../verdict/model.js';
import { makeReport } from '../../verdict/report.js';
import { loadPolicy } from '../policy-source.js';
import { path, text, type OptionValues } from '../spec.js';

const DEFAULTS = defaultFeedback();

export const STORE_OPTIONS = {
  store: path(`The feedback store (default: feedback.path of the policy, else ${DEFAULTS.path}).`),
  policy: path(
    `Policy whose feedback and gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`,
  ),
  'policy-ref': text('Read the policy as it is at this git ref instead of the working tree.'),
};

type StoreValues = OptionValues<typeof STORE_OPTIONS>;

export interface Context extends FeedbackContext {
  loaded: LoadedPolicy | undefined;
}

export async function context(options: StoreValues, ports: Ports): Promise<Context> {
  let loaded: LoadedPolicy | undefined;
  if (options.policy || options['policy-ref'] || (await ports.files.stat(DEFAULT_POLICY_PATH)))
    loaded = await loadPolicy(options, ports);
  const config = loaded?.policy.feedback ?? DEFAULTS;
  return {
    loaded,
    config,
    store: options.store ?? config.path,
    pii: policyPiiCheck(loaded?.policy.gates.pii),
    inputs: new InputRecorder(ports.files, ports.git),
    now: ports.clock.now(),
  };
}

export function report(command: string, ctx: Context, run: RunInfo, outcome: GateOutcome): Report {
  const verdict = decide(outcome, {
    gate: 'feedback',
    title: `Feedback ${command}`,
    mode: 'enforce',
    inputs: ctx.inputs.list(),
  });
  return makeReport(`feedback ${command}`, [verdict], ctx.loaded?.ref ?? null, run.commit);
}
