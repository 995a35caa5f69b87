import { bySeverity, isProblem, worst, type Item, type Report, type Verdict } from '../model.js';
import { cell, ICON, resultWord, showValue, where } from './format.js';
import { shortSha } from '../../words.js';

/** The hidden first line by which a later run finds the comment again. */
export const COMMENT_MARKER = '<!-- release-gates:report -->';
/** GitHub refuses a comment body longer than 65536 characters. */
export const COMMENT_LIMIT = 65536;
/** Rows per gate in "What failed": the job summary has the rest. */
const TOP_PROBLEMS = 10;
/** A single untrusted text (a message, a file name) may not eat the comment. */
const MAX_TEXT = 300;

/**
 * A part of the comment below the verdicts, e.g. a chart. `markdown` is trusted: it must come
 * from a renderer that escapes what it takes from the head (see `inline`).
 */
export interface CommentSection {
  title: string;
  markdown: string;
}

interface CommentOptions {
  /** The workflow run, whose page links every job summary. */
  runUrl?: string;
  /** Extra sections, appended in order after the built-in ones while they fit. */
  sections?: readonly CommentSection[];
  /** For tests; GitHub's limit otherwise. */
  limit?: number;
}

/**
 * Untrusted text as inline Markdown that shows as written: no HTML (so no forged marker), no
 * links, emphasis, headings or table breaks, no @-mentions that would notify someone, one line.
 */
export function inline(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const short = one.length > MAX_TEXT ? `${one.slice(0, MAX_TEXT - 1)}…` : one;
  // A table cell's escaping (HTML, `|`), and what else acts inline: never at a line start.
  return cell(short.replace(/[\\`*_[\]#!~]/g, '\\$&')).replace(/@/g, '@\u2060');
}

/** observed - baseline, signed, for numbers; '' otherwise. */
function change(item: Item): string {
  const { observed, baseline } = item;
  if (typeof observed !== 'number' || typeof baseline !== 'number') return '';
  const delta = observed - baseline;
  if (delta === 0) return '±0';
  return `${delta > 0 ? '+' : '−'}${showValue(Math.abs(delta))}`;
}

const value = (v: Item['observed']) => inline(showValue(v));

function gateTable(verdicts: readonly Verdict[]): string {
  let out = '| Gate | Result | Summary |\n| --- | --- | --- |\n';
  for (const v of verdicts) {
    const mode = v.mode === 'report' ? ' (report mode)' : '';
    out += `| ${inline(v.title)} | ${ICON[v.result]} ${v.result}${mode} | ${inline(v.summary)} |\n`;
  }
  return out;
}

function problemRow(item: Item): string {
  const why = [item.message, item.hint ? `Fix: ${item.hint}` : ''].filter(Boolean).join(' ');
  return `| ${ICON[item.status]} ${item.status} | ${inline(item.id)}${item.key ? ' 🔑' : ''} | ${value(item.observed)} | ${inline(item.expected ?? '')} | ${inline(where(item))} | ${inline(why)} |\n`;
}

function changeRow(v: Verdict, item: Item): string {
  return `| ${inline(v.title)} | ${inline(item.id)} | ${value(item.baseline)} | ${value(item.observed)} | ${change(item)} | ${ICON[item.status]} ${item.status} |\n`;
}

/** Appends parts while they fit the budget; counts what it had to leave out. */
class Body {
  private text = '';
  left = 0;
  constructor(private readonly budget: number) {}
  add(part: string): boolean {
    if (this.text.length + part.length > this.budget) return false;
    this.text += part;
    return true;
  }
  /** Rows under a header: as many as fit, and a note when some do not. */
  table(header: string, rows: readonly string[], more: number): void {
    if (!rows.length || !this.add(header)) {
      this.left += rows.length + more;
      return;
    }
    let shown = 0;
    for (const r of rows) {
      if (!this.add(r)) break;
      shown++;
    }
    const hidden = rows.length - shown + more;
    this.left += rows.length - shown;
    if (hidden > 0)
      this.add(`\n_${hidden} more not shown here; the job summary lists them all._\n`);
    this.add('\n');
  }
  toString(): string {
    return this.text;
  }
}

/**
 * The pull-request comment for the reports of one workflow run (one per gate job): the marker,
 * the verdict of every gate, what failed and by how much, what changed against the base, then
 * any extra sections, and a link to the run's job summaries. At most `limit` characters: what
 * does not fit is left out with a note, never cut mid-table.
 */
export function renderComment(reports: readonly Report[], options: CommentOptions = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const verdicts = reports.flatMap((r) => r.verdicts);
  const result = verdicts.length ? worst(verdicts.map((v) => v.result)) : 'error';
  const commits = [...new Set(reports.map((r) => (r.commit ? shortSha(r.commit) : 'unknown')))];
  const run = options.runUrl ? `[the job summaries of this run](${encodeURI(options.runUrl)})` : '';
  const footer = `\n---\n<sub>release-gates ${inline(reports[0]?.tool.version ?? '')} on commit ${commits.map((c) => `\`${c.replace(/[^0-9a-z]/gi, '')}\``).join(', ')}${run ? `; details in ${run}` : ''}. This comment is updated on every run.</sub>\n`;
  const body = new Body(limit - footer.length - 200);

  body.add(`${COMMENT_MARKER}\n## ${ICON[result]} release-gates: ${resultWord(result)}\n\n`);
  if (!verdicts.length) body.add('No gate reported a verdict: see the workflow run.\n\n');
  else body.add(gateTable(verdicts) + '\n');

  const failing = verdicts.filter((v) => v.items.some((i) => isProblem(i.status)));
  if (failing.length && body.add('### What failed\n\n')) {
    for (const v of failing) {
      const problems = v.items.filter((i) => isProblem(i.status)).sort(bySeverity);
      const top = problems.slice(0, TOP_PROBLEMS).map(problemRow);
      if (!body.add(`**${ICON[v.result]} ${inline(v.title)}**\n\n`)) {
        body.left += problems.length;
        continue;
      }
      body.table(
        '| | ID | Observed | Expected | Where | Why |\n| --- | --- | --- | --- | --- | --- |\n',
        top,
        problems.length - top.length,
      );
    }
  }

  const changes = verdicts.flatMap((v) =>
    v.items.filter((i) => i.baseline !== undefined).map((i) => changeRow(v, i)),
  );
  if (changes.length && body.add('### Against the base\n\n')) {
    body.table(
      '| Gate | Objective | Before (baseline) | After (this pull request) | Change | Status |\n| --- | --- | --- | --- | --- | --- |\n',
      changes,
      0,
    );
  }

  let dropped = 0;
  for (const s of options.sections ?? []) {
    if (!body.add(`### ${inline(s.title)}\n\n${s.markdown.trimEnd()}\n\n`)) dropped++;
  }
  const notes: string[] = [];
  if (body.left) notes.push(`${body.left} rows`);
  if (dropped) notes.push(`${dropped} extra section${dropped === 1 ? '' : 's'}`);
  const note = notes.length
    ? `\n> Left out to stay under GitHub's ${limit}-character comment limit: ${notes.join(' and ')}. The job summaries have everything.\n`
    : '';
  return `${body.toString()}${note}${footer}`;
}
