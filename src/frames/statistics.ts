/**
 * The trace's statistics as a table frame: one row per (service, operation), largest self time
 * first. The Operation cell links to the same trace filtered to that service and operation.
 */
import { type DataFrame, type DataLink, FieldType } from '@grafana/data';

import type { TraceStatistics } from '../analysis/statistics';
import { quoteTraceQLString } from '../traceql/literals';
import { field, HIDDEN } from './fields';
import type { LinkTarget } from './links';

export const STATISTICS_FRAME_NAME = 'Statistics';
const SPAN_FILTER_FIELD = 'spanFilter';

/** Where the Operation links go: this data source, this trace. */
export interface TraceLinkTarget extends LinkTarget {
  traceId: string;
}

export const MS = { unit: 'ms' };
// Narrow number columns, so that the whole table fits a panel; the names take the rest.
const COUNT = { custom: { width: 60 } };
const MS_COLUMN = { ...MS, custom: { width: 105 } };
const PERCENT_COLUMN = { unit: 'percent', custom: { width: 120 } };

const percentOf =
  (selfTotal: number) =>
  (row: { selfTotal: number }): number =>
    selfTotal > 0 ? (100 * row.selfTotal) / selfTotal : 0;

export function statisticsFrame(statistics: TraceStatistics, refId?: string, link?: TraceLinkTarget): DataFrame {
  const { rows } = statistics;
  const column = <T>(value: (row: (typeof rows)[number]) => T) => rows.map(value);
  const operationConfig = link ? { links: [operationLink(link)] } : {};
  const fields = [
    field(
      'Service',
      FieldType.string,
      column((row) => row.service)
    ),
    field(
      'Operation',
      FieldType.string,
      column((row) => row.operation),
      operationConfig
    ),
    field(
      'Spans',
      FieldType.number,
      column((row) => row.spans),
      COUNT
    ),
    field(
      'Errors',
      FieldType.number,
      column((row) => row.errors),
      COUNT
    ),
    field(
      'Total (ms)',
      FieldType.number,
      column((row) => row.total),
      MS_COLUMN
    ),
    field(
      'Avg (ms)',
      FieldType.number,
      column((row) => row.total / row.spans),
      MS_COLUMN
    ),
    field(
      'Min (ms)',
      FieldType.number,
      column((row) => row.min),
      MS_COLUMN
    ),
    field(
      'Max (ms)',
      FieldType.number,
      column((row) => row.max),
      MS_COLUMN
    ),
    field(
      'Self total (ms)',
      FieldType.number,
      column((row) => row.selfTotal),
      MS_COLUMN
    ),
    field(
      'Self avg (ms)',
      FieldType.number,
      column((row) => row.selfTotal / row.spans),
      MS_COLUMN
    ),
    field('Self % of trace', FieldType.number, column(percentOf(statistics.selfTotal)), PERCENT_COLUMN),
  ];
  if (link) {
    const filters = column((row) => spanFilterOf(row.service, row.operation));
    fields.push(field(SPAN_FILTER_FIELD, FieldType.string, filters, { custom: HIDDEN }));
  }
  return {
    name: STATISTICS_FRAME_NAME,
    refId,
    length: rows.length,
    fields,
    meta: { preferredVisualisationType: 'table' },
  };
}

/** TraceQL that selects the spans of one service and operation, values escaped. */
export function spanFilterOf(service: string, operation: string): string {
  return `{ resource.service.name = ${quoteTraceQLString(service)} && name = ${quoteTraceQLString(operation)} }`;
}

/** The same trace, filtered (`spanFilter`) to the row's spans; the filter is the row's hidden field. */
function operationLink({ datasourceUid, datasourceName, traceId }: TraceLinkTarget): DataLink {
  return {
    title: 'Show these spans in the trace',
    url: '',
    internal: {
      datasourceUid,
      datasourceName,
      query: { query: traceId, queryType: 'traceId', spanFilter: `\${__data.fields.${SPAN_FILTER_FIELD}}` },
    },
  };
}
