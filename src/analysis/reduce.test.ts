/**
 * The reduction on generated traces of 300k spans (bench/synthetic-trace.ts: deep chains, hubs
 * with huge fan-outs, ~12 services), through `traceView`, as the trace frame gets it.
 */
import { generateTrace } from '../../bench/synthetic-trace';
import { columnsFromSynthetic, columnsOf } from '../../tests/support/span-columns';
import { type SpanColumns, STATUS_CODE_ERROR } from '../decode/columns';
import { criticalPathSpans } from './critical-path';
import { traceView } from './trace-view';
import { spanTree } from './tree';

const SPANS = 300_000;
const BUDGET = 20_000;
const DEEP = 30;

function depths(spans: SpanColumns): number[] {
  const rowById = new Map(spans.spanID.map((id, row) => [id, row]));
  const depth: number[] = new Array(spans.spanID.length).fill(-1);
  const depthOf = (row: number): number => {
    if (depth[row] < 0) {
      const parent = rowById.get(spans.parentSpanID[row] ?? '');
      depth[row] = parent === undefined ? 0 : depthOf(parent) + 1;
    }
    return depth[row];
  };
  spans.spanID.forEach((_, row) => depthOf(row));
  return depth;
}

const folded = (spans: SpanColumns, row: number, key: string) =>
  spans.tags[row].find((tag) => tag.key === key)?.value as number | undefined;

/** What must hold of any reduced trace: the budget, a connected tree, and every span accounted for. */
function expectSoundReduction(original: SpanColumns, reduced: SpanColumns) {
  const rows = reduced.spanID.length;
  expect(rows).toBeLessThanOrEqual(BUDGET);
  const ids = new Set(reduced.spanID);
  expect(ids.size).toBe(rows);
  const orphans = reduced.parentSpanID.filter((parent) => parent !== undefined && !ids.has(parent));
  expect(orphans).toEqual([]);

  const originalIds = new Set(original.spanID);
  let keptSpans = 0;
  let foldedSpans = 0;
  const summaryKeys = new Set<string>();
  for (let row = 0; row < rows; row++) {
    const count = folded(reduced, row, 'threadline.folded.count');
    if (count === undefined) {
      expect(originalIds.has(reduced.spanID[row])).toBe(true);
      keptSpans++;
      continue;
    }
    foldedSpans += count;
    const [, operation, tops] = /^(.*) ×([\d,]+)$/.exec(reduced.operationName[row])!;
    expect(Number(tops.replace(/,/g, ''))).toBeGreaterThan(0);
    const key = `${reduced.parentSpanID[row]}|${reduced.serviceName[row]}|${operation}`;
    expect(summaryKeys.has(key)).toBe(false);
    summaryKeys.add(key);
  }
  expect(summaryKeys.size).toBeGreaterThan(0);
  expect(keptSpans + foldedSpans).toBe(original.spanID.length);
}

