/**
 * A service search's results (Jaeger, Zipkin) → the traces table, with the columns and field
 * names of the TraceQL search table (`frames/search.ts`) where they mean the same, so both
 * look alike in Explore: the trace ID opens the trace, then start, root service and operation,
 * duration, span count and, where the backend says, error spans.
 */
import { createDataFrame, type DataFrame, type FieldConfig, FieldType } from '@grafana/data';

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
  const column = <T>(name: string, type: FieldType, values: T[], config: FieldConfig) => ({
    name,
    type,
    values,
    config,
  });
  const frame = createDataFrame({
    name: 'Traces',
    refId: options.refId,
    fields: [
      column(
        'traceID',
        FieldType.string,
        rows.map((row) => row.traceId),
        {
          displayNameFromDS: 'Trace ID',
          unit: 'string',
          links: [traceIdLink(options, options.linkQueryType ?? 'traceId')],
        }
      ),
      column(
        'startTime',
        FieldType.time,
        rows.map((row) => row.startMs),
        { displayNameFromDS: 'Start time' }
      ),
      column(
        'traceService',
        FieldType.string,
        rows.map((row) => row.rootService ?? ROOT_SPAN_NOT_YET_RECEIVED),
        {
          displayNameFromDS: 'Service',
        }
      ),
      column(
        'traceName',
        FieldType.string,
        rows.map((row) => row.rootOperation ?? ROOT_SPAN_NOT_YET_RECEIVED),
        {
          displayNameFromDS: 'Name',
        }
      ),
      column(
        'traceDuration',
        FieldType.number,
        rows.map((row) => row.durationMs),
        {
          displayNameFromDS: 'Duration',
          unit: 'ms',
        }
      ),
      column(
        'spanCount',
        FieldType.number,
        rows.map((row) => row.spanCount),
        { displayNameFromDS: 'Spans' }
      ),
      ...(hasErrors
        ? [
            column(
              'errorSpanCount',
              FieldType.number,
              rows.map((row) => row.errorCount ?? null),
              {
                displayNameFromDS: 'Error spans',
              }
            ),
          ]
        : []),
      column(
        'services',
        FieldType.string,
        rows.map((row) => row.services.join(', ')),
        {
          displayNameFromDS: 'Services',
        }
      ),
    ],
    meta: { preferredVisualisationType: 'table', uniqueRowIdFields: [0] },
  });
  if (rows.length === 0) {
    frame.meta = { ...frame.meta, notices: [{ severity: 'info', text: 'No traces found' }] };
  }
  return frame;
}
