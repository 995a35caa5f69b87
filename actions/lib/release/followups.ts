/**
 * What happens on GitHub after the release branch moved: the deployment record, and after a
 * rollback the incident issue and the revert pull request. Each is found before it is made,
 * so a run that stopped half-way (an API failure, a killed job) is finished by the next run
 * instead of being done twice. The incident issue is found by a marker in its body.
 */
import { describeError } from '../errors.js';
import { maskPersonal } from '../pii/clear.js';
import type { GitHubPort, Issue, Repo } from '../ports.js';
import type { Item } from '../verdict/model.js';
import { contentOrigin, describeRelease, type ReleaseContext } from './operation.js';
import type { Release, ReleaseState } from './state.js';
import { identityOf } from './write.js';
import { shortSha } from '../words.js';

export interface Api {
  github: GitHubPort;
  repo: Repo;
}

/** Run by a follow-up that failed: what was done already, and that a re-run finishes it. */
function failed(id: string, what: string, release: Release, e: unknown, retry: string): Item {
  return {
    id,
    status: 'error',
    message: `${release.record.tag} is published and ${release.record.stable.branch} moved; NOT done: ${what}: ${describeError(e)}`,
    hint: `${retry} finishes it (it finds what was already done), or do it by hand`,
    rule: 'follow-up',
  };
}

/** A deployment of the release to `promotion.deployment.environment`, once. */
export async function ensureDeployment(
  ctx: ReleaseContext,
  { github, repo }: Api,
  release: Release,
  retry: string,
): Promise<Item> {
  const environment = ctx.loaded.policy.promotion.deployment.environment;
  const { record } = release;
  try {
    const existing = (
      await github.deployments(repo, { sha: record.stable.commit, environment })
    ).find((d) => d.payload.release === release.number);
    if (existing) {
      return {
        id: 'deployment',
        status: 'pass',
        message: `the ${environment} deployment of ${record.tag} is recorded on GitHub (deployment ${existing.id})`,
        rule: 'follow-up',
      };
    }
    const deployment = await github.recordDeployment(repo, {
      sha: record.stable.commit,
      environment,
      description: `${record.tag}: ${record.kind} by ${record.actor}`,
      payload: {
        release: release.number,
        tag: record.tag,
        kind: record.kind,
        branch: record.stable.branch,
        tree: record.stable.tree,
      },
      ...(ctx.run.url ? { logUrl: ctx.run.url } : {}),
    });
    return {
      id: 'deployment',
      status: 'pass',
      message: `recorded the ${environment} deployment of ${record.tag} on GitHub (deployment ${deployment.id})`,
      rule: 'follow-up',
    };
  } catch (e) {
    return failed('deployment', `recording the ${environment} deployment`, release, e, retry);
  }
}

/** Hidden in the issue body: how a later run finds the incident issue of a rollback. */
function incidentMarker(tag: string): string {
  return `<!-- release-gates: incident of rollback ${tag} -->`;
}

function repoUrl(ctx: ReleaseContext, repo: Repo): string {
  return `${ctx.run.serverUrl ?? 'https://github.com'}/${repo.owner}/${repo.repo}`;
}

/** Who the incident goes to: the holders of `rollback.incident.notify_role` (default: owner). */
function notified(ctx: ReleaseContext): { role: string; mentions: string[]; users: string[] } {
  const { policy } = ctx.loaded;
  const role = policy.rollback.incident.notify_role ?? policy.metadata.owner;
  const users = policy.roles[role]?.users ?? [];
  const teams = policy.roles[role]?.teams ?? [];
  return { role, users, mentions: [...users, ...teams].map((h) => `@${h}`) };
}

/** The rollback, the release rolled back and the release returned to. */
function rollbackParts(state: ReleaseState, rollback: Release) {
  const from = state.releases[rollback.record.previous_release! - 1]!;
  const to = state.releases[rollback.record.rollback_to! - 1]!;
  return { from, to, bad: contentOrigin(state, from) };
}

function gateLines(release: Release): string[] {
  const gates = release.record.gates;
  if (!gates) return [`- ${release.record.tag} was a rollback: no gates ran on it`];
  return gates.verdicts.map(
    (v) => `- \`${v.gate}\`: ${v.result}${v.summary ? ` (${v.summary})` : ''}`,
  );
}

