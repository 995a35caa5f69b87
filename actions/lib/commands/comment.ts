import { ApiError, UserError, describeError } from '../errors.js';
import type { GitHubPort, Ports, Repo } from '../ports.js';
import { countItems, RESULTS, SCHEMA_VERSION, type Item, type Report } from '../verdict/model.js';
import { evalTrend } from '../verdict/render/charts.js';
import { COMMENT_MARKER, renderComment, type CommentSection } from '../verdict/render/comment.js';
import { makeReport } from '../verdict/report.js';
import { judgingPolicyPath, loadPolicy } from './policy-source.js';
import { PULL_REQUEST_OPTIONS, withPullRequest } from './pull-request.js';
import { POLICY_OPTIONS, choice, defineCommand, list } from './spec.js';

type CommentOutcome = { action: 'created' | 'updated'; url: string; others: number };

/**
 * Writes `body` as the one report comment of a pull request: the newest comment of ours that
 * starts with the marker is updated (others, left by a race of two runs, stay as they are),
 * else a new one is made. Ours: written by the token's own account, or, for an installation
 * token (GITHUB_TOKEN, a GitHub App), which GitHub does not tell its login, by a bot, so that
 * a person who pastes the marker into a comment never has it overwritten.
 */
async function upsertComment(
  github: GitHubPort,
  repo: Repo,
  number: number,
  body: string,
  links: { serverUrl: string },
): Promise<CommentOutcome> {
  const self = await ownLogin(github);
  const ours = (await github.issueComments(repo, number)).filter(
    (c) =>
      c.body.startsWith(COMMENT_MARKER) && (self ? c.author === self : c.author.endsWith('[bot]')),
  );
  const newest = ours.reduce<(typeof ours)[number] | undefined>(
    (a, c) => (a && a.id > c.id ? a : c),
    undefined,
  );
  if (!newest) {
    return { action: 'created', url: await github.commentOnIssue(repo, number, body), others: 0 };
  }
  await github.updateComment(repo, newest.id, body);
  const url = `${links.serverUrl}/${repo.owner}/${repo.repo}/pull/${number}#issuecomment-${newest.id}`;
  return { action: 'updated', url, others: ours.length - 1 };
}

/** The token's login; null for an installation token, to which GitHub answers 403. */
async function ownLogin(github: GitHubPort): Promise<string | null> {
  try {
    return (await github.authenticatedUser()).login;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return null;
    throw e;
  }
}

/** A report file as the actions write it; anything else is named and left out. */
function parseReport(bytes: Uint8Array, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new UserError({
      message: `${file} is not JSON (${describeError(e)})`,
      hint: 'pass the .json reports the gate actions write to report-dir',
      location: { file },
    });
  }
  const r = data as Partial<Report> | null;
  const valid =
    r?.schemaVersion === SCHEMA_VERSION &&
    Array.isArray(r.verdicts) &&
    r.verdicts.every(
      (v) =>
        typeof v?.gate === 'string' &&
        typeof v.title === 'string' &&
        typeof v.summary === 'string' &&
        RESULTS.includes(v.result) &&
        Array.isArray(v.items),
    );
  if (!valid) {
    throw new UserError({
      message: `${file} is not a release-gates report of schemaVersion ${SCHEMA_VERSION}`,
      hint: 'pass the .json reports the gate actions write to report-dir (docs/verdict-json.md)',
      location: { file },
    });
  }
  return r as Report;
}

async function readReports(
  ports: Ports,
  patterns: readonly string[],
): Promise<{ reports: Report[]; problems: Item[] }> {
  const files = await ports.files.glob(patterns);
  const reports: Report[] = [];
  const problems: Item[] = [];
  for (const file of files) {
    try {
      const report = parseReport(await ports.files.read(file), file);
      // The comment's own report, when it is written next to the gates' ones.
      if (report.command !== 'comment') reports.push(report);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      for (const p of e.problems)
        problems.push({
          id: 'unreadable-report',
          status: 'warn',
          message: p.message,
          ...(p.hint ? { hint: p.hint } : {}),
          ...(p.location ? { location: p.location } : {}),
        });
    }
  }
  return { reports, problems };
}

/** The comment command's own verdict: `warn` when no comment was written that should have been. */
function outcome(items: Item[], summary: string): Report {
  const result = items.some((i) => i.status === 'warn') ? 'warn' : 'pass';
  return makeReport(
    'comment',
    [
      {
        gate: 'comment',
        title: 'Pull request comment',
        result,
        mode: 'enforce',
        summary,
        counts: countItems(items),
        items,
        waivers: { applied: [], rejected: [] },
        inputs: [],
      },
    ],
    null,
    null,
  );
}

const info = (id: string, message: string, hint?: string): Item => ({
  id,
  status: 'info',
  message,
  ...(hint ? { hint } : {}),
});
const warn = (id: string, message: string, hint?: string): Item => ({
  id,
  status: 'warn',
  message,
  ...(hint ? { hint } : {}),
});

