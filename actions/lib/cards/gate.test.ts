import { describe, expect, it } from 'vitest';
import { runGate } from '../gate.js';
import { parsePolicy } from '../policy/load.js';
import { checkWaivers } from '../policy/waivers.js';
import { checkGate } from '../testing/check-gate.js';
import { memoryPorts, type MemoryFiles } from '../testing/memory-ports.js';
import { createCardsGate } from './gate.js';

/** A working tree in memory that is no git repository, as a fresh directory is. */
const workspace = (files: Record<string, string | Uint8Array>) =>
  memoryPorts(files, { git: false });

const MODEL = 'id: acme-support-assistant\nversion: 2.4.0\n';

function policy(card: string, extra = ''): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
model: { config: chatbot/model.yaml }
gates:
${extra}  cards:
    cards:
${card}`;
}

const MODEL_CARD = `      - path: docs/model-card.md
        kind: model
        version_field: model_version
        front_matter:
          required: [license]
          properties:
            license: { enum: [mit, apache-2.0] }
        sections:
          - { heading: Uses, min_words: 5 }
`;

const GOOD_CARD = `---
license: mit
model_version: 2.4.0
---

# Model Card

## Uses

The assistant answers support questions about orders.
`;

function repo(card: string | Uint8Array = GOOD_CARD, cardPolicy = MODEL_CARD) {
  return workspace({
    'policies/release-policy.yaml': policy(cardPolicy),
    'chatbot/model.yaml': MODEL,
    'docs/model-card.md': card,
  });
}

describe('the cards gate on a complete card', () => {
  it('passes, recording the card and the model configuration as inputs', async () => {
    const run = await checkGate(repo(), 'cards');
    expect(run.code).toBe(0);
    expect(run.verdict.result).toBe('pass');
    expect(run.verdict.items.map((i) => [i.id, i.status])).toEqual([
      ['docs/model-card.md:front-matter', 'pass'],
      ['docs/model-card.md:model-version', 'pass'],
      ['docs/model-card.md:section/uses', 'pass'],
      ['docs/model-card.md:placeholders', 'pass'],
    ]);
    expect(run.verdict.inputs.map((i) => i.file)).toEqual([
      'chatbot/model.yaml',
      'docs/model-card.md',
    ]);
    expect(run.verdict.inputs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('front matter against the policy schema', () => {
  it('fails a value the schema refuses, at the value', async () => {
    const run = await checkGate(
      repo(GOOD_CARD.replace('license: mit', 'license: gpl-3.0')),
      'cards',
    );
    expect(run.code).toBe(1);
    expect(run.item('docs/model-card.md:front-matter')).toMatchObject({
      status: 'fail',
      message: 'license must be one of mit, apache-2.0, not the text "gpl-3.0"',
      location: { file: 'docs/model-card.md', line: 2, column: 10 },
      rule: 'front-matter',
    });
  });

  it('fails a missing key, at the front matter', async () => {
    const run = await checkGate(repo(GOOD_CARD.replace('license: mit\n', '')), 'cards');
    expect(run.item('docs/model-card.md:front-matter')).toMatchObject({
      status: 'fail',
      message: 'the front matter is missing the required key "license"',
      location: { file: 'docs/model-card.md', line: 2 },
    });
  });

  it('reports every violation, each as its own item', async () => {
    const run = await checkGate(
      repo(
        GOOD_CARD.replace('license: mit', 'license: gpl-3.0'),
        MODEL_CARD.replace('required: [license]', 'required: [license, tags]'),
      ),
      'cards',
    );
    expect(run.verdict.items.filter((i) => i.rule === 'front-matter').map((i) => i.id)).toEqual([
      'docs/model-card.md:front-matter-1',
      'docs/model-card.md:front-matter-2',
    ]);
  });

  it('rejects an invalid schema fragment as a policy problem, at the policy line', async () => {
    const ports = workspace({
      'policies/release-policy.yaml': policy(
        MODEL_CARD.replace('required: [license]', 'requried: [license]'),
      ),
      'chatbot/model.yaml': MODEL,
      'docs/model-card.md': GOOD_CARD,
    });
    const run = await checkGate(ports, 'cards');
    expect(run.code).toBe(2);
    expect(run.verdict.items[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /front_matter of docs\/model-card.md is not a valid JSON Schema: .*unknown keyword: "requried"/,
      ),
      location: { file: 'policies/release-policy.yaml', line: 13, column: 9 },
    });
  });
});

describe('the model version the card describes', () => {
  it('fails a card describing last quarter’s model, at its version', async () => {
    const run = await checkGate(repo(GOOD_CARD.replace('2.4.0', '2.3.0')), 'cards');
    expect(run.code).toBe(1);
    expect(run.item('docs/model-card.md:model-version')).toMatchObject({
      status: 'fail',
      observed: '2.3.0',
      expected: '2.4.0',
      message: 'the card describes model version 2.3.0, but chatbot/model.yaml ships 2.4.0',
      location: { file: 'docs/model-card.md', line: 3, column: 16, pointer: '/model_version' },
    });
  });

  it('fails a card that does not say, at its front matter', async () => {
    const run = await checkGate(repo(GOOD_CARD.replace('model_version: 2.4.0\n', '')), 'cards');
    expect(run.item('docs/model-card.md:model-version')).toMatchObject({
      status: 'fail',
      observed: null,
      location: { file: 'docs/model-card.md', line: 2 },
    });
  });

  it('reads a nested version field', async () => {
    const card = GOOD_CARD.replace('model_version: 2.4.0', 'model:\n  version: "2.4.0"');
    const run = await checkGate(
      repo(
        card,
        MODEL_CARD.replace('version_field: model_version', 'version_field: model.version'),
      ),
      'cards',
    );
    expect(run.item('docs/model-card.md:model-version').status).toBe('pass');
  });

  it.each([
    [
      'a missing model configuration',
      null,
      /chatbot\/model.yaml does not exist/,
      { file: 'chatbot/model.yaml' },
    ],
    [
      'a configuration without a version',
      'id: acme\n',
      /has no model version at `version`/,
      { file: 'chatbot/model.yaml', line: 1 },
    ],
    [
      'a version that is not text',
      'id: acme\nversion: [2, 4]\n',
      /must be text/,
      { file: 'chatbot/model.yaml', line: 2, column: 10 },
    ],
    [
      'broken YAML',
      'id: acme\nversion: 2.4.0\nversion: 2.5.0\n',
      /duplicate key "version"/,
      { file: 'chatbot/model.yaml', line: 3 },
    ],
  ])('errors on %s, at its location', async (_, config, message, location) => {
    const files: Record<string, string> = {
      'policies/release-policy.yaml': policy(MODEL_CARD),
      'docs/model-card.md': GOOD_CARD,
    };
    if (config !== null) files['chatbot/model.yaml'] = config;
    const run = await checkGate(workspace(files), 'cards');
    expect(run.code).toBe(2);
    expect(run.item('model:input')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(message),
      location,
    });
  });
});

describe('a card full of placeholders', () => {
  it('fails, pointing at each unfilled section', async () => {
    const card = `---
