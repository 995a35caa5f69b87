import { describeError, type Problem } from '../errors.js';
import { compileSchemaFragment } from '../parse/json-schema.js';
import { parseMetric } from '../evals/metric-name.js';
import { backtrackingRisk } from '../pii/regex-risk.js';
import type { DocPath } from '../parse/yaml.js';
import type { Location } from '../verdict/model.js';
import type { ReleasePolicy } from './policy.generated.js';

/** Gate names, in the order `check` runs them. */
export const GATE_NAMES = [
  'policy',
  'evals',
  'cards',
  'pii',
  'compliance',
  'signoff',
  'policy-change',
  'rollback-readiness',
] as const;
export type GateName = (typeof GATE_NAMES)[number];

type Locate = (path: DocPath, options?: { key?: boolean }) => Location;

/** Every place the policy names a role, with its path, for reference checks and reports. */
export function roleReferences(policy: ReleasePolicy): { role: string; path: DocPath }[] {
  const refs: { role: string; path: DocPath }[] = [
    { role: policy.metadata.owner, path: ['metadata', 'owner'] },
  ];
  const g = policy.gates;
  g.signoff?.required.forEach((r, i) =>
    refs.push({ role: r.role, path: ['gates', 'signoff', 'required', i, 'role'] }),
  );
  g.compliance?.documents.forEach((d, i) =>
    refs.push({
      role: d.approver_role,
      path: ['gates', 'compliance', 'documents', i, 'approver_role'],
    }),
  );
  const pc = g['policy-change']?.approver_role;
  if (pc) refs.push({ role: pc, path: ['gates', 'policy-change', 'approver_role'] });
  policy.promotion.allowed_roles.forEach((r, i) =>
    refs.push({ role: r, path: ['promotion', 'allowed_roles', i] }),
  );
  policy.rollback.allowed_roles.forEach((r, i) =>
    refs.push({ role: r, path: ['rollback', 'allowed_roles', i] }),
  );
  policy.rollback.unfreeze_roles.forEach((r, i) =>
    refs.push({ role: r, path: ['rollback', 'unfreeze_roles', i] }),
  );
  policy.monitoring?.rollback_roles.forEach((r, i) =>
    refs.push({ role: r, path: ['monitoring', 'rollback_roles', i] }),
  );
  const notify = policy.rollback.incident.notify_role;
  if (notify) refs.push({ role: notify, path: ['rollback', 'incident', 'notify_role'] });
  return refs;
}

/** Each id listed more than once, with the indexes where it appears. */
export function duplicates(ids: string[]): Map<string, number[]> {
  const at = new Map<string, number[]>();
  ids.forEach((id, i) => at.set(id, [...(at.get(id) ?? []), i]));
  return new Map([...at].filter(([, list]) => list.length > 1));
}

