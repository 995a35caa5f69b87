/**
 * What a change to the policy does: a structural diff of two validated policies (defaults
 * filled in, list items matched by their id), each change classified as a weakening, a
 * strengthening or neutral. Direction comes from the schema where the type says it (criteria,
 * `enabled`, `mode`, role lists, percentages), from explicit rules where only the meaning of
 * a field says it, and anything unknown counts as a weakening so the policy owner reviews it.
 */
import { parseCriteria, type Criterion } from '../criteria/criteria.js';
import { metricLabel, parseMetric, type MetricName } from '../evals/metric-name.js';
import type { ReleasePolicy } from '../policy/load.js';
import schema from '../policy/policy.schema.json' with { type: 'json' };
import type { DocPath } from '../parse/yaml.js';

export type Direction = 'weakening' | 'strengthening' | 'neutral';

export interface Change {
  /** Readable path with list items by id: `gates.evals.objectives[quality].pass`. */
  label: string;
  /** Path in the head policy (for its location); for a removal, the list or mapping it left. */
  headPath: DocPath;
  /** Schema shape of the path: mapping keys, `*` for list items and free-form keys. */
  shape: string[];
  before: unknown;
  after: unknown;
  direction: Direction;
  reason: string;
}

type Raw = Omit<Change, 'direction' | 'reason'>;
type Verdict = { direction: Direction; reason: string };
type Context = { base: ReleasePolicy; head: ReleasePolicy };
type Rule = (before: unknown, after: unknown, change: Raw, ctx: Context) => Verdict;

const weakening = (reason: string): Verdict => ({ direction: 'weakening', reason });
const strengthening = (reason: string): Verdict => ({ direction: 'strengthening', reason });
const neutral = (reason: string): Verdict => ({ direction: 'neutral', reason });

// ------------------------------------------------------------------ the schema

type SchemaNode = {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  default?: unknown;
};
const DEFINITIONS = (schema as { definitions: Record<string, SchemaNode> }).definitions;

function deref(node: SchemaNode | undefined): { node: SchemaNode | undefined; kinds: string[] } {
  const kinds: string[] = [];
  while (node?.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    kinds.push(name);
    node = DEFINITIONS[name];
  }
  return { node, kinds };
}

const freeForm = (node: SchemaNode | undefined) =>
  typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;

/** The schema of the value at `shape`, and the definitions it is (e.g. `criteria`). */
function schemaAt(shape: readonly string[]): { node: SchemaNode | undefined; kinds: string[] } {
  let at = deref(schema as SchemaNode);
  for (const seg of shape) {
    const node = at.node;
    at = deref(
      seg === '*' ? (node?.items ?? freeForm(node)) : (node?.properties?.[seg] ?? freeForm(node)),
    );
  }
  return at;
}

/** What an entry of a free-form mapping means when absent: its defaults. */
function defaultsOf(node: SchemaNode | undefined): Record<string, unknown> {
  const props = deref(node).node?.properties ?? {};
  return Object.fromEntries(
    Object.entries(props)
      .filter(([, p]) => 'default' in p)
      .map(([k, p]) => [k, p.default]),
  );
}

/** A value the diff compares whole: criteria (a string or a list), and free-form objects. */
function atomic(at: { node: SchemaNode | undefined; kinds: string[] }): boolean {
  const { node, kinds } = at;
  return (
    kinds.includes('criteria') ||
    (node?.type === 'object' && !node.properties && node.additionalProperties === undefined)
  );
}

/**
 * Every shape at which `diffPolicies` can report a change, read from the schema: scalars,
 * list items, free-form values, and sections that may be absent. Each needs a rule.
 */
export function schemaLeaves(): string[] {
  const out: string[] = [];
  const visit = (ref: SchemaNode | undefined, shape: string[], absentable: boolean) => {
    const at = deref(ref);
    const node = at.node;
    if (!node) return;
    const items = node.items;
    const entries = freeForm(node);
    if (atomic(at) || (!node.properties && !items && !entries)) {
      out.push(shape.join('.'));
      return;
    }
    if (items) visit(items, [...shape, '*'], true);
    if (entries) visit(entries, [...shape, '*'], false); // an absent entry means its defaults
    if (node.properties) {
      if (absentable) out.push(shape.join('.'));
      for (const [key, prop] of Object.entries(node.properties)) {
        const defaulted = 'default' in prop || 'default' in (deref(prop).node ?? {});
        visit(prop, [...shape, key], !node.required?.includes(key) && !defaulted);
      }
    }
  };
  visit(schema as SchemaNode, [], false);
  return [...new Set(out)];
}

