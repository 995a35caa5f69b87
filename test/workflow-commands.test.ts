/**
 * Route 10 of the trust model: text that comes from inputs (case ids, messages, file names)
 * never starts a workflow command on the runner, in any line the bundled action writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkflowCommands, runBundledAction, type ActionRun } from './support/action.js';
import { cliProcess } from './support/cli.js';
import { sampleRepo } from './support/sample.js';

const NOW = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

/** What an author can write into a case id or a file name to talk to the runner. */
const INJECTIONS = [
  '\n::error::pwned',
  '\r\n::add-mask::x',
  '%0A::warning::pwned',
  '\n::stop-commands::pwned',
  '\n   ::set-output name=result::pass',
  '\n##[add-mask]x',
  '\n::pwned::',
];

/** The only commands the action means to give; the rest would be the author's. */
const OURS = new Set(['error', 'warning', 'notice', 'debug', 'stop-commands']);
const ANNOTATION_PROPERTIES = new Set(['title', 'file', 'line', 'endLine', 'col', 'endColumn']);

/** The lines the runner reads for commands: all but those between a pause and its resume. */
function activeLines(stdout: string): string[] {
  const lines: string[] = [];
  let paused: string | null = null;
  for (const line of stdout.split(/\r?\n/)) {
    if (paused !== null) {
      if (line === `::${paused}::`) paused = null;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) paused = stop[1]!;
    lines.push(line);
  }
  expect(paused, 'a pause that is never resumed hides the rest of the log').toBeNull();
  return lines;
}

function expectOnlyOwnCommands(run: ActionRun): void {
  for (const line of activeLines(run.stdout)) {
    if (line.trimStart().startsWith('::')) {
      // Our own commands start the line exactly; their message and properties are escaped.
      expect(line, 'a command we did not give').toMatch(
        /^::(error|warning|notice|debug|stop-commands)[ :]/,
      );
    } else {
      // The runner's legacy syntax, read anywhere in a line that is not a command.
      expect(line, 'a legacy ##[command]').not.toContain('##[');
    }
  }
  for (const c of parseWorkflowCommands(run.stdout)) {
    expect(OURS.has(c.command), `::${c.command}`).toBe(true);
    for (const key of Object.keys(c.properties)) expect(ANNOTATION_PROPERTIES).toContain(key);
    if (c.command === 'stop-commands') expect(c.message).toMatch(/^release-gates-[0-9a-f]{32}$/);
  }
}

describe('workflow commands cannot be injected through inputs', () => {
  it('case ids carrying commands stay text in the log and the annotations', async () => {
    const repo = sampleRepo();
    const file = join(repo.dir, 'evals/results/quality.jsonl');
    const ids = new Map<string, string>();
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const rewritten = lines.map((l) => {
      const row = JSON.parse(l) as { id: string };
      if (!ids.has(row.id)) ids.set(row.id, row.id + INJECTIONS[ids.size % INJECTIONS.length]);
      return JSON.stringify({ ...row, id: ids.get(row.id) });
    });
    writeFileSync(file, rewritten.join('\n') + '\n');
    repo.commit({}, 'evil case ids');

    const run = await runBundledAction('evals', {
      workspace: repo.dir,
      inputs: { policy: 'policies/examples/failing-policy.yaml' },
      env: NOW,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.outputs.result).toBe('fail');
    // The ids are there, as text: in the log between the pause and its resume, and in
    // annotation messages, escaped.
    expect(run.stdout).toContain('::error::pwned');
    const worst = run.commands.find((c) => c.properties.title === 'evals: quality-pass-at-1');
    expect(worst?.message).toMatch(
      /^pass@1 of quality .*Worst cases: [^]*\n::stop-commands::pwned/,
    );
    expectOnlyOwnCommands(run);
  });

  it('a file name carrying commands and property separators stays one annotation property', async () => {
    const repo = sampleRepo();
    const name = `evals/golden/a,title=pwned:x%0A::warning::y${INJECTIONS.join('')}.jsonl`;
    const email = ['dana', 'kowalski'].join('.') + '@' + 'mailbox.org';
    writeFileSync(
      join(repo.dir, name),
      JSON.stringify({ id: 'x\n::error::pwned', expected_output: `Write to ${email}.` }) + '\n',
    );
    repo.commit({}, 'evil golden file name');

    const run = await runBundledAction('pii', { workspace: repo.dir, env: NOW });
    expect(run.code, run.stderr).toBe(1);
    const finding = run.commands.find((c) => c.properties.file === name);
    expect(finding, run.stdout).toMatchObject({ command: 'error', properties: { line: '1' } });
    expect(finding!.properties.title).toMatch(/^pii: /);
    expect(run.stdout).not.toContain(email);
    expectOnlyOwnCommands(run);
  });

  it('the command line on a runner frames its messages, which quote inputs, the same way', async () => {
    const repo = sampleRepo();
    const policy = `policies/x${INJECTIONS.join('')}.yaml`;
    const args = ['check', '--gate', 'evals', '--policy', policy];
    const run = await cliProcess(args, { cwd: repo.dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('::add-mask::x');
    expectOnlyOwnCommands(run as ActionRun);
    expect(parseWorkflowCommands(run.stdout).map((c) => c.command)).toEqual(['stop-commands']);
    const usage = await cliProcess(['check', '--gate', INJECTIONS.join('')], {
      cwd: repo.dir,
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('::error::pwned');
    expectOnlyOwnCommands({ ...usage, stdout: usage.stderr } as ActionRun);
    // JSON is parsed, not read: as it is. Off a runner, nothing changes.
    const json = await cliProcess([...args, '--format', 'json'], {
      cwd: repo.dir,
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ result: 'error' });
    const local = await cliProcess(args, { cwd: repo.dir, env: { GITHUB_ACTIONS: '' } });
    expect(local.stdout).not.toMatch(/::stop-commands::release-gates-/);
  });
});
