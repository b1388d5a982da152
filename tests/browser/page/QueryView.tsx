import React, { useCallback, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { CoreApp, DataQueryRequest, dateTime, GrafanaTheme2, LoadingState, PanelData, TimeRange } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';

import { QueryEditor } from '../../../src/components/QueryEditor';
import { DataSource } from '../../../src/datasource';
import { ThreadlineQuery } from '../../../src/types';
import { instanceSettings } from '../../support/datasource';
import { PageParams } from './params';
import { Results } from './Results';

function lastHour(): TimeRange {
  const to = dateTime();
  const from = dateTime(to).subtract(1, 'hour');
  return { from, to, raw: { from: 'now-1h', to: 'now' } };
}

/**
 * The query editor as in Explore: a real DataSource whose requests go to the fixture server
 * (`?ds=` names the profile), and below it what `query()` returned.
 */
export function QueryView({ params }: { params: PageParams }) {
  const styles = useStyles2(getStyles);
  const datasource = useMemo(
    () => new DataSource(instanceSettings(`${window.location.origin}/${params.ds}`, { backend: params.backend })),
    [params.ds, params.backend]
  );
  const [query, setQuery] = useState<ThreadlineQuery>({ refId: 'A', queryType: params.mode, query: '' });
  // Editors call onChange then onRunQuery in one go, as in Grafana: run what onChange last gave.
  const latest = useRef(query);
  const [data, setData] = useState<PanelData | undefined>(undefined);
  const [range] = useState(lastHour);
  const runs = useRef(0);

  const onChange = useCallback((next: ThreadlineQuery) => {
    latest.current = next;
    setQuery(next);
  }, []);

  const onRunQuery = useCallback(() => {
    const request = {
      requestId: `Q${++runs.current}`,
      targets: [latest.current],
      range,
      scopedVars: {},
      interval: '1s',
      intervalMs: 1000,
      timezone: 'utc',
      app: CoreApp.Explore,
      startTime: Date.now(),
    } as DataQueryRequest<ThreadlineQuery>;
    setData({ state: LoadingState.Loading, series: [], timeRange: range, request });
    datasource.query(request).subscribe({
      next: (response) =>
        setData({
          state: response.state ?? LoadingState.Done,
          series: response.data,
          errors: response.errors ?? (response.error ? [response.error] : undefined),
          timeRange: range,
          request,
        }),
      error: (error: Error) =>
        setData({
          state: LoadingState.Error,
          series: [],
          errors: [{ message: String(error?.message ?? error) }],
          timeRange: range,
        }),
    });
  }, [datasource, range]);

  return (
    <>
      {/* Explore's own Run query button, outside the editor (the search builder has none of its own). */}
      <div className={styles.toolbar}>
        <Button icon="sync" onClick={onRunQuery}>
          Run query
        </Button>
      </div>
      <section className={styles.editor} aria-label="Query editor">
        <QueryEditor
          datasource={datasource}
          query={query}
          onChange={onChange}
          onRunQuery={onRunQuery}
          data={data}
          range={range}
          app={CoreApp.Explore}
        />
      </section>
      <Results data={data} />
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', justifyContent: 'flex-end', marginBottom: theme.spacing(1) }),
  editor: css({
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
});
