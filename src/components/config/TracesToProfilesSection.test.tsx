import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { dataSourceOfType, pickerProps, pickNext } from '../../../tests/support/data-source-picker-stub';
import type { TracesToProfilesOptions } from '../../types';
import { TracesToProfilesSection } from './TracesToProfilesSection';

jest.mock('@grafana/runtime', () => require('../../../tests/support/data-source-picker-stub'));

const PICKER = 'threadline-profiles-data-source';
const byId = (id: string) => document.getElementById(id)!;

function renderSection(value?: TracesToProfilesOptions) {
  const onChange = jest.fn();
  render(<TracesToProfilesSection value={value} onChange={onChange} />);
  return onChange;
}

describe('TracesToProfilesSection', () => {
  beforeEach(() => pickNext({ uid: 'pyroscope', type: 'grafana-pyroscope-datasource' }));
  afterEach(() => pickNext());

  it('offers only Pyroscope data sources', () => {
    renderSection();
    const { filter } = pickerProps(PICKER);
    expect(filter!(dataSourceOfType('grafana-pyroscope-datasource'))).toBe(true);
    expect(filter!(dataSourceOfType('loki'))).toBe(false);
  });

  it('starts a new link from the defaults when a data source is first picked', () => {
    const onChange = renderSection();
    fireEvent.click(byId(PICKER));
    expect(onChange).toHaveBeenCalledWith({
      datasourceUid: 'pyroscope',
      tags: [
        { key: 'service.name', value: 'service_name' },
        { key: 'service.namespace', value: 'service_namespace' },
      ],
      profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
      customQuery: false,
    });
  });

  it('writes the profile type, and an emptied one as unset', () => {
    const onChange = renderSection({ profileTypeId: 'memory:alloc_space:bytes:space:bytes' });
    fireEvent.change(byId('threadline-profiles-type'), { target: { value: 'memory:inuse_space:bytes:space:bytes' } });
    expect(onChange).toHaveBeenLastCalledWith({ profileTypeId: 'memory:inuse_space:bytes:space:bytes' });
    fireEvent.change(byId('threadline-profiles-type'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ profileTypeId: undefined });
  });

  it('edits a custom query and shows it for the example span', () => {
    const onChange = renderSection({ customQuery: true, query: '{${__tags}}' });
    expect(screen.getByText('{service_name="web-frontend", service_namespace="signup"}')).toBeInTheDocument();
    fireEvent.change(byId('threadline-profiles-query'), { target: { value: '{job="web"}' } });
    expect(onChange).toHaveBeenCalledWith({ customQuery: true, query: '{job="web"}' });
  });
});
