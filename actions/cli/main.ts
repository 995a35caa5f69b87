#!/usr/bin/env node
import { fstatSync } from 'node:fs';
import { pauseCommands } from '../runtime/workflow-commands.js';
import { runCli } from './cli.js';

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
});
