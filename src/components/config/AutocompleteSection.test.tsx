import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { AutocompleteSection } from './AutocompleteSection';

const input = () => document.getElementById('threadline-tag-limit')!;

describe('AutocompleteSection', () => {
  it("shows Tempo's default as the placeholder when no limit is set", () => {
    render(<AutocompleteSection onChange={jest.fn()} />);
    expect(input()).toHaveValue('');
    expect(input()).toHaveAttribute('placeholder', '5000');
  });

  it('writes the limit as a number, and an emptied one as unset', () => {
    const onChange = jest.fn();
    render(<AutocompleteSection tagLimit={5000} onChange={onChange} />);
    fireEvent.change(input(), { target: { value: '200' } });
    expect(onChange).toHaveBeenLastCalledWith(200);
    fireEvent.change(input(), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('keeps what is not a whole number above 0 out of jsonData', () => {
    const onChange = jest.fn();
    render(<AutocompleteSection tagLimit={100} onChange={onChange} />);
    for (const text of ['0', '-5', '2.5', 'many']) {
      fireEvent.change(input(), { target: { value: text } });
    }
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText('A whole number above 0')).toBeInTheDocument();
  });
});
