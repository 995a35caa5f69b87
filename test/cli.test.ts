import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    const run = await cli([...name.split(' '), '--help'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: release-gates ${name}`));
    expect(run.stdout).toContain('--format');
  });

  it.each(COMMANDS.map((c) => [c.name, c.examples] as const))(
    '%s --help ends with its examples, each of which the command line accepts',
    async (name, examples) => {
      expect(examples.length).toBeGreaterThanOrEqual(2);
      expect(examples.length).toBeLessThanOrEqual(3);
      const help = (await cli([...name.split(' '), '--help'], { cwd: repo.dir })).stdout;
      const shown = help.slice(help.indexOf('\nExamples:\n'));
      expect(help.trimEnd().endsWith(examples.at(-1)!.run)).toBe(true);
      for (const e of examples) {
        expect(shown).toContain(`  # ${e.what}\n  ${e.run}\n`);
        // Words as a shell splits them ('...' quoted); --help stops before anything runs.
        const words = [...e.run.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
        expect(words.slice(0, name.split(' ').length + 1)).toEqual([
          'release-gates',
          ...name.split(' '),
        ]);
        const run = await cli([...words.slice(1), '--help'], { cwd: repo.dir });
        expect(run.stderr, e.run).toBe('');
        expect(run.code, e.run).toBe(0);
      }
    },
  );

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage: release-gates <command>/],
    [['check', '--nope'], /unknown option --nope\n/],
    [['chek'], /unknown command "chek". Did you mean "check"\?/],
    [['feedback', 'ad'], /unknown command "feedback ad". Did you mean "feedback add"\?/],
    [['check', '--polcy', 'p.yaml'], /check: unknown option --polcy. Did you mean --policy\?/],
    [['promote', '--dry-rnu'], /unknown option --dry-rnu. Did you mean --dry-run\?/],
    [
      ['feedback', 'add', '--type', 'qualty'],
      /--type must be one of .*, not "qualty"\n.*did you mean quality\?/,
    ],
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

  it('checks the controls register the policy names, against its schema and the policy', async () => {
    const broken = sampleRepo();
    const file = join(broken.dir, 'policies/controls.yaml');
    const register = readFileSync(file, 'utf8');
    const ok = await cli(['validate-policy'], { cwd: broken.dir, env });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout.match(/^validate-policy\s+pass/gm)).toHaveLength(2);
    writeFileSync(
      file,
      register.replace('owner_role: governance-lead', 'owner_role: governance-led'),
    );
    const run = await cli(['validate-policy', '--format', 'json'], { cwd: broken.dir, env });
    expect(run.code, run.stdout).toBe(2);
    const [policy, controls] = JSON.parse(run.stdout).verdicts;
    expect(policy.result).toBe('pass');
    expect(controls).toMatchObject({ title: 'Controls register policies/controls.yaml' });
    expect(controls.items[0]).toMatchObject({
      status: 'error',
      message: 'role "governance-led" is not defined in the policy',
      hint: 'did you mean "governance-lead"?',
      location: { file: 'policies/controls.yaml', line: expect.any(Number), column: 17 },
    });
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
