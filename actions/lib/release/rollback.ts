/**
 * Rollback: the release branch goes back to an earlier release's exact tree with a new commit
 * (history is never rewritten unless the policy's strategy is `reset`), recorded as a release,
 * with the bad release rejected and promotions frozen, all in one atomic push. Then the
 * follow-ups on GitHub: the deployment, the incident issue, the revert pull request. A re-run
 * of the same rollback moves nothing and finishes the follow-ups a failed run left undone.
 * `checkRollback` returns the plan; `carryOut` in write.ts publishes it.
 */
import { errorItems } from '../gate.js';
import { marker } from '../monitor/judge.js';
import type { Item } from '../verdict/model.js';
import {
  ensureDeployment,
  ensureIncident,
  ensureRevertPullRequest,
  type Api,
} from './followups.js';
import {
  blocked,
  checkReason,
  contentOrigin,
  describeRelease,
  markOf,
  needGitHub,
  readState,
  stateItems,
  type ReleaseContext,
  policyOf,
} from './operation.js';
import { shortSha } from '../words.js';
import { RECORD_SCHEMA, type ReleaseRecord } from './records.js';
import { authorize, isBot } from './roles.js';
import { replayLedger, rollbackTarget, type Release, type ReleaseState } from './state.js';
import { identityOf, isoSeconds, type Checked, type NewEvent } from './write.js';

interface RollbackRequest {
  /** `previous`, a release tag (`release/3`), a release number, or a released commit. */
  target: string;
  reason: string;
  /** The incident's reference elsewhere (a ticket, a URL). */
  incident?: string;
}

const RETRY = 'running the same rollback again';

/** The release a target names, or why it names none. */
async function resolveTarget(
  ctx: ReleaseContext,
  state: ReleaseState,
  target: string,
): Promise<{ release: Release } | { problem: string; hint: string }> {
  const prefix = ctx.loaded.policy.promotion.tag_prefix;
  const current = state.current!;
  if (target === 'previous') {
    const found = rollbackTarget(state, current.record.stable.commit).target;
    return found
      ? { release: found }
      : {
          problem: `there is no verified, unrejected release before ${current.record.tag} with other content to roll back to`,
          hint: 'name a release with --target release/N',
        };
  }
  const number = target.startsWith(prefix) ? target.slice(prefix.length) : target;
  if (/^[1-9][0-9]{0,8}$/.test(number)) {
    const release = state.releases[Number(number) - 1];
    return release
      ? { release }
      : {
          problem: `there is no release ${prefix}${number}: the last is ${current.record.tag}`,
          hint: 'list the releases with release-gates releases',
        };
  }
  if (/^[0-9a-f]{7,64}$/.test(target)) {
    const sha = await ctx.ports.git.resolve(target);
    const release = [...state.releases]
      .reverse()
      .find((r) => sha && (r.record.stable.commit === sha || r.record.source.commit === sha));
    return release
      ? { release }
      : {
          problem: `${target} is not the commit of a recorded release: a rollback returns only to a release that was verified when it was promoted`,
          hint: 'list the releases with release-gates releases, and name one with --target release/N',
        };
  }
  return {
    problem: `target "${target}" is not previous, a release tag (${prefix}N), a release number or a commit SHA`,
    hint: `e.g. --target previous, --target ${prefix}3 or --target 9f2a77c`,
  };
}

/** The breach kinds (as the monitor's issue markers name them) whose `on_breach` is rollback. */
function rollbackKinds(monitoring: NonNullable<ReleaseContext['loaded']['policy']['monitoring']>) {
  const kinds = monitoring.slos.filter((s) => s.on_breach === 'rollback').map((s) => `slo/${s.id}`);
  for (const kind of ['drift', 'quality', 'incidents'] as const)
    if (monitoring[kind]?.on_breach === 'rollback') kinds.push(kind);
  return kinds;
}

/**
 * A bot rolls back only as the monitoring section grants: it holds a role of
 * monitoring.rollback_roles, runs in rollback_workflow on the source branch, goes to
 * `previous`, and names the open incident issue the monitor opened for a breach whose
 * on_breach is rollback. Anything else is a person's decision.
 */
