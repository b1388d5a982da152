import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { Observable, Subscription, timeout as rxTimeout, TimeoutError } from 'rxjs';

import { checkRequestText, isBytesLike, readBody, transportFailure, UserFacingError } from './http-checks';

export { UserFacingError } from './http-checks';

/** Every HTTP answer, whatever its status: the backend module decides what a status means for its API. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  contentType: string;
  /** `Content-Encoding` of a 2xx answer (empty when none): a body that cannot be read may not be what it claims. */
  contentEncoding: string;
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
  /** Largest body accepted, in bytes (`responseLimitBytes`); a bigger answer fails with a message naming the setting. */
  maxBytes: number;
  requestId?: string;
  /** Once aborted, the request is cancelled (its fetch unsubscribed) and the call rejects with `QueryCancelledError`. */
  signal?: AbortSignal;
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
/** Default of `jsonData.maxResponseMB`: generous, so only a runaway answer (a proxy's endless page, a huge trace) meets it. */
export const DEFAULT_MAX_RESPONSE_MB = 1000;

/** The data source's request timeout (`jsonData.timeout`, seconds; Grafana's data proxy reads the same key). */
export function requestTimeoutMs(options: { timeout?: number }): number {
  return (options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_SECONDS) * 1000;
}

/** The data source's largest accepted answer (`jsonData.maxResponseMB`, megabytes; 0 or unset = the default), in bytes. */
export function responseLimitBytes(options: { maxResponseMB?: number }): number {
  const mb = options.maxResponseMB && options.maxResponseMB > 0 ? options.maxResponseMB : DEFAULT_MAX_RESPONSE_MB;
  return mb * 1_000_000;
}

export function bodyText(answer: HttpAnswer): string {
  return utf8.decode(answer.body);
}

/**
 * GET through Grafana's data proxy (`getBackendSrv().fetch`, which adds auth).
 * Resolves for every HTTP status; rejects only with a UserFacingError when no whole
 * answer came (no connection, a timeout, a body cut off or too big, text that cannot be sent).
 */
export async function httpGet(request: HttpRequest): Promise<HttpAnswer> {
  const params = Object.fromEntries(Object.entries(request.params ?? {}).filter(([, v]) => v !== undefined));
  // Grafana's fetch serialises params with encodeURIComponent, which throws on a lone surrogate
  // (inside Grafana's request queue, where the query would hang): check before sending.
  checkRequestText(request.server, params);
  const seconds = Math.round(request.timeoutMs / 1000);
  const limits = { server: request.server, maxBytes: request.maxBytes };
  try {
    const response = await firstValue(
      getBackendSrv()
        .fetch<ArrayBuffer>({
          url: request.url,
          method: 'GET',
          params,
          headers: request.headers,
          // Grafana's fetch resolves only once the whole body has arrived, so no answer can be refused
          // before it is downloaded; readBody checks its Content-Length and size before anything reads
          // it. An ArrayBuffer, not a Blob: a Blob costs one more copy of the body (and in Node a long
          // copy on the main thread), measured in bench/README.md (Transport).
          responseType: 'arraybuffer',
          showErrorAlert: false,
          requestId: request.requestId,
        })
        .pipe(rxTimeout({ first: request.timeoutMs })),
      request.signal
    );
    const encoding = response.headers?.get('content-encoding') ?? '';
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers?.get('content-type') ?? '',
      contentEncoding: encoding,
      body: readBody(response.data, limits, response.headers?.get('content-length') ?? undefined, encoding),
    };
  } catch (error) {
    if (error instanceof QueryCancelledError || error instanceof UserFacingError) {
      throw error;
    }
    if (error instanceof TimeoutError) {
      throw new UserFacingError(
        `${request.server} did not answer within ${seconds} s (the data source's timeout setting)`
      );
    }
    if (isFetchError(error) && error.status > 0) {
      // Grafana's FetchError carries no headers: only the size is checked.
      return {
        status: error.status,
        statusText: error.statusText ?? '',
        contentType: contentTypeOfErrorData(error.data),
        contentEncoding: '',
        body: readBody(error.data, limits, undefined, ''),
      };
    }
    throw transportFailure(error, request.server);
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

function contentTypeOfErrorData(data: unknown): string {
  return data !== null && typeof data === 'object' && !isBytesLike(data) ? 'application/json' : '';
}

/** What may come before a page's first element: a BOM, whitespace, an XML declaration, comments, a doctype. */
const HTML_PROLOG = /^(?:\uFEFF|\s+|<\?xml[^>]*>|<!--[\s\S]*?-->|<!doctype[^>]*>)*/i;
/** Elements a page starts with once the prolog is gone (a fragment of an error page too: `<h1>`, `<center>`). */
const HTML_START = /^<(?:html|head|body|title|meta|link|style|script|h[1-6]|div|p|center|pre|table)[\s>/]/i;

/** True when a body is an HTML page: a login proxy, a load balancer's error page, a wrong URL. */
export function isHtml(answer: HttpAnswer): boolean {
  if (answer.contentType.includes('text/html') || answer.contentType.includes('application/xhtml')) {
    return true;
  }
  const start = utf8.decode(answer.body.subarray(0, 2048));
  const prolog = HTML_PROLOG.exec(start)?.[0] ?? '';
  return /<!doctype\s+html/i.test(prolog) || HTML_START.test(start.slice(prolog.length));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The page's <title> as text (entities decoded, spaces collapsed), to name which page answered. */
export function htmlTitle(answer: HttpAnswer): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(utf8.decode(answer.body.subarray(0, 8192)));
  const text = match?.[1]
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text ? (text.length > 120 ? `${text.slice(0, 120)}…` : text) : undefined;
}
