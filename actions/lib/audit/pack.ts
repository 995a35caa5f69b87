/**
 * The audit pack of a release: what release N was shipped on, gathered from git objects and
 * the GitHub API (never the working tree), with personal data masked, and a manifest of sha256
 * sums. docs/releasing.md#the-audit-pack describes its files.
 */
import { isUtf8 } from 'node:buffer';
import { parse } from 'yaml';
import { runGates } from '../commands/check.js';
import { loadPolicy } from '../commands/policy-source.js';
import { UserError } from '../errors.js';
import { errorItems, problemItem } from '../gate.js';
import { implementedGates } from '../gates.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { GateName } from '../policy/semantics.js';
import { maskText, policyPiiCheck, type PiiCheck } from '../pii/redact.js';
import type { GitHubPort, GitPort, Issue, Ports, Repo, RunInfo } from '../ports.js';
import { portsAt } from '../release/at-commit.js';
import { contentOrigin } from '../release/operation.js';
import type { LedgerEvent } from '../release/records.js';
import { readReleaseState, type Release, type ReleaseState } from '../release/state.js';
import { readSignoffs } from '../signoff/signoffs.js';
import type { Item, Verdict } from '../verdict/model.js';
import { renderJson } from '../verdict/render/json.js';
import { TOOL, makeReport } from '../verdict/report.js';
import { registerPath } from '../controls/register.js';
import { statusesForPack } from './controls.js';
import { withManifest } from './manifest.js';
import type { ArchiveEntry } from './tar.js';
import { plural, shortSha } from '../words.js';

interface PackInput {
  /** The policy in force (at the head of the source branch): where releases live, masking. */
  inForce: LoadedPolicy;
  /** The head of the source branch on the remote, where the incident register is read. */
  sourceHead: string;
  ports: Ports;
  run: RunInfo;
  release: number;
}

