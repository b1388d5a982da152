/**
 * Internal data links back into this data source, shared by the search and metrics frames.
 * The shapes follow Grafana's own Tempo data source so Explore opens them the same way.
 */
import type { DataLink } from '@grafana/data';

export interface LinkTarget {
  datasourceUid: string;
  datasourceName: string;
}

/** Opens the trace whose id is the field's value (in the query editor's `queryType` mode). */
export function traceIdLink({ datasourceUid, datasourceName }: LinkTarget, queryType = 'traceql'): DataLink {
  return {
    title: 'Trace: ${__value.raw}',
    url: '',
    internal: {
      datasourceUid,
      datasourceName,
      query: { query: '${__value.raw}', queryType },
    },
  };
}

/**
 * Opens the trace of the row (read from its hidden `traceIdHidden` field) with the span whose
 * id is the field's value selected.
 */
export function spanIdLink({ datasourceUid, datasourceName }: LinkTarget): DataLink {
  return {
    title: 'Span: ${__value.raw}',
    url: '',
    internal: {
      datasourceUid,
      datasourceName,
      query: { query: '${__data.fields.traceIdHidden}', queryType: 'traceql' },
      panelsState: { trace: { spanId: '${__value.raw}' } },
    },
  };
}

/** Tempo drops leading zeros from ids in search and metrics results: put them back. */
export function padTraceId(id: string): string {
  return id.length < 32 ? id.padStart(32, '0') : id;
}

export function padSpanId(id: string): string {
  return id.length < 16 ? id.padStart(16, '0') : id;
}
