import type { Clock, Ports } from '../../lib/ports.js';
import { NodeFiles } from './files.js';
import { SimpleGitPort } from './git.js';

/**
 * The system clock, unless RELEASE_GATES_NOW pins it (reproducible runs, tests, replaying
 * a past decision).
 */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.RELEASE_GATES_NOW;
  if (pinned) {
    const at = new Date(pinned);
    if (Number.isNaN(at.getTime())) throw new Error(`RELEASE_GATES_NOW="${pinned}" is not a date`);
    return { now: () => new Date(at) };
  }
  return { now: () => new Date() };
}

export function createPorts(root: string, env: NodeJS.ProcessEnv = process.env): Ports {
  return { files: new NodeFiles(root), git: new SimpleGitPort(root), clock: systemClock(env) };
}
