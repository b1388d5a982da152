import { ScopedTags, TagValue } from '../types';
import { HttpAnswer, isHtml, UserFacingError } from './http';
import { pathSegment } from './http-checks';
import { answerDetail, readJsonAnswer, TEMPO } from './http-errors';
import { isJsonObject } from '../decode/json-values';
import { withinNestingLimit } from './json-nesting';
import type { TempoClient } from './tempo';
import type { TimeWindow, TraceQLCapability, TraceQLMetricsParams, TraceQLSearchParams } from './backend';

type TagsApi = 'v2' | 'v1';

const V1_SCOPE = 'unscoped';

/**
 * Tempo's search, TraceQL metrics and tag APIs. Tag endpoints try v2 (scoped names,
 * typed values) and fall back to v1 on servers that lack it, remembering the answer.
 */
export class TempoSearchApi implements TraceQLCapability {
  private tagsApi: TagsApi | undefined;

  constructor(private readonly client: TempoClient) {}

  /** `GET /api/search`: the parsed JSON body, for `searchResultFrames`. */
  async search(params: TraceQLSearchParams, requestId?: string): Promise<unknown> {
    const answer = await this.client.get('/api/search', {
      params: {
        q: params.query,
        start: params.window.start,
        end: params.window.end,
        limit: params.limit,
        spss: params.spss,
      },
      requestId,
      signal: params.signal,
    });
    return readJson(answer, 'search results', traceqlFailure);
  }

  /** `GET /api/metrics/query_range`: the parsed JSON body, for `metricsFrames`. */
  async metricsRange(params: TraceQLMetricsParams, requestId?: string): Promise<unknown> {
    const answer = await this.client.get('/api/metrics/query_range', {
      params: { q: params.query, start: params.window.start, end: params.window.end, step: params.step },
      requestId,
      signal: params.signal,
    });
    if (answer.status === 404 && !isHtml(answer)) {
      throw new UserFacingError(
        'This Tempo has no TraceQL metrics API (/api/metrics/query_range answered 404): it needs Tempo 2.4 or later with the metrics-generator'
      );
    }
    return readJson(answer, 'metrics', traceqlFailure);
  }

  /** Attribute names by scope. v1 servers know no scopes: their names come back under `unscoped`. */
  async tagNames(window: TimeWindow | undefined, limit: number): Promise<ScopedTags[]> {
    const params = { ...windowParams(window), limit };
    if (this.tagsApi !== 'v1') {
      const answer = await this.client.get('/api/v2/search/tags', { params });
      if (answer.status !== 404) {
        const body = readJson(answer, 'tag names');
        this.tagsApi = 'v2';
        return readScopes(body);
      }
    }
    const body = readJson(await this.client.get('/api/search/tags', { params }), 'tag names');
    this.tagsApi = 'v1';
    return [{ scope: V1_SCOPE, tags: stringList(body, 'tagNames') }];
  }

  /** Values of a scoped tag (`resource.service.name`, `status`), narrowed by `query` on v2. */
  async tagValues(
    tag: string,
    query: string | undefined,
    window: TimeWindow | undefined,
    limit: number
  ): Promise<TagValue[]> {
    const params = { ...windowParams(window), limit, q: query || undefined };
    if (this.tagsApi !== 'v1') {
      const answer = await this.client.get(`/api/v2/search/tag/${pathSegment(tag, 'tag')}/values`, { params });
      if (answer.status !== 404) {
        const body = readJson(answer, 'tag values');
        this.tagsApi = 'v2';
        return readTypedValues(body);
      }
    }
    // v1 knows unscoped names only (`service.name`), and untyped values.
    const unscoped = tag.replace(/^(resource|span|event|link|instrumentation)?\./, '');
    const answer = await this.client.get(`/api/search/tag/${pathSegment(unscoped, 'tag')}/values`, {
      params: { ...windowParams(window), limit },
    });
    const body = readJson(answer, 'tag values');
    this.tagsApi = 'v1';
    return stringList(body, 'tagValues').map((value) => ({ type: 'string', value }));
  }
}

function windowParams(window: TimeWindow | undefined) {
  return window ? { start: window.start, end: window.end } : {};
}

/**
 * Tempo answers 400 with a plain-text parse error that names line and column: show it as it is.
 * A 400 that says nothing (a proxy's) gets the general message for its status.
 */
function traceqlFailure(answer: HttpAnswer): UserFacingError | undefined {
  const detail = answer.status === 400 && !isHtml(answer) ? answerDetail(answer) : '';
  return detail ? new UserFacingError(detail) : undefined;
}

function readJson(answer: HttpAnswer, what: string, special?: (a: HttpAnswer) => UserFacingError | undefined): unknown {
  return withinNestingLimit(readJsonAnswer(answer, what, TEMPO, special), what, TEMPO);
}

function readScopes(body: unknown): ScopedTags[] {
  const scopes = (body as { scopes?: unknown })?.scopes;
  if (!Array.isArray(scopes)) {
    throw new UserFacingError('Unexpected tag names from Tempo: no "scopes" list');
  }
  return scopes.flatMap((scope: unknown) =>
    isJsonObject(scope) && (scope.name === undefined || typeof scope.name === 'string')
      ? [{ scope: scope.name ?? V1_SCOPE, tags: strings(scope.tags) }]
      : []
  );
}

function readTypedValues(body: unknown): TagValue[] {
  const values = (body as { tagValues?: unknown })?.tagValues;
  if (!Array.isArray(values)) {
    throw new UserFacingError('Unexpected tag values from Tempo: no "tagValues" list');
  }
  return values.flatMap((v: unknown): TagValue[] => {
    if (typeof v === 'string') {
      return [{ type: 'string', value: v }];
    }
    // Tempo's TagValue: `{ type, value }`, both strings; anything else is skipped, never stringified.
    return isJsonObject(v) && typeof v.value === 'string'
      ? [{ type: typeof v.type === 'string' ? v.type : 'string', value: v.value }]
      : [];
  });
}

function stringList(body: unknown, key: 'tagNames' | 'tagValues'): string[] {
  const list = (body as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) {
    throw new UserFacingError(`Unexpected answer from Tempo: no "${key}" list`);
  }
  return strings(list);
}

/** The strings of a list; entries of another type are skipped (a suggestion list has no place for a note). */
function strings(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}
