/**
 * Jaeger's search form: services, operations, trace search and the dependency graph.
 * Searches go to the legacy `/api/traces` first: it is the one that takes tags (API v3's
 * HTTP search ignores attributes), and both Jaeger v1 and v2 serve it. API v3's
 * `/api/v3/traces` is the fallback for a server without it.
 */
import { summarizeTraces } from '../analysis/trace-summaries';
import { runChunked } from '../decode/chunked';
import { decodeOtlpJsonSteps } from '../decode/otlp-json';
import { callCountOf, isJsonObject } from '../decode/json-values';
import type {
  DependenciesCapability,
  DependencyLink,
  ServiceSearchCapability,
  ServiceSearchParams,
  TimeWindow,
  TraceSummary,
} from './backend';
import { HttpAnswer, isHtml, UserFacingError } from './http';
import { pathSegment } from './http-checks';
import { answerDetail, describeFailure, readJsonAnswer } from './http-errors';
import type { JaegerClient } from './jaeger';
import { decodeLegacyTraces, isMissingRoute, isoTime, JAEGER, unreadable } from './jaeger-http';

export class JaegerSearchApi implements ServiceSearchCapability {
  constructor(private readonly client: JaegerClient) {}

  async services(requestId?: string): Promise<string[]> {
    const { answer, api } = await this.client.getEither('/api/v3/services', '/api/services', {
      v3: { requestId },
      legacy: { requestId },
    });
    const body = readJsonAnswer(answer, 'service list', JAEGER);
    return sortedNames(listOf(body, api === 'v3' ? 'services' : 'data'), (name) => name);
  }

  async operations(service: string, requestId?: string): Promise<string[]> {
    const { answer, api } = await this.client.getEither(
      '/api/v3/operations',
      `/api/services/${pathSegment(service, 'service')}/operations`,
      { v3: { params: { service }, requestId }, legacy: { requestId } }
    );
    const body = readJsonAnswer(answer, 'operation list', JAEGER);
    return api === 'v3'
      ? sortedNames(listOf(body, 'operations'), (operation) => (isJsonObject(operation) ? operation.name : undefined))
      : sortedNames(listOf(body, 'data'), (name) => name);
  }

  async search(params: ServiceSearchParams, requestId?: string): Promise<TraceSummary[]> {
    const legacy = await this.client.get('/api/traces', {
      params: legacySearchParams(params),
      requestId,
      signal: params.signal,
    });
    if (!isMissingRoute(legacy)) {
      const body = readJsonAnswer(legacy, 'search result', JAEGER, rejectedSearch);
      return (await decodeLegacyTraces(body)).flatMap((trace) => summarizeTraces(trace.spans));
    }
    return this.searchV3(params, requestId);
  }

  /** API v3's search: no tags, and one `result` with every matching trace's spans together. */
  private async searchV3(params: ServiceSearchParams, requestId?: string): Promise<TraceSummary[]> {
    if (params.tags.length > 0) {
      throw new UserFacingError(
        `This Jaeger has only API v3, whose search cannot filter by tags: remove the tags, or use a Jaeger query service with the /api/traces endpoint`
      );
    }
    const answer = await this.client.get('/api/v3/traces', {
      params: v3SearchParams(params),
      requestId,
      signal: params.signal,
    });
    if (answer.status === 404 && !isMissingRoute(answer)) {
      return []; // API v3 answers "No traces found" with a 404
    }
    if (isMissingRoute(answer)) {
      throw describeFailure(answer, JAEGER, `This Jaeger has neither /api/traces nor /api/v3/traces to search`);
    }
    const body = readJsonAnswer(answer, 'search result', JAEGER, rejectedSearch);
    if (!isJsonObject(body) || !isJsonObject(body.result)) {
      throw new UserFacingError(`Jaeger's search answer has no "result": is this Jaeger's API v3?`);
    }
    try {
      const { spans } = await runChunked((chunkSpans) => decodeOtlpJsonSteps(body.result, chunkSpans), {
        signal: params.signal,
      });
      return summarizeTraces(spans).slice(0, params.limit);
    } catch (error) {
      throw unreadable(error);
    }
  }
}

export class JaegerDependenciesApi implements DependenciesCapability {
  constructor(private readonly client: JaegerClient) {}

  /** `/api/dependencies?endTs&lookback` (milliseconds): `{ data: [{ parent, child, callCount }] }`. */
  async links(window: TimeWindow, requestId?: string): Promise<DependencyLink[]> {
    const answer = await this.client.get('/api/dependencies', {
      params: { endTs: window.end * 1000, lookback: (window.end - window.start) * 1000 },
      requestId,
    });
    if (isMissingRoute(answer)) {
      throw describeFailure(
        answer,
        JAEGER,
        `This Jaeger has no /api/dependencies: check that the data source URL is Jaeger's query address (e.g. ${JAEGER.exampleUrl})`
      );
    }
    const body = readJsonAnswer(answer, 'dependencies', JAEGER);
    const data = isJsonObject(body) && body.data === null ? [] : listOf(body, 'data');
    return data.flatMap((link) =>
      isJsonObject(link) && typeof link.parent === 'string' && typeof link.child === 'string'
        ? [{ parent: link.parent, child: link.child, callCount: callCountOf(link.callCount) }]
        : []
    );
  }
}

/** Jaeger's legacy search: times in microseconds, durations as Go durations, tags as a JSON map. */
function legacySearchParams(params: ServiceSearchParams): Record<string, string | number | undefined> {
  return {
    service: params.service,
    operation: params.operation,
    tags: params.tags.length ? JSON.stringify(Object.fromEntries(params.tags.map((t) => [t.key, t.value]))) : undefined,
    minDuration: params.minDurationUs === undefined ? undefined : `${params.minDurationUs}us`,
    maxDuration: params.maxDurationUs === undefined ? undefined : `${params.maxDurationUs}us`,
    limit: params.limit,
    start: params.window.start * 1_000_000,
    end: params.window.end * 1_000_000,
  };
}

function v3SearchParams(params: ServiceSearchParams): Record<string, string | number | undefined> {
  return {
    'query.service_name': params.service,
    'query.operation_name': params.operation,
    'query.start_time_min': isoTime(params.window.start),
    'query.start_time_max': isoTime(params.window.end),
    'query.num_traces': params.limit,
    'query.duration_min': params.minDurationUs === undefined ? undefined : `${params.minDurationUs}us`,
    'query.duration_max': params.maxDurationUs === undefined ? undefined : `${params.maxDurationUs}us`,
  };
}

/** A 400 is Jaeger naming the parameter it refused (`'maxDuration' should be greater than 'minDuration'`). */
function rejectedSearch(answer: HttpAnswer): UserFacingError | undefined {
  return answer.status === 400 && !isHtml(answer)
    ? new UserFacingError(`Jaeger rejected the search: ${answerDetail(answer)}`)
    : undefined;
}

/** The list under `key`; Jaeger's v3 JSON leaves an empty list out, and the legacy API may send `null`. */
function listOf(body: unknown, key: string): unknown[] {
  if (!isJsonObject(body)) {
    throw new UserFacingError(`Jaeger's answer is not a JSON object: is the data source URL Jaeger's query address?`);
  }
  const list = body[key];
  if (list === undefined || list === null) {
    return [];
  }
  if (!Array.isArray(list)) {
    throw new UserFacingError(`Jaeger's answer has "${key}" that is not a list`);
  }
  return list;
}

function sortedNames(list: unknown[], nameOf: (item: unknown) => unknown): string[] {
  const names = list.map(nameOf).filter((name): name is string => typeof name === 'string' && name !== '');
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}
