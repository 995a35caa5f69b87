/**
 * Feedback submitted with the issue form (.github/ISSUE_TEMPLATE/feedback.yml). GitHub writes
 * a form's answers into the issue body as `### <label>` sections, `_No response_` for an
 * empty field; this reads them back into the fields of a feedback record.
 */
import type { Issue } from '../ports.js';

/** The form's field labels, as the template names them, to the record's fields. */
export const FORM_LABELS: Record<string, string> = {
  Type: 'type',
  Rating: 'rating',
  'What happened': 'description',
  'Conversation reference': 'conversation',
  'Pseudonymous user id': 'user_id',
};

const NO_RESPONSE = '_No response_';

/** The id of an issue's record in the store: importing twice finds it there. */
export function issueRecordId(number: number): string {
  return `issue-${number}`;
}

/** The record's fields from an issue written with the form; null when the form was not used. */
export function fromIssueForm(issue: Issue): Record<string, unknown> | null {
  const sections = issue.body.replace(/\r\n/g, '\n').split(/^### /m).slice(1);
  const fields: Record<string, unknown> = {};
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const label = (newline === -1 ? section : section.slice(0, newline)).trim();
    const field = FORM_LABELS[label];
    if (!field) continue;
    const value = newline === -1 ? '' : section.slice(newline + 1).trim();
    if (value === '' || value === NO_RESPONSE) continue;
    if (field === 'rating') {
      const digit = /^([1-5])\b/.exec(value)?.[1];
      fields.rating = digit ? Number(digit) : /^no rating$/i.test(value) ? null : value;
    } else fields[field] = value;
  }
  if (!('type' in fields) && !('description' in fields)) return null;
  return {
    ...fields,
    id: issueRecordId(issue.number),
    created_at: issue.createdAt,
    source: 'issue',
  };
}

/** Marks an issue whose feedback was erased: importing skips it, whatever its state. */
const ERASED_MARK = '<!-- release-gates: feedback erased -->';

export function isErased(issue: Issue): boolean {
  return issue.body.includes(ERASED_MARK);
}

/** What an erased issue keeps: the mark, and a note without anything of the person's. */
export function erasedIssue(day: string): { title: string; body: string; comment: string } {
  return {
    title: '[Feedback] erased',
    comment: `Erased on ${day} at the request of the person the feedback is about.`,
    body: `${ERASED_MARK}\nThis feedback was erased on ${day} at the request of the person it is about (\`release-gates feedback erase\`). It is not imported again.\n`,
  };
}