/** The incident issue of a rollback: from, to, why, who, evidence, RCA due time, next steps. */
function incidentIssue(
  ctx: ReleaseContext,
  repo: Repo,
  state: ReleaseState,
  rollback: Release,
): { title: string; body: string; labels: string[] } {
  const { policy } = ctx.loaded;
  const { incident } = policy.rollback;
  const { record } = rollback;
  const { from, to, bad } = rollbackParts(state, rollback);
  const base = repoUrl(ctx, repo);
  const due = new Date(Date.parse(record.at) + incident.rca_due_hours * 3_600_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const who = notified(ctx);
  const source = policy.promotion.source;
  const reason = maskPersonal(record.reason ?? ''); // masked before the title cuts it
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  const title = `Incident: ${record.stable.branch} rolled back from ${from.record.tag} to ${to.record.tag}: ${
    oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine
  }`;
  const frozen = state.frozen ? `frozen since ${state.frozen.at} by ${state.frozen.actor}` : null;
  const rejected = bad.rejected;
  const unfreezers = (
    policy.rollback.unfreeze_roles.length ? policy.rollback.unfreeze_roles : [policy.metadata.owner]
  ).join(' or ');
  const body = [
    incidentMarker(record.tag),
    `## ${record.stable.branch} was rolled back`,
    '',
    '| | |',
    '| --- | --- |',
    `| Rolled back | [\`${from.record.tag}\`](${base}/tree/${from.record.tag}): ${describeRelease(from)} |`,
    `| Back on | [\`${to.record.tag}\`](${base}/tree/${to.record.tag}): ${describeRelease(to)} |`,
    `| As | [\`${record.tag}\`](${base}/tree/${record.tag}): ${record.stable.branch} at \`${shortSha(record.stable.commit)}\`, tree \`${shortSha(record.stable.tree)}\` (exactly ${to.record.tag}'s) |`,
    `| Why | ${reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    ...(record.incident ? [`| Incident reference | ${record.incident} |`] : []),
    `| Who | @${record.actor}, at ${record.at} |`,
    ...(record.run ? [`| Workflow run | ${record.run.url} |`] : []),
    `| Root-cause analysis due | **${due}** (${incident.rca_due_hours} h after the rollback) |`,
    '',
    `${who.mentions.join(' ') || `The ${who.role} role has no holders:`} (${who.role}): please own the root-cause analysis, due ${due}, with the [post-mortem template](${base}/blob/${source}/${incident.postmortem_template}).`,
    '',
    '## Classification',
    '',
    '- [ ] data breach (personal data exposed: the DPIA and the 72-hour notification apply)',
    '- [ ] safety failure (harmful or wrong answers)',
    '- [ ] infrastructure error (latency, availability, cost)',
    '',
    '## Evidence',
    '',
    `The gates ${bad.record.tag} was promoted on:`,
    '',
    ...gateLines(bad),
    '',
    `- What changed: [${to.record.tag}...${from.record.tag}](${base}/compare/${to.record.tag}...${from.record.tag})`,
    `- The records: \`git show ${record.tag}\`, \`git show ${from.record.tag}\`, and \`release-gates releases\` (the ledger on \`release-gates/ledger\`)`,
    '',
    '## State',
    '',
    `- ${rejected ? `${bad.record.tag} is **rejected** (by ${rejected.actor}): it cannot be promoted again until a holder of ${unfreezers} clears it with \`release-gates clear-rejection --release ${bad.number}\`.` : `${bad.record.tag} is not marked rejected.`}`,
    `- Promotions are ${frozen ? `**${frozen}**: a holder of ${unfreezers} lifts the freeze with \`release-gates unfreeze\` once the cause is understood.` : 'not frozen.'}`,
    '',
    '## Next steps',
    '',
    '- [ ] contain: check that production runs the restored release',
    '- [ ] communicate: status page, support, customers, regulator if required',
    '- [ ] classify the incident above',
    `- [ ] root-cause analysis and post-mortem pull request by ${due}`,
    '- [ ] fix on the source branch; the revert pull request, if any, keeps the fault out of the next promotion',
    '- [ ] update the playbook (docs/runbook-rollback.md) with what this incident taught',
    '- [ ] lift the freeze',
    '',
  ].join('\n');
  return { title, body, labels: [...incident.labels] };
}

/** The incident issue of a rollback: found by its marker, or opened and assigned. */
export async function ensureIncident(
  ctx: ReleaseContext,
  { github, repo }: Api,
  state: ReleaseState,
  rollback: Release,
  retry: string,
): Promise<{ items: Item[]; issue?: Issue }> {
  const marker = incidentMarker(rollback.record.tag);
  try {
    const { labels } = ctx.loaded.policy.rollback.incident;
    const found = (await github.issues(repo, { labels, state: 'all' })).find((i) =>
      i.body.includes(marker),
    );
    if (found) {
      return {
        items: [
          {
            id: 'incident',
            status: 'pass',
            message: `the incident issue of ${rollback.record.tag} is #${found.number} (${found.state}): ${found.url}`,
            observed: found.number,
            rule: 'follow-up',
          },
        ],
        issue: found,
      };
    }
    const issue = await github.createIssue(repo, incidentIssue(ctx, repo, state, rollback));
    const items: Item[] = [
      {
        id: 'incident',
        status: 'pass',
        message: `opened the incident issue #${issue.number}: ${issue.url}`,
        observed: issue.number,
        rule: 'follow-up',
      },
    ];
    const { users, role } = notified(ctx);
    if (users.length) {
      try {
        await github.assign(repo, issue.number, users.slice(0, 10));
      } catch (e) {
        items.push({
          id: 'incident-assignees',
          status: 'warn',
          message: `could not assign #${issue.number} to ${users.join(', ')} (${role}); the issue mentions them: ${describeError(e)}`,
          hint: 'assign the issue by hand',
          rule: 'follow-up',
        });
      }
    }
    return { items, issue };
  } catch (e) {
    return { items: [failed('incident', 'opening the incident issue', rollback, e, retry)] };
  }
}

