import { DecodedTrace } from '../decode/columns';
import { runChunked } from '../decode/chunked';
import { decodeOtlpJsonSteps } from '../decode/otlp-json';
import { isJsonObject } from '../decode/json-values';
import { ThreadlineOptions } from '../types';
import { askedTrace } from './asked-trace';
import { HealthResult, TimeWindow, TraceBackend, TraceRequest } from './backend';
import {
  httpGet,
  HttpAnswer,
  HttpRequest,
  isHtml,
  requestTimeoutMs,
  responseLimitBytes,
  UserFacingError,
} from './http';
import { pathSegment } from './http-checks';
import { answerDetail, describeFailure, readJsonAnswer } from './http-errors';
import { decodeLegacyTraces, isMissingRoute, isoTime, JAEGER, JaegerApi, unreadable } from './jaeger-http';
import { JaegerSearchApi, JaegerDependenciesApi } from './jaeger-search';

const NOT_JAEGER =
  `The data source URL does not point at Jaeger: neither /api/v3/services nor /api/services exists there. ` +
  `Use Jaeger's query address (e.g. ${JAEGER.exampleUrl}, the port of Jaeger UI) without a path`;

/**
 * Jaeger's query HTTP API. One instance per data source instance: which API the server has
 * (v3, or only the legacy one of Jaeger v1 query services) is learnt once and remembered.
 */
export class JaegerClient implements TraceBackend {
  readonly name = JAEGER.name;
  readonly serviceSearch = new JaegerSearchApi(this);
  readonly dependencies = new JaegerDependenciesApi(this);
  private api: JaegerApi | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly options: ThreadlineOptions
  ) {}

  /** Save & test: the service list, v3 first (which API answered is then known for every later request). */
  async checkHealth(): Promise<HealthResult> {
    const count = (await this.serviceSearch.services()).length;
    return {
      ok: true,
      message:
        count === 0
          ? 'Connected to Jaeger: no services yet (no traces received)'
          : `Connected to Jaeger: ${count} service${count === 1 ? '' : 's'}`,
    };
  }

  /** `/api/v3/traces/{id}` (OTLP JSON under `result`), or the legacy `/api/traces/{id}` (Jaeger JSON). */
  async traceById({ traceId, window, requestId, signal }: TraceRequest): Promise<DecodedTrace> {
    const v3Params = window ? { start_time: isoTime(window.start), end_time: isoTime(window.end) } : undefined;
    const legacyParams = window ? { start: window.start * 1_000_000, end: window.end * 1_000_000 } : undefined;
    const id = pathSegment(traceId, 'trace ID');
    const { answer, api } = await this.getEither(`/api/v3/traces/${id}`, `/api/traces/${id}`, {
      v3: { params: v3Params, requestId, signal },
      legacy: { params: legacyParams, requestId, signal },
    });
    if (answer.status === 404) {
      throw new UserFacingError(notFoundMessage(traceId, window));
    }
    if (answer.status === 400 && !isHtml(answer)) {
      throw new UserFacingError(`Jaeger rejected trace ID ${traceId}: ${answerDetail(answer)}`);
    }
    const body = readJsonAnswer(answer, 'trace', JAEGER);
    const trace = api === 'v3' ? await decodeV3Trace(body, signal) : await decodeLegacyTrace(body, traceId, signal);
    if (!trace || trace.spans.spanID.length === 0) {
      throw new UserFacingError(notFoundMessage(traceId, window));
    }
    return askedTrace(trace, traceId, JAEGER.name);
  }

  /**
   * GET `v3Path`, or `legacyPath` when this Jaeger has no API v3 (a route it does not know is
   * Go's plain-text 404 or Jaeger UI's page, never Jaeger's JSON error). Remembers the answer.
   */
  async getEither(
    v3Path: string,
    legacyPath: string,
    extra: { v3?: Partial<HttpRequest>; legacy?: Partial<HttpRequest> } = {}
  ): Promise<{ answer: HttpAnswer; api: JaegerApi }> {
    if (this.api !== 'legacy') {
      const answer = await this.get(v3Path, extra.v3);
      if (!isMissingRoute(answer) || this.api === 'v3') {
        this.api ??= answer.status === 200 ? 'v3' : undefined;
        return { answer, api: 'v3' };
      }
    }
    const answer = await this.get(legacyPath, extra.legacy);
    if (isMissingRoute(answer) && this.api === undefined) {
      throw describeFailure(answer, JAEGER, NOT_JAEGER);
    }
    this.api ??= answer.status === 200 ? 'legacy' : undefined;
    return { answer, api: 'legacy' };
  }

  /** Which API this server answered on, once known. */
  get knownApi(): JaegerApi | undefined {
    return this.api;
  }

  /** GET a path of Jaeger's API with the data source's timeout. */
  get(path: string, extra: Partial<HttpRequest> = {}): Promise<HttpAnswer> {
    const timeoutMs = requestTimeoutMs(this.options);
    const maxBytes = responseLimitBytes(this.options);
    return httpGet({ ...extra, url: this.baseUrl + path, server: JAEGER.name, timeoutMs, maxBytes });
  }
}

/** API v3: `{ result: TracesData }`, OTLP JSON with hex ids, decoded in slices (traces can be huge). */
export async function decodeV3Trace(body: unknown, signal?: AbortSignal): Promise<DecodedTrace> {
  if (!isJsonObject(body) || !isJsonObject(body.result)) {
    throw new UserFacingError(`Jaeger's trace answer has no "result": is this Jaeger's API v3?`);
  }
  try {
    return await runChunked((chunkSpans) => decodeOtlpJsonSteps(body.result, chunkSpans), { signal });
  } catch (error) {
    throw unreadable(error);
  }
}

/** Legacy API: `{ data: [trace] }` in Jaeger JSON; the trace with the ID asked for. */
async function decodeLegacyTrace(
  body: unknown,
  traceId: string,
  signal: AbortSignal | undefined
): Promise<DecodedTrace | undefined> {
  const traces = await decodeLegacyTraces(body, signal);
  return traces.find((trace) => trace.spans.traceID[0] === traceId) ?? traces[0];
}

function notFoundMessage(traceId: string, window?: TimeWindow): string {
  if (!window) {
    return `Trace ${traceId} not found in Jaeger`;
  }
  return (
    `Trace ${traceId} not found in Jaeger between ${isoTime(window.start)} and ${isoTime(window.end)}: ` +
    `widen the time range, or turn off "Limit trace search to the time range" in the data source settings`
  );
}