// ------------------------------------------------------------------ the diff

const KEYS = ['id', 'role', 'path', 'heading'];
const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The field that identifies items of two lists, when every item has a unique one. */
function keyOf(a: unknown[], b: unknown[]): string | undefined {
  const items = [...a, ...b];
  if (!items.length || !items.every(isMap)) return undefined;
  return KEYS.find((k) =>
    [a, b].every((list) => {
      const ids = (list as Record<string, unknown>[]).map((i) => i[k]);
      return ids.every((id) => typeof id === 'string') && new Set(ids).size === ids.length;
    }),
  );
}

type Place = Omit<Raw, 'before' | 'after'>;

function walk(before: unknown, after: unknown, at: Place, out: Raw[]): void {
  if (same(before, after)) return;
  if (at.shape.length && atomic(schemaAt(at.shape))) {
    out.push({ ...at, before, after });
    return;
  }
  const child = (label: string, seg: string | number, shape: string, exists: boolean): Place => ({
    label: `${at.label}${label}`.replace(/^\./, ''),
    headPath: exists ? [...at.headPath, seg] : at.headPath,
    shape: [...at.shape, shape],
  });
  if (isMap(before) && isMap(after)) {
    const node = schemaAt(at.shape).node;
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const named = node?.properties?.[k] !== undefined || !freeForm(node);
      // An entry of a free-form mapping (a role, a detector) that is absent means its defaults.
      const missing = named ? undefined : defaultsOf(freeForm(node));
      walk(
        before[k] ?? missing,
        after[k] ?? missing,
        child(`.${k}`, k, named ? k : '*', k in after),
        out,
      );
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = keyOf(before, after);
    if (key) {
      const find = (list: unknown[], id: unknown) =>
        list.findIndex((i) => (i as Record<string, unknown>)[key] === id);
      const ids = [...before, ...after].map((i) => (i as Record<string, unknown>)[key]);
      for (const id of new Set(ids)) {
        const h = find(after, id);
        walk(before[find(before, id)], after[h], child(`[${String(id)}]`, h, '*', h >= 0), out);
      }
    } else if ([...before, ...after].every((v) => !isMap(v) && !Array.isArray(v))) {
      for (const v of before)
        if (!after.some((w) => same(v, w)))
          out.push({
            ...child(`[${JSON.stringify(v)}]`, 0, '*', false),
            before: v,
            after: undefined,
          });
      after.forEach((v, i) => {
        if (!before.some((w) => same(v, w)))
          out.push({
            ...child(`[${JSON.stringify(v)}]`, i, '*', true),
            before: undefined,
            after: v,
          });
      });
    } else {
      for (let i = 0; i < Math.max(before.length, after.length); i++)
        walk(before[i], after[i], child(`[${i}]`, i, '*', i < after.length), out);
    }
    return;
  }
  out.push({ ...at, before, after });
}

// ------------------------------------------------------------------ directions

/** +1 when `after` is stricter, -1 when looser, 0 when equal, null when not comparable. */
function compareCriteria(before: Criterion[], after: Criterion[]): number | null {
  const bound = (c: Criterion) =>
    c.op.startsWith('>') ? 'lower' : c.op.startsWith('<') ? 'upper' : c.op;
  const value = (c: Criterion) => (c.percent && !c.relative ? c.value / 100 : c.value);
  let looser = false;
  let stricter = false;
  const matched = new Set<Criterion>();
  for (const b of before) {
    const a = after.find(
      (c) =>
        !matched.has(c) &&
        bound(c) === bound(b) &&
        c.relative === b.relative &&
        (!c.relative || c.percent === b.percent),
    );
    if (!a) {
      looser = true; // a criterion dropped from an AND list
      continue;
    }
    matched.add(a);
    const dir = bound(b) === 'lower' ? 1 : bound(b) === 'upper' ? -1 : 0;
    if (dir === 0) {
      if (value(a) !== value(b)) return null;
      continue;
    }
    const delta = (value(a) - value(b)) * dir;
    const strictnessOfOp = (c: Criterion) => (c.op.length === 1 ? 1 : 0);
    if (delta > 0 || (delta === 0 && strictnessOfOp(a) > strictnessOfOp(b))) stricter = true;
    if (delta < 0 || (delta === 0 && strictnessOfOp(a) < strictnessOfOp(b))) looser = true;
  }
  if (after.some((c) => !matched.has(c))) stricter = true;
  if (looser) return -1;
  return stricter ? 1 : 0;
}

