/**
 * Self time: the time a span spends outside its children (`spanSelfTimes` in tree.ts). The node
 * graph, the statistics table and the flame graph all read it from one `TimedSpanTree`, so they
 * agree with each other (and with Jaeger UI's Trace Statistics, see statistics.test.ts).
 */
import type { SpanColumns } from '../decode/columns';
import { spanSelfTimes, spanTree, type SpanTree } from './tree';

/** The trace's tree with every span's self time, computed once and shared by the trace's views. */
export interface TimedSpanTree extends SpanTree {
  /** Milliseconds, per span. */
  selfTimes: Float64Array;
}

export function timedSpanTree(spans: SpanColumns, tree: SpanTree = spanTree(spans)): TimedSpanTree {
  return { ...tree, selfTimes: spanSelfTimes(tree, spans.startTime, spans.duration) };
}
