/**
 * Races and crashes against one bare remote: a promotion and a rollback that reach the push
 * at the same moment (exactly one wins, the loser changes nothing), and processes killed
 * between their steps (the remote is never half-written, and the next run finishes the work).
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteCommand, rollbackCommand } from '../actions/lib/commands/release.js';
import { parseOptions } from '../actions/lib/commands/parse-options.js';
import type { GitPort } from '../actions/lib/ports.js';
import type { Report } from '../actions/lib/verdict/model.js';
import { createPorts } from '../actions/runtime/ports/index.js';
import { ROOT } from './support/action.js';
import { FakeGitHub } from './support/github-server.js';
import {
  MODEL,
  copyReleaseRepo,
  expectConsistent,
  release,
  releaseRefs,
  releaseRepo,
  userToken,
  type ReleaseRepo,
} from './support/release-flow.js';
import { readState } from './support/releases.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

/** Two releases, and a third commit on main ready to promote. */
const FIXTURE = releaseRepo(gh);
await release(gh, FIXTURE, ['promote'], { now: '2026-11-21T08:00:00Z' });
FIXTURE.change({ 'chatbot/model.yaml': MODEL('2.0.0') }, 'model 2');
await release(gh, FIXTURE, ['promote'], { now: '2026-11-21T09:00:00Z' });
FIXTURE.change({ 'chatbot/model.yaml': MODEL('3.0.0') }, 'model 3');

const copy = () => copyReleaseRepo(gh, FIXTURE);
/** The options as an action step with only these inputs reads them. */
const AS_INPUTS = { label: (name: string) => `input ${name}` };

/** Holds every push until `parties` pushes are waiting (or a second has passed), then lets all go. */
function barrier(parties: number) {
  let waiting = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const timer = setTimeout(open, 1000);
  return async () => {
    if (++waiting === parties) {
      clearTimeout(timer);
      open();
    }
    await opened;
  };
}

