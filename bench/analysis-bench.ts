/**
 * Huge-trace analysis beside the decoding it follows: warnings, reduction to the span budget and
 * the span filter, each timed round-robin with decoding the same trace (Tempo protobuf) and given
 * as a ratio to it (goal: each ≤ 0.3 ×), and the peak heap of opening a 500k-span trace reduced.
 * Each analysis is timed with the span tree it needs, as if it ran alone.
 */
import { compileSpanFilter } from '../src/traceql/evaluate';
import { filterSpans } from '../src/analysis/filter';
import { reduceTrace } from '../src/analysis/reduce';
import { traceView } from '../src/analysis/trace-view';
import { spanTree } from '../src/analysis/tree';
import { traceWarnings } from '../src/analysis/warnings';
import { decodeOtlpProto } from '../src/decode/otlp-proto';
import { traceFrame } from '../src/frames/trace';
import { DEFAULT_SPAN_BUDGET } from '../src/types';
import { HeapUse, measureHeap, Repetitions, round3, timeRoundRobin, Timing } from './measure';

/** A filter on a resource attribute and an intrinsic, as the README's example. */
export const BENCH_FILTER = '{ resource.service.name = "payments" && duration > 50ms }';
export const ANALYSIS_GOAL = 0.3;

type Candidate = 'decode' | 'warnings' | 'reduction' | 'filter' | 'traceView';

export interface AnalysisResult {
  spans: number;
  budget: number;
  filter: string;
  timings: Record<Candidate, Timing>;
  /** Each median over the median of decoding the same protobuf body. */
  ratios: {
    warningsOverDecode: number;
    reductionOverDecode: number;
    filterOverDecode: number;
    traceViewOverDecode: number;
  };
  /** Rows of the reduced frame, and of the filtered one. */
  rows: { reduced: number; filtered: number };
  /** Protobuf body → reduced trace frame, at the largest size only. */
  heap?: { bodyToReducedFrame: HeapUse };
}

export function measureAnalysis(
  protobuf: Uint8Array,
  spans: number,
  repetitions: Repetitions,
  heap: boolean
): AnalysisResult {
  const decoded = decodeOtlpProto(protobuf, 'v2');
  const columns = decoded.spans;
  const timings = timeRoundRobin<Candidate>(
    {
      decode: () => decodeOtlpProto(protobuf, 'v2'),
      warnings: () => traceWarnings(columns, spanTree(columns)),
      reduction: () => reduceTrace(columns, spanTree(columns), DEFAULT_SPAN_BUDGET),
      filter: () => filterSpans(spanTree(columns), compileSpanFilter(BENCH_FILTER, columns)),
      // All of it, as the data source runs it: warnings, then the budget, with the reduced columns.
      traceView: () => traceView(decoded, { spanBudget: DEFAULT_SPAN_BUDGET }),
    },
    repetitions
  );
  const over = (name: Candidate) => round3(timings[name].medianMs / timings.decode.medianMs);
  const result: AnalysisResult = {
    spans,
    budget: DEFAULT_SPAN_BUDGET,
    filter: BENCH_FILTER,
    timings,
    ratios: {
      warningsOverDecode: over('warnings'),
      reductionOverDecode: over('reduction'),
      filterOverDecode: over('filter'),
      traceViewOverDecode: over('traceView'),
    },
    rows: {
      reduced: traceView(decoded, { spanBudget: DEFAULT_SPAN_BUDGET }).spans.spanID.length,
      filtered: traceView(decoded, { spanFilter: BENCH_FILTER, spanBudget: 0 }).spans.spanID.length,
    },
  };
  if (heap) {
    result.heap = {
      bodyToReducedFrame: measureHeap(() => traceFrame(traceView(decodeOtlpProto(protobuf, 'v2'), {}), 'A')),
    };
  }
  return result;
}

/** The table's lines for the analysis, one column per measured size. */
export function analysisLines(results: AnalysisResult[]): string[] {
  if (results.length === 0) {
    return [];
  }
  const widths = [30, 10, 10];
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[1]))).join('  ');
  const each = (label: string, cell: (result: AnalysisResult) => string) => line([label, ...results.map(cell)]);
  const ms = (name: Candidate) => (result: AnalysisResult) => result.timings[name].medianMs.toFixed(1);
  const MB = 2 ** 20;
  return [
    '',
    line([`analysis (budget ${DEFAULT_SPAN_BUDGET})`, ...results.map((result) => `${result.spans / 1000}k spans`)]),
    each('decode (protobuf)', ms('decode')),
    each('warnings', ms('warnings')),
    each('  × decode', (r) => r.ratios.warningsOverDecode.toFixed(2)),
    each('reduction', ms('reduction')),
    each('  × decode', (r) => r.ratios.reductionOverDecode.toFixed(2)),
    each('filter', ms('filter')),
    each('  × decode', (r) => r.ratios.filterOverDecode.toFixed(2)),
    each('trace view (warnings+budget)', ms('traceView')),
    each('  × decode', (r) => r.ratios.traceViewOverDecode.toFixed(2)),
    each('rows: reduced / filtered', (r) => `${r.rows.reduced}/${r.rows.filtered}`),
    each('peak heap MB: body → reduced', (r) => (r.heap ? (r.heap.bodyToReducedFrame.peakBytes / MB).toFixed(0) : '-')),
  ];
}

/** Targets: each analysis ≤ 0.3 × decode at 100k and 500k spans. */
export function analysisTargets(results: AnalysisResult[]) {
  return results
    .filter((result) => result.spans >= 100_000)
    .flatMap((result) => {
      const label = `${result.spans / 1000}k`;
      return (
        [
          ['warnings', result.ratios.warningsOverDecode],
          ['reduction', result.ratios.reductionOverDecode],
          ['filter', result.ratios.filterOverDecode],
        ] as const
      ).map(([name, value]) => ({
        target: `${label}: ${name} / decode`,
        limit: ANALYSIS_GOAL,
        value,
        met: value <= ANALYSIS_GOAL,
      }));
    });
}
