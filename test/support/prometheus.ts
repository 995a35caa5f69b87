/**
 * A real Prometheus server for tests and benchmarks: OpenMetrics text backfilled into a TSDB
 * with `promtool tsdb create-blocks-from openmetrics`, then `prometheus` serving it on
 * 127.0.0.1. .ci/run installs Debian's `prometheus` package (both binaries) when it is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

function which(name: string): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** The two binaries, or undefined when either is missing. */
export function findPrometheus(): { prometheus: string; promtool: string } | undefined {
  const prometheus = which('prometheus');
  const promtool = which('promtool');
  return prometheus && promtool ? { prometheus, promtool } : undefined;
}

/** A series of a counter or a histogram: [unix seconds, value] points, oldest first. */
export interface Series {
  /** The sample's name as OpenMetrics writes it: `x_total`, `x_bucket`, `x_count`, `x_sum`. */
  name: string;
  labels?: Record<string, string>;
  points: (readonly [number, number])[];
}

export interface Family {
  /** The family's name: `x` for a counter sampled as `x_total`, a histogram's base name. */
  name: string;
  type: 'counter' | 'histogram';
  series: Series[];
}

function labelText(labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '';
}

/** Writes the families as OpenMetrics text, series after series, to `file`; resolves when flushed. */
export async function writeOpenMetrics(file: string, families: Iterable<Family>): Promise<void> {
  const out = createWriteStream(file);
  let buffer = '';
  const flush = async () => {
    if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
    buffer = '';
  };
  for (const family of families) {
    buffer += `# TYPE ${family.name} ${family.type}\n`;
    for (const s of family.series) {
      const head = `${s.name}${labelText(s.labels)} `;
      for (const [t, v] of s.points) {
        buffer += `${head}${v} ${t}\n`;
        if (buffer.length > 1 << 20) await flush();
      }
    }
  }
  buffer += '# EOF\n';
  await flush();
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Backfills an OpenMetrics file into a new TSDB directory `dir`. */
export function backfill(promtool: string, file: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class PrometheusServer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** Serves the TSDB in `dataDir` (no scraping) once /-/ready says so. */
  static async start(binary: string, dataDir: string): Promise<PrometheusServer> {
    const config = join(dataDir, '..', `prometheus-${Date.now()}.yml`);
    writeFileSync(config, 'global: {}\n');
    const port = await freePort();
    let log = '';
    const child = spawn(
      binary,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${dataDir}`,
        // Backfilled data is old: keep it whatever its age.
        '--storage.tsdb.retention.time=100y',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, child);
    const until = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
      try {
        if ((await fetch(`${server.url}/-/ready`)).ok) return server;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) {
        await server.stop();
        throw new Error(`prometheus was not ready within 30 s:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the server and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
