/**
 * The audit pack of the sample release: a real repository with a bare remote, promoted by the
 * CLI against the loopback GitHub API; the pack holds the content of the released commit (not
 * of main's head nor the working tree), re-checks against its manifest with sha256sum and
 * --verify, fails verification after a one-byte change, and masks personal data of incidents.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBundledAction } from './support/action.js';
import { FakeGitHub } from './support/github-server.js';
import { release, reviewedHistory, tagRecord, type ReleaseRepo } from './support/release-flow.js';
import { sampleRepo } from './support/sample.js';
import { tempDir } from './support/tmp.js';

const gh = await FakeGitHub.start({ 'repo-token': { login: 'github-actions[bot]' } });

const RELEASED_AT = '2026-11-21T12:00:00Z';
const LEAK = 'jane.doe@gmail.com';
const CONTROLS = `controls:
  - id: CTL-EVAL-01
    description: Releases meet the quality bar.
  - id: CTL-PII-01
    description: No personal data in golden outputs.
`;

/** Every file under a directory, relative to it. */
function filesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

let repo: ReleaseRepo;
let released: string;
let pack: string;
let archive: string;
let run: Awaited<ReturnType<typeof release>>;

const auditPack = (args: string[], now = '2026-11-23T09:00:00Z') =>
  release(gh, repo, ['audit-pack', ...args], { actor: '', token: 'repo-token', now });

beforeAll(async () => {
  const sample = sampleRepo();
  const name = 'acme/sample-audit';
  gh.repo(name).gitDir = sample.remote;
  // A controls register, unless the sample has its own.
  if (!existsSync(join(sample.dir, 'policies/controls.yaml'))) {
    sample.commit({ 'policies/controls.yaml': CONTROLS }, 'controls register');
    sample.git('push', '-q', 'origin', 'HEAD:main');
  }
  reviewedHistory(gh, name, sample);
  repo = { ...sample, name, change: () => '' };
  released = repo.head();
  const promoted = await release(gh, repo, ['promote', '--reason', 'November release'], {
    now: RELEASED_AT,
  });
  expect(promoted.code, JSON.stringify(promoted.verdict.items)).toBe(0);

  gh.addIssue(name, {
    title: 'Monitoring: incident before the release',
    labels: ['incident', 'monitoring'],
    createdAt: '2026-11-20T08:00:00Z',
    state: 'closed',
  });
  const incident = gh.addIssue(name, {
    title: `Customer ${LEAK} saw another address`,
    body: `The answer to ${LEAK} contained a street address.\n\nReported by the support team.`,
    labels: ['incident', 'monitoring'],
    createdAt: '2026-11-22T07:30:00Z',
  });
  gh.addComment(name, incident, { body: `Called ${LEAK} back; contained.`, author: 'rosa-risk' });
  // After the release: main's system card changes, and an incident gets its post-mortem.
  const register = readFileSync(join(repo.dir, 'docs/compliance/incident-register.yaml'), 'utf8');
  // Pushed straight to main: only the released commit's pull request is the release's.
  repo.commit(
    {
      'docs/system-card.md': `${readFileSync(join(repo.dir, 'docs/system-card.md'), 'utf8')}\nChanged after release/1.\n`,
      'docs/compliance/incident-register.yaml': `${register}  - id: INC-2026-051\n    opened: 2026-11-22\n    severity: sev1\n    summary: An answer quoted another customer's address.\n    status: closed\n    issue: ${incident}\n    rca: docs/post-mortems/2026-11-22-address-leak.md\n  - id: INC-2026-052\n    opened: 2026-11-22\n    severity: sev3\n    summary: A link outside the repository.\n    status: closed\n    rca: ../../outside.md\n`,
      'docs/post-mortems/2026-11-22-address-leak.md': `# Post-mortem: address leak\n\nIncident issue #${incident}. The customer, ${LEAK}, was called back.\n`,
    },
    'post-mortem of the address leak',
  );
  repo.git('push', '-q', 'origin', 'HEAD:main');
  // The working tree differs too: the pack reads git objects only.
  writeFileSync(join(repo.dir, 'docs/model-card.md'), 'not committed\n');

  const out = tempDir('rg-audit-');
  pack = join(out, 'release-1');
  archive = join(out, 'release-1.tar.gz');
  run = await auditPack(['--release', 'release/1', '--dir', pack, '--archive', archive]);
}, 120_000);

