/**
 * What a deploy workflow may deploy: the head of the release branch, only when it is the
 * recorded, verified release whose record matches. The checks are rollback readiness's; a tag
 * named like a release proves nothing by itself.
 */
import type { Item } from '../verdict/model.js';
import {
  blocked,
  readState,
  stateItems,
  type OperationResult,
  type ReleaseContext,
} from './operation.js';
import { shortSha } from '../words.js';
import { currentReleaseItem } from '../rollback-readiness/gate.js';

export async function verifyRelease(ctx: ReleaseContext): Promise<OperationResult> {
  const state = await readState(ctx);
  const items: Item[] = stateItems(state);
  const { current, stable, branch } = state;
  items.push(
    current
      ? currentReleaseItem(current)
      : {
          id: 'current-release',
          status: 'fail',
          message: `nothing is released: no release is recorded for ${branch}`,
          hint: 'promote a verified commit first (release-gates promote)',
          rule: 'current-release',
        },
  );
  const done = (summary: string, data: Record<string, unknown>): OperationResult => ({
    outcome: { items, summary, data },
    verdicts: [],
    commit: null,
  });
  if (blocked(items) || !current || !stable)
    return done(`do not deploy: the head of ${branch} is not a verified, recorded release`, {
      deployable: false,
    });
  return done(
    `deploy ${current.record.tag}: ${branch} is at ${shortSha(stable.commit)}, recorded and verified`,
    {
      deployable: true,
      release: current.number,
      tag: current.record.tag,
      commit: stable.commit,
      tree: current.record.stable.tree,
    },
  );
}
