import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { chooseOption, fakeTagSource, installDomStubs } from './testSupport';
import { ThreadlineVariableQuery, toVariableQuery, VariableQueryEditor } from './VariableQueryEditor';

beforeAll(installDomStubs);

function setup(query: ThreadlineVariableQuery | string | undefined) {
  const onChange = jest.fn();
  const tags = fakeTagSource();
  render(<VariableQueryEditor query={query} onChange={onChange} datasource={{ tags } as unknown as DataSource} />);
  return { onChange, tags };
}

describe('VariableQueryEditor', () => {
  it('starts a new variable as tag names of all scopes', () => {
    expect(toVariableQuery(undefined)).toEqual({ refId: 'ThreadlineVariableQuery', type: 'tagNames' });
    expect(toVariableQuery('')).toEqual({ refId: 'ThreadlineVariableQuery', type: 'tagNames' });
    setup(undefined);
    expect(screen.getByRole('radio', { name: 'Tag names' })).toBeChecked();
    expect(screen.getByPlaceholderText('All scopes')).toBeInTheDocument();
  });

  it('limits tag names to a scope', async () => {
    const { onChange } = setup({ refId: 'V', type: 'tagNames' });
    await chooseOption(screen.getByRole('combobox', { name: 'Scope' }), 'resource');
    expect(onChange).toHaveBeenCalledWith({ refId: 'V', type: 'tagNames', scope: 'resource' });
  });

  it('switches to tag values and picks a scoped tag or an intrinsic', async () => {
    const { onChange } = setup({ refId: 'V', type: 'tagNames', scope: 'span' });
    fireEvent.click(screen.getByRole('radio', { name: 'Tag values' }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', type: 'tagValues' });
  });

  it('offers every scoped attribute and the intrinsics as the tag', async () => {
    const { onChange, tags } = setup({ refId: 'V', type: 'tagValues' });
    await chooseOption(screen.getByRole('combobox', { name: 'Tag' }), 'resource.service.name');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', type: 'tagValues', tag: 'resource.service.name' });
    await chooseOption(screen.getByRole('combobox', { name: 'Tag' }), 'status');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'V', type: 'tagValues', tag: 'status' });
    expect(tags.tagNames).toHaveBeenCalled();
  });

  it('shows a saved tag', () => {
    setup({ refId: 'V', type: 'tagValues', tag: 'span.http.method' });
    expect(screen.getByDisplayValue('span.http.method')).toBeInTheDocument();
  });
});
