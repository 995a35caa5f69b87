/**
 * Every finding as a check-run annotation, past the runner's caps on workflow commands (10 per
 * level a step): one check run per gate, annotated 50 findings a request, as GitHub allows.
 * The verdict is decided already; publishing it is presentation, so a refusal or failure of the
 * API never changes the result: the caller falls back to the capped workflow commands.
 */
import { ApiError, describeError } from '../errors.js';
import type {
  CheckAnnotation,
  CheckAnnotationLevel,
  CheckConclusion,
  GitHubPort,
  Repo,
} from '../ports.js';
import type { Result, Verdict } from './model.js';
import {
  annotationsOf,
  droppedAnnotations,
  type Annotation,
  type AnnotationLevel,
} from './render/annotations.js';
import type { Report } from './model.js';

export const ANNOTATION_MODES = ['auto', 'workflow-commands', 'checks'] as const;
export type AnnotationMode = (typeof ANNOTATION_MODES)[number];

/** GitHub takes at most 50 annotations in one request to create or update a check run. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limits on an annotation's title and message and on a check run's summary. */
const MAX_TITLE = 255;
const MAX_TEXT = 65535;

const LEVEL: Record<AnnotationLevel, CheckAnnotationLevel> = {
  error: 'failure',
  warning: 'warning',
  notice: 'notice',
};

/** warn is a pass with warnings: neutral, which GitHub counts as passing, like the gate's job. */
const CONCLUSION: Record<Result, CheckConclusion> = {
  pass: 'success',
  warn: 'neutral',
  fail: 'failure',
  error: 'failure',
};

export const checkRunName = (gate: string) => `release-gates / ${gate} annotations`;

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * A path of the report (relative to the root the gates ran in) relative to the repository,
 * as check runs need it; null for a path outside the repository.
 */
export function repositoryPath(file: string, rootInRepository: string): string | null {
  const parts: string[] = [];
  for (const part of `${rootInRepository}/${file}`.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(part);
  }
  return file.startsWith('/') || /^[A-Za-z]:/.test(file) || !parts.length ? null : parts.join('/');
}

/**
 * A finding as a check-run annotation; null when it has no file in the repository to point at
 * (it stays a workflow command). A finding on a whole file is shown at its first line.
 */
export function checkAnnotation(a: Annotation, rootInRepository: string): CheckAnnotation | null {
  const path = a.file ? repositoryPath(a.file, rootInRepository) : null;
  if (!path) return null;
  const startLine = a.startLine ?? 1;
  return {
    path,
    startLine,
    endLine: a.endLine ?? startLine,
    ...(a.startColumn !== undefined ? { startColumn: a.startColumn } : {}),
    ...(a.endColumn !== undefined ? { endColumn: a.endColumn } : {}),
    level: LEVEL[a.level],
    // The report masked personal data already, as for the workflow commands.
    title: clip(a.title, MAX_TITLE),
    message: clip(a.message, MAX_TEXT),
  };
}

/** What became of one gate's check run. */
type CheckRunOutcome =
  | { gate: string; status: 'published'; url: string; annotations: number }
  /** The token may not write check runs (403): expected for a read-only token. */
  | { gate: string; status: 'refused'; message: string }
  /** Another API failure; `annotations` of them made it onto the check run at `url`, if any. */
  | { gate: string; status: 'failed'; message: string; annotations: number; url?: string };

export interface CheckRunTarget {
  repo: Repo;
  /** The commit to annotate: a pull request's head, else the commit the gates judged. */
  headSha: string;
  detailsUrl?: string;
  /** Where the gates' root is in the repository (`.` normally; `working-directory` otherwise). */
  rootInRepository: string;
}

/** Whether this run publishes its annotations as check runs, before any API call. */
export function wantsCheckRuns(mode: AnnotationMode, report: Report): boolean {
  return mode === 'checks' || (mode === 'auto' && droppedAnnotations(report) > 0);
}

function summaryOf(verdict: Verdict, annotations: CheckAnnotation[], detailsUrl?: string): string {
  const count = (level: CheckAnnotationLevel) =>
    annotations.filter((a) => a.level === level).length;
  const lines = [
    `**${verdict.title}: ${verdict.result.toUpperCase()}**. ${verdict.summary}`,
    '',
    `${annotations.length} finding${annotations.length === 1 ? '' : 's'} annotated: ${count('failure')} failure, ${count('warning')} warning, ${count('notice')} notice.`,
    '',
    `The gate's own job is the check that decides; this check run carries its annotations. ${detailsUrl ? `The job summary of [the workflow run](${detailsUrl})` : 'The job summary'} has the whole verdict.`,
  ];
  return clip(lines.join('\n'), MAX_TEXT);
}

