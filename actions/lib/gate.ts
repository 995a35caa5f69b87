import { createHash } from 'node:crypto';
import { UserError, describeError, type Problem } from './errors.js';
import { sha256 } from './parse/bytes.js';
import type { LoadedPolicy, ReleasePolicy } from './policy/load.js';
import type { GateName } from './policy/semantics.js';
import type { WaiverSet } from './policy/waivers.js';
import type { FilePort, GitPort, Ports, RunInfo } from './ports.js';
import { decide, type GateOutcome } from './verdict/decide.js';
import type { Input, Item, Mode, Verdict } from './verdict/model.js';

type GateSections = NonNullable<ReleasePolicy['gates']>;
export type GateConfig<N extends GateName> = NonNullable<GateSections[N]>;

/**
 * Records every input a gate reads, with its sha256, so a verdict names the evidence it
 * judged without the gate keeping books.
 */
export class InputRecorder {
  private readonly seen = new Map<string, Input>();

  constructor(
    private readonly files: FilePort,
    private readonly git: GitPort,
  ) {}

  private note(input: Input): void {
    this.seen.set(`${input.ref ?? ''}\0${input.file}`, input);
  }

  async read(path: string): Promise<Uint8Array> {
    const bytes = await this.files.read(path);
    this.note({ file: path, sha256: sha256(bytes) });
    return bytes;
  }

  /** Streams a file and records its hash once fully read. */
  async *stream(path: string): AsyncIterable<Uint8Array> {
    const hash = createHash('sha256');
    for await (const chunk of this.files.stream(path)) {
      hash.update(chunk);
      yield chunk;
    }
    this.note({ file: path, sha256: hash.digest('hex') });
  }

  /**
   * A file as it is at a git ref (e.g. the `stable` baseline); null when absent there.
   * `commit`, when given, is what the ref was resolved to: it is read, and `ref` only named.
   */
  async readAt(ref: string, path: string, commit = ref): Promise<Uint8Array | null> {
    const bytes = await this.git.show(commit, path);
    if (bytes) this.note({ file: path, sha256: sha256(bytes), ref });
    return bytes;
  }

  /** Inputs another gate read for this one (a gate it re-ran): the verdict names them too. */
  include(inputs: readonly Input[]): void {
    for (const input of inputs) this.note(input);
  }

  list(): Input[] {
    return [...this.seen.values()].sort(
      (a, b) => a.file.localeCompare(b.file) || (a.ref ?? '').localeCompare(b.ref ?? ''),
    );
  }
}

export interface GateContext<N extends GateName> {
  policy: ReleasePolicy;
  loaded: LoadedPolicy;
  config: GateConfig<N>;
  ports: Ports;
  run: RunInfo;
  /** Read inputs through this so the verdict lists them with their sha256. */
  inputs: InputRecorder;
  now: Date;
}

/** A gate: (policy section, inputs, ports) -> outcome. Never reads the environment or prints. */
export interface Gate<N extends GateName = GateName> {
  name: N;
  title: string;
  run(ctx: GateContext<N>): Promise<GateOutcome>;
}

export function isEnabled(policy: ReleasePolicy, name: GateName): boolean {
  const section = policy.gates[name] as { enabled?: boolean } | undefined;
  return section !== undefined && section.enabled !== false;
}

export function modeOf(policy: ReleasePolicy, name: GateName): Mode {
  const section = policy.gates[name] as { mode?: Mode } | undefined;
  return section?.mode ?? policy.defaults.mode;
}

/** A problem found in an input (not one that stopped the gate) as a failed item. */
export function problemItem(id: string, problem: Problem, rule: string): Item {
  return {
    id,
    status: 'fail',
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
    ...(problem.location ? { location: problem.location } : {}),
    rule,
  };
}

/**
 * Items for a gate that could not decide: its input problems, or the unexpected failure.
 * `idPrefix` keeps ids apart when a gate judges several inputs (e.g. `docs/model-card.md:`).
 */
export function errorItems(e: unknown, idPrefix = ''): Item[] {
  if (e instanceof UserError) {
    return e.problems.map((p, i) => ({
      id: `${idPrefix}${e.problems.length === 1 ? e.kind : `${e.kind}-${i + 1}`}`,
      status: 'error' as const,
      message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
      ...(p.location ? { location: p.location } : {}),
      rule: e.kind,
    }));
  }
  return [
    {
      id: `${idPrefix}internal`,
      status: 'error',
      message: `internal error: ${describeError(e)}`,
      hint: 'this is a bug in release-gates: rerun with RELEASE_GATES_DEBUG=1 and report it',
      rule: 'internal',
    },
  ];
}

/** Runs one gate and decides its verdict; any throw becomes an `error` verdict, never a pass. */
export async function runGate<N extends GateName>(
  gate: Gate<N>,
  loaded: LoadedPolicy,
  ports: Ports,
  run: RunInfo,
  waivers: WaiverSet,
): Promise<Verdict> {
  const inputs = new InputRecorder(ports.files, ports.git);
  const mode = modeOf(loaded.policy, gate.name);
  const started = ports.clock.now().getTime();
  let outcome: GateOutcome;
  try {
    outcome = await gate.run({
      policy: loaded.policy,
      loaded,
      config: loaded.policy.gates[gate.name] as GateConfig<N>,
      ports,
      run,
      inputs,
      now: ports.clock.now(),
    });
  } catch (e) {
    outcome = { items: errorItems(e) };
  }
  const verdict = decide(outcome, {
    gate: gate.name,
    title: gate.title,
    mode,
    waivers,
    inputs: inputs.list(),
  });
  return { ...verdict, seconds: (ports.clock.now().getTime() - started) / 1000 };
}
