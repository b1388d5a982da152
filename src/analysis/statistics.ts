/**
 * Per (service, operation) statistics of one trace, as Jaeger UI's Trace Statistics shows them:
 * span and error counts, total / min / max duration, and self time (`self-time.ts`).
 */
import { STATUS_CODE_ERROR, type SpanColumns } from '../decode/columns';
import type { TimedSpanTree } from './self-time';

export interface OperationStatistics {
  service: string;
  operation: string;
  spans: number;
  errors: number;
  /** Milliseconds, summed over the spans. */
  total: number;
  min: number;
  max: number;
  selfTotal: number;
}

export interface TraceStatistics {
  /** Sorted by `selfTotal`, largest first; ties by service, then operation. */
  rows: OperationStatistics[];
  /** Sum of all spans' self times: the trace's covered time when spans do not overlap. */
  selfTotal: number;
}

export function traceStatistics(spans: SpanColumns, { selfTimes }: TimedSpanTree): TraceStatistics {
  const rows: OperationStatistics[] = [];
  const rowsByService = new Map<string, Map<string, OperationStatistics>>();
  // Spans of one resource share one service string: look the service up only when it changes.
  let lastService: string | undefined;
  let operations = new Map<string, OperationStatistics>();
  let selfTotal = 0;
  for (let span = 0; span < spans.spanID.length; span++) {
    const service = spans.serviceName[span];
    if (service !== lastService) {
      lastService = service;
      operations = rowsByService.get(service) ?? new Map();
      rowsByService.set(service, operations);
    }
    const operation = spans.operationName[span];
    let row = operations.get(operation);
    if (!row) {
      row = { service, operation, spans: 0, errors: 0, total: 0, min: Infinity, max: -Infinity, selfTotal: 0 };
      operations.set(operation, row);
      rows.push(row);
    }
    const duration = spans.duration[span];
    row.spans++;
    row.total += duration;
    row.min = Math.min(row.min, duration);
    row.max = Math.max(row.max, duration);
    row.selfTotal += selfTimes[span];
    selfTotal += selfTimes[span];
    if (spans.statusCode[span] === STATUS_CODE_ERROR) {
      row.errors++;
    }
  }
  rows.sort(
    (a, b) => b.selfTotal - a.selfTotal || compareText(a.service, b.service) || compareText(a.operation, b.operation)
  );
  return { rows, selfTotal };
}

/** Code-point order, the same in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key of a (service, operation) pair, for matching rows across traces. */
export function operationKey(row: Pick<OperationStatistics, 'service' | 'operation'>): string {
  return `${row.service}\u0000${row.operation}`;
}
