/** What every adapter of a JSON document is, and what the reader picks of a document for them. */
import type { Pick } from '../../parse/json-bytes.js';
import type { AdapterOptions, ResultSink } from '../model.js';
import { DEEPEVAL_PICK } from './deepeval.js';
import { INSPECT_SAMPLE_PICK } from './inspect.js';
import type { Json } from './shape.js';

/** What the reader needs from a document adapter after it fed the sink. */
export interface DocumentInfo {
  /** JSON pointer of a case row, for locations. */
  rowPointer(ref: number): string;
}

export type DocumentAdapter = (
  doc: Json,
  options: AdapterOptions,
  sink: ResultSink,
) => DocumentInfo;

/** promptfoo's grading result as `promptfooHarm` reads it, to the depth it walks. */
function gradingPick(depth: number): Pick {
  const grading = { pass: true, assertion: { metric: true } } as const;
  return depth === 8 ? grading : { ...grading, componentResults: [gradingPick(depth + 1)] };
}

function documentPick(groupSamples: boolean): Pick {
  return {
    results: {
      // lm-eval's tasks, inspect's counts and scores, promptfoo's version, prompts and stats.
      '*': true,
      results: [
        {
          success: true,
          failureReason: true,
          error: true,
          gradingResult: gradingPick(0),
          latencyMs: true,
          score: true,
          namedScores: true,
          provider: { label: true, id: true },
          prompt: { label: true },
          testIdx: true,
          promptIdx: true,
          description: true,
          // Samples are grouped by the whole test case, or its vars (see `promptfoo`).
          ...(groupSamples
            ? { testCase: true, promptId: true, vars: true }
            : { testCase: { metadata: true, description: true } }),
        },
      ],
    },
    runtimeOptions: { repeat: true },
    config: { evaluateOptions: { repeat: true } },
    eval: { task: true },
    status: true,
    ...DEEPEVAL_PICK,
    invalidated: true,
    samples: [INSPECT_SAMPLE_PICK],
    groups: true,
    group_subtasks: true,
    'n-samples': true,
    higher_is_better: true,
    versions: {},
    configs: {},
  };
}

/**
 * What the format detection and the adapters read of a JSON document, and no more: a result
 * file is read with `JsonBytes.pick`, which builds only these values (docs/evals.md). A
 * test runs every adapter on this and on the whole document and compares what they give.
 */
export const DOCUMENT_PICKS = { grouped: documentPick(true), ungrouped: documentPick(false) };
