import { css } from '@emotion/css';
import React, { useId, useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { Button, Combobox, ComboboxOption, InlineField, InlineFieldRow, RadioButtonGroup, Stack } from '@grafana/ui';

import {
  DurationRange,
  SearchBuilderState,
  SearchOperator,
  SpanKind,
  SpanStatus,
  StringMatcher,
} from '../traceql/builder';
import { KIND_VALUES } from '../traceql/literals';
import { TagSource, ThreadlineQuery } from '../types';
import { BlurCommitInput } from './BlurCommitInput';
import { SearchFilterRow } from './SearchFilterRow';
import {
  EMPTY_BUILDER,
  isMultiValueOperator,
  newFilter,
  normalizeValues,
  queryWithoutField,
  queryWithoutFilter,
  tryBuildTraceQL,
  withOperator,
} from './searchBuilderState';
import { TagValueSelect, useHiddenLabel } from './TagSelects';

const LABEL_WIDTH = 14;
const NAME_OPERATORS: Array<ComboboxOption<SearchOperator>> = (['=', '!=', '=~'] as const).map((operator) => ({
  label: operator,
  value: operator as SearchOperator,
}));
const STATUS_OPTIONS: Array<SelectableValue<SpanStatus | ''>> = [
  { label: 'Any', value: '' },
  { label: 'error', value: 'error' },
  { label: 'ok', value: 'ok' },
  { label: 'unset', value: 'unset' },
];
const KIND_OPTIONS = KIND_VALUES.map((kind) => ({ label: kind, value: kind }));

interface Props {
  query: ThreadlineQuery;
  tags?: TagSource;
  onChange: (query: ThreadlineQuery) => void;
}

/**
 * Form for a one-spanset search. Every valid change writes `builder` and its TraceQL in
 * `query`; a change buildTraceQL rejects stays here, marked, until it is fixed.
 */
export function SearchBuilder({ query, tags, onChange }: Props) {
  const [invalidBuilder, setInvalidBuilder] = useState<SearchBuilderState | undefined>(undefined);
  const builder = invalidBuilder ?? query.builder ?? EMPTY_BUILDER;
  const { error } = tryBuildTraceQL(builder);
  const errorOf = (field: string) => (error?.field === field ? error.message : undefined);
  const ids = { service: useId(), spanName: useId(), spanDuration: useId(), traceDuration: useId() };

  const update = (next: SearchBuilderState) => {
    const built = tryBuildTraceQL(next);
    setInvalidBuilder(built.error ? next : undefined);
    if (built.query !== undefined) {
      onChange({ ...query, builder: next, query: built.query });
    }
  };
  const set = <K extends keyof SearchBuilderState>(key: K, value: SearchBuilderState[K]) =>
    update({ ...builder, [key]: value });

  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <InlineField
          label="Service name"
          labelWidth={LABEL_WIDTH}
          htmlFor={ids.service}
          error={errorOf('serviceName')}
          invalid={Boolean(errorOf('serviceName'))}
        >
          <StringMatcherInput
            inputId={ids.service}
            label="Service name"
            tags={tags}
            tag="resource.service.name"
            query={queryWithoutField(builder, 'serviceName')}
            matcher={builder.serviceName}
            onChange={(matcher) => set('serviceName', matcher)}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Span name"
          labelWidth={LABEL_WIDTH}
          htmlFor={ids.spanName}
          error={errorOf('spanName')}
          invalid={Boolean(errorOf('spanName'))}
        >
          <StringMatcherInput
            inputId={ids.spanName}
            label="Span name"
            tags={tags}
            tag="name"
            query={queryWithoutField(builder, 'spanName')}
            matcher={builder.spanName}
            onChange={(matcher) => set('spanName', matcher)}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Status" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<SpanStatus | ''>
            options={STATUS_OPTIONS}
            value={builder.status ?? ''}
            onChange={(status) => set('status', status || undefined)}
          />
        </InlineField>
        <InlineField label="Kind">
          <Combobox<SpanKind>
            width={16}
            isClearable
            placeholder="Any"
            options={KIND_OPTIONS}
            value={builder.kind ?? null}
            onChange={(option) => set('kind', option?.value)}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Span duration"
          labelWidth={LABEL_WIDTH}
          htmlFor={ids.spanDuration}
          error={errorOf('spanDuration')}
          invalid={Boolean(errorOf('spanDuration'))}
        >
          <DurationRangeInput
            inputId={ids.spanDuration}
            label="Span duration"
            range={builder.spanDuration}
            onChange={(range) => set('spanDuration', range)}
          />
        </InlineField>
        <InlineField
          label="Trace duration"
          htmlFor={ids.traceDuration}
          error={errorOf('traceDuration')}
          invalid={Boolean(errorOf('traceDuration'))}
        >
          <DurationRangeInput
            inputId={ids.traceDuration}
            label="Trace duration"
            range={builder.traceDuration}
            onChange={(range) => set('traceDuration', range)}
          />
        </InlineField>
      </InlineFieldRow>
      {builder.filters.map((filter) => (
        <SearchFilterRow
          key={filter.id}
          filter={filter}
          tags={tags}
          narrowingQuery={queryWithoutFilter(builder, filter.id)}
          error={errorOf(`filters.${filter.id}`)}
          onChange={(changed) =>
            set(
              'filters',
              builder.filters.map((item) => (item.id === changed.id ? changed : item))
            )
          }
          onRemove={() =>
            set(
              'filters',
              builder.filters.filter((item) => item.id !== filter.id)
            )
          }
        />
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          icon="plus"
          onClick={() => set('filters', [...builder.filters, newFilter(builder.filters)])}
        >
          Add filter
        </Button>
      </div>
    </Stack>
  );
}

interface StringMatcherInputProps {
  inputId: string;
  label: string;
  tags?: TagSource;
  tag: string;
  query: string;
  matcher?: StringMatcher;
  onChange: (matcher: StringMatcher) => void;
  /** Set by the enclosing InlineField. */
  invalid?: boolean;
}

/** Operator and value(s) of a string field such as the service name. */
function StringMatcherInput({ inputId, label, tags, tag, query, matcher, onChange, invalid }: StringMatcherInputProps) {
  const current: StringMatcher = matcher ?? { operator: '=', value: '' };
  const operatorLabel = useHiddenLabel(`${label} operator`);
  // Its own id: otherwise it takes the enclosing field's (and so the field's label) from its context.
  const operatorId = useId();
  return (
    <div className={styles.controls}>
      {operatorLabel.label}
      <Combobox<SearchOperator>
        id={operatorId}
        aria-labelledby={operatorLabel.labelledBy}
        width={8}
        options={NAME_OPERATORS}
        value={current.operator}
        onChange={(option) => onChange(withOperator(current, option.value))}
      />
      <TagValueSelect
        inputId={inputId}
        width={36}
        invalid={invalid}
        tags={tags}
        tag={tag}
        query={query}
        value={current.value}
        multi={isMultiValueOperator(current.operator)}
        onChange={(values) => onChange({ ...current, value: normalizeValues(values) })}
      />
    </div>
  );
}

interface DurationRangeInputProps {
  inputId: string;
  label: string;
  range?: DurationRange;
  onChange: (range: DurationRange | undefined) => void;
  invalid?: boolean;
}

function DurationRangeInput({ inputId, label, range, onChange, invalid }: DurationRangeInputProps) {
  const maxId = useId();
  const commit = (bound: keyof DurationRange, text: string) => {
    if (text.trim() === (range?.[bound] ?? '')) {
      return;
    }
    const next = { ...range, [bound]: text.trim() || undefined };
    onChange(next.min || next.max ? next : undefined);
  };
  return (
    <div className={styles.controls}>
      <BlurCommitInput
        id={inputId}
        aria-label={`${label} min`}
        width={12}
        placeholder="min: 100ms"
        invalid={invalid}
        value={range?.min ?? ''}
        onCommit={(text) => commit('min', text)}
      />
      <BlurCommitInput
        id={maxId}
        aria-label={`${label} max`}
        width={12}
        placeholder="max: 2s"
        invalid={invalid}
        value={range?.max ?? ''}
        onCommit={(text) => commit('max', text)}
      />
    </div>
  );
}

const styles = {
  controls: css({ display: 'flex', gap: '4px' }),
};
