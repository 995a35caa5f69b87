import type { Gate } from '../gate.js';
import { piiOutcome, readBaseline, scanPaths } from './check.js';

/**
 * No personal data or secrets in golden outputs: every finding that no allowlist or
 * baseline accepts is an item at its file, line and column, with a masked preview only.
 */
export const piiGate: Gate<'pii'> = {
  name: 'pii',
  title: 'PII in golden outputs',
  async run({ config, ports, inputs, loaded }) {
    const baseline = config.baseline ? await readBaseline(inputs, config.baseline) : undefined;
    const result = await scanPaths(config, { files: ports.files, inputs }, baseline);
    return piiOutcome(config, result, (path) => loaded.locate(path));
  },
};
