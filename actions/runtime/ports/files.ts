import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  appendFile,
  mkdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { UserError } from '../../lib/errors.js';
import type { FilePort, FileStat } from '../../lib/ports.js';

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Files under one root. Paths that escape it (.., absolute, symlinks out) are refused, except
 * those the user named on the command line (`given`) and the files under a directory so named:
 * the boundary keeps what a policy names in the repository, not a user's own input or output.
 */
export class NodeFiles implements FilePort {
  constructor(
    readonly root: string,
    private readonly given: ReadonlySet<string> = new Set(),
  ) {}

  /** Named on the command line, or inside a directory that was (never `..` out of it). */
  private isGiven(path: string): boolean {
    if (this.given.has(path)) return true;
    const full = resolve(this.root, path);
    for (const g of this.given) {
      if (!g) continue;
      const rel = relative(resolve(this.root, g), full);
      if (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel)) return true;
    }
    return false;
  }

  private async resolveInside(path: string, mustExist: boolean): Promise<string> {
    const full = resolve(this.root, path);
    if (this.isGiven(path)) return full;
    const rel = relative(this.root, full);
    if (isAbsolute(path) || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
      throw new UserError({
        message: `${path} is outside the repository`,
        hint: 'use a path relative to the repository root',
        location: { file: path },
      });
    }
    if (!mustExist) return full;
    try {
      const real = await realpath(full);
      const rootReal = await realpath(this.root);
      const relReal = relative(rootReal, real);
      if (relReal.startsWith('..' + sep) || relReal === '..' || isAbsolute(relReal)) {
        throw new UserError({
          message: `${path} is a link to a file outside the repository`,
          hint: 'replace the symbolic link with the file itself',
          location: { file: path },
        });
      }
    } catch (e) {
      if (e instanceof UserError) throw e;
      this.fail(path, e);
    }
    return full;
  }

  private fail(path: string, e: unknown): never {
    const code = errorCode(e);
    const location = { file: path };
    switch (code) {
      case 'ENOENT':
      case 'ENOTDIR':
        throw new UserError({
          message: `${path} does not exist`,
          hint: 'check the path, or create the file',
          location,
        });
      case 'EISDIR':
        throw new UserError({
          message: `${path} is a directory, expected a file`,
          hint: 'name a file inside it',
          location,
        });
      case 'EACCES':
      case 'EPERM':
        throw new UserError({
          message: `${path} cannot be read (permission denied)`,
          hint: 'check the file permissions',
          location,
        });
      default:
        throw new UserError({
          message: `${path} cannot be read: ${(e as Error)?.message ?? String(e)}`,
          hint: 'check that the path names a readable file, not a broken or looping link',
          location,
        });
    }
  }

  async read(path: string): Promise<Uint8Array> {
    const full = await this.resolveInside(path, true);
    try {
      return await readFile(full);
    } catch (e) {
      this.fail(path, e);
    }
  }

  async *stream(path: string): AsyncIterable<Uint8Array> {
    const full = await this.resolveInside(path, true);
    const info = await stat(full).catch((e: unknown) => this.fail(path, e));
    if (info.isDirectory())
      this.fail(path, Object.assign(new Error('directory'), { code: 'EISDIR' }));
    try {
      for await (const chunk of createReadStream(full, { highWaterMark: 1 << 20 }))
        yield chunk as Buffer;
    } catch (e) {
      this.fail(path, e);
    }
  }

  async stat(path: string): Promise<FileStat | null> {
    const full = await this.resolveInside(path, false);
    try {
      const s = await stat(full);
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other', size: s.size };
    } catch {
      return null;
    }
  }

  async glob(patterns: readonly string[]): Promise<string[]> {
    // A file named on the command line is itself, wherever it is; patterns match inside.
    const files: string[] = [];
    const rest: string[] = [];
    for (const p of patterns)
      if (this.given.has(p) && (await this.stat(p))?.kind === 'file') files.push(p);
      else rest.push(p);
    for (const p of rest) await this.resolveInside(p.replace(/[*?{[].*$/, ''), false);
    if (rest.length === 0) return [...new Set(files)].sort();
    const found = await glob([...rest], {
      cwd: this.root,
      onlyFiles: true,
      dot: true,
      expandDirectories: false,
      // .release-gates: the judge's own checkout (the workflows put it in the workspace), not data.
      ignore: ['.git/**', '**/node_modules/**', '.release-gates/**'],
    });
    // Outside the root (under a directory named on the command line), paths are absolute.
    const named = (f: string) => {
      const path = f.split(sep).join('/');
      return path === '..' || path.startsWith('../')
        ? resolve(this.root, f).split(sep).join('/')
        : path;
    };
    return [...new Set([...files, ...found.map(named)])].sort();
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    const full = await this.resolveInside(path, false);
    await mkdir(dirname(full), { recursive: true });
    // Same directory, so the rename cannot cross file systems and is atomic.
    const temp = `${full}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, full);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  }

  async append(path: string, data: string): Promise<void> {
    const full = await this.resolveInside(path, false);
    await mkdir(dirname(full), { recursive: true });
    await appendFile(full, data);
  }
}
