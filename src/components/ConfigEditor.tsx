import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { DataSourceHttpSettings, FieldSet, InlineField, InlineSwitch, Input, RadioButtonGroup } from '@grafana/ui';

import { BackendKind, ThreadlineOptions } from '../types';
import { AutocompleteSection } from './config/AutocompleteSection';
import { LABEL_WIDTH } from './config/link-settings';
import { NodeGraphSection } from './config/NodeGraphSection';
import { SpanBarSection } from './config/SpanBarSection';
import { TracesToLogsSection } from './config/TracesToLogsSection';
import { TracesToMetricsSection } from './config/TracesToMetricsSection';
import { TracesToProfilesSection } from './config/TracesToProfilesSection';

type Props = DataSourcePluginOptionsEditorProps<ThreadlineOptions>;

const BACKEND_OPTIONS: Array<{ label: string; value: BackendKind; description: string }> = [
  { label: 'Tempo', value: 'tempo', description: 'Grafana Tempo: TraceQL, search builder, metrics' },
  { label: 'Jaeger', value: 'jaeger', description: 'Jaeger v2, or a v1 query service: search form, dependencies' },
  { label: 'Zipkin', value: 'zipkin', description: 'Zipkin v2 API: search form, dependencies' },
];

/** Each backend's usual API address, shown as the URL placeholder. */
const DEFAULT_URLS: Record<BackendKind, string> = {
  tempo: 'http://tempo:3200',
  jaeger: 'http://jaeger:16686',
  zipkin: 'http://zipkin:9411',
};

/**
 * URL, auth, TLS, custom headers and timeout come from Grafana's own HTTP settings
 * (secrets land in secureJsonData there), under the choice of backend; below them, what is
 * particular to Tempo (shown for Tempo only), then the
 * settings Grafana's trace view reads from jsonData (links from spans, span bar, node graph).
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const setJsonData = (patch: Partial<ThreadlineOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const backend = jsonData.backend ?? 'tempo';
  const traceQuery = jsonData.traceQuery ?? {};
  const setTraceQuery = (patch: Partial<NonNullable<ThreadlineOptions['traceQuery']>>) =>
    setJsonData({ traceQuery: { ...traceQuery, ...patch } });

  return (
    <>
      <FieldSet label="Backend">
        <InlineField
          label="Tracing backend"
          labelWidth={LABEL_WIDTH}
          tooltip="The server behind the URL below. Data sources made before this choice existed talk to Tempo."
        >
          <RadioButtonGroup<BackendKind>
            aria-label="Tracing backend"
            options={BACKEND_OPTIONS}
            value={backend}
            onChange={(next) => setJsonData({ backend: next })}
          />
        </InlineField>
      </FieldSet>

      <DataSourceHttpSettings
        defaultUrl={DEFAULT_URLS[backend]}
        dataSourceConfig={options}
        onChange={onOptionsChange}
        showAccessOptions={false}
      />

      {backend === 'tempo' && (
        <FieldSet label="Tempo">
          <InlineField
            label="Tenant ID"
            labelWidth={LABEL_WIDTH}
            tooltip="For a multi-tenant Tempo: sent as the X-Scope-OrgID header with every request. Leave empty for a single-tenant Tempo."
          >
            <Input
              id="threadline-tenant-id"
              width={40}
              placeholder="single-tenant"
              value={jsonData.tenantId ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) =>
                setJsonData({ tenantId: e.currentTarget.value || undefined })
              }
            />
          </InlineField>
        </FieldSet>
      )}

      <FieldSet label="Trace by ID">
        <InlineField
          label="Limit to the time range"
          labelWidth={LABEL_WIDTH}
          tooltip="Send the query's time range (widened by the shifts below) with trace-by-ID requests. Faster on large Tempo installations, but a trace outside the range is not found."
        >
          <InlineSwitch
            id="threadline-time-shift-enabled"
            value={traceQuery.timeShiftEnabled ?? false}
            onChange={(e: React.FormEvent<HTMLInputElement>) =>
              setTraceQuery({ timeShiftEnabled: e.currentTarget.checked })
            }
          />
        </InlineField>
        {traceQuery.timeShiftEnabled && (
          <>
            <InlineField
              label="Start shift"
              labelWidth={LABEL_WIDTH}
              tooltip="Moves the start earlier, e.g. 30m or 1h."
            >
              <Input
                id="threadline-span-start-shift"
                width={16}
                placeholder="30m"
                value={traceQuery.spanStartTimeShift ?? ''}
                onChange={(e: ChangeEvent<HTMLInputElement>) =>
                  setTraceQuery({ spanStartTimeShift: e.currentTarget.value })
                }
              />
            </InlineField>
            <InlineField label="End shift" labelWidth={LABEL_WIDTH} tooltip="Moves the end later, e.g. 30m or 1h.">
              <Input
                id="threadline-span-end-shift"
                width={16}
                placeholder="30m"
                value={traceQuery.spanEndTimeShift ?? ''}
                onChange={(e: ChangeEvent<HTMLInputElement>) =>
                  setTraceQuery({ spanEndTimeShift: e.currentTarget.value })
                }
              />
            </InlineField>
          </>
        )}
      </FieldSet>

      <TracesToLogsSection
        value={jsonData.tracesToLogsV2}
        onChange={(tracesToLogsV2) => setJsonData({ tracesToLogsV2 })}
      />
      <TracesToMetricsSection
        value={jsonData.tracesToMetrics}
        onChange={(tracesToMetrics) => setJsonData({ tracesToMetrics })}
      />
      <TracesToProfilesSection
        value={jsonData.tracesToProfiles}
        onChange={(tracesToProfiles) => setJsonData({ tracesToProfiles })}
      />
      <SpanBarSection value={jsonData.spanBar} onChange={(spanBar) => setJsonData({ spanBar })} />
      <NodeGraphSection value={jsonData.nodeGraph} onChange={(nodeGraph) => setJsonData({ nodeGraph })} />
      {backend === 'tempo' && (
        <AutocompleteSection tagLimit={jsonData.tagLimit} onChange={(tagLimit) => setJsonData({ tagLimit })} />
      )}
    </>
  );
}