/** Mistakes the schema cannot see: references between sections, duplicate ids, inverted bands. */
export function semanticProblems(policy: ReleasePolicy, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const roles = Object.keys(policy.roles);

  for (const { role, path } of roleReferences(policy)) {
    if (!(role in policy.roles)) {
      problems.push({
        message: `role "${role}" is not defined under roles`,
        hint: roles.length
          ? `use one of ${roles.join(', ')}, or add "${role}:" under roles`
          : `add "${role}:" under roles`,
        location: locate(path),
      });
    }
  }

  const idLists: [string, DocPath, string[]][] = [
    ['waiver', ['waivers'], policy.waivers.map((w) => w.id)],
    [
      'objective',
      ['gates', 'evals', 'objectives'],
      policy.gates.evals?.objectives.map((o) => o.id) ?? [],
    ],
    [
      'document',
      ['gates', 'compliance', 'documents'],
      policy.gates.compliance?.documents.map((d) => d.id) ?? [],
    ],
    ['SLO', ['monitoring', 'slos'], policy.monitoring?.slos.map((s) => s.id) ?? []],
  ];
  for (const [what, base, ids] of idLists) {
    for (const [id, indexes] of duplicates(ids)) {
      problems.push({
        message: `${what} id "${id}" is used ${indexes.length} times`,
        hint: `give each ${what} its own id: waivers and reports name it`,
        location: locate([...base, indexes[1]!, 'id']),
      });
    }
  }

  for (const [role, indexes] of duplicates(
    policy.gates.signoff?.required.map((r) => r.role) ?? [],
  )) {
    problems.push({
      message: `gates.signoff.required lists the role "${role}" ${indexes.length} times`,
      hint: `list each role once; to require several approvals from it, set min (e.g. min: ${indexes.length})`,
      location: locate(['gates', 'signoff', 'required', indexes[1]!, 'role']),
    });
  }

  const bands = policy.gates.evals?.total_score;
  if (bands && parseFloat(bands.warn) > parseFloat(bands.pass)) {
    problems.push({
      message: `gates.evals.total_score.warn (${bands.warn}) is above pass (${bands.pass})`,
      hint: 'the warn band must be at or below the pass band, e.g. pass: "90%", warn: "75%"',
      location: locate(['gates', 'evals', 'total_score', 'warn']),
    });
  }

  policy.gates.evals?.objectives.forEach((o, i) => {
    const metric = parseMetric(o.metric);
    if ('error' in metric) {
      problems.push({
        message: metric.error,
        hint: 'docs/evals.md lists the metric names: pass_rate, error_rate, harmful_rate, cases, score, latency_p95, pass@5, a named metric, or {tool: NAME} for a tool metric named like a built-in',
        location: locate(['gates', 'evals', 'objectives', i, 'metric']),
      });
    }
  });

  policy.gates.evals?.results.forEach((r, i) => {
    const at = ['gates', 'evals', 'results', i];
    if (r.format === 'table' && !r.columns)
      problems.push({
        message: `results entry ${i + 1} is a table (\`format: table\`) but does not say which column holds what`,
        hint: 'add `columns:` with at least `id:`; docs/evals.md has a mapping for ragas, Opik and MLflow',
        location: locate([...at, 'format']),
      });
    for (const key of ['columns', 'table_format'] as const)
      if (r.format !== 'table' && r[key] !== undefined)
        problems.push({
          message: `results entry ${i + 1} sets \`${key}\`, which only a table (\`format: table\`) has`,
          hint: 'set `format: table`, or remove it',
          location: locate([...at, key], { key: true }),
        });
  });

  policy.promotion.gates?.forEach((name, i) => {
    const location = locate(['promotion', 'gates', i]);
    if (!(GATE_NAMES as readonly string[]).includes(name)) {
      problems.push({
        message: `promotion.gates names an unknown gate "${name}"`,
        hint: `use gate names: ${GATE_NAMES.join(', ')}`,
        location,
      });
    } else if (name === 'signoff' || name === 'policy-change') {
      problems.push({
        message: `promotion.gates names ${name}, which judges pull requests: on a promotion it has nothing to judge`,
        hint: `remove ${name}: it is a required check of the pull request that merged the commit`,
        location,
      });
    } else if (
      !policy.gates[name as GateName] ||
      policy.gates[name as GateName]?.enabled === false
    ) {
      problems.push({
        message: `promotion.gates names ${name}, which the policy does not enable: it would pass as not applicable`,
        hint: `enable gates.${name}, or remove it from promotion.gates`,
        location,
      });
    }
  });
  const { source, branch } = policy.promotion;
  if (source === branch || [source, branch].includes('release-gates/ledger')) {
    problems.push({
      message: `promotion.source (${source}) and promotion.branch (${branch}) must be two branches, neither of them release-gates/ledger`,
      hint: 'promote from main to stable, for example',
      location: locate(['promotion', 'branch']),
    });
  }

  problems.push(...documentProblems(policy, locate));
  problems.push(...monitoringProblems(policy, locate));
  problems.push(...allowlistPatternProblems(policy, locate));
  return problems;
}

/** Allowlist patterns run on every finding: one that backtracks catastrophically hangs the gate. */
function allowlistPatternProblems(policy: ReleasePolicy, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  policy.gates.pii?.allowlist.patterns.forEach((pattern, i) => {
    const why = backtrackingRisk(pattern);
    if (why)
      problems.push({
        message: `gates.pii.allowlist.patterns[${i}] can backtrack catastrophically (exponential time on a long value): ${why}`,
        hint: 'make each repetition unambiguous: end the repeated part with a character the inner part cannot match, as in (?:[a-z0-9-]+\\.)+, and do not repeat alternatives that start alike; or list exact values in allowlist.values',
        location: locate(['gates', 'pii', 'allowlist', 'patterns', i]),
      });
  });
  return problems;
}

