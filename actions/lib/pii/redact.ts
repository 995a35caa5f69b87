import type { PiiGate } from '../policy/policy.generated.js';
import { allowlist } from './allowlist.js';
import { DEFAULT_PII_CONFIG, enabledTypes } from './check.js';
import { scanText } from './scan.js';
import type { Finding } from './types.js';

/** Personal data in a text, already filtered by an allowlist: findings with masked previews. */
export type PiiCheck = (text: string) => Finding[];

/**
 * The pii gate's scanner with the policy's detectors, phone regions and allowlist (the
 * defaults when the policy has no pii gate): production answers and feedback are judged by
 * the same rules as golden outputs.
 */
export function policyPiiCheck(section?: PiiGate): PiiCheck {
  const config = { ...DEFAULT_PII_CONFIG, paths: [], ...section };
  const options = { types: enabledTypes(config), phoneRegions: config.phone_regions };
  const allowed = allowlist({ ...config.allowlist, defaultAllowlist: config.default_allowlist });
  return (text) =>
    scanText(text, options).filter((f) => !allowed(f.type, text.slice(f.start, f.end)));
}

/** `text` with each finding replaced by its masked preview. */
export function maskText(text: string, findings: readonly Finding[]): string {
  let out = text;
  for (const f of [...findings].sort((a, b) => b.start - a.start))
    out = out.slice(0, f.start) + f.preview + out.slice(f.end);
  return out;
}
