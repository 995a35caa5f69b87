/**
 * The feedback workflow's intake when a ruleset blocks direct pushes to main (issue 14 item
 * 16): a real repository whose bare remote refuses pushes to main (a pre-receive hook, as a
 * ruleset answers), the loopback GitHub API, and the command the workflow runs. The records go
 * to a pull request, and an issue is closed only once its record is on the pull request's
 * branch; a refused push closes nothing.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Report } from '../actions/lib/verdict/model.js';
import { ROOT } from './support/action.js';
import { cli, cliProcess } from './support/cli.js';
import { createRepo } from './support/git.js';
import { FakeGitHub } from './support/github-server.js';

const REPO = 'acme/feedback-intake';
const STORE = 'evals/feedback/feedback.jsonl';
const BRANCH = 'release-gates/feedback-intake';
const gh = await FakeGitHub.start({ 'intake-token': { login: 'github-actions[bot]' } });

const form = (text: string) =>
  `### Type\n\nquality\n\n### Rating\n\n2 (poor)\n\n### What happened\n\n${text}\n\n### Conversation reference\n\n_No response_\n\n### Pseudonymous user id\n\nu-7f3a91`;

/** The bare remote answers as a ruleset does: `refused` lists the refs it refuses. */
function refuse(remote: string, refs: string[]) {
  const hook = join(remote, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    `#!/bin/sh\nwhile read old new ref; do\n  case " ${refs.join(' ')} " in *" $ref "*)\n    echo "error: GH013: Repository rule violations found for $ref: changes must be made through a pull request" >&2; exit 1;;\n  esac\ndone\n`,
  );
  chmodSync(hook, 0o755);
}

async function intake(
  dir: string,
  args = ['import', '--from-issues', '--skip-invalid', '--into', 'main'],
) {
  const r = await cli(['feedback', ...args, '--format', 'json'], {
    cwd: dir,
    env: {
      RELEASE_GATES_NOW: '2026-11-21T10:00:00Z',
      GITHUB_TOKEN: 'intake-token',
      GH_TOKEN: '',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: REPO,
    },
  });
  const report = r.stdout ? (JSON.parse(r.stdout) as Report) : undefined;
  return { ...r, items: report?.verdicts[0]?.items ?? [], summary: report?.verdicts[0]?.summary };
}

