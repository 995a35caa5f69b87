/**
 * The release commands: promote, rollback, freeze, unfreeze, clear-rejection and releases.
 * Each returns a report whose first verdict holds an item per precondition checked and per
 * step done, so every output format (and the action's outputs) shows exactly what happened.
 */
import { UserError } from '../errors.js';
import { errorItems } from '../gate.js';
import { defaultPromotion, type LoadedPolicy } from '../policy/load.js';
import type { GitPort, Ports } from '../ports.js';
import { verifyRelease } from '../release/deployable.js';
import { checkRepair } from '../release/repair.js';
import { history } from '../release/history.js';
import { releaseRefPatterns } from '../release/state.js';
import { markRelease } from '../release/marks.js';
import { readState, type OperationResult, type ReleaseContext } from '../release/operation.js';
import { checkPromotion } from '../release/promote.js';
import { checkRollback } from '../release/rollback.js';
import { carryOut } from '../release/write.js';
import { decide, errorVerdict } from '../verdict/decide.js';
import type { Item, Report } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { REPO_OPTION, withRepository } from './pull-request.js';
import {
  POLICY_OPTIONS,
  defineCommand,
  flag,
  text,
  type CommandEnv,
  type OptionValues,
  type PolicyChoice,
} from './spec.js';

export const RELEASE_POLICY_OPTIONS = {
  policy: POLICY_OPTIONS.policy,
  'policy-ref': text(
    'Read the policy as it is at this git ref. Default: the head of the source branch (promotion.source) on the remote, fetched now: the policy in force judges, not the copy a commit or the checkout carries.',
  ),
};

/** Options every command that writes releases takes. */
const WRITER_OPTIONS = {
  'dry-run': flag('Check every precondition and say what would happen; move nothing.'),
  actor: text(
    "GitHub login of who acts, checked against the policy's roles. On the command line the actor is the login of the token in use (GET /user): --actor must name it. In GitHub Actions it is always the workflow's triggering actor.",
    { cliOnly: true },
  ),
  'local-unverified': flag(
    'Without a token, against a remote that is not on GitHub only: act as --actor unproven; the records say "unverified local actor".',
    { cliOnly: true },
  ),
  repo: REPO_OPTION,
  ...RELEASE_POLICY_OPTIONS,
};

type WriterValues = Partial<OptionValues<typeof WRITER_OPTIONS>>;

/** Why, for the records that keep it: the release record, the ledger, the incident issue. */
const reasonOption = (keptIn: string) =>
  text(`Why, in your words: kept in ${keptIn}.`, { required: true });

type Promotion = LoadedPolicy['policy']['promotion'];

/**
 * The head of the source branch on the remote, fetched in one go with the releases' refs: one
 * snapshot of the remote, which reading the release state then reuses.
 */
async function sourceHead(git: GitPort, p: Promotion): Promise<string> {
  const ref = `refs/heads/${p.source}`;
  const releases = releaseRefPatterns({
    remote: p.remote,
    branch: p.branch,
    tagPrefix: p.tag_prefix,
  });
  const snapshot = await git.fetchRefs(p.remote, [ref, ...releases]);
  const head = snapshot.refs.find((r) => r.name === ref)?.commit;
  if (!head) {
    throw new UserError({
      message: `the source branch ${p.source} does not exist on ${snapshot.source === 'remote' ? p.remote : 'this repository'}`,
      hint: 'check promotion.source and promotion.remote in the policy, and that the checkout keeps its remote (actions/checkout with fetch-depth: 0)',
    });
  }
  return head;
}

/** Whether a policy names the branch it was read from as its source. */
const sameSource = (a: Promotion, b: Promotion) => a.remote === b.remote && a.source === b.source;

/**
 * The policy in force: read at the head of the source branch on the remote, so that neither
 * an old commit being promoted nor the checkout can bring a weaker policy. The working tree's
 * copy only says where to look; `--policy-ref` overrides.
 */
