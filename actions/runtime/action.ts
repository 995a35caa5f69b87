import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import { ACTION_COMMANDS, RUNTIME_INPUTS as RUNTIME_INPUT_SPECS } from '../lib/commands/actions.js';
import { parseOptions } from '../lib/commands/parse-options.js';
import { ANNOTATION_OPTIONS } from '../lib/commands/spec.js';
import { UserError, describeError, formatProblem } from '../lib/errors.js';
import type { GitHubPort, RunInfo } from '../lib/ports.js';
import {
  checkAnnotation,
  checkRunNotes,
  publishCheckRuns,
  repositoryPath,
  wantsCheckRuns,
  type AnnotationMode,
  type AnnotationNote,
  type CheckRunTarget,
} from '../lib/verdict/check-runs.js';
import { exitCodeOf, type Report } from '../lib/verdict/model.js';
import { render, renderAnnotations } from '../lib/verdict/render/index.js';
import { apiUrl, createPorts, gitHubPort } from './ports/index.js';
import { runInfoFromEnv } from './run-info.js';
import { pauseCommands } from './workflow-commands.js';

/** Inputs every action has besides its command's options. */
export const RUNTIME_INPUTS = Object.keys(RUNTIME_INPUT_SPECS);
/** Inputs of actions that call the GitHub API (ACTION_COMMANDS entries with `github`). */
export const GITHUB_INPUTS = ['token', 'membership-token'] as const;

/** GitHub allows 1 MB of outputs per job; keep the verdict output well inside it. */
const MAX_VERDICT_OUTPUT = 512 * 1024;

/** The verdict as an output: whole when it fits, otherwise without items (the report file has them). */
function verdictOutput(report: Report): string {
  const full = JSON.stringify(report);
  if (full.length <= MAX_VERDICT_OUTPUT) return full;
  return JSON.stringify({
    ...report,
    truncated: true,
    verdicts: report.verdicts.map((v) => ({ ...v, items: [] })),
  });
}

/** How this run may publish its annotations on check runs. */
interface AnnotationsSetup {
  mode: AnnotationMode;
  github: GitHubPort | undefined;
  run: RunInfo;
  /** The root the gates ran in, relative to the repository (the workspace). */
  rootInRepository: string;
}

/**
 * Every finding on a check run per gate, when the mode asks and the token may; the gates whose
 * annotations went there, and what to tell the reader. Never changes the verdict.
 */
async function annotateOnCheckRuns(
  report: Report,
  setup: AnnotationsSetup,
): Promise<{ published: Set<string>; notes: AnnotationNote[] }> {
  const published = new Set<string>();
  if (!wantsCheckRuns(setup.mode, report)) return { published, notes: [] };
  const { run } = setup;
  const headSha = run.pullRequest?.head.sha ?? run.mergeGroup?.head.sha ?? report.commit;
  if (!setup.github || !run.repository || !headSha) {
    const missing = !setup.github ? 'no token' : !run.repository ? 'no repository' : 'no commit';
    return {
      published,
      notes: [
        {
          level: setup.mode === 'checks' ? 'warning' : 'info',
          text: `no check run with every annotation (${missing}): give the token input with \`checks: write\` in a workflow run. The annotations of this step are capped at 10 per level; the job summary and the JSON report list every finding.`,
        },
      ],
    };
  }
  const target: CheckRunTarget = {
    repo: run.repository,
    headSha,
    rootInRepository: setup.rootInRepository,
    ...(run.url ? { detailsUrl: run.url } : {}),
  };
  const outcomes = await publishCheckRuns(report, setup.github, target);
  for (const o of outcomes) if (o.status === 'published') published.add(o.gate);
  return { published, notes: checkRunNotes(outcomes) };
}

