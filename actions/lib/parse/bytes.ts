import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [len, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [len, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [len, min] = [4, 0x10000];
    else return i;
    if (i + len > n) return i;
    let cp = b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/** 1-based line and column of a byte offset, counting columns in characters. */
export function positionOfByte(
  bytes: Uint8Array,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const prefix = Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8');
  return { line, column: [...prefix].length + 1 };
}

interface DecodeOptions {
  /** Refuse files larger than this many bytes. */
  maxBytes?: number;
  /** What the file should contain, for messages: "a YAML policy", "a Markdown card". */
  expected?: string;
}

/**
 * Bytes to text for files a human edits: refuses binary, oversized and non-UTF-8 input with a
 * located message; strips a byte-order mark. Whether empty text is acceptable is the caller's call.
 */
export function decodeText(bytes: Uint8Array, file: string, options: DecodeOptions = {}): string {
  const expected = options.expected ?? 'a text file';
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes) {
    throw new UserError({
      message: `${file} is ${bytes.length} bytes, larger than the ${options.maxBytes} bytes allowed for ${expected}`,
      hint: 'check that the path names the right file',
      location: { file },
    });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new UserError({
      message: `${file} is a binary file (NUL byte at offset ${nul}), expected ${expected}`,
      hint: 'check that the path names the right file',
      location: { file, ...positionOfByte(bytes, nul) },
    });
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad !== -1) {
    throw new UserError({
      message: `${file} is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
      hint: 'save the file as UTF-8',
      location: { file, ...positionOfByte(bytes, bad) },
    });
  }
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
