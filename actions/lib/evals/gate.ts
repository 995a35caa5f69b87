import { parseCriteria } from '../criteria/criteria.js';
import type { Gate, GateContext } from '../gate.js';
import type { Objective } from '../policy/policy.generated.js';
import type { Item, Location } from '../verdict/model.js';
import type { CaseRef } from './accumulate.js';
import { checkFreshness } from './freshness.js';
import { checkStamps } from './stamp.js';
import { readBaseline, readCurrent, statsOptionsFor, type Baseline } from './load.js';
import { parseMetric, parseSlice, type MetricSpec } from './metric-name.js';
import { measure, type MetricQuery } from './metrics.js';
import { judgeObjective, type BaselineSide, type JudgedObjective } from './objectives.js';
import type { EvalResults } from './results.js';
import { normalizedMetrics } from './summary.js';
import { readTrend } from './trend.js';

/** The query an objective asks; metric names were checked when the policy was loaded. */
export function queryOf(o: Pick<Objective, 'suite' | 'metric' | 'slice'>): MetricQuery {
  const metric = parseMetric(o.metric);
  if ('error' in metric) throw new Error(metric.error);
  const slice = parseSlice(o.slice);
  return { suite: o.suite, metric: metric as MetricSpec, ...(slice ? { slice } : {}) };
}

function bandPercent(band: string): number {
  return parseFloat(band);
}

/** A place in a result file: a line (JSON Lines), or a JSON pointer to find the line of. */
interface Target {
  file: number;
  pointer: string;
  line?: number;
}

function caseTarget(results: EvalResults, ref: CaseRef): Target {
  const rowPointer = results.files[ref.file]!.rowPointer;
  return rowPointer
    ? { file: ref.file, pointer: rowPointer(ref.ref) }
    : { file: ref.file, pointer: '', line: ref.ref };
}

/** Targets as file, line and column: one walk per JSON file for all its pointers. */
function locate(results: EvalResults, targets: Target[]): Location[] {
  const wanted = new Map<number, string[]>();
  for (const t of targets) {
    if (t.line === undefined && results.files[t.file]!.document !== undefined)
      wanted.set(t.file, [...(wanted.get(t.file) ?? []), t.pointer]);
  }
  const found = new Map(
    [...wanted].map(([file, pointers]) => [file, results.files[file]!.document!.locate(pointers)]),
  );
  return targets.map((t) => {
    const at =
      t.line !== undefined ? { line: t.line, column: 1 } : found.get(t.file)?.get(t.pointer);
    return {
      file: results.files[t.file]!.path,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      ...(t.pointer ? { pointer: t.pointer } : {}),
    };
  });
}

/** What the one-line summary should say beyond the tally: noise and a missing baseline. */
function summaryNote(judged: JudgedObjective[], noBaseline: string | undefined): { note?: string } {
  const noisy = judged.filter((j) => j.noisy).length;
  const notes = [
    ...(noisy === 1 ? ['1 drop within statistical noise warns instead of failing'] : []),
    ...(noisy > 1 ? [`${noisy} drops within statistical noise warn instead of failing`] : []),
    ...(noBaseline ? [`no baseline: ${noBaseline}`] : []),
  ];
  return notes.length ? { note: notes.join('; ') } : {};
}

/**
 * The eval gate: metrics from eval result files against the policy's objectives, absolute
 * and relative to the baseline release, with missing data, noise and staleness handled the
 * same way every time. docs/evals.md explains it for users.
 */
/** Whether the result files are at least as new as what they evaluate, and their stamps. */
async function freshnessItems(
  ctx: GateContext<'evals'>,
  freshness: NonNullable<GateContext<'evals'>['config']['freshness']>,
  results: { files: readonly { path: string }[] },
): Promise<Item[]> {
  const paths = results.files.map((f) => f.path);
  const [fresh, stamp] = await Promise.all([
    checkFreshness(ctx.ports.git, freshness.paths, paths),
    checkStamps(ctx, freshness, paths),
  ]);
  return stamp ? [fresh, stamp] : [fresh];
}