const criteriaRule: Rule = (before, after, change) => {
  const key = change.shape.at(-1);
  if (before === undefined || after === undefined) {
    // No pass criteria: the objective stops deciding. A warn band turns some failures into warnings.
    const adds = before === undefined;
    if (key === 'warn')
      return adds
        ? weakening('warn band added: some failures become warnings')
        : strengthening('warn band removed');
    return adds
      ? strengthening('criteria added')
      : weakening('criteria removed: it no longer decides');
  }
  let cmp: number | null;
  try {
    cmp = compareCriteria(
      parseCriteria(before as string | string[]),
      parseCriteria(after as string | string[]),
    );
  } catch {
    cmp = null;
  }
  if (cmp === null)
    return weakening('criteria changed in a way that cannot be compared: treated as a weakening');
  if (cmp < 0) return weakening('threshold loosened');
  return cmp > 0
    ? strengthening('threshold tightened')
    : neutral('same threshold, written differently');
};

/** Number fields where a larger value is looser (1) or stricter (-1). */
const number =
  (looserWhenHigher: boolean, what: string): Rule =>
  (before, after) => {
    if (typeof before !== 'number' || typeof after !== 'number')
      return weakening(`${what} changed`);
    const looser = looserWhenHigher ? after > before : after < before;
    return looser ? weakening(`${what} loosened`) : strengthening(`${what} tightened`);
  };

/** Booleans where `true` is the stricter setting. */
const strictWhenTrue =
  (off: string, on: string): Rule =>
  (_before, after) =>
    after === true ? strengthening(on) : weakening(off);

/** Enumerations listed from loosest to strictest. */
const ordered =
  (levels: string[], what: string): Rule =>
  (before, after) => {
    const d = levels.indexOf(String(after)) - levels.indexOf(String(before));
    return d < 0 ? weakening(`${what} relaxed`) : strengthening(`${what} made stricter`);
  };

/** List items or entries where having more is looser (`true`) or stricter (`false`). */
const membership =
  (moreIsLooser: boolean, added: string, removed: string): Rule =>
  (before, after) => {
    const adds = before === undefined;
    if (!adds && after !== undefined) return weakening(`${added.split(':')[0]} changed`);
    return adds === moreIsLooser
      ? weakening(adds ? added : removed)
      : strengthening(adds ? added : removed);
  };

const alwaysWeakening =
  (reason: string): Rule =>
  () =>
    weakening(reason);
const alwaysNeutral =
  (reason: string): Rule =>
  () =>
    neutral(reason);

/** An entry emptied of users and teams means nobody, and for some settings anyone. */
const roleHolders: Rule = (before, after, change, { head }) => {
  const role = change.label.split('.')[1]!;
  const holders = head.roles[role];
  if (before === undefined)
    return weakening(`more people hold ${role}: they can approve as ${role}`);
  if (holders && holders.users.length + holders.teams.length === 0)
    return weakening(`role ${role} emptied`);
  return after === undefined
    ? strengthening(`fewer people hold ${role}`)
    : weakening(`holders of ${role} changed`);
};

const roleList: Rule = (before, _after, change, { head }) => {
  const list = change.headPath
    .slice(0, change.before === undefined ? -1 : undefined)
    .reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], head);
  if (Array.isArray(list) && list.length === 0)
    return weakening(
      `${change.label.replace(/\[.*$/, '')} emptied: the default (anyone allowed, or the policy owner) applies`,
    );
  return before === undefined
    ? weakening('another role allowed')
    : strengthening('a role no longer allowed');
};

/**
 * An objective's metric: `acc,none` and `{tool: "acc,none"}` name one metric, so rewriting one
 * as the other changes nothing; any other change judges another metric. A change inside
 * `{tool: ...}` arrives as the name alone, a change between the two forms as the whole value.
 */
const objectiveMetric: Rule = (before, after, change) => {
  const name = (v: unknown): string | undefined => {
    const m = parseMetric((change.shape.at(-1) === 'tool' ? { tool: v } : v) as MetricName);
    return 'error' in m ? undefined : metricLabel(m);
  };
  const [was, is] = [name(before), name(after)];
  return was !== undefined && was === is
    ? neutral(`the same metric ${is}, written differently`)
    : weakening('objective judges another metric');
};

/**
 * Removing a label that incidents are counted by (`monitoring.incidents.label`, in the base
 * policy) hides incidents from the count; any other label only sorts issues.
 */
