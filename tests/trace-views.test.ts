/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Statistics, flame graph and compare through DataSource.query(), against the recorded Tempo
// traces, as Explore runs them.
import { type DataFrame } from '@grafana/data';

import { FLAME_GRAPH_FRAME_NAME } from '../src/frames/flamegraph';
import { type ThreadlineQuery } from '../src/types';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { nestedSetViolations } from './support/flame-graph-invariants';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';

const OK_TRACE = '948fa8de1f33f0601aecb1973e1c20bb';
const ERROR_TRACE = 'bce16910ff8b588b0cc3e20152bd0089';
const BIG_TRACE = '9d1ec1b5b29a7c6d348a82845a167889';
const MISSING_TRACE = '00000000000000000000000000abcdef';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  installRealBackendSrv();
  installTemplateSrv({ traceB: ERROR_TRACE.toUpperCase() });
});
afterAll(() => server.close());

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const µs = (ms: number) => Math.round(ms * 1000);
const frameNamed = (frames: DataFrame[], name: string) => frames.find((frame) => frame.name === name)!;
const flameRows = (frame: DataFrame) => ({
  levels: fieldValues<number>(frame, 'level'),
  labels: fieldValues<string>(frame, 'label'),
  values: [
    fieldValues<number>(frame, 'value'),
    ...(hasField(frame, 'valueRight') ? [fieldValues<number>(frame, 'valueRight')] : []),
  ],
  selfs: [
    fieldValues<number>(frame, 'self'),
    ...(hasField(frame, 'selfRight') ? [fieldValues<number>(frame, 'selfRight')] : []),
  ],
});
const hasField = (frame: DataFrame, name: string) => frame.fields.some((field) => field.name === name);

async function run(profile: string, target: Partial<ThreadlineQuery>, jsonData = {}) {
  const response = await runQueries(makeDataSource(server.url(profile), jsonData), [
    { refId: 'A', query: '', ...target },
  ]);
  return response;
}

describe('trace views of a trace-by-ID query', () => {
  it.each([
    ['tempo-2.8.2', OK_TRACE],
    ['tempo-2.8.2', ERROR_TRACE],
    ['tempo-2.8.2', BIG_TRACE],
    ['tempo-2.0.1-json', OK_TRACE],
  ])('%s %s: trace, statistics and flame graph from one fetch; totals add up to the spans', async (profile, id) => {
    const requestsOf = async (target: Partial<ThreadlineQuery>) => {
      const before = server.requests.length;
      const response = await run(profile, { query: id, queryType: 'traceId', ...target });
      return { response, requests: server.requests.slice(before).map((request) => request.url) };
    };
    const plain = await requestsOf({});
    const { response, requests } = await requestsOf({ views: ['statistics', 'flamegraph'] });
    expect(response.errors).toBeUndefined();
    expect(response.data.map((frame) => frame.name)).toEqual(['Trace', 'Statistics', 'Flame graph']);
    // The views cost no request: the same fetch as the trace alone.
    expect(requests).toEqual(plain.requests);
    const [trace, statistics, flame]: DataFrame[] = response.data;

    // Statistics: every span in exactly one row; totals and errors add up to the spans'.
    expect(statistics.meta?.preferredVisualisationType).toBe('table');
    expect(sum(fieldValues(statistics, 'Spans'))).toBe(trace.length);
    expect(µs(sum(fieldValues(statistics, 'Total (ms)')))).toBe(µs(sum(fieldValues(trace, 'duration'))));
    const errorSpans = fieldValues<number>(trace, 'statusCode').filter((code) => code === 2).length;
    expect(sum(fieldValues(statistics, 'Errors'))).toBe(errorSpans);
    expect(sum(fieldValues<number>(statistics, 'Self % of trace'))).toBeCloseTo(100, 6);
    const self = fieldValues<number>(statistics, 'Self total (ms)');
    expect([...self].sort((a, b) => b - a)).toEqual(self);
    const pairs = fieldValues<string>(statistics, 'Service').map(
      (s, i) => `${s} ${fieldValues(statistics, 'Operation')[i]}`
    );
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(statistics.fields.find((f) => f.name === 'Total (ms)')!.config.unit).toBe('ms');

    // Flame graph: a valid nested set whose root is the root span's duration.
    expect(flame.meta?.preferredVisualisationType).toBe('flamegraph');
    expect(nestedSetViolations(flameRows(flame))).toEqual([]);
    const roots = fieldValues<string | undefined>(trace, 'parentSpanID').flatMap((p, i) => (p ? [] : [i]));
    expect(µs(fieldValues<number>(flame, 'value')[0])).toBe(
      µs(sum(roots.map((i) => fieldValues<number>(trace, 'duration')[i])))
    );
  });

  it('the 2007-span trace: spans of one call path merge into one node', async () => {
    const response = await run('tempo-2.8.2', { query: BIG_TRACE, views: ['flamegraph'] });
    const [trace] = response.data;
    const flame = frameNamed(response.data, FLAME_GRAPH_FRAME_NAME);
    // In this trace each service and operation is called from one place only: one row each, plus total.
    const services = fieldValues<string>(trace, 'serviceName');
    const pairs = new Set(fieldValues<string>(trace, 'operationName').map((op, i) => `${services[i]}: ${op}`));
    expect(trace.length).toBe(2007);
    expect(flame.length).toBe(pairs.size + 1);
    expect(new Set(fieldValues(flame, 'label')).size).toBe(flame.length);
  });

  it('after the node graph frames, when the data source enables the node graph', async () => {
    const response = await run(
      'tempo-2.8.2',
      { query: OK_TRACE, views: ['flamegraph', 'statistics'] },
      { nodeGraph: { enabled: true } }
    );
    expect(response.data.map((frame) => frame.name)).toEqual(['Trace', 'Nodes', 'Edges', 'Statistics', 'Flame graph']);
  });

  it('a TraceQL query that is a trace ID gets its views too; without views, only the trace', async () => {
    const withViews = await run('tempo-2.8.2', { query: ` ${OK_TRACE} `, queryType: 'traceql', views: ['statistics'] });
    expect(withViews.data.map((frame) => frame.name)).toEqual(['Trace', 'Statistics']);
    const without = await run('tempo-2.8.2', { query: OK_TRACE, queryType: 'traceql' });
    expect(without.data.map((frame) => frame.name)).toEqual(['Trace']);
  });

  it('the Operation cell opens the same trace filtered to its service and operation', async () => {
    const response = await run('tempo-2.8.2', { query: OK_TRACE, views: ['statistics'] });
    const statistics = frameNamed(response.data, 'Statistics');
    const [link] = statistics.fields.find((f) => f.name === 'Operation')!.config.links!;
    expect(link.internal).toMatchObject({
      datasourceUid: 'threadline-uid',
      query: { query: OK_TRACE, queryType: 'traceId', spanFilter: '${__data.fields.spanFilter}' },
    });
    const row = fieldValues<string>(statistics, 'Operation').indexOf('POST /signup');
    expect(fieldValues(statistics, 'spanFilter')[row]).toBe(
      '{ resource.service.name = "web-frontend" && name = "POST /signup" }'
    );
  });
});

