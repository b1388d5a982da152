/**
 * The nested-set rules Grafana's flame graph relies on, checked on rows (any number of sides):
 * depth-first rows from one root at level 0, levels that step down by at most +1, a child never
 * more than its parent, self never more than value, the root equal to the sum of its children.
 */
import type { FlameGraphRows as AllRows } from '../../src/analysis/flamegraph';

type FlameGraphRows = Pick<AllRows, 'levels' | 'labels' | 'values' | 'selfs'>;

const EPSILON = 1e-9;

export function nestedSetViolations(rows: FlameGraphRows): string[] {
  const problems: string[] = [];
  const { levels, labels, values, selfs } = rows;
  if (levels[0] !== 0 || labels[0] !== 'total') {
    problems.push(`row 0 is ${labels[0]} at level ${levels[0]}, not total at level 0`);
  }
  const parentAt: number[] = [];
  for (let row = 0; row < levels.length; row++) {
    const level = levels[row];
    if (row > 0 && (level < 1 || level > levels[row - 1] + 1)) {
      problems.push(`row ${row} (${labels[row]}): level ${level} after level ${levels[row - 1]}`);
    }
    parentAt[level] = row;
    const parent = level > 0 ? parentAt[level - 1] : undefined;
    values.forEach((side, s) => {
      if (selfs[s][row] > side[row] + EPSILON || selfs[s][row] < 0) {
        problems.push(`row ${row} (${labels[row]}), side ${s}: self ${selfs[s][row]} > value ${side[row]}`);
      }
      if (parent !== undefined && side[row] > side[parent] + EPSILON) {
        problems.push(`row ${row} (${labels[row]}), side ${s}: value ${side[row]} > parent's ${side[parent]}`);
      }
    });
  }
  values.forEach((side, s) => {
    const rootChildren = levels.reduce((sum, level, row) => (level === 1 ? sum + side[row] : sum), 0);
    if (Math.abs(rootChildren - side[0]) > EPSILON * Math.max(1, side[0])) {
      problems.push(`side ${s}: total ${side[0]} is not the sum of the roots, ${rootChildren}`);
    }
  });
  return problems;
}

/** Each row's call path, `total > a: x > b: y`, with its values. */
export function callPaths(rows: FlameGraphRows): Map<string, number[]> {
  const path: string[] = [];
  const result = new Map<string, number[]>();
  rows.levels.forEach((level, row) => {
    path.length = level;
    path.push(rows.labels[row]);
    result.set(path.join(' > '), rows.values.map((side) => side[row]));
  });
  return result;
}
