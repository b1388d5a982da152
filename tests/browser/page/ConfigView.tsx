import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { ConfigEditor } from '../../../src/components/ConfigEditor';
import { freshSettings, provisionedSettings, provisioningYaml, Settings } from './provisioning';

/** The config editor as on Grafana's data source page, and below it what Save would store. */
export function ConfigView({ settings }: { settings: 'fresh' | 'provisioned' }) {
  const styles = useStyles2(getStyles);
  const [options, setOptions] = useState<Settings>(() =>
    settings === 'provisioned' ? provisionedSettings() : freshSettings()
  );
  return (
    <>
      <section className={styles.editor} aria-label="Data source settings">
        <ConfigEditor options={options} onOptionsChange={setOptions} />
      </section>
      <section className={styles.saved}>
        <h2 className={styles.heading}>Saved options, as a provisioning file</h2>
        <pre aria-label="Provisioning YAML" className={styles.pre}>
          {provisioningYaml(options)}
        </pre>
      </section>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ maxWidth: 900 }),
  saved: css({ marginTop: theme.spacing(4), maxWidth: 900 }),
  heading: css({ ...theme.typography.h5 }),
  pre: css({ maxHeight: 'none' }),
});
