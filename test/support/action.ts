import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertGitHubSends, defaultEvent } from './github-events.js';
import { tempDir } from './tmp.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error file=...` and friends, parsed from stdout. */
  commands: { command: string; properties: Record<string, string>; message: string }[];
}

/** Parses the GITHUB_OUTPUT file format: name<<DELIMITER\nvalue\nDELIMITER. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      out[name!] = rest.join('=');
    }
  }
  return out;
}

function unescape(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

/**
 * The workflow commands the runner would act on in a step's output, read as the runner reads
 * them: a line that starts with `::` once leading white space is trimmed, and nothing between
 * `::stop-commands::TOKEN` and `::TOKEN::`.
 */
export function parseWorkflowCommands(stdout: string): ActionRun['commands'] {
  const out: ActionRun['commands'] = [];
  let paused: string | null = null;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (paused !== null) {
      if (line === `::${paused}::`) paused = null;
      continue;
    }
    const m = /^::([^ :]*)( [^:]*)?::(.*)$/.exec(line.trimStart());
    if (!m) continue;
    if (m[1] === 'stop-commands') paused = m[3]!;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').trim().split(',').filter(Boolean)) {
      const [k, ...v] = pair.split('=');
      properties[k!] = unescape(v.join('='));
    }
    out.push({ command: m[1]!, properties, message: unescape(m[3]!) });
  }
  return out;
}

/**
 * Runs actions/<name>/dist/index.js as the runner does: a node process in the workspace
 * with INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and friends.
 */
export async function runBundledAction(
  name: string,
  options: {
    workspace: string;
    inputs?: Record<string, string>;
    eventName?: string;
    /**
     * The payload (see github-events.ts); it must be one GitHub could send as `eventName`.
     * Default: GitHub's example of that event.
     */
    event?: unknown;
    env?: Record<string, string>;
    /** The bundle to run, when not this repository's actions/<name>/dist/index.js. */
    script?: string;
  },
): Promise<ActionRun> {
  const tmp = tempDir('rg-runner-');
  const id = randomUUID();
  const outputFile = join(tmp, `output-${id}`);
  const summaryFile = join(tmp, `summary-${id}`);
  const eventFile = join(tmp, `event-${id}.json`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const eventName = options.eventName ?? 'push';
  const event = options.event ?? defaultEvent(eventName, options.env?.GITHUB_REPOSITORY);
  assertGitHubSends(eventName, event);
  writeFileSync(eventFile, JSON.stringify(event));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM,
    GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL,
    GIT_TERMINAL_PROMPT: '0',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REPOSITORY: 'acme/support-chatbot',
    GITHUB_ACTOR: 'mei-ml',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    RUNNER_TEMP: tmp,
    ...options.env,
  };
  for (const [k, v] of Object.entries(options.inputs ?? {}))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const script = options.script ?? join(ROOT, 'actions', name, 'dist', 'index.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build`);

  const child = spawn(process.execPath, [script], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    commands: parseWorkflowCommands(stdout),
  };
}
