import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../actions/cli/cli.js';
import { ROOT } from './action.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process: fast, same code path as the binary but for process start. */
export async function cli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

/** The bundled CLI as a process, as a user runs it. */
export async function cliProcess(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  const child = spawn(process.execPath, [join(ROOT, 'actions/cli/dist/index.js'), ...args], {
    cwd: options.cwd,
    // As on a user's machine, also when the tests run in GitHub Actions (a runner frames output).
    env: { ...process.env, GITHUB_ACTIONS: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}
