/**
 * An evidence document's approval is written in the document (`approver`, `approved_on`), so
 * on a pull request it is a claim its author controls, and it stands for the text its approver
 * saw. A pull request that changes the approval or the text keeps the approval only when the
 * platform proves it: the named approver opened the pull request, or approved it (a GitHub
 * review) on its head commit. Outside a pull request the document on the branch arrived
 * through one that was judged so.
 */
import { describeError } from '../errors.js';
import type { GateContext } from '../gate.js';
import { latestDecisions } from '../signoff/approvals.js';
import { requireGitHub } from '../signoff/signoffs.js';
import type { Item } from '../verdict/model.js';
import { shortSha } from '../words.js';

/**
 * A document the pull request changes: who its approval names, and its passing item. `change`:
 * the approval itself (or a new document), or only the text an approval stands for.
 */
export interface ApprovalClaim {
  path: string;
  approver: string;
  approvedOn: string;
  change: 'approval' | 'text';
  item: Item;
}

/** What the pull request does to the document, for messages. */
const changes = (c: ApprovalClaim) =>
  c.change === 'approval'
    ? `this pull request changes its approval to ${c.approver} (${c.approvedOn})`
    : `this pull request changes the document ${c.approver} approved on ${c.approvedOn}`;

/**
 * The approval items of the claims, each kept when proven and otherwise turned into a failure
 * (an error when the reviews cannot be read: a claim is never taken on trust).
 */
export async function proveApprovals(
  ctx: GateContext<'compliance'>,
  claims: readonly ApprovalClaim[],
): Promise<Item[]> {
  const pr = ctx.run.pullRequest;
  if (!pr || claims.length === 0) return claims.map((c) => c.item);
  let approvedBy: Set<string>;
  try {
    const { github, repo } = requireGitHub('compliance', ctx.ports.github, ctx.run);
    // Each reviewer's latest decision, as sign-off counts them: an approval later turned into
    // a request for changes, or dismissed, proves nothing.
    approvedBy = new Set(
      latestDecisions(await github.reviews(repo, pr.number))
        .filter((r) => r.state === 'APPROVED' && r.commit === pr.head.sha)
        .map((r) => r.reviewer.login.toLowerCase()),
    );
  } catch (e) {
    return claims.map((c) => ({
      ...c.item,
      status: 'error',
      message: `${c.path}: ${changes(c)}, and the reviews that would show ${c.approver} approved it could not be read: ${describeError(e)}`,
      hint: 'give the compliance job `pull-requests: read` and keep the `token` input, then re-run it',
    }));
  }
  const head = shortSha(pr.head.sha);
  return claims.map((c) => {
    const login = c.approver.toLowerCase();
    if (login === pr.author.toLowerCase())
      return { ...c.item, message: `${c.item.message}, who opened this pull request` };
    if (approvedBy.has(login))
      return { ...c.item, message: `${c.item.message}, proven by their approval of ${head}` };
    return {
      ...c.item,
      status: 'fail',
      message: `${c.path}: ${changes(c)}, but ${c.approver} has not approved the pull request on its head commit ${head}`,
      hint: `${c.approver} reviews the document and approves this pull request (the check re-runs on the review): an approval stands for the text its approver saw, and one written by someone else does not count`,
      observed: c.approver,
      expected: `an approving review by ${c.approver} on ${head}`,
    };
  });
}

/** What an approval is, for comparing the head's with the base's. */
export const approvalKey = (approver: string | undefined, approvedOn: string | undefined) =>
  `${(approver ?? '').toLowerCase()}\0${approvedOn ?? ''}`;
