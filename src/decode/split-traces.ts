/**
 * Trace files hold spans in whatever grouping their writer chose: an OTLP export request mixes
 * traces, the OpenTelemetry file exporter writes one trace over several lines, a Jaeger file may
 * list a trace twice. These join all decoded spans and cut them into one DecodedTrace per trace ID.
 */
import { DecodedTrace, emptyColumns, type SpanColumnName, type SpanColumns } from './columns';

type ColumnName = SpanColumnName;
const COLUMN_NAMES = Object.keys(emptyColumns()) as ColumnName[];

/** Where one trace's spans are: the part and the row in it, for each span in order. */
interface TraceRows {
  parts: number[];
  rows: number[];
  /** Set when a part holding spans of this trace says the trace is partial. */
  partialMessage?: string;
}

/**
 * One trace per trace ID, in the order each ID first appears; a lone trace is returned as it is.
 * Pauses (yields) after every `chunkSpans` spans: a file of 100k spans in many parts is copied here.
 */
export function* splitByTraceIdSteps(parts: DecodedTrace[], chunkSpans: number): Generator<void, DecodedTrace[], void> {
  const nonEmpty = parts.filter((part) => part.spans.spanID.length > 0);
  if (nonEmpty.length === 1 && isOneTrace(nonEmpty[0].spans)) {
    return nonEmpty;
  }
  const byTrace = new Map<string, TraceRows>();
  let sinceYield = 0;
  for (let part = 0; part < nonEmpty.length; part++) {
    const { spans, partialMessage } = nonEmpty[part];
    const { traceID } = spans;
    for (let row = 0; row < traceID.length; row++) {
      let trace = byTrace.get(traceID[row]);
      if (!trace) {
        trace = { parts: [], rows: [] };
        byTrace.set(traceID[row], trace);
      }
      trace.partialMessage ??= partialMessage;
      trace.parts.push(part);
      trace.rows.push(row);
      if (++sinceYield >= chunkSpans) {
        sinceYield = 0;
        yield;
      }
    }
  }
  const traces: DecodedTrace[] = [];
  for (const rows of byTrace.values()) {
    const trace: DecodedTrace = { spans: yield* gather(nonEmpty, rows, chunkSpans) };
    if (rows.partialMessage !== undefined) {
      trace.partialMessage = rows.partialMessage;
    }
    const skippedValues = nonEmpty.some((part) => part.skippedValues) ? skippedValuesOf(nonEmpty, rows) : undefined;
    if (skippedValues) {
      trace.skippedValues = skippedValues;
    }
    traces.push(trace);
  }
  return traces;
}

function isOneTrace(spans: SpanColumns): boolean {
  const first = spans.traceID[0];
  return spans.traceID.every((traceId) => traceId === first);
}

/** The span warnings on values left out (`DecodedTrace.skippedValues`) of the given rows, at their new rows. */
function skippedValuesOf(parts: DecodedTrace[], { parts: partOf, rows }: TraceRows): Map<number, string> | undefined {
  let warnings: Map<number, string> | undefined;
  for (let i = 0; i < rows.length; i++) {
    const warning = parts[partOf[i]].skippedValues?.get(rows[i]);
    if (warning !== undefined) {
      (warnings ??= new Map()).set(i, warning);
    }
  }
  return warnings;
}

/** New columns holding the given rows, values shared with the source columns (they are read-only). */
function* gather(parts: DecodedTrace[], { parts: partOf, rows }: TraceRows, chunkSpans: number) {
  const columns = emptyColumns() as unknown as Record<ColumnName, unknown[]>;
  for (const name of COLUMN_NAMES) {
    columns[name] = new Array(rows.length);
  }
  const sources = parts.map((part) => part.spans as unknown as Record<ColumnName, unknown[]>);
  for (let start = 0; start < rows.length; start += chunkSpans) {
    const end = Math.min(rows.length, start + chunkSpans);
    for (const name of COLUMN_NAMES) {
      const target = columns[name];
      for (let i = start; i < end; i++) {
        target[i] = sources[partOf[i]][name][rows[i]];
      }
    }
    if (end < rows.length) {
      yield;
    }
  }
  return columns as unknown as SpanColumns;
}
