/**
 * The parts of a Tempo search answer that `searchResultFrames` reads before its columns: the
 * traces, their order, each one's summary, span sets and service stats.
 */
import { describeJson, isJsonObject, type JsonObject } from '../decode/json-values';
import { finiteNumber, type SkippedValues } from './answer-values';
import { padTraceId } from './links';

/** What Grafana shows while a trace's root span has not reached Tempo yet. */
export const ROOT_SPAN_NOT_YET_RECEIVED = '<root span not yet received>';

export interface TraceSummary {
  traceId: string;
  service: string;
  name: string;
}

export function readTraces(response: unknown): JsonObject[] {
  if (!isJsonObject(response)) {
    throw new Error(
      `Unexpected search response: expected an object with a "traces" list, got ${describeJson(response)}`
    );
  }
  const traces = response.traces ?? [];
  if (!Array.isArray(traces)) {
    throw new Error(`Unexpected search response: "traces" is ${describeJson(traces)}, expected a list`);
  }
  traces.forEach((trace: unknown, index) => {
    if (!isJsonObject(trace) || typeof trace.traceID !== 'string') {
      throw new Error(`Unexpected search response: traces[${index}] has no traceID`);
    }
  });
  return traces;
}

/** Trace indices by start time, newest first; traces without a readable start time go last. */
export function newestFirst(startTimes: Array<number | undefined>): number[] {
  const sortable = startTimes.map((ms) => ms ?? -Infinity);
  return sortable.map((_, index) => index).sort((a, b) => sortable[b] - sortable[a] || a - b);
}

export function summarize(trace: JsonObject): TraceSummary {
  return {
    traceId: padTraceId(trace.traceID as string),
    service: typeof trace.rootServiceName === 'string' ? trace.rootServiceName : ROOT_SPAN_NOT_YET_RECEIVED,
    name: typeof trace.rootTraceName === 'string' ? trace.rootTraceName : '',
  };
}

/** `spanSets` (Tempo ≥ 2.2) repeats `spanSet` (older) as its first entry: read one or the other, never both. */
export function spanSetsOf(trace: JsonObject): JsonObject[] {
  const { spanSet, spanSets } = trace;
  const sets: unknown[] = Array.isArray(spanSets) && spanSets.length > 0 ? spanSets : spanSet == null ? [] : [spanSet];
  for (let i = 0; i < sets.length; i++) {
    if (!isJsonObject(sets[i])) {
      throw new Error(`Unexpected search response: a span set of trace ${trace.traceID} is ${describeJson(sets[i])}`);
    }
  }
  return sets as JsonObject[];
}

/** The index in `spanSets` of span set `set` of `sets` (from spanSetsOf), or -1 for the lone `spanSet`. */
export function setIndex(trace: JsonObject, sets: JsonObject[], set: number): number {
  return sets === trace.spanSets ? set : -1;
}

/**
 * Tempo 2.5+'s `serviceStats` (`{ service: { spanCount, errorCount? } }`) as one readable cell,
 * busiest service first: `web-frontend 4 (1 error), anonymizer 1`. Empty when absent.
 */
export function describeServiceStats(stats: unknown, traceIndex: number, skipped: SkippedValues): string {
  if (!isJsonObject(stats)) {
    return '';
  }
  const count = (value: unknown, key: string) => {
    const number = isJsonObject(value) ? finiteNumber(value[key] ?? 0) : undefined;
    return number ?? skipped.skip('service count', `traces[${traceIndex}].serviceStats.${key}`) ?? 0;
  };
  return Object.entries(stats)
    .map(([service, value]) => ({ service, spans: count(value, 'spanCount'), errors: count(value, 'errorCount') }))
    .sort((a, b) => b.spans - a.spans || a.service.localeCompare(b.service))
    .map(
      ({ service, spans, errors }) => `${service} ${spans}${errors ? ` (${errors} error${errors > 1 ? 's' : ''})` : ''}`
    )
    .join(', ');
}