license: mit
model_version: 2.4.0
---

# Model Card for acme

## Uses

<!-- Address questions around how the model is intended to be used. -->

[More Information Needed]

## Training Details

TODO: describe the prompt engineering.

## Citation
`;
    const run = await checkGate(repo(card), 'cards');
    expect(run.code).toBe(1);
    expect(run.verdict.result).toBe('fail');
    expect(run.item('docs/model-card.md:section/uses')).toMatchObject({
      status: 'fail',
      observed: 0,
    });
    expect(
      run.item('docs/model-card.md:placeholder/model-card-for-acme/uses').location,
    ).toMatchObject({ line: 12, column: 1 });
    expect(
      run.item('docs/model-card.md:placeholder/model-card-for-acme/training-details').location,
    ).toMatchObject({ line: 16 });
    expect(
      run.item('docs/model-card.md:empty/model-card-for-acme/citation').location,
    ).toMatchObject({ line: 18 });
  });
});

describe('bad input: every case an error at a location, none passes', () => {
  const cases: [
    string,
    (files: MemoryFiles) => void,
    string | Uint8Array | null,
    RegExp,
    object,
  ][] = [
    [
      'no front matter',
      () => {},
      '# Model Card\n\n## Uses\n\nfive words of real content.\n',
      /has no YAML front matter/,
      { line: 1, column: 1 },
    ],
    [
      'broken YAML front matter',
      () => {},
      '---\nlicense: mit\ntags: [a\n---\n# Card\n',
      /flow sequence|end/i,
      { line: 3 },
    ],
    [
      'an unclosed front matter',
      () => {},
      '---\nlicense: mit\n# Card\n',
      /never closed/,
      { line: 1, column: 1 },
    ],
    ['a directory', (files) => files.mkdir('docs/model-card.md'), null, /is a directory/, {}],
    [
      'a binary file',
      () => {},
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      /is a binary file \(NUL byte at offset 8\)/,
      { line: 3, column: 1 },
    ],
    [
      'a file that is not UTF-8',
      () => {},
      new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x6c, 0xe9, 0x0a]),
      /not valid UTF-8/,
      { line: 2, column: 2 },
    ],
    ['an empty file', () => {}, '\n  \n', /is empty/, { line: 1 }],
    ['a missing file', () => {}, null, /does not exist/, {}],
    [
      'a 50 MB card',
      (files) => files.put('docs/model-card.md', new Uint8Array(50 * 1024 * 1024)),
      '',
      /is 52428800 bytes, larger than the 1048576 bytes allowed/,
      {},
    ],
  ];

  it.each(cases)('%s', async (_, prepare, content, message, location) => {
    const ports = content === null ? repoWithout() : repo(content);
    prepare(ports.files);
    const run = await checkGate(ports, 'cards');
    expect(run.code).toBe(2);
    expect(run.verdict.result).toBe('error');
    const item = run.item('docs/model-card.md:input');
    expect(item.message).toMatch(message);
    expect(item.location).toMatchObject({ file: 'docs/model-card.md', ...location });
    expect(item.hint).toBeTruthy();
    expect(JSON.stringify(run.verdict)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  function repoWithout() {
    return workspace({
      'policies/release-policy.yaml': policy(MODEL_CARD),
      'chatbot/model.yaml': MODEL,
    });
  }

  it('keeps judging the other cards when one cannot be read', async () => {
    const ports = workspace({
      'policies/release-policy.yaml': policy(
        MODEL_CARD +
          `      - path: docs/system-card.md\n        kind: system\n        sections: [{ heading: Overview, min_words: 2 }]\n`,
      ),
      'chatbot/model.yaml': MODEL,
      'docs/system-card.md': '# System\n\n## Overview\n\nIt answers questions.\n',
    });
    const run = await checkGate(ports, 'cards');
    expect(run.code).toBe(2);
    expect(run.item('docs/model-card.md:input').status).toBe('error');
    expect(run.item('docs/system-card.md:section/overview').status).toBe('pass');
  });

  it('does not need front matter on a system card that checks nothing in it', async () => {
    const ports = workspace({
      'policies/release-policy.yaml': policy(
        `      - path: docs/system-card.md\n        kind: system\n`,
      ),
      'docs/system-card.md': '# System\n\nIt answers questions.\n',
    });
    const run = await checkGate(ports, 'cards');
    expect(run.code).toBe(0);
    expect(run.verdict.inputs.map((i) => i.file)).toEqual(['docs/system-card.md']);
  });
});

describe('claims against the eval metrics', () => {
  const CLAIMS_CARD = `---
