import { sha256 } from '../../parse/bytes.js';
import { bySeverity, type Item, type Report } from '../model.js';
import { TOOL } from '../report.js';

/** GitHub code scanning accepts at most 25,000 results per run. */
const SARIF_MAX_RESULTS = 25_000;

type SarifLevel = 'error' | 'warning' | 'note';

function level(item: Item): SarifLevel | null {
  switch (item.status) {
    case 'error':
    case 'fail':
      return 'error';
    case 'warn':
      return 'warning';
    case 'waived':
      return item.originalStatus === 'warn' ? 'warning' : 'error';
    default:
      return null;
  }
}

/**
 * SARIF 2.1.0 for code scanning: one rule per gate and kind of finding, one result per
 * problem item, waived items as suppressed results. Results need a file, so items
 * without one point at the policy file.
 */
export function renderSarif(report: Report): string {
  const rules: {
    id: string;
    name: string;
    shortDescription: { text: string };
    defaultConfiguration: { level: SarifLevel };
  }[] = [];
  const ruleIndex = new Map<string, number>();
  const results: unknown[] = [];
  const fallbackFile = report.policy?.file ?? 'policies/release-policy.yaml';
  let truncated = 0;

  for (const v of report.verdicts) {
    for (const item of [...v.items].sort(bySeverity)) {
      const lvl = level(item);
      if (!lvl) continue;
      if (results.length >= SARIF_MAX_RESULTS) {
        truncated++;
        continue;
      }
      const ruleId = `${v.gate}/${item.rule ?? item.id}`;
      if (!ruleIndex.has(ruleId)) {
        ruleIndex.set(ruleId, rules.length);
        rules.push({
          id: ruleId,
          name: ruleId.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
            c ? c.toUpperCase() : '',
          ),
          shortDescription: { text: `${v.title}: ${item.rule ?? item.id}` },
          defaultConfiguration: { level: lvl },
        });
      }
      const loc = item.location;
      const region: Record<string, number> = {};
      if (loc?.line !== undefined) {
        region.startLine = loc.line;
        if (loc.column !== undefined) region.startColumn = loc.column;
        if (loc.endLine !== undefined) region.endLine = loc.endLine;
        if (loc.endColumn !== undefined) region.endColumn = loc.endColumn;
      } else {
        region.startLine = 1;
      }
      results.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId),
        level: lvl,
        message: { text: item.hint ? `${item.message}\nFix: ${item.hint}` : item.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: loc?.file ?? fallbackFile, uriBaseId: '%SRCROOT%' },
              region,
            },
            ...(loc?.pointer !== undefined
              ? { logicalLocations: [{ fullyQualifiedName: loc.pointer, kind: 'member' }] }
              : {}),
          },
        ],
        partialFingerprints: { 'releaseGates/v1': sha256(`${v.gate}\0${item.id}`).slice(0, 32) },
        ...(item.status === 'waived' && item.waiver
          ? {
              suppressions: [
                {
                  kind: 'external',
                  status: 'accepted',
                  justification: `${item.waiver.id} (${item.waiver.ticket}, owner ${item.waiver.owner}, until ${item.waiver.expires}): ${item.waiver.reason}`,
                },
              ],
            }
          : {}),
      });
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            informationUri: 'https://github.com/release-gates/release-gates',
            rules,
          },
        },
        automationDetails: { id: `release-gates/${report.command}/` },
        ...(report.commit
          ? { versionControlProvenance: [{ repositoryUri: 'file:///', revisionId: report.commit }] }
          : {}),
        results,
        ...(truncated > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      message: {
                        text: `${truncated} results left out: code scanning accepts ${SARIF_MAX_RESULTS} per run`,
                      },
                    },
                  ],
                },
              ],
            }
          : {}),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
