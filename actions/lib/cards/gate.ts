import { UserError } from '../errors.js';
import { evalMetricLookup } from '../evals/index.js';
import { errorItems, type Gate, type GateConfig, type GateContext } from '../gate.js';
import { readMarkdown, type MarkdownDoc } from '../parse/markdown.js';
import type { YamlFile } from '../parse/yaml.js';
import { readShippedModel, textField, type ShippedModel } from '../shipped-model.js';
import type { Item } from '../verdict/model.js';
import { compareClaims, modelIndexClaims, tableClaims, type MetricLookup } from './claims.js';
import { contentItems } from './content.js';
import { frontMatterProblems } from './front-matter.js';

type Card = GateConfig<'cards'>['cards'][number];

/**
 * The eval gate's computed metrics, for comparing a card's claims. Called once per run, and
 * only when a card has `claims`; a UserError it throws becomes an `error` item.
 */
export type EvalMetrics = (ctx: GateContext<'cards'>) => Promise<MetricLookup>;

function frontMatterItems(card: Card, doc: MarkdownDoc, prefix: string): Item[] {
  const needed =
    card.kind === 'model' ||
    card.front_matter !== undefined ||
    card.version_field !== undefined ||
    card.claims?.source === 'model-index';
  if (!doc.frontMatter) {
    if (!needed) return [];
    throw new UserError({
      message: `${card.path} has no YAML front matter`,
      hint:
        card.kind === 'model'
          ? 'start the card with its metadata between two `---` lines, as Hugging Face model cards do'
          : 'start the card with its metadata between two `---` lines',
      location: { file: card.path, line: 1, column: 1 },
    });
  }
  if (!card.front_matter) return [];
  const problems = frontMatterProblems(card.front_matter, doc.frontMatter.yaml);
  if (problems.length === 0) {
    return [
      {
        id: `${prefix}front-matter`,
        status: 'pass',
        message: "the front matter meets the policy's schema",
        location: doc.frontMatter.location,
        rule: 'front-matter',
      },
    ];
  }
  return problems.map((p, i) => ({
    id: `${prefix}front-matter${problems.length > 1 ? `-${i + 1}` : ''}`,
    status: 'fail' as const,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    location: p.location ?? doc.frontMatter!.location,
    rule: 'front-matter',
  }));
}

function versionItem(card: Card, frontMatter: YamlFile, model: ShippedModel, prefix: string): Item {
  const field = textField(frontMatter, card.version_field!);
  const base = {
    id: `${prefix}model-version`,
    expected: model.version,
    rule: 'model-version',
    location: field.location,
  };
  if (!field.found) {
    return {
      ...base,
      status: 'fail',
      message: `the card does not say which model version it describes (no \`${card.version_field}\` in its front matter)`,
      observed: null,
      hint: `add \`${card.version_field}: ${model.version}\` to the front matter, once the card describes ${model.version}`,
    };
  }
  const ok = field.value === model.version;
  return {
    ...base,
    status: ok ? 'pass' : 'fail',
    message: ok
      ? `the card describes the shipped model version ${model.version}`
      : `the card describes model version ${field.value}, but ${model.file} ships ${model.version}`,
    observed: field.value,
    ...(ok
      ? {}
      : {
          hint: `update the card for ${model.version} and set \`${card.version_field}: ${model.version}\``,
        }),
  };
}

async function claimItems(
  card: Card,
  doc: MarkdownDoc,
  metrics: () => Promise<MetricLookup>,
  prefix: string,
): Promise<Item[]> {
  const claims = card.claims!;
  const found =
    claims.source === 'table'
      ? tableClaims(doc, claims.table_heading ?? '')
      : modelIndexClaims(doc.frontMatter!.yaml);
  const items: Item[] = found.problems.map((p, i) => ({
    id: `${prefix}claims${found.problems.length > 1 ? `-${i + 1}` : ''}`,
    status: 'fail',
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.location ? { location: p.location } : {}),
    rule: 'claim',
  }));
  if (found.claims.length === 0) return items;
  try {
    items.push(...compareClaims(found.claims, await metrics(), claims.tolerance, prefix));
  } catch (e) {
    items.push(...errorItems(e, `${prefix}claims/`));
  }
  return items;
}

async function judgeCard(
  card: Card,
  ctx: GateContext<'cards'>,
  model: ShippedModel | undefined,
  metrics: () => Promise<MetricLookup>,
): Promise<Item[]> {
  const prefix = `${card.path}:`;
  const items: Item[] = [];
  let doc: MarkdownDoc;
  try {
    doc = await readMarkdown(
      { inputs: ctx.inputs, files: ctx.ports.files },
      card.path,
      `a Markdown ${card.kind} card`,
    );
    items.push(...frontMatterItems(card, doc, prefix));
  } catch (e) {
    return errorItems(e, prefix);
  }
  if (card.version_field && model && doc.frontMatter)
    items.push(versionItem(card, doc.frontMatter.yaml, model, prefix));
  items.push(...contentItems(doc, card.sections, ctx.config.placeholders, prefix));
  if (card.claims) items.push(...(await claimItems(card, doc, metrics, prefix)));
  return items;
}

/** The cards gate. `evalMetrics` supplies the computed metrics a card's claims are checked against. */
export function createCardsGate(evalMetrics: EvalMetrics): Gate<'cards'> {
  return {
    name: 'cards',
    title: 'Cards',
    async run(ctx) {
      const items: Item[] = [];
      let model: ShippedModel | undefined;
      if (ctx.config.cards.some((c) => c.version_field)) {
        try {
          model = await readShippedModel(ctx.policy, {
            inputs: ctx.inputs,
            files: ctx.ports.files,
          });
        } catch (e) {
          items.push(...errorItems(e, 'model:'));
        }
      }
      // Computed once, and only when a card makes claims: the eval results are read lazily.
      let lookup: Promise<MetricLookup> | undefined;
      const metrics = () => (lookup ??= evalMetrics(ctx));
      for (const card of ctx.config.cards)
        items.push(...(await judgeCard(card, ctx, model, metrics)));
      return { items };
    },
  };
}

export const cardsGate = createCardsGate(evalMetricLookup);
