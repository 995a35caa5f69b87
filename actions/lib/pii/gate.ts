import { UserError } from '../errors.js';
import { errorItems, type Gate, type GateContext } from '../gate.js';
import { readSignoffs, requireGitHub, reviewItems, roleItems } from '../signoff/signoffs.js';
import type { Item } from '../verdict/model.js';
import { Baseline } from './baseline.js';
import { piiOutcome, readBaseline, scanPaths } from './check.js';

/**
 * The baseline that judges: outside a pull request the checked-out file. On a pull request the
 * author controls the head's copy, so only the entries the base commit already has count,
 * unless the policy owner approved the added ones on the head commit.
 */
async function judgingBaseline(
  ctx: GateContext<'pii'>,
  file: string,
): Promise<{ baseline?: Baseline; items: Item[] }> {
  const pr = ctx.run.pullRequest;
  if (!pr) return { baseline: await readBaseline(ctx.inputs, file), items: [] };
  const baseBytes = await ctx.inputs.readAt(pr.base.sha, file);
  const base = baseBytes
    ? Baseline.parse(Buffer.from(baseBytes).toString('utf8'), file)
    : undefined;
  const head = (await ctx.ports.files.stat(file)) ? await readBaseline(ctx.inputs, file) : base;
  if (!head) {
    throw new UserError({
      message: `the PII baseline ${file} exists neither on the base commit nor in the pull request`,
      hint: `create it with \`release-gates pii-scan --write-baseline ${file}\`, or remove gates.pii.baseline`,
      location: { file },
    });
  }
  const known = new Set(
    base && sameHashes(base, head) ? base.data.findings.map((f) => entryKey(f)) : [],
  );
  const kept = head.data.findings.filter((f) => known.has(entryKey(f)));
  const added = head.data.findings.length - kept.length;
  if (added === 0) return { baseline: head, items: [] };

  // The role that approves policy weakenings: a baseline entry is a finding let through.
  const role = ctx.policy.gates['policy-change']?.approver_role ?? ctx.policy.metadata.owner;
  const what = `approval of ${added} PII baseline entr${added === 1 ? 'y' : 'ies'} added by this pull request`;
  const onBase = new Baseline({ ...head.data, findings: kept });
  try {
    const { github, repo } = requireGitHub('pii', ctx.ports.github, ctx.run);
    const signoff = ctx.policy.gates.signoff;
    const { result } = await readSignoffs(github, repo, pr.number, ctx.policy, {
      required: [{ role, min: 1 }],
      dismissStale: signoff?.dismiss_stale ?? true,
      bots: signoff?.bots ?? [],
      distinct: true,
    });
    const approved = result.roles[0]!.missing === 0 && result.blockers.length === 0;
    const items = [
      ...roleItems(result, {
        idPrefix: 'baseline-approval/',
        what,
        location: () => ({ file, line: 1, column: 1 }),
      }),
      ...reviewItems(result),
    ];
    return { baseline: approved ? head : onBase, items };
  } catch (e) {
    // Fail closed: the added entries are not honoured when the approval cannot be read.
    return { baseline: onBase, items: errorItems(e, 'baseline-approval/') };
  }
}

/** Entries compare by hash only when both files hash the same way (same salt and kdf). */
function sameHashes(a: Baseline, b: Baseline): boolean {
  return a.data.salt === b.data.salt && JSON.stringify(a.data.kdf) === JSON.stringify(b.data.kdf);
}

const entryKey = (f: { type: string; file: string; hash: string }) =>
  `${f.file}\0${f.type}\0${f.hash}`;

/**
 * No personal data or secrets in golden outputs: every finding that no allowlist or
 * baseline accepts is an item at its file, line and column, with a masked preview only.
 */
export const piiGate: Gate<'pii'> = {
  name: 'pii',
  title: 'PII in golden outputs',
  async run(ctx) {
    const { config, ports, inputs, loaded } = ctx;
    const { baseline, items } = config.baseline
      ? await judgingBaseline(ctx, config.baseline)
      : { items: [] };
    const result = await scanPaths(config, { files: ports.files, inputs }, baseline);
    const outcome = piiOutcome(config, result, (path) => loaded.locate(path));
    return { ...outcome, items: [...items, ...outcome.items] };
  },
};
