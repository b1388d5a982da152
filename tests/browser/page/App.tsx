import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { createTheme, GrafanaTheme2, ThemeContext } from '@grafana/data';
import { GlobalStyles, PortalContainer, useStyles2 } from '@grafana/ui';

import { ConfigView } from './ConfigView';
import { PageParams } from './params';
import { QueryView } from './QueryView';

/** Grafana's theme and global styles around one editor, laid out like a Grafana page. */
export function App({ params }: { params: PageParams }) {
  const theme = useMemo(() => createTheme({ colors: { mode: params.theme } }), [params.theme]);
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <Page params={params} />
      <PortalContainer />
    </ThemeContext.Provider>
  );
}

function Page({ params }: { params: PageParams }) {
  const styles = useStyles2(getStyles);
  const title = params.view === 'config' ? `Config editor (${params.settings})` : `Query editor (${params.mode})`;
  return (
    <main className={styles.page} aria-label={title}>
      <h1 className={styles.title}>Threadline · {title}</h1>
      {params.view === 'config' ? <ConfigView settings={params.settings} /> : <QueryView params={params} />}
    </main>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), maxWidth: 1240 }),
  title: css({ ...theme.typography.h4, marginBottom: theme.spacing(2) }),
});
