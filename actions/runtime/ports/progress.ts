import { performance } from 'node:perf_hooks';
import type { ProgressPort } from '../../lib/ports.js';

/** How often a long run says what it is doing. */
export const PROGRESS_EVERY_MS = 5000;

/**
 * Progress written as a line every PROGRESS_EVERY_MS at most, with the rate since the last
 * line: `reading logs/window.jsonl: 1,200,000 interactions (240,512/s)`. Quiet for runs
 * shorter than that, so short runs and tests print nothing.
 */
export class ThrottledProgress implements ProgressPort {
  private last: { at: number; task: string; done: number };

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = { at: now(), task: '', done: 0 };
  }

  report(task: string, done: number, unit: string): void {
    const at = this.now();
    if (at - this.last.at < PROGRESS_EVERY_MS) return;
    const since = task === this.last.task ? done - this.last.done : done;
    const rate = Math.round(since / ((at - this.last.at) / 1000));
    // One line, whatever a file name holds: a line break could start a workflow command.
    const line = `${task}: ${done.toLocaleString('en')} ${unit} (${rate.toLocaleString('en')}/s)`;
    this.write(line.replace(/[\r\n]+/g, ' '));
    this.last = { at, task, done };
  }
}