/** The branch of the revert pull request for a rolled-back release. */
function revertBranch(tag: string): string {
  return `release-gates/revert-${tag.replace(/\//g, '-')}`;
}

/**
 * A pull request that puts the source branch back on the target's content for the paths the
 * rolled-back release changed, so the next promotion does not bring the fault back.
 */
export async function ensureRevertPullRequest(
  ctx: ReleaseContext,
  { github, repo }: Api,
  state: ReleaseState,
  rollback: Release,
  incident: Issue | undefined,
  retry: string,
): Promise<Item> {
  const { git } = ctx.ports;
  const { from, to } = rollbackParts(state, rollback);
  const { source } = ctx.loaded.policy.promotion;
  const branch = revertBranch(from.record.tag);
  const item = (status: Item['status'], message: string): Item => ({
    id: 'revert-pr',
    status,
    message,
    rule: 'follow-up',
  });
  try {
    const existing = (await github.pullRequestsFrom(repo, branch))[0];
    if (existing)
      return item(
        'pass',
        `the revert pull request is #${existing.number} (${existing.merged ? 'merged' : existing.state}): ${existing.url}`,
      );
    const paths = await git.diffTrees(to.record.stable.commit, from.record.stable.commit);
    const head = await git.readCommit(ctx.sourceHead);
    const tree = await git.mixTree(ctx.sourceHead, to.record.stable.commit, paths);
    if (tree === head!.tree) {
      return item(
        'info',
        `${source} already has ${to.record.tag}'s content for the ${paths.length} path(s) ${from.record.tag} changed: nothing to revert`,
      );
    }
    const listed = paths.slice(0, 50).map((p) => `- \`${p}\``);
    if (paths.length > 50) listed.push(`- … and ${paths.length - 50} more`);
    const why = `${rollback.record.tag} rolled ${rollback.record.stable.branch} back from ${from.record.tag} to ${to.record.tag}: ${rollback.record.reason ?? ''}`;
    const commit = await git.createCommit({
      tree,
      parents: [ctx.sourceHead],
      message: `Revert ${from.record.tag} on ${source}: back to ${to.record.tag} for ${paths.length} path(s)\n\n${why}\n`,
      identity: identityOf(rollback.record.actor, ctx.now),
    });
    const pushed = await git.push(ctx.loaded.policy.promotion.remote, [
      { ref: `refs/heads/${branch}`, to: commit, expect: null },
    ]);
    // `stale`: an earlier run pushed the branch and stopped before the pull request.
    if (pushed.status === 'refused') throw new Error(`pushing ${branch} failed: ${pushed.detail}`);
    const pull = await github.createPullRequest(repo, {
      title: `Revert ${from.record.tag} on ${source} (rolled back to ${to.record.tag})`,
      head: branch,
      base: source,
      body: [
        why,
        '',
        `This puts ${paths.length} path(s) that ${from.record.tag} changed back to their content in ${to.record.tag}, so that the next promotion does not bring the fault back. Review it against the fix you are preparing: merge it, or close it when the fix replaces it.`,
        ...(incident ? ['', `Incident: #${incident.number}`] : []),
        '',
        ...listed,
        '',
      ].join('\n'),
    });
    return item('pass', `opened the revert pull request #${pull.number}: ${pull.url}`);
  } catch (e) {
    return failed('revert-pr', 'opening the revert pull request', rollback, e, retry);
  }
}
