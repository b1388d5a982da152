import React, { ChangeEvent } from 'react';
import { FieldSet, InlineField, Input, RadioButtonGroup, Text } from '@grafana/ui';

import type { LinkSettings } from '../../types';
import { LABEL_WIDTH, type SectionProps } from './link-settings';

type SpanBarOptions = NonNullable<LinkSettings['spanBar']>;
type SpanBarType = NonNullable<SpanBarOptions['type']>;

const TYPES: Array<{ label: string; value: SpanBarType; description: string }> = [
  { label: 'None', value: 'None', description: 'Nothing next to the operation name' },
  { label: 'Duration', value: 'Duration', description: "The span's duration" },
  { label: 'Tag', value: 'Tag', description: "The value of one of the span's attributes" },
];

/** `spanBar`: what the trace view writes next to the service and operation on each span's row. */
export function SpanBarSection({ value = {}, onChange }: SectionProps<SpanBarOptions>) {
  const type = value.type ?? 'Duration';
  return (
    <FieldSet label="Span bar">
      <Text element="p" color="secondary">
        What the trace view shows next to the service and operation name in each span&apos;s row.
      </Text>
      <InlineField label="Label" labelWidth={LABEL_WIDTH} tooltip="Default: the span's duration.">
        <RadioButtonGroup
          id="threadline-span-bar-type"
          options={TYPES}
          value={type}
          onChange={(next) => onChange({ ...value, type: next })}
        />
      </InlineField>
      {type === 'Tag' && (
        <InlineField
          label="Tag key"
          labelWidth={LABEL_WIDTH}
          tooltip="The attribute whose value is shown; the span's attributes are searched, then its resource's."
        >
          <Input
            id="threadline-span-bar-tag"
            width={40}
            placeholder="http.route"
            value={value.tag ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...value, tag: e.currentTarget.value })}
          />
        </InlineField>
      )}
    </FieldSet>
  );
}
