/**
 * Everything a trace-by-ID query returns for one decoded trace: the trace frame, then the
 * views the data source or the query asks for. Built from the decoded columns only, so every
 * backend and trace file gets the same frames.
 */
import type { DataFrame } from '@grafana/data';

import { flameGraphRows } from '../analysis/flamegraph';
import { timedSpanTree } from '../analysis/self-time';
import { traceStatistics } from '../analysis/statistics';
import { traceViewSteps } from '../analysis/trace-view';
import { spanTreeSteps } from '../analysis/tree';
import { type ChunkedDecodeOptions, runChunked } from '../decode/chunked';
import { type DecodedTrace, finishSteps } from '../decode/columns';
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
  return finishSteps(traceResultSteps(trace, query, options, link));
}

/**
 * The same frames, giving the page back control between the passes over the spans (tree,
 * warnings, reduction, …) once a slice of work has taken `DEFAULT_SLICE_MS` (chunked.ts): at
 * 500k spans they take a second together. A small trace runs in one slice, without a pause.
 * Aborting `slices.signal` stops at the next pause.
 */
export function traceFramesSliced(
  trace: DecodedTrace,
  query: ThreadlineQuery,
  options: ThreadlineOptions,
  link?: TraceLinkTarget,
  slices: Pick<ChunkedDecodeOptions, 'signal' | 'sliceMs' | 'yieldFn'> = {}
): Promise<DataFrame[]> {
  return runChunked(() => traceResultSteps(trace, query, options, link), slices);
}

function* traceResultSteps(
  trace: DecodedTrace,
  query: ThreadlineQuery,
  options: ThreadlineOptions,
  link?: TraceLinkTarget
): Generator<void, DataFrame[], void> {
  // Parents and children: built once for the view and every summary below.
  const tree = yield* spanTreeSteps(trace.spans);
  const settings = { spanFilter: query.spanFilter, spanBudget: options.traceQuery?.spanBudget, traceId: link?.traceId };
  const view = yield* traceViewSteps(trace, settings, tree);
  yield;
  const frames = [traceFrame(view, query.refId)];
  const views = query.views ?? [];
  if (!options.nodeGraph?.enabled && views.length === 0) {
    return frames;
  }
  yield;
  const timed = timedSpanTree(trace.spans, tree);
  if (options.nodeGraph?.enabled) {
    yield;
    frames.push(...nodeGraphFrames(trace.spans, query.refId, timed));
  }
  if (views.includes('statistics')) {
    yield;
    frames.push(statisticsFrame(traceStatistics(trace.spans, timed), query.refId, link));
  }
  if (views.includes('flamegraph')) {
    yield;
    frames.push(flameGraphFrame(flameGraphRows([{ spans: trace.spans, tree: timed }]), query.refId));
  }
  return frames;
}
