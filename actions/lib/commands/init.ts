/**
 * `release-gates init`: writes a starter policy in report mode and the workflows that run the
 * gates and the releases, so that a team adopts release-gates with one command instead of
 * copying blocks. Nothing is written when any file exists (unless --force), or when the policy
 * the options give would not be valid.
 */
import { DEFAULT_REGISTER_PATH } from '../controls/register.js';
import { UserError } from '../errors.js';
import { errorItems } from '../gate.js';
import {
  DEFAULT_SOURCE,
  codeOwners,
  gatesWorkflow,
  releaseWorkflows,
  rulesets,
  starterPolicy,
  starterRegister,
  type Holders,
  type Source,
  type StarterOptions,
} from '../init/templates.js';
import { DEFAULT_POLICY_PATH, parsePolicy } from '../policy/load.js';
import schema from '../policy/policy.schema.json' with { type: 'json' };
import { decide } from '../verdict/decide.js';
import type { FilePort } from '../ports.js';
import type { Item, PolicyRef } from '../verdict/model.js';
import { TOOL, makeReport } from '../verdict/report.js';
import { defineCommand, flag, list, text, type ListSpec, type ToolCommit } from './spec.js';

const ROLES = ['governance-lead', 'product-owner', 'on-call', 'risk-manager'] as const;
const ROLE_OPTION_HELP: Record<(typeof ROLES)[number], string> = {
  'governance-lead':
    'Who owns the policy and approves its changes: GitHub logins or org/team slugs (repeat, or separate with commas). Required.',
  'product-owner': 'Who accepts releases for the business (signs off pull requests).',
  'on-call': 'Who may roll production back.',
  'risk-manager': 'Who receives incidents and owns the root-cause analysis.',
};

const rolePatterns = schema.definitions.roles.additionalProperties.properties;
const LOGIN = new RegExp(rolePatterns.users.items.pattern);
const TEAM = new RegExp(rolePatterns.teams.items.pattern);
const NAME = new RegExp(schema.definitions.metadata.properties.name.pattern);

function holders(option: string, values: string[]): Holders {
  const out: Holders = { users: [], teams: [] };
  for (const v of values.flatMap((s) => s.split(',')).map((s) => s.trim().replace(/^@/, ''))) {
    if (!v) continue;
    if (v.includes('/') ? !TEAM.test(v) : !LOGIN.test(v))
      throw new UserError({
        message: `--${option}: "${v}" is neither a GitHub login nor a team`,
        hint: 'write logins such as priya-po, or teams as org/team-slug, e.g. acme/governance',
      });
    (v.includes('/') ? out.teams : out.users).push(v);
  }
  return out;
}

const SHA = /^[0-9a-f]{40}$/;
const LOCK = 'package-lock.json';

/**
 * The release-gates commit npm installed here, which is the version the team chose: npm records
 * a git dependency's commit in package-lock.json (`git+ssh://git@github.com/OWNER/NAME.git#SHA`).
 */
async function installedSource(files: FilePort): Promise<Source | null> {
  if ((await files.stat(LOCK))?.kind !== 'file') return null;
  let lock: { packages?: Record<string, { version?: string; resolved?: string }> };
  try {
    lock = JSON.parse(new TextDecoder().decode(await files.read(LOCK))) as typeof lock;
  } catch {
    throw new UserError({
      message: `${LOCK} is not valid JSON`,
      hint: 'run npm install to rewrite it, or pass --from OWNER/NAME@<full commit SHA>',
      location: { file: LOCK },
    });
  }
  const entry = lock.packages?.['node_modules/release-gates'];
  const m = /github\.com[/:]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?#([0-9a-f]{40})$/.exec(
    entry?.resolved ?? '',
  );
  if (!m) return null;
  return {
    repository: m[1]!,
    ref: m[2]!,
    ...(entry?.version ? { label: `v${entry.version}` } : {}),
  };
}

/**
 * What the workflows pin: a full commit SHA, which nobody can move, by default the one
 * installed here; a tag or branch only with --allow-moving-ref.
 */
