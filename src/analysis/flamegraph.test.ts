import fs from 'fs';

import { callPaths, nestedSetViolations } from '../../tests/support/flame-graph-invariants';
import {
  columnsOf,
  JAEGER_UI_STATISTICS_DIR,
  readJaegerUiStatisticsTrace,
  type SpanRow,
} from '../../tests/support/jaeger-trace';
import { flameGraphRows, OTHER_LABEL, type TraceInput } from './flamegraph';
import { timedSpanTree } from './self-time';

const input = (rows: SpanRow[]): TraceInput => {
  const spans = columnsOf(rows);
  return { spans, tree: timedSpanTree(spans) };
};
const µs = (ms: number) => Math.round(ms * 1000);
const pathsInµs = (rows: ReturnType<typeof flameGraphRows>) =>
  Object.fromEntries([...callPaths(rows)].map(([path, values]) => [path, values.map(µs)]));

describe('flame graph rows', () => {
  it.each(fs.readdirSync(JAEGER_UI_STATISTICS_DIR))('%s: a valid nested set', (file) => {
    const spans = readJaegerUiStatisticsTrace(file);
    const rows = flameGraphRows([{ spans, tree: timedSpanTree(spans) }]);
    expect(nestedSetViolations(rows)).toEqual([]);
    expect(rows.levels.length).toBeGreaterThan(1);
  });

  it('merges a loop of 10,000 identical calls into one wide node', () => {
    const calls: SpanRow[] = Array.from({ length: 10_000 }, (_, i) => [`c${i}`, 'root', 'db', 'query', 10 + 2 * i, 1]);
    const rows = flameGraphRows([input([['root', undefined, 'web', 'GET /orders', 0, 30_000], ...calls])]);
    expect(rows.labels).toEqual(['total', 'web: GET /orders', 'db: query']);
    expect(rows.levels).toEqual([0, 1, 2]);
    expect(rows.values[0].map(µs)).toEqual([30_000, 30_000, 10_000]);
    expect(rows.selfs[0].map(µs)).toEqual([0, 20_000, 10_000]);
  });

  it('keeps one node per call path: the same label under different callers stays apart', () => {
    const rows = flameGraphRows([
      input([
        ['a', undefined, 'web', 'GET /', 0, 100],
        ['b', 'a', 'api', 'list', 0, 40],
        ['c', 'b', 'db', 'query', 0, 10],
        ['d', 'a', 'db', 'query', 50, 20],
        ['e', 'a', 'api', 'list', 80, 10],
      ]),
    ]);
    expect(pathsInµs(rows)).toEqual({
      total: [100],
      'total > web: GET /': [100],
      'total > web: GET / > api: list': [50],
      'total > web: GET / > api: list > db: query': [10],
      'total > web: GET / > db: query': [20],
    });
  });

  it('hangs spans whose parent is missing under total, beside the root; total is the sum of roots', () => {
    const rows = flameGraphRows([
      input([
        ['a', undefined, 'web', 'GET /', 0, 100],
        ['b', 'lost', 'worker', 'job', 500, 30],
        ['c', 'b', 'db', 'query', 505, 10],
      ]),
    ]);
    expect(pathsInµs(rows)).toEqual({
      total: [130],
      'total > web: GET /': [100],
      'total > worker: job': [30],
      'total > worker: job > db: query': [10],
    });
    expect(nestedSetViolations(rows)).toEqual([]);
  });

  it('counts a child only inside its parent, and caps parallel calls at the caller', () => {
    const rows = flameGraphRows([
      input([
        ['a', undefined, 'web', 'GET /', 0, 100],
        // Starts inside, ends 50 after the parent: 40 count.
        ['b', 'a', 'queue', 'publish', 60, 90],
        // Its child, again cut to the part inside the counted part of b: 80..100.
        ['c', 'b', 'queue', 'ack', 80, 60],
        // Starts after the parent ended: nothing counts.
        ['d', 'a', 'mail', 'send', 200, 10],
        // Four parallel calls of 50: 200 in all, capped at the caller's 100.
        ...[0, 1, 2, 3].map((i): SpanRow => [`p${i}`, 'a', 'db', 'query', 10, 50]),
      ]),
    ]);
    expect(pathsInµs(rows)).toEqual({
      total: [100],
      'total > web: GET /': [100],
      'total > web: GET / > queue: publish': [40],
      'total > web: GET / > queue: publish > queue: ack': [20],
      'total > web: GET / > mail: send': [0],
      'total > web: GET / > db: query': [100],
    });
    expect(nestedSetViolations(rows)).toEqual([]);
  });

  it('counts every span once when duplicate span IDs make a cycle', () => {
    const rows = flameGraphRows([
      input([
        ['a', 'b', 'svc', 'one', 0, 10],
        ['b', 'a', 'svc', 'two', 0, 10],
      ]),
    ]);
    expect(rows.labels).toEqual(['total', 'svc: one', 'svc: two']);
    expect(nestedSetViolations(rows)).toEqual([]);
  });

  it('two traces: the union of their call paths, each side with its own values', () => {
    const a = input([
      ['a', undefined, 'web', 'GET /', 0, 100],
      ['b', 'a', 'db', 'query', 10, 30],
    ]);
    const b = input([
      ['a', undefined, 'web', 'GET /', 0, 80],
      ['c', 'a', 'cache', 'get', 10, 5],
    ]);
    const rows = flameGraphRows([a, b]);
    expect(pathsInµs(rows)).toEqual({
      total: [100, 80],
      'total > web: GET /': [100, 80],
      'total > web: GET / > db: query': [30, 0],
      'total > web: GET / > cache: get': [0, 5],
    });
    expect(rows.selfs.map((side) => side.map(µs))).toEqual([
      [0, 70, 30, 0],
      [0, 75, 0, 5],
    ]);
    expect(nestedSetViolations(rows)).toEqual([]);
  });

  it('beyond maxNodes call paths, keeps the widest and merges the rest of each node’s children into other', () => {
    // 300 distinct operations under the root, each 1 µs wider than the one before.
    const calls: SpanRow[] = Array.from({ length: 300 }, (_, i) => [`c${i}`, 'root', 'svc', `op ${i}`, 0, i + 1]);
    const rows = flameGraphRows([input([['root', undefined, 'web', 'GET /', 0, 1000], ...calls])], 50);
    expect(nestedSetViolations(rows)).toEqual([]);
    expect([rows.callPaths, rows.shownCallPaths]).toEqual([301, 48]);
    // total, the root, its 47 widest children (wider than the 50th widest node), and other for the 253 others.
    expect(rows.labels).toHaveLength(50);
    expect(rows.labels.slice(2, 4)).toEqual(['svc: op 253', 'svc: op 254']);
    expect(rows.labels[49]).toBe(OTHER_LABEL);
    // 1 + 2 + … + 253 µs, capped at the caller's 1000.
    expect([µs(rows.values[0][49]), µs(rows.selfs[0][49]), rows.levels[49]]).toEqual([1000, 1000, 2]);
    expect(µs(rows.values[0][0])).toBe(1000);
  });
});