describe('feedback intake through a pull request (issue 14 item 16)', () => {
  it('the workflow imports with --into and pushes nothing to main itself', () => {
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows/feedback.yml'), 'utf8')) as {
      jobs: Record<string, { permissions: Record<string, string>; steps: { run?: string }[] }>;
    };
    const job = workflow.jobs.intake!;
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/feedback import --from-issues --skip-invalid --into "\$DEFAULT_BRANCH"/);
    expect(runs).not.toMatch(/git (push|commit)/);
    expect(job.permissions).toEqual({
      contents: 'write',
      issues: 'write',
      'pull-requests': 'write',
    });
  });

  it('opens, then updates, a pull request, and closes each issue only once its record is on it', async () => {
    const repo = createRepo({ files: { [STORE]: '' } });
    gh.repo(REPO).gitDir = repo.remote;
    refuse(repo.remote, ['refs/heads/main']);
    const main = repo.remoteRef('refs/heads/main');
    // What the old workflow did: a direct push, which the ruleset refuses.
    repo.commit({ 'x.txt': 'x' }, 'direct');
    expect(() => repo.git('push', '-q', 'origin', 'HEAD:main')).toThrow(/GH013/);
    repo.git('reset', '-q', '--hard', 'HEAD~1');

    const first = gh.addIssue(REPO, {
      title: '[Feedback] slow',
      labels: ['feedback'],
      body: form('Answers take 10 s.'),
      createdAt: '2026-11-18T09:00:00Z',
    });
    const r = await intake(repo.dir);
    expect(r.code, r.stderr).toBe(0);
    const pulls = () => [...gh.repo(REPO).pulls.values()];
    expect(pulls()).toHaveLength(1);
    const pull = pulls()[0]!;
    expect(pull).toMatchObject({ state: 'open', base: { ref: 'main' }, head: { ref: BRANCH } });
    expect(r.items.find((i) => i.id === 'pull-request')!.message).toMatch(
      new RegExp(`^opened pull request #${String(pull.number)} from ${BRANCH} into main`),
    );
    const onBranch = () =>
      repo
        .git('--git-dir', repo.remote, 'show', `refs/heads/${BRANCH}:${STORE}`)
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(onBranch()).toEqual([`issue-${first}`]);
    expect(repo.remoteRef('refs/heads/main')).toBe(main);
    expect(gh.issue(REPO, first)!.state).toBe('closed');
    expect(String(gh.issue(REPO, first)!.comments[0]!.body)).toMatch(
      `through pull request #${String(pull.number)}`,
    );

    // The next submission goes on the same pull request, on top of the first.
    const second = gh.addIssue(REPO, {
      title: '[Feedback] wrong',
      labels: ['feedback'],
      body: form('It said refunds take 30 days.'),
      createdAt: '2026-11-19T09:00:00Z',
    });
    const again = await intake(repo.dir);
    expect(again.code, again.stderr).toBe(0);
    expect(pulls()).toHaveLength(1);
    expect(again.items.find((i) => i.id === 'pull-request')!.message).toMatch(
      `added the records to pull request #${String(pull.number)}`,
    );
    expect(onBranch()).toEqual([`issue-${first}`, `issue-${second}`]);
    expect(gh.issue(REPO, second)!.state).toBe('closed');

    // A push the remote refuses closes no issue: the next run imports it.
    refuse(repo.remote, ['refs/heads/main', `refs/heads/${BRANCH}`]);
    const third = gh.addIssue(REPO, {
      title: '[Feedback] rude',
      labels: ['feedback'],
      body: form('It was rude.'),
      createdAt: '2026-11-20T09:00:00Z',
    });
    const refused = await intake(repo.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `pushing ${BRANCH} to origin was refused \\(.*GH013.*\\): no issue was closed, nothing is lost`,
      ),
    );
    expect(gh.issue(REPO, third)!.state).toBe('open');
    expect(onBranch()).toEqual([`issue-${first}`, `issue-${second}`]);

    refuse(repo.remote, ['refs/heads/main']);
    const retried = await intake(repo.dir);
    expect(retried.code, retried.stderr).toBe(0);
    expect(onBranch()).toEqual([`issue-${first}`, `issue-${second}`, `issue-${third}`]);
    expect(gh.issue(REPO, third)!.state).toBe('closed');
    expect(repo.remoteRef('refs/heads/main')).toBe(main);

    // Erasure reaches the records waiting on the pull request too (issue 14 item 14).
    const erased = await intake(repo.dir, ['erase', '--user-id', 'u-7f3a91']);
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.items.find((i) => i.id === 'intake')!.message).toMatch(
      `erased 3 records of user u-7f3a91 from the intake pull request #${String(pull.number)}`,
    );
    expect(erased.summary).toBe(
      `erased 0 records of user u-7f3a91 from ${STORE}, 3 from the intake pull request; redacted issues #${first}, #${second}, #${third}`,
    );
    expect(repo.git('--git-dir', repo.remote, 'show', `refs/heads/${BRANCH}:${STORE}`)).toBe('');
    const back = await intake(repo.dir, [
      'import',
      '--from-issues',
      '--include-closed',
      '--into',
      'main',
    ]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.items.find((i) => i.id === 'imported')!.observed).toBe(0);
  });

  it('the bundled CLI, run as the workflow runs it, writes the job summary and closes the issue', async () => {
    const repo = createRepo({ files: { [STORE]: '' } });
    gh.repo(REPO).gitDir = repo.remote;
    refuse(repo.remote, ['refs/heads/main']);
    const issue = gh.addIssue(REPO, {
      title: '[Feedback] slow',
      labels: ['feedback'],
      body: form('Answers take 10 s.'),
      createdAt: '2026-11-18T09:00:00Z',
    });
    const r = await cliProcess(
      [
        'feedback',
        'import',
        '--from-issues',
        '--skip-invalid',
        '--into',
        'main',
        '--format',
        'markdown',
      ],
      {
        cwd: repo.dir,
        env: {
          RELEASE_GATES_NOW: '2026-11-21T10:00:00Z',
          GITHUB_TOKEN: 'intake-token',
          GH_TOKEN: '',
          GITHUB_API_URL: gh.url,
          GITHUB_REPOSITORY: REPO,
        },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pull request #\d+ from release-gates\/feedback-intake into main/);
    expect(gh.issue(REPO, issue)!.state).toBe('closed');
    expect(repo.git('--git-dir', repo.remote, 'show', `refs/heads/${BRANCH}:${STORE}`)).toContain(
      `"issue-${issue}"`,
    );
  });

  it('delivers a file through the pull request too, and closes no issue', async () => {
    const repo = createRepo({ files: { [STORE]: '' } });
    gh.repo(REPO).gitDir = repo.remote;
    gh.repo(REPO).issues.clear();
    gh.repo(REPO).pulls.clear();
    refuse(repo.remote, ['refs/heads/main']);
    const survey = join(repo.dir, 'survey.jsonl');
    writeFileSync(survey, '{"type":"bug","description":"The export button does nothing."}\n');
    const r = await intake(repo.dir, ['import', survey, '--into', 'main']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.items.map((i) => i.id)).toEqual(['pull-request', 'imported']);
    const onBranch = repo.git('--git-dir', repo.remote, 'show', `refs/heads/${BRANCH}:${STORE}`);
    expect(onBranch).toContain('"The export button does nothing."');
    expect(readFileSync(join(repo.dir, STORE), 'utf8')).toBe('');
  });

  describe('two runs from the same clone (issue 14 item 17)', () => {
    const setup = () => {
      const repo = createRepo({ files: { [STORE]: '' } });
      gh.repo(REPO).gitDir = repo.remote;
      gh.repo(REPO).issues.clear();
      gh.repo(REPO).pulls.clear();
      const issue = gh.addIssue(REPO, {
        title: '[Feedback] slow',
        labels: ['feedback'],
        body: form('Answers take 10 s.'),
        createdAt: '2026-11-18T09:00:00Z',
      });
      // The lock file git takes on the ref the fetch updates, as a run that is still fetching has it.
      const dir = join(repo.dir, '.git/refs/release-gates/remotes/origin/heads');
      mkdirSync(dir, { recursive: true });
      return { repo, issue, lock: join(dir, 'main.lock') };
    };

    it('waits for a lock the other run releases', async () => {
      const { repo, issue, lock } = setup();
      writeFileSync(lock, '');
      setTimeout(() => rmSync(lock), 300);
      const r = await intake(repo.dir);
      expect(r.code, r.stderr).toBe(0);
      expect(gh.issue(REPO, issue)!.state).toBe('closed');
    });

    it('says that another run holds the clone when the lock stays', async () => {
      const { repo, issue, lock } = setup();
      writeFileSync(lock, '');
      const r = await intake(repo.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /another run holds this clone: git's lock file .*main\.lock stayed in place for 3\.1 s\n\s+fix: wait for the other release-gates or git command in this clone to finish/,
      );
      expect(gh.issue(REPO, issue)!.state).toBe('open');
    });

    it('racing for real, each run succeeds or says another run overtook it, and no issue is closed without its record', async () => {
      const { repo } = setup();
      const runs = await Promise.all([intake(repo.dir), intake(repo.dir), intake(repo.dir)]);
      for (const r of runs)
        if (r.code !== 0) expect(r.stderr).toMatch(/another run (moved it first|holds this clone)/);
      expect(runs.some((r) => r.code === 0)).toBe(true);
      const onBranch = repo.git('--git-dir', repo.remote, 'show', `refs/heads/${BRANCH}:${STORE}`);
      for (const issue of gh.repo(REPO).issues.values())
        if (issue.state === 'closed') expect(onBranch).toContain(`"issue-${String(issue.number)}"`);
    });
  });
});
