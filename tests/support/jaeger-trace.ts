/**
 * Jaeger-format JSON traces (`{ traceID, spans, processes }`, microseconds) as span columns,
 * for the Jaeger UI statistics traces in tests/fixtures/reference/jaeger-ui-statistics/.
 * A test helper only, until the Jaeger JSON decoder (src/decode/jaeger-json.ts, another branch)
 * lands: then the tests should read these files with it instead.
 *
 * As Jaeger UI reads them: the parent is the first CHILD_OF reference, else the first
 * FOLLOWS_FROM one; a span tagged `error=true` is an error.
 */
import fs from 'fs';
import path from 'path';

import { emptyColumns, NO_LOGS, NO_REFERENCES, type SpanColumns } from '../../src/decode/columns';

export const JAEGER_UI_STATISTICS_DIR = path.resolve(__dirname, '../fixtures/reference/jaeger-ui-statistics');

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: Array<{ refType: string; spanID: string }>;
  startTime: number;
  duration: number;
  tags?: Array<{ key: string; value: unknown }>;
  processID: string;
}

interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

export function readJaegerUiStatisticsTrace(file: string): SpanColumns {
  const json = JSON.parse(fs.readFileSync(path.join(JAEGER_UI_STATISTICS_DIR, file), 'utf8'));
  return jaegerTraceColumns(json.data ? json.data[0] : json);
}

export function jaegerTraceColumns(trace: JaegerTrace): SpanColumns {
  const columns = emptyColumns();
  for (const span of trace.spans) {
    const references = span.references ?? [];
    const parent =
      references.find((ref) => ref.refType === 'CHILD_OF') ?? references.find((ref) => ref.refType === 'FOLLOWS_FROM');
    const isError = (span.tags ?? []).some((tag) => tag.key === 'error' && String(tag.value) === 'true');
    columns.traceID.push(span.traceID);
    columns.spanID.push(span.spanID);
    columns.parentSpanID.push(parent?.spanID);
    columns.operationName.push(span.operationName);
    columns.serviceName.push(trace.processes[span.processID].serviceName);
    columns.serviceTags.push([]);
    columns.startTime.push(span.startTime / 1000);
    columns.duration.push(span.duration / 1000);
    columns.tags.push([]);
    columns.kind.push('unspecified');
    columns.statusCode.push(isError ? 2 : 0);
    columns.statusMessage.push(undefined);
    columns.instrumentationLibraryName.push(undefined);
    columns.instrumentationLibraryVersion.push(undefined);
    columns.traceState.push(undefined);
    columns.logs.push(NO_LOGS);
    columns.references.push(NO_REFERENCES);
    columns.stackTraces.push(undefined);
  }
  return columns;
}

/** Hand-built traces: `[spanID, parentSpanID, service, operation, start µs, duration µs, error?]`. */
export type SpanRow = [string, string | undefined, string, string, number, number, boolean?];

export function columnsOf(rows: SpanRow[]): SpanColumns {
  return jaegerTraceColumns({
    processes: Object.fromEntries(rows.map(([, , service]) => [service, { serviceName: service }])),
    spans: rows.map(([spanID, parent, service, operationName, startTime, duration, error]) => ({
      traceID: '00000000000000000000000000000001',
      spanID,
      operationName,
      references: parent ? [{ refType: 'CHILD_OF', spanID: parent }] : [],
      startTime,
      duration,
      tags: error ? [{ key: 'error', value: true }] : [],
      processID: service,
    })),
  });
}
