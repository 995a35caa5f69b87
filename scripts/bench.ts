/**
 * `npm run bench [-- NAME...] [--quick]`: every benchmark in scripts/bench/*.bench.ts, or
 * the ones named. Prints a table per benchmark and writes .release-gates/bench.json.
 * --quick is the smoke run CI does: small inputs, few repetitions, no targets enforced.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { ROOT, type Bench, type Row } from './bench/lib.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(`${ROOT}scripts/bench`)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const benches: Bench[] = [];
for (const f of files) benches.push(((await import(`./bench/${f}`)) as { bench: Bench }).bench);
const selected = names.length ? benches.filter((b) => names.includes(b.name)) : benches;
if (names.length && selected.length !== names.length) {
  console.error(`unknown benchmark; available: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

function table(rows: Row[]): string {
  const lines = ['| measurement | value | target | |', '| --- | ---: | --- | --- |'];
  for (const r of rows) {
    const mark = r.ok === undefined ? '' : r.ok ? 'met' : '**missed**';
    lines.push(
      `| ${r.peer ? '(peer) ' : ''}${r.name}${r.note ? ` — ${r.note}` : ''} | ${r.value} ${r.unit} | ${r.target ?? ''} | ${mark} |`,
    );
  }
  return lines.join('\n');
}

const results: Record<string, Row[]> = {};
let missed = 0;
for (const b of selected) {
  const started = Date.now();
  console.log(`\n## ${b.name}${quick ? ' (quick)' : ''}\n\n${b.description}\n`);
  const rows = await b.run({ quick });
  results[b.name] = rows;
  console.log(table(rows));
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!quick) missed += rows.filter((r) => r.ok === false).length;
}
mkdirSync(`${ROOT}.release-gates`, { recursive: true });
writeFileSync(
  `${ROOT}.release-gates/bench.json`,
  JSON.stringify(
    { node: process.version, platform: `${process.platform}-${process.arch}`, quick, results },
    null,
    2,
  ) + '\n',
);
if (missed > 0) {
  console.error(`\n${missed} target(s) missed.`);
  process.exitCode = 1;
}
