/**
 * Zipkin's HTTP API v2 (Zipkin server 2.x and 3.x, and servers that answer as it does):
 * trace by ID, the search form, the service and span name pickers, the dependency graph.
 * Times in Zipkin's API are epoch milliseconds (`endTs`, `lookback`), durations microseconds.
 */
import { runChunked } from '../decode/chunked';
import { DecodedTrace, DecodeError } from '../decode/columns';
import { parseJsonSteps } from '../decode/json-parse-steps';
import { callCountOf } from '../decode/json-values';
import { decodeZipkinJsonSteps } from '../decode/zipkin-json';
import { summarizeTraces } from '../analysis/trace-summaries';
import { askedTrace } from './asked-trace';
import { ThreadlineOptions } from '../types';
import type {
  DependenciesCapability,
  DependencyLink,
  HealthResult,
  ServiceSearchCapability,
  ServiceSearchParams,
  TimeWindow,
  TraceBackend,
  TraceRequest,
  TraceSummary,
} from './backend';
import {
  bodyText,
  httpGet,
  HttpAnswer,
  HttpRequest,
  isHtml,
  requestTimeoutMs,
  responseLimitBytes,
  UserFacingError,
} from './http';
import { pathSegment } from './http-checks';
import { answerDetail, describeFailure, readJsonAnswer, type ServerIdentity, unexpectedContent } from './http-errors';

export const ZIPKIN: ServerIdentity = {
  name: 'Zipkin',
  exampleUrl: 'http://zipkin:9411',
  authSettings: 'basic auth, custom headers',
};

const NOT_ZIPKIN =
  `The data source URL does not point at Zipkin: it has no /api/v2/services. ` +
  `Use Zipkin's address (e.g. ${ZIPKIN.exampleUrl}, the port of Zipkin's UI) without a path`;

export class ZipkinClient implements TraceBackend {
  readonly name = ZIPKIN.name;
  readonly serviceSearch: ServiceSearchCapability = new ZipkinSearchApi(this);
  readonly dependencies: DependenciesCapability = new ZipkinDependenciesApi(this);

  constructor(
    private readonly baseUrl: string,
    private readonly options: ThreadlineOptions
  ) {}

  /** Save & test: the service list, and the version from `/info` when the server has it. */
  async checkHealth(): Promise<HealthResult> {
    const count = (await this.serviceSearch.services()).length;
    const info = await this.get('/info').catch(() => undefined);
    const version = info?.status === 200 ? readVersion(info) : undefined;
    const zipkin = version ? `Zipkin ${version}` : 'Zipkin';
    return {
      ok: true,
      message:
        count === 0
          ? `Connected to ${zipkin}: no services yet (no spans received)`
          : `Connected to ${zipkin}: ${count} service${count === 1 ? '' : 's'}`,
    };
  }

  /**
   * `/api/v2/trace/{id}`: the span array, decoded in slices (traces can be huge). Zipkin looks
   * traces up by ID alone (no time range), and finds a 64-bit trace by its 32-character form.
   */
  async traceById({ traceId, requestId, signal }: TraceRequest): Promise<DecodedTrace> {
    const answer = await this.get(`/api/v2/trace/${pathSegment(traceId, 'trace ID')}`, { requestId, signal });
    const notFound = new UserFacingError(`Trace ${traceId} not found in Zipkin`);
    if (answer.status === 404 && isZipkinNotFound(answer)) {
      throw notFound;
    }
    const trace = await decodeZipkinAnswer(
      answer,
      'trace',
      (failed) =>
        failed.status === 400 && !isHtml(failed)
          ? new UserFacingError(`Zipkin rejected trace ID ${traceId}: ${answerDetail(failed)}`)
          : undefined,
      signal
    );
    if (trace.spans.spanID.length === 0) {
      throw notFound;
    }
    return askedTrace(trace, traceId, ZIPKIN.name);
  }

  /** GET a path of Zipkin's API with the data source's timeout. */
  get(path: string, extra: Partial<HttpRequest> = {}): Promise<HttpAnswer> {
    return httpGet({
      ...extra,
      url: this.baseUrl + path,
      server: ZIPKIN.name,
      timeoutMs: requestTimeoutMs(this.options),
      maxBytes: responseLimitBytes(this.options),
    });
  }
}

class ZipkinSearchApi implements ServiceSearchCapability {
  constructor(private readonly client: ZipkinClient) {}

  async services(requestId?: string): Promise<string[]> {
    return sortedNames(await this.names('/api/v2/services', {}, 'service list', requestId));
  }

  async operations(service: string, requestId?: string): Promise<string[]> {
    return sortedNames(await this.names('/api/v2/spans', { serviceName: service }, 'span name list', requestId));
  }

  /** `/api/v2/traces`: whole traces, summarized as the traces table shows them, newest first. */
  async search(params: ServiceSearchParams, requestId?: string): Promise<TraceSummary[]> {
    const answer = await this.client.get('/api/v2/traces', {
      params: zipkinSearchParams(params),
      requestId,
      signal: params.signal,
    });
    const trace = await decodeZipkinAnswer(
      answer,
      'search result',
      (failed) =>
        failed.status === 400 && !isHtml(failed)
          ? new UserFacingError(`Zipkin rejected the search: ${answerDetail(failed)}`)
          : undefined,
      params.signal
    );
    return summarizeTraces(trace.spans)
      .sort((a, b) => b.startMs - a.startMs)
      .slice(0, params.limit);
  }