export const commentCommand = defineCommand({
  name: 'comment',
  summary:
    'Keep one comment on the pull request up to date with the verdicts of the gate runs: what failed, by how much, and what changed against the base.',
  details:
    'Reads the JSON reports the gate actions wrote (e.g. downloaded as artifacts into a job of its own) and updates the one comment of release-gates on the pull request, found by a hidden marker, or writes it on the first run. It decides nothing: a comment that cannot be written is a warning, never a failed gate. See docs/pull-request-comment.md.',
  positional: { name: 'reports', description: 'Report JSON files of the gate runs.' },
  options: {
    reports: list(
      'Report JSON files of the gate runs (globs allowed), as the gate actions write them to report-dir.',
      { paths: true },
    ),
    comment: choice(
      ['auto', 'on', 'off'],
      "auto: comment unless the policy's report.pull_request_comment is false or the pull request comes from a fork (whose token is read-only); on: always try; off: never.",
      { default: 'auto' },
    ),
    ...POLICY_OPTIONS,
    ...PULL_REQUEST_OPTIONS,
  },
  examples: [
    {
      what: 'Comment on pull request 42 with the reports of its gate runs (needs GITHUB_TOKEN)',
      run: 'release-gates comment --pr 42 --repo acme/support-chatbot reports/*.json',
    },
    {
      what: 'Show what would be read, without commenting',
      run: 'release-gates comment --comment off reports/*.json',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    if (!options.reports.length) {
      throw new UserError({
        message: 'no report files given',
        hint: 'name the JSON reports of the gate runs, e.g. reports/*.json',
      });
    }
    const run = await withPullRequest(options, ports, env.run);
    const pr = run.pullRequest;
    if (!pr || !run.repository) {
      return outcome(
        [info('not-a-pull-request', `a ${run.event} run has no pull request to comment on`)],
        'no comment: not a pull request',
      );
    }
    if (options.comment === 'off') {
      return outcome(
        [info('off', 'the `comment` input is off')],
        'no comment: turned off by the comment input',
      );
    }
    const items: Item[] = [];
    if (options.comment === 'auto') {
      // Like every judge, the switch comes from the base commit's policy.
      try {
        const path = await judgingPolicyPath(options, ports, run);
        const loaded = await loadPolicy(
          { ...options, policy: path.file, 'policy-ref': options['policy-ref'] ?? pr.base.sha },
          ports,
        );
        if (loaded.policy.report.pull_request_comment === false) {
          return outcome(
            [
              info(
                'policy-off',
                `${loaded.ref.file} sets report.pull_request_comment: false`,
                'set it to true, or the comment input to on',
              ),
            ],
            'no comment: turned off by the policy',
          );
        }
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        items.push(
          warn(
            'policy-unreadable',
            `the policy could not be read, so the comment follows its default (on): ${e.message}`,
            'the policy gate reports what is wrong with it',
          ),
        );
      }
      const base = `${run.repository.owner}/${run.repository.repo}`.toLowerCase();
      if (pr.headRepo && pr.headRepo.toLowerCase() !== base) {
        return outcome(
          [
            ...items,
            info(
              'fork',
              `pull request #${pr.number} comes from the fork ${pr.headRepo}, whose workflow runs get a read-only token, so no comment was written; the job summaries have every verdict`,
              'to comment anyway, set the comment input to on with a token that can write pull requests',
            ),
          ],
          'no comment: the pull request comes from a fork',
        );
      }
    }
    if (!ports.github) {
      return outcome(
        [
          ...items,
          warn(
            'no-token',
            'no GitHub token, so no comment was written',
            'give the token input (or GITHUB_TOKEN) with pull-requests: write',
          ),
        ],
        'no comment: no token',
      );
    }
    const { reports, problems } = await readReports(ports, options.reports);
    items.push(...problems);
    if (!reports.length) {
      items.push(
        warn(
          'no-reports',
          `no report matches ${options.reports.join(', ')}, so there is nothing to comment`,
          'check that the gate jobs uploaded their report-dir and this job downloaded it',
        ),
      );
      return outcome(items, 'no comment: no reports');
    }
    // The eval trend; the monitor's pictures belong to its own summary, not to a pull request.
    const sections: CommentSection[] = reports
      .flatMap((r) => r.verdicts)
      .flatMap((v) => evalTrend(v) ?? []);
    const body = renderComment(reports, { ...(run.url ? { runUrl: run.url } : {}), sections });
    try {
      const done = await upsertComment(ports.github, run.repository, pr.number, body, {
        serverUrl: run.serverUrl ?? 'https://github.com',
      });
      items.push(
        info(
          done.action,
          `${done.action} the comment on #${pr.number} (${reports.flatMap((r) => r.verdicts).length} verdicts): ${done.url}`,
        ),
      );
      if (done.others)
        items.push(
          info(
            'duplicates',
            `${done.others} older comment${done.others === 1 ? '' : 's'} with the marker (a race of two runs) left as they are`,
          ),
        );
      return outcome(items, `${done.action} the pull request comment`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const readOnly = e.status === 403 || e.status === 404;
      items.push(
        warn(
          'not-written',
          `no comment was written: ${e.message}`,
          readOnly
            ? "give this job `permissions: pull-requests: write`; a fork's pull request gets a read-only token, so its verdicts are only in the job summaries"
            : (e.problems[0]?.hint ?? 'rerun the job'),
        ),
      );
      return outcome(items, 'no comment: the GitHub API refused it');
    }
  },
});