interface AuditPack {
  /** Empty when an error kept the pack from being complete: nothing is written then. */
  files: ArchiveEntry[];
  items: Item[];
  /** sha256 of MANIFEST.sha256: keep it apart from the pack to prove the manifest itself. */
  manifestSha256: string | null;
  release: Release | null;
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
const info = (id: string, message: string, observed?: Item['observed']): Item => ({
  id,
  status: 'info',
  message,
  ...(observed !== undefined ? { observed } : {}),
  rule: 'audit-pack',
});

/**
 * The git port as it was when a release was promoted: the release branch resolves to where
 * it was before the move, so the evals gate compares with the baseline promotion compared with.
 */
function branchAsBefore(git: GitPort, branch: string, before: string | null): GitPort {
  return new Proxy(git, {
    get(target, prop) {
      if (prop === 'resolveBranch')
        return (name: string) =>
          name === branch ? Promise.resolve(before) : target.resolveBranch(name);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

/** The policy that judged the release: the one its record names, checked against its sha256. */
async function judgingPolicy(ports: Ports, origin: Release): Promise<LoadedPolicy> {
  const { policy, source } = origin.record;
  const file = policy?.file;
  const loaded = await loadPolicy(
    { policy: file, 'policy-ref': policy?.ref ?? source.commit },
    ports,
  );
  if (policy && loaded.ref.sha256 !== policy.sha256) {
    throw new UserError({
      message: `${policy.file} at ${policy.ref ?? shortSha(source.commit)} has sha256 ${loaded.ref.sha256}, but ${origin.record.tag} was judged by ${policy.sha256}`,
      hint: 'the records and the history disagree: compare the release tag with the ledger branch before trusting either',
      location: { file: policy.file },
    });
  }
  return loaded;
}

/**
 * Gates whose inputs are not in the commit, and what they judge instead: a re-run would judge
 * today's records or a pull request, so the pack keeps the verdict the promotion recorded.
 */
const NOT_AT_COMMIT = new Map<string, string>([
  ['rollback-readiness', 'the release branch and the ledger as they were at the promotion'],
  ['signoff', 'a pull request (approvals.json lists the sign-offs)'],
  ['policy-change', 'a pull request'],
]);

/**
 * The gates re-run on the released commit as promotion ran them: the recorded gates, the
 * recorded policy, the clock at the promotion and the release branch where it was then.
 */
async function rerunGates(
  input: PackInput,
  origin: Release,
  judged: LoadedPolicy,
): Promise<{ verdicts: Verdict[]; items: Item[] }> {
  const { record } = origin;
  const available = implementedGates();
  const recorded = record.gates?.verdicts ?? [];
  const names = recorded
    .map((v) => v.gate)
    .filter((g): g is GateName => (available as string[]).includes(g) && !NOT_AT_COMMIT.has(g));
  const then: Ports = {
    ...input.ports,
    clock: { now: () => new Date(record.at) },
    git: branchAsBefore(input.ports.git, judged.policy.promotion.branch, record.stable.previous),
  };
  const { pullRequest: _none, ...run } = input.run;
  const verdicts = await runGates(judged, names, portsAt(then, record.source.commit), {
    ...run,
    commit: record.source.commit,
  });
  const items = recorded.map((r): Item => {
    const why = NOT_AT_COMMIT.get(r.gate);
    if (why)
      return info(
        `gate/${r.gate}`,
        `${r.gate}: recorded ${r.result} at the promotion (${r.summary ?? 'no summary'}); not re-run: it judges ${why}, which the commit does not hold`,
        r.result,
      );
    const again = verdicts.find((v) => v.gate === r.gate);
    const same = again?.result === r.result;
    return {
      id: `gate/${r.gate}`,
      status: same ? 'pass' : 'warn',
      message: again
        ? same
          ? `${r.gate}: re-run on ${shortSha(record.source.commit)} gives ${again.result}, as recorded at the promotion`
          : `${r.gate}: re-run on ${shortSha(record.source.commit)} gives ${again.result}, but the promotion recorded ${r.result} (${r.summary ?? 'no summary'}): an input the gate reads lies outside the commit`
        : `${r.gate}: recorded ${r.result} at the promotion, but this version of release-gates has no such gate to re-run`,
      observed: again?.result ?? null,
      expected: r.result,
      ...(same
        ? {}
        : { hint: 'docs/releasing.md#the-audit-pack says which inputs a re-run cannot pin' }),
      rule: 'verdicts',
    };
  });
  return { verdicts, items };
}

interface PullApproval {
  number: number;
  title: string;
  url: string;
  author: string;
  merged_into: string;
  head: string;
  roles: {
    role: string;
    min: number;
    approvals: { login: string; commit: string | null; at: string | null }[];
  }[];
  changes_requested: { login: string; at: string | null }[];
}

/** The pull requests the release's commits arrived by, and who approved each, when. */
async function approvals(
  git: GitPort,
  api: { github: GitHubPort; repo: Repo },
  state: ReleaseState,
  origin: Release,
  judged: LoadedPolicy,
  mask: (text: string) => string,
) {
  const { github, repo } = api;
  const { policy } = judged;
  // The commits the promotion brought, as it counted them: none an earlier promotion brought.
  const earlier = state.releases
    .slice(0, origin.number - 1)
    .filter((r) => r.record.kind === 'promote')
    .map((r) => r.record.source.commit);
  const since = policy.promotion.reviewed_since;
  const commits = await git.commitsSince(origin.record.source.commit, [
    ...earlier,
    ...(since ? [since] : []),
  ]);
  const config = policy.gates.signoff;
  const rules = {
    required: config?.required ?? [],
    dismissStale: true,
    bots: config?.bots ?? [],
    distinct: config?.distinct_approvers ?? true,
  };
  const pulls = new Map<number, PullApproval>();
  const byCommit: { sha: string; pull_requests: number[] }[] = [];
  for (const sha of commits) {
    const merged = (await github.pullRequestsOfCommit(repo, sha)).filter(
      (p) => p.merged && p.base.ref === policy.promotion.source,
    );
    for (const pr of merged) {
      if (pulls.has(pr.number)) continue;
      const { result } = await readSignoffs(github, repo, pr.number, policy, rules);
      pulls.set(pr.number, {
        number: pr.number,
        title: mask(pr.title),
        url: pr.url,
        author: pr.author.login,
        merged_into: pr.base.ref,
        head: pr.head.sha,
        roles: result.roles.map((r) => ({
          role: r.role,
          min: r.min,
          approvals: r.counted.map((a) => ({ login: a.login, commit: a.commit, at: a.at })),
        })),
        changes_requested: result.blockers.map((b) => ({ login: b.login, at: b.at })),
      });
    }
    byCommit.push({ sha, pull_requests: merged.map((p) => p.number) });
  }
  return {
    commits: byCommit,
    pull_requests: [...pulls.values()].sort((a, b) => a.number - b.number),
  };
}
/** The stretches of time the release's content ran in production: it, and rollbacks to it. */
function windows(state: ReleaseState, origin: Release) {
  return state.releases
    .map((r, i) => ({ r, next: state.releases[i + 1] }))
    .filter(({ r }) => contentOrigin(state, r) === origin)
    .map(({ r, next }) => ({
      release: r.number,
      tag: r.record.tag,
      kind: r.record.kind,
      from: r.record.at,
      to: next?.record.at ?? null,
      replaced_by: next?.record.tag ?? null,
    }));
}

/** Ledger events about the release or the content it carries. */
function eventsOf(state: ReleaseState, numbers: ReadonlySet<number>): LedgerEvent[] {
  return state.events.filter((e) =>
    'record' in e
      ? numbers.has(e.record.release) || numbers.has(e.record.rollback_to ?? 0)
      : 'release' in e
        ? numbers.has(e.release)
        : false,
  );
}

/** Incident issues opened since the release, with their comments, personal data masked. */
async function incidents(
  github: GitHubPort,
  repo: Repo,
  label: string,
  since: Date,
  state: ReleaseState,
  mask: (text: string) => string,
) {
  const issues: Issue[] = (
    await github.issues(repo, { labels: [label], state: 'all', since })
  ).filter((i) => Date.parse(i.createdAt) >= since.getTime());
  const inProduction = (at: string) =>
    [...state.releases].reverse().find((r) => Date.parse(r.record.at) <= Date.parse(at))?.record
      .tag ?? null;
  const out = [];
  for (const i of [...issues].sort((a, b) => a.number - b.number)) {
    const comments = await github.issueComments(repo, i.number);
    out.push({
      number: i.number,
      title: mask(i.title),
      state: i.state,
      labels: i.labels,
      url: i.url,
      created_at: i.createdAt,
      author: i.author,
      in_production: inProduction(i.createdAt),
      body: mask(i.body),
      comments: comments.map((c) => ({ author: c.author, body: mask(c.body) })),
    });
  }
  return out;
}

interface RegisterEntry {
  id?: unknown;
  opened?: unknown;
  issue?: unknown;
  rca?: unknown;
}

/**
 * The root-cause analyses the incident register links (`rca:` of an entry), for incidents
 * opened on or after the release day or whose `issue:` is one of the pack's incidents. The
 * register is every evidence document holding an `incidents:` list, at the source head.
 */
async function rootCauses(
  git: GitPort,
  inForce: LoadedPolicy,
  sourceHead: string,
  day: string,
  issues: ReadonlySet<number>,
): Promise<{ files: ArchiveEntry[]; items: Item[] }> {
  const files: ArchiveEntry[] = [];
  const items: Item[] = [];
  for (const doc of inForce.policy.gates.compliance?.documents ?? []) {
    if (!/\.ya?ml$/.test(doc.path)) continue;
    const bytes = await git.show(sourceHead, doc.path);
    if (!bytes) continue;
    let entries: unknown;
    try {
      entries = (parse(new TextDecoder().decode(bytes)) as { incidents?: unknown } | null)
        ?.incidents;
    } catch {
      continue; // the compliance gate reports a register it cannot read
    }
    if (!Array.isArray(entries)) continue;
    files.push({ path: `incidents/register/${doc.path}`, bytes });
    for (const e of entries as RegisterEntry[]) {
      if (typeof e?.rca !== 'string') continue;
      const opened = e.opened instanceof Date ? e.opened.toISOString() : String(e.opened ?? '');
      const linked = typeof e.issue === 'number' && issues.has(e.issue);
      if (!linked && opened.slice(0, 10) < day) continue;
      // A path inside the repository only: the pack's file is written under `rca/`.
      const inRepo = !e.rca.startsWith('/') && !e.rca.split(/[\\/]/).includes('..');
      const rca = inRepo ? await git.show(sourceHead, e.rca) : null;
      if (rca) files.push({ path: `rca/${e.rca}`, bytes: rca });
      items.push(
        rca
          ? info(`rca/${String(e.id)}`, `root-cause analysis of ${String(e.id)}: ${e.rca}`, e.rca)
          : {
              id: `rca/${String(e.id)}`,
              status: 'warn',
              message: `${doc.path} links ${String(e.id)} to ${e.rca}, which does not exist at the head of ${inForce.policy.promotion.source}`,
              hint: 'merge the post-mortem (docs/post-mortem-template.md) at the path the register names',
              location: { file: doc.path },
              rule: 'rca',
            },
      );
    }
  }
  return { files, items };
}

/**
 * Masks personal data in the repository files the pack copies (a post-mortem quoting a
 * customer, a card with a contact address), as every report masks it: such a file no longer
 * matches its git blob, and a warning says which and how many values.
 */
function maskCopies(copies: ArchiveEntry[], check: PiiCheck): Item[] {
  const items: Item[] = [];
  for (const file of copies) {
    if (file.bytes.includes(0) || !isUtf8(file.bytes)) continue;
    const text = Buffer.from(file.bytes).toString('utf8');
    const findings = check(text);
    if (findings.length === 0) continue;
    file.bytes = encoder.encode(maskText(text, findings));
    const types = [...new Set(findings.map((f) => f.type))].sort().join(', ');
    items.push({
      id: `masked/${file.path}`,
      status: 'warn',
      message: `${file.path}: ${plural(findings.length, 'value')} of personal data (${types}) masked in the pack, so it differs from the file in git`,
      hint: 'remove the personal data from the file in the repository; the pack masks it either way',
      rule: 'pii',
    });
  }
  return items;
}

const README = (tag: string, commit: string) => `# Audit pack of ${tag}

What ${tag} (commit ${commit}) was shipped on, written by release-gates audit-pack.
Check that nothing was altered, added or removed:

    sha256sum -c MANIFEST.sha256            # every listed file
    release-gates audit-pack --verify .     # also files added since

| file | what |
| --- | --- |
| release/record.json | the release record (the annotated tag's JSON) |
| release/content.json | for a rollback: the record of the promotion whose content it carries |
| release/events.json | the ledger events of the release: promotion, rollbacks, rejection |
| release/windows.json | when its content ran in production |
| verdicts/<gate>.json | each gate re-run on the commit, as promotion ran it (verdict JSON) |
| verdicts/recorded.json | the verdicts the promotion recorded, and whether each re-run agrees |
| approvals.json | the pull requests the release's commits arrived by; who approved, when |
| documents/... | the policy, cards and evidence documents as they are in the commit |
| controls/... | the controls register at the commit and each control's status |
| incidents/incidents.json | incident issues opened since the release (personal data masked) |
| incidents/register/... | the incident register as it is now |
| rca/... | the root-cause analyses the register links |

docs/releasing.md#the-audit-pack in release-gates says how each part is gathered.
`;

/** Builds the pack of release `input.release`; fails closed: no files when a part is missing. */
export async function buildAuditPack(input: PackInput): Promise<AuditPack> {
  const { inForce, ports } = input;
  const { git } = ports;
  const p = inForce.policy.promotion;
  const items: Item[] = [];
  const none = (): AuditPack => ({ files: [], items, manifestSha256: null, release: null });

  const state = await readReleaseState(git, {
    remote: p.remote,
    branch: p.branch,
    tagPrefix: p.tag_prefix,
  });
  if (state.source === 'local') {
    items.push({
      id: 'records',
      status: 'error',
      message: `this repository has no remote ${p.remote}, where the releases are recorded`,
      hint: `add the remote (git remote add ${p.remote} URL), or set promotion.remote`,
      rule: 'records',
    });
    return none();
  }
  items.push(
    ...state.problems.map((pr, i) => ({
      ...problemItem(`records-${i + 1}`, pr, 'records'),
      status: 'error' as const,
    })),
  );
  const release = state.releases[input.release - 1];
  if (!release) {
    items.push({
      id: 'release',
      status: 'error',
      message: `release ${input.release} does not exist: ${state.releases.length ? `the releases are 1 to ${state.releases.length}` : 'nothing is released yet'}`,
      hint: 'release-gates releases --limit 0 lists them',
      rule: 'release',
    });
    return none();
  }
  if (items.length) return none();
  const origin = contentOrigin(state, release);
  const { record } = release;
  const commit = origin.record.source.commit;
  const files: ArchiveEntry[] = [];
  const add = (path: string, bytes: Uint8Array) => files.push({ path, bytes });
  /** Repository files, masked before the manifest is written. */
  const copies: ArchiveEntry[] = [];
  const copy = (path: string, bytes: Uint8Array) => {
    copies.push({ path, bytes });
    files.push(copies.at(-1)!);
  };

  add('release/record.json', json(record));
  if (origin !== release) add('release/content.json', json(origin.record));
  add('release/events.json', json(eventsOf(state, new Set([release.number, origin.number]))));
  const ran = windows(state, origin);
  add('release/windows.json', json(ran));
  items.push(
    info(
      'release',
      `${record.tag}: ${record.kind} by ${record.actor} at ${record.at}; its content is ${shortSha(commit)}${origin !== release ? ` (promoted as ${origin.record.tag})` : ''}, in production ${ran.length} time(s)`,
      record.tag,
    ),
  );

  const check = policyPiiCheck(inForce.policy.gates.pii);
  const masked = (text: string) => maskText(text, check(text));
  try {
    const judged = await judgingPolicy(ports, origin);
    const { verdicts, items: gateItems } = await rerunGates(input, origin, judged);
    for (const v of verdicts)
      add(
        `verdicts/${v.gate}.json`,
        encoder.encode(renderJson(makeReport('audit-pack', [v], judged.ref, commit))),
      );
    add(
      'verdicts/recorded.json',
      json({
        result: origin.record.gates?.result ?? null,
        verdicts: (origin.record.gates?.verdicts ?? []).map((r) => ({
          ...r,
          rerun: verdicts.find((v) => v.gate === r.gate)?.result ?? null,
          ...(NOT_AT_COMMIT.has(r.gate)
            ? { not_rerun: `judges ${NOT_AT_COMMIT.get(r.gate)!}` }
            : {}),
        })),
      }),
    );
    items.push(...gateItems);

    const docs = [
      judged.ref.file,
      ...(judged.policy.gates.cards?.cards ?? []).map((c) => c.path),
      ...(judged.policy.gates.compliance?.documents ?? []).map((d) => d.path),
    ];
    let copied = 0;
    for (const path of [...new Set(docs)]) {
      const bytes = await git.show(commit, path);
      if (bytes) {
        copy(`documents/${path}`, bytes);
        copied++;
      } else items.push(info(`document/${path}`, `${path} does not exist at ${shortSha(commit)}`));
    }
    items.push(
      info(
        'documents',
        `${copied} document(s) copied from ${shortSha(commit)}: the policy, cards and evidence`,
        copied,
      ),
    );

    const registerFile = registerPath(judged.policy);
    const register = await git.show(commit, registerFile);
    if (register) {
      copy(`controls/${registerFile.split('/').pop()!}`, register);
      const statuses = statusesForPack(register, verdicts);
      add('controls/status.json', json(statuses));
      items.push(
        info(
          'controls',
          `${statuses.length} control(s) of ${registerFile} at ${shortSha(commit)}`,
          statuses.length,
        ),
      );
    } else {
      items.push(info('controls', `no controls register (${registerFile}) at ${shortSha(commit)}`));
    }

    const { github } = ports;
    const repo = input.run.repository;
    if (!github || !repo) {
      items.push({
        id: 'github',
        status: 'error',
        message: `the approvals and the incidents are read from the GitHub API, but ${github ? 'the repository is unknown' : 'no token was given'}`,
        hint: github
          ? 'set GITHUB_REPOSITORY, or pass --repo OWNER/NAME'
          : 'set GITHUB_TOKEN or GH_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token)); in a workflow give the job `pull-requests: read` and `issues: read`',
        rule: 'github',
      });
      return none();
    }
    const approved = await approvals(git, { github, repo }, state, origin, judged, masked);
    add(
      'approvals.json',
      json({
        release: {
          tag: record.tag,
          actor: record.actor,
          at: record.at,
          ...(record.identity ? { identity: record.identity } : {}),
          ...(record.reason ? { reason: masked(record.reason) } : {}),
        },
        ...(origin !== release
          ? {
              promotion: {
                tag: origin.record.tag,
                actor: origin.record.actor,
                at: origin.record.at,
              },
            }
          : {}),
        ...approved,
      }),
    );
    items.push(
      info(
        'approvals',
        `${approved.commits.length} commit(s) arrived by ${approved.pull_requests.length} pull request(s): ${approved.pull_requests.map((pr) => `#${pr.number} (${pr.roles.map((r) => `${r.role}: ${r.approvals.map((a) => a.login).join(', ') || 'none'}`).join('; ')})`).join(', ') || 'none'}`,
        approved.pull_requests.length,
      ),
    );

    const label = inForce.policy.monitoring?.incidents?.label ?? 'incident';
    const found = await incidents(github, repo, label, new Date(record.at), state, masked);
    add('incidents/incidents.json', json(found));
    items.push(
      info(
        'incidents',
        `${found.length} issue(s) labelled ${label} opened since ${record.at}`,
        found.length,
      ),
    );
    const rca = await rootCauses(
      git,
      inForce,
      input.sourceHead,
      record.at.slice(0, 10),
      new Set(found.map((i) => i.number)),
    );
    for (const f of rca.files) copy(f.path, f.bytes);
    items.push(...rca.items);
  } catch (e) {
    items.push(...errorItems(e));
    return none();
  }

  items.push(...maskCopies(copies, check));
  add('README.md', encoder.encode(README(record.tag, record.stable.commit)));
  const { files: all, manifestSha256 } = withManifest(files, {
    release: record.release,
    tag: record.tag,
    commit: record.stable.commit,
    tree: record.stable.tree,
    source_commit: commit,
    tool: TOOL,
  });
  return { files: all, items, manifestSha256, release };
}
