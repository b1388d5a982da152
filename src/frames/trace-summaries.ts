/**
 * A service search's results (Jaeger, Zipkin) → the traces table, with the columns and field
 * names of the TraceQL search table (`frames/search.ts`) where they mean the same, so both
 * look alike in Explore: the trace ID opens the trace, then start, root service and operation,
 * duration, span count and, where the backend says, error spans.
 */
import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import type { TraceSummary } from '../backends/backend';
import { type LinkTarget, traceIdLink } from './links';
import { ROOT_SPAN_NOT_YET_RECEIVED } from './search';

export interface TraceSummaryFrameOptions extends LinkTarget {
  refId: string;
  /** The query type the trace ID link opens the trace with; `traceId` unless said. */
  linkQueryType?: string;
}

export function traceSummariesFrame(summaries: TraceSummary[], options: TraceSummaryFrameOptions): DataFrame {
  const rows = [...summaries].sort((a, b) => b.startMs - a.startMs);
  const hasErrors = rows.some((row) => row.errorCount !== undefined);
  const frame = createDataFrame({
    name: 'Traces',
    refId: options.refId,
    fields: [
      {
        name: 'traceID',
        type: FieldType.string,
        values: rows.map((row) => row.traceId),
        config: {
          displayNameFromDS: 'Trace ID',
          unit: 'string',
          links: [traceIdLink(options, options.linkQueryType ?? 'traceId')],
        },
      },
      {
        name: 'startTime',
        type: FieldType.time,
        values: rows.map((row) => row.startMs),
        config: { displayNameFromDS: 'Start time' },
      },
      {
        name: 'traceService',
        type: FieldType.string,
        values: rows.map((row) => row.rootService ?? ROOT_SPAN_NOT_YET_RECEIVED),
        config: { displayNameFromDS: 'Service' },
      },
      {
        name: 'traceName',
        type: FieldType.string,
        values: rows.map((row) => row.rootOperation ?? ROOT_SPAN_NOT_YET_RECEIVED),
        config: { displayNameFromDS: 'Name' },
      },
      {
        name: 'traceDuration',
        type: FieldType.number,
        values: rows.map((row) => row.durationMs),
        config: { displayNameFromDS: 'Duration', unit: 'ms' },
      },
      {
        name: 'spanCount',
        type: FieldType.number,
        values: rows.map((row) => row.spanCount),
        config: { displayNameFromDS: 'Spans' },
      },
      ...(hasErrors
        ? [
            {
              name: 'errorSpanCount',
              type: FieldType.number,
              values: rows.map((row) => row.errorCount ?? null),
              config: { displayNameFromDS: 'Error spans' },
            },
          ]
        : []),
      {
        name: 'services',
        type: FieldType.string,
        values: rows.map((row) => row.services.join(', ')),
        config: { displayNameFromDS: 'Services' },
      },
    ],
    meta: { preferredVisualisationType: 'table', uniqueRowIdFields: [0] },
  });
  if (rows.length === 0) {
    frame.meta = { ...frame.meta, notices: [{ severity: 'info', text: 'No traces found' }] };
  }
  return frame;
}
