import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { dataSourceOfType, pickerProps, pickNext } from '../../../tests/support/data-source-picker-stub';
import type { TracesToMetricsOptions } from '../../types';
import { TracesToMetricsSection } from './TracesToMetricsSection';

jest.mock('@grafana/runtime', () => require('../../../tests/support/data-source-picker-stub'));

const PICKER = 'threadline-metrics-data-source';
const byId = (id: string) => document.getElementById(id)!;
const REQUEST_RATE = { name: 'Request rate', query: 'sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))' };

function renderSection(value?: TracesToMetricsOptions) {
  const onChange = jest.fn();
  render(<TracesToMetricsSection value={value} onChange={onChange} />);
  return onChange;
}

describe('TracesToMetricsSection', () => {
  beforeEach(() => pickNext({ uid: 'prom', type: 'prometheus' }));
  afterEach(() => pickNext());

  it('offers only Prometheus-compatible data sources', () => {
    renderSection();
    const { filter } = pickerProps(PICKER);
    expect(filter!(dataSourceOfType('prometheus'))).toBe(true);
    expect(filter!(dataSourceOfType('loki'))).toBe(false);
  });

  it('starts a new link from the defaults when a data source is first picked', () => {
    const onChange = renderSection();
    fireEvent.click(byId(PICKER));
    expect(onChange).toHaveBeenCalledWith({
      datasourceUid: 'prom',
      tags: [{ key: 'service.name', value: 'service' }],
      spanStartTimeShift: '-2m',
      spanEndTimeShift: '2m',
    });
  });

  it('adds, edits and removes queries', () => {
    const onChange = renderSection({ queries: [REQUEST_RATE] });
    expect(byId('threadline-metrics-query-name-0')).toHaveValue('Request rate');

    fireEvent.click(screen.getByRole('button', { name: /add query/i }));
    expect(onChange).toHaveBeenLastCalledWith({ queries: [REQUEST_RATE, { query: '' }] });

    fireEvent.change(byId('threadline-metrics-query-0'), { target: { value: 'up{$__tags}' } });
    expect(onChange).toHaveBeenLastCalledWith({ queries: [{ name: 'Request rate', query: 'up{$__tags}' }] });

    fireEvent.click(screen.getByRole('button', { name: 'Remove query 1' }));
    expect(onChange).toHaveBeenLastCalledWith({ queries: [] });
  });

  it('keeps an invalid time shift out of jsonData', () => {
    const onChange = renderSection();
    fireEvent.change(byId('threadline-metrics-end-shift'), { target: { value: '2 min' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(byId('threadline-metrics-end-shift'), { target: { value: '2m' } });
    expect(onChange).toHaveBeenCalledWith({ spanEndTimeShift: '2m' });
  });

  it('shows what $__tags becomes in the first query', () => {
    renderSection({ tags: [{ key: 'service.name', value: 'service' }], queries: [REQUEST_RATE] });
    expect(screen.getByText('service="web-frontend"')).toBeInTheDocument();
    expect(
      screen.getByText('sum(rate(traces_spanmetrics_calls_total{service="web-frontend"}[5m]))')
    ).toBeInTheDocument();
  });
});
