import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../ports.js';
import { FORM_LABELS, fromIssueForm } from './issue-form.js';

const issue = (body: string): Issue => ({
  number: 12,
  title: '[Feedback] wrong refund time',
  body,
  state: 'open',
  labels: ['feedback'],
  url: 'https://github.com/acme/support-chatbot/issues/12',
  createdAt: '2026-11-18T09:00:00Z',
  author: 'dana-support',
});

describe('the feedback issue form', () => {
  it('names every field the importer reads, with the same labels', () => {
    const form = parse(readFileSync('.github/ISSUE_TEMPLATE/feedback.yml', 'utf8')) as {
      labels: string[];
      body: { type: string; id?: string; attributes: { label?: string } }[];
    };
    const fields = form.body.filter((b) => b.type !== 'markdown');
    expect(Object.fromEntries(fields.map((f) => [f.attributes.label, f.id]))).toEqual(FORM_LABELS);
    expect(form.labels).toEqual(['feedback']);
  });

  it('reads the answers as GitHub writes them into the body', () => {
    const body = [
      '### Type',
      '',
      'quality',
      '',
      '### Rating',
      '',
      '2 (poor)',
      '',
      '### What happened',
      '',
      'I asked how long a refund takes.\r\nIt said 30 days; the policy says 5-7.',
      '',
      '### Conversation reference',
      '',
      '_No response_',
      '',
      '### Pseudonymous user id',
      '',
      'u-7f3a91',
    ].join('\n');
    expect(fromIssueForm(issue(body))).toEqual({
      id: 'issue-12',
      created_at: '2026-11-18T09:00:00Z',
      source: 'issue',
      type: 'quality',
      rating: 2,
      description: 'I asked how long a refund takes.\nIt said 30 days; the policy says 5-7.',
      user_id: 'u-7f3a91',
    });
  });

  it('takes "No rating" as none, and an issue not written with the form as nothing', () => {
    expect(
      fromIssueForm(issue('### Type\n\nbug\n\n### Rating\n\nNo rating\n\n### What happened\n\nx')),
    ).toMatchObject({ rating: null });
    expect(fromIssueForm(issue('The bot is great!'))).toBeNull();
  });
});
