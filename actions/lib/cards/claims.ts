/**
 * Metric values a card claims, and their comparison with what the evals computed. A claim
 * names its suite and metric as the eval gate does: in `model-index`, `dataset.name` is the
 * suite and `metrics[].type` the metric; in a claims table, the `Suite` and `Metric` columns.
 */
import type { Problem } from '../errors.js';
import {
  blockLocation,
  inlineText,
  normalizeHeading,
  subtree,
  type MarkdownDoc,
  type Token,
} from '../parse/markdown.js';
import { toPointer, type DocPath, type YamlFile } from '../parse/yaml.js';
import type { Item, Location } from '../verdict/model.js';

/** The metric the evals computed for (suite, metric), or undefined when they computed none. */
export type MetricLookup = (suite: string, metric: string) => number | undefined;

export interface Claim {
  suite: string;
  metric: string;
  value: number;
  /** As written in the card, e.g. `91.2%`. */
  text: string;
  location: Location;
}

interface Claims {
  claims: Claim[];
  /** Claims that cannot be read: each makes the card fail, at its location. */
  problems: Problem[];
}

const NUMBER = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$/;

/** A claimed value: a number, or text such as `0.91` or `91%` (a percentage is divided by 100). */
export function parseClaimValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = NUMBER.exec(raw);
  if (!m) return undefined;
  return m[2] ? Number(m[1]) / 100 : Number(m[1]);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function nonEmptyText(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Claims in the Hugging Face `model-index` of the front matter. */
export function modelIndexClaims(frontMatter: YamlFile): Claims {
  const out: Claims = { claims: [], problems: [] };
  const at = (path: DocPath): Location => ({
    ...frontMatter.locate(path),
    pointer: toPointer(path),
  });
  const problem = (path: DocPath, message: string, hint: string) =>
    out.problems.push({ message, hint, location: at(path) });

  const index = isRecord(frontMatter.value) ? frontMatter.value['model-index'] : undefined;
  if (!Array.isArray(index)) {
    problem(
      ['model-index'],
      index === undefined
        ? 'the front matter has no model-index, so the card claims no metrics'
        : 'model-index must be a list of models',
      'add model-index: [{name, results: [{task, dataset: {name: <suite>}, metrics: [{type: <metric>, value}]}]}]',
    );
    return out;
  }
  index.forEach((model: unknown, i) => {
    const results = isRecord(model) ? model.results : undefined;
    if (!Array.isArray(results)) {
      problem(
        ['model-index', i],
        `model-index[${i}] has no results list`,
        'add results: [{dataset: {name: <suite>}, metrics: [...]}]',
      );
      return;
    }
    results.forEach((result: unknown, j) => {
      const base = ['model-index', i, 'results', j];
      const dataset = isRecord(result) ? result.dataset : undefined;
      const suite = isRecord(dataset) ? nonEmptyText(dataset.name) : undefined;
      const metrics = isRecord(result) ? result.metrics : undefined;
      if (!suite) {
        problem(
          [...base, 'dataset'],
          `model-index[${i}].results[${j}] names no eval suite in dataset.name`,
          'write the eval suite the result comes from as dataset.name, e.g. quality',
        );
        return;
      }
      if (!Array.isArray(metrics)) {
        problem(
          base,
          `model-index[${i}].results[${j}] (${suite}) has no metrics list`,
          'add metrics: [{type: <metric>, value: <number>}]',
        );
        return;
      }
      metrics.forEach((m: unknown, k) => {
        const path = [...base, 'metrics', k];
        const metric = isRecord(m) ? nonEmptyText(m.type) : undefined;
        const raw = isRecord(m) ? m.value : undefined;
        const value = parseClaimValue(raw);
        if (!metric) {
          problem(
            path,
            `a metric of ${suite} has no type`,
            'write the eval metric as type, e.g. pass@5',
          );
        } else if (value === undefined) {
          problem(
            [...path, 'value'],
            `${suite}/${metric}: ${raw === undefined ? 'no value' : `value ${JSON.stringify(raw)} is not a number`}`,
            'write the value as a number, e.g. 0.87 or "87%"',
          );
        } else {
          out.claims.push({
            suite,
            metric,
            value,
            text: String(raw),
            location: at([...path, 'value']),
          });
        }
      });
    });
  });
  if (out.claims.length === 0 && out.problems.length === 0)
    problem(
      ['model-index'],
      'model-index lists no metrics',
      'add the eval results the card reports',
    );
  return out;
}

const COLUMNS = {
  suite: ['suite', 'eval suite', 'dataset'],
  metric: ['metric'],
  value: ['value', 'score', 'result'],
} as const;

interface TableRow {
  /** The row's token, for its line. */
  token: Token;
  /** Each cell's plain text. */
  cells: string[];
}

/** The rows of the first table in some blocks, header row first. */
function firstTable(blocks: readonly Token[]): { token: Token; rows: TableRow[] } | undefined {
  const start = blocks.findIndex((t) => t.type === 'table_open');
  if (start === -1) return undefined;
  const rows: TableRow[] = [];
  for (let i = start + 1; i < blocks.length && blocks[i]!.type !== 'table_close'; i++) {
    const token = blocks[i]!;
    if (token.type === 'tr_open') rows.push({ token, cells: [] });
    else if (token.type === 'inline') rows.at(-1)?.cells.push(inlineText(token));
  }
  return { token: blocks[start]!, rows };
}

/** 1-based column where each cell's text starts in a table row's source line. */
function cellColumns(line: string): number[] {
  const columns: number[] = [];
  let start = line.trimStart().startsWith('|') ? line.indexOf('|') + 1 : 0;
  for (let i = start; i <= line.length; i++) {
    if (i < line.length && (line[i] !== '|' || line[i - 1] === '\\')) continue;
    const cell = line.slice(start, i);
    if (i < line.length || cell.trim())
      columns.push(start + cell.length - cell.trimStart().length + 1);
    start = i + 1;
  }
  return columns;
}

/** Claims in the first table of the section titled `heading` (subsections included). */
export function tableClaims(doc: MarkdownDoc, heading: string): Claims {
  const out: Claims = { claims: [], problems: [] };
  const wanted = normalizeHeading(heading);
  const index = doc.sections.findIndex((s) => normalizeHeading(s.title) === wanted);
  if (index === -1) {
    out.problems.push({
      message: `the card has no section "${heading}" with the claimed metrics`,
      hint: `add a "${heading}" section with a table of Suite, Metric and Value columns`,
      location: { file: doc.file, line: 1, column: 1 },
    });
    return out;
  }
  const section = doc.sections[index]!;
  const table = firstTable(subtree(doc, index).flatMap((i) => doc.sections[i]!.blocks));
  if (!table) {
    out.problems.push({
      message: `section "${section.title}" has no table of claimed metrics`,
      hint: 'add a Markdown table with Suite, Metric and Value columns',
      location: section.location,
    });
    return out;
  }
  const [head, ...rows] = table.rows;
  const names = head!.cells.map(normalizeHeading);
  const column = (aliases: readonly string[]) => names.findIndex((n) => aliases.includes(n));
  const cols = {
    suite: column(COLUMNS.suite),
    metric: column(COLUMNS.metric),
    value: column(COLUMNS.value),
  };
  const missing = Object.entries(cols).filter(([, i]) => i === -1);
  if (missing.length > 0) {
    out.problems.push({
      message: `the claims table in "${section.title}" has no ${missing.map(([k]) => k).join(', ')} column`,
      hint: 'name the columns Suite, Metric and Value',
      location: blockLocation(doc, head!.token),
    });
    return out;
  }
  for (const row of rows) {
    const text = (i: number) => row.cells[i] ?? '';
    const suite = text(cols.suite);
    const metric = text(cols.metric);
    const raw = text(cols.value);
    const value = parseClaimValue(raw);
    const rowAt = blockLocation(doc, row.token);
    const column = cellColumns(doc.lines[rowAt.line! - 1] ?? '')[cols.value];
    const location = column ? { file: doc.file, line: rowAt.line, column } : rowAt;
    if (!suite || !metric) {
      out.problems.push({
        message: `a row of the claims table in "${section.title}" names no ${suite ? 'metric' : 'suite'}`,
        hint: 'fill in the Suite and Metric of every row',
        location: rowAt,
      });
    } else if (value === undefined) {
      out.problems.push({
        message: `${suite}/${metric}: "${raw}" is not a number`,
        hint: 'write the value as a number, e.g. 0.87 or 87%',
        location,
      });
    } else {
      out.claims.push({ suite, metric, value, text: raw, location });
    }
  }
  if (out.claims.length === 0 && out.problems.length === 0) {
    out.problems.push({
      message: `the claims table in "${section.title}" has no rows`,
      hint: 'add a row per claimed metric',
      location: blockLocation(doc, table.token),
    });
  }
  return out;
}

function show(n: number): string {
  return String(Number(n.toPrecision(6)));
}

// Claims and metrics are decimals: 0.84 + 0.01 must accept 0.85.
const EPSILON = 1e-9;

/** One item per claim: pass when the evals computed the same value within the tolerance. */
export function compareClaims(
  claims: readonly Claim[],
  lookup: MetricLookup,
  tolerance: number,
  idPrefix: string,
): Item[] {
  const seen = new Map<string, number>();
  return claims.map((claim) => {
    const name = `${claim.suite}/${claim.metric}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const id = `${idPrefix}claim/${name}${n > 1 ? `#${n}` : ''}`;
    const computed = lookup(claim.suite, claim.metric);
    if (computed === undefined) {
      return {
        id,
        status: 'fail',
        message: `the card claims ${claim.metric} ${claim.text} on ${claim.suite}, but the evals compute no ${claim.metric} for suite ${claim.suite}`,
        observed: claim.value,
        expected: 'a metric the evals compute',
        hint: 'name a suite and metric the eval gate computes, or remove the claim',
        location: claim.location,
        rule: 'claim',
      };
    }
    const diff = Math.abs(claim.value - computed);
    const ok = diff <= tolerance + EPSILON;
    return {
      id,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `the card claims ${claim.metric} ${claim.text} on ${claim.suite}; the evals computed ${show(computed)}`
        : `the card claims ${claim.metric} ${claim.text} on ${claim.suite}, but the evals computed ${show(computed)} (off by ${show(diff)}, tolerance ${tolerance})`,
      observed: claim.value,
      expected: `${show(computed)} ± ${tolerance}`,
      ...(ok ? {} : { hint: `write the computed value ${show(computed)}, or re-run the evals` }),
      location: claim.location,
      rule: 'claim',
    };
  });
}
