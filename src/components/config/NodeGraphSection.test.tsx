import React from 'react';
import { fireEvent, render } from '@testing-library/react';

import { NodeGraphSection } from './NodeGraphSection';

describe('NodeGraphSection', () => {
  it('is off when nothing is set', () => {
    render(<NodeGraphSection onChange={jest.fn()} />);
    expect(document.getElementById('threadline-node-graph-enabled')).not.toBeChecked();
  });

  it('switches the node graph on and off', () => {
    const onChange = jest.fn();
    const { rerender } = render(<NodeGraphSection onChange={onChange} />);
    fireEvent.click(document.getElementById('threadline-node-graph-enabled')!);
    expect(onChange).toHaveBeenLastCalledWith({ enabled: true });
    rerender(<NodeGraphSection value={{ enabled: true }} onChange={onChange} />);
    fireEvent.click(document.getElementById('threadline-node-graph-enabled')!);
    expect(onChange).toHaveBeenLastCalledWith({ enabled: false });
  });
});
