/**
 * The data frame Grafana's trace view reads: one row per span, one field per
 * `TraceSpanRow` property. Field values are the decoder's column arrays, not copies.
 */
import { DataFrame, Field, FieldConfig, FieldType, QueryResultMeta } from '@grafana/data';

import { serviceNamespaceColumn } from '../analysis/namespace';
import type { TraceView } from '../analysis/trace-view';
import { readAllTags, type SpanColumnName } from '../decode/columns';

/** Field name → type and, for the fields a table would show, a display name. */
const FIELDS: Array<[SpanColumnName, FieldType, FieldConfig?]> = [
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

/** A decoded trace, or the view of it that `traceView` (analysis/trace-view.ts) made. */
export function traceFrame(trace: TraceView, refId?: string): DataFrame {
  const columns = trace.spans;
  const length = columns.spanID.length;
  // A view has read the tags of its rows already; a whole huge trace may still hold unread ones.
  readAllTags(columns);
  const fields: Field[] = FIELDS.map(([name, type, config]) => ({
    name,
    type,
    config: config ? { ...config } : {},
    values: columns[name],
  }));
  fields.push(
    { name: 'serviceNamespace', type: FieldType.string, config: {}, values: serviceNamespaceColumn(columns) },
    { name: 'warnings', type: FieldType.other, config: {}, values: trace.warnings ?? new Array(length).fill(undefined) }
  );
  const meta: QueryResultMeta = { preferredVisualisationType: 'trace' };
  if (trace.partialMessage !== undefined) {
    meta.custom = { partial: true, message: trace.partialMessage };
  }
  if (trace.notices?.length) {
    meta.notices = trace.notices.map((text) => ({ severity: 'info', text }));
  }
  return { name: 'Trace', refId, fields, length, meta };
}