describe('release-gates audit-pack', () => {
  it('writes the pack of the release with content from its commit, not from main or the checkout', () => {
    expect(run.code, JSON.stringify(run.verdict.items, null, 1)).toBe(0);
    expect(filesIn(pack)).toEqual([
      'MANIFEST.sha256',
      'README.md',
      'approvals.json',
      'controls/controls.yaml',
      'controls/status.json',
      'documents/docs/compliance/dpia.md',
      'documents/docs/compliance/evaluation-pack.md',
      'documents/docs/compliance/incident-register.yaml',
      'documents/docs/compliance/raci.md',
      'documents/docs/compliance/tra.md',
      'documents/docs/model-card.md',
      'documents/docs/system-card.md',
      'documents/policies/release-policy.yaml',
      'incidents/incidents.json',
      'incidents/register/docs/compliance/incident-register.yaml',
      'manifest.json',
      'rca/docs/post-mortems/2026-11-22-address-leak.md',
      'release/events.json',
      'release/record.json',
      'release/windows.json',
      'verdicts/cards.json',
      'verdicts/compliance.json',
      'verdicts/evals.json',
      'verdicts/pii.json',
      'verdicts/policy.json',
      'verdicts/recorded.json',
    ]);
    for (const doc of [
      'docs/system-card.md',
      'docs/model-card.md',
      'docs/compliance/incident-register.yaml',
    ])
      expect(readFileSync(join(pack, 'documents', doc), 'utf8'), doc).toBe(
        `${repo.git('show', `${released}:${doc}`)}\n`,
      );
    expect(readFileSync(join(pack, 'documents/docs/system-card.md'), 'utf8')).not.toContain(
      'Changed after',
    );
    const register = repo.git('show', `${released}:policies/controls.yaml`);
    expect(readFileSync(join(pack, 'controls/controls.yaml'), 'utf8')).toBe(`${register}\n`);
    const ids = (parse(register) as { controls: { id: string }[] }).controls.map((c) => c.id);
    const statuses = JSON.parse(readFileSync(join(pack, 'controls/status.json'), 'utf8'));
    expect(statuses.map((c: { id: string }) => c.id)).toEqual(ids);
    // As the compliance gate judged them on the released commit.
    expect(statuses.map((c: { status: string }) => c.status)).toEqual(ids.map(() => 'covered'));
    expect(statuses[0].detail).toMatch(
      /^CTL-EVAL-01 \(nist-ai-rmf MEASURE 2\.3, .*\) is covered: /,
    );
    // The incident register as it is now, with the post-mortem it links.
    expect(
      readFileSync(join(pack, 'incidents/register/docs/compliance/incident-register.yaml'), 'utf8'),
    ).toContain('INC-2026-051');
    expect(
      readFileSync(join(pack, 'rca/docs/post-mortems/2026-11-22-address-leak.md'), 'utf8'),
    ).toMatch(/Incident issue #\d+/);
  });

  it('holds the release record, the re-run verdicts, and who approved when', () => {
    const record = JSON.parse(readFileSync(join(pack, 'release/record.json'), 'utf8'));
    expect(record).toEqual(tagRecord(repo, 'release/1'));
    expect(record.source.commit).toBe(released);
    const recorded = JSON.parse(readFileSync(join(pack, 'verdicts/recorded.json'), 'utf8'));
    expect(
      recorded.verdicts.map((v: { gate: string; result: string; rerun: string }) => [
        v.gate,
        v.result,
        v.rerun,
      ]),
    ).toEqual([
      ['policy', 'pass', 'pass'],
      ['evals', 'pass', 'pass'],
      ['cards', 'pass', 'pass'],
      ['pii', 'pass', 'pass'],
      ['compliance', 'pass', 'pass'],
      ['rollback-readiness', 'pass', null],
    ]);
    expect(recorded.verdicts.at(-1).not_rerun).toMatch(/^judges the release branch and the ledger/);
    const cards = JSON.parse(readFileSync(join(pack, 'verdicts/cards.json'), 'utf8'));
    expect(cards).toMatchObject({ schemaVersion: 1, commit: released });
    expect(cards.verdicts[0]).toMatchObject({ gate: 'cards', result: 'pass' });
    const approvals = JSON.parse(readFileSync(join(pack, 'approvals.json'), 'utf8'));
    expect(approvals.release).toMatchObject({
      tag: 'release/1',
      actor: 'priya-po',
      at: RELEASED_AT,
    });
    // Every commit of the first release, each with the pull request it came by.
    expect(approvals.commits.map((c: { sha: string }) => c.sha)).toEqual(
      repo.git('rev-list', released).split('\n'),
    );
    expect(approvals.pull_requests).toHaveLength(approvals.commits.length);
    for (const pr of approvals.pull_requests)
      expect(pr.roles).toEqual([
        {
          role: 'product-owner',
          min: 1,
          approvals: [{ login: 'priya-po', commit: pr.head, at: expect.any(String) }],
        },
        {
          role: 'governance-lead',
          min: 1,
          approvals: [{ login: 'gabriel-gov', commit: pr.head, at: expect.any(String) }],
        },
      ]);
    expect(approvals.pull_requests.map((pr: { head: string }) => pr.head)).toContain(released);
    expect(JSON.parse(readFileSync(join(pack, 'release/windows.json'), 'utf8'))).toEqual([
      {
        release: 1,
        tag: 'release/1',
        kind: 'promote',
        from: RELEASED_AT,
        to: null,
        replaced_by: null,
      },
    ]);
  });

  it('keeps only the incidents since the release, personal data masked', () => {
    const text = readFileSync(join(pack, 'incidents/incidents.json'), 'utf8');
    expect(text).not.toContain(LEAK);
    const incidents = JSON.parse(text);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      number: expect.any(Number),
      in_production: 'release/1',
      state: 'open',
    });
    expect(incidents[0].title).toMatch(/^Customer j\*+@g\*+\.com saw another address$/);
    expect(incidents[0].body).toContain('Reported by the support team.');
    expect(incidents[0].comments[0]).toMatchObject({
      author: 'rosa-risk',
      body: expect.stringMatching(/^Called j\*+@/),
    });
    for (const file of filesIn(pack))
      expect(readFileSync(join(pack, file), 'utf8'), file).not.toContain(LEAK);
    // A copied repository file with personal data is masked too, and says so.
    expect(
      readFileSync(join(pack, 'rca/docs/post-mortems/2026-11-22-address-leak.md'), 'utf8'),
    ).toMatch(/The customer, j\*+@g\*+\.com, was called back\./);
    expect(run.item('masked/rca/docs/post-mortems/2026-11-22-address-leak.md')).toMatchObject({
      status: 'warn',
      message:
        'rca/docs/post-mortems/2026-11-22-address-leak.md: 1 value of personal data (EMAIL) masked in the pack, so it differs from the file in git',
    });
  });

  it('copies no root-cause analysis from outside the repository', () => {
    expect(run.item('rca/INC-2026-052')).toMatchObject({ status: 'warn', rule: 'rca' });
    expect(filesIn(pack).filter((f) => f.includes('outside'))).toEqual([]);
  });

  it('re-checks against its manifest: sha256sum -c, the archive, and --verify', async () => {
    expect(
      execFileSync('sha256sum', ['-c', '--strict', 'MANIFEST.sha256'], {
        cwd: pack,
        encoding: 'utf8',
      }),
    ).toMatch(/manifest\.json: OK/);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      schema: 'release-gates/audit-pack/v1',
      release: 1,
      tag: 'release/1',
      source_commit: released,
    });
    expect(manifest.files).toHaveLength(filesIn(pack).length - 2);
    expect(run.verdict.data).toMatchObject({
      manifest_sha256: execFileSync('sha256sum', [join(pack, 'MANIFEST.sha256')], {
        encoding: 'utf8',
      }).slice(0, 64),
    });

    // The archive holds the same files, byte for byte, as tar extracts them.
    const extracted = tempDir('rg-audit-x-');
    execFileSync('tar', ['-xzf', archive, '-C', extracted]);
    expect(filesIn(extracted)).toEqual(filesIn(pack));
    for (const f of filesIn(pack))
      expect(readFileSync(join(extracted, f)).equals(readFileSync(join(pack, f))), f).toBe(true);

    const ok = await auditPack(['--verify', extracted]);
    expect(ok.code, JSON.stringify(ok.verdict.items)).toBe(0);
    expect(ok.item('manifest').message).toMatch(/^all 25 files of .* match MANIFEST\.sha256/);
  });

  it('fails verification when one byte is altered, a file removed or one added', async () => {
    const copy = tempDir('rg-audit-c-');
    execFileSync('tar', ['-xzf', archive, '-C', copy]);
    const verdict = join(copy, 'verdicts/pii.json');
    const bytes = readFileSync(verdict);
    bytes[bytes.indexOf('pass')] = 'P'.charCodeAt(0);
    writeFileSync(verdict, bytes);
    const altered = await auditPack(['--verify', copy]);
    expect(altered.code).toBe(1);
    expect(altered.ids()).toEqual({ 'file/verdicts/pii.json': 'fail' });
    expect(altered.item('file/verdicts/pii.json').message).toMatch(
      /^verdicts\/pii\.json was altered/,
    );
    expect(() =>
      execFileSync('sha256sum', ['-c', '--quiet', 'MANIFEST.sha256'], { cwd: copy, stdio: 'pipe' }),
    ).toThrow();

    rmSync(join(copy, 'approvals.json'));
    mkdirSync(join(copy, 'extra'));
    writeFileSync(join(copy, 'extra/note.txt'), 'added later\n');
    const changed = await auditPack(['--verify', copy]);
    expect(changed.code).toBe(1);
    expect(changed.ids()).toEqual({
      'file/verdicts/pii.json': 'fail',
      'file/approvals.json': 'fail',
      'file/extra/note.txt': 'fail',
    });
  });

  it('as the bundled action in the promote workflow: the same pack, byte for byte, in the workspace', async () => {
    const action = await runBundledAction('audit-pack', {
      workspace: repo.dir,
      eventName: 'workflow_dispatch',
      inputs: { token: 'repo-token', release: '1', dir: 'audit-pack/release-1' },
      env: {
        RELEASE_GATES_NOW: '2026-11-23T09:00:00Z',
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: repo.name,
        GITHUB_RUN_ID: '4242',
        GITHUB_SERVER_URL: 'https://github.com',
      },
    });
    expect(action.code, action.stdout).toBe(0);
    expect(action.outputs).toMatchObject({
      result: 'warn', // the masked post-mortem and the link outside the repository
      release: '1',
      tag: 'release/1',
      files: '26',
      manifest_sha256: (run.verdict.data as { manifest_sha256: string }).manifest_sha256,
    });
    expect(action.summary).toContain(action.outputs.manifest_sha256);
    const written = join(repo.dir, 'audit-pack/release-1');
    expect(filesIn(written)).toEqual(filesIn(pack));
  });

  it('refuses a release that does not exist, and writes nothing', async () => {
    const dir = join(tempDir('rg-audit-n-'), 'pack');
    const missing = await auditPack(['--release', '7', '--dir', dir]);
    expect(missing.code).toBe(2);
    expect(missing.item('release').message).toBe(
      'release 7 does not exist: the releases are 1 to 1',
    );
    expect(() => statSync(dir)).toThrow();
  });
});
