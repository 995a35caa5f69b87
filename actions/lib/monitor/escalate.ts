/**
 * What a breach does: one incident issue per kind of breach (a comment on the open one when
 * there is one, found by its labels and the marker in its body), and, where the policy says
 * so, one dispatch of the rollback workflow. Everything goes through the GitHub port; a dry
 * run reads but never writes.
 */
import { errorItems } from '../gate.js';
import type { Monitoring } from '../policy/policy.generated.js';
import type { GitHubPort, Issue, Repo } from '../ports.js';
import type { Item } from '../verdict/model.js';
import { marker } from './judge.js';

/** Set on an incident issue once the monitor dispatched a rollback for it. */
const ROLLBACK_LABEL = 'rollback-dispatched';
/** GitHub refuses issue bodies and comments longer than 65,536 characters. */
const MAX_BODY = 60_000;
/** The rollback workflow takes at most this much reason. */
const MAX_REASON = 2000;

export interface Incident {
  /** `slo/<id>`, `drift`, `quality` or `incidents`. */
  kind: string;
  action: 'issue' | 'rollback';
  /** The failed items of this kind. */
  items: Item[];
}

interface EscalationContext {
  config: Monitoring;
  github?: GitHubPort;
  repo?: Repo;
  dryRun: boolean;
  /** Branch the rollback workflow is dispatched on (it runs only from there). */
  ref: string;
  now: Date;
  runUrl?: string;
  /** The incident's evidence as markdown: its items and examples through the shared renderer. */
  evidence(incident: Incident, budget: number): string;
}

interface IssueAction {
  kind: string;
  action: 'opened' | 'commented' | 'would open' | 'would comment';
  number?: number;
  url?: string;
}

interface Escalation {
  items: Item[];
  issues: IssueAction[];
  rollback: { dispatched: boolean; workflow: string; ref: string; reason: string } | null;
}

export function kindTitle(kind: string): string {
  if (kind.startsWith('slo/')) return `SLO ${kind.slice(4)}`;
  return (
    { drift: 'data drift', quality: 'quality drop', incidents: 'incident count' }[kind] ?? kind
  );
}

function info(id: string, message: string): Item {
  return { id, status: 'info', message, rule: 'action' };
}

function failure(id: string, e: unknown): Item {
  return { ...errorItems(e)[0]!, id, rule: 'action' };
}

function body(incident: Incident, ctx: EscalationContext): string {
  const run = ctx.runUrl ? ` in [this run](${ctx.runUrl})` : '';
  const rollback =
    incident.action === 'rollback'
      ? '\n\nThe policy rolls production back for this breach: the monitor dispatches the rollback workflow once while this issue is open (it then carries the `rollback-dispatched` label).'
      : '';
  const head = `${marker(incident.kind)}\n**${kindTitle(incident.kind)}** breached in production, found by \`release-gates monitor\`${run} at ${ctx.now.toISOString()}.${rollback}\n\nWhat to do: contain first (Actions › Rollback to stable, unless the policy dispatched it), follow the incident runbook, and close this issue after the post-mortem. While it is open, later runs comment here; a later breach of the same kind opens a new issue.\n\n`;
  return head + ctx.evidence(incident, MAX_BODY - head.length);
}

function comment(incident: Incident, ctx: EscalationContext): string {
  const run = ctx.runUrl ? ` ([run](${ctx.runUrl}))` : '';
  const head = `Still breached at ${ctx.now.toISOString()}${run}.\n\n`;
  return head + ctx.evidence(incident, MAX_BODY - head.length);
}

