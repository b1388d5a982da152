/**
 * Jaeger-format JSON traces (`{ traceID, spans, processes }`, microseconds) as span columns, read by
 * the real Jaeger JSON decoder (src/decode/jaeger-json.ts): the Jaeger UI statistics traces in
 * tests/fixtures/reference/jaeger-ui-statistics/, and traces a test builds in that format.
 */
import fs from 'fs';
import path from 'path';

import type { SpanColumns } from '../../src/decode/columns';
import { decodeJaegerJson } from '../../src/decode/jaeger-json';

export const JAEGER_UI_STATISTICS_DIR = path.resolve(__dirname, '../fixtures/reference/jaeger-ui-statistics');

export function readJaegerUiStatisticsTrace(file: string): SpanColumns {
  return onlyTrace(JSON.parse(fs.readFileSync(path.join(JAEGER_UI_STATISTICS_DIR, file), 'utf8')));
}

function onlyTrace(body: unknown): SpanColumns {
  const traces = decodeJaegerJson(body);
  if (traces.length !== 1) {
    throw new Error(`expected one trace, the Jaeger JSON holds ${traces.length}`);
  }
  return traces[0].spans;
}

/** Hand-built traces: `[spanID, parentSpanID, service, operation, start µs, duration µs, error?]`. */
export type SpanRow = [string, string | undefined, string, string, number, number, boolean?];

export function columnsOf(rows: SpanRow[]): SpanColumns {
  const traceID = '00000000000000000000000000000001';
  return onlyTrace({
    traceID,
    processes: Object.fromEntries(rows.map(([, , service]) => [service, { serviceName: service, tags: [] }])),
    spans: rows.map(([spanID, parent, service, operationName, startTime, duration, error]) => ({
      traceID,
      spanID,
      operationName,
      references: parent ? [{ refType: 'CHILD_OF', traceID, spanID: parent }] : [],
      startTime,
      duration,
      tags: error ? [{ key: 'error', type: 'bool', value: true }] : [],
      logs: [],
      processID: service,
    })),
  });
}
