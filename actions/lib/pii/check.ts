import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import { errorItems, type InputRecorder } from '../gate.js';
import type { PiiGate } from '../policy/policy.generated.js';
import type { FilePort } from '../ports.js';
import type { GateOutcome } from '../verdict/decide.js';
import type { Item, ItemStatus, Location } from '../verdict/model.js';
import { allowlist } from './allowlist.js';
import { Baseline } from './baseline.js';
import { DEFAULT_PHONE_REGIONS } from './scan.js';
import { scanFile, type FileFinding, type ScanStats } from './sources.js';
import { PII_TYPES, type PiiType } from './types.js';
import { plural } from '../words.js';

/** The gate's policy section with ajv's defaults filled in, as the CLI builds it without a policy. */
export const DEFAULT_PII_CONFIG: Omit<PiiGate, 'paths'> = {
  fields: [],
  detectors: {},
  allowlist: { values: [], patterns: [], files: [] },
  default_allowlist: true,
  phone_regions: [...DEFAULT_PHONE_REGIONS],
};

interface PiiScanResult {
  files: string[];
  /** Files the allowlist skips. */
  skipped: string[];
  stats: ScanStats;
  /** Findings that count: not allowlisted, not in the baseline. */
  findings: FileFinding[];
  /** Findings by type that an allowlist or the baseline accepted: counted, not listed. */
  allowlisted: Partial<Record<PiiType, number>>;
  baselined: Partial<Record<PiiType, number>>;
  /** Files that could not be scanned, as error items. */
  errors: Item[];
  /** Entries of `paths` that matched no file. */
  unmatched: string[];
  /** Files under the directories the globs scan that no glob covers (nor the allowlist skips). */
  uncovered: string[];
}

/**
 * The directories a set of globs is about: the fixed part of each (`evals/golden` of
 * `evals/golden/**\/*.jsonl`). A glob without one (`**\/*.json`) names no directory.
 */
function goldenDirs(patterns: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const p of patterns) {
    const { base, isGlob } = picomatch.scan(p);
    if (isGlob && base) dirs.add(base);
  }
  return [...dirs];
}

export function enabledTypes(config: PiiGate): PiiType[] {
  return PII_TYPES.filter((t) => config.detectors[t]?.enabled !== false);
}

export async function readBaseline(inputs: InputRecorder, file: string): Promise<Baseline> {
  const bytes = await inputs.read(file).catch((e: unknown) => {
    if (e instanceof UserError && /does not exist/.test(e.message)) {
      throw new UserError({
        message: `the PII baseline ${file} does not exist`,
        hint: `create it with \`release-gates pii-scan --write-baseline ${file}\`, or remove gates.pii.baseline`,
        location: { file },
      });
    }
    throw e;
  });
  return Baseline.parse(Buffer.from(bytes).toString('utf8'), file);
}

/**
 * Scans the files the configuration names: the one scan behind the pii gate and
 * `release-gates pii-scan`. Findings that an allowlist or the baseline accepts are counted
 * by type; a file that cannot be scanned becomes an error item and the others go on.
 */
export async function scanPaths(
  config: PiiGate,
  io: { files: FilePort; inputs: InputRecorder },
  baseline?: Baseline,
): Promise<PiiScanResult> {
  // A directory means everything under it: `pii-scan evals/golden`.
  const patterns = await Promise.all(
    config.paths.map(async (p) =>
      (await io.files.stat(p))?.kind === 'dir' ? `${p.replace(/\/+$/, '')}/**` : p,
    ),
  );
  const each = await Promise.all(patterns.map((p) => io.files.glob([p])));
  const matched = [...new Set(each.flat())].sort();
  const skip = config.allowlist.files.length
    ? picomatch(config.allowlist.files, { dot: true })
    : () => false;
  // A file next to the golden outputs that no glob reads could hold anything: name it.
  const inGolden = await io.files.glob(goldenDirs(patterns).map((d) => `${d}/**`));
  const covered = new Set(matched);
  const result: PiiScanResult = {
    files: matched.filter((f) => !skip(f)),
    skipped: matched.filter((f) => skip(f)),
    stats: { values: 0, chars: 0 },
    findings: [],
    allowlisted: {},
    baselined: {},
    errors: [],
    unmatched: config.paths.filter((_, i) => each[i]!.length === 0),
    uncovered: inGolden.filter((f) => !covered.has(f) && !skip(f) && f !== config.baseline),
  };
  const allowed = allowlist({ ...config.allowlist, defaultAllowlist: config.default_allowlist });
  const options = {
    scan: { types: enabledTypes(config), phoneRegions: config.phone_regions },
    fields: config.fields,
  };
  const source = {
    read: (f: string) => io.inputs.read(f),
    stream: (f: string) => io.inputs.stream(f),
  };
  for (const file of result.files) {
    try {
      for await (const finding of scanFile(file, source, options, result.stats)) {
        if (allowed(finding.type, finding.value)) {
          result.allowlisted[finding.type] = (result.allowlisted[finding.type] ?? 0) + 1;
        } else if (baseline?.has(finding.type, finding.value, file)) {
          result.baselined[finding.type] = (result.baselined[finding.type] ?? 0) + 1;
        } else {
          result.findings.push(finding);
        }
      }
    } catch (e) {
      result.errors.push(
        ...errorItems(e).map((item, i) => ({
          ...item,
          id: `input/${file}${i ? `/${i + 1}` : ''}`,
        })),
      );
    }
  }
  return result;
}

