import type { Ports, RunInfo } from '../ports.js';
import { ANNOTATION_MODES } from '../verdict/check-runs.js';
import type { Report } from '../verdict/model.js';

/**
 * The options of a command, keyed by name. The CLI reads each as `--name`, an action as the
 * input `name` (INPUT_NAME); `parseOptions` turns either into the same typed settings object.
 */
interface OptionBase {
  description: string;
  /** One-letter alias on the command line. */
  short?: string;
  /** Only a command-line flag: actions take the value from the event and the runner instead. */
  cliOnly?: boolean;
}

/** On or off; off when absent. */
export interface FlagSpec extends OptionBase {
  kind: 'flag';
}

export interface TextSpec extends OptionBase {
  kind: 'text';
  default?: string;
  required?: boolean;
}

/** A file: given relative to the current directory on the command line, passed relative to the root. */
export interface PathSpec extends OptionBase {
  kind: 'path';
  default?: string;
  required?: boolean;
}

/** Repeated on the command line; comma or newline separated as an input. Empty when absent. */
export interface ListSpec extends OptionBase {
  kind: 'list';
  /** Each value is a path (see PathSpec). */
  paths?: boolean;
}

export interface ChoiceSpec<C extends string = string> extends OptionBase {
  kind: 'choice';
  choices: readonly C[];
  default?: C;
  required?: boolean;
}

export type OptionSpec = FlagSpec | TextSpec | PathSpec | ListSpec | ChoiceSpec;
export type OptionSpecs = Record<string, OptionSpec>;

/** Present for sure when it has a default or is required. */
type Given<O, T> = O extends { default: string } | { required: true } ? T : T | undefined;

export type OptionValue<O extends OptionSpec> = O extends FlagSpec
  ? boolean
  : O extends ListSpec
    ? string[]
    : O extends ChoiceSpec<infer C>
      ? Given<O, C>
      : Given<O, string>;

/** The settings a command runs with, typed from its option specs. */
export type OptionValues<S extends OptionSpecs> = { [K in keyof S]: OptionValue<S[K]> };

type Extra<T> = Omit<T, 'kind' | 'description' | 'choices'>;

export function flag<const E extends Extra<FlagSpec>>(description: string, extra?: E) {
  return { kind: 'flag', description, ...extra } as FlagSpec & E;
}

export function text<const E extends Extra<TextSpec>>(description: string, extra?: E) {
  return { kind: 'text', description, ...extra } as TextSpec & E;
}

export function path<const E extends Extra<PathSpec>>(description: string, extra?: E) {
  return { kind: 'path', description, ...extra } as PathSpec & E;
}

export function list<const E extends Extra<ListSpec>>(description: string, extra?: E) {
  return { kind: 'list', description, ...extra } as ListSpec & E;
}

export function choice<const C extends string, const E extends Extra<ChoiceSpec<C>>>(
  choices: readonly C[],
  description: string,
  extra?: E,
) {
  return { kind: 'choice', choices, description, ...extra } as ChoiceSpec<C> & E;
}

/** The release-gates commit a command runs from, as its npm package records it. */
export interface ToolCommit {
  repository: string;
  commit: string;
}

export interface CommandEnv {
  ports: Ports;
  run: RunInfo;
  /** Set when the command runs from a published package that records its commit. */
  tool?: ToolCommit;
}

export interface Example {
  /** What it does, one line. */
  what: string;
  /** The command line, starting with `release-gates`. */
  run: string;
}

/** A command of the CLI and of the actions: typed options in, a Report out. */
export interface CommandSpec<S extends OptionSpecs = OptionSpecs> {
  name: string;
  summary: string;
  /** Extra paragraphs for --help. */
  details?: string;
  /** Name of the positional arguments, collected into the list option of that name. */
  positional?: { name: string; description: string };
  options: S;
  /** Two or three, shown at the end of --help and in docs/actions.md. */
  examples: Example[];
  run(options: OptionValues<S>, env: CommandEnv): Promise<Report>;
}

/** A command whose `run` gets its options typed from `options`. */
export function defineCommand<S extends OptionSpecs>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

/** Options every command that reads the policy takes. */
export const POLICY_OPTIONS = {
  policy: path('Policy file, relative to the repository root.', {
    default: 'policies/release-policy.yaml',
  }),
  'policy-ref': text(
    'Read the policy as it is at this git ref instead of the working tree. Default on a pull request: its base commit, so a pull request is judged by the policy it would change, never its own.',
  ),
};

/** What the policy loaders read: the policy's path and the ref to read it at. */
export interface PolicyChoice {
  policy?: string | undefined;
  'policy-ref'?: string | undefined;
}

/** How an action publishes its findings as annotations (runtime/action.ts; docs/annotations.md). */
export const ANNOTATION_OPTIONS = {
  annotations: choice(
    ANNOTATION_MODES,
    'Where findings are annotated. auto: as workflow commands (GitHub shows 10 per level a step) and, when there are more, every finding on a check run per gate if the token may (`checks: write`); checks: always on check runs; workflow-commands: never call the Checks API. A token that may not write check runs (403) falls back to workflow commands and never changes the verdict.',
    { default: 'auto' },
  ),
};