  private async names(path: string, params: Record<string, string>, what: string, requestId?: string) {
    const answer = await this.client.get(path, { params, requestId });
    const body = readJsonAnswer(answer, what, ZIPKIN, (failed) =>
      failed.status === 404 ? describeFailure(failed, ZIPKIN, NOT_ZIPKIN) : undefined
    );
    if (!Array.isArray(body)) {
      throw new UserFacingError(`Zipkin's ${what} is not a JSON array: ${NOT_ZIPKIN}`);
    }
    return body;
  }
}

class ZipkinDependenciesApi implements DependenciesCapability {
  constructor(private readonly client: ZipkinClient) {}

  /** `/api/v2/dependencies?endTs&lookback` (milliseconds): `[{ parent, child, callCount, errorCount }]`. */
  async links(window: TimeWindow, requestId?: string): Promise<DependencyLink[]> {
    const answer = await this.client.get('/api/v2/dependencies', { params: windowParams(window), requestId });
    const body = readJsonAnswer(answer, 'dependencies', ZIPKIN, (failed) =>
      failed.status === 404 ? describeFailure(failed, ZIPKIN, NOT_ZIPKIN) : undefined
    );
    if (!Array.isArray(body)) {
      throw new UserFacingError(`Zipkin's dependencies answer is not a JSON array: ${NOT_ZIPKIN}`);
    }
    return body.flatMap((link: unknown) => {
      const { parent, child, callCount } = (link ?? {}) as Record<string, unknown>;
      return typeof parent === 'string' && typeof child === 'string'
        ? [{ parent, child, callCount: callCountOf(callCount) }]
        : [];
    });
  }
}

/** Zipkin's window: `endTs` and `lookback`, both milliseconds. */
function windowParams(window: TimeWindow): { endTs: number; lookback: number } {
  return { endTs: window.end * 1000, lookback: Math.max(1, window.end - window.start) * 1000 };
}

/**
 * The search form as Zipkin's `/api/v2/traces` takes it. Tags become `annotationQuery` terms
 * joined by ` and `: `key=value`, or the bare `key` for a bare key (or `key=true`): Zipkin tags
 * are strings, and a bare term matches any span with that tag or annotation (`error` finds failed spans).
 */
export function zipkinSearchParams(params: ServiceSearchParams): Record<string, string | number | undefined> {
  const terms = params.tags.map(({ key, value }) => (value === 'true' ? key : `${key}=${value}`));
  return {
    serviceName: params.service,
    spanName: params.operation,
    annotationQuery: terms.length > 0 ? terms.join(' and ') : undefined,
    minDuration: params.minDurationUs,
    maxDuration: params.maxDurationUs,
    ...windowParams(params.window),
    limit: params.limit,
  };
}

/**
 * A 200 answer's span array (or array of traces), parsed and decoded in slices that give the
 * browser back control (a trace can be huge); any other answer throws its message, a 404 saying
 * the URL is not Zipkin's and `special` naming what a status means for this request.
 */
async function decodeZipkinAnswer(
  answer: HttpAnswer,
  what: string,
  special: (answer: HttpAnswer) => UserFacingError | undefined,
  signal?: AbortSignal
): Promise<DecodedTrace> {
  if (answer.status !== 200) {
    throw special(answer) ?? describeFailure(answer, ZIPKIN, NOT_ZIPKIN);
  }
  if (isHtml(answer)) {
    throw unexpectedContent(answer, what, ZIPKIN);
  }
  try {
    return await runChunked(
      function* (chunkSpans) {
        const body = yield* parseJsonSteps(answer.body);
        return yield* decodeZipkinJsonSteps(body, chunkSpans);
      },
      { signal }
    );
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new UserFacingError(
        `Zipkin's ${what} could not be read as JSON (${answer.body.length} bytes; truncated or malformed?): ${error.message}`
      );
    }
    if (error instanceof DecodeError) {
      throw new UserFacingError(`Zipkin's ${what} could not be read: ${error.message}`);
    }
    throw error;
  }
}

/** Zipkin's own "no such trace": a plain-text `<id> not found`, not a proxy's or another server's 404. */
function isZipkinNotFound(answer: HttpAnswer): boolean {
  return !isHtml(answer) && /^[0-9a-f]+ not found$/.test(bodyText(answer).trim());
}

function readVersion(answer: HttpAnswer): string | undefined {
  try {
    const info = JSON.parse(bodyText(answer)) as { zipkin?: { version?: unknown } };
    return typeof info?.zipkin?.version === 'string' ? info.zipkin.version : undefined;
  } catch {
    return undefined;
  }
}

function sortedNames(list: unknown[]): string[] {
  const names = list.filter((name): name is string => typeof name === 'string' && name !== '');
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}
