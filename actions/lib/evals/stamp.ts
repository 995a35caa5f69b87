/**
 * Stamps: what a result file was produced with. The eval job writes one beside each result
 * file (`release-gates stamp-evals`): the result file's sha256, a content hash of what the
 * evals evaluate (the freshness paths and the model configuration) and the model version.
 * The gate recomputes both: results re-committed with a trivial change after the prompts
 * moved on are newer in git, but their stamp names the old prompts. docs/evals.md says what
 * a stamp cannot prove (anyone can write one; a trusted CI job should).
 */
import { UserError } from '../errors.js';
import type { GateContext } from '../gate.js';
import { sha256 } from '../parse/bytes.js';
import type { EvalsGate, ReleasePolicy } from '../policy/policy.generated.js';
import type { FilePort } from '../ports.js';
import { modelContent, readShippedModel } from '../shipped-model.js';
import type { Item } from '../verdict/model.js';
import { shortSha } from '../words.js';

export const STAMP_SUFFIX = '.stamp';
const KIND = 'release-gates/eval-stamp/v1';
const MAX_STAMP_BYTES = 64 * 1024;

export interface Stamp {
  stamp: typeof KIND;
  results: { path: string; sha256: string };
  evaluated: { sha256: string; files: number };
  model?: { id: string; version: string };
  /** Free text, e.g. the URL of the CI run that produced the results. */
  produced_by?: string;
}

export const stampPath = (resultFile: string) => `${resultFile}${STAMP_SUFFIX}`;

/** The model the policy names, or undefined when it names none. */
async function currentModel(
  policy: ReleasePolicy,
  files: FilePort,
): Promise<Stamp['model'] | undefined> {
  if (!policy.model) return undefined;
  const model = await readShippedModel(policy, { inputs: files, files });
  return { id: model.id, version: model.version };
}

/** The stamp of a result file as it is now, for `stamp-evals` to write. */
export async function makeStamp(
  files: FilePort,
  policy: ReleasePolicy,
  resultFile: string,
  producedBy?: string,
): Promise<Stamp> {
  const model = await currentModel(policy, files);
  return {
    stamp: KIND,
    results: { path: resultFile, sha256: sha256(await files.read(resultFile)) },
    evaluated: await modelContent(files, policy),
    ...(model ? { model } : {}),
    ...(producedBy ? { produced_by: producedBy } : {}),
  };
}

function parseStamp(bytes: Uint8Array, file: string): Stamp {
  const bad = (what: string) =>
    new UserError({
      message: `${file} is not a stamp: ${what}`,
      hint: 'write it with `release-gates stamp-evals` in the job that runs the evals; never by hand',
      location: { file, line: 1, column: 1 },
    });
  if (bytes.length > MAX_STAMP_BYTES) throw bad(`larger than ${MAX_STAMP_BYTES / 1024} KiB`);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad('not valid JSON'); // the position only: a parse error could quote the text
  }
  const s = v as Partial<Stamp> | null;
  const hex = (x: unknown) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
  if (typeof s !== 'object' || s === null || s.stamp !== KIND) throw bad(`"stamp" is not ${KIND}`);
  if (!hex(s.results?.sha256)) throw bad('"results.sha256" is not a sha256');
  if (!hex(s.evaluated?.sha256)) throw bad('"evaluated.sha256" is not a sha256');
  if (s.model !== undefined && typeof s.model?.version !== 'string')
    throw bad('"model.version" is not text');
  return s as Stamp;
}

/**
 * One item: every result file's stamp agrees with the file, the evaluated files and the
 * model as they are now. Without a stamp: an error under `require_stamp`, else not judged.
 */
export async function checkStamps(
  ctx: Pick<GateContext<'evals'>, 'inputs' | 'ports' | 'policy'>,
  freshness: NonNullable<EvalsGate['freshness']>,
  resultFiles: readonly string[],
): Promise<Item | undefined> {
  const base = {
    id: 'stamp',
    rule: 'freshness',
    expected: 'results stamped for the current prompts and model',
  };
  const files = ctx.ports.files;
  const recorded = new Map(
    ctx.inputs
      .list()
      .filter((i) => !i.ref)
      .map((i) => [i.file, i.sha256]),
  );
  const found = [];
  for (const file of resultFiles) {
    const path = stampPath(file);
    if ((await files.stat(path))?.kind !== 'file') {
      if (!freshness.require_stamp) continue;
      return {
        ...base,
        status: 'error',
        message: `${file} has no stamp (${path}): the policy requires results stamped with what they were produced from`,
        hint: 'run `npx release-gates stamp-evals` in the job that runs the evals, right after them, and commit the stamps with the results',
        location: { file, line: 1, column: 1 },
      };
    }
    found.push({ file, path, stamp: parseStamp(await ctx.inputs.read(path), path) });
  }
  if (found.length === 0) return undefined;

  const now = await modelContent(files, ctx.policy);
  const model = await currentModel(ctx.policy, files);
  for (const { file, path, stamp } of found) {
    const stale = (message: string, hint: string): Item => ({
      ...base,
      status: 'error',
      message: `results are stale: ${message}`,
      hint,
      location: { file: path, line: 1, column: 1 },
    });
    if (stamp.results.sha256 !== recorded.get(file))
      return stale(
        `${file} is not the file its stamp was written for (sha256 ${shortSha(stamp.results.sha256)}…): it changed after it was stamped`,
        're-run the evals and `release-gates stamp-evals`; a result file is never edited after its run',
      );
    if (model && stamp.model && stamp.model.version !== model.version)
      return stale(
        `${file} was produced with model ${stamp.model.version}, the release ships ${model.version}`,
        're-run the evals on the current model and stamp them',
      );
    if (stamp.evaluated.sha256 !== now.sha256)
      return stale(
        `${file} was produced from other prompts or model configuration than the current ones (evaluated files hash ${shortSha(stamp.evaluated.sha256)}…, now ${shortSha(now.sha256)}…)`,
        're-run the evals on the current prompts and model configuration, then `release-gates stamp-evals`',
      );
  }
  return {
    ...base,
    status: 'pass',
    message: `${found.map((f) => f.file).join(', ')} stamped for the current ${now.files} evaluated files (hash ${shortSha(now.sha256)}…)${model ? ` and model ${model.version}` : ''}`,
    location: { file: found[0]!.path, line: 1, column: 1 },
  };
}
