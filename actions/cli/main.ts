#!/usr/bin/env node
import { fstatSync, readFileSync } from 'node:fs';
import type { ToolCommit } from '../lib/commands/spec.js';
import { pauseCommands } from '../runtime/workflow-commands.js';
import { runCli } from './cli.js';

/**
 * The commit the npm package records in its manifest (scripts/package.ts), three levels above
 * this bundle; a checkout of the repository records none.
 */
function packagedCommit(): ToolCommit | undefined {
  try {
    const manifest = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { releaseGates?: { repository?: unknown; commit?: unknown } };
    const { repository, commit } = manifest.releaseGates ?? {};
    return typeof repository === 'string' &&
      typeof commit === 'string' &&
      /^[0-9a-f]{40}$/.test(commit)
      ? { repository, commit }
      : undefined;
  } catch {
    return undefined;
  }
}
const tool = packagedCommit();

// On a runner, messages and reports quote inputs (file names, ids): they must not start
// workflow commands. A report redirected to a file (the job summary) is not read by the runner.
const onRunner = process.env.GITHUB_ACTIONS === 'true';
const toLog = onRunner && !fstatSync(1).isFile();

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(onRunner ? pauseCommands(text) : text),
  ...(process.stdin.isTTY && process.stderr.isTTY
    ? { terminal: { input: process.stdin, output: process.stderr } }
    : {}),
  ...(toLog ? { frameReport: pauseCommands } : {}),
  ...(tool ? { tool } : {}),
});
