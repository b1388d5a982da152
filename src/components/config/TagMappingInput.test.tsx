import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { TagMappingInput } from './TagMappingInput';

const DEFAULTS = [
  { key: 'service.name', value: 'service_name' },
  { key: 'service.namespace', value: 'service_namespace' },
];

function renderInput(values = [{ key: 'service.name', value: 'service_name' }, { key: 'job' }]) {
  const onChange = jest.fn();
  render(<TagMappingInput id="tags" values={values} placeholders={DEFAULTS} onChange={onChange} />);
  return onChange;
}

describe('TagMappingInput', () => {
  it('shows a row per tag: attribute "as" new name', () => {
    renderInput();
    expect(screen.getByLabelText('Tag 1 attribute')).toHaveValue('service.name');
    expect(screen.getByLabelText('Tag 1 name in the query')).toHaveValue('service_name');
    expect(screen.getByLabelText('Tag 2 attribute')).toHaveValue('job');
    expect(screen.getByLabelText('Tag 2 name in the query')).toHaveValue('');
    expect(screen.getAllByText('as')).toHaveLength(2);
  });

  it('shows the default tags as placeholders of the rows', () => {
    renderInput([{ key: '' }, { key: '' }, { key: '' }]);
    expect(screen.getByLabelText('Tag 1 attribute')).toHaveAttribute('placeholder', 'service.name');
    expect(screen.getByLabelText('Tag 2 name in the query')).toHaveAttribute('placeholder', 'service_namespace');
    expect(screen.getByLabelText('Tag 3 attribute')).toHaveAttribute('placeholder', 'span attribute');
  });

  it('adds an empty row', () => {
    const onChange = renderInput([]);
    fireEvent.click(screen.getByRole('button', { name: /add tag/i }));
    expect(onChange).toHaveBeenCalledWith([{ key: '' }]);
  });

  it('edits the attribute and the new name of a row', () => {
    const onChange = renderInput();
    fireEvent.change(screen.getByLabelText('Tag 2 attribute'), { target: { value: 'k8s.namespace.name' } });
    expect(onChange).toHaveBeenLastCalledWith([
      { key: 'service.name', value: 'service_name' },
      { key: 'k8s.namespace.name' },
    ]);
    fireEvent.change(screen.getByLabelText('Tag 2 name in the query'), { target: { value: 'job_name' } });
    expect(onChange).toHaveBeenLastCalledWith([
      { key: 'service.name', value: 'service_name' },
      { key: 'job', value: 'job_name' },
    ]);
  });

  it('leaves the new name out when it is emptied', () => {
    const onChange = renderInput();
    fireEvent.change(screen.getByLabelText('Tag 1 name in the query'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith([{ key: 'service.name' }, { key: 'job' }]);
    expect(Object.keys(onChange.mock.lastCall[0][0])).toEqual(['key']);
  });

  it('removes a row', () => {
    const onChange = renderInput();
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag 1' }));
    expect(onChange).toHaveBeenCalledWith([{ key: 'job' }]);
  });
});
