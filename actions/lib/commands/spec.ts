import type { Ports, RunInfo } from '../ports.js';
import type { Report } from '../verdict/model.js';

/**
 * One option of a command. The CLI reads it as `--name`, an action as the input `name`
 * (INPUT_NAME); both hand the same typed value to the command.
 */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean' | 'list';
  description: string;
  default?: string | boolean;
  choices?: readonly string[];
  required?: boolean;
  /** One-letter alias on the command line. */
  short?: string;
  /** Only a command-line flag: actions take the value from the event and the runner instead. */
  cliOnly?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandEnv {
  ports: Ports;
  run: RunInfo;
}

/** A command of the CLI and of the actions: typed options in, a Report out. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Extra paragraphs for --help. */
  details?: string;
  /** Name of the positional arguments, collected into the option of that name. */
  positional?: { name: string; description: string };
  options: OptionSpec[];
  run(options: OptionValues, env: CommandEnv): Promise<Report>;
}

/** Options every command that reads the policy takes. */
export const POLICY_OPTIONS: OptionSpec[] = [
  {
    name: 'policy',
    type: 'string',
    description: 'Policy file, relative to the repository root.',
    default: 'policies/release-policy.yaml',
  },
  {
    name: 'policy-ref',
    type: 'string',
    description:
      'Read the policy as it is at this git ref instead of the working tree. Default on a pull request: its base commit, so a pull request is judged by the policy it would change, never its own.',
  },
];

export function str(options: OptionValues, name: string): string | undefined {
  const v = options[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function list(options: OptionValues, name: string): string[] {
  const v = options[name];
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && v !== '') return [v];
  return [];
}
