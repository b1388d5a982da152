import { BackendKind, ThreadlineQueryType } from '../../../src/types';

/**
 * The page shows one editor, chosen by the URL:
 *   ?view=config&settings=fresh|provisioned&theme=dark|light
 *   ?view=query&mode=traceId|traceql|search|compare|serviceSearch|dependencies|upload&ds=tempo-2.8.2&backend=tempo&theme=dark|light
 * `ds` is a fixture server profile, served from the same origin as the page; `backend` the data
 * source's `jsonData.backend` (e.g. `ds=jaeger-1.76.0&backend=jaeger`).
 */
export interface PageParams {
  theme: 'dark' | 'light';
  view: 'config' | 'query';
  settings: 'fresh' | 'provisioned';
  mode: ThreadlineQueryType;
  ds: string;
  backend: BackendKind;
}

export function pageParams(search = window.location.search): PageParams {
  const params = new URLSearchParams(search);
  const pick = <T extends string>(name: string, allowed: readonly T[]): T => {
    const value = params.get(name) ?? allowed[0];
    if (!allowed.includes(value as T)) {
      throw new Error(`?${name}=${value}: expected one of ${allowed.join(', ')}`);
    }
    return value as T;
  };
  return {
    theme: pick('theme', ['dark', 'light'] as const),
    view: pick('view', ['config', 'query'] as const),
    settings: pick('settings', ['fresh', 'provisioned'] as const),
    mode: pick('mode', ['traceql', 'traceId', 'search', 'compare', 'serviceSearch', 'dependencies', 'upload'] as const),
    ds: params.get('ds') ?? 'tempo-2.8.2',
    backend: pick('backend', ['tempo', 'jaeger', 'zipkin'] as const),
  };
}
