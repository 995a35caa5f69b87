/**
 * The loopback GitHub API answers the real Octokit the way GitHub does, for every endpoint
 * family the project uses, so promotion, rollback and monitoring tests can rely on it.
 */
import { getOctokit } from '@actions/github';
import { OctokitGitHub } from '../actions/runtime/ports/github.js';
import { describe, expect, it } from 'vitest';
import { responseProblems } from './support/github-openapi.js';
import { FakeGitHub } from './support/github-server.js';

const gh = await FakeGitHub.start({ t: { login: 'release-bot[bot]' } });
const repo = { owner: 'acme', repo: 'chatbot' };
gh.repo('acme/chatbot');
const octokit = getOctokit('t', { baseUrl: gh.url });
const SHA = 'c'.repeat(40);

async function status(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 0,
    (e: { status: number }) => e.status,
  );
}

describe('the loopback GitHub API', () => {
  it('checks the Authorization header like GitHub', async () => {
    expect(
      await status(getOctokit('wrong', { baseUrl: gh.url }).rest.issues.listForRepo(repo)),
    ).toBe(401);
    const anonymous = await fetch(`${gh.url}/repos/acme/chatbot/issues`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });
    expect(await status(octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'nope' }))).toBe(
      404,
    );
  });

  it('opens, labels, comments on, filters and closes issues', async () => {
    const { data: issue } = await octokit.rest.issues.create({
      ...repo,
      title: 'Incident: p95 latency breach',
      body: 'evidence',
      labels: ['incident', 'monitoring'],
    });
    expect(issue).toMatchObject({ number: 1, state: 'open', user: { login: 'release-bot[bot]' } });
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'still breaching' });
    await octokit.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ['rollback'] });
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: 1, name: 'monitoring' });
    const open = await octokit.rest.issues.listForRepo({ ...repo, labels: 'incident,rollback' });
    expect(open.data.map((i) => i.labels.map((l) => (typeof l === 'string' ? l : l.name)))).toEqual(
      [['incident', 'rollback']],
    );
    expect(
      (await octokit.rest.issues.listComments({ ...repo, issue_number: 1 })).data[0],
    ).toMatchObject({
      body: 'still breaching',
    });
    await octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'closed' });
    expect((await octokit.rest.issues.listForRepo(repo)).data).toEqual([]);
    expect(
      await status(octokit.rest.issues.createComment({ ...repo, issue_number: 99, body: 'x' })),
    ).toBe(404);
  });

  it('creates labels once (422 for a duplicate) and lists them', async () => {
    await octokit.rest.issues.createLabel({ ...repo, name: 'frozen', color: 'b60205' });
    expect(await status(octokit.rest.issues.createLabel({ ...repo, name: 'frozen' }))).toBe(422);
    const names = (await octokit.rest.issues.listLabelsForRepo(repo)).data.map((l) => l.name);
    expect(names).toContain('frozen');
  });

  it('creates, reads, lists, moves and deletes git refs', async () => {
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/stable', sha: SHA });
    expect(
      await status(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/stable', sha: SHA })),
    ).toBe(422);
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/tags/release/1', sha: SHA });
    expect((await octokit.rest.git.getRef({ ...repo, ref: 'heads/stable' })).data.object.sha).toBe(
      SHA,
    );
    await octokit.rest.git.updateRef({
      ...repo,
      ref: 'heads/stable',
      sha: 'd'.repeat(40),
      force: true,
    });
    const matching = await octokit.rest.git.listMatchingRefs({ ...repo, ref: 'tags/release/' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/tags/release/1']);
    await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/stable' });
    expect(await status(octokit.rest.git.getRef({ ...repo, ref: 'heads/stable' }))).toBe(404);
  });

  it('records workflow dispatches, returning run details when asked', async () => {
    const plain = await octokit.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'rollback.yml',
      ref: 'main',
      inputs: { reason: 'SLO breach' },
    });
    expect(plain.status).toBe(204);
    const detailed = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        ...repo,
        workflow_id: 'rollback.yml',
        ref: 'main',
        return_run_details: true,
      },
    );
    expect(detailed.status).toBe(200);
    expect(detailed.data).toMatchObject({ workflow_run_id: expect.any(Number) });
    expect(gh.repo('acme/chatbot').dispatches[0]).toEqual({
      workflow: 'rollback.yml',
      ref: 'main',
      inputs: { reason: 'SLO breach' },
    });
  });

  it('creates deployments and their statuses, newest first', async () => {
    const { data } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'stable',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    const id = (data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'in_progress',
    });
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'success',
    });
    const statuses = await octokit.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: id,
    });
    expect(statuses.data.map((s) => s.state)).toEqual(['success', 'in_progress']);
    const listed = await octokit.rest.repos.listDeployments({ ...repo, environment: 'production' });
    expect(listed.data.map((d) => d.id)).toEqual([id]);
  });

  it('lists every deployment of a commit through the port, across pages', async () => {
    const sha = 'd'.repeat(40);
    for (let i = 0; i < 130; i++)
      await octokit.rest.repos.createDeployment({
        ...repo,
        ref: sha,
        environment: 'production',
        auto_merge: false,
        required_contexts: [],
        payload: { release: i + 1 },
      });
    const port = new OctokitGitHub({
      token: 't',
      baseUrl: gh.url,
      names: { token: 'the token', membershipToken: 'the membership token' },
    });
    const found = await port.deployments(repo, { sha, environment: 'production' });
    expect(found).toHaveLength(130);
    // A rollback to the same commit finds the deployment of its own release, even the first.
    expect(found.some((d) => d.payload.release === 1)).toBe(true);
    expect(gh.calls(/\/deployments$/).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps commit statuses, latest per context in the combined status', async () => {
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: SHA,
      state: 'failure',
      context: 'release-gates/signoff',
    });
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: SHA,
      state: 'success',
      context: 'release-gates/signoff',
    });
    expect(
      await status(
        octokit.rest.repos.createCommitStatus({ ...repo, sha: SHA, state: 'green' as never }),
      ),
    ).toBe(422);
    const combined = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: SHA });
    expect(combined.data).toMatchObject({ state: 'success', total_count: 1 });
  });

  it('lists a pull request’s commits as GitHub does: accounts or null, at most 250', async () => {
    const number = gh.addPull('acme/chatbot', {
      author: 'mei-ml',
      head: { sha: SHA },
      commits: [
        { sha: 'a'.repeat(40), author: 'mei-ml', committer: 'web-flow' },
        { sha: 'b'.repeat(40), author: null, committer: 'gabriel-gov' },
      ],
    });
    const commits = await octokit.paginate(octokit.rest.pulls.listCommits, {
      ...repo,
      pull_number: number,
      per_page: 1,
    });
    expect(commits).toEqual([
      expect.objectContaining({
        sha: 'a'.repeat(40),
        author: expect.objectContaining({ login: 'mei-ml', type: 'User' }),
        committer: expect.objectContaining({ login: 'web-flow' }),
        commit: expect.objectContaining({
          committer: expect.objectContaining({ email: 'noreply@github.com' }),
        }),
      }),
      expect.objectContaining({ sha: 'b'.repeat(40), author: null }),
    ]);
    // The opener pushed the branch: its activity lists both pushes, newest first.
    const pushes = await octokit.paginate(octokit.rest.repos.listActivities, {
      ...repo,
      ref: `refs/heads/pr-${number}`,
    });
    expect(pushes.map((a) => [a.after, a.actor?.login, a.activity_type])).toEqual([
      ['b'.repeat(40), 'mei-ml', 'push'],
      ['a'.repeat(40), 'mei-ml', 'push'],
    ]);
    const many = gh.addPull('acme/chatbot', {
      author: 'mei-ml',
      head: { sha: SHA },
      commits: Array.from({ length: 260 }, (_, i) => ({
        sha: String(i).padStart(40, '0'),
        author: 'mei-ml',
      })),
    });
    const listed = await octokit.paginate(octokit.rest.pulls.listCommits, {
      ...repo,
      pull_number: many,
      per_page: 100,
    });
    expect(listed).toHaveLength(250);
  });

  it('answers the rules of a branch from the active rulesets that include it', async () => {
    const id = gh.addRuleset('acme/chatbot', {
      name: 'releases',
      target: 'branch',
      enforcement: 'active',
      conditions: {
        ref_name: { include: ['refs/heads/release/**'], exclude: ['refs/heads/release/old'] },
      },
      rules: [
        { type: 'non_fast_forward' },
        { type: 'update', parameters: { update_allows_fetch_and_merge: false } },
      ],
    });
    gh.addRuleset('acme/chatbot', {
      name: 'trying out',
      target: 'branch',
      enforcement: 'evaluate',
      conditions: { ref_name: { include: ['~ALL'], exclude: [] } },
      rules: [{ type: 'deletion' }],
    });
    const rules = await octokit.paginate(octokit.rest.repos.getBranchRules, {
      ...repo,
      branch: 'release/2026/11',
    });
    expect(rules).toEqual([
      {
        type: 'non_fast_forward',
        ruleset_source_type: 'Repository',
        ruleset_source: 'acme/chatbot',
        ruleset_id: id,
      },
      expect.objectContaining({
        type: 'update',
        parameters: { update_allows_fetch_and_merge: false },
      }),
    ]);
    expect(
      (await octokit.rest.repos.getBranchRules({ ...repo, branch: 'release/old' })).data,
    ).toEqual([]);
  });

  it('keeps check runs: annotations appended 50 a request at most, completed by a conclusion', async () => {
    const note = (line: number, extra: object = {}) => ({
      path: 'evals/golden/a.jsonl',
      start_line: line,
      end_line: line,
      annotation_level: 'failure' as const,
      message: `finding ${line}`,
      ...extra,
    });
    const { data: created } = await octokit.rest.checks.create({
      ...repo,
      name: 'release-gates / pii annotations',
      head_sha: SHA,
      status: 'in_progress',
      output: { title: 'PII', summary: 'scanning' },
    });
    expect(created).toMatchObject({ status: 'in_progress', conclusion: null, head_sha: SHA });
    const check_run_id = created.id;
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => note(from + i));
    await octokit.rest.checks.update({
      ...repo,
      check_run_id,
      output: { title: 'PII', summary: 's', annotations: lines(1, 50) },
    });
    const { data: done } = await octokit.rest.checks.update({
      ...repo,
      check_run_id,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'PII', summary: 's', annotations: [note(51, { start_column: 3 })] },
    });
    expect(done).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { annotations_count: 51 },
    });
    const template = '/repos/{owner}/{repo}/check-runs';
    expect(responseProblems('post', template, 201, created)).toEqual([]);
    expect(responseProblems('patch', `${template}/{check_run_id}`, 200, done)).toEqual([]);
    expect(gh.checkRuns('acme/chatbot').at(-1)!.annotations.at(-1)).toEqual(
      note(51, { start_column: 3 }),
    );

    const refusedWith = async (body: object) =>
      octokit.rest.checks
        .update({ ...repo, check_run_id, output: { title: 'PII', summary: 's', ...body } })
        .then(
          () => 0,
          (e: { status: number; response: { data: { errors: string[] } } }) =>
            `${e.status} ${e.response.data.errors.join()}`,
        );
    expect(await refusedWith({ annotations: lines(1, 51) })).toBe(
      '422 /output/annotations must NOT have more than 50 items',
    );
    expect(
      await refusedWith({ annotations: [{ ...note(1), end_line: 2, start_column: 1 }] }),
    ).toMatch(/^422 start_column and end_column are only allowed on single-line/);
    expect(await refusedWith({ annotations: [{ ...note(1), path: '/abs/a.jsonl' }] })).toMatch(
      /^422 annotation path must be relative/,
    );
    // What the request schema of GitHub's description says, GitHub's own 422s.
    expect(await refusedWith({ annotations: [{ ...note(1), annotation_level: 'error' }] })).toBe(
      '422 /output/annotations/0/annotation_level must be equal to one of the allowed values',
    );
    const { message: _m, ...silent } = note(1);
    expect(await refusedWith({ annotations: [silent] })).toBe(
      "422 /output/annotations/0 must have required property 'message'",
    );
    expect(gh.checkRuns('acme/chatbot').at(-1)!.annotations).toHaveLength(51);

    // Only an app's installation token with checks: write may write check runs, as on GitHub.
    gh.tokens.set('pat', { login: 'alice' });
    gh.tokens.set('read-only', { login: 'github-actions[bot]', checks: 'read' });
    const create = (token: string) =>
      status(
        getOctokit(token, { baseUrl: gh.url }).rest.checks.create({
          ...repo,
          name: 'x',
          head_sha: SHA,
        }),
      );
    expect([await create('pat'), await create('read-only')]).toEqual([403, 403]);
    expect(
      gh.requests.slice(-2).map((r) => r.status),
      'the refusals are recorded as the rest',
    ).toEqual([403, 403]);
  });

  it('paginates with Link headers and fails on demand', async () => {
    for (let i = 0; i < 5; i++) await octokit.rest.issues.create({ ...repo, title: `issue ${i}` });
    // GitHub lists pull requests among the issues: the two the tests above opened count too.
    const first = await octokit.rest.issues.listForRepo({ ...repo, per_page: 2 });
    expect(first.headers.link).toMatch(
      /[?&]page=2[^>]*>; rel="next", <[^>]*[?&]page=4[^>]*>; rel="last"/,
    );
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 2 });
    expect(all).toHaveLength(7);
    expect(all.filter((i) => i.pull_request)).toHaveLength(2);
    gh.fail({ method: 'GET', path: '/repos/acme/chatbot/labels', status: 503 });
    expect(await status(octokit.rest.issues.listLabelsForRepo(repo))).toBe(503);
    expect(await status(octokit.rest.issues.listLabelsForRepo(repo))).toBe(0);
    expect(gh.calls('/repos/acme/chatbot/labels').map((r) => r.status)).toEqual([200, 503, 200]);
  });
});

