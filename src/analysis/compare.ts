/**
 * Two traces side by side: each trace's summary, and per (service, operation) present in
 * either trace its spans, total and self time in A and in B. Differences are B − A.
 */
import { STATUS_CODE_ERROR } from '../decode/columns';
import type { TraceInput } from './flamegraph';
import { NO_SPAN } from './tree';
import { compareText, operationKey, type OperationStatistics, traceStatistics } from './statistics';

export interface TraceSummary {
  rootService: string;
  rootOperation: string;
  spans: number;
  /** Milliseconds from the first span's start to the last span's end. */
  duration: number;
  errors: number;
  /** Sum of the spans' self times, milliseconds. */
  selfTotal: number;
}

export type Change = 'only in A' | 'only in B' | '';

export interface ComparisonRow {
  service: string;
  operation: string;
  spans: [number, number];
  errors: [number, number];
  total: [number, number];
  self: [number, number];
  change: Change;
}

export interface TraceComparison {
  a: TraceSummary;
  b: TraceSummary;
  /** Sorted by |Δ self| (largest first), then by service and operation. */
  rows: ComparisonRow[];
}

export function compareTraces(a: TraceInput, b: TraceInput): TraceComparison {
  const statisticsA = traceStatistics(a.spans, a.tree);
  const statisticsB = traceStatistics(b.spans, b.tree);
  const rows = new Map<string, ComparisonRow>();
  const add = (side: 0 | 1, stats: OperationStatistics) => {
    const key = operationKey(stats);
    let row = rows.get(key);
    if (!row) {
      row = {
        service: stats.service,
        operation: stats.operation,
        spans: [0, 0],
        errors: [0, 0],
        total: [0, 0],
        self: [0, 0],
        change: side === 0 ? 'only in A' : 'only in B',
      };
      rows.set(key, row);
    } else {
      row.change = '';
    }
    row.spans[side] = stats.spans;
    row.errors[side] = stats.errors;
    row.total[side] = stats.total;
    row.self[side] = stats.selfTotal;
  };
  statisticsA.rows.forEach((stats) => add(0, stats));
  statisticsB.rows.forEach((stats) => add(1, stats));
  const sorted = [...rows.values()].sort(
    (x, y) =>
      Math.abs(y.self[1] - y.self[0]) - Math.abs(x.self[1] - x.self[0]) ||
      compareText(x.service, y.service) ||
      compareText(x.operation, y.operation)
  );
  return {
    a: summaryOf(a, statisticsA.selfTotal),
    b: summaryOf(b, statisticsB.selfTotal),
    rows: sorted,
  };
}

/** The root is the earliest root span (a span without a parent in the trace). */
function summaryOf({ spans, tree }: TraceInput, selfTotal: number): TraceSummary {
  const { startTime, duration, statusCode } = spans;
  let root = -1;
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  for (let span = 0; span < startTime.length; span++) {
    start = Math.min(start, startTime[span]);
    end = Math.max(end, startTime[span] + duration[span]);
    if (statusCode[span] === STATUS_CODE_ERROR) {
      errors++;
    }
    if (tree.parents[span] === NO_SPAN && (root === -1 || startTime[span] < startTime[root])) {
      root = span;
    }
  }
  // Every span has a parent only when duplicate IDs make a cycle: take the earliest span.
  if (root === -1 && startTime.length > 0) {
    root = startTime.indexOf(start);
  }
  return {
    rootService: root === -1 ? '' : spans.serviceName[root],
    rootOperation: root === -1 ? '' : spans.operationName[root],
    spans: startTime.length,
    duration: startTime.length ? end - start : 0,
    errors,
    selfTotal,
  };
}
