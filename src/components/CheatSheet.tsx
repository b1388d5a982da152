import { css } from '@emotion/css';
import React from 'react';
import { GrafanaTheme2, QueryEditorHelpProps } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';

import { ThreadlineQuery } from '../types';

export interface CheatSheetExample {
  title: string;
  query: string;
  explanation: string;
}

export const CHEAT_SHEET_EXAMPLES: readonly CheatSheetExample[] = [
  {
    title: 'Errors of one service',
    query: '{ resource.service.name = "checkout" && status = error }',
    explanation: 'Spans of the checkout service that ended with an error status.',
  },
  {
    title: 'Slow server spans',
    query: '{ kind = server && duration > 500ms }',
    explanation: 'Requests handled in more than half a second; units: ns, us, ms, s, m, h.',
  },
  {
    title: 'Errors below a service',
    query: '{ resource.service.name = "frontend" } >> { status = error }',
    explanation: '>> finds failing spans anywhere beneath frontend spans (> for direct children, ~ for siblings).',
  },
  {
    title: 'Show more attributes',
    query: '{ status = error } | select(span.http.url, span.http.status_code)',
    explanation: 'select() adds these attributes to each returned span.',
  },
  {
    title: 'Group and count',
    query: '{ span.http.method = "POST" } | by(resource.service.name) | count() > 3',
    explanation: 'Traces where one service has more than three POST spans.',
  },
  {
    title: 'Error rate per service (metrics)',
    query: '{ status = error } | rate() by (resource.service.name)',
    explanation: 'A time series of errors per second for each service; set the step under the editor.',
  },
  {
    title: 'Most recent traces',
    query: '{ resource.service.name = "checkout" } with(most_recent=true)',
    explanation: 'Searches until it has the newest matches instead of the first found (Tempo 2.7+).',
  },
];

interface Props {
  /** Called with an example's query; without it the examples are shown only. */
  onClickExample?: (query: string) => void;
}

/** TraceQL examples, each with one line saying what it finds. */
export function CheatSheet({ onClickExample }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.sheet}>
      <h3 className={styles.heading}>TraceQL cheat sheet</h3>
      <p className={styles.hint}>Type a trace ID instead of TraceQL to open that trace. Shift+Enter runs the query.</p>
      {CHEAT_SHEET_EXAMPLES.map((example) => (
        <div key={example.query} className={styles.example}>
          <div className={styles.title}>{example.title}</div>
          <code className={styles.code}>{example.query}</code>
          <div className={styles.explanation}>{example.explanation}</div>
          {onClickExample && (
            <Button size="sm" variant="secondary" fill="text" onClick={() => onClickExample(example.query)}>
              Use this query
            </Button>
          )}
        </div>
      ))}
    </div>
  );
}

/** The cheat sheet as Grafana's QueryEditorHelp (the `?` help of the query row). */
export function QueryEditorHelp({ query, onClickExample }: QueryEditorHelpProps<ThreadlineQuery>) {
  return <CheatSheet onClickExample={(text) => onClickExample({ ...query, queryType: 'traceql', query: text })} />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  sheet: css({ padding: theme.spacing(1, 0) }),
  heading: css({ fontSize: theme.typography.h5.fontSize }),
  hint: css({ color: theme.colors.text.secondary }),
  example: css({ marginBottom: theme.spacing(1.5) }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
  code: css({ display: 'block', fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'pre-wrap' }),
  explanation: css({ color: theme.colors.text.secondary }),
});
