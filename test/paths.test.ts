/**
 * What the command line accepts and how it says no (issue 14 items 17 and 18): files named on
 * the command line may be anywhere, input and output alike, while the paths a policy names stay
 * inside the repository; `--out` naming a directory is a usage error before anything runs; a
 * team that the membership token cannot see is reported as that, not as a token to set.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { FakeGitHub } from './support/github-server.js';
import { release, releaseRepo } from './support/release-flow.js';
import { tempDir } from './support/tmp.js';
import { workspace } from './support/workspace.js';

const NOW = '2026-11-20T06:00:00Z'; // within the window's default maximum age of 24 h
const env = { RELEASE_GATES_NOW: NOW, GITHUB_TOKEN: '', GH_TOKEN: '' };

const interaction = (i: number) =>
  JSON.stringify({
    timestamp: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString(),
    request_id: `req-${i}`,
    user_id: `u-${i}`,
    query: 'Where is my order?',
    response: i === 3 ? '' : 'It arrives within 2 days.',
    latency_ms: 800,
    error: null,
    model_version: '2.4.0',
    safety_label: 'safe',
    rating: 4,
  });

const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
  logs: logs/window.jsonl
  slos:
    - { id: latency, metric: latency_p95, pass: '< 2000', on_breach: none }
`;

describe('files named on the command line may be anywhere (issue 14 item 17)', () => {
  it('monitor --flagged, feedback import FILE and --out accept paths outside the repository', async () => {
    const dir = workspace({
      'policies/release-policy.yaml': POLICY,
      'logs/window.jsonl': Array.from({ length: 10 }, (_, i) => interaction(i)).join('\n') + '\n',
    });
    const elsewhere = tempDir('rg-elsewhere-');
    const survey = join(elsewhere, 'survey.jsonl');
    writeFileSync(survey, JSON.stringify({ type: 'bug', description: 'Slow.' }) + '\n');

    const monitor = await cli(
      [
        'monitor',
        '--flagged',
        join(elsewhere, 'flagged.jsonl'),
        '--dry-run',
        '--out',
        join(elsewhere, 'm.json'),
        '--format',
        'json',
      ],
      { cwd: dir, env },
    );
    expect(monitor.code, monitor.stderr).toBe(0);
    expect(readFileSync(join(elsewhere, 'flagged.jsonl'), 'utf8')).toMatch(/"flags":\["empty"\]/);
    expect(existsSync(join(elsewhere, 'm.json'))).toBe(true);

    const imported = await cli(['feedback', 'import', survey, '--format', 'json'], {
      cwd: dir,
      env,
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(readFileSync(join(dir, 'evals/feedback/feedback.jsonl'), 'utf8')).toMatch(/"Slow\."/);
    // Given relative to the current directory, from a subdirectory of the repository.
    mkdirSync(join(dir, 'sub'));
    const fromSub = await cli(
      ['feedback', 'import', relative(join(dir, 'sub'), survey), '--format', 'json'],
      { cwd: join(dir, 'sub'), env },
    );
    expect(fromSub.code, fromSub.stderr).toBe(0);

    // pii-scan reads a file named outside the repository; a pattern there is refused.
    writeFileSync(join(elsewhere, 'golden.jsonl'), '{"expected": "Mail jane.doe@gmail.com."}\n');
    const scan = await cli(['pii-scan', join(elsewhere, 'golden.jsonl'), '--format', 'json'], {
      cwd: dir,
      env,
    });
    expect(scan.code).toBe(1);
    expect(scan.stdout).toMatch(/j\*\*\*@g\*\*\*\.com/);
    expect(scan.stdout).not.toMatch(/jane\.doe/);
    const pattern = await cli(['pii-scan', join(elsewhere, '*.jsonl')], { cwd: dir, env });
    expect(pattern.code).toBe(2);
    expect(pattern.stdout + pattern.stderr).toMatch(/is outside the repository/);
  });

  it('keeps what the policy names inside the repository, links included', async () => {
    const elsewhere = tempDir('rg-elsewhere-');
    writeFileSync(join(elsewhere, 'window.jsonl'), interaction(0) + '\n');
    // A link inside the repository to a file outside it, named by the policy, is refused too.
    const linked = workspace({ 'policies/release-policy.yaml': POLICY });
    mkdirSync(join(linked, 'logs'));
    symlinkSync(join(elsewhere, 'window.jsonl'), join(linked, 'logs/window.jsonl'));
    const link = await cli(['monitor', '--dry-run'], { cwd: linked, env });
    expect(link.code).toBe(2);
    expect(link.stdout + link.stderr).toMatch(
      /logs\/window\.jsonl is a link to a file outside the repository/,
    );
  });

  it("says the rule in every command's help", async () => {
    for (const command of [['monitor'], ['feedback', 'import'], ['check'], ['pii-scan']]) {
      const help = await cli([...command, '--help'], { cwd: workspace({}), env });
      expect(help.stdout).toMatch(
        /Files named on the command line are relative to the current directory and may be anywhere; paths the policy names, and patterns, stay inside the repository\./,
      );
    }
  });
});

describe('usage errors that say what to do (issue 14 item 18)', () => {
  it('--out naming a directory is a usage error, and nothing runs', async () => {
    const dir = workspace({ 'evals/feedback/feedback.jsonl': '' });
    mkdirSync(join(dir, 'out'));
    const r = await cli(
      ['feedback', 'add', '--type', 'bug', '--description', 'x', '--out', 'out'],
      { cwd: dir, env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--out out is a directory: it names the file the report is written to\n\s+fix: name a file, e.g\. --out out\/report\.json/,
    );
    expect(readFileSync(join(dir, 'evals/feedback/feedback.jsonl'), 'utf8')).toBe('');
  });

  it('a team the membership token cannot see says so, not to set the token', async () => {
    const gh = await FakeGitHub.start({
      'sam-token': { login: 'sam-sre' },
      'org-token': { login: 'gov-bot', orgRead: true },
    });
    // The policy names team acme/sre, which the membership token cannot see (404).
    const repo = releaseRepo(gh);
    const r = await release(gh, repo, ['rollback', '--reason', 'drill', '--dry-run'], {
      actor: 'sam-sre',
      token: 'sam-token',
      env: { RELEASE_GATES_MEMBERSHIP_TOKEN: 'org-token' },
    });
    expect(r.code).toBe(2);
    const actor = r.item('actor');
    expect(actor.message).toMatch(
      /team acme\/sre does not exist, or RELEASE_GATES_MEMBERSHIP_TOKEN cannot see it: check the team's slug, and that the token belongs to a member of acme with read access to its members/,
    );
    expect(`${actor.message} ${actor.hint ?? ''}`).not.toMatch(
      /set RELEASE_GATES_MEMBERSHIP_TOKEN/,
    );
  });
});
