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

export interface TraceBackend {
  /** The backend's name as users know it, for messages: `Tempo`, `Jaeger`, `Zipkin`. */
  readonly name: string;
  /** Save & test: reaches the API and says what it found. */
  checkHealth(): Promise<HealthResult>;
  /** The whole trace, decoded into span columns. Throws a UserFacingError when there is none. */
  traceById(request: TraceRequest): Promise<DecodedTrace>;
  /** Present on backends that speak TraceQL. */
  readonly traceql?: TraceQLCapability;
}
