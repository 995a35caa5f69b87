import { ROOT } from './action.js';
import { createRepo, type TestRepo } from './git.js';

/** What the repository's own sample release consists of (the chatbot's release inputs). */
export const SAMPLE_PATHS = ['policies', 'chatbot', 'evals'];

/** A fresh repository with a bare remote holding a copy of the sample release. */
export function sampleRepo(): TestRepo {
  return createRepo({ seed: { from: ROOT, paths: SAMPLE_PATHS } });
}
