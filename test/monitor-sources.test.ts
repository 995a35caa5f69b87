/**
 * `release-gates monitor` on the exports teams already have (docs/monitoring.md#sources):
 * OpenTelemetry traces written by the OpenTelemetry JS SDK and the specification's own
 * example, a Langfuse export, and ECS and LangSmith lines read by mapping. The CLI runs
 * in-process on a workspace holding the policy and the export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Item, Report, Verdict } from '../actions/lib/verdict/model.js';
import { cli } from './support/cli.js';
import { otlpLines, recordChats, type Chat } from './support/otel.js';
import { workspace } from './support/workspace.js';

const NOW = '2026-11-20T18:00:00Z';
const T0 = Date.parse('2026-11-20T00:00:00Z');

function policy(monitoring: string, logs = 'logs/window.jsonl'): string {
  return `apiVersion: release-gates/v1
kind: ReleasePolicy
metadata: { name: acme, owner: governance-lead }
roles:
  governance-lead: { users: [gabriel-gov] }
gates: {}
monitoring:
  logs: ${logs}
${monitoring}`;
}

interface Run {
  code: number;
  verdict: Verdict;
  stderr: string;
  item(id: string): Item;
}

async function monitor(files: Record<string, string>, now = NOW): Promise<Run> {
  const run = await cli(['monitor', '--format', 'json'], {
    cwd: workspace(files),
    env: { RELEASE_GATES_NOW: now, GITHUB_TOKEN: '', GH_TOKEN: '', GITHUB_REPOSITORY: '' },
  });
  const verdict = (JSON.parse(run.stdout) as Report).verdicts[0]!;
  return {
    code: run.code,
    verdict,
    stderr: run.stderr,
    item(id) {
      const found = verdict.items.find((i) => i.id === id);
      if (!found) throw new Error(`no item ${id}: ${verdict.items.map((i) => i.id).join(', ')}`);
      return found;
    },
  };
}

const SLOS = `  slos:
    - { id: latency, metric: latency_p50, pass: '< 2000' }
    - { id: errors, metric: error_rate, pass: '<= 5%' }
    - { id: privacy, metric: pii_leaks, pass: '== 0' }
`;

/** A chat as current GenAI instrumentations record it, message content opted in. */
function genAi(i: number, over: Partial<Chat> = {}, content = true): Chat {
  return {
    at: T0 + i * 60_000,
    requestMs: 1500,
    llmMs: 1200,
    rootAttributes: { 'user.id': `u-${i}`, 'session.id': `s-${i % 7}` },
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 31,
      'gen_ai.usage.output_tokens': 19,
      ...(content
        ? {
            'gen_ai.input.messages': JSON.stringify([
              { role: 'system', parts: [{ type: 'text', content: 'You are a support agent.' }] },
              { role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] },
            ]),
            'gen_ai.output.messages': JSON.stringify([
              {
                role: 'assistant',
                parts: [{ type: 'text', content: 'It left the warehouse yesterday.' }],
                finish_reason: 'stop',
              },
            ]),
          }
        : {}),
    },
    ...over,
  };
}

