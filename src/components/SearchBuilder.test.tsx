import React, { useState } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { ThreadlineQuery } from '../types';
import { SearchBuilder } from './SearchBuilder';
import { chooseOption, fakeTagSource, installDomStubs, typeCustomOption } from './testSupport';

beforeAll(installDomStubs);
// Each test opens several Comboboxes, whose options arrive asynchronously.
jest.setTimeout(30_000);

function setup(initial: ThreadlineQuery = { refId: 'A', queryType: 'search', query: '{}' }) {
  const onChange = jest.fn();
  const tags = fakeTagSource();
  function Harness() {
    const [query, setQuery] = useState(initial);
    return (
      <SearchBuilder
        query={query}
        tags={tags}
        onChange={(next) => {
          onChange(next);
          setQuery(next);
        }}
      />
    );
  }
  render(<Harness />);
  const lastQuery = (): ThreadlineQuery => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, tags, lastQuery };
}

describe('SearchBuilder', () => {
  it('writes the builder state and its exact TraceQL when a service and a status are chosen', async () => {
    const { tags, lastQuery } = setup();
    await chooseOption(screen.getByRole('combobox', { name: 'Service name' }), 'api');
    expect(tags.tagValues).toHaveBeenCalledWith('resource.service.name', '{}');
    fireEvent.click(screen.getByRole('radio', { name: 'error' }));

    expect(lastQuery()).toEqual({
      refId: 'A',
      queryType: 'search',
      query: '{ resource.service.name = "api" && status = error }',
      builder: { serviceName: { operator: '=', value: 'api' }, status: 'error', filters: [] },
    });
  });

  it('narrows the service names by the rest of the search', async () => {
    const { tags } = setup({
      refId: 'A',
      queryType: 'search',
      query: '{ status = error }',
      builder: { status: 'error', filters: [] },
    });
    await chooseOption(screen.getByRole('combobox', { name: 'Service name' }), 'api');
    expect(tags.tagValues).toHaveBeenCalledWith('resource.service.name', '{ status = error }');
  });

  it('takes several services for =~ and a typed span name', async () => {
    const { lastQuery } = setup();
    await chooseOption(screen.getByRole('combobox', { name: 'Service name operator' }), '=~');
    await chooseOption(screen.getByRole('combobox', { name: 'Service name' }), 'api');
    await typeCustomOption(screen.getByRole('combobox', { name: 'Service name' }), 'web.v2');
    await typeCustomOption(screen.getByRole('combobox', { name: 'Span name' }), 'GET /health');
    expect(lastQuery().query).toBe('{ resource.service.name =~ "api|web\\\\.v2" && name = "GET /health" }');
    expect(lastQuery().builder?.serviceName).toEqual({ operator: '=~', value: ['api', 'web.v2'] });
  });

  it('shows an invalid duration next to its field and leaves the query as it was', async () => {
    const { onChange, lastQuery } = setup();
    const min = screen.getByLabelText('Span duration min');
    fireEvent.change(min, { target: { value: '100' } });
    fireEvent.blur(min);
    expect(screen.getByText('"100" is not a duration like 100ms or 1.5s')).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
    expect(min).toHaveValue('100');

    fireEvent.change(min, { target: { value: '100ms' } });
    fireEvent.blur(min);
    expect(lastQuery().query).toBe('{ duration >= 100ms }');
    expect(screen.queryByText(/is not a duration/)).not.toBeInTheDocument();
  });

  it('writes trace duration bounds and the span kind', async () => {
    const { lastQuery } = setup();
    const max = screen.getByLabelText('Trace duration max');
    fireEvent.change(max, { target: { value: '2s' } });
    fireEvent.keyDown(max, { key: 'Enter' });
    await chooseOption(screen.getByRole('combobox', { name: 'Kind' }), 'server');
    expect(lastQuery().query).toBe('{ kind = server && traceDuration <= 2s }');
    expect(lastQuery().builder).toMatchObject({ kind: 'server', traceDuration: { max: '2s' } });
  });

  it('adds, fills and removes an attribute filter, typing the value as Tempo reports it', async () => {
    const { tags, lastQuery } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await chooseOption(screen.getByRole('combobox', { name: 'Filter tag' }), 'http.status_code');
    await chooseOption(screen.getByRole('combobox', { name: 'Filter value' }), '500');
    expect(tags.tagValues).toHaveBeenCalledWith('span.http.status_code', '{}');
    expect(lastQuery().query).toBe('{ span.http.status_code = 500 }');
    expect(lastQuery().builder?.filters).toEqual([
      { id: 'f1', scope: 'span', tag: 'http.status_code', operator: '=', value: '500', valueType: 'int' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove filter' }));
    expect(lastQuery().query).toBe('{}');
    expect(lastQuery().builder?.filters).toEqual([]);
  });

  it('offers the scope’s tag names and intrinsics', async () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await chooseOption(screen.getByRole('combobox', { name: 'Filter' }), 'resource');
    await chooseOption(screen.getByRole('combobox', { name: 'Filter tag' }), 'k8s.namespace.name');
    await chooseOption(screen.getByRole('combobox', { name: 'Filter' }), 'intrinsic');
    await chooseOption(screen.getByRole('combobox', { name: 'Filter tag' }), 'statusMessage');
  });

  it('flags a filter value that does not fit its type and keeps the last valid query', async () => {
    const { onChange, lastQuery } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    await chooseOption(screen.getByRole('combobox', { name: 'Filter tag' }), 'http.status_code');
    await chooseOption(screen.getByRole('combobox', { name: 'Filter value' }), '500');
    const calls = onChange.mock.calls.length;

    await typeCustomOption(screen.getByRole('combobox', { name: 'Filter value' }), 'abc');
    await waitFor(() => expect(screen.getByText('"abc" is not a valid int value')).toBeInTheDocument());
    expect(onChange).toHaveBeenCalledTimes(calls);
    expect(lastQuery().query).toBe('{ span.http.status_code = 500 }');
  });
});
