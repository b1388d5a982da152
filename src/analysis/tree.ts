/**
 * The parent/child structure of a trace, built once from the span columns and shared by every
 * analysis (warnings, reduction, filter, critical path, node graph). Everything is typed arrays
 * indexed by span row: traces reach hundreds of thousands of spans.
 */
import { finishSteps, type SpanColumns } from '../decode/columns';
import { rangeSteps, SPANS_PER_STEP } from './pass-steps';
import { HexIdTable, noteDuplicate } from './hex-id-table';
import { sortByStart } from './sort-by-start';

export const NO_SPAN = -1;

export interface SpanTree {
  /**
   * Each span's parent row, or `NO_SPAN` for a root: a span without a parent, a span whose parent
   * is not in the trace, a span that is its own parent, and a span whose ancestry loops (the loop
   * is cut there, so that the parents always form a forest).
   */
  parents: Int32Array;
  /** Children of span `p` are `order[first[p]]` … `order[first[p + 1] - 1]`, sorted by start time. */
  first: Int32Array;
  order: Int32Array;
  /** Roots, then their children, level by level: every span once, each after its parent. */
  breadthFirst: Int32Array;
  /** Span IDs that more than one span carries, with those spans' rows. Usually empty. */
  duplicateIds: Map<string, number[]>;
  /** Spans whose parent link was cut because it closed a loop. Usually empty. */
  loopCuts: Set<number>;
}

export function spanTree(spans: SpanColumns): SpanTree {
  return finishSteps(spanTreeSteps(spans));
}

/** The same tree, pausing within its passes (see trace-result.ts and pass-steps.ts): each is a loop over every span. */
export function* spanTreeSteps(spans: SpanColumns): Generator<void, SpanTree, void> {
  const duplicateIds = new Map<string, number[]>();
  const parents = yield* parentIndexes(spans, duplicateIds);
  if (duplicateIds.size > 0) {
    yield* preferParentsOfOwnService(spans, parents, duplicateIds);
  }
  yield;
  let children = yield* childrenByParent(parents, spans.startTime);
  yield;
  let breadthFirst = yield* breadthFirstOrder(parents, children);
  const loopCuts = new Set<number>();
  if (breadthFirst.length < parents.length) {
    cutLoops(parents, breadthFirst, loopCuts);
    children = yield* childrenByParent(parents, spans.startTime);
    breadthFirst = yield* breadthFirstOrder(parents, children);
  }
  return { parents, first: children.first, order: children.order, breadthFirst, duplicateIds, loopCuts };
}

/**
 * A parent ID that several spans carry: a child takes the one of its own service if there is one
 * (Zipkin's shared client/server spans: work under the ID is the server's), else the last.
 */
function* preferParentsOfOwnService(
  spans: SpanColumns,
  parents: Int32Array,
  duplicateIds: Map<string, number[]>
): Generator<void, void, void> {
  yield* rangeSteps(parents.length, (from, to) => {
    for (let span = from; span < to; span++) {
      const parentId = spans.parentSpanID[span];
      const candidates = parentId === undefined ? undefined : duplicateIds.get(parentId);
      if (candidates === undefined) {
        continue;
      }
      const sameService = candidates.find(
        (candidate) => candidate !== span && spans.serviceName[candidate] === spans.serviceName[span]
      );
      if (sameService !== undefined) {
        parents[span] = sameService;
      }
    }
  });
}

/** True when the span names a parent that is not in the trace (its subtree is a root of its own). */
export function hasMissingParent(spans: SpanColumns, tree: SpanTree, span: number): boolean {
  const parentId = spans.parentSpanID[span];
  return (
    Boolean(parentId) && tree.parents[span] === NO_SPAN && parentId !== spans.spanID[span] && !tree.loopCuts.has(span)
  );
}

/**
 * True when the span's link to its parent is FOLLOWS_FROM only (Jaeger and OpenTracing data): its
 * references name the parent, each with `refType: 'FOLLOWS_FROM'`. Grafana's `TraceSpanReference`
 * has no `refType`; a decoder of such data keeps it on the reference.
 */
export function followsFromParent(spans: SpanColumns, span: number): boolean {
  const references = spans.references[span] as Array<{ spanID: string; refType?: string }>;
  if (references.length === 0) {
    return false;
  }
  const parentId = spans.parentSpanID[span];
  let followsFrom = false;
  for (let i = 0; i < references.length; i++) {
    if (references[i].spanID === parentId) {
      if (references[i].refType !== 'FOLLOWS_FROM') {
        return false;
      }
      followsFrom = true;
    }
  }
  return followsFrom;
}

/** Spans whose parents never lead to a root sit in a loop: cut each loop at its first span by row. */
function cutLoops(parents: Int32Array, reached: Int32Array, cuts: Set<number>): void {
  const state = new Uint8Array(parents.length); // 1 reached from a root, 2 on the walk in progress
  for (const span of reached) {
    state[span] = 1;
  }
  for (let span = 0; span < parents.length; span++) {
    if (state[span] === 1) {
      continue;
    }
    const walk: number[] = [];
    let at = span;
    while (at !== NO_SPAN && state[at] === 0) {
      state[at] = 2;
      walk.push(at);
      at = parents[at];
    }
    if (at !== NO_SPAN && state[at] === 2) {
      parents[at] = NO_SPAN;
      cuts.add(at);
    }
    for (const visited of walk) {
      state[visited] = 1;
    }
  }
}

