/**
 * Everything a trace-by-ID query returns for one decoded trace: the trace frame, then the
 * views the data source or the query asks for. Built from the decoded columns only, so every
 * backend and trace file gets the same frames.
 */
import type { DataFrame } from '@grafana/data';

import { flameGraphRows } from '../analysis/flamegraph';
import { timedSpanTree } from '../analysis/self-time';
import { traceStatistics } from '../analysis/statistics';
import { traceView } from '../analysis/trace-view';
import { spanTree } from '../analysis/tree';
import type { DecodedTrace } from '../decode/columns';
import type { ThreadlineOptions, ThreadlineQuery } from '../types';
import { flameGraphFrame } from './flamegraph';
import { nodeGraphFrames } from './node-graph';
import { statisticsFrame, type TraceLinkTarget } from './statistics';
import { traceFrame } from './trace';

/**
 * `query.spanFilter` arrives with its template variables already replaced (datasource.ts).
 * `link`: where the statistics table's links go (without it, the table has none).
 * The trace frame is the view (warnings, filter, span budget); the node graph, statistics and
 * flame graph sum up the whole trace, so neither the filter nor the budget changes them.
 */
export function traceResultFrames(
  trace: DecodedTrace,
  query: ThreadlineQuery,
  options: ThreadlineOptions,
  link?: TraceLinkTarget
): DataFrame[] {
  // Parents and children: built once for the view and every summary below.
  const tree = spanTree(trace.spans);
  const settings = { spanFilter: query.spanFilter, spanBudget: options.traceQuery?.spanBudget, traceId: link?.traceId };
  const view = traceView(trace, settings, tree);
  const frames = [traceFrame(view, query.refId)];
  const views = query.views ?? [];
  if (!options.nodeGraph?.enabled && views.length === 0) {
    return frames;
  }
  const timed = timedSpanTree(trace.spans, tree);
  if (options.nodeGraph?.enabled) {
    frames.push(...nodeGraphFrames(trace.spans, query.refId, timed));
  }
  if (views.includes('statistics')) {
    frames.push(statisticsFrame(traceStatistics(trace.spans, timed), query.refId, link));
  }
  if (views.includes('flamegraph')) {
    frames.push(flameGraphFrame(flameGraphRows([{ spans: trace.spans, tree: timed }]), query.refId));
  }
  return frames;
}
