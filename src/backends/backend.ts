/**
 * The one interface every tracing backend implements. `datasource.ts` talks only to this: it
 * routes each query by what the chosen backend can do (its capabilities below), never by name.
 * A new backend is one module in this folder that implements `TraceBackend`, plus its line in
 * `backends/index.ts`.
 */
import type { DecodedTrace } from '../decode/columns';
import type { ScopedTags, TagValue } from '../types';

export interface TimeWindow {
  /** Unix seconds. */
  start: number;
  end: number;
}

export interface HealthResult {
  ok: boolean;
  message: string;
}

export interface TraceRequest {
  /** 32 lowercase hex characters (`normalizeTraceId`). */
  traceId: string;
  /** Set when the data source limits trace lookups to the query's time range. */
  window?: TimeWindow;
  requestId?: string;
  /** Aborted when nobody waits for the answer any more (Grafana unsubscribed): stop fetching and decoding. */
  signal?: AbortSignal;
}

export interface TraceQLSearchParams {
  query: string;
  window: TimeWindow;
  limit: number;
  spss: number;
  signal?: AbortSignal;
}

export interface TraceQLMetricsParams {
  query: string;
  window: TimeWindow;
  /** A duration, e.g. `30s`. */
  step: string;
  signal?: AbortSignal;
}

/** TraceQL search, TraceQL metrics and scoped attribute names (Tempo). */
export interface TraceQLCapability {
  /** The search answer's parsed JSON body, for `searchResultFrames`. */
  search(params: TraceQLSearchParams, requestId?: string): Promise<unknown>;
  /** The metrics answer's parsed JSON body, for `metricsFrames`. */
  metricsRange(params: TraceQLMetricsParams, requestId?: string): Promise<unknown>;
  /** Attribute names by scope. */
  tagNames(window: TimeWindow | undefined, limit: number): Promise<ScopedTags[]>;
  /** Values of a scoped attribute (`resource.service.name`), narrowed by `query` where the backend can. */
  tagValues(tag: string, query: string | undefined, window: TimeWindow | undefined, limit: number): Promise<TagValue[]>;
}

/**
 * The search form of Jaeger and Zipkin (query type `serviceSearch`), already interpolated
 * (template variables replaced value by value, so no value changes the query's structure).
 */
export interface ServiceSearchParams {
  /** Required by both Jaeger and Zipkin. */
  service: string;
  operation?: string;
  /** Logfmt pairs as Jaeger UI takes them (`http.status_code=500 error=true`), parsed by `parseSearchTags`. */
  tags: SearchTag[];
  /** Microseconds, the unit both APIs share; parsed from `100ms`, `1.2s` by `parseSearchDuration`. */
  minDurationUs?: number;
  maxDurationUs?: number;
  limit: number;
  /** The query's time range. */
  window: TimeWindow;
  /** Aborted when nobody waits for the answer any more. */
  signal?: AbortSignal;
}

export interface SearchTag {
  key: string;
  value: string;
}

/** One row of a search result: what the traces table shows of a trace. */
export interface TraceSummary {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** The root span's service and operation; `undefined` when the root span has not arrived. */
  rootService?: string;
  rootOperation?: string;
  /** Epoch milliseconds of the earliest span. */
  startMs: number;
  /** Milliseconds from the earliest start to the latest end. */
  durationMs: number;
  spanCount: number;
  /** Spans with error status; `undefined` when the API does not say. */
  errorCount?: number;
  /** Distinct services in the trace, in first-seen order. */
  services: string[];
}

/** Service, operation and parameter search: Jaeger's and Zipkin's search form. */
export interface ServiceSearchCapability {
  /** Service names, sorted, for the service picker. */
  services(requestId?: string): Promise<string[]>;
  /** Operation (span) names of one service, sorted, for the operation picker. */
  operations(service: string, requestId?: string): Promise<string[]>;
  /** Matching traces, newest first, at most `params.limit`. */
  search(params: ServiceSearchParams, requestId?: string): Promise<TraceSummary[]>;
}

/** One edge of the service dependency graph: `parent` called `child` `callCount` times in the window. */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

/** Service dependencies aggregated by the backend (Jaeger's and Zipkin's `/dependencies`). */
export interface DependenciesCapability {
  /** Every caller → callee pair seen in the window. */
  links(window: TimeWindow, requestId?: string): Promise<DependencyLink[]>;
}

export interface TraceBackend {
  /** The backend's name as users know it, for messages: `Tempo`, `Jaeger`, `Zipkin`. */
  readonly name: string;
  /** Save & test: reaches the API and says what it found. */
  checkHealth(): Promise<HealthResult>;
  /** The whole trace, decoded into span columns. Throws a UserFacingError when there is none. */
  traceById(request: TraceRequest): Promise<DecodedTrace>;
  /** Present on backends that speak TraceQL. */
  readonly traceql?: TraceQLCapability;
  /** Present on backends with a service/operation search form (Jaeger, Zipkin). */
  readonly serviceSearch?: ServiceSearchCapability;
  /** Present on backends that aggregate service dependencies. */
  readonly dependencies?: DependenciesCapability;
}