async function automaticRollback(ctx: ReleaseContext, request: RollbackRequest): Promise<Item> {
  const { policy } = ctx.loaded;
  const bot = ctx.actor!;
  const base = { id: 'actor', rule: 'role', observed: bot };
  const refuse = (why: string, hint: string): Item => ({
    ...base,
    status: 'fail',
    message: `${bot} is a bot, and may only roll back automatically: ${why}`,
    hint,
  });
  const monitoring = policy.monitoring;
  const role = monitoring?.rollback_roles.find((r) =>
    (policy.roles[r]?.users ?? []).some((u) => u.toLowerCase() === bot.toLowerCase()),
  );
  if (!monitoring || !role)
    return refuse(
      'monitoring.rollback_roles grants it to no role it holds',
      'a person of rollback.allowed_roles rolls back; or the policy owner lists the bot in a role of monitoring.rollback_roles',
    );
  const repo = ctx.run.repository;
  const workflow = `.github/workflows/${monitoring.rollback_workflow}`;
  const expected = repo
    ? `${repo.owner}/${repo.repo}/${workflow}@refs/heads/${policy.promotion.source}`
    : undefined;
  if (!expected || ctx.run.workflowRef?.toLowerCase() !== expected.toLowerCase())
    return refuse(
      `this run is ${ctx.run.workflowRef ? `of ${ctx.run.workflowRef}` : 'not of a known workflow (no GITHUB_WORKFLOW_REF)'}, not of ${workflow} on ${policy.promotion.source}`,
      `automatic rollback runs only in ${workflow} dispatched on ${policy.promotion.source} by the monitor`,
    );
  if (request.target !== 'previous')
    return refuse(
      `it may not pick a target (${request.target}): only previous`,
      'a person of rollback.allowed_roles picks another target',
    );
  const { github } = ctx.ports;
  const incident = request.incident;
  if (!github || !incident)
    return refuse(
      !github ? 'the incident issue cannot be read without a token' : 'no incident issue was named',
      'the monitor dispatches the rollback with the incident input: the link of the open incident issue it opened',
    );
  const kinds = rollbackKinds(monitoring);
  let issues;
  try {
    issues = await github.issues(repo!, { labels: monitoring.issue_labels, state: 'open' });
  } catch (e) {
    return { ...errorItems(e)[0]!, id: 'actor', rule: 'role' };
  }
  const breach = issues.find(
    (i) =>
      i.url === incident &&
      i.author.toLowerCase() === bot.toLowerCase() &&
      kinds.some((k) => i.body.includes(marker(k))),
  );
  if (!breach)
    return refuse(
      `${incident} is not an open incident issue the monitor opened for a breach whose on_breach is rollback (${kinds.join(', ') || 'none is'})`,
      'automatic rollback follows a recorded breach only; a person of rollback.allowed_roles decides otherwise',
    );
  return {
    ...base,
    status: 'pass',
    message: `${bot} may roll back automatically: holds ${role} (monitoring.rollback_roles), in ${workflow} on ${policy.promotion.source}, to previous, for the open incident #${breach.number}`,
    expected: monitoring.rollback_roles.join(' or '),
  };
}

/** The follow-ups of a rollback on GitHub, each found before it is made. */
async function followUps(
  ctx: ReleaseContext,
  api: Api,
  state: ReleaseState,
  rollback: Release,
): Promise<Item[]> {
  const { policy } = ctx.loaded;
  const items: Item[] = [];
  if (policy.promotion.deployment.enabled)
    items.push(await ensureDeployment(ctx, api, rollback, RETRY));
  const incident = await ensureIncident(ctx, api, state, rollback, RETRY);
  items.push(...incident.items);
  if (policy.rollback.revert_pr)
    items.push(await ensureRevertPullRequest(ctx, api, state, rollback, incident.issue, RETRY));
  return items;
}

/** A rollback's summary: what it did, and which follow-up a re-run must finish. */
function summaryOf(done: string) {
  return (items: readonly Item[]) => {
    const missed = items.filter((i) => i.rule === 'follow-up' && i.status === 'error');
    return missed.length
      ? `${done}; NOT done: ${missed.map((i) => i.id).join(', ')} (run the same rollback again to finish)`
      : done;
  };
}

