import React from 'react';
import { css } from '@emotion/css';
import { DataFrame } from '@grafana/data';
import { FlameGraph } from '@grafana/flamegraph';
import { useTheme2 } from '@grafana/ui';

/** A flame graph frame as Grafana's flame graph panel draws it: with `@grafana/flamegraph`. */
export function FlameGraphView({ frame }: { frame: DataFrame }) {
  const theme = useTheme2();
  return (
    <div className={css({ width: 1180 })} aria-label={`${frame.name} visualisation`}>
      <FlameGraph data={frame} getTheme={() => theme} showFlameGraphOnly={false} />
    </div>
  );
}
