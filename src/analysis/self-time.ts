/**
 * Self time: the time a span spends outside its children. Shared by the node graph, the
 * statistics table and the flame graph, so they all agree (and agree with Jaeger UI's Trace
 * Statistics, see statistics.test.ts).
 */
import type { SpanColumns } from '../decode/columns';
import { type ChildrenByParent, childrenByParent, parentIndexes } from './span-tree';

/** What the trace views compute from the columns once and share. */
export interface SpanTree {
  /** Each span's parent index, or `NO_SPAN`. */
  parents: Int32Array;
  children: ChildrenByParent;
  /** Milliseconds, per span. */
  selfTimes: Float64Array;
}

export function spanTree(spans: SpanColumns): SpanTree {
  const parents = parentIndexes(spans);
  const children = childrenByParent(parents, spans.startTime);
  return { parents, children, selfTimes: spanSelfTimes(children, spans.startTime, spans.duration) };
}

/**
 * Self time of each span: its duration minus the union of its children's intervals, clipped to
 * the span. Intervals are taken relative to the parent's start: epoch milliseconds are large
 * enough that subtracting them directly would lose the sub-millisecond digits.
 */
export function spanSelfTimes(
  { first, order }: ChildrenByParent,
  startTime: number[],
  duration: number[]
): Float64Array {
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
