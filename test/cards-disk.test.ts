/**
 * The cards gate on a card only a real disk can break: a link loop, a file its user may not
 * read. The gate's own logic is tested on memory ports (actions/lib/cards/gate.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../actions/lib/verdict/model.js';
import { ROOT } from './support/action.js';
import { checkGate, workspace } from './support/workspace.js';

const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
model: { config: chatbot/model.yaml }
gates:
  cards:
    cards:
      - path: docs/model-card.md
        kind: model
        version_field: model_version
        sections:
          - { heading: Uses, min_words: 5 }
`;

const FILES = {
  'policies/release-policy.yaml': POLICY,
  'chatbot/model.yaml': 'id: acme-support-assistant\nversion: 2.4.0\n',
};

describe('the cards gate on a card the disk cannot give', () => {
  it('errors on a link loop, at the card, without a stack', async () => {
    const dir = workspace(FILES);
    mkdirSync(join(dir, 'docs'), { recursive: true });
    symlinkSync('model-card.md', join(dir, 'docs/model-card.md'));
    const run = await checkGate(dir, 'cards');
    expect(run.code).toBe(2);
    const item = run.item('docs/model-card.md:input');
    expect(item.message).toMatch(/cannot be read|does not exist/);
    expect(item.location).toMatchObject({ file: 'docs/model-card.md' });
    expect(item.hint).toBeTruthy();
    expect(JSON.stringify(run.verdict)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('errors on an unreadable file (permission denied), read by an unprivileged user', () => {
    const dir = workspace({
      ...FILES,
      'docs/model-card.md': '---\nmodel_version: 2.4.0\n---\n\n## Uses\n\nIt answers questions.\n',
    });
    chmodSync(join(dir, 'docs/model-card.md'), 0o000);
    // Root reads any file: run the bundled CLI as `nobody` then, in a world-readable workspace.
    const asRoot = process.getuid?.() === 0;
    if (asRoot)
      for (const d of [dir, join(dir, 'docs'), join(dir, 'chatbot'), join(dir, 'policies')])
        chmodSync(d, 0o755);
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'actions/cli/dist/index.js'), 'check', '--gate', 'cards', '--format', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          RELEASE_GATES_NOW: '2026-11-21T12:00:00Z',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      },
    );
    expect(run.status, run.stderr).toBe(2);
    const verdict = (JSON.parse(run.stdout) as Report).verdicts[0]!;
    expect(verdict.items.find((i) => i.id === 'docs/model-card.md:input')).toMatchObject({
      status: 'error',
      message: 'docs/model-card.md cannot be read (permission denied)',
      location: { file: 'docs/model-card.md' },
    });
  });
});
