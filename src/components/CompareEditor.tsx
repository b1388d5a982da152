import React from 'react';
import { IconButton, InlineField, Stack } from '@grafana/ui';

import { ThreadlineQuery } from '../types';
import { BlurCommitInput } from './BlurCommitInput';

interface Props {
  query: ThreadlineQuery;
  onChange: (query: ThreadlineQuery) => void;
  onRunQuery: () => void;
}

const TOOLTIP = 'A trace ID (up to 32 hex characters) or a template variable.';

/** Compare: trace A (`query`) and trace B (`compareTo`), and a button that swaps them. */
export function CompareEditor({ query, onChange, onRunQuery }: Props) {
  const commit = (key: 'query' | 'compareTo') => (text: string) => {
    if (text !== (query[key] ?? '')) {
      onChange({ ...query, [key]: text });
    }
    onRunQuery();
  };
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <InlineField label="Trace A" labelWidth={14} grow tooltip={TOOLTIP}>
        <BlurCommitInput
          aria-label="Trace A"
          placeholder="Trace ID of A, the baseline"
          value={query.query ?? ''}
          onCommit={commit('query')}
        />
      </InlineField>
      <IconButton
        name="exchange-alt"
        tooltip="Swap A and B"
        onClick={() => {
          onChange({ ...query, query: query.compareTo ?? '', compareTo: query.query ?? '' });
          onRunQuery();
        }}
      />
      <InlineField label="Trace B" labelWidth={14} grow tooltip={TOOLTIP}>
        <BlurCommitInput
          aria-label="Trace B"
          placeholder="Trace ID of B, compared with A"
          value={query.compareTo ?? ''}
          onCommit={commit('compareTo')}
        />
      </InlineField>
    </Stack>
  );
}
