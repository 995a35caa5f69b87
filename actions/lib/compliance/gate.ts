import { UserError } from '../errors.js';
import type { DocumentEvidence } from '../controls/status.js';
import { errorItems, type Gate, type GateContext } from '../gate.js';
import { MAX_DOCUMENT_BYTES, readMarkdown } from '../parse/markdown.js';
import { readTextInput, type TextSource } from '../parse/text-input.js';
import { parseYaml, type YamlFile } from '../parse/yaml.js';
import { readShippedModel, type ShippedModel } from '../shipped-model.js';
import type { Item, Location } from '../verdict/model.js';
import { approvalKey, proveApprovals, type ApprovalClaim } from './approval-proof.js';
import { controlItems } from './controls.js';
import { approverLogin, judgeEvidence, parseDate, type EvidenceDocument } from './evidence.js';

type Fields = YamlFile<Record<string, unknown>>;

/** A document's metadata: the front matter of a Markdown file, or a whole YAML file. */
async function readMetadata(
  doc: EvidenceDocument,
  source: TextSource,
): Promise<{ fields: Fields; block: Location }> {
  if (/\.ya?ml$/i.test(doc.path)) {
    const text = await readTextInput(source, doc.path, {
      maxBytes: MAX_DOCUMENT_BYTES,
      expected: 'a YAML evidence document',
    });
    const yaml = parseYaml(text, doc.path);
    if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
      throw new UserError({
        message: `${doc.path} must be a mapping of keys (status, approver, approved_on, ...)`,
        hint: 'start the file with `status:`, `approver:` and `approved_on:` lines',
        location: yaml.locate([]),
      });
    }
    return { fields: yaml as Fields, block: { file: doc.path, line: 1, column: 1 } };
  }
  const md = await readMarkdown(source, doc.path, 'a Markdown evidence document');
  if (!md.frontMatter) {
    throw new UserError({
      message: `${doc.path} has no YAML front matter with its approval`,
      hint: 'start the document with status, approver, approved_on, expires and model_version between two `---` lines',
      location: { file: doc.path, line: 1, column: 1 },
    });
  }
  return { fields: md.frontMatter.yaml as Fields, block: md.frontMatter.location };
}

/**
 * What a pull request changes of a document against its base: its approval (or the whole
 * document, new or unreadable there), only its text, or nothing.
 */
async function changeOf(
  doc: EvidenceDocument,
  ctx: GateContext<'compliance'>,
  base: string,
  head: { bytes: Uint8Array; approval: string },
): Promise<ApprovalClaim['change'] | null> {
  const bytes = await ctx.inputs.readAt(base, doc.path);
  if (!bytes) return 'approval';
  if (Buffer.from(bytes).equals(head.bytes)) return null;
  try {
    const { fields } = await readMetadata(doc, {
      inputs: { read: async () => bytes },
      files: { stat: async () => null },
    });
    const key = approvalKey(
      approverLogin(fields.value.approver),
      parseDate(fields.value.approved_on),
    );
    return key === head.approval ? 'text' : 'approval';
  } catch {
    return 'approval';
  }
}

/**
 * Evidence documents approved by the right role, not expired, covering the shipped model; with
 * `controls`, each control of the register. Built with the evidence gates a control may rest
 * on, which it re-runs on the same commit, so it does not import the registry that lists it.
 */
export const complianceGate = (evidenceGates: () => readonly Gate[]): Gate<'compliance'> => ({
  name: 'compliance',
  title: 'Compliance',
  async run(ctx) {
    const { config } = ctx;
    const items: Item[] = [];
    let model: ShippedModel | undefined;
    if (config.documents.some((d) => d.covers_model)) {
      try {
        model = await readShippedModel(ctx.policy, { inputs: ctx.inputs, files: ctx.ports.files });
      } catch (e) {
        items.push(...errorItems(e, 'model:'));
      }
    }
    const evidence = {
      roles: ctx.policy.roles,
      now: ctx.now,
      warnBeforeDays: config.warn_before_days,
      model,
    };
    const stale: string[] = [];
    const judgedDocuments = new Map<string, DocumentEvidence>();
    const documents: DocumentEvidence[] = [];
    const claims: (ApprovalClaim & { of: DocumentEvidence })[] = [];
    const base = ctx.run.pullRequest?.base.sha;
    let read: Uint8Array = new Uint8Array();
    const source = {
      inputs: { read: async (path: string) => (read = await ctx.inputs.read(path)) },
      files: ctx.ports.files,
    };
    for (const doc of config.documents) {
      try {
        const { fields, block } = await readMetadata(doc, source);
        const bytes = read; // what was judged, to compare with the base
        const judged = judgeEvidence(doc, fields, block, evidence);
        const coverage = judged.find((i) => i.rule === 'model-version');
        if (coverage?.status === 'fail') stale.push(doc.id);
        const approver = approverLogin(fields.value.approver);
        const approvedOn = parseDate(fields.value.approved_on);
        const judgedDoc = {
          items: judged,
          ...(approver ? { approver } : {}),
          ...(approvedOn ? { approvedOn } : {}),
        };
        judgedDocuments.set(doc.path, judgedDoc);
        documents.push(judgedDoc);
        const approval = judged.find((i) => i.rule === 'approval');
        if (base && approval?.status === 'pass' && approver && approvedOn) {
          const head = { bytes: Buffer.from(bytes), approval: approvalKey(approver, approvedOn) };
          const change = await changeOf(doc, ctx, base, head);
          if (change)
            claims.push({
              path: doc.path,
              approver,
              approvedOn,
              change,
              item: approval,
              of: judgedDoc,
            });
        }
      } catch (e) {
        const judgedDoc = { items: errorItems(e, `${doc.id}/`) };
        judgedDocuments.set(doc.path, judgedDoc);
        documents.push(judgedDoc);
      }
    }
    // A changed approval stands only as proven: its item is replaced where it is judged.
    const proofs = await proveApprovals(ctx, claims);
    claims.forEach(({ of, item }, i) => {
      of.items = of.items.map((it) => (it === item ? proofs[i]! : it));
    });
    for (const judged of documents) items.push(...judged.items);
    if (model && stale.length > 0) {
      items.push({
        id: 'model-version',
        status: 'info',
        message: `model version ${model.version} is not covered by ${stale.join(', ')}: ${stale.length === 1 ? 'it needs' : 'each needs'} re-approval for ${model.version}`,
        observed: model.version,
        location: model.versionLocation,
        rule: 'model-version',
      });
    }
    if (config.controls)
      items.push(...(await controlItems(ctx, config.controls, judgedDocuments, evidenceGates())));
    return { items };
  },
});