/**
 * One check run per gate with findings to point at, completed with the verdict's conclusion,
 * its annotations sent 50 a request. A refusal (403) stops here: the same token gets the same
 * answer for every gate, so the rest are `refused` without a call.
 */
export async function publishCheckRuns(
  report: Report,
  github: GitHubPort,
  target: CheckRunTarget,
): Promise<CheckRunOutcome[]> {
  const out: CheckRunOutcome[] = [];
  let refusal: string | undefined;
  for (const verdict of report.verdicts) {
    const annotations = annotationsOf(verdict)
      .map((a) => checkAnnotation(a, target.rootInRepository))
      .filter((a): a is CheckAnnotation => a !== null);
    if (!annotations.length) continue;
    const gate = verdict.gate;
    if (refusal) {
      out.push({ gate, status: 'refused', message: refusal });
      continue;
    }
    const title = clip(
      `${verdict.title}: ${verdict.result.toUpperCase()} (${annotations.length} finding${annotations.length === 1 ? '' : 's'})`,
      MAX_TITLE,
    );
    const summary = summaryOf(verdict, annotations, target.detailsUrl);
    let run: { id: number; url: string } | undefined;
    let sent = 0;
    try {
      run = await github.createCheckRun(target.repo, {
        name: checkRunName(gate),
        headSha: target.headSha,
        ...(target.detailsUrl ? { detailsUrl: target.detailsUrl } : {}),
        title,
        summary,
      });
      for (let i = 0; i < annotations.length; i += CHECK_ANNOTATIONS_PER_REQUEST) {
        const batch = annotations.slice(i, i + CHECK_ANNOTATIONS_PER_REQUEST);
        const last = i + CHECK_ANNOTATIONS_PER_REQUEST >= annotations.length;
        await github.updateCheckRun(target.repo, run.id, {
          title,
          summary,
          annotations: batch,
          ...(last ? { conclusion: CONCLUSION[verdict.result] } : {}),
        });
        sent += batch.length;
      }
      out.push({ gate, status: 'published', url: run.url, annotations: sent });
    } catch (e) {
      const message = e instanceof ApiError ? e.message : describeError(e);
      // A 403 of the rate limit is a failure like a 5xx, not the token's lack of permission.
      if (e instanceof ApiError && e.status === 403 && !run && !/rate limit/i.test(message)) {
        refusal = message;
        out.push({ gate, status: 'refused', message });
        continue;
      }
      if (!(e instanceof ApiError)) throw e;
      // A check run left in progress would spin forever on the pull request: complete it.
      if (run) await completeAnyway(github, target.repo, run.id, verdict, sent, annotations.length);
      out.push({
        gate,
        status: 'failed',
        message,
        annotations: sent,
        ...(run ? { url: run.url } : {}),
      });
    }
  }
  return out;
}

async function completeAnyway(
  github: GitHubPort,
  repo: Repo,
  id: number,
  verdict: Verdict,
  sent: number,
  total: number,
): Promise<void> {
  try {
    await github.updateCheckRun(repo, id, {
      title: `${verdict.title}: ${verdict.result.toUpperCase()} (${sent} of ${total} findings annotated)`,
      summary: `Only ${sent} of ${total} findings could be annotated: the GitHub API failed. The job summary has them all.`,
      annotations: [],
      conclusion: CONCLUSION[verdict.result],
    });
  } catch {
    // The failure that brought us here is reported; this was the last try.
  }
}

/** A sentence for the log and the job summary about where the annotations went. */
export interface AnnotationNote {
  /** `warning`: the API failed for another reason than a refusal, which the log says loudly. */
  level: 'info' | 'warning';
  text: string;
}

export function checkRunNotes(outcomes: readonly CheckRunOutcome[]): AnnotationNote[] {
  const notes: AnnotationNote[] = [];
  const refused = outcomes.filter((o) => o.status === 'refused');
  for (const o of outcomes) {
    if (o.status === 'published')
      notes.push({
        level: 'info',
        text: `${o.gate}: ${o.annotations} finding${o.annotations === 1 ? '' : 's'} annotated on the check run "${checkRunName(o.gate)}": ${o.url}`,
      });
    else if (o.status === 'failed')
      notes.push({
        level: 'warning',
        text: `${o.gate}: the check run with every annotation could not be written (${o.annotations} annotated${o.url ? ` on ${o.url}` : ''}): ${o.message}. The annotations of this step are capped at 10 per level; the job summary and the JSON report list every finding.`,
      });
  }
  if (refused.length)
    notes.push({
      level: 'info',
      text: `${refused.map((o) => o.gate).join(', ')}: no check run with every annotation, as the token may not write check runs (403): give the job \`permissions: checks: write\` (GITHUB_TOKEN; a personal token never may). The annotations of this step are capped at 10 per level; the job summary and the JSON report list every finding.`,
    });
  return notes;
}
