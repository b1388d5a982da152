import React, { useMemo, useState } from 'react';
import { InlineField, InlineFieldRow, InlineSwitch, RadioButtonGroup } from '@grafana/ui';

import { isMetricsQuery } from '../traceql/syntax';
import { isDuration } from '../traceql/literals';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_SPSS, ThreadlineQuery } from '../types';
import { BlurCommitInput } from './BlurCommitInput';

type TextOption = 'limit' | 'spss' | 'step';
type Parsed<T> = { value: T | undefined; error?: undefined } | { value?: undefined; error: string };

const TABLE_OPTIONS: Array<{ label: string; value: 'traces' | 'spans' }> = [
  { label: 'Traces', value: 'traces' },
  { label: 'Spans', value: 'spans' },
];

function parseCount(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (!trimmed) {
    return { value: undefined };
  }
  return /^\d+$/.test(trimmed) && Number(trimmed) > 0
    ? { value: Number(trimmed) }
    : { error: 'A whole number above 0' };
}

function parseStep(text: string): Parsed<string> {
  const trimmed = text.trim();
  if (!trimmed) {
    return { value: undefined };
  }
  // A dashboard variable such as $__interval is replaced before the query runs.
  return (isDuration(trimmed) && !trimmed.startsWith('-')) || trimmed.startsWith('$')
    ? { value: trimmed }
    : { error: 'A duration like 30s or 5m' };
}

interface Props {
  query: ThreadlineQuery;
  onChange: (query: ThreadlineQuery) => void;
  onRunQuery: () => void;
}

/** Search options under the TraceQL and Search editors; metrics queries only take a step. */
export function QueryOptions({ query, onChange, onRunQuery }: Props) {
  const isMetrics = useMemo(() => isMetricsQuery(query.query ?? ''), [query.query]);
  const [errors, setErrors] = useState<Partial<Record<TextOption, string>>>({});

  const commitText = <T,>(option: TextOption, parsed: Parsed<T>): boolean => {
    setErrors((previous) => ({ ...previous, [option]: parsed.error }));
    if (parsed.error !== undefined) {
      return false;
    }
    if (parsed.value !== query[option]) {
      onChange({ ...query, [option]: parsed.value });
    }
    return true;
  };
  const changeAndRun = (changed: Partial<ThreadlineQuery>) => {
    onChange({ ...query, ...changed });
    onRunQuery();
  };

  if (isMetrics) {
    return (
      <InlineFieldRow>
        <InlineField
          label="Step"
          labelWidth={14}
          tooltip="Time between points, e.g. 30s. Empty: from the panel's interval."
          invalid={Boolean(errors.step)}
          error={errors.step}
        >
          <BlurCommitInput
            aria-label="Step"
            width={12}
            placeholder="auto"
            value={query.step ?? ''}
            onCommit={(text) => commitText('step', parseStep(text))}
          />
        </InlineField>
      </InlineFieldRow>
    );
  }

  return (
    <InlineFieldRow>
      <InlineField
        label="Limit"
        labelWidth={14}
        tooltip="Most traces returned"
        invalid={Boolean(errors.limit)}
        error={errors.limit}
      >
        <BlurCommitInput
          aria-label="Limit"
          width={10}
          placeholder={String(DEFAULT_SEARCH_LIMIT)}
          value={query.limit === undefined ? '' : String(query.limit)}
          onCommit={(text) => commitText('limit', parseCount(text))}
        />
      </InlineField>
      <InlineField
        label="Spans per span set"
        tooltip="Most matching spans returned for each trace (Tempo's spss)"
        invalid={Boolean(errors.spss)}
        error={errors.spss}
      >
        <BlurCommitInput
          aria-label="Spans per span set"
          width={10}
          placeholder={String(DEFAULT_SPSS)}
          value={query.spss === undefined ? '' : String(query.spss)}
          onCommit={(text) => commitText('spss', parseCount(text))}
        />
      </InlineField>
      <InlineField label="Table">
        <RadioButtonGroup
          options={TABLE_OPTIONS}
          value={query.tableType ?? 'traces'}
          onChange={(tableType) => changeAndRun({ tableType })}
        />
      </InlineField>
      <InlineField
        label="Most recent first"
        tooltip="Adds with(most_recent=true): Tempo searches on until it has the most recent matches instead of returning the first it finds. Slower; needs Tempo 2.7 or later."
      >
        <InlineSwitch
          aria-label="Most recent first"
          value={query.mostRecent ?? false}
          onChange={(event: React.FormEvent<HTMLInputElement>) =>
            changeAndRun({ mostRecent: event.currentTarget.checked })
          }
        />
      </InlineField>
    </InlineFieldRow>
  );
}
