/**
 * A trace as a service graph for Grafana's node graph panel: a nodes frame (one node per
 * service) and an edges frame (one edge per calling relationship between two services), with
 * the field names of `NodeGraphDataFrameFieldNames`.
 *
 * Unlike Grafana's Tempo data source, which draws one node per span, spans are grouped by
 * service. An edge A → B means a span of service A has a child span of service B. A parent and
 * child of the same service make no edge (no self-loops): that is work inside the service, and
 * it already counts in the service's total and self time.
 *
 * Everything is computed from the span columns with typed arrays, without an object per span:
 * traces reach hundreds of thousands of spans.
 */
import {
  type DataFrame,
  type Field,
  type FieldConfig,
  FieldColorModeId,
  FieldType,
  NodeGraphDataFrameFieldNames as Fields,
} from '@grafana/data';

import { STATUS_CODE_ERROR, type SpanColumns } from '../decode/columns';

const NO_SPAN = -1;
/** Children groups up to this size are insertion-sorted: cheaper than a comparator sort, and usually already in order. */
const INSERTION_SORT_MAX = 32;
const SERVICE_NAMESPACE = 'service.namespace';

export function nodeGraphFrames(spans: SpanColumns, refId?: string): [DataFrame, DataFrame] {
  const services = serviceIndexes(spans);
  const parents = parentIndexes(spans);
  const selfTimes = spanSelfTimes(childrenByParent(parents, spans.startTime), spans.startTime, spans.duration);
  const stats = serviceStats(spans, services, parents, selfTimes);
  const names = services.names;
  const { edges } = stats;
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  const nodesFrame: DataFrame = {
    name: 'Nodes',
    refId,
    length: names.length,
    meta,
    fields: [
      field(Fields.id, FieldType.string, names),
      field(Fields.title, FieldType.string, names, { displayName: 'Service' }),
      field(Fields.subTitle, FieldType.string, services.namespaces, { displayName: 'Namespace' }),
      field(Fields.mainStat, FieldType.number, stats.totalTime, { displayName: 'Total time', unit: 'ms' }),
      field(Fields.secondaryStat, FieldType.number, stats.selfTime, { displayName: 'Self time', unit: 'ms' }),
      field(Fields.arc + 'success', FieldType.number, stats.successRatio, arcConfig('Success', 'green')),
      field(Fields.arc + 'errors', FieldType.number, stats.errorRatio, arcConfig('Errors', 'red')),
      field(Fields.detail + 'span_count', FieldType.number, stats.spans, { displayName: 'Spans' }),
      field(Fields.detail + 'error_count', FieldType.number, stats.errors, { displayName: 'Error spans' }),
    ],
  };
  const sources = edges.source.map((source) => names[source]);
  const targets = edges.target.map((target) => names[target]);
  const edgesFrame: DataFrame = {
    name: 'Edges',
    refId,
    length: sources.length,
    meta,
    fields: [
      field(
        Fields.id,
        FieldType.string,
        sources.map((source, e) => `${source}->${targets[e]}`)
      ),
      field(Fields.source, FieldType.string, sources),
      field(Fields.target, FieldType.string, targets),
      field(Fields.mainStat, FieldType.number, edges.calls, { displayName: 'Calls' }),
      field(Fields.secondaryStat, FieldType.number, edges.time, { displayName: 'Time in called spans', unit: 'ms' }),
    ],
  };
  return [nodesFrame, edgesFrame];
}

function field<T>(name: string, type: FieldType, values: T[], config: FieldConfig = {}): Field<T> {
  return { name, type, values, config };
}

function arcConfig(displayName: string, fixedColor: string): FieldConfig {
  return { displayName, color: { mode: FieldColorModeId.Fixed, fixedColor } };
}

