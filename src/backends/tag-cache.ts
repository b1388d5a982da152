import { ScopedTags, TagSource, TagValue } from '../types';
import type { TimeWindow, TraceQLCapability } from './backend';

const MAX_CACHED_VALUE_LISTS = 200;
/** Windows are rounded to this many seconds, so a moving "last hour" keeps hitting the cache. */
const WINDOW_GRANULARITY_S = 600;

/**
 * Tag names and values for editors, cached per data source: an editor asks on every keystroke,
 * Tempo answers the same for minutes. A failed answer is not cached, so the next ask retries.
 */
export class CachedTagSource implements TagSource {
  private names: { key: string; answer: Promise<ScopedTags[]> } | undefined;
  private readonly values = new Map<string, Promise<TagValue[]>>();

  constructor(
    private readonly api: Pick<TraceQLCapability, 'tagNames' | 'tagValues'>,
    private readonly currentWindow: () => TimeWindow | undefined,
    private readonly limit: number
  ) {}

  tagNames(): Promise<ScopedTags[]> {
    const window = roundWindow(this.currentWindow());
    const key = windowKey(window);
    if (this.names?.key !== key) {
      const answer = this.api.tagNames(window, this.limit);
      this.names = { key, answer };
      answer.catch(() => {
        if (this.names?.answer === answer) {
          this.names = undefined;
        }
      });
    }
    return this.names.answer;
  }

  tagValues(tag: string, query?: string): Promise<TagValue[]> {
    const window = roundWindow(this.currentWindow());
    const key = `${windowKey(window)}|${tag}|${query ?? ''}`;
    const cached = this.values.get(key);
    if (cached) {
      // Refresh its place: the map's order is the eviction order.
      this.values.delete(key);
      this.values.set(key, cached);
      return cached;
    }
    const answer = this.api.tagValues(tag, query, window, this.limit);
    this.values.set(key, answer);
    answer.catch(() => this.values.delete(key));
    if (this.values.size > MAX_CACHED_VALUE_LISTS) {
      this.values.delete(this.values.keys().next().value!);
    }
    return answer;
  }
}

function roundWindow(window: TimeWindow | undefined): TimeWindow | undefined {
  if (!window) {
    return undefined;
  }
  return {
    start: Math.floor(window.start / WINDOW_GRANULARITY_S) * WINDOW_GRANULARITY_S,
    end: Math.ceil(window.end / WINDOW_GRANULARITY_S) * WINDOW_GRANULARITY_S,
  };
}

function windowKey(window: TimeWindow | undefined): string {
  return window ? `${window.start}-${window.end}` : 'recent';
}

/** For backends without attribute names (no TraceQL): editors get empty lists. */
export const NO_TAGS_SOURCE: TagSource = {
  tagNames: () => Promise.resolve([]),
  tagValues: () => Promise.resolve([]),
};