describe('compare query', () => {
  it('two recorded traces: the comparison table, whole trace first, and the diff flame graph', async () => {
    const response = await run('tempo-2.8.2', { queryType: 'compare', query: OK_TRACE, compareTo: '$traceB' });
    expect(response.errors).toBeUndefined();
    expect(response.data.map((frame) => frame.name)).toEqual(['Comparison', 'Flame graph (A vs B)']);
    const [table, diff] = response.data;
    expect(fieldValues(table, 'Change')[0]).toBe('whole trace');
    expect(fieldValues(table, 'Service')[0]).toBe('web-frontend');
    expect(fieldValues(table, 'Operation')[0]).toBe('POST /signup');
    expect([
      fieldValues(table, 'Spans A')[0],
      fieldValues(table, 'Spans B')[0],
      fieldValues(table, 'Δ spans')[0],
    ]).toEqual([7, 3, -4]);
    expect(fieldValues<number>(table, 'Errors A')[0]).toBe(0);
    expect(fieldValues<number>(table, 'Errors B')[0]).toBeGreaterThan(0);
    // Per operation rows: spans add up to each trace's, sorted by |Δ self|.
    const spansA = fieldValues<number>(table, 'Spans A').slice(1);
    const spansB = fieldValues<number>(table, 'Spans B').slice(1);
    expect([sum(spansA), sum(spansB)]).toEqual([7, 3]);
    const deltas = fieldValues<number>(table, 'Δ self (ms)').slice(1).map(Math.abs);
    expect([...deltas].sort((a, b) => b - a)).toEqual(deltas);
    const changes = fieldValues<string>(table, 'Change').slice(1);
    changes.forEach((change, i) => {
      expect(change).toBe(spansA[i] === 0 ? 'only in B' : spansB[i] === 0 ? 'only in A' : '');
    });
    expect(changes).toContain('only in A');
    // The diff flame graph: both sides, valid, over the union of call paths.
    expect(diff.meta?.preferredVisualisationType).toBe('flamegraph');
    expect(hasField(diff, 'valueRight') && hasField(diff, 'selfRight')).toBe(true);
    expect(nestedSetViolations(flameRows(diff))).toEqual([]);
  });

  it('a trace with itself: every difference is zero', async () => {
    const response = await run('tempo-2.8.2', {
      queryType: 'compare',
      query: OK_TRACE,
      compareTo: OK_TRACE.toUpperCase(),
    });
    const [table, diff] = response.data;
    for (const name of ['Δ spans', 'Δ total (ms)', 'Δ self (ms)']) {
      expect(fieldValues<number>(table, name).every((delta) => delta === 0)).toBe(true);
    }
    expect(
      fieldValues<string>(table, 'Change')
        .slice(1)
        .every((change) => change === '')
    ).toBe(true);
    expect(fieldValues(diff, 'value')).toEqual(fieldValues(diff, 'valueRight'));
  });

  it.each([
    ['B', { query: OK_TRACE, compareTo: 'abcdef' }],
    ['A', { query: 'abcdef', compareTo: OK_TRACE }],
  ])('trace %s missing: the query fails naming it, and returns nothing partial', async (side, target) => {
    const response = await run('tempo-2.8.2', { queryType: 'compare', ...target });
    expect(response.data).toEqual([]);
    expect(response.errors).toEqual([
      expect.objectContaining({
        refId: 'A',
        message: `Trace ${MISSING_TRACE} not found (trace ${side} of the comparison)`,
      }),
    ]);
  });

  it('a missing or malformed ID says which trace', async () => {
    const response = await run('tempo-2.8.2', { queryType: 'compare', query: OK_TRACE, compareTo: 'not-an-id' });
    expect(response.errors?.[0].message).toBe(
      '"not-an-id" is not a trace ID (hex, up to 32 characters) (trace B of the comparison)'
    );
    const empty = await run('tempo-2.8.2', { queryType: 'compare', query: '', compareTo: OK_TRACE });
    expect(empty.errors?.[0].message).toBe('Enter the ID of trace A (trace A of the comparison)');
  });
});