export async function loadReleasePolicy(
  options: PolicyChoice,
  ports: Ports,
): Promise<{ loaded: LoadedPolicy; sourceHead: string }> {
  if (options['policy-ref']) {
    const loaded = await loadPolicy(options, ports);
    return { loaded, sourceHead: await sourceHead(ports.git, loaded.policy.promotion) };
  }
  let at = defaultPromotion();
  try {
    at = (await loadPolicy(options, ports)).policy.promotion;
  } catch {
    // No usable copy in the working tree: the defaults say where to look.
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const head = await sourceHead(ports.git, at);
    const loaded = await loadPolicy({ ...options, 'policy-ref': head }, ports);
    if (sameSource(loaded.policy.promotion, at)) return { loaded, sourceHead: head };
    at = loaded.policy.promotion;
  }
  throw new UserError({
    message: `the policy at the head of ${at.source} names another source branch than the one it was read from`,
    hint: 'make promotion.source and promotion.remote name the branch the policy lives on, or pass --policy-ref',
  });
}

/** Whether a remote URL is on GitHub (github.com, GitHub Enterprise at `serverUrl`, ghe.com). */
function onGitHub(url: string, serverUrl: string | undefined): boolean {
  const hosts = ['github.com', '.ghe.com'];
  if (serverUrl) hosts.push(new URL(serverUrl).host.toLowerCase());
  const host =
    /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url)?.[1] ??
    /^(?:[^@/]*@)?([^/:]+):/.exec(url)?.[1];
  if (!host) return false;
  const h = host.toLowerCase();
  return hosts.some((x) => (x.startsWith('.') ? h.endsWith(x) : h === x));
}

interface ProvenActor {
  actor?: string;
  unverified?: boolean;
  /** Why the actor cannot act: nothing is read or moved. */
  item?: Item;
}

/**
 * Who acts, proven rather than declared: in GitHub Actions the runner's actor; on the command
 * line the login of the token in use (GET /user), which --actor may only repeat. Without a
 * token only a dry run, or --local-unverified against a remote that is not on GitHub, goes on.
 */
async function provenActor(
  options: WriterValues,
  env: CommandEnv,
  remote: string,
): Promise<ProvenActor> {
  const declared = options.actor;
  const refuse = (message: string, hint: string): ProvenActor => ({
    item: { id: 'actor', status: 'error', message, hint, rule: 'identity' },
  });
  if (env.run.event !== 'local') {
    const runner = env.run.actor;
    if (declared && declared.toLowerCase() !== runner?.toLowerCase())
      return refuse(
        `in GitHub Actions the actor is the workflow's (${runner ?? 'unknown'}), not --actor ${declared}`,
        'drop --actor: a workflow acts as whoever triggered it',
      );
    return runner ? { actor: runner } : {};
  }
  const { github } = env.ports;
  if (github) {
    let login: string;
    try {
      login = (await github.authenticatedUser()).login;
    } catch (e) {
      return {
        item: {
          ...errorItems(e)[0]!,
          id: 'actor',
          rule: 'identity',
          hint: 'on the command line the actor is the login of the token in use: give a user token (GITHUB_TOKEN=$(gh auth token))',
        },
      };
    }
    if (declared && declared.toLowerCase() !== login.toLowerCase())
      return refuse(
        `--actor ${declared} is not who the token in use belongs to (${login}): the actor is proven by the token, never declared`,
        `drop --actor, or run with ${declared}'s own token`,
      );
    return { actor: login };
  }
  if (options['dry-run']) return declared ? { actor: declared } : {};
  if (options['local-unverified']) {
    const url = await env.ports.git.remoteUrl(remote);
    if (url && onGitHub(url, env.run.serverUrl))
      return refuse(
        `--local-unverified is for remotes that are not on GitHub, and ${remote} is (${url})`,
        'give a token (GITHUB_TOKEN=$(gh auth token)): its login is the actor',
      );
    if (!declared)
      return refuse(
        '--local-unverified needs --actor: the records name who acted, unverified',
        'pass --actor LOGIN',
      );
    return { actor: declared, unverified: true };
  }
  return refuse(
    'no token was given, so who acts cannot be proven: refusing before anything moves',
    'set GITHUB_TOKEN or GH_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token)): its login is the actor; for a remote that is not on GitHub, --local-unverified --actor LOGIN records an unverified local actor',
  );
}

