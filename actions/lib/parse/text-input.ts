import { UserError } from '../errors.js';
import type { FilePort } from '../ports.js';
import { decodeText } from './bytes.js';

/** Where a gate reads from: `ctx.inputs` (records the sha256) and the file port (for stat). */
export interface TextSource {
  inputs: { read(path: string): Promise<Uint8Array> };
  files: Pick<FilePort, 'stat'>;
}

/**
 * A human-edited text input, refused with a located message when it is not a regular file,
 * too large (checked before reading it), empty, binary or not UTF-8.
 */
export async function readTextInput(
  source: TextSource,
  path: string,
  options: { maxBytes: number; expected: string },
): Promise<string> {
  const info = await source.files.stat(path);
  if (info?.kind === 'other') {
    throw new UserError({
      message: `${path} is not a regular file, expected ${options.expected}`,
      hint: 'name a regular file',
      location: { file: path },
    });
  }
  if (info && info.kind === 'file' && info.size > options.maxBytes) {
    throw new UserError({
      message: `${path} is ${info.size} bytes, larger than the ${options.maxBytes} bytes allowed for ${options.expected}`,
      hint: 'check that the path names the right file',
      location: { file: path },
    });
  }
  // A missing file or a directory is reported by the read itself.
  const text = decodeText(await source.inputs.read(path), path, options);
  if (text.trim() === '') {
    throw new UserError({
      message: `${path} is empty, expected ${options.expected}`,
      hint: 'write the document, or point the policy at the right file',
      location: { file: path, line: 1, column: 1 },
    });
  }
  return text;
}
