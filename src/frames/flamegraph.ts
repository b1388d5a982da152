/**
 * Flame graph frames in the nested-set format of Grafana's flame graph visualisation
 * (`@grafana/flamegraph`): `level`, `value`, `self`, `label`, one row per call path,
 * depth-first. The diff frame adds `valueRight` and `selfRight`: trace A is the left side
 * (`value`, `self`), trace B the right.
 */
import { type DataFrame, FieldType, type QueryResultMetaNotice } from '@grafana/data';

import { type FlameGraphRows, OTHER_LABEL } from '../analysis/flamegraph';
import { field } from './fields';
import { MS } from './statistics';

export const FLAME_GRAPH_FRAME_NAME = 'Flame graph';
export const DIFF_FLAME_GRAPH_FRAME_NAME = 'Flame graph (A vs B)';

export function flameGraphFrame(rows: FlameGraphRows, refId?: string): DataFrame {
  return frameOf(FLAME_GRAPH_FRAME_NAME, rows, refId);
}

export function diffFlameGraphFrame(rows: FlameGraphRows, refId?: string): DataFrame {
  const frame = frameOf(DIFF_FLAME_GRAPH_FRAME_NAME, rows, refId);
  frame.fields.push(
    field('valueRight', FieldType.number, rows.values[1], MS),
    field('selfRight', FieldType.number, rows.selfs[1], MS)
  );
  return frame;
}

function frameOf(name: string, rows: FlameGraphRows, refId?: string): DataFrame {
  const hidden = rows.callPaths - rows.shownCallPaths;
  const notices: QueryResultMetaNotice[] = hidden
    ? [
        {
          severity: 'info',
          text:
            `The flame graph shows the ${rows.shownCallPaths.toLocaleString('en-US')} widest of ` +
            `${rows.callPaths.toLocaleString('en-US')} call paths; the others are merged into "${OTHER_LABEL}" nodes.`,
        },
      ]
    : [];
  return {
    name,
    refId,
    length: rows.levels.length,
    fields: [
      field('level', FieldType.number, rows.levels),
      field('value', FieldType.number, rows.values[0], MS),
      field('self', FieldType.number, rows.selfs[0], MS),
      field('label', FieldType.string, rows.labels),
    ],
    meta: { preferredVisualisationType: 'flamegraph', ...(notices.length ? { notices } : {}) },
  };
}