/** Loads the policy in force, runs the operation, and reports its items and gate verdicts. */
async function runRelease(
  command: string,
  title: string,
  options: WriterValues,
  env: CommandEnv,
  operation: (ctx: ReleaseContext) => Promise<OperationResult>,
  writes = true,
): Promise<Report> {
  const run = withRepository(options, env.run);
  let source: Awaited<ReturnType<typeof loadReleasePolicy>>;
  try {
    source = await loadReleasePolicy(options, env.ports);
  } catch (e) {
    return makeReport(
      command,
      [errorVerdict(command, title, 'enforce', errorItems(e))],
      null,
      run.commit,
    );
  }
  const who = writes ? await provenActor(options, env, source.loaded.policy.promotion.remote) : {};
  if (who.item) {
    const verdict = decide(
      { items: [who.item], summary: 'nothing moved: who acts is not proven' },
      { gate: command, title, mode: 'enforce' },
    );
    return makeReport(command, [verdict], source.loaded.ref, run.commit);
  }
  const ctx: ReleaseContext = {
    ...source,
    ports: env.ports,
    run,
    actor: who.actor,
    ...(who.unverified ? { unverifiedActor: true } : {}),
    dryRun: options['dry-run'] === true,
    now: env.ports.clock.now(),
  };
  let result: OperationResult;
  try {
    result = await operation(ctx);
  } catch (e) {
    result = { outcome: { items: errorItems(e) }, verdicts: [], commit: null };
  }
  const verdict = decide(result.outcome, { gate: command, title, mode: 'enforce' });
  return makeReport(
    command,
    [verdict, ...result.verdicts],
    source.loaded.ref,
    result.commit ?? run.commit,
  );
}

function incidentOf(given: string | undefined): string | undefined {
  const incident = given?.trim();
  if (incident && (incident.length > 200 || /[\r\n]/.test(incident))) {
    throw new UserError({
      message: 'the incident reference must be one line of at most 200 characters',
      hint: 'e.g. --incident INC-2041, or a link to the ticket',
    });
  }
  return incident || undefined;
}

