/**
 * Span columns holding one or many traces → one summary per trace, for the traces table of a
 * service search. The backends whose search answers whole traces (Jaeger, Zipkin) decode the
 * answer into columns with their trace decoder, then summarize here, so the table shows the
 * same thing for every backend.
 */
import type { TraceSummary } from '../backends/backend';
import { STATUS_CODE_ERROR, type SpanColumns } from '../decode/columns';

interface Accumulator {
  summary: TraceSummary;
  endMs: number;
  services: Set<string>;
  /** Index of the first span without a parent in this trace, or -1. */
  root: number;
}

export function summarizeTraces(spans: SpanColumns): TraceSummary[] {
  const byTrace = new Map<string, Accumulator>();
  for (let i = 0; i < spans.spanID.length; i++) {
    const traceId = spans.traceID[i];
    let trace = byTrace.get(traceId);
    if (!trace) {
      trace = {
        summary: { traceId, startMs: Infinity, durationMs: 0, spanCount: 0, errorCount: 0, services: [] },
        endMs: -Infinity,
        services: new Set(),
        root: -1,
      };
      byTrace.set(traceId, trace);
    }
    const { summary } = trace;
    summary.spanCount++;
    summary.startMs = Math.min(summary.startMs, spans.startTime[i]);
    trace.endMs = Math.max(trace.endMs, spans.startTime[i] + spans.duration[i]);
    if (spans.statusCode[i] === STATUS_CODE_ERROR) {
      summary.errorCount!++;
    }
    if (!trace.services.has(spans.serviceName[i])) {
      trace.services.add(spans.serviceName[i]);
      summary.services.push(spans.serviceName[i]);
    }
    if (trace.root < 0 && spans.parentSpanID[i] === undefined) {
      trace.root = i;
    }
  }
  return [...byTrace.values()].map((trace) => {
    const { summary } = trace;
    summary.durationMs = trace.endMs - summary.startMs;
    // No span without a parent: the root span has not arrived (yet), and the table says so.
    if (trace.root >= 0) {
      summary.rootService = spans.serviceName[trace.root];
      summary.rootOperation = spans.operationName[trace.root];
    }
    return summary;
  });
}