/** Per service (by index): times, span and error counts; per pair of services with a call between them: an edge. */
function serviceStats(spans: SpanColumns, services: Services, parents: Int32Array, selfTimes: Float64Array) {
  const serviceCount = services.names.length;
  const totalTime = new Array<number>(serviceCount).fill(0);
  const selfTime = new Array<number>(serviceCount).fill(0);
  const spanCounts = new Array<number>(serviceCount).fill(0);
  const errors = new Array<number>(serviceCount).fill(0);
  const edgeByServicePair = new Map<number, number>();
  const edges = { source: [] as number[], target: [] as number[], calls: [] as number[], time: [] as number[] };
  for (let span = 0; span < parents.length; span++) {
    const service = services.ofSpan[span];
    totalTime[service] += spans.duration[span];
    selfTime[service] += selfTimes[span];
    spanCounts[service]++;
    if (spans.statusCode[span] === STATUS_CODE_ERROR) {
      errors[service]++;
    }
    const caller = parents[span] === NO_SPAN ? service : services.ofSpan[parents[span]];
    if (caller === service) {
      continue;
    }
    let edge = edgeByServicePair.get(caller * serviceCount + service);
    if (edge === undefined) {
      edge = edges.source.length;
      edgeByServicePair.set(caller * serviceCount + service, edge);
      edges.source.push(caller);
      edges.target.push(service);
      edges.calls.push(0);
      edges.time.push(0);
    }
    edges.calls[edge]++;
    edges.time[edge] += spans.duration[span];
  }
  const errorRatio = errors.map((count, s) => count / spanCounts[s]);
  const successRatio = errors.map((count, s) => (spanCounts[s] - count) / spanCounts[s]);
  return { totalTime, selfTime, spans: spanCounts, errors, errorRatio, successRatio, edges };
}

interface Services {
  names: string[];
  /** Each service's first `service.namespace`, or ''. */
  namespaces: string[];
  ofSpan: Int32Array;
}

/** Services in order of first appearance, and each span's service index. */
function serviceIndexes(spans: SpanColumns): Services {
  const names: string[] = [];
  const namespaces: string[] = [];
  const ofSpan = new Int32Array(spans.spanID.length);
  const indexByName = new Map<string, number>();
  // Spans of one resource share its name string and tags array: compare by identity before a map lookup.
  let lastName: string | undefined;
  let lastIndex = 0;
  let lastResourceTags: unknown;
  for (let span = 0; span < ofSpan.length; span++) {
    const name = spans.serviceName[span];
    if (name !== lastName) {
      let index = indexByName.get(name);
      if (index === undefined) {
        index = names.length;
        indexByName.set(name, index);
        names.push(name);
        namespaces.push('');
      }
      lastName = name;
      lastIndex = index;
    }
    ofSpan[span] = lastIndex;
    const resourceTags = spans.serviceTags[span];
    if (resourceTags !== lastResourceTags) {
      lastResourceTags = resourceTags;
      const namespace = resourceTags?.find((tag) => tag.key === SERVICE_NAMESPACE)?.value;
      if (namespaces[lastIndex] === '' && namespace) {
        namespaces[lastIndex] = String(namespace);
      }
    }
  }
  return { names, namespaces, ofSpan };
}

/**
 * Each span's parent index, or `NO_SPAN` for a root and for a span whose parent is not in the trace.
 * Our decoders write span IDs as 16 lowercase hex digits: those are looked up as two 32-bit numbers
 * in an open-addressing table, twice as fast as a Map of strings at 500k spans. Other IDs use a Map.
 */
function parentIndexes({ spanID, parentSpanID }: SpanColumns): Int32Array {
  const byHexId = parentsByHexId(spanID, parentSpanID);
  if (byHexId) {
    return byHexId;
  }
  const indexById = new Map<string, number>();
  spanID.forEach((id, span) => indexById.set(id, span));
  return Int32Array.from(parentSpanID, (parentId, span) => {
    const parent = parentId ? indexById.get(parentId) : undefined;
    return parent === undefined || parent === span ? NO_SPAN : parent;
  });
}

/** `undefined` when a span ID is not 16 lowercase hex digits. */
function parentsByHexId(spanIds: string[], parentIds: Array<string | undefined>): Int32Array | undefined {
  const spanCount = spanIds.length;
  const keys = new Int32Array(2 * spanCount);
  let bits = 1;
  while (1 << bits < 2 * spanCount) {
    bits++;
  }
  const slots = new Int32Array(1 << bits).fill(NO_SPAN);
  const mask = slots.length - 1;
  const findSlot = (keyArray: Int32Array, at: number) => {
    const high = keyArray[2 * at];
    const low = keyArray[2 * at + 1];
    let slot = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> (32 - bits);
    for (let span = slots[slot]; span !== NO_SPAN; span = slots[slot]) {
      if (keys[2 * span] === high && keys[2 * span + 1] === low) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  };
  for (let span = 0; span < spanCount; span++) {
    if (!readHexId(spanIds[span], keys, span)) {
      return undefined;
    }
    slots[findSlot(keys, span)] = span;
  }
  const parents = new Int32Array(spanCount).fill(NO_SPAN);
  const parentKey = new Int32Array(2);
  for (let span = 0; span < spanCount; span++) {
    if (readHexId(parentIds[span], parentKey, 0)) {
      const parent = slots[findSlot(parentKey, 0)];
      parents[span] = parent === span ? NO_SPAN : parent;
    }
  }
  return parents;
}

const HEX_DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_DIGIT_VALUE[digit.toString(16).charCodeAt(0)] = digit;
}
const hexDigit = (code: number) => (code < 128 ? HEX_DIGIT_VALUE[code] : -1);

