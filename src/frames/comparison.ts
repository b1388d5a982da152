/**
 * A compare query's frames: the comparison table (the whole trace first, then one row per
 * service and operation, largest change of self time first) and the diff flame graph.
 */
import { type DataFrame, FieldType } from '@grafana/data';

import { flameGraphRows, type TraceInput } from '../analysis/flamegraph';
import { type ComparisonRow, compareTraces, type TraceComparison, type TraceSummary } from '../analysis/compare';
import { field } from './fields';
import { diffFlameGraphFrame } from './flamegraph';
import { MS } from './statistics';

export const COMPARISON_FRAME_NAME = 'Comparison';
export const WHOLE_TRACE = 'whole trace';

export function comparisonFrames(a: TraceInput, b: TraceInput, refId?: string): [DataFrame, DataFrame] {
  return [comparisonFrame(compareTraces(a, b), refId), diffFlameGraphFrame(flameGraphRows([a, b]), refId)];
}

export function comparisonFrame(comparison: TraceComparison, refId?: string): DataFrame {
  const rows = [traceRow(comparison.a, comparison.b), ...comparison.rows];
  const column = <T>(value: (row: ComparisonRow | TraceRow) => T) => rows.map(value);
  const pair = (name: string, key: 'spans' | 'errors' | 'total' | 'self', unit?: typeof MS) => {
    const config = unit ?? {};
    return [
      field(
        `${name} A${unit ? ' (ms)' : ''}`,
        FieldType.number,
        column((row) => row[key][0]),
        config
      ),
      field(
        `${name} B${unit ? ' (ms)' : ''}`,
        FieldType.number,
        column((row) => row[key][1]),
        config
      ),
      field(
        `Δ ${name.toLowerCase()}${unit ? ' (ms)' : ''}`,
        FieldType.number,
        column((row) => row[key][1] - row[key][0]),
        config
      ),
    ];
  };
  return {
    name: COMPARISON_FRAME_NAME,
    refId,
    length: rows.length,
    fields: [
      field(
        'Service',
        FieldType.string,
        column((row) => row.service)
      ),
      field(
        'Operation',
        FieldType.string,
        column((row) => row.operation)
      ),
      ...pair('Spans', 'spans'),
      ...pair('Total', 'total', MS),
      ...pair('Self', 'self', MS),
      field(
        'Errors A',
        FieldType.number,
        column((row) => row.errors[0])
      ),
      field(
        'Errors B',
        FieldType.number,
        column((row) => row.errors[1])
      ),
      field(
        'Change',
        FieldType.string,
        column((row) => row.change)
      ),
    ],
    meta: { preferredVisualisationType: 'table' },
  };
}

type TraceRow = Omit<ComparisonRow, 'change'> & { change: typeof WHOLE_TRACE };

/** The whole traces: root service and operation (`A → B` where they differ), spans, duration, errors. */
function traceRow(a: TraceSummary, b: TraceSummary): TraceRow {
  const either = (x: string, y: string) => (x === y ? x : `${x} → ${y}`);
  return {
    service: either(a.rootService, b.rootService),
    operation: either(a.rootOperation, b.rootOperation),
    spans: [a.spans, b.spans],
    errors: [a.errors, b.errors],
    total: [a.duration, b.duration],
    self: [a.selfTotal, b.selfTotal],
    change: WHOLE_TRACE,
  };
}
