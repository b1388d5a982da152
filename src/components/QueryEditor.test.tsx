import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { ThreadlineQuery } from '../types';
import { QueryEditor } from './QueryEditor';

function setup(query: ThreadlineQuery = { refId: 'A', query: '' }) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor datasource={{} as DataSource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery, input: screen.getByLabelText('Trace ID') as HTMLInputElement };
}

describe('QueryEditor', () => {
  it('shows the saved query', () => {
    const { input } = setup({ refId: 'A', query: '948fa8de1f33f0601aecb1973e1c20bb' });
    expect(input.value).toBe('948fa8de1f33f0601aecb1973e1c20bb');
  });

  it('runs on Enter with the typed text', () => {
    const { input, onChange, onRunQuery } = setup();
    fireEvent.change(input, { target: { value: ' 948FA8DE1F33F0601AECB1973E1C20BB ' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', query: ' 948FA8DE1F33F0601AECB1973E1C20BB ' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('runs on blur', () => {
    const { input, onChange, onRunQuery } = setup();
    fireEvent.change(input, { target: { value: 'abc' } });
    fireEvent.blur(input);
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', query: 'abc' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
