import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

/** An object as `git cat-file --batch` gives it. */
export interface GitObject {
  sha: string;
  type: string;
  bytes: Buffer;
}

interface Waiting {
  resolve: (object: GitObject | null) => void;
}

type Child = ChildProcessByStdio<Writable, Readable, null>;

/** Whether a name fits one batch line: no control character (a line break), no edge spaces. */
function carried(name: string): boolean {
  if (name === '' || name.trim() !== name) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) (\d+)$/;

/**
 * One long-lived `git cat-file --batch` per repository: the object reads of a run (the commits
 * resolved, the baseline files, the files of a promoted commit) go down one pipe instead of
 * starting a git process each.
 *
 * `null` means "ask git the one-off way": git's `missing` (which it also answers for an object
 * it cannot read, a corrupt one say), `ambiguous`, a name a batch line cannot carry, or a
 * process that died or went silent. The caller then runs the one-off command, whose answer is
 * the authority: absent, or an error. So the batch can only save processes, never turn an
 * unreadable object into a missing one, and never hand out an answer cut short.
 *
 * The process is unref'd whenever nothing waits for it, so it never keeps the CLI alive; it
 * ends with its standard input, at `close()` or when the run's process exits.
 */
export class CatFileBatch {
  private child: Child | undefined;
  /** After the process died: every read goes the one-off way for the rest of the run. */
  private broken = false;
  private readonly waiting: Waiting[] = [];
  private chunks: Buffer[] = [];
  private length = 0;
  private header: { sha: string; type: string; size: number } | undefined;
  private silence: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: string,
    private readonly silenceLimitMs: number,
  ) {}

  /** The object a name (`sha`, `ref^{commit}`, `sha:path`) names, or null: ask git directly. */
  read(name: string): Promise<GitObject | null> {
    // One line per request: a name with a line break or edge spaces would be another request.
    if (this.broken || !carried(name)) return Promise.resolve(null);
    const child = this.start();
    if (!child) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.push({ resolve });
      this.hold(child, true);
      child.stdin.write(`${name}\n`);
    });
  }

  /** Ends the process: it exits once its standard input closes. */
  close(): void {
    this.child?.stdin.end();
  }

  private start(): Child | undefined {
    if (this.child) return this.child;
    let child: Child;
    try {
      child = spawn('git', ['cat-file', '--batch'], {
        cwd: this.root,
        stdio: ['pipe', 'pipe', 'ignore'],
      });
    } catch {
      this.broken = true;
      return undefined;
    }
    child.stdout.on('data', (chunk: Buffer) => this.received(child, chunk));
    // A write to a process that died: 'close' answers what waits.
    child.stdin.on('error', () => {});
    child.on('error', () => this.end(child));
    child.on('close', () => this.end(child));
    this.child = child;
    return child;
  }

  /** While a read waits the process keeps the event loop alive; idle, it does not. */
  private hold(child: Child, busy: boolean): void {
    const handles = [child, child.stdin, child.stdout] as unknown as Partial<Socket>[];
    for (const h of handles) (busy ? h.ref : h.unref)?.call(h);
    // A process that stays silent while a read waits is ended: the reads go the one-off way.
    clearTimeout(this.silence);
    this.silence = busy ? setTimeout(() => child.kill(), this.silenceLimitMs) : undefined;
  }

  private received(child: Child, chunk: Buffer): void {
    if (this.child !== child) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.hold(child, true);
    while (this.waiting.length) {
      if (!this.header) {
        const all = this.take(0);
        const eol = all.indexOf(10);
        if (eol < 0) return;
        const line = this.take(eol + 1).toString('utf8', 0, eol);
        const parsed = HEADER.exec(line);
        if (!parsed) {
          // `NAME missing`, `NAME ambiguous`: git's one-off command says which, and why.
          if (/ (missing|ambiguous)$/.test(line)) {
            this.waiting.shift()!.resolve(null);
            continue;
          }
          // Not an answer this reader knows: nothing after it can be matched to its request.
          child.kill();
          this.end(child);
          return;
        }
        this.header = { sha: parsed[1]!, type: parsed[2]!, size: Number(parsed[3]) };
      }
      const { sha, type, size } = this.header;
      if (this.length < size + 1) return;
      const bytes = this.take(size + 1).subarray(0, size);
      this.header = undefined;
      this.waiting.shift()!.resolve({ sha, type, bytes });
    }
    this.hold(child, false);
  }

  /** The first `n` bytes received (all of them joined for 0), removed when n > 0. */
  private take(n: number): Buffer {
    const all =
      this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    if (n === 0) {
      this.chunks = [all];
      return all;
    }
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return all.subarray(0, n);
  }

  /** The process died or was killed: what waits, and every later read, asks git directly. */
  private end(child: Child): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.broken = true;
    clearTimeout(this.silence);
    this.chunks = [];
    this.length = 0;
    this.header = undefined;
    for (const w of this.waiting.splice(0)) w.resolve(null);
  }
}