async function chooseSource(
  from: string | undefined,
  allowMoving: boolean,
  files: FilePort,
  tool: ToolCommit | undefined,
): Promise<Source> {
  // What the team installed first; else the package this runs from (npx release-gates@1 init).
  const installed =
    (await installedSource(files)) ??
    (tool ? { repository: tool.repository, ref: tool.commit, label: `v${TOOL.version}` } : null);
  if (!from && installed) return installed;
  const source = parseSource(from ?? DEFAULT_SOURCE);
  if (SHA.test(source.ref))
    return installed?.ref === source.ref && installed.label
      ? { ...source, label: installed.label }
      : source;
  if (allowMoving) return { ...source, moving: true };
  const lookup = `git ls-remote https://github.com/${source.repository} 'refs/tags/*'`;
  throw new UserError(
    from
      ? {
          message: `--from ${from}: ${source.ref} is a tag or branch, which whoever controls ${source.repository} can move to other code`,
          hint: `pin the commit of the release, a full 40-character SHA (${lookup} lists them), or pass --allow-moving-ref to accept the moving ref`,
        }
      : {
          message: `cannot tell which release-gates commit to pin: ${LOCK} has no release-gates installed from GitHub, and this release-gates records no commit`,
          hint: `run the published package (npx release-gates@1 init ...), or install it from GitHub (npm install --save-dev github:release-gates/release-gates#v1, which records the commit), or pass --from OWNER/NAME@<full commit SHA> (${lookup} lists them), or --allow-moving-ref for ${DEFAULT_SOURCE}`,
        },
  );
}

function parseSource(text: string): Source {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)@([A-Za-z0-9._/-]+)$/.exec(text);
  if (!m)
    throw new UserError({
      message: `--from must be OWNER/NAME@REF, not "${text}"`,
      hint: `e.g. ${DEFAULT_SOURCE}, or a full commit SHA after the @`,
    });
  return { repository: m[1]!, ref: m[2]! };
}

/** What init writes, and what each file is for. */
function plan(o: StarterOptions): { path: string; what: string; text: string }[] {
  const release = releaseWorkflows(o.source);
  const workflow = (file: string, what: string) => ({
    path: `.github/workflows/${file}`,
    what,
    text: release[file]!,
  });
  return [
    {
      path: DEFAULT_POLICY_PATH,
      what: 'the starter policy, in report mode',
      text: starterPolicy(o),
    },
    {
      path: '.github/workflows/release-gates.yml',
      what: 'every gate as its own required check, through the reusable workflow',
      text: gatesWorkflow(o.source),
    },
    workflow('promote.yml', 'Promote to stable'),
    workflow('rollback.yml', 'Rollback to stable'),
    workflow('release-admin.yml', 'Freeze, unfreeze or clear a rejection'),
    workflow('deploy.yml', 'Deploy stable: plug your deployment in here'),
    {
      path: '.github/CODEOWNERS',
      what: 'the governance lead reviews the policy and the workflows',
      text: codeOwners(o.roles['governance-lead'], o.source),
    },
    ...Object.entries(rulesets()).map(([file, text]) => ({
      path: `.github/rulesets/${file}`,
      what: 'a ruleset to import: the platform guards the policy gate checks',
      text,
    })),
    {
      path: DEFAULT_REGISTER_PATH,
      what: 'a starter controls register, for when the compliance gate judges one',
      text: starterRegister(o.source),
    },
  ];
}

/** One option per role, each a list of holders. */
const ROLE_OPTIONS = Object.fromEntries(
  ROLES.map((role) => [role, list(ROLE_OPTION_HELP[role])]),
) as { [R in (typeof ROLES)[number]]: ListSpec };

