/**
 * Grafana's runtime services, as the plugin meets them inside Grafana, minus Grafana:
 * a BackendSrv whose fetch() performs real HTTP (with Grafana's parameter serialisation,
 * default Accept header, body parsing per responseType and FetchError shape), and a
 * TemplateSrv that replaces `$var`, `${var}` and `[[var]]` with format functions.
 */
import { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import {
  BackendSrv,
  BackendSrvRequest,
  FetchResponse,
  setBackendSrv,
  setTemplateSrv,
  TemplateSrv,
} from '@grafana/runtime';
import { config as rxjsConfig, Observable } from 'rxjs';

function serializeParams(params: Record<string, unknown> | undefined): string {
  return Object.entries(params ?? {})
    .filter(([, value]) => value !== undefined && !(typeof value === 'string' && value.length === 0))
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`)
    )
    .join('&');
}

/**
 * The body's bytes, assembled as its chunks arrive: a browser's `arrayBuffer()` does this off the
 * main thread while downloading, where Node's concatenates the whole body on it at the end (240 ms
 * for a 157 MB answer), which the bench would count as the plugin's. The buffer is sized by
 * Content-Length when there is one and no Content-Encoding (the decoded body is longer), and grows
 * otherwise; a body cut short fails as Node's would, from `read()`.
 */
async function bodyBytes(response: Response): Promise<ArrayBuffer> {
  if (!response.body) {
    return new ArrayBuffer(0);
  }
  const declared = response.headers.has('content-encoding') ? NaN : Number(response.headers.get('content-length'));
  let buffer = new Uint8Array(Number.isSafeInteger(declared) && declared > 0 ? declared : 64 * 1024);
  let length = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (length + chunk.value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(2 * buffer.length, length + chunk.value.length));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(chunk.value, length);
    length += chunk.value.length;
  }
  return length === buffer.length ? buffer.buffer : buffer.buffer.slice(0, length);
}

/** A Blob of the body's chunks, each a Blob as it arrives (a browser's `blob()` holds the parts, uncopied). */
async function bodyBlob(response: Response): Promise<Blob> {
  const parts: Blob[] = [];
  if (response.body) {
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      parts.push(new Blob([chunk.value]));
    }
  }
  return new Blob(parts, { type: response.headers.get('content-type') ?? '' });
}

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  switch (responseType) {
    case 'arraybuffer':
      return bodyBytes(response);
    case 'blob':
      return bodyBlob(response);
    case 'text':
      return response.text();
    case 'json':
      return response.json();
    default: {
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
  }
}

/**
 * Grafana serialises the URL (parseUrlFromOptions) in internalFetch, which its ResponseQueue calls
 * inside a Subject's subscriber: a throw there (encodeURIComponent's `URIError: URI malformed` on a
 * lone surrogate) is reported by rxjs as an unhandled error and the request never answers.
 */
function reportUnhandled(error: unknown): void {
  setTimeout(() => {
    if (rxjsConfig.onUnhandledError) {
      rxjsConfig.onUnhandledError(error);
    } else {
      throw error;
    }
  });
}

export function realFetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable<FetchResponse<T>>((subscriber) => {
    const controller = new AbortController();
    let query: string;
    try {
      query = serializeParams(options.params);
    } catch (error) {
      reportUnhandled(error);
      return () => controller.abort();
    }
    const url = query ? `${options.url}?${query}` : options.url;
    const headers = new Headers(options.headers);
    if (!headers.has('accept')) {
      headers.set('accept', 'application/json, text/plain, */*');
    }
    fetch(url, { method: options.method ?? 'GET', headers, signal: controller.signal })
      .then(async (response) => {
        const data = (await parseBody(response, options.responseType)) as T;
        const answer: FetchResponse<T> = {
          data,
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        };
        if (response.ok) {
          subscriber.next(answer);
          subscriber.complete();
        } else {
          subscriber.error({ status: response.status, statusText: response.statusText, data, config: options });
        }
      })
      .catch((error) => {
        // Grafana's processRequestError gives every failure a `data` (a TypeError too; it has no `status`).
        error.data = error.data ?? { message: 'Unexpected error' };
        subscriber.error(error);
      });
    return () => controller.abort();
  });
}

export function installRealBackendSrv(): void {
  const notUsed = () => {
    throw new Error('The plugin must call getBackendSrv().fetch() only');
  };
  const srv = {
    fetch: realFetch,
    get: notUsed,
    post: notUsed,
    put: notUsed,
    patch: notUsed,
    delete: notUsed,
    request: notUsed,
    datasourceRequest: notUsed,
    resolveCancelerIfExists: () => undefined,
  } as unknown as BackendSrv;
  setBackendSrv(srv);
}

type Format = string | ((value: string | string[]) => string) | undefined;

export class SimpleTemplateSrv implements TemplateSrv {
  constructor(private readonly variables: Record<string, string | string[]> = {}) {}

  getVariables(): TypedVariableModel[] {
    return [];
  }

  containsTemplate(target?: string): boolean {
    return !!target && /\$\w+|\$\{\w+(:\w+)?\}|\[\[\w+\]\]/.test(target);
  }

  updateTimeRange(_range: TimeRange): void {}

  replace(target?: string, scopedVars?: ScopedVars, format?: Format): string {
    return (target ?? '').replace(/\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g, (match, a, b, _fmt, c) => {
      const name = a ?? b ?? c;
      const scoped = scopedVars?.[name]?.value;
      const value = scoped !== undefined ? (scoped as string | string[]) : this.variables[name];
      if (value === undefined) {
        return match;
      }
      if (typeof format === 'function') {
        return format(value);
      }
      return Array.isArray(value) ? `{${value.join(',')}}` : String(value);
    });
  }
}

export function installTemplateSrv(variables: Record<string, string | string[]> = {}): SimpleTemplateSrv {
  const srv = new SimpleTemplateSrv(variables);
  setTemplateSrv(srv);
  return srv;
}
