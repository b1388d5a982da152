import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { FieldSet, InlineField, InlineSwitch, RadioButtonGroup } from '@grafana/ui';
import { AdvancedHttpSettings, Auth, ConnectionSettings, convertLegacyAuthProps } from '@grafana/plugin-ui';

import { BackendKind, ThreadlineOptions } from '../types';
import { AutocompleteSection } from './config/AutocompleteSection';
import { isValidTimeShift, LABEL_WIDTH, TIME_SHIFT_ERROR } from './config/link-settings';
import { NodeGraphSection } from './config/NodeGraphSection';
import { ResponseLimitField } from './config/ResponseLimitField';
import { SpanBarSection } from './config/SpanBarSection';
import { SpanBudgetField } from './config/SpanBudgetField';
import { TenantField } from './config/TenantField';
import { TracesToLogsSection } from './config/TracesToLogsSection';
import { TracesToMetricsSection } from './config/TracesToMetricsSection';
import { TracesToProfilesSection } from './config/TracesToProfilesSection';
import { ValidatedInput } from './config/ValidatedInput';
import { TRACE_WINDOW_LABELS } from '../settings-labels';

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
 * URL, auth, TLS, custom headers and timeout come from @grafana/plugin-ui's connection and auth
 * settings (what replaced Grafana's DataSourceHttpSettings; secrets land in secureJsonData there),
 * under the choice of backend; below them, what is particular to Tempo (shown for Tempo only), then the
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

      <ConnectionSettings config={options} onChange={onOptionsChange} urlPlaceholder={DEFAULT_URLS[backend]} />
      <Auth {...convertLegacyAuthProps({ config: options, onChange: onOptionsChange })} />
      <AdvancedHttpSettings config={options} onChange={onOptionsChange} />

      <ResponseLimitField
        value={jsonData.maxResponseMB}
        onChange={(maxResponseMB) => setJsonData({ maxResponseMB })}
      />

      {backend === 'tempo' && (
        <FieldSet label="Tempo">
          <TenantField options={options} onOptionsChange={onOptionsChange} />
        </FieldSet>
      )}

      <FieldSet label={TRACE_WINDOW_LABELS.section}>
        <InlineField
          label={TRACE_WINDOW_LABELS.enabled}
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
            <ValidatedInput
              id="threadline-span-start-shift"
              label={TRACE_WINDOW_LABELS.startShift}
              tooltip="Moves the start of the time range earlier, e.g. 30m or 1h. Empty: the range starts where the query's does."
              placeholder="0 (none)"
              value={traceQuery.spanStartTimeShift}
              isValid={isValidTimeShift}
              error={TIME_SHIFT_ERROR}
              onChange={(spanStartTimeShift) => setTraceQuery({ spanStartTimeShift })}
            />
            <ValidatedInput
              id="threadline-span-end-shift"
              label={TRACE_WINDOW_LABELS.endShift}
              tooltip="Moves the end of the time range later, e.g. 30m or 1h. Empty: the range ends where the query's does."
              placeholder="0 (none)"
              value={traceQuery.spanEndTimeShift}
              isValid={isValidTimeShift}
              error={TIME_SHIFT_ERROR}
              onChange={(spanEndTimeShift) => setTraceQuery({ spanEndTimeShift })}
            />
          </>
        )}
        <SpanBudgetField value={traceQuery.spanBudget} onChange={(spanBudget) => setTraceQuery({ spanBudget })} />
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
