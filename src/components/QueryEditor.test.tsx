import { fireEvent, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { TraceFileStore } from '../trace-files';
import { ThreadlineQuery } from '../types';
import { renderQueryEditor } from './renderQueryEditor';
import { chooseOption, fakeTagSource, installDomStubs } from './testSupport';

jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('./testSupport').FakeCodeEditor,
}));

beforeAll(installDomStubs);

/** Renders the editor the way Grafana does: onChange feeds the next render. */
function setup(initial: ThreadlineQuery = { refId: 'A', query: '' }) {
  const datasource = {
    tags: fakeTagSource(),
    backend: { name: 'Tempo', traceql: {} },
    traceFiles: new TraceFileStore(),
  } as unknown as DataSource;
  return renderQueryEditor(datasource, initial);
}

const queryTypeRadio = (name: string) => screen.getByRole('radio', { name });

describe('QueryEditor', () => {
  describe('query type', () => {
    it('opens new queries in TraceQL mode with the TraceQL editor and its hint', () => {
      setup();
      expect(queryTypeRadio('TraceQL')).toBeChecked();
      expect(screen.getByLabelText('Code editor (traceql)')).toBeInTheDocument();
      expect(screen.getByText(/or a trace ID/)).toBeInTheDocument();
    });

    it('opens an old saved query without a type as what its text is', () => {
      setup({ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' });
      expect(queryTypeRadio('Trace ID')).toBeChecked();
      expect(screen.getByRole('textbox', { name: 'Trace ID' })).toHaveValue('948fa8de1f33f0601aecb1973e1c20bb');
    });

    it('opens an old saved TraceQL query in TraceQL mode', () => {
      setup({ refId: 'A', query: '{ status = error }' });
      expect(queryTypeRadio('TraceQL')).toBeChecked();
      expect(screen.getByLabelText('Code editor (traceql)')).toHaveValue('{ status = error }');
    });

    it('offers a trace file, whose text (a trace ID of the file) starts empty', () => {
      const { lastQuery } = setup({ refId: 'A', queryType: 'traceql', query: '{ .a = 1 }' });
      fireEvent.click(queryTypeRadio('Trace file'));
      expect(lastQuery()).toEqual({ refId: 'A', queryType: 'upload', query: '' });
      expect(screen.getByText('Drop a trace file here, or click to choose one')).toBeInTheDocument();
    });

    it('writes the chosen type and keeps the text', () => {
      const { lastQuery } = setup({ refId: 'A', queryType: 'traceql', query: '{ .a = 1 }' });
      fireEvent.click(queryTypeRadio('Trace ID'));
      expect(lastQuery()).toEqual({ refId: 'A', queryType: 'traceId', query: '{ .a = 1 }' });
      fireEvent.click(queryTypeRadio('Search'));
      expect(lastQuery()).toEqual({ refId: 'A', queryType: 'search', query: '{ .a = 1 }' });
      fireEvent.click(queryTypeRadio('TraceQL'));
      expect(lastQuery()).toEqual({ refId: 'A', queryType: 'traceql', query: '{ .a = 1 }' });
    });

    it('says which query runs while the text differs from the search', () => {
      setup({ refId: 'A', queryType: 'search', query: '{ .a = 1 }' });
      expect(screen.getByLabelText('Generated TraceQL')).toHaveTextContent('{}');
      expect(screen.getByText(/Runs the previous query until you change the search/)).toBeInTheDocument();
    });

    it('gives an empty query the builder’s TraceQL when switching to Search', () => {
      const { lastQuery } = setup({ refId: 'A', queryType: 'traceql', query: '' });
      fireEvent.click(queryTypeRadio('Search'));
      expect(lastQuery()).toEqual({ refId: 'A', queryType: 'search', query: '{}' });
    });
  });

  describe('trace ID', () => {
    const traceIdQuery: ThreadlineQuery = { refId: 'A', queryType: 'traceId', query: '' };

    it('runs on Enter with the typed text', () => {
      const { onChange, onRunQuery } = setup(traceIdQuery);
      const input = screen.getByRole('textbox', { name: 'Trace ID' });
      fireEvent.change(input, { target: { value: ' 948FA8DE1F33F0601AECB1973E1C20BB ' } });
      expect(onChange).not.toHaveBeenCalled();
      fireEvent.keyDown(input, { key: 'Enter' });
      expect(onChange).toHaveBeenCalledWith({ ...traceIdQuery, query: ' 948FA8DE1F33F0601AECB1973E1C20BB ' });
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('runs on blur', () => {
      const { onChange, onRunQuery } = setup(traceIdQuery);
      const input = screen.getByRole('textbox', { name: 'Trace ID' });
      fireEvent.change(input, { target: { value: 'abc' } });
      fireEvent.blur(input);
      expect(onChange).toHaveBeenCalledWith({ ...traceIdQuery, query: 'abc' });
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('has no search options', () => {
      setup(traceIdQuery);
      expect(screen.queryByLabelText('Limit')).not.toBeInTheDocument();
    });

    it('has a Filter spans field in a TraceQL editor under the trace ID, written to spanFilter', () => {
      const { lastQuery } = setup({ ...traceIdQuery, query: '948fa8de1f33f0601aecb1973e1c20bb' });
      const filter = screen.getByLabelText('Code editor (traceql)');
      expect(screen.getByText('Filter spans')).toBeInTheDocument();
      fireEvent.change(filter, { target: { value: '{ status = error }' } });
      fireEvent.blur(filter);
      expect(lastQuery()).toEqual({
        ...traceIdQuery,
        query: '948fa8de1f33f0601aecb1973e1c20bb',
        spanFilter: '{ status = error }',
      });
      fireEvent.change(filter, { target: { value: '' } });
      fireEvent.blur(filter);
      expect(lastQuery().spanFilter).toBeUndefined();
    });
  });

  describe('TraceQL', () => {
    it('commits the edited text on blur', () => {
      const { lastQuery, onRunQuery } = setup({ refId: 'A', queryType: 'traceql', query: '' });
      const editor = screen.getByLabelText('Code editor (traceql)');
      fireEvent.change(editor, { target: { value: '{ status = error }' } });
      fireEvent.blur(editor);
      expect(lastQuery()).toEqual({ refId: 'A', queryType: 'traceql', query: '{ status = error }' });
      expect(onRunQuery).not.toHaveBeenCalled();
    });

    it('opens the cheat sheet and uses an example', () => {
      const { lastQuery } = setup({ refId: 'A', queryType: 'traceql', query: '' });
      fireEvent.click(screen.getByRole('button', { name: 'Cheat sheet' }));
      fireEvent.click(screen.getAllByRole('button', { name: 'Use this query' })[0]);
      expect(lastQuery().query).toBe('{ resource.service.name = "checkout" && status = error }');
    });
  });

  describe('Search', () => {
    it('shows the generated TraceQL and edits it in TraceQL mode', async () => {
      const { lastQuery } = setup({ refId: 'A', queryType: 'search', query: '{}' });
      await chooseOption(screen.getByRole('combobox', { name: 'Service name' }), 'api');
      fireEvent.click(screen.getByRole('radio', { name: 'error' }));
      const generated = '{ resource.service.name = "api" && status = error }';
      expect(screen.getByLabelText('Generated TraceQL')).toHaveTextContent(generated);

      fireEvent.click(screen.getByRole('button', { name: 'Edit in TraceQL' }));
      expect(lastQuery()).toMatchObject({ queryType: 'traceql', query: generated });
      expect(queryTypeRadio('TraceQL')).toBeChecked();
      expect(screen.getByLabelText('Code editor (traceql)')).toHaveValue(generated);
    });
  });
});
