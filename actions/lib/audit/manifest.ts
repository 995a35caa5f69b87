/**
 * The manifest of an audit pack: every file's sha256, in `MANIFEST.sha256` (the format of
 * `sha256sum`, so `sha256sum -c MANIFEST.sha256` checks the pack without release-gates) and in
 * `manifest.json` (for tools, with what the pack is of). `verifyPack` re-checks a pack: a file
 * altered, missing or added fails.
 */
import { decodeText, sha256 } from '../parse/bytes.js';
import type { Item } from '../verdict/model.js';
import type { ArchiveEntry } from './tar.js';

export const MANIFEST = 'MANIFEST.sha256';
const MANIFEST_JSON = 'manifest.json';
const PACK_SCHEMA = 'release-gates/audit-pack/v1';

interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
}

const encoder = new TextEncoder();

/** `sha256sum` text: `<hex>  <path>` a line, sorted by path. */
function formatManifest(entries: readonly ManifestEntry[]): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

/**
 * The pack's files with `manifest.json` (which lists the others, with `about`) and
 * `MANIFEST.sha256` (which lists every file but itself, manifest.json included), sorted.
 */
export function withManifest(
  files: readonly ArchiveEntry[],
  about: Record<string, unknown>,
): { files: ArchiveEntry[]; manifestSha256: string } {
  const listed = (list: readonly ArchiveEntry[]): ManifestEntry[] =>
    [...list]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((f) => ({ path: f.path, sha256: sha256(f.bytes), bytes: f.bytes.length }));
  const json = encoder.encode(
    `${JSON.stringify({ schema: PACK_SCHEMA, ...about, files: listed(files) }, null, 2)}\n`,
  );
  const all = [...files, { path: MANIFEST_JSON, bytes: json }];
  const manifest = encoder.encode(formatManifest(listed(all)));
  const out = [...all, { path: MANIFEST, bytes: manifest }].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return { files: out, manifestSha256: sha256(manifest) };
}

/** Reads a pack: its file paths (relative to the pack) and a file's bytes, null when absent. */
export interface PackReader {
  list(): Promise<string[]>;
  read(path: string): Promise<Uint8Array | null>;
}

const LINE = /^([0-9a-f]{64}) [ *](.+)$/;

/**
 * Items for a pack checked against its manifest: one per file altered, missing or not listed
 * (fail), one per bad manifest line (error), and a pass item when everything matches.
 */
export async function verifyPack(pack: PackReader, dir: string): Promise<Item[]> {
  const bytes = await pack.read(MANIFEST);
  if (!bytes) {
    return [
      {
        id: 'manifest',
        status: 'error',
        message: `${dir} has no ${MANIFEST}, so nothing can be checked`,
        hint: 'name the directory release-gates audit-pack wrote (the one holding MANIFEST.sha256 and manifest.json)',
        rule: 'manifest',
      },
    ];
  }
  const items: Item[] = [];
  const listed = new Map<string, string>();
  const text = decodeText(bytes, `${dir}/${MANIFEST}`, { expected: 'a sha256sum manifest' });
  text
    .split('\n')
    .slice(0, text.endsWith('\n') ? -1 : undefined)
    .forEach((line, i) => {
      const m = LINE.exec(line);
      if (!m || listed.has(m[2]!)) {
        items.push({
          id: `manifest/line-${i + 1}`,
          status: 'error',
          message: `${MANIFEST} line ${i + 1} is not "<sha256>  <path>"${m ? ` (${m[2]} is listed twice)` : ''}`,
          hint: 'the manifest is written by release-gates audit-pack: take the pack again from its source',
          location: { file: `${dir}/${MANIFEST}`, line: i + 1, column: 1 },
          rule: 'manifest',
        });
        return;
      }
      listed.set(m[2]!, m[1]!);
    });
  const present = new Set(await pack.list());
  let matched = 0;
  for (const [path, sum] of listed) {
    const file = present.has(path) ? await pack.read(path) : null;
    const id = `file/${path}`;
    if (!file) {
      items.push({
        id,
        status: 'fail',
        message: `${path} is listed in ${MANIFEST} but missing from the pack`,
        location: { file: `${dir}/${path}` },
        rule: 'missing',
      });
    } else if (sha256(file) !== sum) {
      items.push({
        id,
        status: 'fail',
        message: `${path} was altered: its sha256 is ${sha256(file)}, the manifest says ${sum}`,
        observed: sha256(file),
        expected: sum,
        location: { file: `${dir}/${path}` },
        rule: 'altered',
      });
    } else matched++;
  }
  for (const path of [...present].sort()) {
    if (path === MANIFEST || listed.has(path)) continue;
    items.push({
      id: `file/${path}`,
      status: 'fail',
      message: `${path} is in the pack but not in ${MANIFEST}: it was added afterwards`,
      location: { file: `${dir}/${path}` },
      rule: 'extra',
    });
  }
  items.push(...(await jsonAgrees(pack, listed)));
  if (!items.some((i) => i.status === 'fail' || i.status === 'error')) {
    items.push({
      id: 'manifest',
      status: 'pass',
      message: `all ${matched} files of ${dir} match ${MANIFEST} (sha256 ${sha256(bytes)}), and no file was added`,
      observed: sha256(bytes),
      rule: 'manifest',
    });
  }
  return items;
}

/** manifest.json must list the same sums as MANIFEST.sha256 (which vouches for manifest.json). */
async function jsonAgrees(pack: PackReader, listed: Map<string, string>): Promise<Item[]> {
  const bytes = listed.has(MANIFEST_JSON) ? await pack.read(MANIFEST_JSON) : null;
  if (!bytes) return [];
  let files: ManifestEntry[] | undefined;
  try {
    files = (JSON.parse(new TextDecoder().decode(bytes)) as { files?: ManifestEntry[] }).files;
  } catch {
    files = undefined;
  }
  const differ =
    !Array.isArray(files) ||
    files.length !== listed.size - 1 ||
    files.some((f) => listed.get(f?.path) !== f?.sha256);
  return differ
    ? [
        {
          id: `file/${MANIFEST_JSON}`,
          status: 'fail',
          message: `${MANIFEST_JSON} does not list the files and sums of ${MANIFEST}`,
          rule: 'altered',
        },
      ]
    : [];
}
