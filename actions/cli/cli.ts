import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS, findCommand, subcommands } from '../lib/commands/index.js';
import { parseOptions } from '../lib/commands/parse-options.js';
import type { CommandSpec, ToolCommit } from '../lib/commands/spec.js';
import { UserError, describeError, formatProblem, nearest } from '../lib/errors.js';
import { maskText, policyPiiCheck, type PiiCheck } from '../lib/pii/redact.js';
import { exitCodeOf } from '../lib/verdict/model.js';
import { TOOL } from '../lib/verdict/report.js';
import { FORMATS, render, type ReportFormat } from '../lib/verdict/render/index.js';
import type { Ports } from '../lib/ports.js';
import { apiUrl, closePorts, createPorts } from '../runtime/ports/index.js';
import { TerminalPrompt } from '../runtime/ports/prompt.js';
import { runInfoFromEnv } from '../runtime/run-info.js';

interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** An interactive terminal, when there is one: commands may ask questions on it. */
  terminal?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /**
   * Frames a report that goes to a runner's log (docs/architecture.md); machine formats (json,
   * sarif, junit), which are parsed rather than read, are written as they are.
   */
  frameReport?: (text: string) => string;
  /** The commit the running package was built from (scripts/package.ts), for `init` to pin. */
  tool?: ToolCommit;
}

const READ_BY_PEOPLE: readonly ReportFormat[] = ['text', 'markdown'];

/** Options every command takes on the command line. */
const OUTPUT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

let piiCheck: PiiCheck | undefined;

/** A value from the command line as it may be repeated in a message: personal data masked. */
function masked(value: string): string {
  piiCheck ??= policyPiiCheck();
  return maskText(value, piiCheck(value));
}

function repoRoot(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return cwd;
  }
}

const PATHS_NOTE =
  'Files named on the command line are relative to the current directory and may be anywhere; paths the policy names, and patterns, stay inside the repository.';

function groupUsage(group: string, commands: CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: release-gates ${group} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run \`release-gates ${group} <command> --help\` for its options.`,
    '',
  ].join('\n');
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `release-gates ${TOOL.version}: release gates for LLM applications, as code.`,
    '',
    'Usage: release-gates <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `release-gates <command> --help` for its options.',
    PATHS_NOTE,
    'Exit codes: 0 pass (warnings allowed), 1 a gate failed, 2 error (bad input, bad usage, API failure).',
    '',
  ].join('\n');
}

function commandHelp(spec: CommandSpec): string {
  const lines = [
    `Usage: release-gates ${spec.name} [options]${spec.positional ? ` [${spec.positional.name}...]` : ''}`,
    '',
    spec.summary,
    '',
  ];
  if (spec.details) lines.push(spec.details, '');
  if (spec.positional)
    lines.push('Arguments:', `  ${spec.positional.name}...  ${spec.positional.description}`, '');
  lines.push('Options:');
  for (const [name, o] of Object.entries(spec.options)) {
    if (name === spec.positional?.name) continue;
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.kind === 'flag' ? '' : o.kind === 'path' ? ' <file>' : ' <value>'}`;
    const extra = [
      o.kind === 'choice' ? `one of ${o.choices.join(', ')}` : '',
      'default' in o && o.default !== undefined ? `default ${o.default}` : '',
      o.kind === 'list' ? 'repeatable' : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${flag.padEnd(34)}${o.description}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(
    `  ${'-f, --format <value>'.padEnd(34)}Output format: ${FORMATS.join(', ')} (default text)`,
    `  ${'-o, --out <file>'.padEnd(34)}Write the output to a file instead of standard output`,
    `  ${'-v, --verbose'.padEnd(34)}Text output lists passing items too`,
    `  ${'-h, --help'.padEnd(34)}Show this help`,
    '',
    PATHS_NOTE,
    '',
  );
  if (spec.examples.length) {
    lines.push('Examples:');
    for (const e of spec.examples) lines.push(`  # ${e.what}`, `  ${e.run}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Options the command line does not know, named with the nearest one it does. */
function checkKnownOptions(
  spec: CommandSpec,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): void {
  const known = Object.keys(options);
  // With the options given, a short flag (-v) comes back under its long name.
  const { tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option' || known.includes(token.name)) continue;
    const near = token.rawName.startsWith('--') ? nearest(token.name, known) : undefined;
    throw new UserError({
      message: `unknown option ${masked(token.rawName)}${near ? `. Did you mean --${near}?` : ''}`,
      hint: `run release-gates ${spec.name} --help for its options`,
    });
  }
}

function parseCommandArgs(spec: CommandSpec, args: string[], cwd: string, root: string) {
  const options: NonNullable<ParseArgsConfig['options']> = { ...OUTPUT_OPTIONS };
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = {
      type: o.kind === 'flag' ? 'boolean' : 'string',
      ...(o.kind === 'list' ? { multiple: true } : {}),
      ...(o.short ? { short: o.short } : {}),
    };
  }
  checkKnownOptions(spec, args, options);
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError({
      message: describeError(e),
      hint: `run release-gates ${spec.name} --help`,
    });
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (parsed.positionals.length > 0 && !spec.positional) {
    throw new UserError({
      message: `unexpected argument "${masked(parsed.positionals[0]!)}"`,
      hint: `quote a value with spaces ("--description 'It said …'"); run release-gates ${spec.name} --help`,
    });
  }
  const help = values.help === true;
  if (spec.positional) {
    const name = spec.positional.name;
    values[name] = [...((values[name] as string[] | undefined) ?? []), ...parsed.positionals];
  }
  // Inside the repository, relative to its root; outside it, absolute: the user's own file.
  const given = new Set<string>();
  const toRoot = (p: string) => {
    const full = resolve(cwd, p);
    const rel = relative(root, full);
    const path = (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? full : rel)
      .split(sep)
      .join('/');
    given.add(path);
    return path;
  };
  const format = (values.format as string | undefined) ?? 'text';
  if (!help && !(FORMATS as readonly string[]).includes(format)) {
    const near = nearest(format, FORMATS);
    throw new UserError({
      message: `--format must be one of ${FORMATS.join(', ')}, not "${masked(format)}"`,
      ...(near ? { hint: `did you mean ${near}?` } : {}),
    });
  }
  return {
    // --help shows the options; it needs none of them right.
    options: help
      ? undefined
      : parseOptions(spec.options, values, {
          label: (name) => `--${name}`,
          path: toRoot,
          quote: masked,
        }),
    given,
    format: format as ReportFormat,
    out: values.out as string | undefined,
    verbose: values.verbose === true,
    help,
  };
}