const issueLabel: Rule = (before, _after, _change, { base }) => {
  const counted = base.monitoring?.incidents?.label ?? 'incident';
  if (before === counted)
    return weakening(`label "${counted}" removed: these issues no longer count as incidents`);
  return neutral('issue labels sort issues; the incident count keeps its label');
};

/**
 * Explicit rules by shape (`*` matches any segment), most specific first. Every leaf of the
 * schema needs one (diff.test.ts walks the schema and fails on a leaf without): when you add a
 * field to policy.schema.json, add one line here, e.g.
 *   ['monitoring.min_coverage', number(false, 'labelled share required')],
 * with the helper that says which way is stricter (`number`, `strictWhenTrue`, `ordered`,
 * `membership`), `alwaysWeakening(reason)` when it changes what is judged, or
 * `alwaysNeutral(reason)` with the reason it cannot change a verdict.
 */
const RULES: [string, Rule][] = [
  ['apiVersion', alwaysNeutral('fixed by the schema: cannot change')],
  ['kind', alwaysNeutral('fixed by the schema: cannot change')],
  [
    'metadata.owner',
    alwaysWeakening('policy owner changed: another role approves weakenings and waivers'),
  ],
  ['metadata.*', alwaysNeutral('description of the policy')],
  ['roles.*.users.*', roleHolders],
  ['roles.*.teams.*', roleHolders],
  ['roles.*.description', alwaysNeutral('role description')],
  ['waivers.*', membership(true, 'waiver added', 'waiver removed')],
  [
    'waivers.*.expires',
    (b, a) =>
      String(a) > String(b) ? weakening('waiver extended') : strengthening('waiver shortened'),
  ],
  ['waivers.*.reason', alwaysNeutral('waiver reason')],
  [
    'waivers.*.id',
    alwaysNeutral('identifies the waiver: another id is a waiver removed and one added'),
  ],
  ['waivers.*.gate', alwaysWeakening('waiver moved to another gate')],
  ['waivers.*.target', alwaysWeakening('waiver moved to another target')],
  ['waivers.*.approved_by', alwaysWeakening('waiver approver changed')],
  ['waivers.*.ticket', alwaysNeutral('waiver ticket')],
  ['waivers.*.owner', alwaysNeutral('waiver owner')],
  ['gates.*', membership(false, 'gate added', 'gate removed')],
  ['gates.policy.waiver_warning_days', number(false, 'waiver warning')],
  [
    'promotion.reviewed_since',
    alwaysWeakening('another part of the history is taken as reviewed without a check'),
  ],
  [
    'gates.policy.platform_guards.enabled',
    strictWhenTrue('platform guards no longer checked', 'platform guards checked'),
  ],
  ['gates.policy.platform_guards.check_name', alwaysWeakening('other check names required')],
  [
    'gates.policy.platform_guards.required_checks.*',
    membership(false, 'required check added', 'required check removed'),
  ],
  [
    'gates.policy.platform_guards.restrict_release_updates',
    strictWhenTrue('anyone may push to the release branch', 'release branch pushes restricted'),
  ],
  [
    'gates.evals.results.*',
    membership(false, 'result file added', 'result file removed: less evidence judged'),
  ],
  ['gates.evals.results.*.path', alwaysNeutral('identifies the result file')],
  ['gates.evals.results.*.format', alwaysWeakening('result file read in another format')],
  ['gates.evals.results.*.suite', alwaysWeakening('result file counted for another suite')],
  [
    'gates.evals.results.*.harm_metrics.*',
    membership(false, 'harm metric added', 'harm metric removed: its failures are not harmful'),
  ],
  ['gates.evals.results.*.on_partial', ordered(['pass', 'warn', 'fail'], 'partial run outcome')],
  ['gates.evals.results.*.table_format', alwaysWeakening('table read in another format')],
  ['gates.evals.results.*.columns', alwaysWeakening('table columns read another way')],
  ['gates.evals.results.*.columns.id', alwaysWeakening('cases told apart by another column')],
  ['gates.evals.results.*.columns.sample', alwaysWeakening('samples told apart by another column')],
  ['gates.evals.results.*.columns.pass', alwaysWeakening('verdicts read another way')],
  [
    'gates.evals.results.*.columns.pass.column',
    alwaysWeakening('verdicts read from another column'),
  ],
  ['gates.evals.results.*.columns.pass.min', number(false, 'lowest passing score')],
  ['gates.evals.results.*.columns.pass.max', number(true, 'highest passing score')],
  ['gates.evals.results.*.columns.score', alwaysWeakening('score read from another column')],
  ['gates.evals.results.*.columns.latency', alwaysWeakening('latency read another way')],
  [
    'gates.evals.results.*.columns.latency.column',
    alwaysWeakening('latency read from another column'),
  ],
  ['gates.evals.results.*.columns.latency.unit', alwaysWeakening('latency read in another unit')],
  ['gates.evals.results.*.columns.error', alwaysWeakening('errors read from another column')],
  ['gates.evals.results.*.columns.harmful', alwaysWeakening('harm read from another column')],
  ['gates.evals.results.*.columns.metrics.*', alwaysWeakening('metric read from another column')],
  [
    'gates.evals.results.*.columns.tags.*',
    membership(false, 'slice tag column added', 'slice tag column removed'),
  ],
  [
    'gates.evals.trend_releases',
    alwaysNeutral('releases shown in the trend charts, which never decide'),
  ],
  ['gates.evals.baseline.ref', alwaysWeakening('relative criteria compared with another baseline')],
  [
    'gates.evals.baseline.path',
    alwaysWeakening('relative criteria compared with another baseline'),
  ],
  ['gates.evals.objectives.*.id', alwaysNeutral('identifies the objective')],
  ['gates.evals.objectives.*.suite', alwaysWeakening('objective judges another suite')],
  ['gates.evals.objectives.*.metric', objectiveMetric],
  ['gates.evals.objectives.*.metric.tool', objectiveMetric],
  ['gates.evals.objectives.*.slice', alwaysWeakening('objective judges another slice')],
  ['gates.evals.objectives.*.weight', alwaysWeakening('score weights changed')],
  ['gates.evals.objectives.*', membership(false, 'objective added', 'objective removed')],
  ['gates.evals.objectives.*.key', strictWhenTrue('objective made non-key', 'objective made key')],
  ['gates.evals.objectives.*.on_missing', ordered(['warn', 'fail'], 'missing metric outcome')],
  ['gates.evals.objectives.*.description', alwaysNeutral('objective description')],
  [
    'gates.evals.baseline.on_missing',
    ordered(['pass', 'warn', 'fail'], 'missing baseline outcome'),
  ],
  [
    'gates.evals.noise.confidence',
    number(true, 'noise tolerance (a wider interval forgives more)'),
  ],
  ['gates.evals.noise.min_samples', number(true, 'noise tolerance (more cases can only warn)')],
  ['gates.evals.freshness', membership(false, 'freshness check added', 'freshness check removed')],
  [
    'gates.evals.freshness.paths.*',
    membership(false, 'freshness path added', 'freshness path removed'),
  ],
  [
    'gates.evals.freshness.require_stamp',
    strictWhenTrue('results need no stamp', 'results must be stamped'),
  ],
  ['gates.evals.total_score', membership(false, 'score bands added', 'score bands removed')],
  ['gates.cards.cards.*', membership(false, 'card added', 'card removed')],
  ['gates.cards.cards.*.path', alwaysNeutral('identifies the card')],
  [
    'gates.cards.cards.*.kind',
    ordered(['system', 'model'], 'card kind (a model card needs front matter)'),
  ],
  [
    'gates.cards.cards.*.front_matter',
    alwaysWeakening('front matter schema changed: cannot be compared'),
  ],
  ['gates.cards.cards.*.sections.*.heading', alwaysNeutral('identifies the section')],
  ['gates.cards.cards.*.claims.source', alwaysWeakening('claims read from elsewhere')],
  ['gates.cards.cards.*.claims.table_heading', alwaysWeakening('claims read from elsewhere')],
  [
    'gates.cards.cards.*.sections.*',
    membership(false, 'required section added', 'required section removed'),
  ],
  ['gates.cards.cards.*.sections.*.min_words', number(false, 'minimum words')],
  [
    'gates.cards.cards.*.sections.*.aliases.*',
    membership(true, 'heading alias added', 'heading alias removed'),
  ],
  ['gates.cards.cards.*.claims', membership(false, 'claims check added', 'claims check removed')],
  ['gates.cards.cards.*.claims.tolerance', number(true, 'claim tolerance')],
  [
    'gates.cards.cards.*.version_field',
    membership(false, 'version check added', 'version check removed'),
  ],
  ['gates.cards.placeholders.*', membership(false, 'placeholder added', 'placeholder removed')],
  ['gates.pii.paths.*', membership(false, 'scanned path added', 'scanned path removed')],
  ['gates.pii.fields.*', membership(true, 'scan narrowed to a field', 'field restriction removed')],
  ['gates.pii.detectors.*.enabled', strictWhenTrue('detector disabled', 'detector enabled')],
  ['gates.pii.detectors.*.severity', ordered(['note', 'warning', 'error'], 'detector severity')],
  ['gates.pii.detectors.*.allowed', number(true, 'findings allowed')],
  ['gates.pii.allowlist.*.*', membership(true, 'allowlist widened', 'allowlist narrowed')],
  [
    'gates.pii.default_allowlist',
    strictWhenTrue('default allowlist of example values turned on', 'default allowlist turned off'),
  ],
  ['gates.pii.baseline', alwaysWeakening('baseline of accepted findings changed')],
  [
    'gates.pii.phone_regions.*',
    membership(false, 'phone region added', 'phone region removed: fewer numbers recognised'),
  ],
  [
    'gates.compliance.documents.*',
    membership(false, 'evidence document added', 'evidence document removed'),
  ],
  ['gates.compliance.documents.*.max_age_days', number(true, 'document validity')],
  [
    'gates.compliance.documents.*.covers_model',
    strictWhenTrue('document no longer has to cover the model', 'document must cover the model'),
  ],
  ['gates.compliance.documents.*.title', alwaysNeutral('document title')],
  ['gates.compliance.documents.*.id', alwaysNeutral('identifies the document')],
  ['gates.compliance.documents.*.path', alwaysWeakening('another file is the evidence')],
  [
    'gates.compliance.documents.*.approver_role',
    alwaysWeakening('another role approves the document'),
  ],
  ['gates.compliance.warn_before_days', number(false, 'expiry warning')],
  [
    'gates.compliance.controls',
    membership(false, 'controls register judged', 'controls register no longer judged'),
  ],
  // The register itself is protected as a policy file; which file it is, is the judge's choice.
  ['gates.compliance.controls.register', alwaysWeakening('another file is the controls register')],
  [
    'gates.compliance.controls.required_frameworks.*',
    membership(false, 'framework required for a release', 'framework no longer required'),
  ],
  ['gates.signoff.required.*', membership(false, 'required role added', 'required role removed')],
  ['gates.signoff.required.*.min', number(false, 'approvals required')],
  ['gates.signoff.required.*.role', alwaysNeutral('identifies the required role')],
  [
    'gates.signoff.dismiss_stale',
    strictWhenTrue('approvals of older commits count again', 'only head approvals count'),
  ],
  [
    'gates.signoff.distinct_approvers',
    strictWhenTrue('one person may fill several roles', 'one person fills one role'),
  ],
  [
    'gates.signoff.bots.*',
    membership(true, 'bot approvals count', 'bot approvals no longer count'),
  ],
  ['gates.signoff.commit_status', alwaysNeutral('commit status reporting')],
  ['gates.policy-change.paths.*', membership(false, 'watched path added', 'watched path removed')],
  [
    'gates.policy-change.protected_paths.*',
    membership(false, 'protected path added', 'protected path removed'),
  ],
  ['gates.policy-change.min', number(false, 'approvals required')],
  [
    'gates.policy-change.protect_named_files',
    strictWhenTrue(
      'baselines, allowlisted files and evidence no longer protected',
      'baselines, allowlisted files and evidence protected',
    ),
  ],
  [
    'gates.policy-change.approver_role',
    alwaysWeakening('another role approves weakenings (the base policy still decides this one)'),
  ],
  [
    'gates.rollback-readiness.require_previous_release',
    strictWhenTrue('rollback target no longer required', 'rollback target required'),
  ],
  ['gates.rollback-readiness.freeze', ordered(['warn', 'fail'], 'freeze outcome')],
  [
    'promotion.strategy',
    ordered(['reset', 'fast-forward-or-commit'], 'promotion strategy (reset may rewrite history)'),
  ],
  ['promotion.source', alwaysWeakening('releases promoted from another branch')],
  ['promotion.branch', alwaysWeakening('releases written to another branch')],
  ['promotion.remote', alwaysWeakening('releases pushed to another remote')],
  ['promotion.tag_prefix', alwaysWeakening('earlier releases no longer found by their tags')],
  ['promotion.deployment.enabled', alwaysNeutral('GitHub deployment records: not a gate')],
  ['promotion.deployment.environment', alwaysNeutral('GitHub deployment records: not a gate')],
  [
    'promotion.gates.*',
    membership(false, 'gate re-run on promotion', 'gate no longer re-run on promotion'),
  ],
  ['rollback.freeze', strictWhenTrue('no freeze after a rollback', 'freeze after a rollback')],
  [
    'rollback.reject',
    strictWhenTrue(
      'rolled-back releases may be promoted again',
      'rolled-back releases are rejected',
    ),
  ],
  [
    'rollback.revert_pr',
    strictWhenTrue(
      'no revert pull request: the next promotion can bring the fault back',
      'revert pull request opened after a rollback',
    ),
  ],
  ['rollback.incident.labels.*', issueLabel],
  [
    'rollback.incident.notify_role',
    alwaysWeakening('another role is asked for the root-cause analysis'),
  ],
  ['rollback.incident.rca_due_hours', number(true, 'root-cause analysis due time')],
  ['rollback.incident.postmortem_template', alwaysNeutral('link to the post-mortem template')],
  ['monitoring', membership(false, 'monitoring added', 'monitoring removed')],
  ['monitoring.logs', alwaysWeakening('another export is judged')],
  // How the export is read: another format, span, pointer or unit can report any number.
  ['monitoring.source', alwaysWeakening('the export is read another way')],
  ...(
    [
      'format',
      'span',
      'fields',
      'latency_unit',
      'timestamp_unit',
      'zoneless_utc',
      'error',
      'error.pointer',
      'error.equals',
      'error.not_equals',
      'where',
      'where.pointer',
      'where.equals',
      'where.not_equals',
    ] as const
  ).map(
    (k) =>
      [`monitoring.source.${k}`, alwaysWeakening(`the export read with another ${k}`)] as [
        string,
        Rule,
      ],
  ),
  ['monitoring.source.fields.*', alwaysWeakening('an interaction field read from elsewhere')],
  ['monitoring.source.without_text', ordered(['warn', 'error'], 'interactions without text')],
  // Where the Langfuse API is read: another project, window or endpoint can report any number.
  ['monitoring.source.api', alwaysWeakening('the window read from another API')],
  ...(['host', 'host_env', 'public_key_env', 'secret_key_env', 'window', 'endpoint'] as const).map(
    (k) =>
      [`monitoring.source.api.${k}`, alwaysWeakening(`Langfuse API ${k} changed`)] as [
        string,
        Rule,
      ],
  ),
  ...(['page_size', 'timeout_seconds'] as const).map(
    (k) =>
      [
        `monitoring.source.api.${k}`,
        alwaysNeutral('the same observations, read in other requests'),
      ] as [string, Rule],
  ),
  // Where the metric SLOs are read: another server or query can report any number.
  ['monitoring.prometheus', alwaysWeakening('SLOs read from another source')],
  ...(['type', 'url', 'url_env', 'token_env', 'window'] as const).map(
    (k) =>
      [`monitoring.prometheus.${k}`, alwaysWeakening(`Prometheus ${k} changed`)] as [string, Rule],
  ),
  ['monitoring.prometheus.timeout_seconds', alwaysNeutral('a slow server is an error either way')],
  ...(['query', 'histogram', 'errors', 'total', 'unit'] as const).map(
    (k) =>
      [`monitoring.prometheus.slos.*.${k}`, alwaysWeakening(`SLO read by another ${k}`)] as [
        string,
        Rule,
      ],
  ),
  ['monitoring.rollback_workflow', alwaysWeakening('a breach dispatches another workflow')],
  ['monitoring.slos.*.id', alwaysNeutral('identifies the SLO')],
  ['monitoring.slos.*.metric', alwaysWeakening('SLO judges another metric')],
  ['monitoring.drift.reference', alwaysWeakening('drift measured against another window')],
  ['monitoring.drift.features.*.field', alwaysWeakening('drift measured on another field')],
  ['monitoring.drift.features.*.buckets.*', alwaysWeakening('drift buckets changed')],
  ['monitoring.drift.features.*.max_categories', alwaysWeakening('drift categories changed')],
  ['monitoring.quality.previous', alwaysWeakening('quality compared with another period')],
  [
    'monitoring.incidents.label',
    alwaysWeakening(
      'incidents counted by another label: the issues labelled so far no longer count',
    ),
  ],
  [
    'monitoring.max_bad_lines',
    (b, a) =>
      parseFloat(String(a)) > parseFloat(String(b))
        ? weakening('more unreadable export lines tolerated')
        : strengthening('fewer unreadable export lines tolerated'),
  ],
  [
    'monitoring.max_age_hours',
    (b, a, change, ctx) =>
      a === undefined
        ? weakening('export freshness no longer checked')
        : b === undefined
          ? strengthening('export freshness checked')
          : number(true, 'export age allowed')(b, a, change, ctx),
  ],
  [
    'monitoring.harmful_labels.*',
    membership(false, 'harmful label added', 'harmful label removed'),
  ],
  ['monitoring.drift', membership(false, 'drift trigger added', 'drift trigger removed')],
  [
    'monitoring.drift.features.*',
    membership(false, 'drift feature added', 'drift feature removed'),
  ],
  ['monitoring.drift.epsilon', number(true, 'PSI epsilon for empty buckets')],
  ['monitoring.quality', membership(false, 'quality trigger added', 'quality trigger removed')],
  ['monitoring.quality.min_ratings', number(false, 'ratings needed to judge quality')],
  ['monitoring.incidents', membership(false, 'incident trigger added', 'incident trigger removed')],
  ['monitoring.slos.*', membership(false, 'SLO added', 'SLO removed')],
  ['monitoring.slos.*.on_breach', ordered(['none', 'issue', 'rollback'], 'breach action')],
  ['monitoring.slos.*.description', alwaysNeutral('SLO description')],
  ['monitoring.*.on_breach', ordered(['none', 'issue', 'rollback'], 'breach action')],
  ['monitoring.request_latency_ms', number(true, 'slow request threshold')],
  ['monitoring.incidents.max_per_month', number(true, 'incidents allowed')],
  ['monitoring.issue_labels.*', issueLabel],
  [
    'feedback.path',
    alwaysWeakening('feedback store moved: the old one is no longer pruned or erased'),
  ],
  ['feedback.retention_days', number(true, 'feedback retention (personal data kept longer)')],
  ['feedback.issue_label', alwaysNeutral('which issues `feedback import` reads: not a gate')],
  [
    'report.pull_request_comment',
    alwaysNeutral('the pull request comment: reporting only, it decides no verdict'),
  ],
  ['$schema', alwaysNeutral('editor schema pointer')],
  ['model', membership(false, 'model configuration named', 'model configuration removed')],
  ['model.*', alwaysWeakening('the shipped model version is read from elsewhere')],
];

