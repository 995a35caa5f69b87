import { parseCriteria } from '../criteria/criteria.js';
import type { Gate } from '../gate.js';
import type { Objective } from '../policy/policy.generated.js';
import type { Item, Location } from '../verdict/model.js';
import type { CaseRef } from './accumulate.js';
import { checkFreshness } from './freshness.js';
import { locatePointers } from './json-locate.js';
import { readBaseline, readCurrent, statsOptionsFor, type Baseline } from './load.js';
import { parseMetric, parseSlice, type MetricSpec } from './metric-name.js';
import { measure, type MetricQuery } from './metrics.js';
import { judgeObjective, type BaselineSide, type JudgedObjective } from './objectives.js';
import type { EvalResults } from './results.js';
import { normalizedMetrics } from './summary.js';

/** The query an objective asks; metric names were checked when the policy was loaded. */
export function queryOf(o: Pick<Objective, 'suite' | 'metric' | 'slice'>): MetricQuery {
  const metric = parseMetric(o.metric);
  if ('error' in metric) throw new Error(metric.error);
  const slice = parseSlice(o.slice);
  return { suite: o.suite, metric: metric as MetricSpec, ...(slice ? { slice } : {}) };
}

function percent(band: string): number {
  return parseFloat(band);
}

/** Turns the cases and pointers items refer to into file, line and column, one scan per file. */
function locate(
  results: EvalResults,
  targets: { ref?: CaseRef; pointer?: { file: number; pointer: string; line?: number } }[],
): Location[] {
  const wanted = new Map<number, Set<string>>();
  const pointerOf = (
    t: (typeof targets)[number],
  ): { file: number; pointer: string; line?: number } | undefined => {
    if (t.pointer) return t.pointer;
    if (!t.ref) return undefined;
    const f = results.files[t.ref.file]!;
    return f.rowPointer
      ? { file: t.ref.file, pointer: f.rowPointer(t.ref.ref) }
      : { file: t.ref.file, pointer: '', line: t.ref.ref };
  };
  const resolved = targets.map(pointerOf);
  for (const p of resolved) {
    if (p && p.line === undefined && results.files[p.file]!.text !== undefined) {
      let set = wanted.get(p.file);
      if (!set) wanted.set(p.file, (set = new Set()));
      set.add(p.pointer);
    }
  }
  const lines = new Map<number, Map<string, { line: number; column: number }>>();
  for (const [file, pointers] of wanted)
    lines.set(file, locatePointers(results.files[file]!.text!, pointers));
  return resolved.map((p) => {
    if (!p) return { file: results.files[0]!.path, line: 1, column: 1 };
    const path = results.files[p.file]!.path;
    if (p.line !== undefined)
      return { file: path, line: p.line, column: 1, ...(p.pointer ? { pointer: p.pointer } : {}) };
    const at = lines.get(p.file)?.get(p.pointer);
    return {
      file: path,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      ...(p.pointer ? { pointer: p.pointer } : {}),
    };
  });
}

/**
 * The eval gate: metrics from eval result files against the policy's objectives, absolute
 * and relative to the baseline release, with missing data, noise and staleness handled the
 * same way every time. docs/evals.md explains it for users.
 */
export const evalsGate: Gate<'evals'> = {
  name: 'evals',
  title: 'Evals',
  async run(ctx) {
    const { config } = ctx;
    const queries = config.objectives.map(queryOf);
    const { results, entries } = await readCurrent(config, ctx, statsOptionsFor(queries));

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

    // Where each objective points: its worst case, else the aggregate it read, else its suite's file.
    const targets = judged.map((j, i) => {
      const a = j.measured?.aggregate;
      if (j.worst[0]) return { ref: j.worst[0] };
      if (a)
        return {
          pointer: {
            file: a.file,
            pointer: a.pointer,
            ...(a.line !== undefined ? { line: a.line } : {}),
          },
        };
      const suite = queries[i]!.suite === '*' ? undefined : results.suites.get(queries[i]!.suite);
      const file = suite ? Math.min(...suite.files) : 0;
      return { pointer: { file, pointer: '', line: 1 } };
    });
    const partial = results.partial;
    const partialLocations = locate(
      results,
      partial.map((p) => ({ pointer: { file: p.file, pointer: p.pointer } })),
    );
    const locations = locate(results, targets);

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

    if (config.freshness) {
      items.push(
        await checkFreshness(
          ctx.ports.git,
          config.freshness.paths,
          results.files.map((f) => f.path),
        ),
      );
    }

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

    const bands = config.total_score;
    return {
      items,
      ...(bands ? { scoring: { pass: percent(bands.pass), warn: percent(bands.warn) } } : {}),
      data: { metrics: normalizedMetrics(results, queries) },
    };
  },
};