describe("the loopback GitHub API against GitHub's OpenAPI description", () => {
  it('answers pulls.get with an object the description allows, and the check catches one it does not', async () => {
    const number = gh.addPull('acme/chatbot', { author: 'alice', head: { sha: SHA } });
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    const get = '/repos/{owner}/{repo}/pulls/{pull_number}';
    expect(responseProblems('get', get, 200, data)).toEqual([]);
    const { _links: _l, base: _b, ...incomplete } = data;
    expect(responseProblems('get', get, 200, incomplete)).toEqual([
      "(body) must have required property '_links'",
      "(body) must have required property 'base'",
    ]);
  });

  it("pages as GitHub's docs describe: Link with prev, next, last, first; per_page capped at 100", async () => {
    for (let i = 0; i < 5; i++) gh.addIssue('acme/chatbot', { title: `paged ${i}` });
    const page = await fetch(`${gh.url}/repos/acme/chatbot/issues?per_page=2&page=2`, {
      headers: { authorization: 'token t' },
    });
    const rels = [...(page.headers.get('link') ?? '').matchAll(/rel="(\w+)"/g)].map((m) => m[1]);
    expect(rels).toEqual(['prev', 'next', 'last', 'first']);
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 2 });
    expect(all.filter((i) => i.title.startsWith('paged '))).toHaveLength(5);
    for (let i = 0; i < 100; i++) gh.addIssue('acme/chatbot', { title: `bulk ${i}` });
    const capped = await fetch(`${gh.url}/repos/acme/chatbot/issues?per_page=500`, {
      headers: { authorization: 'token t' },
    });
    expect(((await capped.json()) as unknown[]).length).toBe(100);
  });
});
