/**
 * The data frame Grafana's trace view reads: one row per span, one field per
 * `TraceSpanRow` property. Field values are the decoder's column arrays, not copies.
 */
import { DataFrame, Field, FieldConfig, FieldType, QueryResultMeta } from '@grafana/data';

import type { DecodedTrace, SpanColumns } from '../decode/columns';

/** Field name → type and, for the fields a table would show, a display name. */
const FIELDS: Array<[keyof SpanColumns, FieldType, FieldConfig?]> = [
  ['traceID', FieldType.string, { displayNameFromDS: 'Trace ID' }],
  ['spanID', FieldType.string, { displayNameFromDS: 'Span ID' }],
  ['parentSpanID', FieldType.string, { displayNameFromDS: 'Parent span ID' }],
  ['operationName', FieldType.string, { displayNameFromDS: 'Operation' }],
  ['serviceName', FieldType.string, { displayNameFromDS: 'Service' }],
  ['serviceTags', FieldType.other],
  ['startTime', FieldType.number, { displayNameFromDS: 'Start time' }],
  ['duration', FieldType.number, { displayNameFromDS: 'Duration', unit: 'ms' }],
  ['logs', FieldType.other],
  ['references', FieldType.other],
  ['tags', FieldType.other],
  ['kind', FieldType.string],
  ['statusCode', FieldType.number],
  ['statusMessage', FieldType.string],
  ['instrumentationLibraryName', FieldType.string],
  ['instrumentationLibraryVersion', FieldType.string],
  ['traceState', FieldType.string],
  ['stackTraces', FieldType.other],
];

export function traceFrame(trace: DecodedTrace, refId?: string): DataFrame {
  const columns = trace.spans;
  const fields: Field[] = FIELDS.map(([name, type, config]) => ({
    name,
    type,
    config: config ? { ...config } : {},
    values: columns[name],
  }));
  const meta: QueryResultMeta = { preferredVisualisationType: 'trace' };
  if (trace.partialMessage !== undefined) {
    meta.custom = { partial: true, message: trace.partialMessage };
  }
  return { name: 'Trace', refId, fields, length: columns.spanID.length, meta };
}
