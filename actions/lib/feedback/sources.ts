/**
 * What `feedback import` reads, as candidates for records: each record of a JSON or JSON Lines
 * file, or each issue of the feedback form, with a name and a place for its problems.
 */
import { UserError } from '../errors.js';
import { firstSyntaxError, locatePointers } from '../parse/json-locate.js';
import type { GitHubPort, Issue, Repo } from '../ports.js';
import type { Location } from '../verdict/model.js';
import { FORM_LABELS, fromIssueForm, isErased, issueRecordId } from './issue-form.js';
import type { FieldProblem } from './record.js';

export interface Candidate {
  /** Item id prefix: `record/3`, `issue/12`. */
  key: string;
  /** For people: `record 3 (line 4)`, `issue #12`. */
  name: string;
  input: Record<string, unknown>;
  /** Why it is not a record at all, before its fields are looked at. */
  problem?: FieldProblem;
  /** Where a field of it is. */
  locate: (field: string) => Location | undefined;
  issue?: Issue;
}

export function fileCandidates(file: string, text: string): Candidate[] {
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const notObject: FieldProblem = { field: 'record', message: 'is not a JSON object' };
  if (jsonl) {
    const out: Candidate[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const location = { file, line: i + 1 };
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        const e = firstSyntaxError(line);
        throw new UserError({
          message: `line ${i + 1} of ${file} is not valid JSON${e ? ` (column ${e.column}: ${e.message})` : ''}: nothing was imported`,
          hint: 'each line must be one feedback record as a JSON object',
          location: { ...location, ...(e ? { column: e.column } : {}) },
        });
      }
      const n = out.length + 1;
      const object = typeof value === 'object' && value !== null && !Array.isArray(value);
      out.push({
        key: `record/${n}`,
        name: `record ${n} (line ${i + 1})`,
        input: object ? (value as Record<string, unknown>) : {},
        ...(object ? {} : { problem: notObject }),
        locate: () => location,
      });
    });
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const e = firstSyntaxError(text);
    throw new UserError({
      message: `${file} is not valid JSON${e ? ` (${e.message})` : ''}: nothing was imported`,
      hint: 'give a JSON list of feedback records, or JSON Lines (.jsonl)',
      location: { file, ...(e ? { line: e.line, column: e.column } : {}) },
    });
  }
  const list = Array.isArray(value) ? value : [value];
  const pointers = list.flatMap((v, i) => [
    Array.isArray(value) ? `/${i}` : '',
    ...(typeof v === 'object' && v !== null
      ? Object.keys(v).map((k) => `${Array.isArray(value) ? `/${i}` : ''}/${k}`)
      : []),
  ]);
  const positions = locatePointers(text, pointers);
  return list.map((v, i) => {
    const base = Array.isArray(value) ? `/${i}` : '';
    const at = (pointer: string): Location | undefined => {
      const p = positions.get(pointer) ?? positions.get(base);
      return p ? { file, line: p.line, column: p.column, pointer } : { file };
    };
    const object = typeof v === 'object' && v !== null && !Array.isArray(v);
    return {
      key: `record/${i + 1}`,
      name: `record ${i + 1}`,
      input: object ? (v as Record<string, unknown>) : {},
      ...(object ? {} : { problem: notObject }),
      locate: (field) => at(field === 'record' ? base : `${base}/${field}`),
    };
  });
}

/**
 * The issues of the feedback form not yet in the store, oldest first; `done` are those in the
 * store but still open (a close that failed), to close now.
 */
export async function issueCandidates(
  github: GitHubPort,
  repo: Repo,
  query: { label: string; includeClosed: boolean },
  stored: ReadonlySet<string>,
): Promise<{ candidates: Candidate[]; done: Issue[] }> {
  const issues = await github.issues(repo, {
    labels: [query.label],
    state: query.includeClosed ? 'all' : 'open',
  });
  const candidates: Candidate[] = [];
  const done: Issue[] = [];
  for (const issue of issues.slice().reverse()) {
    if (isErased(issue)) continue;
    if (stored.has(issueRecordId(issue.number))) {
      if (issue.state === 'open') done.push(issue);
      continue;
    }
    const input = fromIssueForm(issue);
    candidates.push({
      key: `issue/${issue.number}`,
      name: `issue #${issue.number}`,
      input: input ?? {},
      ...(input
        ? {}
        : {
            problem: {
              field: 'body',
              message: `was not written with the feedback form (no ${Object.keys(FORM_LABELS).slice(0, 2).join(' or ')} section)`,
            },
          }),
      locate: () => undefined,
      issue,
    });
  }
  return { candidates, done };
}
