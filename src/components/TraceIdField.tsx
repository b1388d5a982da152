import React from 'react';
import { InlineField } from '@grafana/ui';

import type { ThreadlineQuery } from '../types';
import { BlurCommitInput } from './BlurCommitInput';

interface Props {
  query: ThreadlineQuery;
  onChange: (query: ThreadlineQuery) => void;
  onRunQuery: () => void;
  tooltip: string;
  placeholder: string;
}

/** One field for a trace ID; it runs on Enter or when it loses focus, like Grafana's own editors. */
export function TraceIdField({ query, onChange, onRunQuery, tooltip, placeholder }: Props) {
  return (
    <InlineField label="Trace ID" labelWidth={14} grow tooltip={tooltip}>
      <BlurCommitInput
        aria-label="Trace ID"
        placeholder={placeholder}
        value={query.query ?? ''}
        onCommit={(text) => {
          if (text !== query.query) {
            onChange({ ...query, query: text });
          }
          onRunQuery();
        }}
      />
    </InlineField>
  );
}
