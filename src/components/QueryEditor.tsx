import React, { useState } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, Input } from '@grafana/ui';

import { DataSource } from '../datasource';
import { ThreadlineOptions, ThreadlineQuery } from '../types';

type Props = QueryEditorProps<DataSource, ThreadlineQuery, ThreadlineOptions>;

/** One field for a trace ID; it runs on Enter or when it loses focus, like Grafana's own editors. */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  // What the user is typing, until Enter or blur hands it to Grafana.
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const text = draft ?? query.query ?? '';

  const commit = () => {
    if (text !== query.query) {
      onChange({ ...query, query: text });
    }
    setDraft(undefined);
    onRunQuery();
  };

  return (
    <InlineField label="Trace ID" labelWidth={14} grow tooltip="A trace ID: up to 32 hex characters.">
      <Input
        aria-label="Trace ID"
        placeholder="Enter a trace ID, e.g. 948fa8de1f33f0601aecb1973e1c20bb"
        value={text}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
    </InlineField>
  );
}