async function publish(
  report: Report,
  reportDir: string,
  name: string,
  setup: AnnotationsSetup,
): Promise<void> {
  // The annotations need no pause: @actions/core escapes their message and properties.
  process.stdout.write(pauseCommands(render(report, 'text')));
  const { published, notes } = await annotateOnCheckRuns(report, setup);
  const onCheckRun = (gate: string, a: Parameters<typeof checkAnnotation>[0]) =>
    published.has(gate) && checkAnnotation(a, setup.rootInRepository) !== null;
  for (const a of renderAnnotations(report, onCheckRun)) {
    const props: core.AnnotationProperties = { title: a.title };
    // GitHub places an annotation by its path in the repository, as on a check run.
    if (a.file) props.file = repositoryPath(a.file, setup.rootInRepository) ?? a.file;
    if (a.startLine !== undefined) props.startLine = a.startLine;
    if (a.endLine !== undefined) props.endLine = a.endLine;
    if (a.startColumn !== undefined) props.startColumn = a.startColumn;
    if (a.endColumn !== undefined) props.endColumn = a.endColumn;
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  // A note may quote the API's answer: paused like the report's text.
  const info = notes.filter((n) => n.level === 'info').map((n) => `Annotations: ${n.text}`);
  if (info.length) process.stdout.write(pauseCommands(info.join('\n')));
  for (const note of notes.filter((n) => n.level === 'warning'))
    core.warning(note.text, { title: 'release-gates: annotations' });
  if (process.env.GITHUB_STEP_SUMMARY) {
    core.summary.addRaw(render(report, 'markdown'));
    if (notes.length)
      core.summary.addRaw(`\n### Annotations\n\n${notes.map((n) => `- ${n.text}`).join('\n')}\n`);
    await core.summary.write();
  }

  await mkdir(reportDir, { recursive: true });
  const base = join(reportDir, name);
  await writeFile(`${base}.json`, render(report, 'json'));
  await writeFile(`${base}.sarif`, render(report, 'sarif'));
  await writeFile(`${base}.junit.xml`, render(report, 'junit'));

  core.setOutput('result', report.result);
  core.setOutput('verdict', verdictOutput(report));
  core.setOutput('report', `${base}.json`);
  core.setOutput('sarif', `${base}.sarif`);
  core.setOutput('junit', `${base}.junit.xml`);
  // The data of the command's own verdict (promote, rollback, ...), or of a single gate's.
  const own =
    report.verdicts.find((v) => v.gate === report.command) ??
    (report.verdicts.length === 1 ? report.verdicts[0] : undefined);
  for (const [key, value] of Object.entries(own?.data ?? {})) {
    core.setOutput(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/**
 * Runs a command as a GitHub Action step: inputs to options, the command, then summary,
 * annotations, outputs and report files. Exit code 0 pass or warn, 1 fail, 2 error; any
 * throw, even of a non-Error, ends as a failed step with a readable message.
 */
export async function runAction(name: string): Promise<void> {
  const entry = ACTION_COMMANDS[name];
  if (!entry) throw new Error(`no action named ${name} in ACTION_COMMANDS`);
  const { command: spec, fixed = {}, github = false } = entry;
  try {
    const workspace = resolve(
      process.env.GITHUB_WORKSPACE || process.cwd(),
      core.getInput('working-directory') || '.',
    );
    const reportDir = resolve(
      core.getInput('report-dir') || join(process.env.RUNNER_TEMP || workspace, 'release-gates'),
    );
    const membershipToken = github ? core.getInput('membership-token') : '';
    if (membershipToken) core.setSecret(membershipToken);
    const ports = createPorts(
      workspace,
      process.env,
      github
        ? {
            token: core.getInput('token'),
            membershipToken,
            baseUrl: apiUrl(process.env),
            names: { token: 'the `token` input', membershipToken: 'the `membership-token` input' },
            log: (message) => core.warning(message),
          }
        : undefined,
      undefined,
      undefined,
      (line) => core.info(line),
    );
    const run = await runInfoFromEnv(process.env, ports.git);
    const { annotations: mode } = parseOptions(
      ANNOTATION_OPTIONS,
      { annotations: core.getInput('annotations') },
      { label: (name) => `input ${name}` },
    );
    // Actions whose command calls no API take a token for the Checks API alone.
    const checksToken = github ? '' : core.getInput('token');
    const checksGitHub =
      ports.github ??
      (checksToken
        ? gitHubPort({
            token: checksToken,
            baseUrl: apiUrl(process.env),
            names: { token: 'the `token` input', membershipToken: 'the `token` input' },
            log: (message) => core.warning(message),
          })
        : undefined);
    const rootInRepository =
      relative(resolve(process.env.GITHUB_WORKSPACE || process.cwd()), workspace)
        .split(sep)
        .join('/') || '.';

    // The inputs the action has (action.yml); the rest keep their default or the fixed value.
    const inputs = Object.fromEntries(
      Object.entries(spec.options)
        .filter(([name, option]) => !option.cliOnly && !(name in fixed))
        .map(([name]) => [name, core.getInput(name)]),
    );
    const options = {
      ...parseOptions(spec.options, inputs, { label: (name) => `input ${name}` }),
      ...fixed,
    };
    const report = await spec.run(options, { ports, run });
    await publish(report, reportDir, name, {
      mode,
      github: checksGitHub,
      run,
      rootInRepository,
    });
    const code = exitCodeOf(report.result);
    if (code !== 0) core.setFailed(`release-gates ${spec.name}: ${report.result}`);
    process.exitCode = code;
  } catch (e) {
    if (e instanceof UserError) {
      for (const p of e.problems) {
        const props: core.AnnotationProperties = { title: 'release-gates: bad input' };
        if (p.location?.file) props.file = p.location.file;
        if (p.location?.line !== undefined) props.startLine = p.location.line;
        if (p.location?.column !== undefined) props.startColumn = p.location.column;
        core.error(formatProblem(p), props);
      }
      core.setFailed(`release-gates ${spec.name}: ${e.message}`);
    } else {
      if (e instanceof Error && e.stack) core.debug(e.stack);
      core.setFailed(`release-gates ${spec.name} could not run: ${describeError(e)}`);
    }
    process.exitCode = 2;
  }
}
