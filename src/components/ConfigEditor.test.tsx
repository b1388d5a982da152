/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Node export conditions: the `yaml` package's browser build is ES modules, which Jest does not load.
import React, { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { parse, stringify } from 'yaml';

import { unknownKeys } from '../../tests/support/jsondata-keys';
import { ThreadlineOptions } from '../types';
import { TIME_SHIFT_ERROR } from './config/link-settings';
import { ConfigEditor } from './ConfigEditor';

// The rest of @grafana/runtime stays real: @grafana/plugin-ui's config components extend its classes.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  ...require('../../tests/support/data-source-picker-stub'),
}));

/** Without the deprecated `database` (Elasticsearch and InfluxDB only), which the type still requires. */
function settings(jsonData: ThreadlineOptions = {}): DataSourceSettings<ThreadlineOptions> {
  const settings: Omit<DataSourceSettings<ThreadlineOptions>, 'database'> = {
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
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
  };
  return settings as DataSourceSettings<ThreadlineOptions>;
}

const byId = (id: string) => document.getElementById(id)!;
const section = (name: string) => within(screen.getByRole('group', { name }));

/** The editor inside a parent that keeps its changes, as Grafana's data source page does. */
function EditorWithState({ onChange }: { onChange: (options: DataSourceSettings<ThreadlineOptions>) => void }) {
  const [options, setOptions] = useState(settings());
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        setOptions(next);
        onChange(next);
      }}
    />
  );
}

// Mirrors the provisioning example of Grafana's Tempo data source docs ("Provision the data source"), as Grafana
// hands it to the editor (the file's `$$` is `$` here), with keys Threadline does not use (serviceMap, search).
const GRAFANA_TEMPO_JSON_DATA = {
  tracesToLogsV2: {
    datasourceUid: 'loki',
    spanStartTimeShift: '-1h',
    spanEndTimeShift: '1h',
    tags: [{ key: 'job' }, { key: 'instance' }, { key: 'pod' }, { key: 'namespace' }],
    filterByTraceID: false,
    filterBySpanID: false,
    customQuery: true,
    query: 'method="${__span.tags.method}"',
  },
  tracesToMetrics: {
    datasourceUid: 'prom',
    spanStartTimeShift: '-1h',
    spanEndTimeShift: '1h',
    tags: [{ key: 'service.name', value: 'service' }, { key: 'job' }],
    queries: [{ name: 'Sample query', query: 'sum(rate(traces_spanmetrics_latency_bucket{$__tags}[5m]))' }],
  },
  tracesToProfiles: {
    datasourceUid: 'grafana-pyroscope-datasource',
    tags: [{ key: 'job', value: 'service_name' }],
    profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
    customQuery: true,
    query: 'method="${__span.tags.method}"',
  },
  serviceMap: { datasourceUid: 'prometheus' },
  search: { hide: false },
  nodeGraph: { enabled: true },
  traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '-1h', spanEndTimeShift: '1h' },
  spanBar: { type: 'Tag', tag: 'http.path' },
} as ThreadlineOptions;

