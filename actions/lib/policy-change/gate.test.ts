import { describe, expect, it } from 'vitest';
import { copyRepo, createRepo, type TestRepo } from '../../../test/support/git.js';
import { FakeGitHub } from '../../../test/support/github-server.js';
import { record } from '../../../test/support/releases.js';
import { createPorts } from '../../runtime/ports/index.js';
import { runGate } from '../gate.js';
import { GATES } from '../gates.js';
import { parsePolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import type { Verdict } from '../verdict/model.js';

const NOW = '2026-11-21T12:00:00Z';
const FILE = 'policies/release-policy.yaml';
const POLICY = `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: chatbot, owner: governance-lead }
roles:
  product-owner: { users: [priya-po] }
  governance-lead: { users: [gabriel-gov, gina-gov] }
gates:
  policy: {}
  signoff:
    required: [{ role: product-owner }, { role: governance-lead }]
  policy-change: {}
  rollback-readiness:
    freeze: fail
`;

const gh = await FakeGitHub.start({ token: { login: 'github-actions[bot]' } });

/** The base of every pull request: POLICY, a workflow, and promotions frozen. */
const BASE = createRepo({
  files: { [FILE]: POLICY, '.github/workflows/release-gates.yml': 'on: pull_request\n' },
});
await record(
  BASE.dir,
  { event: 'freeze', reason: 'investigating harmful answers' },
  'oscar-oncall',
);

/** A pull request on its own copy of a base: the checkout holds the pull request's files. */
function pullRequest(
  files: Record<string, string | null>,
  author = 'mei-ml',
  from: { repo: TestRepo; policy: string } = { repo: BASE, policy: POLICY },
) {
  const repo = copyRepo(from.repo);
  const base = repo.head();
  repo.git('checkout', '-q', '-b', 'change');
  const head = repo.commit(files, 'the change');
  const number = gh.addPull('acme/chatbot', {
    author,
    base: { ref: 'main', sha: base },
    head: { sha: head },
  });
  const approve = (user: string) =>
    gh.addReview('acme/chatbot', number, { user, state: 'APPROVED', commit: head });
  const judge = async (
    options: { fromWorkingTree?: boolean; token?: boolean; headFile?: string; at?: string } = {},
  ): Promise<Verdict> => {
    const parsed = parsePolicy(
      Buffer.from(from.policy),
      FILE,
      options.fromWorkingTree ? undefined : (options.at ?? base),
    );
    // What check.ts passes when the pull request's workflow names another policy.
    const loaded = options.headFile ? { ...parsed, headFile: options.headFile } : parsed;
    const ports = createPorts(
      repo.dir,
      { RELEASE_GATES_NOW: NOW },
      options.token === false
        ? undefined
        : {
            token: 'token',
            baseUrl: gh.url,
            names: { token: 'the `token` input', membershipToken: 'the `membership-token` input' },
            backoffUnitMs: 1,
          },
    );
    const run = {
      commit: head,
      event: 'pull_request',
      repository: { owner: 'acme', repo: 'chatbot' },
      pullRequest: {
        number,
        author,
        base: { ref: 'main', sha: base },
        head: { ref: 'change', sha: head },
      },
    };
    return runGate(
      GATES['policy-change']!,
      loaded,
      ports,
      run,
      checkWaivers(loaded, new Date(NOW)),
    );
  };
  return { repo, approve, judge };
}

const item = (v: Verdict, id: string) => v.items.find((i) => i.id === id);

describe('the policy-change gate', () => {
  it('shows the weakening, the verdict it flips, and requires the governance lead’s approval', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(v.summary).toBe(
      '1 policy change (1 weakening, 0 strengthening); 1 verdict would flip; governance-lead approval missing',
    );
    expect(item(v, 'change/gates.rollback-readiness.freeze')).toMatchObject({
      status: 'warn',
      message:
        'gates.rollback-readiness.freeze: "fail" → "warn": weakening, freeze outcome relaxed',
      location: { file: FILE, line: 13, column: 13 },
    });
    expect(item(v, 'flip/rollback-readiness')).toMatchObject({
      status: 'warn',
      message:
        "rollback-readiness would be warn under this pull request's policy, fail under the base policy: a weakening in effect",
    });
    expect(item(v, 'approval/governance-lead')).toMatchObject({
      status: 'fail',
      message:
        'governance-lead approval of the policy weakening: 0 of 1 approval; still needed from gabriel-gov, gina-gov',
    });
    expect(v.inputs).toContainEqual({ file: FILE, sha256: expect.any(String) });

    pr.approve('gabriel-gov');
    const approved = await pr.judge();
    expect(approved.result).toBe('warn');
    expect(item(approved, 'approval/governance-lead')?.status).toBe('pass');
  });

  it('never lets the governance lead approve their own weakening', async () => {
    const pr = pullRequest(
      { [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') },
      'gabriel-gov',
    );
    pr.approve('gabriel-gov');
    expect((await pr.judge()).result).toBe('fail');
    pr.approve('gina-gov');
    expect((await pr.judge()).result).toBe('warn');
  });

  it('passes a strengthening without asking anyone', async () => {
    const pr = pullRequest({
      [FILE]: POLICY.replace('{ role: product-owner }', '{ role: product-owner, min: 1 }').replace(
        'policy: {}',
        'policy: { waiver_warning_days: 30 }',
      ),
    });
    const before = gh.requests.length;
    const v = await pr.judge();
    expect(v.result).toBe('pass');
    expect(item(v, 'change/gates.policy.waiver_warning_days')).toMatchObject({
      status: 'info',
      rule: 'strengthening',
    });
    expect(item(v, 'approval')?.message).toBe(
      'no weakening: the policy changes need no extra approval',
    );
    // Re-running the policy gate reads the branch rules; nothing else is asked.
    expect(gh.requests.slice(before).filter((r) => !r.path.includes('/rules/branches/'))).toEqual(
      [],
    );
  });

  it('passes a pull request that does not touch the policy', async () => {
    const pr = pullRequest({ 'chatbot/prompts/system.md': 'Be helpful.\n' });
    const v = await pr.judge({ token: false });
    expect(v.result).toBe('pass');
    expect(v.items).toEqual([
      expect.objectContaining({
        id: 'approval',
        message: `${FILE} is unchanged and no protected path changed`,
      }),
    ]);
  });

  it('treats a workflow change like a weakening: it can skip gates', async () => {
    const pr = pullRequest({
      '.github/workflows/release-gates.yml': 'on: push\n',
      'policies/examples/other.yaml': 'x: 1\n',
    });
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(item(v, 'protected/.github/workflows/release-gates.yml')).toMatchObject({
      status: 'warn',
      location: { file: '.github/workflows/release-gates.yml' },
    });
    expect(item(v, 'protected/policies/examples/other.yaml')).toMatchObject({
      status: 'warn',
      message:
        'policies/examples/other.yaml changed: it is a policy file, which a workflow can make the judge, so it needs the same approval as a weakening',
    });
    expect(item(v, 'approval/governance-lead')?.message).toMatch(
      /^governance-lead approval of the protected-path change: 0 of 1/,
    );
  });

  it('treats a workflow moved out of .github/workflows as a change of the protected workflow', async () => {
    const pr = pullRequest({
      '.github/workflows/release-gates.yml': null,
      '.github/disabled/release-gates.yml': 'on: pull_request\n',
    });
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(item(v, 'protected/.github/workflows/release-gates.yml')?.status).toBe('warn');
    expect(item(v, 'protected/.github/disabled/release-gates.yml')?.status).toBe('warn');
  });

  it.each(['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS'])(
    'protects %s, wherever GitHub reads it',
    async (codeowners) => {
      const v = await pullRequest({ [codeowners]: '* @mallory\n' }).judge();
      expect(item(v, `protected/${codeowners}`)?.status).toBe('warn');
      expect(item(v, 'approval/governance-lead')?.status).toBe('fail');
    },
  );

  it('protects what the base policy names as evidence and baselines, unless it says otherwise', async () => {
    const named = POLICY.replace(
      'gates:\n',
      `gates:
  evals:
    results: [{ path: evals/results/quality.jsonl }]
    baseline: { path: evals/baseline }
    objectives: [{ id: quality, metric: pass_rate, pass: ">= 0.8" }]
  pii:
    paths: [evals/golden/**]
    baseline: evals/pii-baseline.json
    allowlist: { files: [evals/golden/synthetic/**] }
  compliance:
    documents:
      - { id: dpia, path: docs/compliance/dpia.md, approver_role: governance-lead, covers_model: false }
  cards:
    cards: [{ path: docs/model-card.md, kind: model }]
`,
    );
    const repo = createRepo({ files: { [FILE]: named } });
    const edits = {
      'evals/baseline/quality.jsonl': '{}\n',
      'evals/pii-baseline.json': '{}\n',
      'evals/golden/synthetic/people.jsonl': '{}\n',
      'docs/compliance/dpia.md': 'approved\n',
      'docs/model-card.md': '# Card\n',
      'evals/results/quality.jsonl': '{}\n',
    };
    const v = await pullRequest(edits, 'mei-ml', { repo, policy: named }).judge();
    expect(v.items.filter((i) => i.rule === 'protected-path').map((i) => i.message)).toEqual([
      'docs/compliance/dpia.md changed: it is evidence the compliance gate judges, so it needs the same approval as a weakening',
      'docs/model-card.md changed: it is a card the cards gate judges, so it needs the same approval as a weakening',
      'evals/baseline/quality.jsonl changed: it is the eval baseline the policy names, so it needs the same approval as a weakening',
      'evals/golden/synthetic/people.jsonl changed: the PII scan skips it (gates.pii.allowlist.files), so it needs the same approval as a weakening',
      'evals/pii-baseline.json changed: it is the PII baseline of accepted findings, so it needs the same approval as a weakening',
    ]);
    expect(item(v, 'approval/governance-lead')?.status).toBe('fail');

    const off = named.replace('policy-change: {}', 'policy-change: { protect_named_files: false }');
    const offRepo = createRepo({ files: { [FILE]: off } });
    const relaxed = await pullRequest(edits, 'mei-ml', { repo: offRepo, policy: off }).judge({
      token: false,
    });
    expect(relaxed.items.filter((i) => i.rule === 'protected-path')).toEqual([]);
  });

  it('judges a switch to another policy file by the base policy, with its owner’s approval', async () => {
    // Step 1, merged earlier: a second policy file, looser, on the base branch.
    const repo = copyRepo(BASE);
    const loose = POLICY.replace('freeze: fail', 'freeze: warn');
    repo.commit({ 'policies/loose.yaml': loose }, 'a second policy');
    // Step 2: the pull request's workflow names it.
    const pr = pullRequest(
      { '.github/workflows/release-gates.yml': 'on: pull_request # policy: policies/loose.yaml\n' },
      'mei-ml',
      { repo, policy: POLICY },
    );
    const v = await pr.judge({ headFile: 'policies/loose.yaml' });
    expect(v.result).toBe('fail');
    expect(item(v, 'policy-path')).toMatchObject({
      status: 'warn',
      message: `the pull request's workflow names policies/loose.yaml as the policy, the base's workflow names ${FILE}: every gate of this pull request is judged by ${FILE}, and the switch needs the same approval as a weakening`,
    });
    // What the switch does, compared with the base policy.
    expect(item(v, 'change/gates.rollback-readiness.freeze')?.rule).toBe('weakening');
    expect(item(v, 'approval/governance-lead')?.message).toMatch(
      /^governance-lead approval of the policy weakening and the policy path change and the protected-path change: 0 of 1/,
    );
    pr.approve('gina-gov');
    expect((await pr.judge({ headFile: 'policies/loose.yaml' })).result).toBe('warn');
  });

  it('takes the approver role and its holders from the base policy, never the pull request’s', async () => {
    const pr = pullRequest({
      [FILE]: POLICY.replace('freeze: fail', 'freeze: warn')
        .replace('owner: governance-lead', 'owner: product-owner')
        .replace('users: [gabriel-gov, gina-gov]', 'users: [gabriel-gov, gina-gov, mallory]')
        .replace('policy-change: {}', 'policy-change: { approver_role: product-owner }'),
    });
    pr.approve('mallory');
    pr.approve('priya-po');
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(item(v, 'approval/governance-lead')?.message).toMatch(
      /^governance-lead approval of the policy weakening: 0 of 1 approval; still needed from gabriel-gov, gina-gov/,
    );
    expect(item(v, 'change/metadata.owner')?.rule).toBe('weakening');
    expect(item(v, 'change/gates.policy-change.approver_role')?.rule).toBe('weakening');
  });

  it('requires approval to delete the policy', async () => {
    const pr = pullRequest({ [FILE]: null });
    const v = await pr.judge();
    expect(item(v, 'policy-removed')?.status).toBe('warn');
    expect(item(v, 'approval/governance-lead')?.status).toBe('fail');
  });

  it('errors on an invalid policy in the pull request, at its line', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: sometimes') });
    const v = await pr.judge();
    expect(v.result).toBe('error');
    expect(v.items[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /^the pull request's policy is not valid, so its changes cannot be judged: gates\.rollback-readiness\.freeze must be one of warn, fail/,
      ),
      location: { file: FILE, line: 13 },
    });
  });

  it('errors when the policy was read from the pull request itself', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    const v = await pr.judge({ fromWorkingTree: true });
    expect(v.result).toBe('error');
    expect(v.items[0]!.message).toMatch(/would be judged by the policy it changes/);
  });

  it('errors when the policy was read at another commit than the base', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    const v = await pr.judge({ at: 'HEAD' });
    expect(v.result).toBe('error');
    expect(v.items[0]!.message).toMatch(
      /^policies\/release-policy\.yaml was read at HEAD, not at the pull request's base commit [0-9a-f]{12}: the pull request's workflow could choose the policy that judges it$/,
    );
  });

  it('errors, never passes, when approvals cannot be read', async () => {
    const pr = pullRequest({ [FILE]: POLICY.replace('freeze: fail', 'freeze: warn') });
    gh.fail({ path: /\/reviews$/, status: 403, message: 'Resource not accessible by integration' });
    const v = await pr.judge();
    expect(v.result).toBe('error');
    expect(v.items.find((i) => i.status === 'error')?.message).toMatch(
      /could not read the reviews .* the token may not do this \(403/,
    );
    expect(
      (await pr.judge({ token: false })).items.find((i) => i.status === 'error')?.message,
    ).toMatch(/no token was given/);
  });
});

