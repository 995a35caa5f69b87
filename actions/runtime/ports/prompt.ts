import { createInterface, type Interface } from 'node:readline';
import type { PromptPort } from '../../lib/ports.js';

/**
 * Questions on an interactive terminal with node:readline (line editing, history), on
 * standard error so that standard output stays the report. `close` releases the terminal.
 */
export class TerminalPrompt implements PromptPort {
  private rl: Interface | undefined;
  private closed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  private open(): Interface {
    if (!this.rl) {
      this.rl = createInterface({ input: this.input, output: this.output, terminal: true });
      this.rl.on('close', () => (this.closed = true));
    }
    return this.rl;
  }

  ask(question: string): Promise<string | null> {
    const rl = this.open();
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onClose = () => resolve(null);
      rl.once('close', onClose);
      rl.question(question, (answer) => {
        rl.off('close', onClose);
        resolve(answer);
      });
    });
  }

  say(text: string): void {
    this.output.write(`${text}\n`);
  }

  close(): void {
    this.rl?.close();
  }
}
