import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every JSON document the eval gate's tests and the sample release hold. */
export const EVAL_DOCUMENTS = ['test/fixtures/evals', 'evals'].flatMap((dir) =>
  (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f))
    .sort(),
);
