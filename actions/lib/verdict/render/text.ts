import { bySeverity, isProblem, type Report } from '../model.js';
import { SYMBOL, resultWord, showValue, where } from './format.js';
import { shortSha } from '../../words.js';

const MAX_ITEMS_PER_GATE = 50;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Plain text for terminals and logs: a table of gates, then what needs attention. */
export function renderText(report: Report, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const policy = report.policy
    ? `policy ${report.policy.file}${report.policy.ref ? `@${report.policy.ref}` : ''} (sha256 ${shortSha(report.policy.sha256)})`
    : 'no valid policy';
  out.push(
    `release-gates ${report.command}: ${policy}, commit ${report.commit ? shortSha(report.commit) : 'unknown'}`,
    '',
  );

  const width = Math.max(4, ...report.verdicts.map((v) => v.gate.length)) + 2;
  out.push(`${pad('GATE', width)}${pad('RESULT', 8)}SUMMARY`);
  for (const v of report.verdicts) {
    out.push(`${pad(v.gate, width)}${pad(v.result, 8)}${v.summary}`);
  }

  for (const v of report.verdicts) {
    const items = [...v.items].sort(bySeverity);
    const shown = options.verbose
      ? items
      : items.filter((i) => isProblem(i.status) || i.status === 'waived');
    const rejected = v.waivers.rejected;
    if (shown.length === 0 && rejected.length === 0) continue;
    out.push('', `${v.gate} — ${v.result}${v.score ? ` (score ${v.score.value}%)` : ''}`);
    for (const item of shown.slice(0, MAX_ITEMS_PER_GATE)) {
      const values = [
        item.observed !== undefined ? `observed ${showValue(item.observed)}` : '',
        item.baseline !== undefined ? `baseline ${showValue(item.baseline)}` : '',
        item.expected ? `expected ${item.expected}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(
        `  ${SYMBOL[item.status]} ${pad(item.status, 7)}${item.id}${item.key ? ' [key]' : ''}${values ? `  (${values})` : ''}`,
      );
      const loc = where(item);
      out.push(`      ${loc ? `${loc}: ` : ''}${item.message}`);
      if (item.hint && item.status !== 'pass') out.push(`      fix: ${item.hint}`);
    }
    if (shown.length > MAX_ITEMS_PER_GATE) {
      out.push(`  … ${shown.length - MAX_ITEMS_PER_GATE} more (see --format json for all)`);
    }
    for (const r of rejected) {
      out.push(`  ! waiver ${r.id} ${r.reason}`);
    }
  }
  const code = report.result === 'error' ? 2 : report.result === 'fail' ? 1 : 0;
  out.push('', `Result: ${resultWord(report.result)} (exit ${code})`);
  return out.join('\n') + '\n';
}
