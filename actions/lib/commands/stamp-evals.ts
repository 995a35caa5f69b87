import { UserError } from '../errors.js';
import { InputRecorder, errorItems } from '../gate.js';
import { currentFiles } from '../evals/load.js';
import { makeStamp, stampPath } from '../evals/stamp.js';
import type { LoadedPolicy } from '../policy/load.js';
import { decide } from '../verdict/decide.js';
import type { Item } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { POLICY_OPTIONS, defineCommand, text } from './spec.js';
import { shortSha } from '../words.js';

/** Writes a stamp beside each result file of the policy: what the results were produced from. */
export const stampEvalsCommand = defineCommand({
  name: 'stamp-evals',
  summary:
    'Record, beside each eval result file, the hash of the prompts and model configuration it was produced from (run it right after the evals).',
  details:
    "Writes <result file>.stamp for every result file of gates.evals: the result file's sha256, the content hash of the freshness paths and the model configuration, and the model version. The evals gate recomputes them, so results re-committed after the prompts changed are stale (docs/evals.md#stamps).",
  options: {
    ...POLICY_OPTIONS,
    'produced-by': text(
      'Who produced the results, recorded in the stamp, e.g. the URL of the CI run.',
    ),
  },
  examples: [
    { what: 'Stamp the result files right after the evals ran', run: 'release-gates stamp-evals' },
    {
      what: 'Record the CI run that produced them',
      run: 'release-gates stamp-evals --produced-by https://github.com/acme/support-chatbot/actions/runs/123',
    },
  ],
  async run(options, { ports, run }) {
    let loaded: LoadedPolicy | undefined;
    let items: Item[];
    try {
      loaded = await loadPolicy(options, ports);
      const config = loaded.policy.gates.evals;
      if (!config?.freshness) {
        throw new UserError({
          message:
            'the policy has no gates.evals.freshness: there is nothing to stamp results with',
          hint: 'list what the evals evaluate in gates.evals.freshness.paths',
          location: loaded.locate(['gates', 'evals']),
        });
      }
      const env = { ports, loaded, inputs: new InputRecorder(ports.files, ports.git) };
      items = [];
      for (const { path } of await currentFiles(config, env)) {
        const stamp = await makeStamp(ports.files, loaded.policy, path, options['produced-by']);
        await ports.files.write(stampPath(path), JSON.stringify(stamp, null, 2) + '\n');
        items.push({
          id: stampPath(path),
          status: 'pass',
          message: `stamped ${path}: ${stamp.evaluated.files} evaluated files (hash ${shortSha(stamp.evaluated.sha256)}…)${stamp.model ? `, model ${stamp.model.version}` : ''}`,
          location: { file: stampPath(path) },
        });
      }
    } catch (e) {
      items = errorItems(e);
    }
    const verdict = decide(
      { items },
      { gate: 'stamp-evals', title: 'Stamp eval results', mode: 'enforce' },
    );
    return makeReport('stamp-evals', [verdict], loaded?.ref ?? null, run.commit);
  },
});
