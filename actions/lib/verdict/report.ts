import pkg from '../../../package.json' with { type: 'json' };
import { maskPersonalDeep } from '../pii/clear.js';
import { SCHEMA_VERSION, worst, type PolicyRef, type Report, type Verdict } from './model.js';

export const TOOL = { name: 'release-gates', version: pkg.version } as const;

export function makeReport(
  command: string,
  verdicts: Verdict[],
  policy: PolicyRef | null,
  commit: string | null,
): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: TOOL,
    command,
    result: verdicts.length === 0 ? 'error' : worst(verdicts.map((v) => v.result)),
    policy,
    commit,
    // Every output is rendered from the report: a case id or tag holding an email leaves masked.
    verdicts: maskPersonalDeep(verdicts),
  };
}
