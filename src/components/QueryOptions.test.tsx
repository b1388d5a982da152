import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { ThreadlineQuery } from '../types';
import { QueryOptions } from './QueryOptions';

function setup(initial: ThreadlineQuery = { refId: 'A', queryType: 'traceql', query: '{ status = error }' }) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  function Harness() {
    const [query, setQuery] = useState(initial);
    const change = (next: ThreadlineQuery) => {
      onChange(next);
      setQuery(next);
    };
    return <QueryOptions query={query} onChange={change} onRunQuery={onRunQuery} />;
  }
  render(<Harness />);
  const lastQuery = (): ThreadlineQuery => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, lastQuery };
}

function typeAndBlur(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.blur(input);
  return input;
}

describe('QueryOptions', () => {
  it('shows the defaults as placeholders', () => {
    setup();
    expect(screen.getByLabelText('Limit')).toHaveAttribute('placeholder', '20');
    expect(screen.getByLabelText('Spans per span set')).toHaveAttribute('placeholder', '3');
    expect(screen.getByRole('radio', { name: 'Traces' })).toBeChecked();
    expect(screen.getByLabelText('Most recent first')).not.toBeChecked();
  });

  it('writes limit and spss on blur without running', () => {
    const { lastQuery, onRunQuery } = setup();
    typeAndBlur('Limit', '50');
    typeAndBlur('Spans per span set', '10');
    expect(lastQuery()).toEqual({
      refId: 'A',
      queryType: 'traceql',
      query: '{ status = error }',
      limit: 50,
      spss: 10,
    });
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('clears a limit back to the default and rejects what is not a positive whole number', () => {
    const { onChange, lastQuery } = setup({ refId: 'A', query: '{}', limit: 50 });
    const limit = typeAndBlur('Limit', '2.5');
    expect(screen.getByText('A whole number above 0')).toBeInTheDocument();
    expect(limit).toHaveValue('2.5');
    expect(onChange).not.toHaveBeenCalled();
    typeAndBlur('Limit', '');
    expect(lastQuery().limit).toBeUndefined();
    expect(screen.queryByText('A whole number above 0')).not.toBeInTheDocument();
  });

  it('writes the table type and most-recent switch, and runs', () => {
    const { lastQuery, onRunQuery } = setup();
    fireEvent.click(screen.getByRole('radio', { name: 'Spans' }));
    expect(lastQuery().tableType).toBe('spans');
    fireEvent.click(screen.getByLabelText('Most recent first'));
    expect(lastQuery()).toMatchObject({ tableType: 'spans', mostRecent: true });
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('explains the most-recent hint', () => {
    setup();
    expect(screen.getByText('Most recent first')).toBeInTheDocument();
  });

  it('offers only a step for metrics queries', () => {
    const { lastQuery, onChange } = setup({
      refId: 'A',
      query: '{ status = error } | rate() by (resource.service.name)',
    });
    expect(screen.queryByLabelText('Limit')).not.toBeInTheDocument();
    typeAndBlur('Step', '5');
    expect(screen.getByText('A duration like 30s or 5m')).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
    typeAndBlur('Step', '30s');
    expect(lastQuery().step).toBe('30s');
    typeAndBlur('Step', '$__interval');
    expect(lastQuery().step).toBe('$__interval');
  });
});
