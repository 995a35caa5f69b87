/**
 * `release-gates audit-pack`: writes what a release was shipped on (a directory and/or a
 * .tar.gz) with a manifest of sha256 sums, and re-checks a pack against its manifest.
 */
import { buildAuditPack } from '../audit/pack.js';
import { MANIFEST, verifyPack, type PackReader } from '../audit/manifest.js';
import { tarGz } from '../audit/tar.js';
import { UserError } from '../errors.js';
import { errorItems } from '../gate.js';
import type { FilePort } from '../ports.js';
import { decide, errorVerdict } from '../verdict/decide.js';
import type { Item } from '../verdict/model.js';
import { makeReport } from '../verdict/report.js';
import { REPO_OPTION, withRepository } from './pull-request.js';
import { RELEASE_POLICY_OPTIONS, loadReleasePolicy } from './release.js';
import { defineCommand, path, text } from './spec.js';

const TITLE = 'Audit pack';

/** A pack directory read through the file port: its files relative to it. */
function packReader(files: FilePort, dir: string): PackReader {
  const base = dir === '' || dir === '.' ? '' : `${dir.replace(/\/+$/, '')}/`;
  return {
    async list() {
      const found = await files.glob([`${base}**`]);
      return found.map((f) => f.slice(base.length));
    },
    async read(path) {
      return (await files.stat(base + path))?.kind === 'file' ? files.read(base + path) : null;
    },
  };
}

/** The release number of `N` or `<prefix>N`. */
function releaseNumber(given: string, prefix: string): number {
  const text = given.startsWith(prefix) ? given.slice(prefix.length) : given;
  if (!/^[1-9][0-9]{0,8}$/.test(text))
    throw new UserError({
      message: `--release must be a release number or tag (3 or ${prefix}3), not "${given}"`,
      hint: 'release-gates releases --limit 0 lists the releases',
    });
  return Number(text);
}

export const auditPackCommand = defineCommand({
  name: 'audit-pack',
  summary:
    'Write the audit pack of a release (its record, the gate verdicts re-run on its commit, the approvals, the cards and evidence, the controls register, the incidents and root-cause analyses since) with a sha256 manifest; or check a pack against its manifest.',
  details:
    'Everything is read from git objects and the GitHub API, never the working tree; personal data in issue text is masked. Writing needs a token (pull requests and issues are read). --verify exits 1 when a file was altered, removed or added. docs/releasing.md#the-audit-pack lists the files.',
  options: {
    release: text('The release, as a number or its tag (release/3).'),
    dir: path('Write the pack into this directory, which must be empty or absent.'),
    archive: path('Write the pack as this gzipped tar archive (FILE.tar.gz).'),
    verify: path('Check the pack in this directory against its MANIFEST.sha256; write nothing.'),
    repo: REPO_OPTION,
    ...RELEASE_POLICY_OPTIONS,
  },
  examples: [
    {
      what: 'Write the pack of release/3 as a directory and an archive (needs GITHUB_TOKEN)',
      run: 'release-gates audit-pack --release 3 --dir audit/release-3 --archive audit/release-3.tar.gz',
    },
    {
      what: 'Check a pack an auditor received: exit 1 if a file was altered, removed or added',
      run: 'release-gates audit-pack --verify audit/release-3',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    const run = withRepository(options, env.run);
    if (options.verify !== undefined) {
      if (options.release || options.dir || options.archive)
        throw new UserError({
          message:
            '--verify checks a pack and writes nothing: it takes no --release, --dir or --archive',
          hint: 'run release-gates audit-pack --verify DIR on its own',
        });
      const items = await verifyPack(packReader(ports.files, options.verify), options.verify);
      const verdict = decide(
        {
          items,
          summary:
            items.at(-1)?.status === 'pass'
              ? `${options.verify} matches its ${MANIFEST}`
              : `${options.verify} does not match its ${MANIFEST}`,
        },
        { gate: 'audit-pack', title: TITLE, mode: 'enforce' },
      );
      return makeReport('audit-pack', [verdict], null, run.commit);
    }
    if (!options.release)
      throw new UserError({
        message: 'name the release to pack with --release N, or check a pack with --verify DIR',
        hint: 'release-gates audit-pack --release 3 --dir audit/release-3',
      });
    if (!options.dir && !options.archive)
      throw new UserError({
        message: 'say where the pack goes: --dir DIR, --archive FILE.tar.gz, or both',
        hint: 'release-gates audit-pack --release 3 --dir audit/release-3',
      });
    if (options.archive && !/\.(tar\.gz|tgz)$/.test(options.archive))
      throw new UserError({
        message: `--archive ${options.archive} must end in .tar.gz or .tgz: the pack is a gzipped tar archive`,
        hint: `e.g. --archive ${options.archive.replace(/\.[^./]*$/, '')}.tar.gz`,
      });
    if (options.dir && (await packReader(ports.files, options.dir).list()).length)
      throw new UserError({
        message: `--dir ${options.dir} is not empty: a file left in it would not be in the manifest`,
        hint: 'name a new or empty directory',
        location: { file: options.dir },
      });
    let source: Awaited<ReturnType<typeof loadReleasePolicy>>;
    try {
      source = await loadReleasePolicy(options, ports);
    } catch (e) {
      return makeReport(
        'audit-pack',
        [errorVerdict('audit-pack', TITLE, 'enforce', errorItems(e))],
        null,
        run.commit,
      );
    }
    const number = releaseNumber(options.release, source.loaded.policy.promotion.tag_prefix);
    const pack = await buildAuditPack({
      inForce: source.loaded,
      sourceHead: source.sourceHead,
      ports,
      run,
      release: number,
    });
    const items: Item[] = [...pack.items];
    const where: string[] = [];
    if (pack.files.length && pack.release) {
      if (options.dir) {
        for (const f of pack.files)
          await ports.files.write(`${options.dir.replace(/\/+$/, '')}/${f.path}`, f.bytes);
        where.push(options.dir);
      }
      if (options.archive) {
        await ports.files.write(
          options.archive,
          tarGz(pack.files, new Date(pack.release.record.at)),
        );
        where.push(options.archive);
      }
      items.push({
        id: 'written',
        status: 'pass',
        message: `wrote ${pack.files.length} files to ${where.join(' and ')}; ${MANIFEST} has sha256 ${pack.manifestSha256}: keep it apart from the pack`,
        observed: pack.manifestSha256,
        rule: 'audit-pack',
      });
    }
    const tag = pack.release?.record.tag ?? `release ${number}`;
    const verdict = decide(
      {
        items,
        summary: where.length
          ? `the audit pack of ${tag} is in ${where.join(' and ')}`
          : `no audit pack of ${tag} written: see the errors`,
        data: {
          release: number,
          ...(pack.release
            ? { tag: pack.release.record.tag, commit: pack.release.record.stable.commit }
            : {}),
          files: pack.files.length,
          manifest_sha256: pack.manifestSha256,
        },
      },
      { gate: 'audit-pack', title: TITLE, mode: 'enforce' },
    );
    return makeReport(
      'audit-pack',
      [verdict],
      source.loaded.ref,
      pack.release?.record.stable.commit ?? run.commit,
    );
  },
});
