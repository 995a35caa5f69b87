/**
 * Pictures for the job summary and the pull-request comment: Mermaid `xychart-beta` charts,
 * which GitHub renders in Markdown, each followed by a table of the same numbers (for readers
 * without the picture, or without colour). Pure: verdict data in, Markdown sections out.
 *
 * Every chart is bounded (points, bars, label lengths), and every text in it passes through
 * `mermaidText`, which keeps only characters that cannot end a string or start a directive:
 * a release tag or a category from an export is untrusted.
 */
import type { Observed, Verdict } from '../model.js';
import { cell, showValue } from './format.js';

/** Longest label on an axis, and longest title, in characters. */
const MAX_LABEL = 24;
export const MAX_TITLE = 80;
/** Most charts of one kind in a section, and most bars in one chart. */
export const MAX_CHARTS = 12;
export const MAX_BARS = 20;

/** Text for inside a Mermaid string: safe characters only, the rest `_`, cut to `max`. */
export function mermaidText(text: string, max = MAX_LABEL): string {
  const safe = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^> /, 'over ')
    .replace(/[^A-Za-z0-9 ._/#:()+\-–≤@,%']/g, '_')
    .replace(/%+/g, '%');
  const chars = [...safe];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : safe || '_';
}

/** A number as Mermaid's data lists read it: plain decimals, never `1e-7`. */
export function mermaidNumber(v: number): string {
  const r = Number(v.toPrecision(6));
  const s = String(r);
  return s.includes('e') ? r.toFixed(12).replace(/\.?0+$/, '') : s;
}

interface XyChart {
  title: string;
  x: string[];
  y: string;
  /** Bars first, then the line, so a line over bars stays visible. */
  bar?: number[];
  line?: number[];
  /** A fixed range (shares from 0 %); without it Mermaid fits the data. */
  range?: [number, number];
}

function xyChart(c: XyChart): string {
  const list = (values: number[]) => `[${values.map(mermaidNumber).join(', ')}]`;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(c.title, MAX_TITLE)}"`,
    `  x-axis [${c.x.map((l) => `"${mermaidText(l)}"`).join(', ')}]`,
    `  y-axis "${mermaidText(c.y, MAX_TITLE)}"${c.range ? ` ${mermaidNumber(c.range[0])} --> ${mermaidNumber(c.range[1])}` : ''}`,
    ...(c.bar ? [`  bar ${list(c.bar)}`] : []),
    ...(c.line ? [`  line ${list(c.line)}`] : []),
    '```',
    '',
  ].join('\n');
}

/** A Markdown table; every cell escaped. */
export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |\n`;
  return line(head) + `| ${head.map(() => '---').join(' | ')} |\n` + rows.map(line).join('');
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const show = (v: number | null): string => (v === null ? '–' : showValue(v as Observed));
const percent = (share: number): string => `${showValue(Math.round(share * 1000) / 10)} %`;

// The data is read back from JSON reports too: its shape is checked, never trusted.

interface TrendData {
  objectives: { id: string; metric: string }[];
  points: { label: string; values: (number | null)[]; unread?: string }[];
  unread?: string;
}

function trendOf(data: unknown): TrendData | undefined {
  const t = data as Partial<TrendData> | null;
  if (!t || !Array.isArray(t.objectives) || !Array.isArray(t.points)) return undefined;
  const n = t.objectives.length;
  const ok =
    t.objectives.every((o) => isText(o?.id) && isText(o?.metric)) &&
    t.points.every(
      (p) =>
        isText(p?.label) &&
        Array.isArray(p.values) &&
        p.values.length === n &&
        p.values.every((v) => v === null || isNumber(v)),
    );
  return ok ? (t as TrendData) : undefined;
}

/** A flat line gets a range around it: Mermaid cannot fit an axis to one value. */
function flat(values: number[]): { range?: [number, number] } {
  const v = values[0]!;
  if (values.some((x) => x !== v)) return {};
  return { range: v === 0 ? [0, 1] : v > 0 ? [0, 2 * v] : [2 * v, 0] };
}

/**
 * The evals gate's trend: per objective, a line over the last releases ending at the change
 * under test, then one table of every value, and what could not be read.
 */
export function evalTrendSections(verdict: Verdict): string[] {
  const trend = evalTrend(verdict);
  return trend ? [`#### ${trend.title}\n\n${trend.markdown}`] : [];
}

