import { closest, distance } from 'fastest-levenshtein';
import { maskPersonal } from './pii/clear.js';
import type { Location } from './verdict/model.js';

/** A mistake in the user's input: shown as file:line:column, what is wrong and how to fix it. */
export interface Problem {
  message: string;
  hint?: string;
  location?: Location;
}

/**
 * Thrown for bad input (unreadable file, invalid policy, bad option). Edges print its
 * problems without a stack trace and exit 2; gates turn it into an `error` item.
 */
export class UserError extends Error {
  readonly problems: Problem[];
  /** What kind of problem: the id and SARIF rule of the `error` items it becomes. */
  readonly kind: string = 'input';

  constructor(problems: Problem[] | Problem | string) {
    const list =
      typeof problems === 'string'
        ? [{ message: problems }]
        : Array.isArray(problems)
          ? problems
          : [problems];
    // Whatever a caller quoted, personal data leaves as a masked preview only.
    const masked = list.map((p) => ({
      ...p,
      message: maskPersonal(p.message),
      ...(p.hint !== undefined ? { hint: maskPersonal(p.hint) } : {}),
    }));
    super(masked.map((p) => p.message).join('; '));
    this.name = 'UserError';
    this.problems = masked;
  }
}

/**
 * A call to the GitHub API that failed (after retries): the gate could not decide. Carries
 * the HTTP status, when there was a response, so callers can tell "not found" from the rest.
 */
export class ApiError extends UserError {
  override readonly kind = 'github-api';

  constructor(
    problem: Problem,
    readonly status?: number,
  ) {
    super(problem);
    this.name = 'ApiError';
  }
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  let out = loc.file;
  if (loc.line !== undefined) out += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) out += `:${loc.column}`;
  return out;
}

/** "file:line:col: message (hint)" — the one-line form used in text output and logs. */
export function formatProblem(p: Problem): string {
  const where = formatLocation(p.location);
  return `${where ? `${where}: ` : ''}${p.message}${p.hint ? `\n  fix: ${p.hint}` : ''}`;
}

/** Any thrown value, as a readable sentence; a thrown non-Error is not lost. */
export function describeError(e: unknown): string {
  return maskPersonal(describeUnmasked(e));
}

function describeUnmasked(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  try {
    return `non-Error thrown: ${JSON.stringify(e)}`;
  } catch {
    return `non-Error thrown: ${String(e)}`;
  }
}

/**
 * The candidate a mistyped `word` most likely meant, for a "did you mean" hint: the closest by
 * edit distance (case ignored), when it is within a third of its length (at least 2 edits).
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  return distance(word.toLowerCase(), best.toLowerCase()) <=
    Math.max(2, Math.floor(best.length / 3))
    ? best
    : undefined;
}
