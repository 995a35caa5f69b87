/**
 * Shared pieces of `npm run bench`: process timing with peak memory, and the row format.
 * Benchmarks measure; tests never time anything.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The sample release (the repository's own) in a fresh git repository, as a checkout has it. */
export function sampleWorkspace(prefix = 'rg-bench-ws-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const p of ['policies', 'chatbot', 'evals', 'docs']) {
    cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@invalid', 'commit', '-q', '-m', 'sample');
  return dir;
}

/** Whether jq, the peer a user would script the same ratio with, is installed. */
export function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Row {
  /** What was measured, e.g. "check action cold start". */
  name: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | 'MB/s' | 'x' | '' | 'cases/s';
  /** The target from the issue, when there is one, e.g. "< 3 s". */
  target?: string;
  /** Whether the target is met; undefined when there is none. */
  ok?: boolean;
  /** A peer tool measured on the same input, side by side. */
  peer?: boolean;
  note?: string;
}

export interface BenchOptions {
  /** Small inputs and few runs: the smoke run CI does. */
  quick: boolean;
}

export interface Bench {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<Row[]>;
}

// Preloaded into measured node processes: reports their own peak RSS when they exit.
const PEAK_PRELOAD = `
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.RG_PEAK_FILE) fs.writeFileSync(process.env.RG_PEAK_FILE, String(process.resourceUsage().maxRSS));
});
`;

let preloadPath: string | undefined;
function preload(): string {
  if (!preloadPath) {
    const dir = mkdtempSync(join(tmpdir(), 'rg-bench-'));
    preloadPath = join(dir, 'peak.cjs');
    writeFileSync(preloadPath, PEAK_PRELOAD);
  }
  return preloadPath;
}

export interface ProcessStats {
  medianMs: number;
  p90Ms: number;
  /** Peak resident memory of the node process, MB (node commands only). */
  peakMb?: number;
  code: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function once(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, code, stderr };
}

/**
 * Wall time from process start to exit over several runs (after one warm-up), and the
 * peak memory of node processes. Fails loudly if the command does not exit as expected.
 */
export async function timeProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; runs: number; expectCode?: number },
): Promise<ProcessStats> {
  const isNode = command === process.execPath;
  const peakFile = join(tmpdir(), `rg-peak-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env = {
    ...process.env,
    ...options.env,
    ...(isNode ? { RG_PEAK_FILE: peakFile, NODE_OPTIONS: `--require=${preload()}` } : {}),
  };
  const times: number[] = [];
  let peak = 0;
  let code = 0;
  for (let i = 0; i <= options.runs; i++) {
    const r = await once(command, args, options.cwd, env);
    code = r.code;
    if (options.expectCode !== undefined && r.code !== options.expectCode) {
      throw new Error(
        `${command} ${args.join(' ')} exited ${r.code}, expected ${options.expectCode}:\n${r.stderr.slice(-2000)}`,
      );
    }
    if (i === 0) continue; // warm-up: file cache, not what a user measures twice
    times.push(r.ms);
    if (isNode) {
      try {
        peak = Math.max(peak, Number(readFileSync(peakFile, 'utf8')) / 1024);
      } catch {
        /* process died before exit handler */
      }
    }
  }
  rmSync(peakFile, { force: true });
  times.sort((a, b) => a - b);
  return {
    medianMs: percentile(times, 0.5),
    p90Ms: percentile(times, 0.9),
    ...(isNode ? { peakMb: Math.round(peak * 10) / 10 } : {}),
    code,
  };
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * The PII scanner as it ships, bundled by esbuild like the actions (not run through tsx):
 * `scanText` and `scanFile`, written to `dir/scan.mjs`.
 */
export async function bundledScanner<Scan>(dir: string): Promise<{ file: string; scanText: Scan }> {
  const file = join(dir, 'scan.mjs');
  await build({
    stdin: {
      contents: `export { scanText } from './actions/lib/pii/scan.ts';\nexport { scanFile } from './actions/lib/pii/sources.ts';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    logLevel: 'error',
    // As scripts/build.ts bundles: jsonc-parser's ESM build, and `require` for CommonJS deps.
    alias: { 'jsonc-parser': join(ROOT, 'node_modules/jsonc-parser/lib/esm/main.js') },
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return { file, scanText: ((await import(file)) as { scanText: Scan }).scanText };
}