export const initCommand = defineCommand({
  name: 'init',
  summary:
    'Write a starter policy (report mode) and the workflows for the gates and releases into this repository.',
  details:
    'Writes policies/release-policy.yaml, .github/workflows/{release-gates,promote,rollback,release-admin,deploy}.yml, .github/CODEOWNERS and the rulesets .github/rulesets/{main,releases,release-tags}.json. Writes nothing when one of them exists, unless --force. Next: docs/adopting.md.',
  options: {
    name: text('Short name of the application, e.g. faq-bot (metadata.name).', { required: true }),
    ...ROLE_OPTIONS,
    evals: list(
      "Your eval runner's result files (globs allowed): enables the evals gate with a pass-rate objective.",
      { paths: true },
    ),
    golden: list('Your golden output files (globs allowed): enables the pii gate on them.', {
      paths: true,
    }),
    from: text(
      'The release-gates the workflows use, as OWNER/NAME@<full commit SHA>. Default: the commit package-lock.json records for release-gates, else the commit the running npm package was built from.',
    ),
    'allow-moving-ref': flag(
      'Accept a tag or branch in --from (e.g. @v1): whoever can move it then decides what judges your pull requests.',
    ),
    force: flag('Replace files that exist.'),
    'dry-run': flag('Say what would be written; write nothing.'),
  },
  examples: [
    {
      what: 'Say what would be written for a new application; write nothing',
      run: 'release-gates init --name faq-bot --governance-lead gabriel-gov,gwen-gov --dry-run',
    },
    {
      what: 'Write the policy and workflows, with the eval results the evals gate judges',
      run: "release-gates init --name faq-bot --governance-lead gabriel-gov --product-owner pia-po --evals 'evals/results/*.json'",
    },
  ],
  async run(options, { ports, run, tool }) {
    const dryRun = options['dry-run'];
    const items: Item[] = [];
    let written: string[] = [];
    let summary: string | undefined;
    let policy: PolicyRef | null = null;
    try {
      const name = options.name;
      if (!NAME.test(name))
        throw new UserError({
          message: `--name must be a short name of lower-case letters, digits, dots, dashes and underscores, not "${name}"`,
          hint: 'e.g. --name faq-bot',
        });
      const roles = Object.fromEntries(
        ROLES.map((r) => [r, holders(r, options[r])]),
      ) as StarterOptions['roles'];
      const governance = roles['governance-lead'];
      if (!governance.users.length && !governance.teams.length)
        throw new UserError({
          message: '--governance-lead is required: the policy needs an owner',
          hint: 'e.g. --governance-lead gabriel-gov,gwen-gov (two people: an author never approves their own change)',
        });
      const files = plan({
        name,
        source: await chooseSource(options.from, options['allow-moving-ref'], ports.files, tool),
        roles,
        evals: options.evals,
        golden: options.golden,
      });
      try {
        policy = parsePolicy(new TextEncoder().encode(files[0]!.text), DEFAULT_POLICY_PATH).ref;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        throw new UserError(
          e.problems.map((p) => ({
            message: `the options give a policy that is not valid: ${p.message}`,
            ...(p.hint ? { hint: p.hint } : {}),
          })),
        );
      }

      const existing = new Set<string>();
      for (const f of files) if (await ports.files.stat(f.path)) existing.add(f.path);
      const blocked = existing.size > 0 && options.force !== true;
      for (const f of files) {
        const exists = existing.has(f.path);
        items.push({
          id: `file/${f.path}`,
          status: blocked && exists ? 'fail' : 'pass',
          message:
            blocked && exists
              ? `${f.path} exists: nothing was written`
              : `${blocked ? 'not written' : dryRun ? 'would write' : exists ? 'replaced' : 'wrote'} ${f.path}: ${f.what}`,
          ...(blocked && exists
            ? {
                hint: 'compare it with what init writes (--dry-run), then run again with --force to replace it, or remove it',
              }
            : {}),
          location: { file: f.path },
          rule: 'file',
        });
      }
      if (!blocked && !dryRun) {
        for (const f of files) await ports.files.write(f.path, f.text);
        written = files.map((f) => f.path);
      }
      summary = blocked
        ? `nothing written: ${existing.size} of the files exist (--force replaces them)`
        : `${dryRun ? 'would write' : 'wrote'} ${files.length} files: the policy in report mode, a controls register and the workflows`;
      if (!blocked)
        items.push({
          id: 'next',
          status: 'info',
          message:
            'next: run `release-gates check` (report mode: nothing blocks yet), commit and push to main, then require the checks and switch to enforce (docs/adopting.md)',
          rule: 'next',
        });
    } catch (e) {
      items.push(...errorItems(e));
    }
    const verdict = decide(
      { items, ...(summary ? { summary } : {}), data: { written } },
      { gate: 'init', title: 'Init', mode: 'enforce' },
    );
    return makeReport('init', [verdict], policy, run.commit);
  },
});
