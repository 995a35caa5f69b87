import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { policyNamedIn, workflowFile } from './workflow-policy.js';

const FILE = '.github/workflows/release-gates.yml';
const named = (text: string) => policyNamedIn(Buffer.from(text), FILE);

function problems(text: string) {
  try {
    named(text);
  } catch (e) {
    if (e instanceof UserError) return e.problems;
    throw e;
  }
  throw new Error('expected an error');
}

describe('the policy a workflow names', () => {
  it.each([
    [
      'no release-gates step: the default',
      'jobs:\n  a:\n    steps:\n      - run: echo\n',
      'policies/release-policy.yaml',
    ],
    [
      "this repository's actions without a policy input: the default",
      'jobs:\n  a:\n    steps:\n      - uses: ./actions/evals\n      - uses: ./actions/signoff\n',
      'policies/release-policy.yaml',
    ],
    [
      'every step naming the same policy',
      'jobs:\n  a:\n    steps:\n      - uses: ./actions/validate-policy\n        with: { files: policies/x.yaml }\n      - uses: ./actions/check\n        with: { policy: policies/gates.yaml }\n  b:\n    steps:\n      - uses: acme/release-gates/actions/pii@v1\n        with:\n          policy: policies/gates.yaml\n',
      'policies/gates.yaml',
    ],
    [
      'the reusable gates workflow with a policy',
      'jobs:\n  gates:\n    uses: acme/release-gates/.github/workflows/gates.yml@0123456789abcdef0123456789abcdef01234567\n    with:\n      policy: ops/policy.yaml\n',
      'ops/policy.yaml',
    ],
    [
      'the reusable gates workflow without one',
      'jobs:\n  gates:\n    uses: ./.github/workflows/gates.yml\n',
      'policies/release-policy.yaml',
    ],
    [
      'other actions are not ours',
      'jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v5\n        with: { policy: x.yaml }\n      - uses: someone/other/actions/check@v1\n        with: { policy: y.yaml }\n',
      'policies/release-policy.yaml',
    ],
  ])('%s', (_name, text, expected) => {
    expect(named(text)).toBe(expected);
  });

  it('refuses a workflow that names two policies, at each step', () => {
    const found = problems(
      'jobs:\n  a:\n    steps:\n      - uses: ./actions/evals\n        with: { policy: policies/strict.yaml }\n      - uses: ./actions/signoff\n',
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      message: `${FILE} names 2 different policies (policies/strict.yaml, policies/release-policy.yaml), so which one judges a pull request is not clear; this step names policies/strict.yaml`,
      location: { file: FILE, line: 5 },
    });
    expect(found[1]!.location).toMatchObject({ line: 6 });
  });

  it('refuses a policy input that is an expression', () => {
    expect(
      problems(
        'jobs:\n  a:\n    steps:\n      - uses: ./actions/check\n        with:\n          policy: ${{ github.head_ref }}.yaml\n',
      )[0],
    ).toMatchObject({
      message: expect.stringMatching(
        /as an expression or a non-string, which cannot be read before the run/,
      ),
      location: { file: FILE, line: 6 },
    });
  });

  it('refuses a workflow that is not YAML, at its line', () => {
    expect(problems('jobs:\n  a: [\n')[0]!.location).toMatchObject({ file: FILE, line: 3 });
  });
});

describe('the running workflow, from GITHUB_WORKFLOW_REF', () => {
  it.each([
    ['acme/chatbot/.github/workflows/release-gates.yml@refs/pull/7/merge', FILE],
    ['acme/chatbot/.github/workflows/ci.yaml@refs/heads/main', '.github/workflows/ci.yaml'],
  ])('%s is %s', (ref, file) => {
    expect(workflowFile(ref)).toBe(file);
  });

  it('refuses a value that names no workflow file', () => {
    expect(() => workflowFile('acme/chatbot@refs/heads/main')).toThrow(
      /does not name a workflow file/,
    );
  });
});