/** Criteria with a sign compare with a baseline, which SLOs and PSI do not have. */
function relativeCriteria(list: string | string[] | undefined): string | undefined {
  return (typeof list === 'string' ? [list] : (list ?? [])).find((c) =>
    /^\s*(?:<=|>=|<|>|==|!=)\s*[+-]/.test(c),
  );
}

function monitoringProblems(policy: ReleasePolicy, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const m = policy.monitoring;
  if (!m) return problems;
  const absolute = (path: DocPath, list: string | string[] | undefined, what: string) => {
    const relative = relativeCriteria(list);
    if (relative)
      problems.push({
        message: `"${relative}" compares with a baseline, but ${what} has none`,
        hint: 'write an absolute criterion without a sign, e.g. "< 2000" or "<= 0.5%"',
        location: locate(path),
      });
  };
  m.slos.forEach((slo, i) => {
    absolute(['monitoring', 'slos', i, 'pass'], slo.pass, `SLO ${slo.id}`);
    absolute(['monitoring', 'slos', i, 'warn'], slo.warn, `SLO ${slo.id}`);
  });
  if (m.drift) {
    absolute(['monitoring', 'drift', 'pass'], m.drift.pass, 'the drift PSI');
    absolute(['monitoring', 'drift', 'warn'], m.drift.warn, 'the drift PSI');
    const seen = new Set<string>();
    m.drift.features.forEach((f, i) => {
      const at = ['monitoring', 'drift', 'features', i];
      if (seen.has(f.field))
        problems.push({
          message: `the drift feature ${f.field} is listed twice`,
          hint: 'list each feature once',
          location: locate([...at, 'field']),
        });
      seen.add(f.field);
      if (f.buckets?.some((b, k) => k > 0 && b <= f.buckets![k - 1]!))
        problems.push({
          message: `the buckets of ${f.field} are not in ascending order`,
          hint: 'list the upper bounds from the smallest to the largest, e.g. [20, 50, 100]',
          location: locate([...at, 'buckets']),
        });
      if (f.field === 'query_length' && !f.buckets)
        problems.push({
          message: 'query_length is a number: its drift needs buckets',
          hint: 'add upper bounds of query lengths in characters, e.g. buckets: [20, 50, 100, 200]',
          location: locate([...at, 'field']),
        });
    });
  }
  return problems;
}

/** The cards and compliance sections: what they need from the rest of the policy. */
function documentProblems(policy: ReleasePolicy, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const needModel = (path: DocPath, what: string) => {
    if (!policy.model)
      problems.push({
        message: `${what}, but the policy has no \`model\` section naming the shipped model`,
        hint: 'add `model: { config: chatbot/model.yaml }` (the model configuration file)',
        location: locate(path),
      });
  };
  const cards = policy.gates.cards?.cards ?? [];
  const seen = new Set<string>();
  cards.forEach((card, i) => {
    const at = ['gates', 'cards', 'cards', i];
    if (seen.has(card.path))
      problems.push({
        message: `the card ${card.path} is listed twice`,
        hint: 'list each card once',
        location: locate([...at, 'path']),
      });
    seen.add(card.path);
    if (card.version_field)
      needModel([...at, 'version_field'], `${card.path} must name the shipped model version`);
    if (card.front_matter) {
      try {
        compileSchemaFragment(card.front_matter);
      } catch (e) {
        problems.push({
          message: `front_matter of ${card.path} is not a valid JSON Schema: ${describeError(e)}`,
          hint: 'write a JSON Schema (draft-07) fragment, e.g. {required: [license, model-index]}',
          location: locate([...at, 'front_matter'], { key: true }),
        });
      }
    }
    if (card.claims?.source === 'table' && !card.claims.table_heading)
      problems.push({
        message: `the claims of ${card.path} are in a table, but no table_heading says which section holds it`,
        hint: 'add table_heading: <heading of the section with the claims table>',
        location: locate([...at, 'claims'], { key: true }),
      });
    if (card.claims && (!policy.gates.evals || policy.gates.evals.enabled === false))
      problems.push({
        message: `the claims of ${card.path} are compared with the eval gate's metrics, but gates.evals is not enabled`,
        hint: 'enable gates.evals, or remove claims from the card',
        location: locate([...at, 'claims'], { key: true }),
      });
  });
  policy.gates.compliance?.documents.forEach((doc, i) => {
    if (doc.covers_model)
      needModel(
        ['gates', 'compliance', 'documents', i],
        `evidence ${doc.id} must cover the shipped model version (covers_model)`,
      );
  });
  return problems;
}
