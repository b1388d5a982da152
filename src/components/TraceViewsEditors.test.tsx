import { fireEvent, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { ThreadlineQuery } from '../types';
import { renderQueryEditor } from './renderQueryEditor';
import { fakeTagSource, installDomStubs } from './testSupport';

jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('./testSupport').FakeCodeEditor,
}));

beforeAll(installDomStubs);

const TRACE_A = '948fa8de1f33f0601aecb1973e1c20bb';
const TRACE_B = 'bce16910ff8b588b0cc3e20152bd0089';

function setup(initial: ThreadlineQuery) {
  const datasource = { tags: fakeTagSource(), backend: { name: 'Tempo', traceql: {} } } as unknown as DataSource;
  return renderQueryEditor(datasource, initial);
}

describe('Also show: Statistics, Flame graph', () => {
  it('under the trace ID: each toggle adds its view and runs the query; off again removes it', () => {
    const { lastQuery, onRunQuery } = setup({ refId: 'A', queryType: 'traceId', query: TRACE_A });
    fireEvent.click(screen.getByLabelText('Flame graph'));
    expect(lastQuery()).toEqual({ refId: 'A', queryType: 'traceId', query: TRACE_A, views: ['flamegraph'] });
    fireEvent.click(screen.getByLabelText('Statistics'));
    expect(lastQuery().views).toEqual(['statistics', 'flamegraph']);
    expect(onRunQuery).toHaveBeenCalledTimes(2);
    fireEvent.click(screen.getByLabelText('Statistics'));
    fireEvent.click(screen.getByLabelText('Flame graph'));
    expect(lastQuery()).toEqual({ refId: 'A', queryType: 'traceId', query: TRACE_A });
  });

  it('shows the saved views as checked', () => {
    setup({ refId: 'A', queryType: 'traceId', query: TRACE_A, views: ['statistics'] });
    expect(screen.getByLabelText('Statistics')).toBeChecked();
    expect(screen.getByLabelText('Flame graph')).not.toBeChecked();
  });

  it('under TraceQL only while the query is a trace ID', () => {
    setup({ refId: 'A', queryType: 'traceql', query: ` ${TRACE_A} ` });
    expect(screen.getByLabelText('Statistics')).toBeInTheDocument();
    const editor = screen.getByLabelText('Code editor (traceql)');
    fireEvent.change(editor, { target: { value: '{ status = error }' } });
    fireEvent.blur(editor);
    expect(screen.queryByLabelText('Statistics')).not.toBeInTheDocument();
  });
});

describe('Compare', () => {
  it('is a query type with two trace ID fields; each runs the query when committed', () => {
    const { lastQuery, onRunQuery } = setup({ refId: 'A', queryType: 'traceId', query: TRACE_A });
    fireEvent.click(screen.getByRole('radio', { name: 'Compare' }));
    expect(screen.getByRole('textbox', { name: 'Trace A' })).toHaveValue(TRACE_A);
    const traceB = screen.getByRole('textbox', { name: 'Trace B' });
    fireEvent.change(traceB, { target: { value: TRACE_B } });
    fireEvent.keyDown(traceB, { key: 'Enter' });
    expect(lastQuery()).toEqual({ refId: 'A', queryType: 'compare', query: TRACE_A, compareTo: TRACE_B });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    // No TraceQL options (limit, table format) for a comparison.
    expect(screen.queryByLabelText('Limit')).not.toBeInTheDocument();
  });

  it('swaps A and B, and runs the query', () => {
    const { lastQuery, onRunQuery } = setup({ refId: 'A', queryType: 'compare', query: TRACE_A, compareTo: TRACE_B });
    fireEvent.click(screen.getByRole('button', { name: 'Swap A and B' }));
    expect(lastQuery()).toMatchObject({ query: TRACE_B, compareTo: TRACE_A });
    expect(screen.getByRole('textbox', { name: 'Trace A' })).toHaveValue(TRACE_B);
    expect(screen.getByRole('textbox', { name: 'Trace B' })).toHaveValue(TRACE_A);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
