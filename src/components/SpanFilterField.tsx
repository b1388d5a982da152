import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField } from '@grafana/ui';

import { DataSource } from '../datasource';
import { ThreadlineOptions, ThreadlineQuery } from '../types';
import { TraceQLEditor } from './TraceQLEditor';

type Props = Pick<
  QueryEditorProps<DataSource, ThreadlineQuery, ThreadlineOptions>,
  'query' | 'onChange' | 'onRunQuery'
> & {
  tags: DataSource['tags'];
};

/** Under the trace ID: TraceQL span conditions, with the TraceQL editor's highlighting and autocomplete; Enter runs. */
export function SpanFilterField({ query, onChange, onRunQuery, tags }: Props) {
  return (
    <InlineField
      label="Filter spans"
      labelWidth={14}
      grow
      tooltip={
        'TraceQL span conditions, e.g. { status = error } or { resource.service.name = "api" && duration > 50ms }: the trace shows the matching spans and their ancestors. Enter runs it.'
      }
    >
      <TraceQLEditor
        value={query.spanFilter ?? ''}
        tags={tags}
        ariaLabel="Filter spans"
        runOnEnter
        placeholder="Optional, e.g. { status = error } or { duration > 50ms }. Enter runs it."
        onChange={(spanFilter) => onChange({ ...query, spanFilter: spanFilter || undefined })}
        onRunQuery={onRunQuery}
      />
    </InlineField>
  );
}