license: mit
model_version: 2.4.0
model-index:
  - name: acme
    results:
      - dataset: { name: quality }
        metrics:
          - { type: pass@5, value: 0.91 }
          - { type: pass_rate, value: 0.78 }
---

# Model Card

## Uses

The assistant answers support questions about orders.
`;
  const EVALS = `  evals:
    results: [{ path: evals/results/*.jsonl }]
    objectives: [{ id: quality, metric: pass_rate, pass: ">= 0.7" }]
`;
  const claimsPolicy = policy(MODEL_CARD + '        claims: { tolerance: 0.01 }\n', EVALS);

  async function judgeWith(evalMetrics: Parameters<typeof createCardsGate>[0]) {
    const ports = workspace({
      'policies/release-policy.yaml': claimsPolicy,
      'chatbot/model.yaml': MODEL,
      'docs/model-card.md': CLAIMS_CARD,
    });
    const loaded = parsePolicy(
      await ports.files.read('policies/release-policy.yaml'),
      'policies/release-policy.yaml',
    );
    return runGate(
      createCardsGate(evalMetrics),
      loaded,
      ports,
      { commit: null, event: 'local' },
      checkWaivers(loaded, ports.clock.now()),
    );
  }

  it('fails a card claiming 0.91 where the evals computed 0.84, with both numbers', async () => {
    const computed: Record<string, number> = { 'quality/pass@5': 0.84, 'quality/pass_rate': 0.785 };
    let calls = 0;
    const verdict = await judgeWith(async () => {
      calls++;
      return (suite, metric) => computed[`${suite}/${metric}`];
    });
    expect(calls).toBe(1);
    expect(verdict.result).toBe('fail');
    const claims = verdict.items.filter((i) => i.rule === 'claim');
    expect(claims).toEqual([
      expect.objectContaining({
        id: 'docs/model-card.md:claim/quality/pass@5',
        status: 'fail',
        observed: 0.91,
        expected: '0.84 ± 0.01',
        message: expect.stringContaining(
          'claims pass@5 0.91 on quality, but the evals computed 0.84',
        ),
        location: expect.objectContaining({ file: 'docs/model-card.md', line: 9 }),
      }),
      expect.objectContaining({ id: 'docs/model-card.md:claim/quality/pass_rate', status: 'pass' }),
    ]);
  });

  it('errors when the eval metrics cannot be computed', async () => {
    const { UserError } = await import('../errors.js');
    const verdict = await judgeWith(async () => {
      throw new UserError({
        message: 'evals/results/quality.jsonl does not exist',
        location: { file: 'evals/results/quality.jsonl' },
      });
    });
    expect(verdict.result).toBe('error');
    expect(verdict.items.find((i) => i.id === 'docs/model-card.md:claims/input')).toMatchObject({
      status: 'error',
      message: 'evals/results/quality.jsonl does not exist',
    });
  });

  it('compares claims with what the eval gate computes from the result files', async () => {
    // 4 cases x 5 samples: passes 5, 4, 0 and 1 -> pass_rate 10/20 = 0.5, pass@5 = 3/4 = 0.75.
    const results = ['a', 'b', 'c', 'd']
      .flatMap((id, c) =>
        [0, 1, 2, 3, 4].map((sample) => ({
          id,
          suite: 'quality',
          sample,
          pass: sample < [5, 4, 0, 1][c]!,
          latency_ms: 900,
        })),
      )
      .map((r) => JSON.stringify(r))
      .join('\n');
    const ports = workspace({
      'policies/release-policy.yaml': claimsPolicy,
      'chatbot/model.yaml': MODEL,
      'docs/model-card.md': CLAIMS_CARD.replace('value: 0.78', 'value: 0.5'),
      'evals/results/quality.jsonl': results + '\n',
    });
    const run = await checkGate(ports, 'cards');
    expect(run.code).toBe(1);
    expect(run.item('docs/model-card.md:claim/quality/pass@5')).toMatchObject({
      status: 'fail',
      observed: 0.91,
      expected: '0.75 ± 0.01',
    });
    expect(run.item('docs/model-card.md:claim/quality/pass_rate')).toMatchObject({
      status: 'pass',
    });
  });

  it.each([
    [
      'claims without the eval gate',
      policy(MODEL_CARD + '        claims: {}\n'),
      /gates.evals is not enabled/,
      19,
    ],
    [
      'a claims table without its heading',
      policy(MODEL_CARD + '        claims: { source: table }\n', EVALS),
      /no table_heading/,
      22,
    ],
    [
      'a version field without a model section',
      policy(MODEL_CARD).replace('model: { config: chatbot/model.yaml }\n', ''),
      /has no `model` section/,
      11,
    ],
    ['the same card twice', policy(MODEL_CARD + MODEL_CARD), /listed twice/, 19],
  ])('refuses a policy with %s, at its line', async (_, text, message, line) => {
    const ports = workspace({
      'policies/release-policy.yaml': text,
      'chatbot/model.yaml': MODEL,
      'docs/model-card.md': CLAIMS_CARD,
    });
    const run = await checkGate(ports, 'cards');
    expect(run.code).toBe(2);
    expect(run.verdict.items[0]).toMatchObject({
      message: expect.stringMatching(message),
      location: { file: 'policies/release-policy.yaml', line },
    });
  });
});