describe(`a ${SPANS.toLocaleString('en-US')}-span trace over a budget of ${BUDGET.toLocaleString('en-US')}`, () => {
  const generated = columnsFromSynthetic(generateTrace(SPANS, 9));

  it('with errors deep in the tree keeps every error span and its ancestors, and the critical path', () => {
    const spans: SpanColumns = { ...generated, statusCode: generated.statusCode.map(() => 0) };
    const depth = depths(spans);
    const deepRows = depth.flatMap((d, row) => (d >= DEEP ? [row] : []));
    const errorRows = deepRows.filter((_, i) => i % Math.ceil(deepRows.length / 150) === 0);
    for (const row of errorRows) {
      spans.statusCode[row] = STATUS_CODE_ERROR;
    }
    expect(errorRows.length).toBeGreaterThan(100);

    const view = traceView({ spans }, { spanBudget: BUDGET });
    expectSoundReduction(spans, view.spans);
    const shown = new Set(view.spans.spanID);
    for (const row of errorRows) {
      const rowById = new Map(spans.spanID.map((id, r) => [id, r]));
      for (let at: number | undefined = row; at !== undefined; at = rowById.get(spans.parentSpanID[at] ?? '')) {
        expect(shown.has(spans.spanID[at])).toBe(true);
      }
    }
    const path = criticalPathSpans(spans, spanTree(spans));
    expect(path.length).toBeGreaterThan(1);
    expect(path.every((row) => shown.has(spans.spanID[row]))).toBe(true);

    const message = `Showing ${view.spans.spanID.length.toLocaleString('en-US')} of 300,000 spans (errors, critical path and the top of the tree); filter the trace to see the rest.`;
    expect(view.notices).toEqual([message]);
    expect(view.partialMessage).toBe(message);
    expect(view.warnings).toHaveLength(view.spans.spanID.length);
  }, 120_000);

  it('with more errors than fit keeps the shallowest, stays in budget, and says how many were left out', () => {
    const view = traceView({ spans: generated }, { spanBudget: BUDGET });
    expectSoundReduction(generated, view.spans);
    const leftOut = /(\d[\d,]*) error spans did not fit/.exec(view.partialMessage ?? '');
    expect(leftOut).not.toBeNull();
    const errorsShown = view.spans.statusCode.filter(
      (code, row) => code === STATUS_CODE_ERROR && folded(view.spans, row, 'threadline.folded.count') === undefined
    ).length;
    const errorsFolded = view.spans.tags.reduce(
      (sum, _, row) => sum + (folded(view.spans, row, 'threadline.folded.errors') ?? 0),
      0
    );
    const errorsInTrace = generated.statusCode.filter((code) => code === STATUS_CODE_ERROR).length;
    expect(errorsShown + errorsFolded).toBe(errorsInTrace);
    expect(errorsFolded).toBe(Number(leftOut![1].replace(/,/g, '')));
  }, 120_000);
});

describe('summary spans', () => {
  it('fold whole subtrees per (kept parent, service, operation), from the earliest start to the latest end', () => {
    const spans = columnsOf([
      { id: '0000000000000001', service: 'front', name: 'GET /', start: 0, duration: 100 },
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `00000000000001${i}0`,
        parent: '0000000000000001',
        service: 'db',
        name: 'SELECT',
        start: 10 + i,
        duration: 5,
        status: i === 5 ? STATUS_CODE_ERROR : 0,
      })),
      { id: '0000000000000111', parent: '0000000000000110', service: 'db', name: 'fetch', start: 11, duration: 1 },
      { id: '0000000000000200', parent: '0000000000000001', service: 'cache', name: 'GET', start: 50, duration: 2 },
    ]);
    const view = traceView({ spans }, { spanBudget: 4 });
    const rows = view.spans.spanID.map((_, row) => ({
      operation: view.spans.operationName[row],
      parent: view.spans.parentSpanID[row],
      start: view.spans.startTime[row] - spans.startTime[0],
      duration: view.spans.duration[row],
      count: folded(view.spans, row, 'threadline.folded.count'),
      totalMs: folded(view.spans, row, 'threadline.folded.total_ms'),
      errors: folded(view.spans, row, 'threadline.folded.errors'),
    }));
    // The root, the error span, the cache call (the critical path, and a summary of one costs
    // the same row), then the other SELECTs, folded with the child of one of them.
    const kept = { count: undefined, totalMs: undefined, errors: undefined };
    expect(rows).toEqual([
      { operation: 'GET /', parent: undefined, start: 0, duration: 100, ...kept },
      { operation: 'SELECT', parent: '0000000000000001', start: 15, duration: 5, ...kept },
      { operation: 'GET', parent: '0000000000000001', start: 50, duration: 2, ...kept },
      { operation: 'SELECT ×5', parent: '0000000000000001', start: 10, duration: 9, count: 6, totalMs: 25, errors: 0 },
    ]);
    expect(view.notices).toEqual([
      'Showing 4 of 9 spans (errors, critical path and the top of the tree); filter the trace to see the rest.',
    ]);
  });

  it('leave a trace within the budget, or with the budget 0, as it is', () => {
    const spans = columnsOf([
      { id: '0000000000000001', start: 0, duration: 10 },
      { id: '0000000000000002', parent: '0000000000000001', start: 1, duration: 2 },
    ]);
    for (const spanBudget of [2, 0]) {
      const view = traceView({ spans }, { spanBudget });
      expect(view.spans).toBe(spans);
      expect(view.notices).toEqual([]);
      expect(view.partialMessage).toBeUndefined();
    }
  });
});
