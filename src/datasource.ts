import {
  AdHocVariableFilter,
  DataFrame,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  LoadingState,
  MetricFindValue,
  ScopedVars,
  TestDataSourceResponse,
  TimeRange,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

import type {
  DependenciesCapability,
  ServiceSearchCapability,
  TimeWindow,
  TraceBackend,
  TraceQLCapability,
} from './backends/backend';
import { UserFacingError } from './backends/http';
import { timedSpanTree } from './analysis/self-time';
import { createBackend } from './backends/index';
import { describeServiceSearch, serviceSearchParams } from './backends/search-params';
import { CachedTagSource, NO_TAGS_SOURCE } from './backends/tag-cache';
import { traceTimeWindow } from './backends/time-window';
import { dependencyFrames } from './frames/dependencies';
import { metricsFrames } from './frames/metrics';
import { searchResultFrames } from './frames/search';
import { fetchComparedTraces } from './compare-traces';
import { comparisonFrames } from './frames/comparison';
import { traceFramesSliced } from './frames/trace-result';
import { traceSummariesFrame } from './frames/trace-summaries';
import { buildTraceQL } from './traceql/builder';
import { isMetricsQuery } from './traceql/syntax';
import { withMostRecentHint } from './traceql/hints';
import { withAdHocFilters } from './traceql/adHocFilters';
import { interpolateTraceQL } from './traceql/interpolate';
import { messageOf, toQueryError } from './query-errors';
import { normalizeTraceId, notATraceIdMessage } from './trace-id';
import { TraceFileStore, uploadFrames } from './trace-files';
import {
  DEFAULT_SEARCH_LIMIT,
  DEFAULT_SPSS,
  DEFAULT_TAG_LIMIT,
  TagSource,
  ThreadlineOptions,
  ThreadlineQuery,
  ThreadlineVariableQuery,
} from './types';
import { ThreadlineVariableSupport } from './variable-support';

/**
 * Routes each query to the right path and gathers the results. Parsing and HTTP live
 * elsewhere: `backends/` talks to the server, `decode/` reads bodies, `frames/` builds frames,
 * `traceql/` knows the language.
 */
export class DataSource extends DataSourceApi<ThreadlineQuery, ThreadlineOptions> {
  /** The tracing backend the settings select: every request goes through it. */
  readonly backend: TraceBackend;
  /** Attribute names and values for the editors, cached for this data source. */
  readonly tags: TagSource;
  /** The trace file dropped into the query editor (query type `upload`): kept here, never in the query. */
  readonly traceFiles = new TraceFileStore();
  private lastWindow: TimeWindow | undefined;

  constructor(private readonly instanceSettings: DataSourceInstanceSettings<ThreadlineOptions>) {
    super(instanceSettings);
    const options = instanceSettings.jsonData ?? {};
    this.backend = createBackend(instanceSettings.url ?? '', options);
    const traceql = this.backend.traceql;
    this.tags = traceql
      ? new CachedTagSource(traceql, () => this.lastWindow, options.tagLimit || DEFAULT_TAG_LIMIT)
      : NO_TAGS_SOURCE;
    this.variables = new ThreadlineVariableSupport(this);
  }

  query(request: DataQueryRequest<ThreadlineQuery>): Observable<DataQueryResponse> {
    this.lastWindow = rangeWindow(request.range);
    const targets = request.targets.filter((target) => !target.hide);
    // Unsubscribing (a new query, a closed panel) aborts the requests and decodes still running.
    return new Observable<DataQueryResponse>((subscriber) => {
      const controller = new AbortController();
      this.runAll(targets, request, controller.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => subscriber.error(error)
      );
      return () => controller.abort();
    });
  }

  /** Every query runs; one that fails adds its error without hiding the others' frames. */
  private async runAll(
    targets: ThreadlineQuery[],
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ): Promise<DataQueryResponse> {
    const results = await Promise.all(targets.map((target) => this.runOne(target, request, signal)));
    const data = results.flatMap((result) => result.frames);
    const errors = results.flatMap((result) => (result.error ? [result.error] : []));
    return {
      data,
      errors: errors.length ? errors : undefined,
      error: errors[0],
      state: errors.length ? LoadingState.Error : LoadingState.Done,
    };
  }

  private async runOne(
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ): Promise<{ frames: DataFrame[]; error?: DataQueryError }> {
    try {
      return { frames: await this.framesFor(target, request, signal) };
    } catch (error) {
      return { frames: [], error: toQueryError(error, target.refId) };
    }
  }

  private async framesFor(
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ): Promise<DataFrame[]> {
    if (target.queryType === 'compare') {
      return this.compareFrames(target, request, signal);
    }
    if (target.queryType === 'upload') {
      return uploadFrames(this.traceFiles, target, this.instanceSettings.jsonData ?? {}, this.linkTarget());
    }
    if (target.queryType === 'serviceSearch') {
      return this.serviceSearchFrames(target, request, signal);
    }
    if (target.queryType === 'dependencies') {
      return this.dependencyFrames(target, request);
    }
    const text = queryText(target);
    if (!text.trim()) {
      return [];
    }
    // A trace ID, whatever the query type says: links from logs send `{ query: '<id>' }` alone.
    const replaced = getTemplateSrv().replace(text, request.scopedVars);
    const traceId = normalizeTraceId(replaced);
    if (traceId) {
      return this.traceFrames(traceId, target, request, signal);
    }
    if (target.queryType === 'traceId' || (target.queryType === undefined && !text.includes('{'))) {
      throw new UserFacingError(notATraceIdMessage(replaced));
    }
    const api = this.traceqlApi();
    const traceql = withAdHocFilters(this.interpolate(text, request.scopedVars), request.filters ?? []);
    return isMetricsQuery(traceql)
      ? this.metricsFrames(api, traceql, target, request, signal)
      : this.searchFrames(api, traceql, target, request, signal);
  }

  /** The backend's TraceQL, or a message saying this backend has none. */
  private traceqlApi(): TraceQLCapability {
    if (!this.backend.traceql) {
      throw new UserFacingError(
        `${this.backend.name} does not understand TraceQL: open a trace by its ID, or use the search form`
      );
    }
    return this.backend.traceql;
  }

  /** The backend's service search, or a message saying what this backend offers instead. */
  private serviceSearchApi(): ServiceSearchCapability {
    if (!this.backend.serviceSearch) {
      throw new UserFacingError(`${this.backend.name} has no service search form: ${this.otherWays()}`);
    }
    return this.backend.serviceSearch;
  }

  private dependenciesApi(): DependenciesCapability {
    if (!this.backend.dependencies) {
      throw new UserFacingError(
        `${this.backend.name} has no service dependencies API: ` +
          `turn on the node graph in the data source settings to see each trace's services, or ${this.otherWays()}`
      );
    }
    return this.backend.dependencies;
  }

  /** What a user can do instead, from what the backend can do. */
  private otherWays(): string {
    return this.backend.traceql
      ? 'use TraceQL or the Search builder'
      : this.backend.serviceSearch
        ? 'use the search form'
        : 'open a trace by its ID';
  }

  private async serviceSearchFrames(
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ) {
    const api = this.serviceSearchApi();
    const replace = (text: string) => getTemplateSrv().replace(text, request.scopedVars);
    const params = serviceSearchParams(target, rangeWindow(request.range)!, replace);
    const summaries = await api.search({ ...params, signal }, requestIdFor(request, target));
    return [traceSummariesFrame(summaries, { ...this.linkTarget(), refId: target.refId })];
  }

  private async dependencyFrames(target: ThreadlineQuery, request: DataQueryRequest<ThreadlineQuery>) {
    const links = await this.dependenciesApi().links(rangeWindow(request.range)!, requestIdFor(request, target));
    return dependencyFrames(links, target.refId);
  }

  private async traceFrames(
    traceId: string,
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ) {
    const options = this.instanceSettings.jsonData ?? {};
    const window = traceTimeWindow(options, request.range);
    const trace = await this.backend.traceById({ traceId, window, requestId: requestIdFor(request, target), signal });
    const spanFilter = target.spanFilter && this.interpolate(target.spanFilter, request.scopedVars);
    return traceFramesSliced(trace, { ...target, spanFilter }, options, { ...this.linkTarget(), traceId }, { signal });
  }

  /** Compare: trace A (`query`) and trace B (`compareTo`), fetched in parallel; either missing fails the query. */
  private async compareFrames(
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ) {
    const texts = [target.query ?? '', target.compareTo ?? ''].map((text) =>
      getTemplateSrv().replace(text, request.scopedVars)
    );
    if (!texts.some((text) => text.trim())) {
      return [];
    }
    const window = traceTimeWindow(this.instanceSettings.jsonData ?? {}, request.range);
    const [a, b] = await fetchComparedTraces(this.backend, texts, {
      window,
      requestId: requestIdFor(request, target),
      signal,
    });
    return comparisonFrames({ spans: a, tree: timedSpanTree(a) }, { spans: b, tree: timedSpanTree(b) }, target.refId);
  }

  private async searchFrames(
    api: TraceQLCapability,
    traceql: string,
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ) {
    const response = await api.search(
      {
        query: target.mostRecent ? withMostRecentHint(traceql) : traceql,
        window: rangeWindow(request.range)!,
        limit: target.limit || DEFAULT_SEARCH_LIMIT,
        spss: target.spss || DEFAULT_SPSS,
        signal,
      },
      requestIdFor(request, target)
    );
    return searchResultFrames(response, {
      ...this.linkTarget(),
      refId: target.refId,
      tableType: target.tableType ?? 'traces',
    });
  }

  private async metricsFrames(
    api: TraceQLCapability,
    traceql: string,
    target: ThreadlineQuery,
    request: DataQueryRequest<ThreadlineQuery>,
    signal: AbortSignal
  ) {
    const step = target.step?.trim() || `${Math.max(1, Math.round((request.intervalMs || 1000) / 1000))}s`;
    const response = await api.metricsRange(
      { query: traceql, window: rangeWindow(request.range)!, step, signal },
      requestIdFor(request, target)
    );
    return metricsFrames(response, { ...this.linkTarget(), refId: target.refId, query: traceql });
  }

  private linkTarget() {
    return { datasourceUid: this.uid, datasourceName: this.name };
  }

  /** Template variables in TraceQL, escaped so that no value can change the query's structure. */
  private interpolate(traceql: string, scopedVars: ScopedVars): string {
    return interpolateTraceQL(traceql, (target, format) => getTemplateSrv().replace(target, scopedVars, format));
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    try {
      const health = await this.backend.checkHealth();
      return { status: health.ok ? 'success' : 'error', message: health.message };
    } catch (error) {
      return { status: 'error', message: messageOf(error) };
    }
  }

  applyTemplateVariables(
    query: ThreadlineQuery,
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): ThreadlineQuery {
    if (query.queryType === 'compare') {
      const replace = (text = '') => {
        const replaced = getTemplateSrv().replace(text, scopedVars);
        return normalizeTraceId(replaced) ?? replaced;
      };
      return { ...query, query: replace(query.query), compareTo: replace(query.compareTo) };
    }
    const text = queryText(query);
    const traceId = normalizeTraceId(getTemplateSrv().replace(text, scopedVars));
    if (traceId || !text.includes('{')) {
      const spanFilter = query.spanFilter && this.interpolate(query.spanFilter, scopedVars);
      return { ...query, query: traceId ?? getTemplateSrv().replace(text, scopedVars), spanFilter };
    }
    return { ...query, query: withAdHocFilters(this.interpolate(text, scopedVars), filters ?? []) };
  }

  interpolateVariablesInQueries(
    queries: ThreadlineQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): ThreadlineQuery[] {
    return queries.map((query) => ({
      ...this.applyTemplateVariables(query, scopedVars, filters),
      datasource: this.getRef(),
    }));
  }

  /** Dashboard variables: tag names (of a scope) or the values of a tag. */
  async metricFindQuery(query: ThreadlineVariableQuery): Promise<MetricFindValue[]> {
    if (query?.type === 'tagValues') {
      if (!query.tag) {
        return [];
      }
      const values = await this.tags.tagValues(getTemplateSrv().replace(query.tag));
      return values.map(({ value }) => ({ text: value, value }));
    }
    const scopes = await this.tags.tagNames();
    const names = scopes
      .filter(({ scope }) => !query?.scope || scope === query.scope)
      .flatMap(({ scope, tags }) =>
        tags.map((tag) => (scope === 'unscoped' || scope === 'intrinsic' ? tag : `${scope}.${tag}`))
      );
    return [...new Set(names)].map((text) => ({ text, value: text }));
  }

  /** Ad hoc filter keys: scoped attribute names. */
  async getTagKeys(): Promise<MetricFindValue[]> {
    return this.metricFindQuery({ refId: 'adhoc', type: 'tagNames' });
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<ThreadlineQuery>): Promise<MetricFindValue[]> {
    return this.metricFindQuery({ refId: 'adhoc', type: 'tagValues', tag: options.key });
  }

  getQueryDisplayText(query: ThreadlineQuery): string {
    if (query.queryType === 'serviceSearch') {
      return describeServiceSearch(query);
    }
    if (query.queryType === 'dependencies') {
      return 'Service dependencies';
    }
    if (query.queryType === 'compare') {
      return `${query.query ?? ''} vs ${query.compareTo ?? ''}`;
    }
    return query.query ?? '';
  }
}

/** In Search mode the builder is the query; `query` mirrors it for everything else that reads queries. */
function queryText(target: ThreadlineQuery): string {
  return target.queryType === 'search' && target.builder ? buildTraceQL(target.builder) : (target.query ?? '');
}

function rangeWindow(range: TimeRange | undefined): TimeWindow | undefined {
  return range
    ? { start: Math.floor(range.from.valueOf() / 1000), end: Math.ceil(range.to.valueOf() / 1000) }
    : undefined;
}

function requestIdFor(request: DataQueryRequest<ThreadlineQuery>, target: ThreadlineQuery): string | undefined {
  return request.requestId ? `${request.requestId}_${target.refId}` : undefined;
}
