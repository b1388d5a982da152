/**
 * Trace files hold spans in whatever grouping their writer chose: an OTLP export request mixes
 * traces, the OpenTelemetry file exporter writes one trace over several lines, a Jaeger file may
 * list a trace twice. These join all decoded spans and cut them into one DecodedTrace per trace ID.
 */
import { DecodedTrace, emptyColumns, type SpanColumns } from './columns';

type ColumnName = keyof SpanColumns;
const COLUMN_NAMES = Object.keys(emptyColumns()) as ColumnName[];

/** One trace per trace ID, in the order each ID first appears; a lone trace is returned as it is. */
export function splitByTraceId(parts: DecodedTrace[]): DecodedTrace[] {
  const nonEmpty = parts.filter((part) => part.spans.spanID.length > 0);
  if (nonEmpty.length === 1 && isOneTrace(nonEmpty[0].spans)) {
    return nonEmpty;
  }
  const partialMessage = parts.find((part) => part.partialMessage !== undefined)?.partialMessage;
  const byTrace = new Map<string, Array<[SpanColumns, number]>>();
  for (const { spans } of nonEmpty) {
    for (let i = 0; i < spans.traceID.length; i++) {
      const traceId = spans.traceID[i];
      let rows = byTrace.get(traceId);
      if (!rows) {
        rows = [];
        byTrace.set(traceId, rows);
      }
      rows.push([spans, i]);
    }
  }
  return [...byTrace.values()].map((rows) => {
    const trace: DecodedTrace = { spans: gather(rows) };
    if (partialMessage !== undefined) {
      trace.partialMessage = partialMessage;
    }
    return trace;
  });
}

function isOneTrace(spans: SpanColumns): boolean {
  const first = spans.traceID[0];
  return spans.traceID.every((traceId) => traceId === first);
}

/** New columns holding the given rows, values shared with the source columns (they are read-only). */
function gather(rows: Array<[SpanColumns, number]>): SpanColumns {
  const columns = emptyColumns();
  for (const name of COLUMN_NAMES) {
    const target = new Array(rows.length) as unknown[];
    for (let i = 0; i < rows.length; i++) {
      const [source, row] = rows[i];
      target[i] = source[name][row];
    }
    (columns as unknown as Record<ColumnName, unknown[]>)[name] = target;
  }
  return columns;
}
