/**
 * A gzipped tar archive (POSIX ustar) of regular files: what `tar -xzf` on any system, and
 * Python's tarfile, read. Entries are in the given order with fixed owner, mode and time, so
 * the same files give the same bytes. Written here (about 40 lines, node:zlib for the gzip)
 * rather than taken from a package: the audit pack needs no links, no long names beyond
 * ustar's 255 characters, and no streaming.
 */
import { gzipSync } from 'node:zlib';
import { UserError } from '../errors.js';

export interface ArchiveEntry {
  path: string;
  bytes: Uint8Array;
}

const BLOCK = 512;
const encoder = new TextEncoder();

/** `value` as a NUL-terminated octal field of `width` bytes. */
function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** ustar keeps a name of up to 100 bytes, or a prefix of up to 155 and a name of up to 100. */
function splitName(path: string): { prefix: string; name: string } {
  const bytes = encoder.encode(path).length;
  if (bytes <= 100) return { prefix: '', name: path };
  const cut = path.lastIndexOf('/', 155);
  if (
    cut > 0 &&
    encoder.encode(path.slice(cut + 1)).length <= 100 &&
    encoder.encode(path.slice(0, cut)).length <= 155
  )
    return { prefix: path.slice(0, cut), name: path.slice(cut + 1) };
  throw new UserError({
    message: `${path} is too long for a tar archive (ustar keeps up to 255 characters)`,
    hint: 'write the pack as a directory (--dir) instead',
  });
}

function header(path: string, size: number, mtime: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (text: string, at: number) => block.set(encoder.encode(text), at);
  const { prefix, name } = splitName(path);
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put('        ', 148); // the checksum counts its own field as spaces
  put('0', 156); // a regular file
  put('ustar\0', 257);
  put('00', 263);
  put('root', 265);
  put('root', 297);
  put(prefix, 345);
  const sum = block.reduce((a, b) => a + b, 0);
  put(octal(sum, 7) + ' ', 148);
  return block;
}

/** The entries as a .tar.gz, every file dated `mtime`. */
export function tarGz(entries: readonly ArchiveEntry[], mtime: Date): Uint8Array {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    parts.push(header(e.path, e.bytes.length, seconds), e.bytes);
    const pad = (BLOCK - (e.bytes.length % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK)); // the end of the archive
  return gzipSync(Buffer.concat(parts), { level: 9 });
}
