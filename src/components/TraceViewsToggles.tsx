import React from 'react';
import { Checkbox, InlineField, Stack } from '@grafana/ui';

import { TraceView, ThreadlineQuery } from '../types';

const VIEWS: Array<{ view: TraceView; label: string }> = [
  { view: 'statistics', label: 'Statistics' },
  { view: 'flamegraph', label: 'Flame graph' },
];
const TOOLTIP =
  'More views of the same trace, under the trace view. Statistics: a table per service and operation ' +
  '(spans, errors, total and self time). Flame graph: one bar per call path of service and operation.';

interface Props {
  query: ThreadlineQuery;
  onChange: (query: ThreadlineQuery) => void;
  onRunQuery: () => void;
}

/** "Also show": more views of the same trace, each one more frame from the same fetch. Runs the query on change. */
export function TraceViewsToggles({ query, onChange, onRunQuery }: Props) {
  const views = query.views ?? [];
  const toggle = (view: TraceView, on: boolean) => {
    const next = VIEWS.map((option) => option.view).filter((v) => (v === view ? on : views.includes(v)));
    const { views: _old, ...rest } = query;
    onChange(next.length ? { ...rest, views: next } : rest);
    onRunQuery();
  };
  return (
    <InlineField label="Also show" labelWidth={14} tooltip={TOOLTIP}>
      <Stack direction="row" gap={2} alignItems="center">
        {VIEWS.map(({ view, label }) => (
          <Checkbox
            key={view}
            label={label}
            value={views.includes(view)}
            onChange={(event) => toggle(view, event.currentTarget.checked)}
          />
        ))}
      </Stack>
    </InlineField>
  );
}
