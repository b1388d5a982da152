import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { SpanBarSection } from './SpanBarSection';

describe('SpanBarSection', () => {
  it('shows the duration when nothing is set, as the trace view does', () => {
    render(<SpanBarSection onChange={jest.fn()} />);
    expect(screen.getByRole('radio', { name: 'Duration' })).toBeChecked();
    expect(document.getElementById('threadline-span-bar-tag')).toBeNull();
  });

  it('writes the type', () => {
    const onChange = jest.fn();
    render(<SpanBarSection value={{ type: 'Duration' }} onChange={onChange} />);
    fireEvent.click(screen.getByRole('radio', { name: 'None' }));
    expect(onChange).toHaveBeenCalledWith({ type: 'None' });
  });

  it('asks for the tag key when the label is a tag', () => {
    const onChange = jest.fn();
    render(<SpanBarSection value={{ type: 'Tag', tag: 'http.route' }} onChange={onChange} />);
    expect(document.getElementById('threadline-span-bar-tag')).toHaveValue('http.route');
    fireEvent.change(document.getElementById('threadline-span-bar-tag')!, { target: { value: 'http.method' } });
    expect(onChange).toHaveBeenCalledWith({ type: 'Tag', tag: 'http.method' });
  });
});