export const evalsGate: Gate<'evals'> = {
  name: 'evals',
  title: 'Evals',
  async run(ctx) {
    const { config } = ctx;
    const queries = config.objectives.map(queryOf);
    const { results, entries } = await readCurrent(config, ctx, statsOptionsFor(queries));
    // Freshness asks git about the result files while the baseline is read: both wait on git
    // processes, and neither needs the other.
    const freshness = config.freshness
      ? freshnessItems(ctx, config.freshness, results)
      : Promise.resolve([]);
    freshness.catch(() => {}); // awaited below; not unhandled if the baseline fails first
    // The release history of the trend charts, read meanwhile too; never judged.
    const history =
      config.trend_releases > 0
        ? readTrend(ctx, queries, results, (path) => entries.get(path)!)
        : undefined;
    history?.catch(() => {});

    const relative = config.objectives.some((o) =>
      [...parseCriteria(o.pass), ...parseCriteria(o.warn)].some((c) => c.relative),
    );
    let baseline: Baseline | string | undefined;
    if (relative) baseline = await readBaseline(config, ctx, results, entries);

    const judged: JudgedObjective[] = config.objectives.map((o, i) => {
      const q = queries[i]!;
      let side: BaselineSide | undefined;
      if (typeof baseline === 'string') side = { missing: baseline };
      else if (baseline)
        side = { label: baseline.label, measurement: measure(baseline.results, q) };
      return judgeObjective(o, q, measure(results, q), side, {
        noise: config.noise,
        onMissingBaseline: config.baseline.on_missing,
      });
    });

    // Where each objective points: its worst case, else the tool metric it read, else its suite's file.
    const targets = judged.map((j, i): Target => {
      const a = j.measured?.aggregate;
      if (j.worst[0]) return caseTarget(results, j.worst[0]);
      if (a)
        return {
          file: a.file,
          pointer: a.pointer,
          ...(a.line !== undefined ? { line: a.line } : {}),
        };
      const suite = results.suites.get(queries[i]!.suite);
      return { file: suite ? Math.min(...suite.files) : 0, pointer: '', line: 1 };
    });
    const locations = locate(results, targets);
    const partial = results.partial;
    const partialLocations = locate(results, partial);

    const items: Item[] = judged.map((j, i) => ({ ...j.item, location: locations[i]! }));

    partial.forEach((p, i) => {
      const file = results.files[p.file]!;
      const rule = config.results[entries.get(file.path)!.index]!.on_partial;
      items.push({
        id: `partial/${p.suite}`,
        status: rule === 'pass' ? 'info' : rule,
        message: `${file.path}: the run was cut short: ${p.message}`,
        expected: 'a complete run',
        hint: 're-run the eval on the whole suite, or set `on_partial: pass` on this results entry if a sample is intended',
        rule: 'partial',
        location: partialLocations[i]!,
      });
    });

    items.push(...(await freshness));

    if (baseline !== undefined) {
      items.push({
        id: 'baseline',
        status: 'info',
        rule: 'baseline',
        message:
          typeof baseline === 'string'
            ? `no baseline: ${baseline}`
            : `baseline: ${baseline.results.files.length} of ${results.files.length} result files read from ${baseline.label}${
                baseline.absent.length ? ` (absent there: ${baseline.absent.join(', ')})` : ''
              }`,
      });
    }

    const trend = (await history)?.(
      judged.map((j) => (typeof j.item.observed === 'number' ? j.item.observed : null)),
    );

    const bands = config.total_score;
    return {
      items,
      ...summaryNote(judged, typeof baseline === 'string' ? baseline : undefined),
      ...(bands
        ? { scoring: { pass: bandPercent(bands.pass), warn: bandPercent(bands.warn) } }
        : {}),
      data: { metrics: normalizedMetrics(results, queries), ...(trend ? { trend } : {}) },
    };
  },
};
