import { DecodedTrace, DecodeError } from '../decode/columns';
import { decodeTraceChunked, type TraceDecodeOptions } from '../decode/chunked';
import { TRACE_WINDOW_LABELS } from '../settings-labels';
import { effectiveSpanBudget, ThreadlineOptions } from '../types';
import { askedTrace } from './asked-trace';
import { HealthResult, TimeWindow, TraceBackend, TraceRequest } from './backend';
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
import { answerDetail, describeFailure, TEMPO, unexpectedContent } from './http-errors';
import { TempoSearchApi } from './tempo-search';
import { checkTenantMoved } from './tenant-header';

type TraceApi = 'v2' | 'v1';

/**
 * Grafana Tempo's HTTP API: URLs, parameters and what each status means.
 * One instance per data source instance, so what it learns about the server
 * (which trace-by-ID API it has) is remembered for that data source only.
 */
export class TempoClient implements TraceBackend {
  readonly name = 'Tempo';
  readonly traceql: TempoSearchApi = new TempoSearchApi(this);
  private traceApi: TraceApi | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly options: ThreadlineOptions
  ) {}

  /** Save & test: `/api/echo`, then `/api/status/buildinfo` for the version. */
  async checkHealth(): Promise<HealthResult> {
    const echo = await this.get('/api/echo');
    if (echo.status !== 200) {
      throw describeFailure(
        echo,
        TEMPO,
        `The data source URL does not point at Tempo: /api/echo answered HTTP 404. Use Tempo's HTTP address (e.g. http://tempo:3200) without a path`
      );
    }
    if (isHtml(echo) || bodyText(echo).trim() !== 'echo') {
      throw unexpectedContent(echo, `Tempo's "echo" answer`, TEMPO);
    }
    const build = await this.get('/api/status/buildinfo');
    const version = build.status === 200 ? readVersion(build) : undefined;
    if (version) {
      return { ok: true, message: `Connected to Tempo ${version}` };
    }
    if (build.status === 200) {
      return { ok: true, message: 'Connected to Tempo (it reports no version: a build from source)' };
    }
    return { ok: true, message: 'Connected to Tempo (version unknown: this Tempo has no build info endpoint)' };
  }

  /**
   * The trace with this ID (32 lowercase hex characters). Tries `/api/v2/traces` first and
   * falls back to `/api/traces` when the server has no v2 API (Tempo before 2.6 answers 404).
   */
  async traceById({ traceId, window, requestId, signal }: TraceRequest): Promise<DecodedTrace> {
    const params = window ? { start: window.start, end: window.end } : undefined;
    const headers = { Accept: 'application/protobuf' };
    if (this.traceApi !== 'v1') {
      const answer = await this.get(`/api/v2/traces/${pathSegment(traceId, 'trace ID')}`, {
        params,
        headers,
        requestId,
        signal,
      });
      if (answer.status !== 404) {
        const trace = await this.readTrace(answer, 'v2', traceId, window, signal);
        this.traceApi = 'v2';
        return trace;
      }
    }
    const answer = await this.get(`/api/traces/${pathSegment(traceId, 'trace ID')}`, {
      params,
      headers,
      requestId,
      signal,
    });
    if (answer.status === 404 && this.traceApi === undefined && !isTempoNotFound(answer)) {
      // Neither trace API exists: this URL is not Tempo's.
      throw describeFailure(
        answer,
        TEMPO,
        `The data source URL does not point at Tempo: neither /api/v2/traces nor /api/traces exists there`
      );
    }
    const trace = await this.readTrace(answer, 'v1', traceId, window, signal);
    this.traceApi = 'v1';
    return trace;
  }

  /** Which trace-by-ID API this server answered on, once known. */
  get knownTraceApi(): TraceApi | undefined {
    return this.traceApi;
  }

  private async readTrace(
    answer: HttpAnswer,
    api: TraceApi,
    traceId: string,
    window: TimeWindow | undefined,
    signal: AbortSignal | undefined
  ): Promise<DecodedTrace> {
    const notFound = new UserFacingError(notFoundMessage(traceId, window));
    if (answer.status === 404) {
      throw notFound;
    }
    if (answer.status === 400 && !isHtml(answer)) {
      throw new UserFacingError(`Tempo rejected trace ID ${traceId}: ${answerDetail(answer)}`);
    }
    if (answer.status !== 200) {
      throw describeFailure(answer, TEMPO);
    }
    // Above the span budget most spans fold into summary rows: their attributes are read only if asked for.
    const decodeOptions = {
      signal,
      tagsOnDemandAbove: effectiveSpanBudget(this.options.traceQuery?.spanBudget) || Infinity,
    };
    const trace = await decodeTraceBody(answer, api, decodeOptions);
    if (trace.spans.spanID.length === 0) {
      throw notFound;
    }
    return askedTrace(trace, traceId, TEMPO.name);
  }

  /**
   * GET a path of Tempo's API with the data source's timeout and size limit. The tenant is not
   * set here: Grafana's data proxy adds it as the data source's custom header (tenant-header.ts).
   */
  async get(path: string, extra: Partial<HttpRequest> = {}): Promise<HttpAnswer> {
    checkTenantMoved(this.options);
    return httpGet({
      ...extra,
      url: this.baseUrl + path,
      server: this.name,
      timeoutMs: requestTimeoutMs(this.options),
      maxBytes: responseLimitBytes(this.options),
    });
  }
}