export const promoteCommand = defineCommand({
  name: 'promote',
  summary:
    'Promote a commit of the source branch to the release branch: check every precondition, re-run the gates on that exact commit, then move the branch, the release tag and the ledger in one atomic push.',
  details:
    'Nothing moves unless the actor holds a role of promotion.allowed_roles, the commit is on the source branch, the records agree, the commit is not the content of a rejected release, promotions are not frozen, and every gate of promotion.gates passes or warns on the commit (read from git: no checkout is needed). docs/release-model.md explains the model.',
  options: {
    commit: text(
      'Commit of the source branch to promote (a SHA or a ref). Default: the head of the source branch on the remote.',
    ),
    reason: text('Why, in your words: kept in the release record and the ledger.'),
    ...WRITER_OPTIONS,
  },
  examples: [
    {
      what: 'Say what promoting the head of the source branch would do; move nothing',
      run: 'release-gates promote --dry-run',
    },
    {
      what: 'Promote one commit, with a reason for the records (needs GITHUB_TOKEN)',
      run: "release-gates promote --commit 3f2a9c1 --reason 'weekly release'",
    },
  ],
  run(options, env) {
    return runRelease('promote', 'Promote', options, env, async (ctx) =>
      carryOut(
        ctx,
        await checkPromotion(ctx, {
          ...(options.commit ? { commit: options.commit } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
        }),
      ),
    );
  },
});

export const rollbackCommand = defineCommand({
  name: 'rollback',
  summary:
    "Roll the release branch back to an earlier release's exact tree with a new commit, reject the bad release, freeze promotions, and open the incident issue (and optionally a revert pull request).",
  details:
    'Checks the actor against rollback.allowed_roles first. Running the same rollback again moves nothing and finishes what a failed run left undone (the incident issue, the revert pull request, the deployment record). docs/runbook-rollback.md is the incident flow.',
  options: {
    target: text(
      'Release to return to: previous (the newest earlier verified, unrejected release with other content), a release tag (release/3), a release number, or the commit of a recorded release.',
      { default: 'previous' },
    ),
    reason: reasonOption('the release record, the ledger and the incident issue'),
    incident: text("The incident's reference elsewhere (a ticket id or URL), kept in the record."),
    ...WRITER_OPTIONS,
  },
  examples: [
    {
      what: 'Say what rolling back to the previous release would do; move nothing',
      run: "release-gates rollback --reason 'answers in the wrong language' --dry-run",
    },
    {
      what: 'Roll back to release/3, naming the incident (needs GITHUB_TOKEN)',
      run: "release-gates rollback --target release/3 --reason 'refund answers wrong' --incident INC-2041",
    },
  ],
  run(options, env) {
    return runRelease('rollback', 'Rollback', options, env, async (ctx) => {
      const incident = incidentOf(options.incident);
      return carryOut(
        ctx,
        await checkRollback(ctx, {
          target: options.target,
          reason: options.reason,
          ...(incident ? { incident } : {}),
        }),
      );
    });
  },
});

/** Options of the commands that record a mark in the ledger: freeze, unfreeze, clear-rejection. */
const MARK_OPTIONS = { reason: reasonOption('the ledger'), ...WRITER_OPTIONS };

export const freezeCommand = defineCommand({
  name: 'freeze',
  summary:
    'Freeze promotions (recorded in the ledger) until a governance lead lifts the freeze; a rollback freezes them by itself.',
  options: MARK_OPTIONS,
  examples: [
    {
      what: 'Freeze promotions during an investigation (needs GITHUB_TOKEN)',
      run: "release-gates freeze --reason 'investigating INC-2041'",
    },
    {
      what: 'Say what freezing would record; record nothing',
      run: "release-gates freeze --reason 'code freeze for the audit' --dry-run",
    },
  ],
  run(options, env) {
    return runRelease('freeze', 'Freeze', options, env, (ctx) =>
      markRelease(ctx, { event: 'freeze', reason: options.reason }),
    );
  },
});

export const unfreezeCommand = defineCommand({
  name: 'unfreeze',
  summary:
    'Lift the freeze of promotions (rollback.unfreeze_roles, default the policy owner); recorded in the ledger.',
  options: MARK_OPTIONS,
  examples: [
    {
      what: 'Lift the freeze once the incident is closed (needs GITHUB_TOKEN)',
      run: "release-gates unfreeze --reason 'INC-2041 closed'",
    },
    {
      what: 'Say what lifting the freeze would record; record nothing',
      run: "release-gates unfreeze --reason 'audit done' --dry-run",
    },
  ],
  run(options, env) {
    return runRelease('unfreeze', 'Unfreeze', options, env, (ctx) =>
      markRelease(ctx, { event: 'unfreeze', reason: options.reason }),
    );
  },
});

export const clearRejectionCommand = defineCommand({
  name: 'clear-rejection',
  summary:
    'Clear the rejection of a rolled-back release so that its content may be promoted again (rollback.unfreeze_roles, default the policy owner); recorded in the ledger.',
  options: {
    release: text('The rejected release, as a number or its tag (release/3).', { required: true }),
    ...MARK_OPTIONS,
  },
  examples: [
    {
      what: 'Allow the content of release/3 again after the fix was verified (needs GITHUB_TOKEN)',
      run: "release-gates clear-rejection --release release/3 --reason 'false alarm: the monitor export was truncated'",
    },
    {
      what: 'Say what clearing would record; record nothing',
      run: "release-gates clear-rejection --release 3 --reason 'fixed upstream' --dry-run",
    },
  ],
  run(options, env) {
    return runRelease('clear-rejection', 'Clear rejection', options, env, (ctx) =>
      markRelease(ctx, { event: 'clear', release: options.release, reason: options.reason }),
    );
  },
});

export const releasesCommand = defineCommand({
  name: 'releases',
  summary:
    'The release history from the ledger: what was in production at a time, and every promotion, rollback, freeze and rejection with who and why.',
  options: {
    at: text(
      'Say what was in production at this time (ISO 8601, e.g. 2026-11-22T03:00:00Z) and list the events up to then. Default: now.',
    ),
    limit: text('List at most this many events, newest first; 0 lists all.', { default: '20' }),
    ...RELEASE_POLICY_OPTIONS,
  },
  examples: [
    { what: 'The last 20 events and what is in production now', run: 'release-gates releases' },
    {
      what: 'What was in production at the time of an incident',
      run: 'release-gates releases --at 2026-11-22T03:00:00Z',
    },
    { what: 'The whole history, as JSON', run: 'release-gates releases --limit 0 --format json' },
  ],
  run(options, env) {
    const atText = options.at;
    const at = atText ? new Date(atText) : undefined;
    if (at && (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(atText!))) {
      throw new UserError({
        message: `--at must be a time such as 2026-11-22T03:00:00Z, not "${atText}"`,
      });
    }
    const limitText = options.limit;
    if (!/^\d{1,6}$/.test(limitText))
      throw new UserError({ message: `--limit must be a whole number, not "${limitText}"` });
    return runRelease(
      'releases',
      'Releases',
      options,
      env,
      async (ctx) => {
        const state = await readState(ctx);
        return {
          outcome: history(state, {
            ...(at ? { at } : {}),
            limit: Number(limitText),
            prefix: ctx.loaded.policy.promotion.tag_prefix,
          }),
          verdicts: [],
          commit: null,
        };
      },
      false,
    );
  },
});

export const verifyReleaseCommand = defineCommand({
  name: 'verify-release',
  summary:
    'Check that the head of the release branch is a recorded, verified release whose record matches, and say which: what a deploy workflow may deploy.',
  details:
    'The checks of the rollback-readiness gate on the release branch: the ledger and the release tags agree, the branch is where the last release left it, and that release is verified and not rejected. A tag named like a release proves nothing by itself. Exit 1 when one fails: deploy nothing. Outputs tag, commit (deploy exactly this commit) and tree.',
  options: RELEASE_POLICY_OPTIONS,
  examples: [
    {
      what: 'Check what the release branch holds before deploying',
      run: 'release-gates verify-release',
    },
    {
      what: 'The same, as JSON for a deploy script (the commit to deploy is in the data)',
      run: 'release-gates verify-release --format json --out verify.json',
    },
  ],
  run(options, env) {
    return runRelease('verify-release', 'Verify release', options, env, verifyRelease, false);
  },
});

export const repairCommand = defineCommand({
  name: 'repair',
  summary:
    "Repair a release branch moved outside release-gates: a new commit on top of where it is, with exactly the last recorded release's tree, recorded as a release (no force push).",
  details:
    'For on-call when promote and rollback refuse because the release branch was moved by hand: the same roles as rollback (rollback.allowed_roles). The hand-made commits stay in the history; the branch fast-forwards, so rulesets that block force pushes let it through. docs/runbook-rollback.md.',
  options: { reason: reasonOption('the release record and the ledger'), ...WRITER_OPTIONS },
  examples: [
    {
      what: 'Say what the repair would publish; move nothing',
      run: "release-gates repair --reason 'hotfix pushed by hand' --dry-run",
    },
    {
      what: 'Repair the release branch (needs GITHUB_TOKEN)',
      run: "release-gates repair --reason 'hotfix pushed by hand during INC-2041'",
    },
  ],
  run(options, env) {
    return runRelease('repair', 'Repair', options, env, async (ctx) =>
      carryOut(ctx, await checkRepair(ctx, { reason: options.reason })),
    );
  },
});
