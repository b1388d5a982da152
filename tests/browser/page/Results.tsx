import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { applyFieldOverrides, DataFrame, GrafanaTheme2, LoadingState, PanelData } from '@grafana/data';
import { Alert, Table, useStyles2, useTheme2 } from '@grafana/ui';

import { FlameGraphView } from './FlameGraphView';

const TABLE_WIDTH = 1180;
const ROW_HEIGHT = 36;
const MAX_ROWS_SHOWN = 10;
/** The columns of a trace frame worth a glance; Grafana's trace view shows the rest. */
const TRACE_COLUMNS = ['serviceName', 'operationName', 'spanID', 'parentSpanID', 'duration'];

/** What `query()` returned: its state, its errors, and each frame with its row count. */
export function Results({ data }: { data?: PanelData }) {
  const styles = useStyles2(getStyles);
  if (!data) {
    return <p className={styles.hint}>Run the query to see what the data source returns.</p>;
  }
  const loading = data.state === LoadingState.Loading;
  return (
    <section className={styles.results} aria-label="Query results" aria-busy={loading}>
      <p role="status" className={styles.hint}>
        {loading ? 'Running query…' : `Query ${data.state}: ${data.series.length} frame(s)`}
      </p>
      {data.errors?.map((error, i) => (
        <Alert key={i} severity="error" title="Query failed">
          {error.message}
        </Alert>
      ))}
      {data.series.map((frame, i) => (
        <FrameView key={i} frame={frame} />
      ))}
    </section>
  );
}

function FrameView({ frame }: { frame: DataFrame }) {
  const styles = useStyles2(getStyles);
  const isTrace = frame.meta?.preferredVisualisationType === 'trace';
  const heading = isTrace ? `Trace: ${frame.length} spans` : `${frame.name ?? 'Frame'}: ${frame.length} rows`;
  const shown = useMemo(() => (isTrace ? firstRows(frame, TRACE_COLUMNS) : frame), [frame, isTrace]);
  return (
    <section aria-label={heading} className={styles.frame}>
      <h2 className={styles.heading}>{heading}</h2>
      {frame.meta?.notices?.map((notice, i) => (
        <Alert key={i} severity={notice.severity === 'error' ? 'error' : 'info'} title={notice.text} />
      ))}
      {frame.length > 0 &&
        (frame.meta?.preferredVisualisationType === 'flamegraph' ? (
          <FlameGraphView frame={frame} />
        ) : (
          <FrameTable frame={shown} />
        ))}
    </section>
  );
}

function FrameTable({ frame }: { frame: DataFrame }) {
  const theme = useTheme2();
  const [withDisplay] = useMemo(
    () =>
      applyFieldOverrides({
        data: [frame],
        fieldConfig: { defaults: {}, overrides: [] },
        replaceVariables: (value) => value,
        theme,
        timeZone: 'utc',
      }),
    [frame, theme]
  );
  const height = (Math.min(frame.length, MAX_ROWS_SHOWN) + 1) * ROW_HEIGHT + 2;
  return <Table data={withDisplay} width={TABLE_WIDTH} height={height} />;
}

/** The first rows of a frame, with only the given columns. */
function firstRows(frame: DataFrame, columns: string[]): DataFrame {
  const length = Math.min(frame.length, MAX_ROWS_SHOWN);
  const fields = columns
    .map((name) => frame.fields.find((field) => field.name === name))
    .filter((field) => field !== undefined)
    .map((field) => ({ ...field, values: Array.from(field.values).slice(0, length) }));
  return { ...frame, fields, length };
}

const getStyles = (theme: GrafanaTheme2) => ({
  results: css({ marginTop: theme.spacing(3) }),
  frame: css({ marginTop: theme.spacing(2) }),
  heading: css({ ...theme.typography.h5 }),
  hint: css({ color: theme.colors.text.secondary }),
});