function reasonOf(incidents: Incident[]): string {
  const text = `release-gates monitor: ${incidents
    .map((i) => `${kindTitle(i.kind)}: ${i.items.map((x) => x.message).join('; ')}`)
    .join(' | ')}`;
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/** Opens or comments on the incident issues and dispatches the rollback the policy asks for. */
export async function escalate(incidents: Incident[], ctx: EscalationContext): Promise<Escalation> {
  const out: Escalation = { items: [], issues: [], rollback: null };
  if (incidents.length === 0) return out;
  const { config } = ctx;
  const rollbacks = incidents.filter((i) => i.action === 'rollback');
  const dry = ctx.dryRun ? 'dry run: would ' : '';

  if (!ctx.repo || !ctx.github) {
    const why = !ctx.repo
      ? 'the repository is not known (set GITHUB_REPOSITORY, or pass --repo OWNER/NAME)'
      : 'no GitHub token was given (the `token` input of the action, or GITHUB_TOKEN for the command line)';
    for (const incident of incidents) {
      const id = `action/issue/${incident.kind}`;
      out.items.push(
        ctx.dryRun
          ? info(
              id,
              `${dry}open an incident issue for ${kindTitle(incident.kind)}, or comment on the open one (${why})`,
            )
          : {
              id,
              status: 'error',
              message: `the incident issue for ${kindTitle(incident.kind)} cannot be opened: ${why}`,
              hint: 'give the token and repository, or run with --dry-run to only report',
              rule: 'action',
            },
      );
      out.issues.push({ kind: incident.kind, action: 'would open' });
    }
    if (rollbacks.length && ctx.dryRun)
      out.items.push(
        info(
          'action/rollback',
          `${dry}dispatch ${config.rollback_workflow} on ${ctx.ref} (${why})`,
        ),
      );
    return out;
  }

  const { github, repo } = ctx;
  let open: Issue[];
  try {
    open = await github.issues(repo, { labels: config.issue_labels, state: 'open' });
  } catch (e) {
    out.items.push(failure('action/issues', e));
    return out;
  }

  const opened = new Map<string, Issue | { number: number; url: string }>();
  for (const incident of incidents) {
    const id = `action/issue/${incident.kind}`;
    const existing = open.find((i) => i.body.includes(marker(incident.kind)));
    const title = `Monitoring: ${kindTitle(incident.kind)} breached`;
    if (ctx.dryRun) {
      out.items.push(
        info(
          id,
          existing
            ? `${dry}comment on #${existing.number} (${existing.url}) with the evidence`
            : `${dry}open the incident issue "${title}" labelled ${config.issue_labels.join(', ')}`,
        ),
      );
      out.issues.push({
        kind: incident.kind,
        action: existing ? 'would comment' : 'would open',
        ...(existing ? { number: existing.number, url: existing.url } : {}),
      });
      if (existing) opened.set(incident.kind, existing);
      continue;
    }
    try {
      if (existing) {
        await github.commentOnIssue(repo, existing.number, comment(incident, ctx));
        opened.set(incident.kind, existing);
        out.items.push(
          info(id, `commented on #${existing.number} with the evidence: ${existing.url}`),
        );
        out.issues.push({
          kind: incident.kind,
          action: 'commented',
          number: existing.number,
          url: existing.url,
        });
      } else {
        const issue = await github.createIssue(repo, {
          title,
          body: body(incident, ctx),
          labels: config.issue_labels,
        });
        opened.set(incident.kind, issue);
        out.items.push(info(id, `opened #${issue.number}: ${issue.url}`));
        out.issues.push({
          kind: incident.kind,
          action: 'opened',
          number: issue.number,
          url: issue.url,
        });
      }
    } catch (e) {
      out.items.push(failure(id, e));
    }
  }

  if (rollbacks.length === 0) return out;
  const workflow = config.rollback_workflow;
  const reason = reasonOf(rollbacks);
  const done = open.find((i) => i.labels.includes(ROLLBACK_LABEL));
  if (done) {
    out.items.push(
      info(
        'action/rollback',
        `${workflow} not dispatched again: #${done.number} already dispatched a rollback and is still open (close it after the post-mortem to re-arm automatic rollback)`,
      ),
    );
    out.rollback = { dispatched: false, workflow, ref: ctx.ref, reason };
    return out;
  }
  const incident = rollbacks.map((r) => opened.get(r.kind)).find((i) => i !== undefined);
  if (ctx.dryRun) {
    out.items.push(
      info(
        'action/rollback',
        `${dry}dispatch ${workflow} on ${ctx.ref} with target previous: ${reason}`,
      ),
    );
    out.rollback = { dispatched: false, workflow, ref: ctx.ref, reason };
    return out;
  }
  try {
    await github.dispatchWorkflow(repo, workflow, ctx.ref, {
      target: 'previous',
      reason,
      incident: incident?.url ?? '',
    });
  } catch (e) {
    out.items.push(failure('action/rollback', e));
    return out;
  }
  out.rollback = { dispatched: true, workflow, ref: ctx.ref, reason };
  const marked: number[] = [];
  try {
    for (const r of rollbacks) {
      const issue = opened.get(r.kind);
      if (issue && !marked.includes(issue.number)) {
        await github.addIssueLabels(repo, issue.number, [ROLLBACK_LABEL]);
        marked.push(issue.number);
      }
    }
  } catch (e) {
    out.items.push({
      ...failure('action/rollback-label', e),
      hint: `the rollback was dispatched, but the issue is not marked: add the ${ROLLBACK_LABEL} label by hand, or the next run dispatches another rollback`,
    });
  }
  out.items.push(
    info(
      'action/rollback',
      `dispatched ${workflow} on ${ctx.ref} with target previous${incident ? ` for ${incident.url}` : ''}: ${reason}`,
    ),
  );
  return out;
}
