/**
 * The objectives' values at the last releases, for the trend charts of the job summary: the
 * same result files read at each release's commit through git (no extra storage), measured,
 * never judged. A history that cannot be read says why in the trend; the verdict is the same.
 */
import { describeError } from '../errors.js';
import type { GateContext } from '../gate.js';
import { readReleaseState } from '../release/state.js';
import { addResultFile, bytesSource, type FileOptions } from './load.js';
import { metricLabel } from './metric-name.js';
import { isMeasured, measure, reported, type MetricQuery } from './metrics.js';
import { EvalResults } from './results.js';

/** GitHub renders a dozen points well; more crowd the axis. */
const MAX_TREND_RELEASES = 10;

export interface TrendPoint {
  /** The release tag, or the change under test (`PR #12`, `this commit`). */
  label: string;
  commit: string | null;
  /** One per objective, in the order of `objectives`; null where it could not be measured. */
  values: (number | null)[];
  /** Why this release has no values, when its files could not be read. */
  unread?: string;
}

export interface EvalTrend {
  objectives: { id: string; metric: string }[];
  /** Oldest release first; the change under test last. */
  points: TrendPoint[];
  /** Why no release could be read (no releases, no ledger, git failed). */
  unread?: string;
}

type Env = Pick<GateContext<'evals'>, 'config' | 'policy' | 'ports' | 'run'>;

/** The value an objective's query has in `results`, as outputs show it; null when not measured. */
function trendValue(results: EvalResults, q: MetricQuery): number | null {
  const m = measure(results, q);
  return isMeasured(m) ? reported(q.metric, m.value) : null;
}

/** One release: the current result files as they are at its commit (absent ones skipped). */
async function releaseValues(
  env: Env,
  commit: string,
  current: EvalResults,
  options: (path: string) => FileOptions,
  queries: readonly MetricQuery[],
): Promise<(number | null)[]> {
  const results = new EvalResults(current.statsOptions);
  for (const file of current.files) {
    const bytes = await env.ports.git.show(commit, file.path);
    if (!bytes) continue;
    const read = { ...options(file.path), format: file.format };
    await addResultFile(results, bytesSource(bytes), file.path, read, false, commit);
  }
  if (results.files.length === 0) throw new Error('none of the result files exist there');
  return queries.map((q) => trendValue(results, q));
}

/**
 * The trend of the last `gates.evals.trend_releases` releases (at most MAX_TREND_RELEASES),
 * with the change under test's values (`now`) as its last point: the releases are read first,
 * so the gate can read them while it judges. Never throws: what could not be read is named in
 * `unread`.
 */
export async function readTrend(
  env: Env,
  queries: readonly MetricQuery[],
  current: EvalResults,
  options: (path: string) => FileOptions,
): Promise<(now: (number | null)[]) => EvalTrend> {
  const { config, run } = env;
  const objectives = config.objectives.map((o, i) => ({
    id: o.id,
    metric: o.suite
      ? `${metricLabel(queries[i]!.metric)} of ${o.suite}`
      : metricLabel(queries[i]!.metric),
  }));
  const last = (values: (number | null)[]): TrendPoint => ({
    label: run.pullRequest ? `PR #${run.pullRequest.number}` : 'this commit',
    commit: run.commit,
    values,
  });
  const limit = Math.min(config.trend_releases, MAX_TREND_RELEASES);
  let releases;
  try {
    const { remote, branch, tag_prefix: tagPrefix } = env.policy.promotion;
    const state = await readReleaseState(env.ports.git, { remote, branch, tagPrefix });
    releases = state.releases.slice(Math.max(0, state.releases.length - limit));
  } catch (e) {
    const unread = `the release history: ${describeError(e)}`;
    return (now) => ({ objectives, points: [last(now)], unread });
  }
  const points: TrendPoint[] = [];
  for (const { record } of releases) {
    const point = { label: record.tag, commit: record.stable.commit };
    try {
      points.push({
        ...point,
        values: await releaseValues(env, record.stable.commit, current, options, queries),
      });
    } catch (e) {
      points.push({ ...point, values: queries.map(() => null), unread: describeError(e) });
    }
  }
  return (now) => ({
    objectives,
    points: [...points, last(now)],
    ...(releases.length === 0 ? { unread: 'no release yet' } : {}),
  });
}