describe('the policy-change gate on the controls register', () => {
  const REGISTER_POLICY = `${POLICY}  compliance:
    documents:
      - { id: dpia, path: docs/dpia.md, approver_role: governance-lead, covers_model: false }
    controls: { required_frameworks: [nist-ai-rmf] }
`;
  const REGISTER = `apiVersion: release-gates/v1
kind: ControlsRegister
frameworks:
  - { id: nist-ai-rmf, version: '1.0', title: NIST AI RMF }
  - { id: eu-ai-act, version: '2024/1689', title: EU AI Act }
controls:
  - id: CTL-PII-01
    description: No personal data in golden outputs.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: MEASURE 2.10 }
      - { framework: eu-ai-act, id: Art. 10 }
    evidence: { documents: [docs/dpia.md] }
  - id: CTL-GOV-01
    description: Roles are written down.
    owner_role: governance-lead
    requirements:
      - { framework: nist-ai-rmf, id: GOVERN 2.1 }
    evidence: { documents: [docs/dpia.md] }
`;
  const REGISTER_FILE = 'policies/controls.yaml';
  const base = createRepo({
    files: {
      [FILE]: REGISTER_POLICY,
      [REGISTER_FILE]: REGISTER,
      'docs/dpia.md': '---\nstatus: approved\n---\n',
    },
  });
  const from = { repo: base, policy: REGISTER_POLICY };

  it('needs the owner’s approval for a removed mapping or control, located in the head register', async () => {
    const weaker = REGISTER.replace('      - { framework: eu-ai-act, id: Art. 10 }\n', '').replace(
      / {2}- id: CTL-GOV-01[\s\S]*$/,
      '',
    );
    const pr = pullRequest({ [REGISTER_FILE]: weaker }, 'mei-ml', from);
    const v = await pr.judge();
    expect(v.result).toBe('fail');
    expect(
      v.items.filter((i) => i.id.startsWith('register/')).map((i) => [i.id, i.status, i.message]),
    ).toEqual([
      [
        'register/controls[CTL-PII-01].requirements[eu-ai-act Art. 10]',
        'warn',
        'policies/controls.yaml: controls[CTL-PII-01].requirements[eu-ai-act Art. 10]: weakening, requirement no longer mapped',
      ],
      [
        'register/controls[CTL-GOV-01]',
        'warn',
        'policies/controls.yaml: controls[CTL-GOV-01]: weakening, control removed from the register',
      ],
    ]);
    expect(
      item(v, 'register/controls[CTL-PII-01].requirements[eu-ai-act Art. 10]')?.location,
    ).toMatchObject({ file: REGISTER_FILE, line: 11, column: 7 });
    // Compared entry by entry, not flagged again as a protected policy file.
    expect(item(v, `protected/${REGISTER_FILE}`)).toBeUndefined();
    expect(item(v, 'approval/governance-lead')?.status).toBe('fail');
    pr.approve('gabriel-gov');
    expect((await pr.judge()).result).toBe('warn');
  });

  it('passes a new framework version and a new control without asking anyone', async () => {
    const stricter = REGISTER.replace("version: '1.0'", "version: '1.1'").concat(
      `  - id: CTL-MON-01
    description: Production is monitored.
    owner_role: governance-lead
    requirements: [{ framework: nist-ai-rmf, id: MANAGE 4.1 }]
    evidence: { documents: [docs/dpia.md] }
`,
    );
    const v = await pullRequest({ [REGISTER_FILE]: stricter }, 'mei-ml', from).judge();
    expect(v.result).toBe('pass');
    expect(
      v.items.filter((i) => i.id.startsWith('register/')).map((i) => [i.id, i.status, i.rule]),
    ).toEqual([
      ['register/frameworks[nist-ai-rmf].version', 'info', 'strengthening'],
      ['register/controls[CTL-MON-01]', 'info', 'strengthening'],
    ]);
  });

  it('counts a deleted or invalid register as a weakening', async () => {
    for (const [files, id] of [
      [{ [REGISTER_FILE]: null }, 'register/removed'],
      [{ [REGISTER_FILE]: REGISTER.replace('owner_role:', 'owner:') }, 'register/invalid'],
    ] as const) {
      const v = await pullRequest(files, 'mei-ml', from).judge();
      expect(v.result).toBe('fail');
      expect(item(v, id)).toMatchObject({ status: 'warn', rule: 'weakening' });
    }
  });
});
