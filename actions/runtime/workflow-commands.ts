import { randomBytes } from 'node:crypto';

/**
 * Text that carries input (case ids, messages, file names, hints), framed so that no line of it
 * can start a workflow command on a runner: the runner reads no command between
 * `::stop-commands::TOKEN` and `::TOKEN::`, and the token is drawn per call, so the text cannot
 * end the pause itself.
 */
export function pauseCommands(text: string): string {
  const token = `release-gates-${randomBytes(16).toString('hex')}`;
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}
