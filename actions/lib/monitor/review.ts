/**
 * The "policy update" trigger after the release: when the controls register changed since the
 * last release, the monitoring run opens one review issue for the policy's owner (the
 * governance lead) listing the controls that need re-assessment and the documents to approve
 * again. Deduplicated like incident issues: a marker in the body names the list, so the same
 * list never opens a second issue, and a new list updates the open one (with a comment).
 */
import { complianceGate } from '../compliance/gate.js';
import { describeError } from '../errors.js';
import { runGate } from '../gate.js';
import { sha256 } from '../parse/bytes.js';
import type { LoadedPolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import type { Ports, RunInfo } from '../ports.js';
import type { Item } from '../verdict/model.js';

/** The label of review issues: not an incident, so the monthly incident count ignores it. */
const REVIEW_LABEL = 'controls-review';
const MARKER = '<!-- release-gates controls review';

function info(id: string, message: string): Item {
  return { id, status: 'info', message, rule: 'action' };
}

/**
 * The review issue's items. The compliance gate judges the register without re-running any
 * other gate (only the documents and the trigger matter here); its own checks stay the judge.
 */
export async function reviewControls(
  loaded: LoadedPolicy,
  ports: Ports,
  run: RunInfo,
  dryRun: boolean,
): Promise<Item[]> {
  if (!loaded.policy.gates.compliance?.controls) return [];
  const now = ports.clock.now();
  const verdict = await runGate(
    complianceGate(() => []),
    loaded,
    ports,
    run,
    checkWaivers(loaded, now),
  );
  const broken = verdict.items.find((i) => i.status === 'error' && i.id.startsWith('controls/'));
  if (broken)
    return [
      info(
        'action/controls-review',
        `the controls register could not be judged, so no review issue was considered: ${broken.message} (the compliance gate fails on it)`,
      ),
    ];
  const open = verdict.items.filter(
    (i) => i.rule === 'control' && i.observed === 'needs-re-assessment',
  );
  if (open.length === 0) return [];

  const id = 'action/controls-review';
  const owner = loaded.policy.metadata.owner;
  const holders = (loaded.policy.roles[owner]?.users ?? []).map((u) => `@${u}`).join(', ');
  const tag = `${MARKER} ${sha256(open.map((i) => i.message).join('\n')).slice(0, 16)} -->`;
  const title = `Controls review: ${open.length} control${open.length === 1 ? '' : 's'} need re-assessment`;
  const list = open
    .map((i) => `- ${i.message}${i.hint ? `\n  What to do: ${i.hint}` : ''}`)
    .join('\n');
  const body = `${tag}\n**The controls register changed since the last release**, found by \`release-gates monitor\` at ${now.toISOString()}. For the ${owner}${holders ? ` (${holders})` : ''}: the compliance gate and every promotion fail until each control's owner has reviewed it and approved its evidence again (docs/compliance-mapping.md).\n\n${list}\n`;
  const { github } = ports;
  const repo = run.repository;
  if (!github || !repo)
    return [
      info(
        id,
        `${dryRun ? 'dry run: would open' : 'cannot open'} the review issue "${title}": ${!repo ? 'the repository is not known' : 'no GitHub token was given'}`,
      ),
    ];
  try {
    const issues = await github.issues(repo, { labels: [REVIEW_LABEL], state: 'open' });
    const existing = issues.find((i) => i.body.includes(MARKER));
    if (existing?.body.includes(tag))
      return [
        info(id, `the review issue #${existing.number} lists these controls: ${existing.url}`),
      ];
    if (dryRun)
      return [
        info(
          id,
          existing
            ? `dry run: would update #${existing.number} with ${open.length} control(s) to re-assess`
            : `dry run: would open the review issue "${title}"`,
        ),
      ];
    if (existing) {
      // The issue's body is the current list (and its marker), so the next run finds it; the
      // comment tells the watchers what changed.
      await github.updateIssue(repo, existing.number, { title, body });
      await github.commentOnIssue(
        repo,
        existing.number,
        `The controls to re-assess changed at ${now.toISOString()}: the description above is the current list.`,
      );
      return [
        info(
          id,
          `updated #${existing.number} with ${open.length} control(s) to re-assess: ${existing.url}`,
        ),
      ];
    }
    const issue = await github.createIssue(repo, { title, body, labels: [REVIEW_LABEL] });
    return [info(id, `opened #${issue.number} for the ${owner}: ${issue.url}`)];
  } catch (e) {
    return [
      { id, status: 'error', message: `the review issue: ${describeError(e)}`, rule: 'action' },
    ];
  }
}