/**
 * Checks every precondition of a rollback and plans it: the items, and the plan when every
 * check passes. The same rollback again plans no move, only the follow-ups left undone.
 */
export async function checkRollback(
  ctx: ReleaseContext,
  request: RollbackRequest,
): Promise<Checked> {
  const { policy } = ctx.loaded;
  const { git } = ctx.ports;
  const p = policy.promotion;
  const items: Item[] = [];
  const stop = (why: string): Checked => ({
    items,
    verdicts: [],
    commit: null,
    stopped: `nothing moved: ${why}`,
  });

  const actor =
    ctx.actor && isBot(ctx.actor)
      ? await automaticRollback(ctx, request)
      : await authorize(
          policy,
          ctx.actor,
          {
            roles: policy.rollback.allowed_roles,
            what: 'roll back',
            field: 'rollback.allowed_roles',
          },
          ctx.ports.github,
        );
  items.push(actor);
  if (actor.status !== 'pass') return stop('the actor may not roll back');

  const checked = checkReason(request.reason, true);
  const reason = checked.reason ?? '';
  items.push(
    checked.item ?? { id: 'reason', status: 'pass', message: `reason: ${reason}`, rule: 'reason' },
  );

  const github = needGitHub(ctx, 'opening the incident issue');
  items.push(github.item);
  const api: Api | undefined =
    github.github && github.repo ? { github: github.github, repo: github.repo } : undefined;

  const state = await readState(ctx);
  items.push(...stateItems(state));
  const current = state.current;
  if (!current) {
    items.push({
      id: 'target',
      status: 'fail',
      message: `there is nothing to roll back: no release is recorded on ${state.remote}`,
      hint: 'promote a verified commit first',
      rule: 'target',
    });
    return stop('no release yet');
  }
  if (blocked(items)) return stop('a precondition failed');

  // The same rollback again (a double click, a re-run after a failed follow-up) moves
  // nothing: `previous` right after a rollback would otherwise go one more release back.
  const rolledBackTo =
    current.record.kind === 'rollback'
      ? state.releases[current.record.rollback_to! - 1]
      : undefined;
  const resolved =
    rolledBackTo && request.target === 'previous'
      ? { release: rolledBackTo }
      : await resolveTarget(ctx, state, request.target);
  if ('problem' in resolved) {
    items.push({
      id: 'target',
      status: 'fail',
      message: resolved.problem,
      hint: resolved.hint,
      rule: 'target',
    });
    return stop('no rollback target');
  }
  const again = rolledBackTo !== undefined && resolved.release === rolledBackTo;
  const target = resolved.release;
  if (again) {
    items.push({
      id: 'target',
      status: 'pass',
      message: `already rolled back: ${describeRelease(current)} put ${p.branch} back on ${target.record.tag}'s content (${current.record.reason ?? ''}); nothing moved${request.target === 'previous' ? `. To go further back, name the release: --target ${p.tag_prefix}N` : ''}`,
      observed: current.record.tag,
      rule: 'target',
    });
    return {
      items,
      verdicts: [],
      commit: null,
      plan: {
        state,
        data: {
          release: current.number,
          tag: current.record.tag,
          commit: current.record.stable.commit,
          'rolled-back-from': state.releases[current.record.previous_release! - 1]!.record.tag,
          'rolled-back-to': target.record.tag,
        },
        followUps: () => followUps(ctx, api!, state, current),
        summary: summaryOf(`already rolled back by ${current.record.tag}: nothing moved`),
      },
    };
  }

  const problem =
    target.number === current.number
      ? `${target.record.tag} is the current release`
      : target.record.stable.tree === current.record.stable.tree
        ? `${target.record.tag} has the content production runs already (${current.record.tag})`
        : target.rejected
          ? `${target.record.tag} was rejected by ${target.rejected.actor} at ${target.rejected.at}: ${target.rejected.reason}`
          : !target.verified
            ? `${target.record.tag} was not verified: its gates gave ${target.record.gates?.result ?? 'no verdict'}`
            : '';
  items.push(
    problem
      ? {
          id: 'target',
          status: 'fail',
          message: `cannot roll back to ${target.record.tag}: ${problem}`,
          hint: 'name another release with --target release/N (release-gates releases lists them)',
          rule: 'target',
        }
      : {
          id: 'target',
          status: 'pass',
          message: `rolls back from ${describeRelease(current)} to ${describeRelease(target)}`,
          observed: target.record.tag,
          rule: 'target',
        },
  );
  if (blocked(items)) return stop('no valid rollback target');

  // The rollback commit is an object no ref points at until the push: the plan names its SHA.
  const at = ctx.now;
  const number = state.releases.length + 1;
  const tag = `${p.tag_prefix}${number}`;
  const stable = state.stable!.commit;
  const identity = identityOf(ctx.actor!, at);
  const head =
    p.strategy === 'reset'
      ? target.record.stable.commit
      : await git.createCommit({
          tree: target.record.stable.tree,
          parents: [stable],
          message: `Roll ${p.branch} back to ${target.record.tag} as ${tag}\n\nFrom ${current.record.tag}: ${reason}\nThe tree of this commit is exactly the tree of ${target.record.tag}.\n`,
          identity,
        });
  const record: ReleaseRecord = {
    schema: RECORD_SCHEMA,
    release: number,
    tag,
    kind: 'rollback',
    ...markOf(ctx, isoSeconds(at)),
    reason,
    ...(request.incident ? { incident: request.incident } : {}),
    source: { ref: target.record.tag, commit: target.record.stable.commit },
    stable: { branch: p.branch, commit: head, tree: target.record.stable.tree, previous: stable },
    previous_release: current.number,
    rollback_to: target.number,
    model: target.record.model,
    policy: policyOf(ctx),
    gates: null,
    run: ctx.run.url ? { url: ctx.run.url } : null,
  };
  const bad = contentOrigin(state, current);
  const mark = markOf(ctx, record.at);
  const events: NewEvent[] = [{ ...mark, event: 'rollback', record }];
  if (policy.rollback.reject && !bad.rejected)
    events.push({ ...mark, event: 'reject', release: bad.number, reason });
  if (policy.rollback.freeze && !state.frozen)
    events.push({
      ...mark,
      event: 'freeze',
      reason: `rolled back ${current.record.tag} (${tag}): ${reason}`,
    });
  const how =
    p.strategy === 'reset'
      ? `resets ${p.branch} to ${shortSha(head)} (with a lease)`
      : `adds ${shortSha(head)} on ${p.branch} with exactly ${target.record.tag}'s tree`;
  const marks = [
    events.some((e) => e.event === 'reject') ? `rejects ${bad.record.tag}` : '',
    events.some((e) => e.event === 'freeze') ? 'freezes promotions' : '',
  ].filter(Boolean);
  const andMarks = marks.length ? `, ${marks.join(', ')}` : '';
  const then = [
    p.deployment.enabled ? 'records the deployment' : '',
    'opens the incident issue',
    policy.rollback.revert_pr ? 'the revert pull request' : '',
  ].filter(Boolean);
  return {
    items,
    verdicts: [],
    commit: null,
    plan: {
      state,
      move: {
        publication: { events, move: { head, record }, identity },
        what: 'rollback',
        preview: {
          message: `dry run: the rollback ${how}, tags ${tag}${andMarks}, then ${then.join(', ')}; nothing moved`,
          summary: `dry run: every precondition holds; ${tag} would roll back to ${target.record.tag}`,
        },
        published: `published ${tag}: the rollback ${how}${andMarks}`,
      },
      data: {
        release: number,
        tag,
        commit: head,
        'rolled-back-from': current.record.tag,
        'rolled-back-to': target.record.tag,
      },
      // The follow-ups read the state as it is now: this rollback, its rejection and freeze.
      followUps: (published) => {
        const after = { ...state, ...replayLedger([...state.events, ...published]) };
        return followUps(ctx, api!, after, after.current!);
      },
      summary: summaryOf(`rolled ${p.branch} back to ${target.record.tag} as ${tag}`),
    },
  };
}
