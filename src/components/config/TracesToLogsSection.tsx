import React, { ChangeEvent, FormEvent } from 'react';
import { DataSourcePicker } from '@grafana/runtime';
import { FieldSet, InlineField, InlineSwitch, Input, Text } from '@grafana/ui';

import type { TracesToLogsOptions } from '../../types';
import { TagMappingInput } from './TagMappingInput';
import { ValidatedInput } from './ValidatedInput';
import {
  isLogsDataSource,
  isValidTimeShift,
  LABEL_WIDTH,
  LOGS_DEFAULTS,
  logsQueryExample,
  type SectionProps,
  TIME_SHIFT_ERROR,
  withDataSource,
} from './link-settings';

/** `tracesToLogsV2`: the "Logs for this span" link of Grafana's trace view. */
export function TracesToLogsSection({ value = {}, onChange }: SectionProps<TracesToLogsOptions>) {
  const update = (patch: Partial<TracesToLogsOptions>) => onChange({ ...value, ...patch });
  const switched = (key: 'filterByTraceID' | 'filterBySpanID' | 'customQuery') => (e: FormEvent<HTMLInputElement>) =>
    update({ [key]: e.currentTarget.checked });

  return (
    <FieldSet label="Trace to logs">
      <Text element="p" color="secondary">
        Adds a link from each span to its logs, in the data source picked here, over the span&apos;s time range.
      </Text>
      <InlineField
        label="Data source"
        labelWidth={LABEL_WIDTH}
        tooltip="The logs data source the link opens: Loki, Elasticsearch, OpenSearch, Splunk, Falcon LogScale, Google Cloud Logging or VictoriaLogs."
      >
        <DataSourcePicker
          inputId="threadline-logs-data-source"
          current={value.datasourceUid}
          filter={isLogsDataSource}
          noDefault
          width={40}
          onChange={(ds) => onChange(withDataSource(value, ds.uid, LOGS_DEFAULTS))}
          onClear={() => update({ datasourceUid: undefined })}
        />
      </InlineField>
      <InlineField
        label="Tags"
        labelWidth={LABEL_WIDTH}
        tooltip="Span and resource attributes that select the logs, each optionally renamed to the label it has in the logs. Without tags Grafana uses cluster, hostname, namespace, pod, service.name and service.namespace."
      >
        <TagMappingInput
          id="threadline-logs-tags"
          values={value.tags ?? []}
          placeholders={LOGS_DEFAULTS.tags}
          onChange={(tags) => update({ tags })}
        />
      </InlineField>
      <ValidatedInput
        id="threadline-logs-start-shift"
        label="Span start time shift"
        tooltip="Moves the start of the logs' time range from the span's start; negative is earlier. E.g. -5m covers clock skew between services. Default: 0."
        placeholder="-5m"
        value={value.spanStartTimeShift}
        isValid={isValidTimeShift}
        error={TIME_SHIFT_ERROR}
        onChange={(spanStartTimeShift) => update({ spanStartTimeShift })}
      />
      <ValidatedInput
        id="threadline-logs-end-shift"
        label="Span end time shift"
        tooltip="Moves the end of the logs' time range from the span's end; positive is later, e.g. 5m. Default: 0."
        placeholder="5m"
        value={value.spanEndTimeShift}
        isValid={isValidTimeShift}
        error={TIME_SHIFT_ERROR}
        onChange={(spanEndTimeShift) => update({ spanEndTimeShift })}
      />
      <InlineField
        label="Filter by trace ID"
        labelWidth={LABEL_WIDTH}
        disabled={value.customQuery}
        tooltip="Keeps only log lines that contain the trace ID."
      >
        <InlineSwitch
          id="threadline-logs-filter-trace"
          value={value.filterByTraceID ?? false}
          onChange={switched('filterByTraceID')}
        />
      </InlineField>
      <InlineField
        label="Filter by span ID"
        labelWidth={LABEL_WIDTH}
        disabled={value.customQuery}
        tooltip="Keeps only log lines that contain the span ID."
      >
        <InlineSwitch
          id="threadline-logs-filter-span"
          value={value.filterBySpanID ?? false}
          onChange={switched('filterBySpanID')}
        />
      </InlineField>
      <InlineField
        label="Use custom query"
        labelWidth={LABEL_WIDTH}
        tooltip="Write the logs query yourself instead of the tags and filters above."
      >
        <InlineSwitch
          id="threadline-logs-custom-query"
          value={value.customQuery ?? false}
          onChange={switched('customQuery')}
        />
      </InlineField>
      {value.customQuery && (
        <InlineField
          label="Query"
          labelWidth={LABEL_WIDTH}
          grow
          tooltip="Grafana replaces ${__tags} with the tags as labels, and ${__trace.traceId} and ${__span.spanId} with the span's IDs."
        >
          <Input
            id="threadline-logs-query"
            placeholder='{${__tags}} |="${__trace.traceId}"'
            value={value.query ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) => update({ query: e.currentTarget.value })}
          />
        </InlineField>
      )}
      <Text element="p" color="secondary">
        For a span of web-frontend in Loki, this links to: <Text variant="code">{logsQueryExample(value)}</Text>
      </Text>
    </FieldSet>
  );
}
