import React, { FormEvent } from 'react';
import { FieldSet, InlineField, InlineSwitch, Text } from '@grafana/ui';

import type { LinkSettings } from '../../types';
import { LABEL_WIDTH, type SectionProps } from './link-settings';

type NodeGraphOptions = NonNullable<LinkSettings['nodeGraph']>;

/** `nodeGraph`: whether a trace comes with a graph of its services. */
export function NodeGraphSection({ value = {}, onChange }: SectionProps<NodeGraphOptions>) {
  return (
    <FieldSet label="Node graph">
      <Text element="p" color="secondary">
        Shows a graph of the trace&apos;s services above the trace view: one node per service with its total and self
        time and its share of failed spans, one edge per pair of services that call each other.
      </Text>
      <InlineField label="Enable node graph" labelWidth={LABEL_WIDTH} tooltip="Default: off.">
        <InlineSwitch
          id="threadline-node-graph-enabled"
          value={value.enabled ?? false}
          onChange={(e: FormEvent<HTMLInputElement>) => onChange({ ...value, enabled: e.currentTarget.checked })}
        />
      </InlineField>
    </FieldSet>
  );
}
