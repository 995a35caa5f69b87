import { UserError } from '../errors.js';
import { InputRecorder } from '../gate.js';
import { DEFAULT_POLICY_PATH, type LoadedPolicy } from '../policy/load.js';
import type { PiiGate } from '../policy/policy.generated.js';
import { checkWaivers } from '../policy/waivers.js';
import { Baseline } from '../pii/baseline.js';
import { DEFAULT_PII_CONFIG, piiOutcome, readBaseline, scanPaths } from '../pii/check.js';
import { decide } from '../verdict/decide.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { defineCommand, list, path, text } from './spec.js';

export const piiScanCommand = defineCommand({
  name: 'pii-scan',
  summary:
    'Scan files for personal data and secrets (masked previews only); the pii gate on any paths.',
  details:
    'Detectors, allowlists and the baseline come from gates.pii of the policy when it has one, otherwise the defaults apply. Formats follow the extension: .jsonl (streamed), .json, .yaml, .csv, anything else as text.',
  positional: {
    name: 'paths',
    description: 'Files or globs to scan (default: gates.pii.paths of the policy).',
  },
  options: {
    paths: list('Files or globs to scan.', { paths: true }),
    fields: list(
      'In structured files, scan only these fields (names, or JSON pointers like /messages/*/content).',
    ),
    baseline: path(
      'Accept the findings recorded in this baseline file (default: gates.pii.baseline).',
    ),
    'write-baseline': path(
      'Record every current finding in this baseline file (salted hashes, never values), keeping its salt when it exists, and pass.',
    ),
    policy: path(
      `Policy whose gates.pii settings apply (default: ${DEFAULT_POLICY_PATH} when it exists).`,
    ),
    'policy-ref': text('Read the policy as it is at this git ref instead of the working tree.'),
  },
  examples: [
    {
      what: 'Scan golden outputs with the settings of the policy',
      run: "release-gates pii-scan 'evals/golden/**/*.jsonl'",
    },
    {
      what: 'Scan only the answers in a conversation export',
      run: 'release-gates pii-scan exports/today.jsonl --fields /messages/*/content',
    },
    {
      what: 'Accept the current findings into a baseline (review it before committing)',
      run: 'release-gates pii-scan --write-baseline evals/pii-baseline.json',
    },
  ],
  async run(options, { ports, run }) {
    const policyPath = options.policy;
    let loaded: LoadedPolicy | undefined;
    if (policyPath || options['policy-ref'] || (await ports.files.stat(DEFAULT_POLICY_PATH))) {
      loaded = await loadPolicy(options, ports);
    }
    const section = loaded?.policy.gates.pii;
    const paths = options.paths;
    if (paths.length === 0 && !section) {
      throw new UserError({
        message: 'no files to scan',
        hint: 'name files or globs, e.g. release-gates pii-scan evals/golden/**/*.jsonl',
      });
    }
    const fields = options.fields;
    const config: PiiGate = {
      ...DEFAULT_PII_CONFIG,
      ...section,
      paths: paths.length ? paths : section!.paths,
      ...(fields.length ? { fields } : {}),
    };
    const inputs = new InputRecorder(ports.files, ports.git);
    const write = options['write-baseline'];
    const baselineFile = options.baseline ?? config.baseline;
    let baseline: Baseline | undefined;
    if (write) {
      const existing = (await ports.files.stat(write))
        ? await readBaseline(inputs, write)
        : Baseline.empty();
      const result = await scanPaths(config, { files: ports.files, inputs });
      baseline = existing.with(
        result.findings.map((f) => ({ type: f.type, value: f.value, file: f.location.file })),
      );
      await ports.files.write(write, baseline.toJSON());
    } else if (baselineFile) {
      baseline = await readBaseline(inputs, baselineFile);
    }
    const result = await scanPaths(config, { files: ports.files, inputs }, baseline);
    // Paths and fields given on the command line have no place in the policy to point at.
    const given = new Set([
      ...(paths.length ? ['paths'] : []),
      ...(fields.length ? ['fields'] : []),
    ]);
    const outcome = piiOutcome(config, result, (path) =>
      given.has(String(path[2])) ? undefined : loaded?.locate(path),
    );
    if (write)
      outcome.summary += `; wrote ${baseline!.data.findings.length} accepted findings to ${write}`;
    const verdict = decide(outcome, {
      gate: 'pii',
      title: 'PII scan',
      mode: section?.mode ?? loaded?.policy.defaults.mode ?? 'enforce',
      ...(loaded ? { waivers: checkWaivers(loaded, ports.clock.now()) } : {}),
      inputs: inputs.list(),
    });
    return makeReport('pii-scan', [verdict], loaded?.ref ?? null, run.commit);
  },
});
