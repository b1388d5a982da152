import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { FieldSet, InlineField, InlineSwitch, Input } from '@grafana/ui';
import { AdvancedHttpSettings, Auth, ConnectionSettings, convertLegacyAuthProps } from '@grafana/plugin-ui';

import { ThreadlineOptions } from '../types';
import { AutocompleteSection } from './config/AutocompleteSection';
import { LABEL_WIDTH } from './config/link-settings';
import { NodeGraphSection } from './config/NodeGraphSection';
import { SpanBarSection } from './config/SpanBarSection';
import { TracesToLogsSection } from './config/TracesToLogsSection';
import { TracesToMetricsSection } from './config/TracesToMetricsSection';
import { TracesToProfilesSection } from './config/TracesToProfilesSection';

type Props = DataSourcePluginOptionsEditorProps<ThreadlineOptions>;

/**
 * URL, auth, TLS, custom headers and timeout come from @grafana/plugin-ui's connection and auth
 * settings, which replace Grafana's DataSourceHttpSettings (secrets land in secureJsonData there);
 * below them, what is particular to Tempo, then the settings Grafana's trace view reads from
 * jsonData (links from spans, span bar, node graph).
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
      <AutocompleteSection tagLimit={jsonData.tagLimit} onChange={(tagLimit) => setJsonData({ tagLimit })} />
    </>
  );
}
