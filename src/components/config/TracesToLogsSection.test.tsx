import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { dataSourceOfType, pickerProps } from '../../../tests/support/data-source-picker-stub';
import type { TracesToLogsOptions } from '../../types';
import { TracesToLogsSection } from './TracesToLogsSection';

jest.mock('@grafana/runtime', () => require('../../../tests/support/data-source-picker-stub'));

const PICKER = 'threadline-logs-data-source';
const byId = (id: string) => document.getElementById(id)!;

function renderSection(value?: TracesToLogsOptions) {
  const onChange = jest.fn();
  render(<TracesToLogsSection value={value} onChange={onChange} />);
  return onChange;
}

describe('TracesToLogsSection', () => {
  it('offers only logs data sources the trace view can link to', () => {
    renderSection();
    const { filter, noDefault } = pickerProps(PICKER);
    expect(noDefault).toBe(true);
    for (const type of ['loki', 'elasticsearch', 'grafana-opensearch-datasource', 'grafana-splunk-datasource']) {
      expect(filter!(dataSourceOfType(type))).toBe(true);
    }
    for (const type of ['prometheus', 'tempo', 'grafana-pyroscope-datasource']) {
      expect(filter!(dataSourceOfType(type))).toBe(false);
    }
  });

  it('starts a new link from the defaults when a data source is first picked', () => {
    const onChange = renderSection();
    fireEvent.click(byId(PICKER));
    expect(onChange).toHaveBeenCalledWith({
      datasourceUid: 'loki',
      tags: [
        { key: 'service.name', value: 'service_name' },
        { key: 'service.namespace', value: 'service_namespace' },
      ],
      spanStartTimeShift: '-5m',
      spanEndTimeShift: '5m',
      filterByTraceID: true,
      filterBySpanID: false,
      customQuery: false,
    });
  });

  it('changes only the data source when one was picked before', () => {
    const onChange = renderSection({ datasourceUid: 'old-loki', tags: [{ key: 'job' }] });
    expect(screen.getByText('Data source old-loki')).toBeInTheDocument();
    fireEvent.click(byId(PICKER));
    expect(onChange).toHaveBeenCalledWith({ datasourceUid: 'loki', tags: [{ key: 'job' }] });
  });

  it('clears the data source and keeps the rest', () => {
    const onChange = renderSection({ datasourceUid: 'loki', filterByTraceID: true });
    fireEvent.click(screen.getByRole('button', { name: `Clear ${PICKER}` }));
    expect(onChange).toHaveBeenCalledWith({ datasourceUid: undefined, filterByTraceID: true });
  });

  it('writes valid time shifts, negative ones too, and an emptied one as unset', () => {
    const onChange = renderSection({ datasourceUid: 'loki', spanEndTimeShift: '5m' });
    fireEvent.change(byId('threadline-logs-start-shift'), { target: { value: '-10m' } });
    expect(onChange).toHaveBeenLastCalledWith({
      datasourceUid: 'loki',
      spanStartTimeShift: '-10m',
      spanEndTimeShift: '5m',
    });
    fireEvent.change(byId('threadline-logs-end-shift'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ datasourceUid: 'loki', spanEndTimeShift: undefined });
  });

  it('keeps an invalid time shift out of jsonData and says what is wrong', () => {
    const onChange = renderSection({ spanStartTimeShift: '-5m' });
    fireEvent.change(byId('threadline-logs-start-shift'), { target: { value: '-5 minutes' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(byId('threadline-logs-start-shift')).toHaveValue('-5 minutes');
    expect(screen.getByText(/not a duration/i)).toBeInTheDocument();
    fireEvent.change(byId('threadline-logs-start-shift'), { target: { value: '-5m' } });
    expect(screen.queryByText(/not a duration/i)).not.toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith({ spanStartTimeShift: '-5m' });
  });

  it('writes the tags', () => {
    const onChange = renderSection({ tags: [] });
    fireEvent.click(screen.getByRole('button', { name: /add tag/i }));
    expect(onChange).toHaveBeenCalledWith({ tags: [{ key: '' }] });
  });

  it('switches the trace and span ID filters', () => {
    const onChange = renderSection({ filterByTraceID: true });
    expect(byId('threadline-logs-filter-trace')).toBeChecked();
    fireEvent.click(byId('threadline-logs-filter-trace'));
    expect(onChange).toHaveBeenLastCalledWith({ filterByTraceID: false });
    fireEvent.click(byId('threadline-logs-filter-span'));
    expect(onChange).toHaveBeenLastCalledWith({ filterByTraceID: true, filterBySpanID: true });
  });

  it('shows the Loki query the settings make', () => {
    renderSection({ tags: [{ key: 'service.name', value: 'service_name' }], filterByTraceID: true });
    expect(screen.getByText('{service_name="web-frontend"} |="948fa8de1f33f0601aecb1973e1c20bb"')).toBeInTheDocument();
  });

  it('edits a custom query, which replaces the filters', () => {
    const onChange = renderSection({ customQuery: true, query: '{${__tags}}' });
    expect(byId('threadline-logs-filter-trace')).toBeDisabled();
    fireEvent.change(byId('threadline-logs-query'), { target: { value: '{${__tags}} |= "${__trace.traceId}"' } });
    expect(onChange).toHaveBeenCalledWith({ customQuery: true, query: '{${__tags}} |= "${__trace.traceId}"' });
    expect(screen.getByText('{service_name="web-frontend", service_namespace="signup"}')).toBeInTheDocument();
  });

  it('has no custom query field until the switch is on', () => {
    const onChange = renderSection();
    expect(document.getElementById('threadline-logs-query')).toBeNull();
    fireEvent.click(byId('threadline-logs-custom-query'));
    expect(onChange).toHaveBeenCalledWith({ customQuery: true });
  });
});
