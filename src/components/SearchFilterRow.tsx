import React from 'react';
import { Combobox, ComboboxOption, IconButton, InlineField, InlineFieldRow } from '@grafana/ui';

import { SearchFilter, SearchOperator, SearchScope } from '../traceql/builder';
import { TagSource } from '../types';
import {
  defaultValueType,
  isMultiValueOperator,
  normalizeValues,
  scopedTagName,
  valueTypeOf,
  withOperator,
} from './searchBuilderState';
import { TagNameSelect, TagValueSelect, useHiddenLabel } from './TagSelects';

const SCOPE_OPTIONS: Array<ComboboxOption<SearchScope>> = [
  { label: 'resource', value: 'resource' },
  { label: 'span', value: 'span' },
  { label: 'event', value: 'event' },
  { label: 'link', value: 'link' },
  { label: 'instrumentation', value: 'instrumentation' },
  { label: 'intrinsic', value: 'intrinsic', description: 'name, status, duration, …' },
  { label: 'any (.)', value: 'unscoped', description: 'The attribute in any scope' },
];

const OPERATORS: SearchOperator[] = ['=', '!=', '=~', '!~', '>', '<', '>=', '<='];
const OPERATOR_OPTIONS: Array<ComboboxOption<SearchOperator>> = OPERATORS.map((operator) => ({
  label: operator,
  value: operator,
}));

interface Props {
  filter: SearchFilter;
  tags?: TagSource;
  /** The rest of the search as TraceQL, to narrow this filter's value suggestions. */
  narrowingQuery: string;
  error?: string;
  onChange: (filter: SearchFilter) => void;
  onRemove: () => void;
}

/** One attribute condition of the search builder: scope, tag, operator, value(s). */
export function SearchFilterRow({ filter, tags, narrowingQuery, error, onChange, onRemove }: Props) {
  const changeTag = (scope: SearchScope, tag: string) =>
    onChange({ ...filter, scope, tag, value: '', valueType: defaultValueType(scope, tag) });

  const scopeLabel = useHiddenLabel('Filter scope');
  const operatorLabel = useHiddenLabel('Filter operator');
  return (
    <InlineFieldRow>
      {scopeLabel.label}
      {operatorLabel.label}
      <InlineField label="Filter" labelWidth={14}>
        <Combobox<SearchScope>
          aria-labelledby={scopeLabel.labelledBy}
          width={18}
          options={SCOPE_OPTIONS}
          value={filter.scope}
          onChange={(option) => changeTag(option.value, filter.scope === option.value ? filter.tag : '')}
        />
      </InlineField>
      <InlineField>
        <TagNameSelect
          aria-label="Filter tag"
          width={28}
          tags={tags}
          scope={filter.scope}
          value={filter.tag}
          onChange={(tag) => changeTag(filter.scope, tag)}
        />
      </InlineField>
      <InlineField>
        <Combobox<SearchOperator>
          aria-labelledby={operatorLabel.labelledBy}
          width={8}
          options={OPERATOR_OPTIONS}
          value={filter.operator}
          onChange={(option) => onChange(withOperator(filter, option.value))}
        />
      </InlineField>
      <InlineField invalid={Boolean(error)} error={error}>
        <TagValueSelect
          aria-label="Filter value"
          width={30}
          tags={tags}
          tag={filter.tag ? scopedTagName(filter.scope, filter.tag) : ''}
          query={narrowingQuery}
          value={filter.value}
          multi={isMultiValueOperator(filter.operator)}
          onChange={(values, tempoType) =>
            onChange({
              ...filter,
              value: normalizeValues(values),
              valueType: tempoType ? valueTypeOf(tempoType) : filter.valueType,
            })
          }
        />
      </InlineField>
      <IconButton name="times" aria-label="Remove filter" onClick={onRemove} />
    </InlineFieldRow>
  );
}
