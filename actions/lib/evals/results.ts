import { UserError, type Problem } from '../errors.js';
import type { JsonBytes } from '../parse/json-bytes.js';
import { CaseStats, KEEP, type CaseRef, type StatsOptions } from './accumulate.js';
import { CaseKeys } from './case-keys.js';
import type { AggregateMetric, EvalFormat, PartialRun, ResultSink } from './model.js';

/** A result file that was read. */
export interface ResultFile {
  path: string;
  format: EvalFormat;
  /** The git ref it was read at (baselines). */
  ref?: string;
  /** A JSON document, kept for the run judged to turn pointers into lines. */
  document?: JsonBytes;
  /** JSON pointer of a case row of a document; JSON Lines rows are their line. */
  rowPointer?: (ref: number) => string;
}

export interface FileAggregate extends AggregateMetric {
  file: number;
}

interface SuiteResults {
  name: string;
  /** Statistics of the suite's cases; undefined when its files hold aggregates only. */
  stats: CaseStats | undefined;
  aggregates: Map<string, FileAggregate>;
  files: Set<number>;
  /** Every case seen, to refuse one given twice; `value` of a duplicate is its sample or -1. */
  keys: CaseKeys;
  duplicates: CaseRef[];
}

/** Everything read from one set of result files: per suite, cases and aggregate metrics. */
export class EvalResults {
  readonly files: ResultFile[] = [];
  readonly suites = new Map<string, SuiteResults>();
  readonly partial: (PartialRun & { file: number })[] = [];

  constructor(readonly statsOptions: StatsOptions) {}

  private suite(name: string, file: number): SuiteResults {
    let s = this.suites.get(name);
    if (!s) {
      s = {
        name,
        stats: undefined,
        aggregates: new Map(),
        files: new Set(),
        keys: new CaseKeys(),
        duplicates: [],
      };
      this.suites.set(name, s);
    }
    s.files.add(file);
    return s;
  }

  /** A sink that files rows, aggregates and partial-run notes under the file's index. */
  sinkFor(file: number): ResultSink & { received: () => number } {
    let received = 0;
    let last: SuiteResults | undefined;
    return {
      row: (row) => {
        received++;
        // Rows of a file mostly share a suite: skip the map lookup for them.
        const s = last?.name === row.suite ? last : (last = this.suite(row.suite, file));
        if (!s.keys.add(row.id, row.sample) && s.duplicates.length < KEEP) {
          const value = row.sample ?? -1;
          s.duplicates.push({ file, ref: row.ref, label: row.label, value });
        }
        (s.stats ??= new CaseStats(this.statsOptions)).add(row, file);
      },
      aggregate: (metric) => {
        received++;
        const s = this.suite(metric.suite, file);
        const earlier = s.aggregates.get(metric.name);
        if (earlier && earlier.file !== file) {
          throw new UserError({
            message: `metric ${metric.name} of suite ${metric.suite} is in both ${this.files[earlier.file]!.path} and ${this.files[file]!.path}`,
            hint: 'give the files different suites (`suite:` in the results entry), or remove the older file',
            location: { file: this.files[file]!.path, pointer: metric.pointer },
          });
        }
        s.aggregates.set(metric.name, { ...metric, file });
      },
      partial: (note) => this.partial.push({ ...note, file }),
      received: () => received,
    };
  }

  /**
   * A case (or a sample of one) given twice means a run padded with copies, a file holding a
   * run twice, or two files holding one suite's run: refused always. Checked after all files
   * are read, so that every file's problems are reported at once.
   */
  rejectDuplicates(): void {
    const problems: Problem[] = [];
    for (const suite of this.suites.values()) {
      for (const d of suite.duplicates) {
        const file = this.files[d.file]!;
        const what = d.value === -1 ? `case ${d.label}` : `sample ${d.value} of case ${d.label}`;
        problems.push({
          message: `${file.path}: ${what} (suite ${suite.name}) is given twice`,
          hint: 'each case (and each sample of a case) once: remove the copy, or give the files different suites',
          location: file.rowPointer
            ? { file: file.path, pointer: file.rowPointer(d.ref) }
            : { file: file.path, line: d.ref, column: 1 },
        });
      }
    }
    if (problems.length > 0) throw new UserError(problems);
  }

  private pool: CaseStats | null | undefined;

  /** The cases of every suite pooled, for objectives on suite `*` (computed once, when read). */
  pooled(): CaseStats | undefined {
    if (this.pool === undefined) {
      this.pool = null;
      for (const s of this.suites.values()) {
        if (!s.stats) continue;
        (this.pool ??= new CaseStats(this.statsOptions)).merge(s.stats, s.name);
      }
    }
    return this.pool ?? undefined;
  }
}
