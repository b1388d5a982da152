import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

import type { SearchBuilderState } from './traceql/builder';

/**
 * How a query is run. `query` alone is always enough: a query without a
 * `queryType` (a link from a log line, an old saved query) is a trace ID or TraceQL.
 */
export type ThreadlineQueryType =
  'traceql' | 'traceId' | 'search' | 'compare' | 'serviceSearch' | 'dependencies' | 'upload';

/** More views of a trace, each one frame after the trace frame (and the node graph's). */
export type TraceView = 'statistics' | 'flamegraph';

export interface ThreadlineQuery extends DataQuery {
  /** A trace ID, or TraceQL (written by hand, or by the search builder). */
  query: string;
  queryType?: ThreadlineQueryType;
  /** The search builder's state, kept so dashboards reopen the builder as it was. */
  builder?: SearchBuilderState;
  /** Search: most traces returned (Tempo's, Jaeger's and Zipkin's `limit`). */
  limit?: number;
  /** Service search (Jaeger, Zipkin): the service, required. */
  service?: string;
  /** Service search: an operation (span name) of the service. */
  operation?: string;
  /** Service search: logfmt `key=value` pairs, as Jaeger UI takes them (`http.status_code=500 error=true`). */
  tags?: string;
  /** Service search: shortest/longest trace duration, e.g. `100ms`, `1.2s`. */
  minDuration?: string;
  maxDuration?: string;
  /** Search: spans per span set (Tempo's `spss`). */
  spss?: number;
  /** Search results as one row per trace (default) or one row per span. */
  tableType?: 'traces' | 'spans';
  /** Search: add Tempo's `with(most_recent=true)` hint (Tempo 2.7+). */
  mostRecent?: boolean;
  /** TraceQL metrics: step between points, e.g. `30s`; default from the panel's interval. */
  step?: string;
  /** Trace by ID: TraceQL span conditions; the trace frame holds the matching spans and their ancestors. */
  spanFilter?: string;
  /** Trace by ID (also TraceQL that is a trace ID): more views of the same trace. */
  views?: TraceView[];
  /** Compare: trace B (`query` is trace A). */
  compareTo?: string;
  /** Upload: the trace file's name (the file itself stays in the data source instance, `trace-files.ts`). */
  fileName?: string;
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const DEFAULT_SPSS = 3;
/** Most rows in a trace frame unless `traceQuery.spanBudget` says otherwise (README: "Span budget"). */
export const DEFAULT_SPAN_BUDGET = 20_000;

/** The span budget in force: `configured`, or the default when unset or invalid; 0 means no limit. */
export function effectiveSpanBudget(configured: number | undefined): number {
  return configured === undefined || !Number.isFinite(configured) || configured < 0
    ? DEFAULT_SPAN_BUDGET
    : Math.floor(configured);
}
/** Most tag names/values asked of Tempo for autocomplete, unless the data source sets `tagLimit`. */
export const DEFAULT_TAG_LIMIT = 5000;

/** Attribute names known to Tempo, by scope (`resource`, `span`, `event`, `link`, `instrumentation`, `intrinsic`). */
export interface ScopedTags {
  scope: string;
  tags: string[];
}

/** One value of an attribute, with Tempo's type for it (`string`, `int`, `keyword`, …). */
export interface TagValue {
  type: string;
  value: string;
}

/** Where editors get attribute names and values for autocomplete and pickers (cached per data source). */
export interface TagSource {
  tagNames(): Promise<ScopedTags[]>;
  /** `tag` is scoped, e.g. `resource.service.name` or `status`; `query` narrows values to matching spans. */
  tagValues(tag: string, query?: string): Promise<TagValue[]>;
}

/** Which tracing backend a data source talks to (`backends/index.ts`). */
export type BackendKind = 'tempo' | 'jaeger' | 'zipkin';

/** Options stored in the data source's `jsonData` (never secrets: those go to `secureJsonData`). */
export interface ThreadlineOptions extends DataSourceJsonData, LinkSettings {
  /** The tracing backend behind the URL; Tempo when unset. */
  backend?: BackendKind;
  /**
   * Old versions' tenant, which the browser sent as `X-Scope-OrgID` (so any viewer could send another).
   * No longer sent: the config editor moves it to a custom header (`httpHeaderName…` with its value in
   * `secureJsonData`), which Grafana's data proxy adds; a query fails while it is not moved.
   */
  tenantId?: string;
  /** Request timeout in seconds; Grafana's data proxy reads the same key. */
  timeout?: number;
  /** Largest answer accepted, in megabytes; 0 or unset: 1000 (1 GB). */
  maxResponseMB?: number;
  /** Trace-by-ID time window (Grafana's Tempo data source uses the same keys). */
  traceQuery?: {
    timeShiftEnabled?: boolean;
    spanStartTimeShift?: string;
    spanEndTimeShift?: string;
    /** Most rows in a trace frame; a bigger trace is reduced to it. Default 20,000; 0 = no limit. */
    spanBudget?: number;
  };
  /** Autocomplete: most tag names/values asked of Tempo (`limit`), default 5000. */
  tagLimit?: number;
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

/** A dashboard variable's query: tag names (optionally of one scope) or the values of one tag. */
export interface ThreadlineVariableQuery {
  refId: string;
  type: 'tagNames' | 'tagValues';
  scope?: string;
  tag?: string;
}
