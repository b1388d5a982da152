import React, { ChangeEvent, FormEvent } from 'react';
import { DataSourcePicker } from '@grafana/runtime';
import { FieldSet, InlineField, InlineSwitch, Input, Text } from '@grafana/ui';

import type { TracesToProfilesOptions } from '../../types';
import { TagMappingInput } from './TagMappingInput';
import {
  DEFAULT_PROFILE_TYPE,
  exampleLabels,
  interpolateExample,
  isProfilesDataSource,
  LABEL_WIDTH,
  PROFILES_DEFAULTS,
  type SectionProps,
  withDataSource,
} from './link-settings';

/** `tracesToProfiles`: the link from a span to the profiles of its service (Grafana Pyroscope). */
export function TracesToProfilesSection({ value = {}, onChange }: SectionProps<TracesToProfilesOptions>) {
  const update = (patch: Partial<TracesToProfilesOptions>) => onChange({ ...value, ...patch });
  const labels = exampleLabels(value.tags);
  const example = value.customQuery ? interpolateExample(value.query ?? '', labels) : `{${labels}}`;

  return (
    <FieldSet label="Trace to profiles">
      <Text element="p" color="secondary">
        Adds a link from each span to the profiles of its service over the span&apos;s time range.
      </Text>
      <InlineField
        label="Data source"
        labelWidth={LABEL_WIDTH}
        tooltip="The Grafana Pyroscope data source the link opens."
      >
        <DataSourcePicker
          inputId="threadline-profiles-data-source"
          current={value.datasourceUid}
          filter={isProfilesDataSource}
          noDefault
          width={40}
          onChange={(ds) => onChange(withDataSource(value, ds.uid, PROFILES_DEFAULTS))}
          onClear={() => update({ datasourceUid: undefined })}
        />
      </InlineField>
      <InlineField
        label="Tags"
        labelWidth={LABEL_WIDTH}
        tooltip="Span and resource attributes that select the profiles, each optionally renamed to its Pyroscope label. Without tags Grafana uses service.name and service.namespace."
      >
        <TagMappingInput
          id="threadline-profiles-tags"
          values={value.tags ?? []}
          placeholders={PROFILES_DEFAULTS.tags}
          onChange={(tags) => update({ tags })}
        />
      </InlineField>
      <InlineField
        label="Profile type"
        labelWidth={LABEL_WIDTH}
        tooltip="The Pyroscope profile type ID the link shows, e.g. CPU time or allocated memory."
      >
        <Input
          id="threadline-profiles-type"
          width={48}
          placeholder={DEFAULT_PROFILE_TYPE}
          value={value.profileTypeId ?? ''}
          onChange={(e: ChangeEvent<HTMLInputElement>) => update({ profileTypeId: e.currentTarget.value || undefined })}
        />
      </InlineField>
      <InlineField
        label="Use custom query"
        labelWidth={LABEL_WIDTH}
        tooltip="Write the label selector yourself instead of the tags above."
      >
        <InlineSwitch
          id="threadline-profiles-custom-query"
          value={value.customQuery ?? false}
          onChange={(e: FormEvent<HTMLInputElement>) => update({ customQuery: e.currentTarget.checked })}
        />
      </InlineField>
      {value.customQuery && (
        <InlineField
          label="Query"
          labelWidth={LABEL_WIDTH}
          grow
          tooltip="A Pyroscope label selector; Grafana replaces ${__tags} with the tags as labels."
        >
          <Input
            id="threadline-profiles-query"
            placeholder="{${__tags}}"
            value={value.query ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) => update({ query: e.currentTarget.value })}
          />
        </InlineField>
      )}
      <Text element="p" color="secondary">
        For a span of web-frontend, this links to <Text variant="code">{example}</Text> of profile type{' '}
        <Text variant="code">{value.profileTypeId || DEFAULT_PROFILE_TYPE}</Text>.
      </Text>
    </FieldSet>
  );
}
