import type { Report } from '../model.js';

/** The public JSON contract (docs/verdict-json.md). Stable key order, 2-space indent. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
