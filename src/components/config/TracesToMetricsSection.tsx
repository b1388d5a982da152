import React, { ChangeEvent } from 'react';
import { DataSourcePicker } from '@grafana/runtime';
import { Button, FieldSet, IconButton, InlineField, Input, Stack, Text } from '@grafana/ui';

import type { TracesToMetricsOptions } from '../../types';
import { TagMappingInput } from './TagMappingInput';
import { ValidatedInput } from './ValidatedInput';
import {
  exampleLabels,
  interpolateExample,
  isMetricsDataSource,
  isValidTimeShift,
  LABEL_WIDTH,
  METRICS_DEFAULTS,
  type SectionProps,
  TIME_SHIFT_ERROR,
  withDataSource,
} from './link-settings';

type LinkedQuery = NonNullable<TracesToMetricsOptions['queries']>[number];

const QUERY_PLACEHOLDER = 'sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))';

/** `tracesToMetrics`: links from a span to metrics queries, one link per query. */
export function TracesToMetricsSection({ value = {}, onChange }: SectionProps<TracesToMetricsOptions>) {
  const update = (patch: Partial<TracesToMetricsOptions>) => onChange({ ...value, ...patch });
  const queries = value.queries ?? [];
  const setQuery = (index: number, query: LinkedQuery) =>
    update({ queries: queries.map((old, i) => (i === index ? query : old)) });

  return (
    <FieldSet label="Trace to metrics">
      <Text element="p" color="secondary">
        Adds links from each span to metrics queries, e.g. the request rate of the span&apos;s service.
      </Text>
      <InlineField
        label="Data source"
        labelWidth={LABEL_WIDTH}
        tooltip="The Prometheus (or VictoriaMetrics) data source the links open."
      >
        <DataSourcePicker
          inputId="threadline-metrics-data-source"
          current={value.datasourceUid}
          filter={isMetricsDataSource}
          noDefault
          width={40}
          onChange={(ds) => onChange(withDataSource(value, ds.uid, METRICS_DEFAULTS))}
          onClear={() => update({ datasourceUid: undefined })}
        />
      </InlineField>
      <InlineField
        label="Tags"
        labelWidth={LABEL_WIDTH}
        tooltip="Span and resource attributes that $__tags stands for in the queries, each optionally renamed to its metric label."
      >
        <TagMappingInput
          id="threadline-metrics-tags"
          values={value.tags ?? []}
          placeholders={METRICS_DEFAULTS.tags}
          onChange={(tags) => update({ tags })}
        />
      </InlineField>
      <ValidatedInput
        id="threadline-metrics-start-shift"
        label="Span start time shift"
        tooltip="Moves the start of the metrics' time range from the span's start; negative is earlier. Default: -2m."
        placeholder="-2m"
        value={value.spanStartTimeShift}
        isValid={isValidTimeShift}
        error={TIME_SHIFT_ERROR}
        onChange={(spanStartTimeShift) => update({ spanStartTimeShift })}
      />
      <ValidatedInput
        id="threadline-metrics-end-shift"
        label="Span end time shift"
        tooltip="Moves the end of the metrics' time range from the span's end; positive is later. Default: 2m."
        placeholder="2m"
        value={value.spanEndTimeShift}
        isValid={isValidTimeShift}
        error={TIME_SHIFT_ERROR}
        onChange={(spanEndTimeShift) => update({ spanEndTimeShift })}
      />
      {queries.map((query, index) => (
        <Stack key={index} gap={0.5} alignItems="center">
          <InlineField label="Link label" labelWidth={LABEL_WIDTH} tooltip="The link's name in the span's menu.">
            <Input
              id={`threadline-metrics-query-name-${index}`}
              width={24}
              placeholder="Request rate"
              value={query.name ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) =>
                setQuery(index, { ...query, name: e.currentTarget.value })
              }
            />
          </InlineField>
          <InlineField
            label="Query"
            labelWidth={10}
            grow
            tooltip="A PromQL query; $__tags becomes the tags as label matchers."
          >
            <Input
              id={`threadline-metrics-query-${index}`}
              placeholder={QUERY_PLACEHOLDER}
              value={query.query ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) =>
                setQuery(index, { ...query, query: e.currentTarget.value })
              }
            />
          </InlineField>
          <IconButton
            name="times"
            aria-label={`Remove query ${index + 1}`}
            onClick={() => update({ queries: queries.filter((_, i) => i !== index) })}
          />
        </Stack>
      ))}
      <Button
        variant="secondary"
        size="sm"
        icon="plus"
        type="button"
        onClick={() => update({ queries: [...queries, { query: '' }] })}
      >
        Add query
      </Button>
      <Text element="p" color="secondary">
        For a span of web-frontend, <Text variant="code">$__tags</Text> becomes{' '}
        <Text variant="code">{exampleLabels(value.tags)}</Text>, e.g.{' '}
        <Text variant="code">
          {interpolateExample(queries[0]?.query || QUERY_PLACEHOLDER, exampleLabels(value.tags))}
        </Text>
      </Text>
    </FieldSet>
  );
}