/** The ports of one job in its own clone, whose pushes wait at the barrier. */
function job(dir: string, name: string, arrive: () => Promise<void>) {
  const env = { RELEASE_GATES_NOW: '2026-11-22T03:00:00Z' };
  const ports = createPorts(dir, env, {
    token: 'repo-token',
    baseUrl: gh.url,
    names: { token: 'token', membershipToken: 'membership-token' },
  });
  const real = ports.git;
  ports.git = new Proxy(real, {
    get(target, key: keyof GitPort) {
      if (key === 'push')
        return async (...args: Parameters<GitPort['push']>) => {
          await arrive();
          return target.push(...args);
        };
      const value = target[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const [owner, repo] = name.split('/') as [string, string];
  return (actor: string) => ({
    ports,
    run: {
      commit: null,
      event: 'workflow_dispatch',
      actor,
      repository: { owner, repo },
      serverUrl: 'https://github.com',
    },
  });
}

const outcome = (report: Report) => {
  const items = report.verdicts[0]!.items;
  if (items.some((i) => i.id === 'move' && i.status === 'pass')) return 'won';
  const publish = items.find((i) => i.id === 'publish');
  return publish?.status === 'fail' && /someone else changed the releases/.test(publish.message)
    ? 'lost cleanly'
    : `unexpected: ${JSON.stringify(items)}`;
};

describe('a promotion and a rollback that push at the same moment', () => {
  it('leave exactly one winner, every time, and nothing half-written', async () => {
    for (let round = 0; round < 10; round++) {
      const repo = copy();
      const other = join(repo.dir, '..', 'other');
      execFileSync('git', ['clone', '-q', `file://${repo.remote}`, other]);
      const arrive = barrier(2);
      const [promoter, roller] = [job(repo.dir, repo.name, arrive), job(other, repo.name, arrive)];
      const [promoted, rolled] = await Promise.all([
        promoteCommand.run(
          parseOptions(promoteCommand.options, {}, AS_INPUTS),
          promoter('priya-po'),
        ),
        rollbackCommand.run(
          parseOptions(rollbackCommand.options, { reason: 'harmful answers' }, AS_INPUTS),
          roller('oscar-oncall'),
        ),
      ]);
      const results = [outcome(promoted), outcome(rolled)];
      expect(results.sort(), `round ${round}`).toEqual(['lost cleanly', 'won']);
      const winner = outcome(promoted) === 'won' ? 'promote' : 'rollback';
      expect((winner === 'promote' ? rolled : promoted).result).toBe('fail');

      const state = await expectConsistent(repo);
      expect(state.events.map((e) => e.event)).toEqual(
        winner === 'promote'
          ? ['promote', 'promote', 'promote']
          : ['promote', 'promote', 'rollback', 'reject', 'freeze'],
      );
      expect(state.current?.record.kind).toBe(winner);
      // The loser made no follow-ups: an incident issue only when the rollback won.
      expect(gh.repo(repo.name).issues.size).toBe(winner === 'rollback' ? 1 : 0);
    }
  });
});

/** The bundled CLI as a process, to be killed. */
function cliProcess(repo: ReleaseRepo, args: string[]) {
  return spawn(process.execPath, [join(ROOT, 'actions/cli/dist/index.js'), ...args], {
    cwd: repo.dir,
    env: {
      ...process.env,
      RELEASE_GATES_NOW: '2026-11-22T03:15:40Z',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: repo.name,
      // On the command line the token proves the actor: oscar-oncall's own.
      GITHUB_TOKEN: userToken(gh, 'oscar-oncall'),
    },
    stdio: 'ignore',
  });
}

describe('a process killed between its steps', () => {
  it('after stable moved and before the incident issue: the next run finds it and finishes', async () => {
    const repo = copy();
    const child = cliProcess(repo, [
      'rollback',
      '--reason',
      'harmful answers',
      '--actor',
      'oscar-oncall',
    ]);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (_c, signal) => resolve(signal === 'SIGKILL' ? -9 : _c)),
    );
    gh.onRequest = (method, path) => {
      if (method === 'POST' && path === `/repos/${repo.name}/issues`) child.kill('SIGKILL');
    };
    try {
      expect(await exited).toBe(-9);
    } finally {
      gh.onRequest = undefined;
    }
    // Killed after its push: the move, the rejection and the freeze are there, all consistent.
    const moved = await expectConsistent(repo);
    expect(moved.events.slice(2).map((e) => e.event)).toEqual(['rollback', 'reject', 'freeze']);
    const before = releaseRefs(repo);

    const next = await release(gh, repo, ['rollback', '--reason', 'harmful answers'], {
      actor: 'oscar-oncall',
    });
    expect(next.code, JSON.stringify(next.verdict.items)).toBe(0);
    expect(next.item('target').message).toMatch(/^already rolled back: release\/3/);
    expect(next.item('incident').message).toMatch(
      /^(opened the incident issue|the incident issue of release\/3 is) #\d+/,
    );
    expect(next.item('revert-pr').message).toMatch(/^opened the revert pull request #\d+/);
    expect(releaseRefs(repo)).toBe(before);
    expect(gh.repo(repo.name).issues.size).toBe(1);
  });

  it('at any moment of a promotion: all or nothing on the remote, and the next run completes it', async () => {
    for (const delay of [200, 450, 700, 950]) {
      const repo = copy();
      const child = cliProcess(repo, ['promote', '--actor', 'priya-po']);
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await exited;
      clearTimeout(timer);
      // A push the kill interrupted may still be completing in git's own processes.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const state = await expectConsistent(repo);
      expect([2, 3], `killed after ${delay} ms`).toContain(state.releases.length);
      const next = await release(gh, repo, ['promote']);
      expect(next.code, `after a kill at ${delay} ms: ${JSON.stringify(next.verdict.items)}`).toBe(
        0,
      );
      expect((await readState(repo.dir)).releases).toHaveLength(3);
    }
  });
});