/**
 * Where `--out` writes, checked before the command runs: a command that changes something must
 * not do it and then fail to report. Any path is accepted: it is the user's own file.
 */
function outFile(cwd: string, out: string): string {
  const file = resolve(cwd, out);
  if (out === '' || statSync(file, { throwIfNoEntry: false })?.isDirectory())
    throw new UserError({
      message: `--out ${out === '' ? 'is empty' : `${out} is a directory`}: it names the file the report is written to`,
      hint: `name a file, e.g. --out ${join(out || '.', 'report.json')}`,
    });
  return file;
}

function writeOut(file: string, given: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new UserError({
      message: `--out ${given} cannot be written: ${describeError(e)}`,
      hint: 'name a file in a directory you may write to',
    });
  }
}

/** The `release-gates` command. Returns the exit code: 0 pass or warn, 1 fail, 2 error. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name) {
    io.stderr(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${TOOL.version}\n`);
    return 0;
  }
  const group = subcommands(name);
  if (group.length) {
    const sub = args[0];
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      (sub ? io.stdout : io.stderr)(groupUsage(name, group));
      return sub ? 0 : 2;
    }
    if (!findCommand(`${name} ${sub}`)) {
      const near = nearest(
        sub,
        group.map((c) => c.name.slice(name.length + 1)),
      );
      io.stderr(
        `release-gates: unknown command "${name} ${masked(sub)}"${near ? `. Did you mean "${name} ${near}"?` : ''}\n\n${groupUsage(name, group)}`,
      );
      return 2;
    }
  }
  const spec = group.length ? findCommand(`${name} ${args.shift()!}`) : findCommand(name);
  if (!spec) {
    const words = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))];
    const near = nearest(name, words);
    io.stderr(
      `release-gates: unknown command "${masked(name)}"${near ? `. Did you mean "${near}"?` : ''}\n\n${usage()}`,
    );
    return 2;
  }
  const prompt = io.terminal
    ? new TerminalPrompt(io.terminal.input, io.terminal.output)
    : undefined;
  let ports: Ports | undefined;
  try {
    const root = repoRoot(io.cwd);
    const parsed = parseCommandArgs(spec, args, io.cwd, root);
    if (!parsed.options) {
      io.stdout(commandHelp(spec));
      return 0;
    }
    const out = parsed.out === undefined ? undefined : outFile(io.cwd, parsed.out);
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    ports = createPorts(
      root,
      io.env,
      token
        ? {
            token,
            membershipToken: io.env.RELEASE_GATES_MEMBERSHIP_TOKEN,
            baseUrl: apiUrl(io.env),
            names: {
              token: 'GITHUB_TOKEN (or GH_TOKEN)',
              membershipToken: 'RELEASE_GATES_MEMBERSHIP_TOKEN',
            },
            log: (message) => io.stderr(`release-gates: ${message}\n`),
          }
        : undefined,
      prompt,
      parsed.given,
      (line) => io.stderr(`release-gates: ${line}\n`),
    );
    const run = await runInfoFromEnv(io.env, ports.git);
    const report = await spec.run(parsed.options, {
      ports,
      run,
      ...(io.tool ? { tool: io.tool } : {}),
    });
    const text = render(report, parsed.format, { verbose: parsed.verbose });
    if (out) {
      writeOut(out, parsed.out!, text);
      io.stderr(
        `release-gates ${spec.name}: ${report.result}; wrote ${parsed.format} to ${parsed.out}\n`,
      );
    } else {
      io.stdout(
        io.frameReport && READ_BY_PEOPLE.includes(parsed.format) ? io.frameReport(text) : text,
      );
    }
    return exitCodeOf(report.result);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(
        e.problems.map((p) => `release-gates ${spec.name}: ${formatProblem(p)}`).join('\n') + '\n',
      );
    } else {
      io.stderr(`release-gates ${spec.name}: could not run: ${describeError(e)}\n`);
      if (io.env.RELEASE_GATES_DEBUG && e instanceof Error) io.stderr(`${e.stack}\n`);
    }
    return 2;
  } finally {
    prompt?.close();
    if (ports) closePorts(ports);
  }
}
