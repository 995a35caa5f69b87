import { UserError } from '../errors.js';
import { errorItems, modeOf, type Gate } from '../gate.js';
import { checkWaivers } from '../policy/waivers.js';
import type { CommitStatus } from '../ports.js';
import { decide } from '../verdict/decide.js';
import type { Item } from '../verdict/model.js';
import type { SignoffResult } from './approvals.js';
import {
  notAPullRequest,
  readSignoffs,
  requireGitHub,
  reviewItems,
  roleItems,
} from './signoffs.js';
import { shortSha } from '../words.js';

const STATUS_CONTEXT = 'release-gates/signoff';

function summaryOf(result: SignoffResult, head: string): string {
  const done = result.roles.filter((r) => r.missing === 0);
  const missing = result.roles.filter((r) => r.missing > 0).map((r) => r.role);
  const blocked = result.blockers.map((b) => b.login);
  const unknown = new Set(result.unattributed.map((u) => shortSha(u.sha)));
  return [
    `${done.length} of ${result.roles.length} roles signed off on ${shortSha(head)}`,
    missing.length ? `missing ${missing.join(', ')}` : '',
    blocked.length ? `changes requested by ${blocked.join(', ')}` : '',
    unknown.size ? `writer unknown for ${[...unknown].join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Runbook gate 5: every required role approved the pull request's head commit (product owner
 * AND governance lead, by default two people). Reads the pull request as it is now, so a run
 * triggered by a review sees that review.
 */
export const signoffGate: Gate<'signoff'> = {
  name: 'signoff',
  title: 'Sign-off',
  async run(ctx) {
    const { config, run, loaded } = ctx;
    if (!run.pullRequest) {
      return notAPullRequest('signoff', 'sign-off is given on pull requests');
    }
    const { github, repo } = requireGitHub('signoff', ctx.ports.github, run);
    const { pr, result } = await readSignoffs(github, repo, run.pullRequest.number, ctx.policy, {
      required: config.required,
      dismissStale: config.dismiss_stale,
      bots: config.bots,
      distinct: config.distinct_approvers,
    });
    const items: Item[] = [
      ...roleItems(result, {
        idPrefix: 'role/',
        what: 'sign-off',
        location: (i) => loaded.locate(['gates', 'signoff', 'required', i]),
      }),
      ...reviewItems(result),
    ];
    const summary = summaryOf(result, pr.head.sha);

    if (config.commit_status) {
      // The status says what the verdict will say: the same decision rule, waivers included.
      const verdict = decide(
        { items, summary },
        {
          gate: 'signoff',
          title: 'Sign-off',
          mode: modeOf(ctx.policy, 'signoff'),
          waivers: checkWaivers(loaded, ctx.now),
        },
      );
      const status: CommitStatus = {
        state: verdict.result === 'pass' || verdict.result === 'warn' ? 'success' : 'failure',
        context: STATUS_CONTEXT,
        description: summary,
        ...(run.url ? { targetUrl: run.url } : {}),
      };
      try {
        await github.setCommitStatus(repo, pr.head.sha, status);
        items.push({
          id: 'commit-status',
          status: 'info',
          message: `set ${STATUS_CONTEXT} to ${status.state} on ${shortSha(pr.head.sha)}`,
          rule: 'commit-status',
        });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        items.push(
          ...errorItems(e).map((item) => ({ ...item, id: 'commit-status', rule: 'commit-status' })),
        );
      }
    }

    return {
      items,
      summary,
      data: {
        'pull-request': pr.number,
        head: pr.head.sha,
        roles: result.roles.map((r) => ({
          role: r.role,
          min: r.min,
          approvedBy: r.counted.map((a) => ({ login: a.login, commit: a.commit, at: a.at })),
          missing: r.missing,
        })),
        'missing-roles': result.roles.filter((r) => r.missing > 0).map((r) => r.role),
      },
    };
  },
};