/** Rules that follow from the schema type of a value, wherever it is. */
const KIND_RULES: Record<string, Rule> = {
  criteria: criteriaRule,
  enabled: strictWhenTrue('gate disabled', 'gate enabled'),
  // A gate without `mode` follows defaults.mode.
  mode: (b, a, _change, { base, head }) => {
    const [before, after] = [b ?? base.defaults.mode, a ?? head.defaults.mode];
    if (before === after) return neutral(`mode written out, still ${after}`);
    return after === 'report'
      ? weakening('switched to report mode: failures only warn')
      : strengthening('switched to enforce mode');
  },
  percent: (b, a) =>
    parseFloat(String(a)) < parseFloat(String(b))
      ? weakening('score band lowered')
      : strengthening('score band raised'),
};

function matches(pattern: string, shape: readonly string[]): boolean {
  const segs = pattern.split('.');
  return segs.length === shape.length && segs.every((s, i) => s === '*' || s === shape[i]);
}

/** The rule that classifies a change at `shape`: an explicit one, else the rule of its kind. */
export function ruleFor(shape: readonly string[]): Rule | undefined {
  const explicit = RULES.find(([pattern]) => matches(pattern, shape))?.[1];
  if (explicit) return explicit;
  const { kinds } = schemaAt(shape);
  if (kinds.includes('roleList') || schemaAt(shape.slice(0, -1)).kinds.includes('roleList'))
    return roleList;
  const kind = kinds.find((k) => KIND_RULES[k]);
  return kind ? KIND_RULES[kind] : undefined;
}

function classify(change: Raw, ctx: Context): Verdict {
  const rule = ruleFor(change.shape);
  if (rule) return rule(change.before, change.after, change, ctx);
  if (change.shape.at(-1) === 'description' || change.shape.at(-1) === 'title')
    return neutral('description');
  return weakening(
    'the direction of this change is not known: treated as a weakening, for the policy owner to review',
  );
}

/** Every change between the base and head policies, classified, in document order. */
export function diffPolicies(base: ReleasePolicy, head: ReleasePolicy): Change[] {
  const raw: Raw[] = [];
  walk(base, head, { label: '', headPath: [], shape: [] }, raw);
  return raw.map((change) => ({ ...change, ...classify(change, { base, head }) }));
}
