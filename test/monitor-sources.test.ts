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
import { langfuseExport } from './support/langfuse.js';
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

async function monitor(files: Record<string, string | Uint8Array>, now = NOW): Promise<Run> {
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

describe('mapped JSON Lines', () => {
  it('reads an ECS export from Elasticsearch: event.duration in ns, event.outcome failure is an error', async () => {
    // As the Elastic Common Schema defines the fields (elastic.co/docs/reference/ecs).
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        '@timestamp': new Date(T0 + i * 60_000).toISOString(),
        event: {
          dataset: 'chatbot.requests',
          duration: (800 + i) * 1_000_000,
          outcome: i % 25 === 0 ? 'failure' : 'success',
        },
        trace: { id: `4bf92f3577b34da6a3ce929d0e0e${String(i).padStart(4, '0')}` },
        user: { id: `u-${i}` },
        service: { name: 'support-chatbot', version: '1.4.0' },
        labels: { model: 'gpt-4o' },
        gen_ai: {
          prompt: 'Where is my order?',
          completion: i === 9 ? 'Mail mark.t@outlook.com' : 'On its way.',
        },
      }),
    );
    const run = await monitor({
      'policies/release-policy.yaml': policy(`  source:
    format: mapped
    fields:
      timestamp: /@timestamp
      latency: /event/duration
      request_id: /trace/id
      user_id: /user/id
      model_version: /labels/model
      release: /service/version
      query: /gen_ai/prompt
      response: /gen_ai/completion
    latency_unit: ns
    error: { pointer: /event/outcome, equals: failure }
${SLOS}`),
      'logs/window.jsonl': lines.join('\n') + '\n',
    });
    expect(run.verdict.data?.window).toMatchObject({
      source: 'mapped',
      interactions: 50,
      bad_lines: 0,
    });
    expect(run.item('slo/latency')).toMatchObject({ status: 'pass', observed: 824.5 });
    expect(run.item('slo/errors')).toMatchObject({ status: 'pass', observed: 0.04 });
    expect(run.item('slo/privacy')).toMatchObject({ status: 'fail', observed: 1 });
    expect(run.item('flags/error').message).toMatch(
      /first: line 1, request 4bf92f3577b34da6a3ce929d0e0e0000/,
    );
  });

  it('reads a LangSmith run dump: only the model calls, zone-less UTC times, latency from start and end', async () => {
    // The run data format of docs.langchain.com/langsmith/run-data-format; times as the SDK
    // writes them, UTC without a zone; inputs and outputs as wrap_openai records them.
    const at = (ms: number) => new Date(ms).toISOString().replace('Z', '123');
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) {
      const start = T0 + i * 60_000;
      lines.push(
        JSON.stringify({
          id: `c-${i}`,
          name: 'RunnableSequence',
          run_type: 'chain',
          start_time: at(start),
          end_time: at(start + 9000),
          trace_id: `c-${i}`,
          error: null,
        }),
        JSON.stringify({
          id: `l-${i}`,
          name: 'ChatOpenAI',
          run_type: 'llm',
          start_time: at(start + 10),
          end_time: at(start + 10 + 1500),
          trace_id: `c-${i}`,
          parent_run_id: `c-${i}`,
          status: i === 4 ? 'error' : 'success',
          error: i === 4 ? 'RateLimitError' : null,
          inputs: {
            model: 'gpt-4o',
            messages: [
              { role: 'system', content: 'Be brief.' },
              { role: 'user', content: 'Hi' },
            ],
          },
          outputs:
            i === 4
              ? null
              : { choices: [{ message: { role: 'assistant', content: i === 6 ? '' : 'Hello!' } }] },
          extra: { metadata: { ls_model_name: 'gpt-4o' } },
        }),
      );
    }
    const run = await monitor({
      'policies/release-policy.yaml': policy(`  source:
    format: mapped
    where: { pointer: /run_type, equals: llm }
    fields:
      timestamp: /start_time
      end_time: /end_time
      request_id: /trace_id
      model_version: /extra/metadata/ls_model_name
      query: /inputs
      response: /outputs
    zoneless_utc: true
    error: { pointer: /error }
${SLOS}`),
      'logs/window.jsonl': lines.join('\n') + '\n',
    });
    expect(run.verdict.data?.window).toMatchObject({
      interactions: 20,
      lines: 40,
      bad_lines: 0,
      from: '2026-11-20T00:00:00.010Z',
    });
    expect(run.item('slo/latency')).toMatchObject({ status: 'pass', observed: 1500 });
    expect(run.item('slo/errors')).toMatchObject({ status: 'pass', observed: 0.05 });
    expect(run.item('flags/empty').observed).toBe(1);
    expect(run.item('window').message).toMatch(/model gpt-4o \(100 %\)/);

    // Without zoneless_utc such a time is refused, with the fix in the message.
    const strict = await monitor({
      'policies/release-policy.yaml': policy(`  source:
    format: mapped
    fields: { timestamp: /start_time, end_time: /end_time }
${SLOS}`),
      'logs/window.jsonl': lines.slice(0, 2).join('\n') + '\n',
    });
    expect(strict.verdict.items.find((i) => i.rule === 'bad-line')).toMatchObject({
      message:
        'line 1 the timestamp at /start_time has no time zone (Z or an offset such as +02:00): set zoneless_utc: true if the exporter documents UTC',
      location: { line: 1, pointer: '/start_time' },
    });
  });

  it('refuses a mapping it cannot read, where in the policy', async () => {
    const run = await monitor({
      'policies/release-policy.yaml': policy(
        `  source:\n    format: mapped\n    fields: { timestamp: /ts }\n${SLOS}`,
      ),
      'logs/window.jsonl': '{}\n',
    });
    expect(run.verdict.items[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/monitoring.source.fields needs latency or end_time/),
      location: { file: 'policies/release-policy.yaml', line: 11 },
    });
    const misplaced = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: otlp, latency_unit: ns }\n${SLOS}`,
      ),
      'logs/window.jsonl': '{}\n',
    });
    expect(misplaced.verdict.items[0]!.message).toBe(
      'monitoring.source.latency_unit only applies to format: mapped, not otlp',
    );
    expect(misplaced.code).toBe(2);
  });
});

describe('Langfuse', () => {
  /** An observation row of the blob-storage export, its columns in the export's order. */
  function observationRow(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
    const start = T0 + i * 60_000;
    const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    const latency = 1.25 + i / 100;
    return {
      id: `obs-${i}`,
      trace_id: `trace-${i}`,
      project_id: 'cm0project',
      environment: 'production',
      type: 'GENERATION',
      parent_observation_id: null,
      start_time: time(start),
      end_time: time(start + latency * 1000),
      name: 'chat-completion',
      metadata: '{}',
      level: 'DEFAULT',
      status_message: null,
      version: '1.4.0',
      input: JSON.stringify([{ role: 'user', content: 'Where is my order?' }]),
      output: JSON.stringify({ role: 'assistant', content: 'It left yesterday.' }),
      provided_model_name: 'gpt-4o',
      model_parameters: '{"temperature":"0.2"}',
      usage_details: { input: 31, output: 19, total: 50 },
      cost_details: { total: 0.00021 },
      completion_start_time: time(start + 300),
      prompt_name: null,
      prompt_version: null,
      total_cost: 0.00021,
      latency,
      time_to_first_token: 0.3,
      ...over,
    };
  }
  const observation = (i: number, over: Record<string, unknown> = {}) =>
    JSON.stringify(observationRow(i, over));

  it('reads the observations export: generations are interactions, latency in seconds, level ERROR an error', async () => {
    const lines = Array.from({ length: 30 }, (_, i) =>
      observation(
        i,
        i % 10 === 5 ? { level: 'ERROR', status_message: 'upstream 529', output: null } : {},
      ),
    );
    // Spans and events of the same traces are not interactions.
    lines.push(
      observation(30, { type: 'SPAN', latency: 99 }),
      observation(31, { type: 'EVENT', latency: null }),
    );
    // An export without the metrics field group: the latency comes from end_time - start_time.
    lines.push(observation(32, { latency: undefined }));
    const run = await monitor({
      'policies/release-policy.yaml': policy(`  source: { format: langfuse }\n${SLOS}`),
      'logs/window.jsonl': lines.join('\n') + '\n',
    });
    expect(run.verdict.data?.window).toMatchObject({
      source: 'langfuse',
      interactions: 31,
      lines: 33,
      bad_lines: 0,
    });
    // 1.25 s + i/100 s for i = 0..29 and 32: the median is i = 15, 1400 ms.
    expect(run.item('slo/latency')).toMatchObject({ status: 'pass', observed: 1400 });
    expect(run.item('slo/errors')).toMatchObject({ status: 'fail', observed: 3 / 31 });
    expect(run.item('slo/privacy').status).toBe('pass');
    expect(run.verdict.data?.window).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T00:32:00.000Z',
    });

    const bad = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: langfuse }\n${SLOS}  max_bad_lines: '50%'\n`,
      ),
      'logs/window.jsonl':
        [
          observation(0),
          observation(1, { latency: undefined, end_time: null }),
          observation(2, { start_time: '20/11/2026 00:02' }),
          JSON.stringify({
            id: 't-1',
            timestamp: '2026-11-20 00:03:00.000',
            user_id: 'u-1',
            release: '1.4.0',
          }),
        ].join('\n') + '\n',
    });
    expect(bad.verdict.items.filter((i) => i.rule === 'bad-line').map((i) => i.message)).toEqual([
      'line 2 the generation has no "end_time" nor "latency": it had not ended when exported',
      'line 3 "start_time" is not a date-time such as 2026-11-20 09:00:01.250 (UTC) or 2026-11-20T09:00:01.250Z',
      'line 4 the trace has no "latency": the traces export does not carry one',
    ]);
  });

  /** The rows of one window: errors, a leak, text CSV must quote, spans and events. */
  function windowRows(): Record<string, unknown>[] {
    const rows = Array.from({ length: 40 }, (_, i) =>
      observationRow(
        i,
        i % 10 === 5 ? { level: 'ERROR', status_message: 'upstream 529', output: null } : {},
      ),
    );
    rows[3]!.output = JSON.stringify({
      role: 'assistant',
      content: 'Write to jane.doe@gmail.com, "support", or call us,\nwe answer; Größe 😀',
    });
    rows[4]!.input = 'plain text, with "quotes"\r\nand lines';
    rows[6]!.latency = null; // no metrics field group: from end_time - start_time
    rows.push(
      observationRow(40, { type: 'SPAN', latency: 99 }),
      observationRow(41, { type: 'EVENT', latency: null, end_time: null }),
    );
    return rows;
  }

  it("reads every file type of the blob-storage export, written by Langfuse's own writers, as the same window", async () => {
    const rows = windowRows();
    const files = {
      'observations.jsonl': await langfuseExport(rows, 'JSONL'),
      'observations.json': await langfuseExport(rows, 'JSON'),
      'observations.csv': await langfuseExport(rows, 'CSV'),
      'observations.jsonl.gz': await langfuseExport(rows, 'JSONL', true),
      'observations.json.gz': await langfuseExport(rows, 'JSON', true),
      'observations.csv.gz': await langfuseExport(rows, 'CSV', true),
    };
    // What the writers wrote: one JSON array on one line, a quoted CSV with a header row.
    expect(files['observations.json'].toString().startsWith('[{"id":"obs-0",')).toBe(true);
    expect(files['observations.json'].toString()).not.toContain('\n');
    expect(files['observations.csv'].toString().split('\n')[0]).toMatch(/^"id","trace_id",/);
    const results = [];
    for (const [name, bytes] of Object.entries(files)) {
      const run = await monitor({
        'policies/release-policy.yaml': policy(
          `  source: { format: langfuse }\n${SLOS}`,
          `logs/${name}`,
        ),
        [`logs/${name}`]: bytes,
      });
      const window = run.verdict.data?.window as Record<string, unknown>;
      expect(window.files).toEqual([`logs/${name}`]);
      results.push({
        name,
        code: run.code,
        window: { ...window, files: undefined },
        items: run.verdict.items
          .filter((i) => /^(slo|flags)\//.test(i.id))
          .map((i) => ({
            id: i.id,
            status: i.status,
            observed: i.observed,
            // Examples are located by line: a JSON array is one line, CSV has a header.
            message: i.message.replace(/line \d+/g, 'line N'),
          })),
      });
    }
    const [first, ...rest] = results;
    expect(first!.window).toMatchObject({
      source: 'langfuse',
      interactions: 40,
      lines: 42,
      bad_lines: 0,
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T00:39:00.000Z',
    });
    // 1.25 s + i/100 s for i = 0..39: the median is between i = 19 and 20, 1445 ms.
    expect(first!.items).toContainEqual(
      expect.objectContaining({ id: 'slo/latency', status: 'pass', observed: 1445 }),
    );
    expect(first!.items).toContainEqual(
      expect.objectContaining({ id: 'slo/errors', status: 'fail', observed: 0.1 }),
    );
    expect(first!.items).toContainEqual(
      expect.objectContaining({ id: 'slo/privacy', status: 'fail', observed: 1 }),
    );
    for (const other of rest) expect({ ...other, name: first!.name }).toEqual(first);
  });

  it('refuses a gzip file cut short and a CSV whose quote is never closed, with where: exit 2', async () => {
    const rows = windowRows();
    const gz = await langfuseExport(rows, 'JSONL', true);
    const cut = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: langfuse }\n${SLOS}`,
        'logs/observations.jsonl.gz',
      ),
      'logs/observations.jsonl.gz': gz.subarray(0, gz.length - 40),
    });
    expect(cut.code).toBe(2);
    expect(cut.verdict.items[0]).toMatchObject({
      status: 'error',
      message:
        'logs/observations.jsonl.gz is a gzip file cut short: its compressed stream ends early',
      location: { file: 'logs/observations.jsonl.gz' },
    });

    const csv = (await langfuseExport(rows.slice(0, 5), 'CSV')).toString();
    const unclosed = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: langfuse }\n${SLOS}`,
        'logs/observations.csv',
      ),
      // The file is cut inside the last field of the last record (lines 6 and 7: its input
      // holds a line break).
      'logs/observations.csv': csv.slice(0, -2),
    });
    expect(unclosed.code).toBe(2);
    expect(unclosed.verdict.items[0]).toMatchObject({
      status: 'error',
      message: 'logs/observations.csv:6: a quoted field starts here and is never closed',
      location: { file: 'logs/observations.csv', line: 6 },
    });
    const misplaced = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: langfuse }\n${SLOS}`,
        'logs/observations.csv',
      ),
      'logs/observations.csv': csv.replace('"obs-2"', '"obs-2'),
    });
    expect(misplaced.code).toBe(2);
    expect(misplaced.verdict.items[0]).toMatchObject({
      status: 'error',
      message: 'logs/observations.csv:4: a quote in the column id is not where CSV allows one',
      location: { file: 'logs/observations.csv', line: 4 },
    });

    // CSV only where the source's exporter writes it.
    const native = await monitor({
      'policies/release-policy.yaml': policy(SLOS, 'logs/observations.csv'),
      'logs/observations.csv': csv,
    });
    expect(native.code).toBe(2);
    expect(native.verdict.items[0]!.message).toBe(
      'logs/observations.csv is named as CSV, and this source reads JSON Lines and JSON arrays only',
    );
  });

  it('counts the bad elements of a JSON array with their line and column, and reads the rest', async () => {
    const rows = windowRows().slice(0, 4);
    const text = (await langfuseExport(rows, 'JSON')).toString();
    const broken = text.replace(
      '"start_time":"2026-11-20 00:01:00.000"',
      '"start_time":2026-11-20',
    );
    const run = await monitor({
      'policies/release-policy.yaml': policy(
        `  source: { format: langfuse }\n${SLOS}  max_bad_lines: '50%'\n`,
        'logs/observations.json',
      ),
      'logs/observations.json': broken,
    });
    expect(run.verdict.data?.window).toMatchObject({ interactions: 3, lines: 4, bad_lines: 1 });
    const bad = run.verdict.items.find((i) => i.rule === 'bad-line')!;
    const column = broken.indexOf('2026-11-20,') + 5;
    expect(bad).toMatchObject({
      message: expect.stringMatching(/^line 1 is an element that is not valid JSON/) as string,
      location: { file: 'logs/observations.json', line: 1, column },
    });
  });
});
