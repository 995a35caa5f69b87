import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../actions/lib/commands/index.js';
import { cli, cliProcess } from './support/cli.js';
import { sampleRepo } from './support/sample.js';

const env = { RELEASE_GATES_NOW: '2026-11-21T12:00:00Z' };

describe('release-gates CLI', () => {
  const repo = sampleRepo();

  it('runs from any directory of the repository, with paths relative to where it runs', async () => {
    const sub = join(repo.dir, 'chatbot', 'prompts');
    const fromSub = await cli(['check'], { cwd: sub, env });
    expect(fromSub.code).toBe(0);
    expect(fromSub.stdout).toMatch(/^policy\s+pass/m);
    const relative = await cli(['validate-policy', '../../policies/examples/failing-policy.yaml'], {
      cwd: sub,
      env,
    });
    expect(relative.code, relative.stdout).toBe(0);
    expect(relative.stdout).toContain('policies/examples/failing-policy.yaml');
  });

  it('exits 0 on pass, 1 on fail, 2 on error', async () => {
    expect((await cli(['check'], { cwd: repo.dir, env })).code).toBe(0);
    expect(
      (
        await cli(['check', '--policy', 'policies/examples/failing-policy.yaml'], {
          cwd: repo.dir,
          env,
        })
      ).code,
    ).toBe(1);
    expect((await cli(['check', '--policy', 'nope.yaml'], { cwd: repo.dir, env })).code).toBe(2);
  });

  it.each(['text', 'json', 'markdown', 'sarif', 'junit'])(
    'writes --format %s to --out',
    async (format) => {
      const out = join(repo.dir, '..', `out-${format}`);
      const run = await cli(['check', '--format', format, '--out', out], { cwd: repo.dir, env });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`wrote ${format} to`));
      expect(readFileSync(out, 'utf8').length).toBeGreaterThan(100);
    },
  );

  it.each(COMMANDS.map((c) => c.name))('%s --help lists its options and exits 0', async (name) => {
    const run = await cli([name, '--help'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: release-gates ${name}`));
    expect(run.stdout).toContain('--format');
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage: release-gates <command>/],
    [['check', '--nope'], /Unknown option '--nope'/],
    [['check', '--format', 'yaml'], /--format must be one of text, json, markdown, sarif, junit/],
    [['check', 'extra'], /unexpected argument "extra"/],
    [['check', '--gate', 'evalz'], /unknown gate "evalz"/],
  ])('bad usage %j exits 2 with a message, no stack trace', async (args, message) => {
    const run = await cli(args, { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('shows every problem of an invalid policy with file:line:column and a fix', async () => {
    mkdirSync(join(repo.dir, 'tmp'), { recursive: true });
    const run = await cliProcess(['validate-policy', '../test-broken.yaml'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    const fixture = await cliProcess(
      [
        'validate-policy',
        join(process.cwd(), 'test/fixtures/policies/broken/02-typo-nested-key.yaml'),
      ],
      { cwd: process.cwd() },
    );
    expect(fixture.code).toBe(2);
    expect(fixture.stdout).toMatch(
      /test\/fixtures\/policies\/broken\/02-typo-nested-key\.yaml:11:5: unknown key "waiver_warning_day" in gates\.policy\n\s+fix: did you mean "waiver_warning_days"\?/,
    );
  });

  it('validates every broken fixture with exit 2 and never a stack trace', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = join(process.cwd(), 'test/fixtures/policies/broken');
    for (const file of readdirSync(dir)) {
      const run = await cli(['validate-policy', join(dir, file)], { cwd: process.cwd() });
      expect(run.code, file).toBe(2);
      expect(run.stdout, file).toMatch(
        new RegExp(`broken/${file.replace('.', '\\.')}:\\d+:\\d+: `),
      );
      expect(run.stdout, file).toMatch(/fix: /);
      expect(run.stdout + run.stderr, file).not.toMatch(/^\s+at /m);
    }
  });

  it('prints its version', async () => {
    const run = await cli(['--version'], { cwd: repo.dir });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