describe('OpenTelemetry (OTLP JSON)', () => {
  it('reads the SDK export one interaction per trace, the spans of a trace on different lines', async () => {
    const chats = Array.from({ length: 40 }, (_, i) =>
      genAi(i, {
        llmMs: 1000 + i * 10,
        ...(i % 10 === 3 ? { error: 'rate_limited' } : {}),
      }),
    );
    // A leak in one answer: an email address, found in gen_ai.output.messages.
    chats[7]!.attributes['gen_ai.output.messages'] = JSON.stringify([
      { role: 'assistant', parts: [{ type: 'text', content: 'Write to jane.doe@gmail.com.' }] },
    ]);
    // 3 spans a line: the root and LLM span of many traces land on different lines.
    const run = await monitor({
      'policies/release-policy.yaml': policy(`  source: { format: otlp }\n${SLOS}`),
      'logs/window.jsonl': otlpLines(recordChats(chats), 3),
    });
    expect(run.verdict.data?.window).toMatchObject({
      source: 'otlp',
      interactions: 40,
      bad_lines: 0,
      from: '2026-11-20T00:00:00.005Z',
    });
    // The LLM span's latency: 1000 + 10 i ms; the median of i = 0..39 is 1195 ms.
    expect(run.item('slo/latency')).toMatchObject({ status: 'pass', observed: 1195 });
    // Every tenth chat failed (status ERROR, error.type rate_limited): 4 of 40.
    expect(run.item('slo/errors')).toMatchObject({ status: 'fail', observed: 0.1 });
    expect(run.item('slo/privacy')).toMatchObject({ status: 'fail', observed: 1 });
    expect(run.item('slo/privacy').message).toMatch(
      /1 response over 40 interactions held personal data \(EMAIL 1\)/,
    );
    expect(run.item('window').message).toMatch(/model gpt-4o-2024-08-06 \(100 %\)/);
    expect(JSON.stringify(run.verdict)).not.toContain('jane.doe@gmail.com');
  });

  it('without message content, the personal-data SLO cannot run: an error, or a warning the policy chose, never a pass', async () => {
    const spans = recordChats(Array.from({ length: 20 }, (_, i) => genAi(i, {}, false)));
    const files = (source: string) => ({
      'policies/release-policy.yaml': policy(`  source: ${source}\n${SLOS}`),
      'logs/window.jsonl': otlpLines(spans, 10),
    });
    const strict = await monitor(files('{ format: otlp }'));
    expect(strict.item('slo/privacy')).toMatchObject({
      status: 'error',
      observed: null,
      message:
        'SLO privacy cannot be judged: 20 interactions of 20 carry no message text, so personal data in their responses cannot be seen',
      hint: expect.stringMatching(/OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true/),
    });
    // No text is not an empty answer: availability is unaffected.
    expect(strict.item('flags/empty').observed).toBe(0);
    expect(strict.item('slo/latency').status).toBe('pass');
    expect(strict.verdict.data?.window).toMatchObject({ without_text: 20 });
    expect(strict.code).toBe(2);

    const lenient = await monitor(files('{ format: otlp, without_text: warn }'));
    expect(lenient.item('slo/privacy')).toMatchObject({
      status: 'warn',
      observed: 0,
      message: expect.stringMatching(/; but 20 interactions of 20 carry no message text/),
    });
    expect(lenient.code).toBe(0);
  });

  it('span: root takes the latency users see from the entry span, the model from its LLM span', async () => {
    const chats = Array.from({ length: 10 }, (_, i) => genAi(i, { requestMs: 3000 + i }));
    const run = await monitor({
      'policies/release-policy.yaml': policy(`  source: { format: otlp, span: root }\n${SLOS}`),
      // A whole trace a line: the root finds its LLM span.
      'logs/window.jsonl': otlpLines(recordChats(chats), 2),
    });
    expect(run.item('slo/latency')).toMatchObject({ status: 'fail', observed: 3004.5 });
    expect(run.verdict.data?.window).toMatchObject({
      interactions: 10,
      from: '2026-11-20T00:00:00.000Z',
    });
    expect(run.item('window').message).toMatch(/model gpt-4o-2024-08-06/);
  });

  it('reads OpenInference spans (Arize Phoenix) and the older gen_ai.prompt.N attributes', async () => {
    const openInference = recordChats(
      Array.from({ length: 5 }, (_, i) => ({
        at: T0 + i * 60_000,
        requestMs: 900,
        llmMs: 700,
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.model_name': 'claude-3-5-sonnet',
          'input.value': 'Can I change my delivery address?',
          'output.value': i === 2 ? 'Call me on +44 20 7946 1234.' : 'Yes, until it ships.',
          'llm.token_count.prompt': 12,
        },
      })),
    );
    const openLlmetry = recordChats(
      Array.from({ length: 5 }, (_, i) => ({
        at: T0 + (10 + i) * 60_000,
        requestMs: 900,
        llmMs: 700,
        attributes: {
          'gen_ai.system': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.prompt.0.role': 'user',
          'gen_ai.prompt.0.content': 'Hello',
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': i === 4 ? '' : 'Hi! How can I help?',
        },
      })),
    );
    const run = await monitor({
      'policies/release-policy.yaml': policy(`  source: { format: otlp }\n${SLOS}`),
      'logs/window.jsonl': otlpLines(openInference, 10) + otlpLines(openLlmetry, 10),
    });
    expect(run.verdict.data?.window).toMatchObject({ interactions: 10, bad_lines: 0 });
    expect(run.item('slo/privacy')).toMatchObject({ status: 'fail', observed: 1 });
    expect(run.item('flags/empty').observed).toBe(1);
    expect(run.item('window').message).toMatch(/claude-3-5-sonnet \(50 %\), gpt-4o-mini \(50 %\)/);
  });

  it("reads the specification's example body (one request over many lines); lines that are not traces are bad", async () => {
    const example = readFileSync(
      join(import.meta.dirname, 'fixtures/monitor/otlp-proto-example-trace.json'),
      'utf8',
    );
    const at = '2018-12-13T15:00:00Z';
    // Its only span is a server span whose parent is a remote caller's: the trace's entry.
    const root = await monitor(
      {
        'policies/release-policy.yaml': policy(
          `  source: { format: otlp, span: root }\n  slos:\n    - { id: latency, metric: latency_p50, pass: '< 2000' }\n`,
          'logs/trace.json',
        ),
        'logs/trace.json': example,
      },
      at,
    );
    expect(root.verdict.data?.window).toMatchObject({
      interactions: 1,
      lines: 1,
      bad_lines: 0,
      from: '2018-12-13T14:51:00.000Z',
    });
    expect(root.item('slo/latency')).toMatchObject({ status: 'pass', observed: 1000 });
    expect(root.item('window').message).toMatch(/model \(not recorded\)/);

    // No span in it is a model call: nothing to judge, an error, not a pass.
    const llm = await monitor(
      {
        'policies/release-policy.yaml': policy(
          `  source: { format: otlp }\n${SLOS}`,
          'logs/trace.json',
        ),
        'logs/trace.json': example,
      },
      at,
    );
    expect(llm.item('window').status).toBe('error');
    expect(llm.code).toBe(2);

    const mixed = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: otlp }\n${SLOS}  max_bad_lines: '50%'\n`,
      ),
      'logs/window.jsonl':
        otlpLines(recordChats([genAi(0), genAi(1)]), 4) +
        '{"resourceMetrics":[]}\n' +
        JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: 'ab' }] }] }] }) +
        '\n',
    });
    const bad = mixed.verdict.items.filter((i) => i.rule === 'bad-line');
    expect(bad.map((i) => [i.location?.line, i.location?.pointer, i.message])).toEqual([
      [
        2,
        '/resourceSpans',
        'line 2 has no "resourceSpans" list: not an OTLP ExportTraceServiceRequest (traces, not logs or metrics)',
      ],
      [
        3,
        '/resourceSpans/0/scopeSpans/0/spans/0/traceId',
        'line 3 span /resourceSpans/0/scopeSpans/0/spans/0 has no traceId',
      ],
    ]);
    expect(mixed.verdict.data?.window).toMatchObject({ interactions: 2, lines: 3, bad_lines: 2 });
  });
});
