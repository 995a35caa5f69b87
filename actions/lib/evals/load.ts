/**
 * Reading the policy's result files, as they are now and as they are at the baseline.
 */
import { posix } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import type { GateContext } from '../gate.js';
import type { EvalsGate } from '../policy/policy.generated.js';
import type { GateName } from '../policy/semantics.js';
import type { StatsOptions } from './accumulate.js';
import type { MetricQuery } from './metrics.js';
import type { EvalFormat } from './model.js';
import { noCases, readResultFile, type ResultSource } from './read.js';
import type { TableColumns } from './adapters/table.js';
import { readTableFile, type TableFormat } from './table-read.js';
import { EvalResults } from './results.js';
import { STAMP_SUFFIX } from './stamp.js';
import { shortSha } from '../words.js';

/** What reading needs from a gate's context. */
type EvalEnv = Pick<GateContext<GateName>, 'inputs' | 'ports' | 'loaded'>;

const CHUNK = 1 << 20;

/** Bytes already in memory, handed over in chunks so JSON Lines are still split as they come. */
async function* chunksOf(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
}

/** A result file already in memory (a baseline read from git). */
export function bytesSource(bytes: Uint8Array): ResultSource {
  return { chunks: chunksOf(bytes), size: async () => bytes.length, whole: async () => bytes };
}

/** A result file of the working tree, read through the recorder so its sha256 is noted. */
function fileSource(env: EvalEnv, path: string): ResultSource {
  return {
    chunks: env.inputs.stream(path),
    size: async () => (await env.ports.files.stat(path))?.size ?? 0,
    whole: () => env.inputs.read(path),
  };
}

