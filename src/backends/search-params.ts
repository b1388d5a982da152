/**
 * The search form's fields (query type `serviceSearch`) → `ServiceSearchParams`, the same for
 * every backend with a service search: logfmt tags as Jaeger UI takes them, durations with
 * units, template variables replaced value by value (a value never changes which fields there are).
 */
import { DEFAULT_SEARCH_LIMIT, type ThreadlineQuery } from '../types';
import type { SearchTag, ServiceSearchParams, TimeWindow } from './backend';
import { UserFacingError } from './http';

type Replace = (text: string) => string;

export function serviceSearchParams(query: ThreadlineQuery, window: TimeWindow, replace: Replace): ServiceSearchParams {
  const service = replace(query.service ?? '').trim();
  if (!service) {
    throw new UserFacingError('Choose a service to search: the search form needs one');
  }
  const operation = replace(query.operation ?? '').trim();
  return {
    service,
    operation: operation || undefined,
    tags: parseSearchTags(query.tags ?? '').map(({ key, value }) => ({ key: replace(key), value: replace(value) })),
    minDurationUs: parseSearchDuration(replace(query.minDuration ?? ''), 'Min duration'),
    maxDurationUs: parseSearchDuration(replace(query.maxDuration ?? ''), 'Max duration'),
    limit: query.limit && query.limit > 0 ? query.limit : DEFAULT_SEARCH_LIMIT,
    window,
  };
}

/**
 * Logfmt, as Jaeger UI's tags field: `key=value` pairs separated by spaces, a value with spaces in
 * double quotes (`error.message="timed out"`, `\"` for a quote inside). A bare key means `key=true`.
 */
export function parseSearchTags(text: string): SearchTag[] {
  const tags: SearchTag[] = [];
  const pair = /\s*([^\s="]+)(?:=("(?:[^"\\]|\\.)*"|[^\s"]*))?\s*/y;
  let at = 0;
  while (at < text.length) {
    pair.lastIndex = at;
    const match = pair.exec(text);
    if (!match || match[0].length === 0) {
      throw new UserFacingError(
        `Tags "${text}" are not logfmt near "${text.slice(at, at + 20)}": write key=value pairs separated by spaces, ` +
          `with double quotes around a value that has spaces (error.message="timed out")`
      );
    }
    const raw = match[2];
    const value = raw === undefined ? 'true' : raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    tags.push({ key: match[1], value });
    at = pair.lastIndex;
  }
  return tags;
}

const DURATION_UNITS_US: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

/** `100ms`, `1.2s`, `500us`, `2m` → whole microseconds; empty → undefined. */
export function parseSearchDuration(text: string, label: string): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) {
    return undefined;
  }
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s|m|h)$/.exec(trimmed);
  if (!match) {
    throw new UserFacingError(
      `${label} "${trimmed}" is not a duration: write a number with a unit (us, ms, s, m, h), e.g. 100ms or 1.2s`
    );
  }
  return Math.round(Number(match[1]) * DURATION_UNITS_US[match[2]]);
}

/** The search form's fields in one line, for query history and the query inspector. */
export function describeServiceSearch(query: ThreadlineQuery): string {
  const durations =
    query.minDuration || query.maxDuration ? `duration ${query.minDuration ?? '0'}–${query.maxDuration ?? '∞'}` : '';
  const parts = [query.service || 'no service', query.operation, query.tags, durations];
  return `Search: ${parts.filter(Boolean).join(' · ')}`;
}
