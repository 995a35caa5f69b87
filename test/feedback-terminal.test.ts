/**
 * `release-gates feedback add` in a real terminal: the bundled CLI runs in a tmux session (a
 * pseudo-terminal), and the test types the answers with send-keys and reads the screen, as a
 * person would. .ci/run installs tmux when a machine lacks it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/action.js';
import { workspace } from './support/workspace.js';

function findTmux(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const TMUX = findTmux();
if (!TMUX) console.warn('tmux is not installed: the interactive feedback prompt is NOT tested');
const SOCKET = `rg-feedback-${process.pid}`;
const CLI = join(ROOT, 'actions/cli/dist/index.js');

function tmux(...args: string[]): string {
  return execFileSync(TMUX!, ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

/** The screen of a session, once `pattern` shows on it. */
async function screen(session: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = tmux('capture-pane', '-p', '-t', session);
    if (pattern.test(text)) return text;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern} on:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types a line into the session once its screen shows `prompt`. */
async function answer(session: string, prompt: RegExp, text: string): Promise<void> {
  await screen(session, prompt);
  tmux('send-keys', '-t', session, '-l', text);
  tmux('send-keys', '-t', session, 'Enter');
}

function start(session: string, dir: string): void {
  const command = `env RELEASE_GATES_NOW=2026-11-21T10:00:00Z TERM=xterm node ${CLI} feedback add; echo "EXIT=$?"; sleep 120`;
  tmux('new-session', '-d', '-s', session, '-x', '300', '-y', '40', '-c', dir, command);
}

const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
`;

describe.skipIf(!TMUX)('feedback add, typed into a real terminal (tmux)', () => {
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  });

  it('asks for each field, asks again after a wrong answer, and stores the record masked', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    start('add', dir);
    await answer('add', /Pseudonymous user id \(empty for anonymous\):\s*$/m, 'jane.doe@gmail.com');
    await screen('add', /user id looks like an email address \(j\*\*\*@g\*\*\*\.com\)/);
    await answer('add', /Pseudonymous user id \(empty for anonymous\):\s*$/m, 'u-7f3a91');
    await answer(
      'add',
      /Type \(1 bug, 2 quality, 3 safety, 4 privacy, 5 feature, 6 other\):\s*$/m,
      'complaint',
    );
    await screen('add', /type must be one of bug, quality/);
    await answer('add', /other\):\s*$/m, '2');
    await answer('add', /Rating, 1 \(very poor\) to 5 \(very good\) \(empty for none\):\s*$/m, '7');
    await screen('add', /rating must be a whole number from 1 to 5, or empty/);
    await answer('add', /\(empty for none\):\s*$/m, '2');
    await answer(
      'add',
      /What happened .*:\s*$/m,
      'It said refunds take 30 days. Call me: +44 20 7946 1234',
    );
    await answer(
      'add',
      /Conversation reference, e.g. a request id \(empty for none\):\s*$/m,
      'req-c29kw-0000jt',
    );
    const done = await screen('add', /EXIT=\d/);
    expect(done).toMatch(
      /Stored fb-20261121-[0-9a-f]{12}; the description held a phone number, stored masked\./,
    );
    expect(done).toMatch(/Result: PASS \(exit 0\)/);
    expect(done).toMatch(/EXIT=0/);
    const stored = JSON.parse(readFileSync(join(dir, 'evals/feedback/feedback.jsonl'), 'utf8'));
    expect(stored).toMatchObject({
      user_id: 'u-7f3a91',
      type: 'quality',
      rating: 2,
      description: 'It said refunds take 30 days. Call me: +** ** **** **34',
      conversation: 'req-c29kw-0000jt',
      source: 'cli',
      pii: ['PHONE'],
    });
  });

  it('stops at the end of input (Ctrl-D) and stores nothing', async () => {
    const dir = workspace({ 'policies/release-policy.yaml': POLICY });
    start('eof', dir);
    await answer('eof', /Pseudonymous user id \(empty for anonymous\):\s*$/m, '');
    await screen('eof', /Type \(1 bug/);
    tmux('send-keys', '-t', 'eof', 'C-d');
    const done = await screen('eof', /EXIT=\d/);
    expect(done).toMatch(/the input ended before the feedback was complete: nothing was stored/);
    expect(done).toMatch(/EXIT=2/);
    expect(existsSync(join(dir, 'evals/feedback/feedback.jsonl'))).toBe(false);
  });
});
