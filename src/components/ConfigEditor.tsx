import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { FieldSet, InlineField, InlineSwitch, Input } from '@grafana/ui';
import { AdvancedHttpSettings, Auth, ConnectionSettings, convertLegacyAuthProps } from '@grafana/plugin-ui';

import { ThreadlineOptions } from '../types';
import { AutocompleteSection } from './config/AutocompleteSection';
import { isValidTimeShift, LABEL_WIDTH, TIME_SHIFT_ERROR } from './config/link-settings';
import { NodeGraphSection } from './config/NodeGraphSection';
import { SpanBarSection } from './config/SpanBarSection';
import { SpanBudgetField } from './config/SpanBudgetField';
import { TracesToLogsSection } from './config/TracesToLogsSection';
import { TracesToMetricsSection } from './config/TracesToMetricsSection';
import { TracesToProfilesSection } from './config/TracesToProfilesSection';
import { ValidatedInput } from './config/ValidatedInput';
import { TRACE_WINDOW_LABELS } from '../settings-labels';

type Props = DataSourcePluginOptionsEditorProps<ThreadlineOptions>;

/**
 * URL, auth, TLS, custom headers and timeout come from @grafana/plugin-ui's connection and auth
 * settings (what replaced Grafana's DataSourceHttpSettings; secrets land in secureJsonData there); below them, what is particular to Tempo, then the
 * settings Grafana's trace view reads from jsonData (links from spans, span bar, node graph).
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const setJsonData = (patch: Partial<ThreadlineOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const traceQuery = jsonData.traceQuery ?? {};
  const setTraceQuery = (patch: Partial<NonNullable<ThreadlineOptions['traceQuery']>>) =>
    setJsonData({ traceQuery: { ...traceQuery, ...patch } });

  return (
    <>
      <ConnectionSettings config={options} onChange={onOptionsChange} urlPlaceholder="http://tempo:3200" />
      <Auth {...convertLegacyAuthProps({ config: options, onChange: onOptionsChange })} />
      <AdvancedHttpSettings config={options} onChange={onOptionsChange} />

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
      <AutocompleteSection tagLimit={jsonData.tagLimit} onChange={(tagLimit) => setJsonData({ tagLimit })} />
    </>
  );
}
