import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { Observable, Subscription, timeout as rxTimeout, TimeoutError } from 'rxjs';

/** Every HTTP answer, whatever its status: the backend module decides what a status means for its API. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  contentType: string;
  body: Uint8Array;
}

export interface HttpRequest {
  url: string;
  /** The backend's name (`Tempo`, `Jaeger`, `Zipkin`), for the messages of requests that get no answer. */
  server: string;
  params?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Milliseconds; the request fails with a timeout message after it. */
  timeoutMs: number;
  requestId?: string;
  /** Once aborted, the request is cancelled (its fetch unsubscribed) and the call rejects with `QueryCancelledError`. */
  signal?: AbortSignal;
}

/** A failure with a message written for the user who runs the query. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** The query was cancelled (Grafana unsubscribed: a new query, a closed panel): nobody sees this error. */
export class QueryCancelledError extends Error {
  constructor() {
    super('The query was cancelled');
    this.name = 'QueryCancelledError';
  }
}

const utf8 = new TextDecoder();

const DEFAULT_TIMEOUT_SECONDS = 60;

/** The data source's request timeout (`jsonData.timeout`, seconds; Grafana's data proxy reads the same key). */
export function requestTimeoutMs(options: { timeout?: number }): number {
  return (options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_SECONDS) * 1000;
}

export function bodyText(answer: HttpAnswer): string {
  return utf8.decode(answer.body);
}

/**
 * GET through Grafana's data proxy (`getBackendSrv().fetch`, which adds auth).
 * Resolves for every HTTP status; rejects only with a UserFacingError when no
 * answer came at all (connection refused, timeout).
 */
export async function httpGet(request: HttpRequest): Promise<HttpAnswer> {
  const params = Object.fromEntries(Object.entries(request.params ?? {}).filter(([, v]) => v !== undefined));
  const seconds = Math.round(request.timeoutMs / 1000);
  try {
    const response = await firstValue(
      getBackendSrv()
        .fetch<ArrayBuffer>({
          url: request.url,
          method: 'GET',
          params,
          headers: request.headers,
          responseType: 'arraybuffer',
          showErrorAlert: false,
          requestId: request.requestId,
        })
        .pipe(rxTimeout({ first: request.timeoutMs })),
      request.signal
    );
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers?.get('content-type') ?? '',
      body: toBytes(response.data),
    };
  } catch (error) {
    if (error instanceof QueryCancelledError) {
      throw error;
    }
    if (error instanceof TimeoutError) {
      throw new UserFacingError(
        `${request.server} did not answer within ${seconds} s (the data source's timeout setting)`
      );
    }
    if (isFetchError(error) && error.status > 0) {
      return {
        status: error.status,
        statusText: error.statusText ?? '',
        contentType: contentTypeOfErrorData(error.data),
        body: toBytes(error.data),
      };
    }
    const detail = error instanceof Error ? error.message : isFetchError(error) ? error.message : String(error);
    throw new UserFacingError(
      `Cannot connect to ${request.server}${detail ? ` (${detail})` : ''}: check the data source URL and that ${request.server} is running`
    );
  }
}

/**
 * The observable's first value. Aborting `signal` unsubscribes, which cancels the request
 * (Grafana's fetch aborts its HTTP call on unsubscribe), and rejects with QueryCancelledError.
 */
function firstValue<T>(observable: Observable<T>, signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new QueryCancelledError());
      return;
    }
    let subscription: Subscription | undefined;
    let settled = false;
    const settle = (finish: () => void) => {
      if (!settled) {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        subscription?.unsubscribe();
        finish();
      }
    };
    const onAbort = () => settle(() => reject(new QueryCancelledError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    subscription = observable.subscribe({
      next: (value) => settle(() => resolve(value)),
      error: (error) => settle(() => reject(error)),
      complete: () => settle(() => reject(new Error('The request completed without an answer'))),
    });
    if (settled) {
      // It answered synchronously, before `subscription` was assigned.
      subscription.unsubscribe();
    }
  });
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (data instanceof ArrayBuffer || isArrayBufferLike(data)) {
    return new Uint8Array(data as ArrayBuffer);
  }
  if (data === undefined || data === null) {
    return new Uint8Array(0);
  }
  // Grafana's own error answers (data proxy) may arrive already parsed.
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return new TextEncoder().encode(text);
}

// ArrayBuffers made in another realm (jsdom, iframes) fail `instanceof`.
function isArrayBufferLike(data: unknown): boolean {
  return Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

function contentTypeOfErrorData(data: unknown): string {
  return data !== null && typeof data === 'object' && !isArrayBufferLike(data) ? 'application/json' : '';
}

/** True when a body is an HTML page: a login proxy, a load balancer's error page, a wrong URL. */
export function isHtml(answer: HttpAnswer): boolean {
  if (answer.contentType.includes('text/html')) {
    return true;
  }
  const start = utf8.decode(answer.body.subarray(0, 200)).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

/** The page's <title>, to name which page answered. */
export function htmlTitle(answer: HttpAnswer): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(utf8.decode(answer.body.subarray(0, 4096)));
  return match?.[1].trim() || undefined;
}