const STATUS: Record<'error' | 'warning' | 'note', ItemStatus> = {
  error: 'fail',
  warning: 'warn',
  note: 'info',
};

function where(f: FileFinding): string {
  if (f.key) return f.location.pointer ? ` in the key ${f.location.pointer}` : ' in the header row';
  if (f.location.pointer === undefined) return '';
  return ` in ${f.location.pointer || '/'}${f.offset ? ` at character ${f.offset + 1}` : ''}`;
}

/** One item per finding (by file:line:column, never by value) and one per detector. */
export function piiOutcome(
  config: PiiGate,
  result: PiiScanResult,
  policyLocation: (path: (string | number)[]) => Location | undefined,
): GateOutcome {
  const located = (path: (string | number)[]) => {
    const location = policyLocation(path);
    return location ? { location } : {};
  };
  const items: Item[] = [...result.errors];
  if (result.files.length === 0 && result.errors.length === 0) {
    items.push({
      id: 'paths',
      status: 'error',
      message: `no file to scan: ${config.paths.join(', ')} matched ${result.skipped.length ? `only files the allowlist skips (${result.skipped.length})` : 'nothing'}`,
      hint: 'check the paths: a PII scan that scanned nothing cannot pass',
      ...located(['gates', 'pii', 'paths']),
      rule: 'input',
    });
  } else {
    for (const glob of result.unmatched) {
      const index = config.paths.indexOf(glob);
      items.push({
        id: `paths/${glob}`,
        status: 'error',
        message: `${glob} matched no file: the golden outputs it should name are not scanned`,
        hint: 'fix the glob, or remove it from the paths',
        ...located(['gates', 'pii', 'paths', index]),
        rule: 'input',
      });
    }
  }
  if (result.files.length > 0 && result.stats.values === 0 && result.errors.length === 0) {
    items.push({
      id: 'fields',
      status: 'error',
      message: `no value to scan: the fields ${config.fields.join(', ')} selected nothing in ${plural(result.files.length, 'file')}`,
      hint: 'name fields the golden outputs have, e.g. expected_output, or remove gates.pii.fields',
      ...located(['gates', 'pii', 'fields']),
      rule: 'input',
    });
  }

  const byType = new Map<PiiType, FileFinding[]>();
  for (const f of result.findings) {
    const list = byType.get(f.type);
    if (list) list.push(f);
    else byType.set(f.type, [f]);
  }
  const scanned = `${plural(result.stats.values, 'value')} in ${plural(result.files.length, 'file')}`;
  for (const type of enabledTypes(config)) {
    const found = byType.get(type) ?? [];
    const { severity = 'error', allowed = 0 } = config.detectors[type] ?? {};
    const over = found.length > allowed;
    const accepted = [
      result.allowlisted[type] ? `${result.allowlisted[type]} allowlisted` : '',
      result.baselined[type] ? `${result.baselined[type]} in the baseline` : '',
    ].filter(Boolean);
    items.push({
      id: `detector/${type}`,
      status: over ? 'info' : 'pass',
      message: `${found.length ? plural(found.length, `${type} finding`) : `no ${type}`} in ${scanned}${allowed ? ` (${allowed} allowed)` : ''}${accepted.length ? `; ${accepted.join(', ')}` : ''}`,
      observed: found.length,
      expected: `<= ${allowed}`,
      rule: 'detector',
    });
    for (const f of found) {
      const { file, line, column } = f.location;
      items.push({
        id: `pii/${type}:${file}:${line}:${column}`,
        status: over ? STATUS[severity] : 'info',
        message: `${f.kind ?? type} ${f.preview}${where(f)}${f.validation === f.kind ? '' : ` (validated: ${f.validation})`}${over ? '' : ` — tolerated, ${allowed} allowed`}`,
        observed: f.preview,
        expected: 'no personal data or secrets',
        hint: 'remove it or use a reserved example (support@example.com); allowlist it if it is not personal data, or baseline existing findings (pii-scan --write-baseline)',
        location: f.location,
        rule: type,
      });
    }
  }
  // After the findings: annotations are capped per step, findings come first.
  for (const file of result.uncovered) {
    items.push({
      id: `uncovered/${file}`,
      status: 'fail',
      message: `${file} is among the golden outputs but no path glob scans it`,
      hint: 'add a glob for its type to gates.pii.paths, or list it in gates.pii.allowlist.files if it holds synthetic data on purpose',
      location: { file },
      rule: 'input',
    });
  }
  const found = result.findings.length;
  const accepted =
    Object.values(result.allowlisted).reduce((a, b) => a + b, 0) +
    Object.values(result.baselined).reduce((a, b) => a + b, 0);
  const data = {
    findings: found,
    by_type: Object.fromEntries(enabledTypes(config).map((t) => [t, byType.get(t)?.length ?? 0])),
    accepted,
    files: result.files.length,
    values: result.stats.values,
  };
  return {
    items,
    summary: `scanned ${scanned} (${result.stats.chars} characters): ${found ? plural(found, 'finding') : 'no personal data or secrets'}${accepted ? `, ${accepted} accepted by allowlist or baseline` : ''}`,
    data,
  };
}
