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
export interface ThreadlineOptions extends DataSourceJsonData, LinkSettings {
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

/** A span attribute to carry into a linked query; `value` renames it there. */
export interface TagMapping {
  key: string;
  value?: string;
}

/**
 * Links from spans to other signals. Grafana's trace view reads these from the queried
 * data source's jsonData under exactly these keys (the same as Grafana's Tempo data source).
 */
export interface TracesToLogsOptions {
  datasourceUid?: string;
  tags?: TagMapping[];
  spanStartTimeShift?: string;
  spanEndTimeShift?: string;
  filterByTraceID?: boolean;
  filterBySpanID?: boolean;
  customQuery?: boolean;
  query?: string;
}

export interface TracesToMetricsOptions {
  datasourceUid?: string;
  tags?: TagMapping[];
  queries?: Array<{ name?: string; query?: string }>;
  spanStartTimeShift?: string;
  spanEndTimeShift?: string;
}

export interface TracesToProfilesOptions {
  datasourceUid?: string;
  tags?: TagMapping[];
  profileTypeId?: string;
  customQuery?: boolean;
  query?: string;
}

export interface LinkSettings {
  tracesToLogsV2?: TracesToLogsOptions;
  tracesToMetrics?: TracesToMetricsOptions;
  tracesToProfiles?: TracesToProfilesOptions;
  spanBar?: { type?: 'None' | 'Duration' | 'Tag'; tag?: string };
  nodeGraph?: { enabled?: boolean };
}
