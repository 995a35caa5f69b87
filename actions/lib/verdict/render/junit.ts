import type { Item, Report } from '../model.js';
import { showValue, where } from './format.js';

// XML 1.0 cannot carry most control characters, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function detail(item: Item): string {
  return [
    item.message,
    item.observed !== undefined ? `observed: ${showValue(item.observed)}` : '',
    item.baseline !== undefined ? `baseline: ${showValue(item.baseline)}` : '',
    item.expected ? `expected: ${item.expected}` : '',
    where(item) ? `at: ${where(item)}` : '',
    item.hint ? `fix: ${item.hint}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Seconds as JUnit readers parse them (a plain decimal, milliseconds at most). */
const time = (seconds = 0) => String(Math.round(seconds * 1000) / 1000);

/**
 * JUnit XML: a testsuite per gate, a testcase per item; waived items are skipped, never passed.
 * A gate decides its items in one pass, so the suite carries the gate's time and each case 0.
 */
export function renderJunit(report: Report): string {
  const suites = report.verdicts.map((v) => {
    const failures = v.items.filter((i) => i.status === 'fail').length;
    const errors = v.items.filter((i) => i.status === 'error').length;
    const skipped = v.items.filter((i) => i.status === 'waived').length;
    const cases = v.items.map((item) => {
      const attrs = `classname="release-gates.${xml(v.gate)}" name="${xml(item.id)}" time="0"${
        item.location?.file ? ` file="${xml(item.location.file)}"` : ''
      }${item.location?.line !== undefined ? ` line="${item.location.line}"` : ''}`;
      const body = xml(detail(item));
      switch (item.status) {
        case 'fail':
          return `    <testcase ${attrs}>\n      <failure message="${xml(item.message)}" type="fail">${body}</failure>\n    </testcase>`;
        case 'error':
          return `    <testcase ${attrs}>\n      <error message="${xml(item.message)}" type="error">${body}</error>\n    </testcase>`;
        case 'waived':
          return `    <testcase ${attrs}>\n      <skipped message="${xml(item.message)}"/>\n    </testcase>`;
        case 'warn':
          return `    <testcase ${attrs}>\n      <system-out>WARN: ${body}</system-out>\n    </testcase>`;
        default:
          return `    <testcase ${attrs}/>`;
      }
    });
    return `  <testsuite name="${xml(v.gate)}" tests="${v.items.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time(v.seconds)}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
  });
  const count = (s: string) =>
    report.verdicts.reduce((n, v) => n + v.items.filter((i) => i.status === s).length, 0);
  const tests = report.verdicts.reduce((n, v) => n + v.items.length, 0);
  const total = report.verdicts.reduce((n, v) => n + (v.seconds ?? 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="release-gates ${xml(report.command)}" tests="${tests}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('waived')}" time="${time(total)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