/** The file name without its extensions: the suite of files that name none. */
function stem(path: string): string {
  const name = posix.basename(path);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Only what the objectives (or callers) ask for is kept per case. */
export function statsOptionsFor(queries: readonly MetricQuery[]): StatsOptions {
  const passAtK = queries.filter((q) => q.metric.kind === 'pass@k');
  const sliced = queries.filter((q) => q.slice);
  return {
    groupSamples: passAtK.length > 0,
    groupSliceSamples: passAtK.some((q) => q.slice),
    sliceTags: new Set(sliced.map((q) => q.slice!.tag)),
    sliceKeeps: {
      latencies: sliced.some((q) => q.metric.kind === 'latency'),
      metrics: sliced.some((q) => q.metric.kind === 'named'),
    },
  };
}

/** How one result file is read: from the policy's `results` entry. */
export interface FileOptions {
  format: EvalFormat | 'auto';
  suite?: string;
  /** Lower-cased harm metric names. */
  harm: ReadonlySet<string>;
  /** For `format: table`: how the table is written and which column holds what. */
  table?: { format: TableFormat | undefined; columns: TableColumns };
}

interface Entry extends FileOptions {
  path: string;
  index: number;
}

function entriesOf(config: EvalsGate): Entry[] {
  return config.results.map((r, index) => ({
    path: r.path,
    format: r.format,
    ...(r.suite ? { suite: r.suite } : {}),
    harm: new Set(r.harm_metrics.map((m) => m.toLowerCase())),
    ...(r.columns ? { table: { format: r.table_format, columns: r.columns } } : {}),
    index,
  }));
}

/** The result files of the working tree, each once, with the entry that named it. */
export async function currentFiles(
  config: EvalsGate,
  env: EvalEnv,
): Promise<{ path: string; entry: Entry }[]> {
  const out: { path: string; entry: Entry }[] = [];
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  for (const entry of entriesOf(config)) {
    // A glob over a results directory matches the stamps beside the results too.
    const paths = (await env.ports.files.glob([entry.path])).filter(
      (p) => !p.endsWith(STAMP_SUFFIX),
    );
    if (paths.length === 0) {
      problems.push({
        message: `results path ${entry.path} matches no file`,
        hint: 'run the evals and commit their result files, or fix the path in the policy',
        location: env.loaded.locate(['gates', 'evals', 'results', entry.index, 'path']),
      });
    }
    for (const path of paths) {
      const earlier = seen.get(path);
      if (earlier !== undefined) {
        problems.push({
          message: `${path} is matched by results entries ${earlier + 1} and ${entry.index + 1}: its cases would count twice`,
          hint: 'narrow one of the globs',
          location: env.loaded.locate(['gates', 'evals', 'results', entry.index, 'path']),
        });
        continue;
      }
      seen.set(path, entry.index);
      out.push({ path, entry });
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return out;
}

/** Reads one result file into the results; `keepDocument` keeps a JSON document to locate findings. */
export async function addResultFile(
  results: EvalResults,
  source: ResultSource,
  path: string,
  options: FileOptions,
  keepDocument: boolean,
  ref?: string,
): Promise<void> {
  const index = results.files.length;
  results.files.push({ path, format: 'jsonl', ...(ref ? { ref } : {}) });
  const adapterOptions = {
    file: path,
    suite: options.suite,
    fallbackSuite: stem(path),
    harmMetrics: options.harm,
    groupSamples: results.statsOptions.groupSamples,
  };
  const sink = results.sinkFor(index);
  if (options.format === 'table' && options.table) {
    const { format, columns } = options.table;
    const doc = await readTableFile(source, path, format, columns, adapterOptions, sink);
    noCases(path, sink, 'table');
    results.files[index] = {
      ...results.files[index]!,
      format: 'table',
      ...(doc
        ? { rowPointer: doc.rowPointer, ...(keepDocument ? { document: doc.document } : {}) }
        : {}),
    };
    return;
  }
  const read = await readResultFile(
    source,
    path,
    options.format,
    adapterOptions,
    sink,
    keepDocument,
  );
  results.files[index] = { ...results.files[index]!, ...read };
}

/**
 * A suite the policy gives a file (`suite:` in its entry) holds that file's cases only: a
 * case of another file naming it would pad or dilute it (a harmless case in the safety suite).
 */
function rejectBorrowedSuites(results: EvalResults, entries: Map<string, Entry>): void {
  const problems: Problem[] = [];
  const owners = new Map<string, string>();
  for (const [path, entry] of entries) if (entry.suite) owners.set(entry.suite, path);
  for (const [suite, owner] of owners) {
    for (const index of results.suites.get(suite)?.files ?? []) {
      const file = results.files[index]!;
      if (entries.get(file.path)?.suite === suite) continue;
      problems.push({
        message: `${file.path} holds cases of suite ${suite}, which the policy gives to ${owner}`,
        hint: `a suite named in a results entry comes from that entry's files only: rename the cases' suite, or add ${file.path} to the policy with \`suite: ${suite}\``,
        location: { file: file.path },
      });
    }
  }
  if (problems.length > 0) throw new UserError(problems);
}

/** The results as they are in the working tree; JSON documents are kept to locate findings. */
export async function readCurrent(
  config: EvalsGate,
  env: EvalEnv,
  stats: StatsOptions,
): Promise<{ results: EvalResults; entries: Map<string, Entry> }> {
  const results = new EvalResults(stats);
  const entries = new Map<string, Entry>();
  for (const { path, entry } of await currentFiles(config, env)) {
    entries.set(path, entry);
    await addResultFile(results, fileSource(env, path), path, entry, true);
  }
  results.rejectDuplicates();
  rejectBorrowedSuites(results, entries);
  return { results, entries };
}

export interface Baseline {
  /** e.g. "stable" or "evals/baseline/". */
  label: string;
  results: EvalResults;
  /** Result files the baseline does not have. */
  absent: string[];
}

/**
 * The same result files at the baseline: at the branch `baseline.ref` through git (no
 * checkout), or in the pinned `baseline.path`. Neither comes from a pull request's head: the
 * ref is a branch only (a tag or a sha-like name the author can create is never taken for
 * it), and a pinned path is read at the commit the policy was read at (the base of a pull
 * request), from the working tree only when the policy was too. A string says why there is
 * no baseline at all.
 */
export async function readBaseline(
  config: EvalsGate,
  env: EvalEnv,
  current: EvalResults,
  entries: Map<string, Entry>,
): Promise<Baseline | string> {
  const { ref, path: pinned } = config.baseline;
  const results = new EvalResults(current.statsOptions);
  const absent: string[] = [];
  let label: string;
  let open: (path: string) => Promise<{ source: ResultSource; path: string; ref?: string } | null>;

  if (pinned) {
    const at = env.loaded.ref.ref;
    const files = at ? env.ports.git.filesAt(at) : env.ports.files;
    label = at ? `${pinned} at ${shortSha(at)}` : pinned;
    const kind = (await files.stat(pinned))?.kind;
    if (!kind) return `baseline.path ${label} does not exist`;
    if (kind === 'file' && current.files.length > 1) {
      throw new UserError({
        message: `baseline.path ${pinned} is one file, but the results are ${current.files.length} files`,
        hint: 'point baseline.path at a directory holding a baseline file named like each result file',
        location: env.loaded.locate(['gates', 'evals', 'baseline', 'path']),
      });
    }
    open = async (path) => {
      const file = kind === 'file' ? pinned : `${posix.join(pinned, posix.basename(path))}`;
      if ((await files.stat(file))?.kind !== 'file') return null;
      if (!at) return { source: fileSource(env, file), path: file };
      const bytes = await env.inputs.readAt(at, file);
      return bytes ? { source: bytesSource(bytes), path: file, ref: at } : null;
    };
  } else {
    const sha = await env.ports.git.resolveBranch(ref);
    if (!sha) return `branch ${ref} does not exist here or on the remote`;
    label = ref;
    open = async (path) => {
      const bytes = await env.inputs.readAt(ref, path, sha);
      return bytes ? { source: bytesSource(bytes), path, ref } : null;
    };
  }

  try {
    for (const file of current.files) {
      const opened = await open(file.path);
      if (!opened) {
        absent.push(file.path);
        continue;
      }
      // The baseline is read as the format its current file was found to be.
      const options = { ...entries.get(file.path)!, format: file.format };
      await addResultFile(results, opened.source, opened.path, options, false, opened.ref);
    }
    results.rejectDuplicates();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      e.problems.map((p) => ({ ...p, message: `baseline ${label}: ${p.message}` })),
    );
  }
  if (results.files.length === 0)
    return `none of the result files exist at ${label} (${absent.slice(0, 3).join(', ')})`;
  return { label, results, absent };
}
