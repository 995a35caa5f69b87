/**
 * The criteria language of objectives, shared by the eval gate and monitoring SLOs.
 *
 *   ">= 0.82"   absolute: observed >= 0.82
 *   "<= 0.5%"   absolute percentage: observed <= 0.005
 *   ">= -5%"    relative (a sign): observed >= baseline * (1 - 0.05)
 *   "> -0.02"   relative delta: observed > baseline - 0.02
 *
 * A sign always means "compared with the baseline", so an absolute threshold is written
 * unsigned. Items of one list are AND-ed (Keptn's semantics).
 */

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Criterion {
  text: string;
  op: Op;
  value: number;
  /** `value` as a fraction (`0.5%` is 0.005), read from its digits, not divided by 100. */
  fraction: number;
  relative: boolean;
  percent: boolean;
}

const CRITERION_PATTERN = '^\\s*(<=|>=|<|>|==|!=)\\s*([+-]?)(\\d+(?:\\.\\d+)?)\\s*(%?)\\s*$';
const CRITERION = new RegExp(CRITERION_PATTERN);

export function parseCriterion(text: string): Criterion {
  const m = CRITERION.exec(text);
  if (!m) {
    throw new Error(
      `"${text}" is not a criterion: write an operator and a number, e.g. ">= 0.82", "< 2000", "<= 0.5%", or ">= -5%" relative to the baseline`,
    );
  }
  const [, op, sign, digits, pct] = m as unknown as [string, Op, string, string, string];
  const value = sign === '-' ? -Number(digits) : Number(digits);
  return {
    text: text.trim(),
    op,
    value,
    // `0.7 / 100` is 0.006999999999999999; the number written 0.7e-2 is the one nearest 0.007.
    fraction: pct ? Number(`${sign === '-' ? '-' : ''}${digits}e-2`) : value,
    relative: sign !== '',
    percent: pct === '%',
  };
}

export function parseCriteria(list: string | readonly string[] | undefined): Criterion[] {
  if (list === undefined) return [];
  return (typeof list === 'string' ? [list] : list).map(parseCriterion);
}

/** The number the observed value is compared with; null when a relative criterion has no baseline. */
export function targetOf(c: Criterion, baseline: number | null | undefined): number | null {
  if (!c.relative) return c.fraction;
  if (baseline == null || !Number.isFinite(baseline)) return null;
  return c.percent ? baseline * (1 + c.fraction) : baseline + c.value;
}

/**
 * Values are compared exactly, never rounded first: 1999.996 passes `< 2000`, 2000.000001
 * fails `<= 2000`. Only a difference of a few units in the last place of a double counts as
 * none: the error of computing a target (`0.9 * (1 - 10%)`) or a sum (`0.1 + 0.2 <= 0.3`),
 * about 1e-15 of the value, far below any difference a measurement can show.
 */
const ULPS = 4 * Number.EPSILON;

export function compare(observed: number, op: Op, target: number): boolean {
  const tol = ULPS * Math.max(Math.abs(observed), Math.abs(target));
  switch (op) {
    case '<':
      return observed < target - tol;
    case '<=':
      return observed <= target + tol;
    case '>':
      return observed > target + tol;
    case '>=':
      return observed >= target - tol;
    case '==':
      return Math.abs(observed - target) <= tol;
    case '!=':
      return Math.abs(observed - target) > tol;
  }
}

export interface TargetResult {
  criteria: string;
  target: number | null;
  violated: boolean | null;
}

export interface Judgement {
  status: 'pass' | 'warn' | 'fail' | 'info';
  /** True when a relative criterion could not be evaluated for lack of a baseline. */
  missingBaseline: boolean;
  pass: TargetResult[];
  warn: TargetResult[];
}

function check(list: Criterion[], observed: number, baseline: number | null | undefined) {
  let missing = false;
  const results = list.map((c): TargetResult => {
    const target = targetOf(c, baseline);
    if (target === null) {
      missing = true;
      return { criteria: c.text, target: null, violated: null };
    }
    return { criteria: c.text, target, violated: !compare(observed, c.op, target) };
  });
  // Only criteria that could be evaluated decide; the caller handles missing baselines.
  const ok = results.every((r) => r.violated !== true);
  return { ok, missing, results };
}

/**
 * Keptn bands: pass when every pass criterion holds, else warn when every warn criterion
 * holds, else fail. No pass criteria = informational. Relative criteria without a baseline
 * are skipped and reported through `missingBaseline`.
 */
export function judge(
  criteria: { pass: Criterion[]; warn: Criterion[] },
  observed: number,
  baseline?: number | null,
): Judgement {
  const pass = check(criteria.pass, observed, baseline);
  const warn = check(criteria.warn, observed, baseline);
  const missingBaseline = pass.missing || (!pass.ok && warn.missing);
  let status: Judgement['status'];
  if (criteria.pass.length === 0) status = 'info';
  else if (pass.ok) status = 'pass';
  else if (criteria.warn.length > 0 && warn.ok) status = 'warn';
  else status = 'fail';
  return { status, missingBaseline, pass: pass.results, warn: warn.results };
}

/** "≥ 0.82 and < 2000" for humans. */
export function describeCriteria(list: readonly Criterion[]): string {
  return list.map((c) => c.text).join(' and ');
}
