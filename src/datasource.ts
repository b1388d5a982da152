import {
  DataFrame,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  LoadingState,
  ScopedVars,
  TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { from, Observable } from 'rxjs';

import { UserFacingError } from './backends/http';
import { TempoClient, traceTimeWindow } from './backends/tempo';
import { traceFrame } from './frames/trace';
import { normalizeTraceId, notATraceIdMessage } from './trace-id';
import { ThreadlineOptions, ThreadlineQuery } from './types';

/**
 * Routes each query to the right path and gathers the results. Parsing and HTTP live
 * elsewhere: `backends/` talks to the server, `decode/` reads bodies, `frames/` builds frames.
 */
export class DataSource extends DataSourceApi<ThreadlineQuery, ThreadlineOptions> {
  readonly tempo: TempoClient;

  constructor(private readonly instanceSettings: DataSourceInstanceSettings<ThreadlineOptions>) {
    super(instanceSettings);
    this.tempo = new TempoClient(instanceSettings.url ?? '', instanceSettings.jsonData ?? {});
  }

  query(request: DataQueryRequest<ThreadlineQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((target) => !target.hide);
    return from(this.runAll(targets, request));
  }

  /** Every query runs; one that fails adds its error without hiding the others' frames. */
  private async runAll(
    targets: ThreadlineQuery[],
    request: DataQueryRequest<ThreadlineQuery>
  ): Promise<DataQueryResponse> {
    const results = await Promise.all(targets.map((target) => this.runOne(target, request)));
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
    request: DataQueryRequest<ThreadlineQuery>
  ): Promise<{ frames: DataFrame[]; error?: DataQueryError }> {
    try {
      return { frames: await this.framesFor(target, request) };
    } catch (error) {
      return { frames: [], error: toQueryError(error, target.refId) };
    }
  }

  private async framesFor(target: ThreadlineQuery, request: DataQueryRequest<ThreadlineQuery>): Promise<DataFrame[]> {
    const text = getTemplateSrv().replace(target.query ?? '', request.scopedVars);
    if (!text.trim()) {
      return [];
    }
    const traceId = normalizeTraceId(text);
    if (!traceId) {
      throw new UserFacingError(notATraceIdMessage(text));
    }
    const window = traceTimeWindow(this.instanceSettings.jsonData ?? {}, request.range);
    const trace = await this.tempo.traceById(traceId, window, requestIdFor(request, target));
    return [traceFrame(trace, target.refId)];
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    try {
      const health = await this.tempo.checkHealth();
      return { status: health.ok ? 'success' : 'error', message: health.message };
    } catch (error) {
      return { status: 'error', message: messageOf(error) };
    }
  }

  applyTemplateVariables(query: ThreadlineQuery, scopedVars: ScopedVars): ThreadlineQuery {
    return { ...query, query: getTemplateSrv().replace(query.query ?? '', scopedVars) };
  }

  interpolateVariablesInQueries(queries: ThreadlineQuery[], scopedVars: ScopedVars): ThreadlineQuery[] {
    return queries.map((query) => ({ ...this.applyTemplateVariables(query, scopedVars), datasource: this.getRef() }));
  }

  getQueryDisplayText(query: ThreadlineQuery): string {
    return query.query ?? '';
  }
}

function requestIdFor(request: DataQueryRequest<ThreadlineQuery>, target: ThreadlineQuery): string | undefined {
  return request.requestId ? `${request.requestId}_${target.refId}` : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof UserFacingError) {
    return error.message;
  }
  // Anything else is a bug of ours: say so rather than hide it.
  const detail = error instanceof Error ? error.message : String(error);
  return `Threadline failed unexpectedly: ${detail}`;
}

function toQueryError(error: unknown, refId: string): DataQueryError {
  return { refId, message: messageOf(error) };
}