/** The evals gate's trend as a titled section (the pull-request comment gives it its heading). */
export function evalTrend(verdict: Verdict): { title: string; markdown: string } | undefined {
  if (verdict.gate !== 'evals') return undefined;
  const trend = trendOf(verdict.data?.trend);
  if (!trend) return undefined;
  const { objectives, points } = trend;
  const last = points.at(-1)?.label ?? 'this change';
  let out = '';
  const releases = points.length - 1;
  out +=
    releases > 0
      ? `Each objective at the last ${releases === 1 ? 'release' : `${releases} releases`}, read from the same result files at each release's commit, then ${cell(last)}.\n\n`
      : '';
  const charted = objectives.slice(0, MAX_CHARTS);
  if (releases > 0) {
    charted.forEach((o, i) => {
      const measured = points.filter((p) => p.values[i] !== null);
      if (measured.length < 2) return;
      out += xyChart({
        title: `${o.id}: ${o.metric}`,
        x: measured.map((p) => p.label),
        y: o.metric,
        line: measured.map((p) => p.values[i]!),
        ...flat(measured.map((p) => p.values[i]!)),
      });
      out += '\n';
    });
    if (objectives.length > charted.length)
      out += `_${objectives.length - charted.length} more objectives are in the table only._\n\n`;
  }
  out += table(
    ['Objective', ...points.map((p) => p.label)],
    objectives.map((o, i) => [o.id, ...points.map((p) => show(p.values[i] ?? null))]),
  );
  const notes = [
    ...(trend.unread ? [`No trend: ${trend.unread}.`] : []),
    ...points.filter((p) => p.unread).map((p) => `${p.label}: not read: ${p.unread}.`),
  ];
  if (notes.length) out += '\n' + notes.map((n) => `_${cell(n)}_\n`).join('');
  out += '\n_– : not measured there. The trend never decides the verdict._\n';
  return { title: 'Objectives across the last releases', markdown: out };
}

interface Bucket {
  bucket: string;
  count: number;
}
interface Shares {
  bucket: string;
  reference: number;
  window: number;
}

function listOf<T>(data: unknown, ok: (x: Record<string, unknown>) => boolean): T[] | undefined {
  return Array.isArray(data) &&
    data.every((x) => typeof x === 'object' && x !== null && ok(x as Record<string, unknown>))
    ? (data as T[])
    : undefined;
}

/** Too many bars to read: the first MAX_BARS, and a line that says so. */
function capped<T>(list: T[]): { shown: T[]; note: string } {
  return list.length > MAX_BARS
    ? {
        shown: list.slice(0, MAX_BARS),
        note: `_${list.length - MAX_BARS} more buckets are in the JSON report only._\n`,
      }
    : { shown: list, note: '' };
}

/**
 * The monitor's pictures: the window's latency histogram, and per drift feature its
 * distribution against the reference (bars the reference, the line the window), bucket by
 * bucket, each with its table.
 */
export function monitorChartSections(verdict: Verdict): string[] {
  if (verdict.gate !== 'monitor') return [];
  const sections: string[] = [];
  const histogram = listOf<Bucket>(
    verdict.data?.latency_histogram,
    (b) => isText(b.bucket) && isNumber(b.count),
  );
  if (histogram?.length) {
    const total = histogram.reduce((sum, b) => sum + b.count, 0);
    const { shown, note } = capped(histogram);
    sections.push(
      `#### Latency of the window\n\n` +
        xyChart({
          title: 'Interactions per latency bucket (ms)',
          x: shown.map((b) => b.bucket),
          y: 'interactions',
          bar: shown.map((b) => b.count),
        }) +
        '\n' +
        table(
          ['Latency (ms)', 'Interactions', 'Share'],
          shown.map((b) => [b.bucket, String(b.count), percent(total ? b.count / total : 0)]),
        ) +
        note,
    );
  }
  const drift = verdict.data?.drift_buckets;
  if (drift && typeof drift === 'object') {
    const features = Object.entries(drift as Record<string, unknown>).slice(0, MAX_CHARTS);
    for (const [feature, raw] of features) {
      const buckets = listOf<Shares>(
        raw,
        (b) => isText(b.bucket) && isNumber(b.reference) && isNumber(b.window),
      );
      if (!buckets?.length) continue;
      const { shown, note } = capped(buckets);
      const top = Math.max(...shown.flatMap((b) => [b.reference, b.window]));
      sections.push(
        `#### Drift of ${cell(feature)}: the window against the reference\n\n` +
          xyChart({
            title: `${feature}: bars reference, line window (%)`,
            x: shown.map((b) => b.bucket),
            y: 'share of interactions (%)',
            bar: shown.map((b) => b.reference * 100),
            line: shown.map((b) => b.window * 100),
            range: [0, Math.min(100, Math.max(10, Math.ceil(top * 10) * 10))],
          }) +
          '\n' +
          table(
            ['Bucket', 'Reference', 'Window'],
            shown.map((b) => [b.bucket, percent(b.reference), percent(b.window)]),
          ) +
          note,
      );
    }
  }
  return sections;
}

/** Every picture a verdict has data for, as Markdown sections to append. */
export function chartSections(verdict: Verdict): string[] {
  return [...evalTrendSections(verdict), ...monitorChartSections(verdict)];
}
