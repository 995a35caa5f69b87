/**
 * OpenTelemetry traces written by the OpenTelemetry JS SDK itself: spans recorded by a real
 * tracer, serialised by the OTLP JSON serializer, one `ExportTraceServiceRequest` per batch,
 * as the collector's file exporter writes them (one request a line).
 */
import { context, trace, SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

export interface Chat {
  /** Start of the request, ms since the epoch. */
  at: number;
  /** Of the whole request (the root span) and of the model call in it. */
  requestMs: number;
  llmMs: number;
  attributes: Attributes;
  /** On the root span: user.id, session.id, as applications set them. */
  rootAttributes?: Attributes;
  error?: string;
}

const hr = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

/** Spans of each chat (a server root span, an LLM child span), in the order they ended. */
export function recordChats(chats: Chat[], release = '1.4.0'): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'support-chatbot',
      'service.version': release,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('support-chatbot');
  for (const c of chats) {
    const root = tracer.startSpan('POST /chat', {
      kind: SpanKind.SERVER,
      startTime: hr(c.at),
      attributes: c.rootAttributes ?? {},
    });
    const llm = tracer.startSpan(
      String(c.attributes['gen_ai.operation.name'] ?? 'llm'),
      { kind: SpanKind.CLIENT, startTime: hr(c.at + 5), attributes: c.attributes },
      trace.setSpan(context.active(), root),
    );
    if (c.error) {
      llm.setAttribute('error.type', c.error);
      llm.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
      root.setStatus({ code: SpanStatusCode.ERROR });
    }
    llm.end(hr(c.at + 5 + c.llmMs));
    root.end(hr(c.at + c.requestMs));
  }
  return exporter.getFinishedSpans();
}

/** The spans as OTLP JSON lines, `perLine` spans a request: a trace may straddle two lines. */
export function otlpLines(spans: ReadableSpan[], perLine: number): string {
  const lines: string[] = [];
  for (let i = 0; i < spans.length; i += perLine)
    lines.push(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans.slice(i, i + perLine))),
    );
  return lines.join('\n') + '\n';
}
