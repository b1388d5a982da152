import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { ATTRIBUTE_SCOPES } from '../traceql/intrinsics';
import { ThreadlineVariableQuery } from '../types';
import { TagNameSelect, useHiddenLabel } from './TagSelects';

// The type lives in types.ts, next to the data source's metricFindQuery that reads it.
export type { ThreadlineVariableQuery };

type VariableScope = (typeof ATTRIBUTE_SCOPES)[number] | 'intrinsic';

const TYPE_OPTIONS: Array<SelectableValue<ThreadlineVariableQuery['type']>> = [
  { label: 'Tag names', value: 'tagNames' },
  { label: 'Tag values', value: 'tagValues' },
];
const SCOPE_OPTIONS: Array<ComboboxOption<VariableScope>> = [
  ...ATTRIBUTE_SCOPES.map((scope) => ({ label: scope, value: scope })),
  { label: 'intrinsic', value: 'intrinsic' },
];

interface Props {
  /** Grafana hands over a fresh variable as `{ refId }` or a string; both start as tag names. */
  query: Partial<ThreadlineVariableQuery> | string | undefined;
  onChange: (query: ThreadlineVariableQuery) => void;
  datasource: DataSource;
}

export function toVariableQuery(query: Props['query']): ThreadlineVariableQuery {
  if (!query || typeof query === 'string') {
    return { refId: 'ThreadlineVariableQuery', type: 'tagNames' };
  }
  return { ...query, refId: query.refId ?? 'ThreadlineVariableQuery', type: query.type ?? 'tagNames' };
}

export function VariableQueryEditor({ query, onChange, datasource }: Props) {
  const current = toVariableQuery(query);
  const scopeLabel = useHiddenLabel('Scope');
  return (
    <InlineFieldRow>
      {scopeLabel.label}
      <InlineField label="Query type" labelWidth={14}>
        <RadioButtonGroup<ThreadlineVariableQuery['type']>
          options={TYPE_OPTIONS}
          value={current.type}
          onChange={(type) => onChange({ refId: current.refId, type })}
        />
      </InlineField>
      {current.type === 'tagNames' ? (
        <InlineField label="Scope" tooltip="Only the attributes of this scope; empty for all">
          <Combobox<VariableScope>
            aria-labelledby={scopeLabel.labelledBy}
            width={20}
            isClearable
            placeholder="All scopes"
            options={SCOPE_OPTIONS}
            value={(current.scope as VariableScope | undefined) ?? null}
            onChange={(option) => onChange({ refId: current.refId, type: 'tagNames', scope: option?.value })}
          />
        </InlineField>
      ) : (
        <InlineField
          label="Tag"
          tooltip="A scoped attribute, e.g. resource.service.name, or an intrinsic such as status"
        >
          <TagNameSelect
            aria-label="Tag"
            width={36}
            tags={datasource.tags}
            scope="all"
            value={current.tag ?? ''}
            onChange={(tag) => onChange({ refId: current.refId, type: 'tagValues', tag })}
          />
        </InlineField>
      )}
    </InlineFieldRow>
  );
}