function* breadthFirstOrder(
  parents: Int32Array,
  { first, order }: ChildrenByParent
): Generator<void, Int32Array, void> {
  const result = new Int32Array(parents.length);
  let length = 0;
  yield* rangeSteps(parents.length, (from, to) => {
    for (let span = from; span < to; span++) {
      if (parents[span] === NO_SPAN) {
        result[length++] = span;
      }
    }
  });
  // The queue grows while it is read: each range of it adds the children of its spans.
  for (let next = 0; next < length;) {
    yield;
    const end = Math.min(length, next + SPANS_PER_STEP);
    for (; next < end; next++) {
      const parent = result[next];
      for (let i = first[parent]; i < first[parent + 1]; i++) {
        result[length++] = order[i];
      }
    }
  }
  return result.subarray(0, length);
}

/**
 * Span IDs of 16 lowercase hex digits (our decoders') are looked up in a HexIdTable, other IDs in
 * a Map. Where an ID repeats, children attach to the last span that carries it.
 */
function* parentIndexes(spans: SpanColumns, duplicateIds: Map<string, number[]>): Generator<void, Int32Array, void> {
  const byHexId = yield* parentsByHexId(spans.spanID, spans.parentSpanID, duplicateIds);
  if (byHexId) {
    return byHexId;
  }
  duplicateIds.clear();
  const indexById = new Map<string, number>();
  const { spanID, parentSpanID } = spans;
  yield* rangeSteps(spanID.length, (from, to) => {
    for (let span = from; span < to; span++) {
      const id = spanID[span];
      const earlier = indexById.get(id);
      if (earlier !== undefined) {
        noteDuplicate(duplicateIds, id, earlier, span);
      }
      indexById.set(id, span);
    }
  });
  const parents = new Int32Array(spanID.length);
  yield* rangeSteps(spanID.length, (from, to) => {
    for (let span = from; span < to; span++) {
      const parentId = parentSpanID[span];
      const parent = parentId ? indexById.get(parentId) : undefined;
      parents[span] = parent === undefined || parent === span ? NO_SPAN : parent;
    }
  });
  return parents;
}

/** `undefined` when a span ID is not 16 lowercase hex digits. Pauses within its two passes. */
function* parentsByHexId(
  spanIds: string[],
  parentIds: Array<string | undefined>,
  duplicateIds: Map<string, number[]>
): Generator<void, Int32Array | undefined, void> {
  const spanCount = spanIds.length;
  const table = new HexIdTable(spanCount);
  for (let from = 0; from < spanCount; from += SPANS_PER_STEP) {
    if (from > 0) {
      yield;
    }
    if (!table.addSpans(spanIds, from, Math.min(spanCount, from + SPANS_PER_STEP), duplicateIds)) {
      return undefined;
    }
  }
  const parents = new Int32Array(spanCount).fill(NO_SPAN);
  yield* rangeSteps(spanCount, (from, to) => table.findParents(parentIds, parents, from, to));
  return parents;
}

interface ChildrenByParent {
  first: Int32Array;
  order: Int32Array;
}

/** Children grouped by parent with a counting sort, then each group sorted by start time. */
function* childrenByParent(parents: Int32Array, startTime: number[]): Generator<void, ChildrenByParent, void> {
  const spanCount = parents.length;
  const first = new Int32Array(spanCount + 1);
  yield* rangeSteps(spanCount, (from, to) => {
    for (let span = from; span < to; span++) {
      if (parents[span] !== NO_SPAN) {
        first[parents[span] + 1]++;
      }
    }
  });
  for (let parent = 0; parent < spanCount; parent++) {
    first[parent + 1] += first[parent];
  }
  const order = new Int32Array(first[spanCount]);
  const next = first.slice(0, spanCount);
  yield* rangeSteps(spanCount, (from, to) => {
    for (let span = from; span < to; span++) {
      if (parents[span] !== NO_SPAN) {
        order[next[parents[span]]++] = span;
      }
    }
  });
  // Steps of about SPANS_PER_STEP children each: a hub's thousands of children are one sort.
  let sortedUpTo = 0;
  for (let parent = 0; parent < spanCount; parent++) {
    sortByStart(order, first[parent], first[parent + 1], startTime);
    if (first[parent + 1] - sortedUpTo >= SPANS_PER_STEP) {
      sortedUpTo = first[parent + 1];
      yield;
    }
  }
  return { first, order };
}

/**
 * Self time of each span: its duration minus the union of its children's intervals, clipped to
 * the span. Intervals are taken relative to the parent's start: epoch milliseconds are large
 * enough that subtracting them directly would lose the sub-millisecond digits.
 */
export function spanSelfTimes({ first, order }: SpanTree, startTime: number[], duration: number[]): Float64Array {
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
