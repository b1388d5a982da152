/**
 * The trace views at one size: statistics, flame graph and comparison frames built from the
 * decoded columns (parents, children and self times included), each timed round-robin with
 * the protobuf decode of the same trace. Comparison compares the trace with a second synthetic
 * trace of the same size (another seed), against decoding both. See bench/README.md.
 */
import { timedSpanTree } from '../src/analysis/self-time';
import { flameGraphRows } from '../src/analysis/flamegraph';
import { traceStatistics } from '../src/analysis/statistics';
import { decodeOtlpProto } from '../src/decode/otlp-proto';
import { comparisonFrames } from '../src/frames/comparison';
import { flameGraphFrame } from '../src/frames/flamegraph';
import { statisticsFrame } from '../src/frames/statistics';
import { encodeTempoProto } from './encode';
import { Repetitions, round3, timeRoundRobin, Timing } from './measure';
import type { TargetResult } from './report';
import { generateTrace } from './synthetic-trace';

/** Goal of the trace views issue: each view at most this fraction of the decode. */
export const VIEWS_LIMIT = 0.25;
/** "At most a few thousand rows, whatever the span count." */
export const FLAME_GRAPH_ROWS_LIMIT = 5000;

export interface ViewsResult {
  spans: number;
  timings: Record<'decode' | 'decodeBoth' | 'statistics' | 'flameGraph' | 'comparison', Timing>;
  /** Each view's median over the decode's (the comparison's over decoding both traces). */
  ratios: { statistics: number; flameGraph: number; comparison: number };
  flameGraphRows: number;
  diffFlameGraphRows: number;
  statisticsRows: number;
}

export function measureViews(
  protobuf: Uint8Array,
  spanCount: number,
  seed: number,
  repetitions: Repetitions
): ViewsResult {
  const other = encodeTempoProto(generateTrace(spanCount, seed + 1));
  const { spans } = decodeOtlpProto(protobuf, 'v2');
  const { spans: otherSpans } = decodeOtlpProto(other, 'v2');
  const statistics = () => statisticsFrame(traceStatistics(spans, timedSpanTree(spans)), 'A');
  const flameGraph = () => flameGraphFrame(flameGraphRows([{ spans, tree: timedSpanTree(spans) }]), 'A');
  const comparison = () =>
    comparisonFrames({ spans, tree: timedSpanTree(spans) }, { spans: otherSpans, tree: timedSpanTree(otherSpans) }, 'A');
  const timings = timeRoundRobin(
    {
      decode: () => decodeOtlpProto(protobuf, 'v2'),
      decodeBoth: () => [decodeOtlpProto(protobuf, 'v2'), decodeOtlpProto(other, 'v2')],
      statistics,
      flameGraph,
      comparison,
    },
    repetitions
  );
  const over = (view: Timing, floor: Timing) => round3(view.medianMs / floor.medianMs);
  return {
    spans: spanCount,
    timings,
    ratios: {
      statistics: over(timings.statistics, timings.decode),
      flameGraph: over(timings.flameGraph, timings.decode),
      comparison: over(timings.comparison, timings.decodeBoth),
    },
    flameGraphRows: flameGraph().length,
    diffFlameGraphRows: comparison()[1].length,
    statisticsRows: statistics().length,
  };
}

export function viewsTargets(views: ViewsResult[]): TargetResult[] {
  return views.flatMap(({ spans, ratios, flameGraphRows: rows }) => {
    const label = `${spans / 1000}k`;
    const ratio = (name: string, value: number) => ({
      target: `${label}: ${name} / protobuf decode`,
      limit: VIEWS_LIMIT,
      value,
      met: value <= VIEWS_LIMIT,
    });
    return [
      ratio('statistics', ratios.statistics),
      ratio('flame graph', ratios.flameGraph),
      ratio('comparison (2 traces)', ratios.comparison),
      {
        target: `${label}: flame graph rows`,
        limit: FLAME_GRAPH_ROWS_LIMIT,
        value: rows,
        met: rows <= FLAME_GRAPH_ROWS_LIMIT,
      },
    ];
  });
}

export function viewsLines(views: ViewsResult[]): string[] {
  if (!views.length) {
    return [];
  }
  const widths = [30, 10, 10];
  const line = (cells: Array<string | number>) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(10))).join('  ');
  const each = (label: string, cell: (view: ViewsResult) => string) => line([label, ...views.map(cell)]);
  return [
    '',
    line(['trace views (ms; × decode)', ...views.map((view) => `${view.spans / 1000}k spans`)]),
    each('protobuf decode', (v) => v.timings.decode.medianMs.toFixed(1)),
    each('statistics', (v) => v.timings.statistics.medianMs.toFixed(1)),
    each('  × decode', (v) => v.ratios.statistics.toFixed(3)),
    each('flame graph', (v) => v.timings.flameGraph.medianMs.toFixed(1)),
    each('  × decode', (v) => v.ratios.flameGraph.toFixed(3)),
    each('comparison (2 traces)', (v) => v.timings.comparison.medianMs.toFixed(1)),
    each('  × decoding both', (v) => v.ratios.comparison.toFixed(3)),
    each('flame graph rows', (v) => String(v.flameGraphRows)),
    each('diff flame graph rows', (v) => String(v.diffFlameGraphRows)),
    each('statistics rows', (v) => String(v.statisticsRows)),
  ];
}
