import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';

import { ThreadlineOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

function settings(jsonData: ThreadlineOptions = {}): DataSourceSettings<ThreadlineOptions> {
  return {
    id: 1,
    uid: 'threadline',
    orgId: 1,
    name: 'Threadline',
    type: 'threadline-tracing-datasource',
    typeName: 'Threadline',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
  };
}

describe('ConfigEditor', () => {
  it("offers Grafana's HTTP settings with Tempo's address as the example URL", () => {
    render(<ConfigEditor options={settings()} onOptionsChange={jest.fn()} />);
    expect(screen.getByPlaceholderText('http://tempo:3200')).toBeInTheDocument();
  });

  it('writes the tenant ID to jsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByPlaceholderText('single-tenant'), { target: { value: 'team-a' } });
    expect(onOptionsChange).toHaveBeenCalledWith(expect.objectContaining({ jsonData: { tenantId: 'team-a' } }));
  });

  it('turns the trace time window on and shows its shifts', () => {
    const onOptionsChange = jest.fn();
    const { rerender } = render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    expect(screen.queryByPlaceholderText('30m')).not.toBeInTheDocument();
    fireEvent.click(document.getElementById('threadline-time-shift-enabled')!);
    const enabled = onOptionsChange.mock.calls[0][0] as DataSourceSettings<ThreadlineOptions>;
    expect(enabled.jsonData.traceQuery).toEqual({ timeShiftEnabled: true });

    rerender(<ConfigEditor options={enabled} onOptionsChange={onOptionsChange} />);
    fireEvent.change(document.getElementById('threadline-span-start-shift')!, { target: { value: '1h' } });
    const shifted = onOptionsChange.mock.calls[1][0] as DataSourceSettings<ThreadlineOptions>;
    expect(shifted.jsonData.traceQuery).toEqual({ timeShiftEnabled: true, spanStartTimeShift: '1h' });
  });
});
