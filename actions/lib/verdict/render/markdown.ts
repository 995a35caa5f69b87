import { bySeverity, type Item, type Report, type Verdict } from '../model.js';
import { chartSections } from './charts.js';
import { cell, ICON, resultWord, showValue, where } from './format.js';
import { shortSha } from '../../words.js';

/** GitHub caps a step summary at 1 MiB; stay under it with room for other steps' text. */
export const SUMMARY_BUDGET_BYTES = 1000 * 1024;
const TOP_ITEMS = 20;

const HEADER =
  '| | ID | Observed | Baseline | Expected | Where | Why |\n| --- | --- | --- | --- | --- | --- | --- |\n';

function row(item: Item): string {
  const why = [item.message, item.hint && item.status !== 'pass' ? `Fix: ${item.hint}` : '']
    .filter(Boolean)
    .join(' ');
  return `| ${ICON[item.status]} ${item.status} | ${cell(item.id)}${item.key ? ' 🔑' : ''} | ${cell(showValue(item.observed))} | ${cell(
    showValue(item.baseline),
  )} | ${cell(item.expected ?? '')} | ${cell(where(item))} | ${cell(why)} |\n`;
}

class Budget {
  private used = 0;
  truncated = 0;
  constructor(private readonly limit: number) {}
  fits(text: string): boolean {
    const size = Buffer.byteLength(text);
    if (this.used + size > this.limit) return false;
    this.used += size;
    return true;
  }
}

function verdictSection(v: Verdict, budget: Budget): string {
  let out = `### ${ICON[v.result]} ${cell(v.title)} (\`${v.gate}\`): ${v.result}${v.mode === 'report' ? ' (report mode)' : ''}\n\n${cell(v.summary)}\n\n`;
  const items = [...v.items].sort(bySeverity);
  const top = items.slice(0, TOP_ITEMS);
  const rest = items.slice(TOP_ITEMS);
  const rows = (list: Item[]) => {
    let text = '';
    for (const [i, item] of list.entries()) {
      const r = row(item);
      if (!budget.fits(r)) {
        budget.truncated += list.length - i;
        text += `\n_${list.length - i} more items not shown: the summary is capped at 1 MiB. The JSON report has every item._\n`;
        return { text, complete: false };
      }
      text += r;
    }
    return { text, complete: true };
  };
  if (top.length) {
    const first = rows(top);
    out += HEADER + first.text;
    if (first.complete && rest.length) {
      const more = rows(rest);
      out += `\n<details><summary>${rest.length} more item${rest.length === 1 ? '' : 's'}</summary>\n\n${HEADER}${more.text}\n</details>\n`;
    } else if (rest.length) {
      budget.truncated += rest.length;
    }
  }
  for (const r of v.waivers.rejected) {
    const line = `\n> ⚠️ Waiver \`${cell(r.id)}\` ${cell(r.reason)}${r.location ? ` (${cell(where({ location: r.location } as Item))})` : ''}\n`;
    if (budget.fits(line)) out += line;
  }
  out += charts(v, budget);
  if (v.inputs.length) {
    const inputs = v.inputs
      .map(
        (i) =>
          `- \`${cell(i.file)}\`${i.ref ? ` at \`${cell(i.ref)}\`` : ''}: sha256 \`${i.sha256.slice(0, 16)}…\``,
      )
      .join('\n');
    const block = `\n<details><summary>Inputs (${v.inputs.length})</summary>\n\n${inputs}\n\n</details>\n`;
    if (budget.fits(block)) out += block;
  }
  return out + '\n';
}

/** The pictures of a verdict, as many as fit in what is left of the budget. */
function charts(v: Verdict, budget: Budget): string {
  return chartSections(v)
    .map((section) => `\n${section}`)
    .filter((section) => budget.fits(section))
    .join('');
}

/** The job summary: the verdict table, then per gate the top items first and the rest folded. */
export function renderMarkdown(report: Report, budgetBytes = SUMMARY_BUDGET_BYTES): string {
  const budget = new Budget(budgetBytes - 2048);
  let out = `## ${ICON[report.result]} release-gates ${cell(report.command)}: ${resultWord(report.result)}\n\n`;
  const policy = report.policy
    ? `Policy \`${cell(report.policy.file)}\`${report.policy.ref ? ` from \`${cell(report.policy.ref)}\`` : ''} (sha256 \`${shortSha(report.policy.sha256)}\`)`
    : 'No valid policy';
  out += `${policy}, commit \`${report.commit ? shortSha(report.commit) : 'unknown'}\`.\n\n`;
  out += '| Gate | Result | Summary |\n| --- | --- | --- |\n';
  for (const v of report.verdicts)
    out += `| ${cell(v.title)} | ${ICON[v.result]} ${v.result} | ${cell(v.summary)} |\n`;
  out += '\n';
  budget.fits(out);
  for (const v of report.verdicts) {
    const problems =
      v.items.some((i) => i.status !== 'pass' && i.status !== 'info') || v.result !== 'pass';
    if (!problems && v.items.length > TOP_ITEMS) {
      const line = `### ${ICON[v.result]} ${cell(v.title)} (\`${v.gate}\`): ${v.result}\n\n${cell(v.summary)}\n\n`;
      if (budget.fits(line)) out += line + charts(v, budget);
      continue;
    }
    out += verdictSection(v, budget);
  }
  if (budget.truncated > 0) {
    out += `\n> ${budget.truncated} items were left out to stay under GitHub's 1 MiB summary limit; the JSON report lists them all.\n`;
  }
  return out;
}
