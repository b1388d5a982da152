import { fireEvent, screen, waitFor } from '@testing-library/react';

import type { ServiceSearchCapability } from '../backends/backend';
import { DataSource } from '../datasource';
import { ThreadlineQuery } from '../types';
import { renderQueryEditor } from './renderQueryEditor';
import { chooseOption, installDomStubs, typeCustomOption } from './testSupport';

beforeAll(installDomStubs);

/** A backend with a search form and dependencies and no TraceQL, as Jaeger and Zipkin are. */
function searchBackend(): ServiceSearchCapability & { services: jest.Mock; operations: jest.Mock } {
  return {
    services: jest.fn(async () => ['email-verifier', 'web-frontend']),
    operations: jest.fn(async (service: string) =>
      service === 'email-verifier' ? ['INSERT signups', 'POST /verify'] : ['POST /signup']
    ),
    search: jest.fn(),
  };
}

function setup(initial: ThreadlineQuery = { refId: 'A', query: '' }, search = searchBackend()) {
  const backend = { name: 'Jaeger', serviceSearch: search, dependencies: { links: jest.fn() } };
  const datasource = { backend } as unknown as DataSource;
  return { ...renderQueryEditor(datasource, initial), search };
}

const radio = (name: string) => screen.getByRole('radio', { name });

describe('QueryEditor for a backend with a search form (Jaeger, Zipkin)', () => {
  it('offers Search, Trace ID and Dependencies but not TraceQL, and opens new queries in Search', () => {
    setup();
    const labels = screen
      .getAllByRole('radio')
      .map((element) => (element as HTMLInputElement).labels?.[0]?.textContent);
    expect(labels).toEqual(expect.arrayContaining(['Search', 'Trace ID', 'Dependencies']));
    expect(labels).not.toContain('TraceQL');
    expect(radio('Search')).toBeChecked();
    expect(radio('Trace ID')).not.toBeChecked();
    expect(radio('Dependencies')).not.toBeChecked();
    expect(screen.queryByLabelText('Code editor (traceql)')).toBeNull();
  });

  it('still opens a trace ID from a link as a trace ID', () => {
    setup({ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' });
    expect(radio('Trace ID')).toBeChecked();
  });

  it("picks a service from the backend's list, then one of its operations, running the query each time", async () => {
    const { lastQuery, onRunQuery, search } = setup({ refId: 'A', query: '', queryType: 'serviceSearch' });
    await chooseOption(screen.getByLabelText('Service'), 'email-verifier');
    expect(lastQuery()).toMatchObject({ service: 'email-verifier', operation: undefined });
    await chooseOption(screen.getByLabelText('Operation'), 'INSERT signups');
    expect(lastQuery()).toMatchObject({ service: 'email-verifier', operation: 'INSERT signups' });
    expect(search.operations).toHaveBeenCalledWith('email-verifier');
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('writes tags, durations and limit on blur, and shows what is wrong instead of running', () => {
    const { lastQuery, onRunQuery } = setup({
      refId: 'A',
      query: '',
      queryType: 'serviceSearch',
      service: 'web-frontend',
    });
    const type = (label: string, text: string) => {
      fireEvent.change(screen.getByRole('textbox', { name: label }), { target: { value: text } });
      fireEvent.blur(screen.getByRole('textbox', { name: label }));
    };
    type('Tags', 'http.status_code=500 error.message="timed out"');
    type('Min duration', '100ms');
    type('Max duration', '1.2s');
    type('Limit', '50');
    expect(lastQuery()).toMatchObject({
      tags: 'http.status_code=500 error.message="timed out"',
      minDuration: '100ms',
      maxDuration: '1.2s',
      limit: 50,
    });
    expect(onRunQuery).toHaveBeenCalledTimes(4);
    type('Min duration', '100');
    expect(screen.getByText(/A duration "100" is not a duration: write a number with a unit/)).toBeInTheDocument();
    type('Limit', 'many');
    expect(screen.getByText('A whole number above 0')).toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalledTimes(4);
    expect(lastQuery()).toMatchObject({ minDuration: '100ms', limit: 50 });
  });

  it('takes a typed name such as a template variable', async () => {
    const { lastQuery } = setup({ refId: 'A', query: '', queryType: 'serviceSearch' });
    await typeCustomOption(screen.getByLabelText('Service'), '$service');
    expect(lastQuery()).toMatchObject({ service: '$service', operation: undefined });
  });

  it('loads the names once while the picker has the focus, and filters them as you type', async () => {
    const { search } = setup({ refId: 'A', query: '', queryType: 'serviceSearch' });
    const input = screen.getByLabelText('Service');
    fireEvent.click(input);
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2), { timeout: 10_000 });
    fireEvent.change(input, { target: { value: 'web' } });
    await waitFor(
      () => expect(screen.getAllByRole('option').map((option) => option.textContent)).toContain('web-frontend'),
      { timeout: 10_000 }
    );
    await waitFor(() => expect(screen.queryByText('email-verifier')).toBeNull(), { timeout: 10_000 });
    expect(search.services).toHaveBeenCalledTimes(1);
  });

  it("says under the picker why it is empty when the backend's list fails", async () => {
    const failing = searchBackend();
    failing.services.mockRejectedValue(new Error('Cannot connect to Jaeger'));
    setup({ refId: 'A', query: '', queryType: 'serviceSearch' }, failing);
    fireEvent.click(screen.getByLabelText('Service'));
    await waitFor(() => expect(screen.getByText('Cannot connect to Jaeger')).toBeInTheDocument());
  });

  it('runs the dependency graph with no fields to fill', () => {
    const { lastQuery } = setup({ refId: 'A', query: '', queryType: 'serviceSearch' });
    fireEvent.click(radio('Dependencies'));
    expect(lastQuery()).toMatchObject({ queryType: 'dependencies' });
    expect(screen.getByText(/The services Jaeger saw calling each other/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Tags' })).toBeNull();
  });
});
