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

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  switch (responseType) {
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'blob':
      return response.blob();
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
