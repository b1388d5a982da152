/**
 * The critical path: the chain of work that sets when the trace ends, by the rules of Jaeger
 * UI's and Grafana's trace view (`computeCriticalPath`). From a root, go to the child that
 * finishes last; from a span with no such child, go back to its parent and on to the child that
 * finished last before that span started. Children are first clipped to their parent's (clipped)
 * interval; a child wholly outside it, with its subtree, and a FOLLOWS_FROM child do not count.
 * A span is on the path when it holds a section of non-zero length.
 *
 * Written from that contract on the tree's typed arrays, iteratively: traces reach hundreds of
 * thousands of spans and chains thousands of levels.
 */
import { finishSteps, type SpanColumns } from '../decode/columns';
import { rangeSteps } from './pass-steps';
import { followsFromParent, NO_SPAN, type SpanTree } from './tree';

/** Spans on the critical path of each root's tree, in the order the walk meets them. */
export function criticalPathSpans(spans: SpanColumns, tree: SpanTree): number[] {
  return finishSteps(criticalPathSpansSteps(spans, tree));
}

/** The same path, pausing between ranges of spans while it clips their intervals (pass-steps.ts). */
export function* criticalPathSpansSteps(spans: SpanColumns, tree: SpanTree): Generator<void, number[], void> {
  const { start, end, blocking } = yield* clippedIntervals(spans, tree);
  yield;
  const onPath = new Uint8Array(tree.parents.length);
  const path: number[] = [];
  const mark = (span: number, sectionStart: number, sectionEnd: number) => {
    if (sectionStart !== sectionEnd && !onPath[span]) {
      onPath[span] = 1;
      path.push(span);
    }
  };
  // Per visited span, its blocking children by end time, latest first, and how far the walk got.
  const candidates = new Map<number, { children: number[]; next: number }>();
  const candidatesOf = (span: number) => {
    let entry = candidates.get(span);
    if (!entry) {
      const children: number[] = [];
      for (let i = tree.first[span]; i < tree.first[span + 1]; i++) {
        if (blocking[tree.order[i]]) {
          children.push(tree.order[i]);
        }
      }
      entry = { children: children.sort((a, b) => end[b] - end[a]), next: 0 };
      candidates.set(span, entry);
    }
    return entry;
  };

  const { breadthFirst } = tree;
  for (let i = 0; i < breadthFirst.length; i++) {
    const root = breadthFirst[i];
    if (tree.parents[root] !== NO_SPAN) {
      break;
    }
    let span = root;
    let returning: number | undefined;
    for (;;) {
      const entry = candidatesOf(span);
      // Thresholds only fall while the walk stays under one span, so the scan never goes back.
      while (
        returning !== undefined &&
        entry.next < entry.children.length &&
        end[entry.children[entry.next]] >= returning
      ) {
        entry.next++;
      }
      const sectionEnd = returning ?? end[span];
      if (entry.next < entry.children.length) {
        const lastFinishing = entry.children[entry.next++];
        mark(span, end[lastFinishing], sectionEnd);
        span = lastFinishing;
        returning = undefined;
        continue;
      }
      mark(span, start[span], sectionEnd);
      if (span === root) {
        break;
      }
      returning = start[span];
      span = tree.parents[span];
    }
  }
  return path;
}

/**
 * Each span's interval clipped to its parent's, relative to the earliest start (epoch
 * milliseconds lose sub-millisecond digits in differences of large values), and whether it
 * counts for the path at all.
 */
function* clippedIntervals(spans: SpanColumns, tree: SpanTree) {
  const count = tree.parents.length;
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const blocking = new Uint8Array(count);
  let origin = Infinity;
  for (let span = 0; span < count; span++) {
    origin = Math.min(origin, spans.startTime[span]);
  }
  const { breadthFirst } = tree;
  yield* rangeSteps(breadthFirst.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const span = breadthFirst[i];
      const ownStart = spans.startTime[span] - origin;
      const ownEnd = ownStart + Math.max(spans.duration[span], 0);
      const parent = tree.parents[span];
      if (parent === NO_SPAN) {
        start[span] = ownStart;
        end[span] = ownEnd;
        blocking[span] = 1;
        continue;
      }
      if (!blocking[parent] || followsFromParent(spans, span) || ownStart >= end[parent] || ownEnd <= start[parent]) {
        continue;
      }
      start[span] = Math.max(ownStart, start[parent]);
      end[span] = Math.min(ownEnd, end[parent]);
      blocking[span] = 1;
    }
  });
  return { start, end, blocking };
}