describe('ConfigEditor', () => {
  it("offers Grafana's HTTP settings with Tempo's address as the example URL", () => {
    render(<ConfigEditor options={settings()} onOptionsChange={jest.fn()} />);
    expect(screen.getByPlaceholderText('http://tempo:3200')).toBeInTheDocument();
  });

  it('chooses the backend at the top, and shows Tempo-only settings for Tempo only', () => {
    const onOptionsChange = jest.fn();
    const { rerender } = render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    expect(screen.getByRole('radio', { name: 'Tempo' })).toBeChecked();
    expect(screen.getByRole('group', { name: 'Tempo' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Autocomplete' })).toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: 'Jaeger' }));
    const jaeger = onOptionsChange.mock.calls[0][0] as DataSourceSettings<ThreadlineOptions>;
    expect(jaeger.jsonData).toEqual({ backend: 'jaeger' });
    rerender(<ConfigEditor options={jaeger} onOptionsChange={onOptionsChange} />);
    expect(screen.getByPlaceholderText('http://jaeger:16686')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Tempo' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Autocomplete' })).toBeNull();
    // What works on every backend stays.
    expect(screen.getByRole('group', { name: 'Trace by ID' })).toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: 'Zipkin' }));
    expect((onOptionsChange.mock.calls[1][0] as DataSourceSettings<ThreadlineOptions>).jsonData).toEqual({
      backend: 'zipkin',
    });
  });

  it('keeps the tenant as the X-Scope-OrgID custom header, its value in secureJsonData, never in jsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByPlaceholderText('single-tenant'), { target: { value: ' team-a ' } });
    const saved = onOptionsChange.mock.lastCall[0] as DataSourceSettings<ThreadlineOptions>;
    expect(saved.jsonData).toEqual({ httpHeaderName1: 'X-Scope-OrgID' });
    expect(saved.secureJsonData).toEqual({ httpHeaderValue1: 'team-a' });
    // No notice: there was nothing to move.
    expect(screen.queryByText(/click Save & test to keep it/)).toBeNull();
  });

  it('moves a tenant ID of older versions to the header when opened, after the headers already there, and says to save', () => {
    const onOptionsChange = jest.fn();
    const old = settings({ tenantId: 'team-a', httpHeaderName1: 'X-Custom' } as ThreadlineOptions);
    render(
      <ConfigEditor
        options={{ ...old, secureJsonFields: { httpHeaderValue1: true } }}
        onOptionsChange={onOptionsChange}
      />
    );
    expect(onOptionsChange).toHaveBeenCalledTimes(1);
    const moved = onOptionsChange.mock.calls[0][0] as DataSourceSettings<ThreadlineOptions>;
    expect(moved.jsonData).toEqual({ httpHeaderName1: 'X-Custom', httpHeaderName2: 'X-Scope-OrgID' });
    expect(moved.secureJsonData).toEqual({ httpHeaderValue2: 'team-a' });
    expect(moved.secureJsonFields).toEqual({ httpHeaderValue1: true });
    expect(
      screen.getByText('Tenant ID moved to the X-Scope-OrgID header: click Save & test to keep it')
    ).toBeInTheDocument();
    expect(screen.getByText(/The Tenant ID "team-a" was kept in jsonData and sent by the browser/)).toBeInTheDocument();
  });

  it('only removes the old tenant ID when an X-Scope-OrgID header is already set, whose saved value stays', () => {
    const onOptionsChange = jest.fn();
    const old = settings({ tenantId: 'team-a', httpHeaderName1: 'x-scope-orgid' } as ThreadlineOptions);
    render(
      <ConfigEditor
        options={{ ...old, secureJsonFields: { httpHeaderValue1: true } }}
        onOptionsChange={onOptionsChange}
      />
    );
    const moved = onOptionsChange.mock.calls[0][0] as DataSourceSettings<ThreadlineOptions>;
    expect(moved.jsonData).toEqual({ httpHeaderName1: 'x-scope-orgid' });
    expect(moved.secureJsonData).toBeUndefined();
    expect(screen.getByText(/an X-Scope-OrgID header is already set under HTTP headers/)).toBeInTheDocument();
  });

  it('shows a saved tenant as configured, and Reset removes the header', () => {
    const onOptionsChange = jest.fn();
    const saved = settings({ httpHeaderName1: 'X-Scope-OrgID', httpHeaderName2: 'X-Other' } as ThreadlineOptions);
    const options = { ...saved, secureJsonFields: { httpHeaderValue1: true, httpHeaderValue2: true } };
    render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
    expect(byId('threadline-tenant-id')).toHaveValue('configured');
    fireEvent.click(section('Tempo').getByRole('button', { name: 'Reset' }));
    const reset = onOptionsChange.mock.lastCall[0] as DataSourceSettings<ThreadlineOptions>;
    expect(reset.jsonData).toEqual({ httpHeaderName2: 'X-Other' });
    expect(reset.secureJsonFields).toEqual({ httpHeaderValue2: true });
  });

  it('writes the maximum response size, and refuses what is not a whole number', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    const limit = section('Response size').getByRole('textbox', { name: 'Maximum response size (MB)' });
    expect(limit).toHaveAttribute('placeholder', '1000');
    fireEvent.change(limit, { target: { value: '50' } });
    expect(onOptionsChange.mock.lastCall[0].jsonData).toEqual({ maxResponseMB: 50 });
    fireEvent.change(limit, { target: { value: '1 GB' } });
    expect(onOptionsChange).toHaveBeenCalledTimes(1);
    expect(screen.getByText('A whole number of megabytes: 0 for the default')).toBeInTheDocument();
  });

  it('turns the trace time window on and shows its shifts', () => {
    const onOptionsChange = jest.fn();
    const { rerender } = render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    expect(screen.queryByPlaceholderText('0 (none)')).not.toBeInTheDocument();
    fireEvent.click(document.getElementById('threadline-time-shift-enabled')!);
    const enabled = onOptionsChange.mock.calls[0][0] as DataSourceSettings<ThreadlineOptions>;
    expect(enabled.jsonData.traceQuery).toEqual({ timeShiftEnabled: true });

    rerender(<ConfigEditor options={enabled} onOptionsChange={onOptionsChange} />);
    fireEvent.change(document.getElementById('threadline-span-start-shift')!, { target: { value: '1h' } });
    const shifted = onOptionsChange.mock.calls[1][0] as DataSourceSettings<ThreadlineOptions>;
    expect(shifted.jsonData.traceQuery).toEqual({ timeShiftEnabled: true, spanStartTimeShift: '1h' });
  });

  it('checks the trace time window shifts as you type and keeps unreadable text out of jsonData', () => {
    const onOptionsChange = jest.fn();
    const options = settings({ traceQuery: { timeShiftEnabled: true, spanEndTimeShift: '30m' } });
    render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
    // An empty field means no shift, and says so.
    expect(byId('threadline-span-start-shift')).toHaveAttribute('placeholder', '0 (none)');

    fireEvent.change(byId('threadline-span-start-shift'), { target: { value: '30 minutes' } });
    expect(screen.getByText(TIME_SHIFT_ERROR)).toBeInTheDocument();
    expect(byId('threadline-span-start-shift')).toHaveValue('30 minutes');
    expect(onOptionsChange).not.toHaveBeenCalled();

    fireEvent.change(byId('threadline-span-start-shift'), { target: { value: '30m' } });
    expect(screen.queryByText(TIME_SHIFT_ERROR)).not.toBeInTheDocument();
    expect(onOptionsChange.mock.lastCall[0].jsonData.traceQuery).toEqual({
      timeShiftEnabled: true,
      spanStartTimeShift: '30m',
      spanEndTimeShift: '30m',
    });

    fireEvent.change(byId('threadline-span-end-shift'), { target: { value: '' } });
    expect(onOptionsChange.mock.lastCall[0].jsonData.traceQuery).toEqual({
      timeShiftEnabled: true,
      spanEndTimeShift: undefined,
    });
  });

  it('writes the span budget, 0 included, and refuses what is not a whole number', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    const budget = byId('threadline-span-budget');
    expect(budget).toHaveAttribute('placeholder', '20000');
    fireEvent.change(budget, { target: { value: '5000' } });
    expect(onOptionsChange.mock.calls[0][0].jsonData.traceQuery).toEqual({ spanBudget: 5000 });
    fireEvent.change(budget, { target: { value: '0' } });
    expect(onOptionsChange.mock.calls[1][0].jsonData.traceQuery).toEqual({ spanBudget: 0 });
    fireEvent.change(budget, { target: { value: '2k' } });
    expect(onOptionsChange).toHaveBeenCalledTimes(2);
    expect(screen.getByText('A whole number: 0 for no limit')).toBeInTheDocument();
  });

  it("loads a Grafana Tempo data source's provisioned link settings unchanged", () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings(GRAFANA_TEMPO_JSON_DATA)} onOptionsChange={onOptionsChange} />);

    const logs = section('Trace to logs');
    expect(logs.getByText('Data source loki')).toBeInTheDocument();
    ['job', 'instance', 'pod', 'namespace'].forEach((key, row) =>
      expect(byId(`threadline-logs-tags-key-${row}`)).toHaveValue(key)
    );
    expect(byId('threadline-logs-start-shift')).toHaveValue('-1h');
    expect(byId('threadline-logs-end-shift')).toHaveValue('1h');
    expect(byId('threadline-logs-filter-trace')).not.toBeChecked();
    expect(byId('threadline-logs-custom-query')).toBeChecked();
    expect(byId('threadline-logs-query')).toHaveValue('method="${__span.tags.method}"');

    expect(section('Trace to metrics').getByText('Data source prom')).toBeInTheDocument();
    expect(byId('threadline-metrics-tags-key-0')).toHaveValue('service.name');
    expect(byId('threadline-metrics-tags-value-0')).toHaveValue('service');
    expect(byId('threadline-metrics-start-shift')).toHaveValue('-1h');
    expect(byId('threadline-metrics-query-name-0')).toHaveValue('Sample query');
    expect(byId('threadline-metrics-query-0')).toHaveValue('sum(rate(traces_spanmetrics_latency_bucket{$__tags}[5m]))');

    expect(section('Trace to profiles').getByText('Data source grafana-pyroscope-datasource')).toBeInTheDocument();
    expect(byId('threadline-profiles-tags-value-0')).toHaveValue('service_name');
    expect(byId('threadline-profiles-type')).toHaveValue('process_cpu:cpu:nanoseconds:cpu:nanoseconds');
    expect(byId('threadline-profiles-query')).toHaveValue('method="${__span.tags.method}"');

    expect(section('Span bar').getByRole('radio', { name: 'Tag' })).toBeChecked();
    expect(byId('threadline-span-bar-tag')).toHaveValue('http.path');
    expect(byId('threadline-node-graph-enabled')).toBeChecked();
    expect(byId('threadline-time-shift-enabled')).toBeChecked();
    expect(byId('threadline-span-start-shift')).toHaveValue('-1h');
    expect(onOptionsChange).not.toHaveBeenCalled();

    // An edit changes its own key only; keys Threadline does not read stay.
    fireEvent.click(byId('threadline-node-graph-enabled'));
    expect(onOptionsChange.mock.lastCall[0].jsonData).toEqual({
      ...GRAFANA_TEMPO_JSON_DATA,
      nodeGraph: { enabled: false },
    });
  });

  it('writes jsonData that survives YAML provisioning and has only known keys', () => {
    const onChange = jest.fn();
    render(<EditorWithState onChange={onChange} />);

    fireEvent.click(byId('threadline-logs-data-source'));
    fireEvent.click(section('Trace to logs').getByRole('button', { name: /add tag/i }));
    fireEvent.change(byId('threadline-logs-tags-key-2'), { target: { value: 'k8s.pod.name' } });
    fireEvent.change(byId('threadline-logs-tags-value-2'), { target: { value: 'pod' } });
    fireEvent.change(byId('threadline-logs-start-shift'), { target: { value: '-10m' } });
    fireEvent.change(byId('threadline-logs-end-shift'), { target: { value: '10m' } });
    fireEvent.click(byId('threadline-node-graph-enabled'));
    fireEvent.click(section('Span bar').getByRole('radio', { name: 'Tag' }));
    fireEvent.change(byId('threadline-span-bar-tag'), { target: { value: 'http.route' } });
    fireEvent.change(byId('threadline-tag-limit'), { target: { value: '1000' } });

    const jsonData = onChange.mock.lastCall[0].jsonData;
    expect(jsonData).toEqual({
      tracesToLogsV2: {
        datasourceUid: 'loki',
        tags: [
          { key: 'service.name', value: 'service_name' },
          { key: 'service.namespace', value: 'service_namespace' },
          { key: 'k8s.pod.name', value: 'pod' },
        ],
        spanStartTimeShift: '-10m',
        spanEndTimeShift: '10m',
        filterByTraceID: true,
        filterBySpanID: false,
        customQuery: false,
      },
      nodeGraph: { enabled: true },
      spanBar: { type: 'Tag', tag: 'http.route' },
      tagLimit: 1000,
    });
    expect(parse(stringify(jsonData))).toStrictEqual(jsonData);
    expect(unknownKeys(jsonData)).toEqual([]);
  });
});