/** Writes the two 32-bit halves of a 16-hex-digit ID to `out[2 * at]` and `out[2 * at + 1]`. */
function readHexId(id: string | undefined, out: Int32Array, at: number): boolean {
  if (id === undefined || id.length !== 16) {
    return false;
  }
  let high = 0;
  let low = 0;
  for (let i = 0; i < 8; i++) {
    const highDigit = hexDigit(id.charCodeAt(i));
    const lowDigit = hexDigit(id.charCodeAt(i + 8));
    if ((highDigit | lowDigit) < 0) {
      return false;
    }
    high = (high << 4) | highDigit;
    low = (low << 4) | lowDigit;
  }
  out[2 * at] = high;
  out[2 * at + 1] = low;
  return true;
}

interface ChildrenByParent {
  /** Children of span `p` are `order[first[p]]` … `order[first[p + 1] - 1]`, sorted by start time. */
  first: Int32Array;
  order: Int32Array;
}

/** Children grouped by parent with a counting sort, then each group sorted by start time. */
function childrenByParent(parents: Int32Array, startTime: number[]): ChildrenByParent {
  const spanCount = parents.length;
  const first = new Int32Array(spanCount + 1);
  for (let span = 0; span < spanCount; span++) {
    if (parents[span] !== NO_SPAN) {
      first[parents[span] + 1]++;
    }
  }
  for (let parent = 0; parent < spanCount; parent++) {
    first[parent + 1] += first[parent];
  }
  const order = new Int32Array(first[spanCount]);
  const next = first.slice(0, spanCount);
  for (let span = 0; span < spanCount; span++) {
    if (parents[span] !== NO_SPAN) {
      order[next[parents[span]]++] = span;
    }
  }
  for (let parent = 0; parent < spanCount; parent++) {
    sortByStart(order, first[parent], first[parent + 1], startTime);
  }
  return { first, order };
}

function sortByStart(order: Int32Array, from: number, to: number, startTime: number[]): void {
  if (to - from > INSERTION_SORT_MAX) {
    order.subarray(from, to).sort((a, b) => startTime[a] - startTime[b]);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const span = order[i];
    const start = startTime[span];
    let j = i - 1;
    while (j >= from && startTime[order[j]] > start) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = span;
  }
}

/**
 * Self time of each span: its duration minus the union of its children's intervals, clipped to
 * the span. Intervals are taken relative to the parent's start: epoch milliseconds are large
 * enough that subtracting them directly would lose the sub-millisecond digits.
 */
function spanSelfTimes({ first, order }: ChildrenByParent, startTime: number[], duration: number[]): Float64Array {
  const selfTimes = new Float64Array(duration.length);
  for (let parent = 0; parent < duration.length; parent++) {
    const parentStart = startTime[parent];
    const parentDuration = duration[parent];
    let covered = 0;
    let runStart = 0;
    let runEnd = -Infinity;
    for (let i = first[parent]; i < first[parent + 1]; i++) {
      const child = order[i];
      const relativeStart = startTime[child] - parentStart;
      const start = Math.max(relativeStart, 0);
      const end = Math.min(relativeStart + duration[child], parentDuration);
      if (end <= start) {
        continue;
      }
      if (start > runEnd) {
        covered += Math.max(runEnd - runStart, 0);
        runStart = start;
        runEnd = end;
      } else if (end > runEnd) {
        runEnd = end;
      }
    }
    covered += Math.max(runEnd - runStart, 0);
    selfTimes[parent] = Math.max(parentDuration - covered, 0);
  }
  return selfTimes;
}
