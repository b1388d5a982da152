/**
 * Everything a trace-by-ID query returns for one decoded trace: the trace frame, then the
 * views the data source or the query asks for. Built from the decoded columns only, so every
 * backend and trace file gets the same frames.
 */
import type { DataFrame } from '@grafana/data';

import { flameGraphRows } from '../analysis/flamegraph';
import { type SpanTree, spanTree } from '../analysis/self-time';
import { traceStatistics } from '../analysis/statistics';
import type { DecodedTrace } from '../decode/columns';
import type { ThreadlineOptions, ThreadlineQuery } from '../types';
import { flameGraphFrame } from './flamegraph';
import { nodeGraphFrames } from './node-graph';
import { statisticsFrame, type TraceLinkTarget } from './statistics';
import { traceFrame } from './trace';

/** `link`: where the statistics table's links go (without it, the table has none). */
export function traceResultFrames(
  trace: DecodedTrace,
  query: ThreadlineQuery,
  options: ThreadlineOptions,
  link?: TraceLinkTarget
): DataFrame[] {
  const frames = [traceFrame(trace, query.refId)];
  // Parents, children and self times: computed once for all the views that need them.
  let tree: SpanTree | undefined;
  const sharedTree = () => (tree ??= spanTree(trace.spans));
  if (options.nodeGraph?.enabled) {
    frames.push(...nodeGraphFrames(trace.spans, query.refId, sharedTree()));
  }
  const views = query.views ?? [];
  if (views.includes('statistics')) {
    frames.push(statisticsFrame(traceStatistics(trace.spans, sharedTree()), query.refId, link));
  }
  if (views.includes('flamegraph')) {
    frames.push(flameGraphFrame(flameGraphRows([{ spans: trace.spans, tree: sharedTree() }]), query.refId));
  }
  return frames;
}
