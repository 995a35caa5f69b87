import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ACTION_COMMANDS, RUNTIME_INPUTS as RUNTIME_INPUT_SPECS } from '../lib/commands/actions.js';
import { parseOptions } from '../lib/commands/parse-options.js';
import { UserError, describeError, formatProblem } from '../lib/errors.js';
import { exitCodeOf, type Report } from '../lib/verdict/model.js';
import { render, renderAnnotations } from '../lib/verdict/render/index.js';
import { apiUrl, createPorts } from './ports/index.js';
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

async function publish(report: Report, reportDir: string, name: string): Promise<void> {
  // The annotations need no pause: @actions/core escapes their message and properties.
  process.stdout.write(pauseCommands(render(report, 'text')));
  for (const a of renderAnnotations(report)) {
    const props: core.AnnotationProperties = { title: a.title };
    if (a.file) props.file = a.file;
    if (a.startLine !== undefined) props.startLine = a.startLine;
    if (a.endLine !== undefined) props.endLine = a.endLine;
    if (a.startColumn !== undefined) props.startColumn = a.startColumn;
    if (a.endColumn !== undefined) props.endColumn = a.endColumn;
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  if (process.env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(render(report, 'markdown')).write();

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
    await publish(report, reportDir, name);
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
