/**
 * Everything a trace-by-ID query returns for one decoded trace: the trace frame, then the
 * views the data source or the query asks for. Built from the decoded columns only, so every
 * backend and trace file gets the same frames.
 */
import type { DataFrame } from '@grafana/data';

import { traceView } from '../analysis/trace-view';
import type { DecodedTrace } from '../decode/columns';
import type { ThreadlineOptions, ThreadlineQuery } from '../types';
import { nodeGraphFrames } from './node-graph';
import { traceFrame } from './trace';

/** `query.spanFilter` arrives with its template variables already replaced (datasource.ts). */
export function traceResultFrames(
  trace: DecodedTrace,
  query: ThreadlineQuery,
  options: ThreadlineOptions
): DataFrame[] {
  // Warnings, then the span filter, then the span budget (analysis/trace-view.ts).
  const view = traceView(trace, { spanFilter: query.spanFilter, spanBudget: options.traceQuery?.spanBudget });
  const frames = [traceFrame(view, query.refId)];
  if (options.nodeGraph?.enabled) {
    frames.push(...nodeGraphFrames(trace.spans, query.refId));
  }
  return frames;
}
