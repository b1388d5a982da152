// Before @grafana/flamegraph: it gives jsdom a canvas, sizes and ResizeObserver (see the module).
import { installJsdomLayout, type CanvasRecording } from '../../tests/support/jsdom-layout';
import { render, screen, waitFor } from '@testing-library/react';
import path from 'path';
import React from 'react';
import { createTheme, type DataFrame } from '@grafana/data';
import { checkFields, FlameGraph } from '@grafana/flamegraph';

import { columnsOf, readJaegerUiStatisticsTrace, type SpanRow } from '../../tests/support/jaeger-trace';
import { flameGraphRows, type TraceInput } from '../analysis/flamegraph';
import { timedSpanTree } from '../analysis/self-time';
import { diffFlameGraphFrame, flameGraphFrame } from './flamegraph';

// `isDiffFlamegraph` is a method of the package's data container, which its index does not
// export (and its `exports` map hides): load the module by its file.
const { FlameGraphDataContainer } = jest.requireActual(
  path.join(path.dirname(require.resolve('@grafana/flamegraph')), 'FlameGraph/dataTransform.cjs')
);
const isDiffFlamegraph = (frame: DataFrame): boolean =>
  new FlameGraphDataContainer(frame, { collapsing: true }).isDiffFlamegraph();

const input = (rows: SpanRow[]): TraceInput => {
  const spans = columnsOf(rows);
  return { spans, tree: timedSpanTree(spans) };
};
const TRACE_A = input([
  ['a', undefined, 'web', 'GET /orders', 0, 100],
  ['b', 'a', 'orders', 'list', 5, 80],
  ['c', 'b', 'db', 'SELECT orders', 10, 30],
  ['d', 'b', 'cache', 'get', 50, 5],
]);
const TRACE_B = input([
  ['a', undefined, 'web', 'GET /orders', 0, 160],
  ['b', 'a', 'orders', 'list', 5, 150],
  ['c', 'b', 'db', 'SELECT orders', 10, 120],
  ['e', 'b', 'payments', 'authorize', 135, 10],
]);

let layout: CanvasRecording;
beforeEach(() => {
  layout = installJsdomLayout();
});
afterEach(() => layout.restore());

describe('the flame graph frame, read by @grafana/flamegraph', () => {
  it('has the fields Grafana’s flame graph needs, in ms, and is not a diff', () => {
    const frame = flameGraphFrame(flameGraphRows([TRACE_A]), 'A');
    expect(checkFields(frame)).toBeUndefined();
    expect(isDiffFlamegraph(frame)).toBe(false);
    expect(frame).toMatchObject({
      name: 'Flame graph',
      refId: 'A',
      meta: { preferredVisualisationType: 'flamegraph' },
    });
    expect(frame.fields.map((f) => [f.name, f.config.unit])).toEqual([
      ['level', undefined],
      ['value', 'ms'],
      ['self', 'ms'],
      ['label', undefined],
    ]);
  });

  it('is drawn by FlameGraph: every label on the canvas and in its top table', async () => {
    const frame = flameGraphFrame(flameGraphRows([TRACE_A]));
    render(<FlameGraph data={frame} getTheme={() => createTheme()} disableCollapsing />);
    const labels = ['web: GET /orders', 'orders: list', 'db: SELECT orders', 'cache: get'];
    for (const label of labels) {
      expect(await screen.findByText(label)).toBeInTheDocument();
    }
    await waitFor(() => expect(layout.texts).toContain('total (0.100 ms)'));
    expect(layout.texts).toEqual(expect.arrayContaining(['db: SELECT orders (0.0300 ms)']));
  });

  it('draws a Jaeger UI test trace', async () => {
    const spans = readJaegerUiStatisticsTrace('spanAmongEachOtherGroupedAndSpans.json');
    const frame = flameGraphFrame(flameGraphRows([{ spans, tree: timedSpanTree(spans) }]));
    render(<FlameGraph data={frame} getTheme={() => createTheme()} disableCollapsing />);
    expect(await screen.findByText('customers-service: HikariProxyPreparedStatement.executeQuery')).toBeInTheDocument();
    // Twelve queries under GET /owners, merged into one node.
    expect(frame.fields.find((f) => f.name === 'label')!.values).toEqual([
      'total',
      'api-gateway: GET /api/customer/owners',
      'api-gateway: GET /owners',
      'customers-service: GET /owners',
      'customers-service: HikariProxyPreparedStatement.executeQuery',
    ]);
  });
});

describe('the diff flame graph frame', () => {
  it('is a diff for @grafana/flamegraph: value and self of A, valueRight and selfRight of B', () => {
    const frame = diffFlameGraphFrame(flameGraphRows([TRACE_A, TRACE_B]), 'A');
    expect(checkFields(frame)).toBeUndefined();
    expect(isDiffFlamegraph(frame)).toBe(true);
    expect(frame.name).toBe('Flame graph (A vs B)');
    const values = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    const µs = (name: string) => values(name).map((ms: number) => Math.round(ms * 1000));
    expect(values('label')).toEqual([
      'total',
      'web: GET /orders',
      'orders: list',
      'db: SELECT orders',
      'cache: get',
      'payments: authorize',
    ]);
    expect(µs('value')).toEqual([100, 100, 80, 30, 5, 0]);
    expect(µs('self')).toEqual([0, 20, 45, 30, 5, 0]);
    expect(µs('valueRight')).toEqual([160, 160, 150, 120, 0, 10]);
    expect(µs('selfRight')).toEqual([0, 10, 20, 120, 0, 10]);
  });

  it('is drawn by FlameGraph in diff mode, with the Baseline and Comparison columns', async () => {
    const frame = diffFlameGraphFrame(flameGraphRows([TRACE_A, TRACE_B]));
    render(<FlameGraph data={frame} getTheme={() => createTheme()} disableCollapsing />);
    expect(await screen.findByText('payments: authorize')).toBeInTheDocument();
    expect(screen.getByText('cache: get')).toBeInTheDocument();
    expect(screen.getAllByText('Baseline').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Comparison').length).toBeGreaterThan(0);
    await waitFor(() => expect(layout.texts.some((text) => text.startsWith('db: SELECT orders'))).toBe(true));
  });
});
