import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/**
 * How a query is run. `query` alone is always enough: a query without a
 * `queryType` (a link from a log line, an old saved query) is a trace ID or TraceQL.
 */
export type ThreadlineQueryType = 'traceql' | 'traceId' | 'search';

export interface ThreadlineQuery extends DataQuery {
  /** A trace ID, or TraceQL. */
  query: string;
  queryType?: ThreadlineQueryType;
}

export const DEFAULT_QUERY: Partial<ThreadlineQuery> = {
  query: '',
};

/** Options stored in the data source's `jsonData` (never secrets: those go to `secureJsonData`). */
export interface ThreadlineOptions extends DataSourceJsonData {
  /** Sent as `X-Scope-OrgID` to a multi-tenant Tempo. */
  tenantId?: string;
  /** Request timeout in seconds; Grafana's data proxy reads the same key. */
  timeout?: number;
  /** Trace-by-ID time window (Grafana's Tempo data source uses the same keys). */
  traceQuery?: {
    timeShiftEnabled?: boolean;
    spanStartTimeShift?: string;
    spanEndTimeShift?: string;
  };
}
