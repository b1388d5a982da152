import { css } from '@emotion/css';
import React, { useState } from 'react';
import { GrafanaTheme2, QueryEditorProps } from '@grafana/data';
import { Button, InlineFieldRow, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';

import { DataSource } from '../datasource';
import { isTraceId } from '../trace-id';
import { ThreadlineOptions, ThreadlineQuery, ThreadlineQueryType } from '../types';
import { CheatSheet } from './CheatSheet';
import { CompareEditor } from './CompareEditor';
import { QueryOptions } from './QueryOptions';
import { SpanFilterField } from './SpanFilterField';
import { SearchBuilder } from './SearchBuilder';
import { ServiceSearchForm } from './ServiceSearchForm';
import { EMPTY_BUILDER, tryBuildTraceQL } from './searchBuilderState';
import { TraceIdField } from './TraceIdField';
import { TraceQLEditor } from './TraceQLEditor';
import { TraceViewsToggles } from './TraceViewsToggles';
import { UploadEditor } from './UploadEditor';

type Props = QueryEditorProps<DataSource, ThreadlineQuery, ThreadlineOptions>;

type QueryTypeOption = { label: string; value: ThreadlineQueryType };

/** The query types the data source's backend can run: TraceQL and its builder, or a search form. */
function queryTypeOptions(backend: DataSource['backend']): QueryTypeOption[] {
  return [
    ...(backend.traceql
      ? [
          { label: 'TraceQL', value: 'traceql' as const },
          { label: 'Search', value: 'search' as const },
        ]
      : []),
    ...(backend.serviceSearch ? [{ label: 'Search', value: 'serviceSearch' as const }] : []),
    { label: 'Trace ID', value: 'traceId' },
    { label: 'Compare', value: 'compare' },
    ...(backend.dependencies ? [{ label: 'Dependencies', value: 'dependencies' as const }] : []),
    // Every backend, and none: a trace file needs no server.
    { label: 'Trace file', value: 'upload' },
  ];
}

/** Saved queries without a type (links from logs, older versions) open as what their text is. */
function queryTypeOf(query: ThreadlineQuery, backend: DataSource['backend']): ThreadlineQueryType {
  const fallback = backend.traceql ? 'traceql' : backend.serviceSearch ? 'serviceSearch' : 'traceId';
  return query.queryType ?? (isTraceId(query.query ?? '') ? 'traceId' : fallback);
}

/**
 * Switching keeps the text, so nothing typed is lost; an empty query entering Search becomes the
 * builder's TraceQL so that what runs is what the builder shows.
 */
function withQueryType(query: ThreadlineQuery, queryType: ThreadlineQueryType): ThreadlineQuery {
  if (queryType === 'upload') {
    // An upload query's text selects one trace of the file: other text would select none.
    return { ...query, queryType, query: '' };
  }
  if (queryType === 'search' && !query.query?.trim()) {
    const built = tryBuildTraceQL(query.builder ?? EMPTY_BUILDER);
    return { ...query, queryType, query: built.query ?? query.query ?? '' };
  }
  return { ...query, queryType };
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const { backend } = datasource;
  const queryType = queryTypeOf(query, backend);
  const tags = datasource.tags;
  const usesQueryOptions = queryType === 'traceql' || queryType === 'search';

  return (
    <Stack direction="column" gap={1}>
      {/* A row, so the radio group keeps its own width instead of stretching across the column. */}
      <Stack direction="row">
        <RadioButtonGroup<ThreadlineQueryType>
          aria-label="Query type"
          size="sm"
          options={queryTypeOptions(backend)}
          value={queryType}
          onChange={(next) => onChange(withQueryType(query, next))}
        />
      </Stack>
      {queryType === 'traceId' && (
        <>
          <TraceIdField
            query={query}
            onChange={onChange}
            onRunQuery={onRunQuery}
            tooltip="A trace ID: up to 32 hex characters."
            placeholder="Enter a trace ID, e.g. 948fa8de1f33f0601aecb1973e1c20bb"
          />
          <SpanFilterField query={query} onChange={onChange} onRunQuery={onRunQuery} tags={tags} />
        </>
      )}
      {queryType === 'traceql' && (
        <TraceQLSection query={query} onChange={onChange} onRunQuery={onRunQuery} tags={tags} />
      )}
      {(queryType === 'traceId' || (queryType === 'traceql' && isTraceId(query.query ?? ''))) && (
        <TraceViewsToggles query={query} onChange={onChange} onRunQuery={onRunQuery} />
      )}
      {queryType === 'compare' && <CompareEditor query={query} onChange={onChange} onRunQuery={onRunQuery} />}
      {queryType === 'search' && (
        <>
          <SearchBuilder query={query} tags={tags} onChange={onChange} />
          <GeneratedTraceQL query={query} onChange={onChange} />
        </>
      )}
      {queryType === 'serviceSearch' && backend.serviceSearch && (
        <ServiceSearchForm query={query} search={backend.serviceSearch} onChange={onChange} onRunQuery={onRunQuery} />
      )}
      {queryType === 'dependencies' && (
        <Text variant="bodySmall" color="secondary">
          The services {backend.name} saw calling each other in the query&apos;s time range, as a node graph.
        </Text>
      )}
      {queryType === 'upload' && (
        <UploadEditor query={query} datasource={datasource} onChange={onChange} onRunQuery={onRunQuery} />
      )}
      {usesQueryOptions && <QueryOptions query={query} onChange={onChange} onRunQuery={onRunQuery} />}
    </Stack>
  );
}

type SectionProps = Pick<Props, 'query' | 'onChange' | 'onRunQuery'>;

function TraceQLSection({ query, onChange, onRunQuery, tags }: SectionProps & { tags: Props['datasource']['tags'] }) {
  const [showCheatSheet, setShowCheatSheet] = useState(false);
  return (
    <Stack direction="column" gap={0.5}>
      <Stack direction="row" gap={1} alignItems="flex-start">
        <TraceQLEditor
          value={query.query ?? ''}
          tags={tags}
          placeholder="Enter TraceQL, e.g. { status = error }, or a trace ID. Shift+Enter runs it."
          onChange={(text) => onChange({ ...query, queryType: 'traceql', query: text })}
          onRunQuery={onRunQuery}
        />
        <Button
          variant="secondary"
          size="sm"
          fill="text"
          icon="book"
          aria-expanded={showCheatSheet}
          onClick={() => setShowCheatSheet(!showCheatSheet)}
        >
          Cheat sheet
        </Button>
      </Stack>
      {showCheatSheet && (
        <CheatSheet onClickExample={(text) => onChange({ ...query, queryType: 'traceql', query: text })} />
      )}
    </Stack>
  );
}

/** The builder's TraceQL, read-only, with the way out to editing it by hand. */
function GeneratedTraceQL({ query, onChange }: Pick<Props, 'query' | 'onChange'>) {
  const styles = useStyles2(getStyles);
  const generated = tryBuildTraceQL(query.builder ?? EMPTY_BUILDER).query ?? query.query ?? '';
  const runsOtherText = Boolean(query.query?.trim()) && query.query !== generated;
  return (
    <InlineFieldRow className={styles.row}>
      <pre className={styles.code} aria-label="Generated TraceQL">
        {generated}
      </pre>
      <Button
        variant="secondary"
        size="sm"
        icon="pen"
        onClick={() => onChange({ ...query, queryType: 'traceql', query: generated })}
      >
        Edit in TraceQL
      </Button>
      {runsOtherText && (
        <Text variant="bodySmall" color="secondary">
          Runs the previous query until you change the search: {query.query}
        </Text>
      )}
    </InlineFieldRow>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ alignItems: 'center', gap: theme.spacing(1) }),
  code: css({
    flexGrow: 1,
    margin: 0,
    padding: theme.spacing(0.5, 1),
    fontFamily: theme.typography.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  }),
});
