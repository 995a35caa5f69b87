import { spawn } from 'node:child_process';
import picomatch from 'picomatch';
import type { SimpleGit } from 'simple-git';
import { UserError } from '../../lib/errors.js';
import type { FilePort, FileStat } from '../../lib/ports.js';
import type { CatFileBatch } from './git-batch.js';
import { GitError } from './git-error.js';

interface Entry {
  mode: string;
  sha: string;
  size: number;
}

/**
 * The files of one commit, read from git objects: what a promotion judges is exactly the
 * commit's tree, whatever is checked out and whatever untracked files lie around. Read-only.
 * Symbolic links and submodules are `other` and cannot be read, as links out of the
 * repository are refused for the working tree.
 */
export class GitTreeFiles implements FilePort {
  private listing: Promise<Map<string, Entry>> | undefined;

  constructor(
    private readonly git: SimpleGit,
    private readonly root: string,
    readonly commit: string,
    private readonly batch: CatFileBatch,
  ) {}

  private get where(): string {
    return `commit ${this.commit.slice(0, 12)}`;
  }

  private entries(): Promise<Map<string, Entry>> {
    return (this.listing ??= this.git
      .raw(['ls-tree', '-r', '-z', '-l', '--full-tree', this.commit])
      .catch((e: unknown) => {
        throw new GitError(`list the files of ${this.where}`, e);
      })
      .then((out) => {
        const map = new Map<string, Entry>();
        for (const line of out.split('\0')) {
          const tab = line.indexOf('\t');
          if (tab < 0) continue;
          const [mode, , sha, size] = line.slice(0, tab).split(/ +/);
          map.set(line.slice(tab + 1), { mode: mode!, sha: sha!, size: Number(size) || 0 });
        }
        return map;
      }));
  }

  private check(path: string): string {
    const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
    if (path.startsWith('/') || clean.split('/').includes('..')) {
      throw new UserError({
        message: `${path} is outside the repository`,
        hint: 'use a path relative to the repository root',
        location: { file: path },
      });
    }
    return clean;
  }

  private async entry(path: string): Promise<Entry> {
    const clean = this.check(path);
    const entry = (await this.entries()).get(clean);
    const location = { file: path };
    if (!entry) {
      const isDir = (await this.stat(clean))?.kind === 'dir';
      throw new UserError(
        isDir
          ? {
              message: `${path} is a directory in ${this.where}, expected a file`,
              hint: 'name a file inside it',
              location,
            }
          : {
              message: `${path} does not exist in ${this.where}`,
              hint: 'check the path, or commit the file to the branch being promoted',
              location,
            },
      );
    }
    if (entry.mode !== '100644' && entry.mode !== '100755') {
      throw new UserError({
        message: `${path} is a ${entry.mode === '120000' ? 'symbolic link' : 'submodule'} in ${this.where}, expected a file`,
        hint: 'commit the file itself',
        location,
      });
    }
    return entry;
  }

  async read(path: string): Promise<Uint8Array> {
    const { sha } = await this.entry(path);
    const found = await this.batch.read(sha);
    if (found?.type === 'blob') return found.bytes;
    return this.git.showBuffer([sha]).catch((e: unknown) => {
      throw new GitError(`read ${path} from ${this.where}`, e);
    });
  }

  async *stream(path: string): AsyncIterable<Uint8Array> {
    const { sha } = await this.entry(path);
    const child = spawn('git', ['cat-file', 'blob', sha], {
      cwd: this.root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const done = new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    for await (const chunk of child.stdout) yield chunk as Buffer;
    if ((await done) !== 0) {
      throw new UserError({
        message: `${path} cannot be read from ${this.where}`,
        location: { file: path },
      });
    }
  }

  async stat(path: string): Promise<FileStat | null> {
    const clean = this.check(path);
    const entries = await this.entries();
    const entry = entries.get(clean);
    if (entry) {
      const isFile = entry.mode === '100644' || entry.mode === '100755';
      return { kind: isFile ? 'file' : 'other', size: entry.size };
    }
    const prefix = clean === '' ? '' : `${clean}/`;
    for (const name of entries.keys()) if (name.startsWith(prefix)) return { kind: 'dir', size: 0 };
    return null;
  }

  /** The same matching as the working tree's glob: dot files included, node_modules skipped. */
  async glob(patterns: readonly string[]): Promise<string[]> {
    for (const p of patterns) this.check(p.replace(/[*?{[].*$/, ''));
    const isMatch = picomatch([...patterns], { dot: true });
    const skip = picomatch('**/node_modules/**', { dot: true });
    const found: string[] = [];
    for (const [name, entry] of await this.entries())
      if (entry.mode !== '160000' && isMatch(name) && !skip(name)) found.push(name);
    return found.sort();
  }

  write(path: string): Promise<void> {
    return Promise.reject(this.readOnly(path));
  }

  append(path: string): Promise<void> {
    return Promise.reject(this.readOnly(path));
  }

  private readOnly(path: string): UserError {
    return new UserError({
      message: `${path} cannot be written: the files of ${this.where} are read from git, read-only`,
      location: { file: path },
    });
  }
}