/**
 * Decodes in slices that give the browser back control, so a trace of hundreds of thousands
 * of spans does not freeze Grafana; a small trace decodes in one slice.
 */
async function decodeTraceBody(answer: HttpAnswer, api: TraceApi, options: TraceDecodeOptions): Promise<DecodedTrace> {
  const type = answer.contentType.toLowerCase();
  try {
    if (type.includes('protobuf')) {
      return await decodeTraceChunked(answer.body, api === 'v1' ? 'proto-v1' : 'proto-v2', options);
    }
    if (type.includes('json')) {
      return await decodeTraceChunked(answer.body, 'json', options);
    }
  } catch (error) {
    if ((error instanceof DecodeError || error instanceof SyntaxError) && isHtml(answer)) {
      // A proxy's page sent as JSON or protobuf: name the page, never show its markup.
      throw unexpectedContent(answer, 'a trace (protobuf or JSON)', TEMPO);
    }
    if (error instanceof DecodeError || error instanceof SyntaxError) {
      const kind = type.includes('protobuf') ? 'protobuf' : 'JSON';
      throw new UserFacingError(
        `Tempo's answer could not be read as ${kind} (${answer.body.length} bytes; truncated or malformed?): ${error.message}`
      );
    }
    throw error;
  }
  throw unexpectedContent(answer, 'a trace (protobuf or JSON)', TEMPO);
}

/** Tempo's v1 "no such trace": `trace not found` (2.0.1) or an empty body (2.8.2). */
function isTempoNotFound(answer: HttpAnswer): boolean {
  const text = bodyText(answer).trim();
  return !isHtml(answer) && (text === '' || text.includes('trace not found'));
}

function readVersion(answer: HttpAnswer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(bodyText(answer));
    const version = parsed && typeof parsed === 'object' ? (parsed as { version?: unknown }).version : undefined;
    return typeof version === 'string' && version.length > 0 ? version : undefined;
  } catch {
    return undefined;
  }
}

function notFoundMessage(traceId: string, window?: TimeWindow): string {
  if (!window) {
    return `Trace ${traceId} not found`;
  }
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return (
    `Trace ${traceId} not found between ${iso(window.start)} and ${iso(window.end)}: ` +
    `widen the time range, or turn off "${TRACE_WINDOW_LABELS.enabled}" under "${TRACE_WINDOW_LABELS.section}" in the data source settings`
  );
}
