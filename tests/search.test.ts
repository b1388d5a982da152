/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Search, TraceQL metrics, tags and variables: the real DataSource against recorded Tempo answers.
import { DataFrame, DataQueryRequest, FieldType, MetricFindValue } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { VariableQueryEditor } from '../src/components/VariableQueryEditor';
import { ThreadlineVariableQuery } from '../src/types';
import { ThreadlineVariableSupport } from '../src/variable-support';

import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, ParsedRequest, readFixture, startFixtureServer } from './support/fixture-server';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { metricsAnswer } from './support/metrics-answer';

const METRICS_BODY = JSON.stringify(metricsAnswer());

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    'tempo-metrics': (req: ParsedRequest) =>
      req.path === '/api/metrics/query_range'
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(METRICS_BODY) }
        : { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404 page not found') },
  });
  installRealBackendSrv();
  installTemplateSrv({
    svc: 'web-frontend',
    hostile: 'a" } || { true',
    services: ['web.frontend', 'anonymizer'],
  });
});
afterAll(() => server.close());

function lastRequest(prefix: string) {
  const found = [...server.requests].reverse().find((r) => r.url.startsWith(prefix));
  return new URL(found!.url, 'http://x');
}

function recordedTraceCount(version: string, file: string): number {
  return JSON.parse(readFixture(version, file).toString()).traces.length;
}

describe.each([
  ['2.0.1', 'search-traceql-errors.json'],
  ['2.8.2', 'search-traceql-errors.json'],
])('TraceQL search on Tempo %s', (version, file) => {
  const query = '{ status = error }';

  it('gives one row per trace, newest first, each linking to the trace', async () => {
    const ds = makeDataSource(server.url(`tempo-${version}`));
    const response = await runQueries(ds, [{ refId: 'A', query, queryType: 'traceql' }]);
    expect(response.errors).toBeUndefined();
    const [frame] = response.data as DataFrame[];
    expect(frame.length).toBe(recordedTraceCount(version, file));
    const starts = fieldValues<number>(frame, 'startTime');
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    const traceIdField = frame.fields.find((f) => f.name === 'traceID')!;
    expect(traceIdField.config.links?.[0].internal).toMatchObject({
      datasourceUid: 'threadline-uid',
      query: { query: '${__value.raw}' },
    });
    expect(fieldValues(frame, 'traceService').every((s) => s === 'web-frontend')).toBe(true);
  });

  it('sends q, limit, spss and the time range in unix seconds', async () => {
    const ds = makeDataSource(server.url(`tempo-${version}`));
    await runQueries(ds, [{ refId: 'A', query, limit: 7, spss: 2 }], { from: 1795500000000, to: 1795503600000 });
    const url = lastRequest(`/tempo-${version}/api/search`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: query,
      limit: '7',
      spss: '2',
      start: '1795500000',
      end: '1795503600',
    });
  });
});

describe('search results on Tempo 2.8.2', () => {
  const ds = () => makeDataSource(server.url('tempo-2.8.2'));

  it('shows each span set of a by() query as its own nested table', async () => {
    const response = await runQueries(ds(), [{ refId: 'A', query: '{ } | by(resource.service.name)' }]);
    const [frame] = response.data as DataFrame[];
    expect(frame.length).toBe(3);
    const nested = frame.fields.find((f) => f.type === FieldType.nestedFrames)!;
    expect((nested.values as DataFrame[][]).map((sets) => sets.length).sort()).toEqual([1, 4, 4]);
  });

  it('pads the 31-character trace ID Tempo returns', async () => {
    const response = await runQueries(ds(), [{ refId: 'A', query: '{ .db.system = "postgresql" } >> { }' }]);
    expect(fieldValues(response.data[0], 'traceID')).toContain('08cf3c6b6c0a1ba3effdc23cb74b9a90');
  });

  it('lists matched spans flat in the Spans table', async () => {
    const response = await runQueries(ds(), [
      { refId: 'A', query: '{ } | select(span.enrich.index)', tableType: 'spans', spss: 3 },
    ]);
    const [frame] = response.data as DataFrame[];
    expect(frame.name).toBe('Spans');
    const recorded = JSON.parse(readFixture('2.8.2', 'search-traceql-select-many-matches.json').toString());
    const spanCount = recorded.traces.reduce(
      (n: number, t: { spanSets: Array<{ spans: unknown[] }> }) =>
        n + t.spanSets.reduce((m, s) => m + s.spans.length, 0),
      0
    );
    expect(frame.length).toBe(spanCount);
  });

  it('answers no match with an empty table and a notice, not an error', async () => {
    const response = await runQueries(ds(), [{ refId: 'A', query: '{ resource.service.name = "nomatch" }' }]);
    expect(response.errors).toBeUndefined();
    expect(response.data[0].length).toBe(0);
    expect(response.data[0].meta?.notices).toEqual([{ severity: 'info', text: 'No traces found' }]);
  });

  it.each(['tempo-2.0.1', 'tempo-2.8.2'])(
    "fails invalid TraceQL with Tempo's message, naming line and column (%s)",
    async (profile) => {
      const response = await runQueries(makeDataSource(server.url(profile)), [
        { refId: 'A', query: '{ span.http.method = }' },
      ]);
      expect(response.errors?.[0]).toEqual({
        refId: 'A',
        message: 'invalid TraceQL query: parse error at line 1, col 23: syntax error: unexpected $end',
      });
    }
  );

  it('adds the most-recent hint when asked', async () => {
    await runQueries(ds(), [{ refId: 'A', query: '{ status = error }', mostRecent: true }]);
    expect(lastRequest('/tempo-2.8.2/api/search').searchParams.get('q')).toBe(
      '{ status = error } with(most_recent=true)'
    );
  });

  it('still opens a bare trace ID typed in TraceQL mode', async () => {
    const response = await runQueries(ds(), [
      { refId: 'A', query: ' 948fa8de1f33f0601aecb1973e1c20bb ', queryType: 'traceql' },
    ]);
    expect(response.data[0].meta?.preferredVisualisationType).toBe('trace');
  });

  it('in Search mode runs what the builder holds, even if `query` is stale', async () => {
    await runQueries(ds(), [
      {
        refId: 'A',
        queryType: 'search',
        query: '{ span.stale = "text" }',
        builder: { serviceName: { operator: '=', value: 'web-frontend' }, status: 'error', filters: [] },
      },
    ]);
    expect(lastRequest('/tempo-2.8.2/api/search').searchParams.get('q')).toBe(
      '{ resource.service.name = "web-frontend" && status = error }'
    );
  });

  it('reports a builder state that cannot become TraceQL', async () => {
    const response = await runQueries(ds(), [
      { refId: 'A', queryType: 'search', query: '', builder: { spanDuration: { min: 'soon' }, filters: [] } },
    ]);
    expect(response.errors?.[0].message).toMatch(/soon/);
  });

  it('runs the TraceQL the search builder wrote', async () => {
    const response = await runQueries(ds(), [
      { refId: 'A', queryType: 'search', query: '{ resource.service.name = "web-frontend" && status = error }' },
    ]);
    expect(response.data[0].length).toBe(recordedTraceCount('2.8.2', 'search-traceql-errors.json'));
  });
});

describe('template variables never change the query structure', () => {
  const ds = () => makeDataSource(server.url('tempo-2.8.2'));

  it('escapes a value inside a string literal', async () => {
    await runQueries(ds(), [{ refId: 'A', query: '{ resource.service.name = "$hostile" }' }]);
    expect(lastRequest('/tempo-2.8.2/api/search').searchParams.get('q')).toBe(
      '{ resource.service.name = "a\\" } || { true" }'
    );
  });

  it('turns a multi-value variable into a regex alternation', async () => {
    await runQueries(ds(), [{ refId: 'A', query: '{ resource.service.name =~ "$services" }' }]);
    expect(lastRequest('/tempo-2.8.2/api/search').searchParams.get('q')).toBe(
      '{ resource.service.name =~ "web\\\\.frontend|anonymizer" }'
    );
  });

  it('adds ad hoc filters as TraceQL conditions', async () => {
    const ds2 = ds();
    const base = { refId: 'A', query: '{ status = error }' };
    const [interpolated] = ds2.interpolateVariablesInQueries([base], {}, [
      { key: 'resource.service.name', operator: '=', value: 'web-frontend' },
    ]);
    expect(interpolated.query).toContain('resource.service.name = "web-frontend"');
    expect(interpolated.query).toContain('status = error');
  });
});

describe('TraceQL metrics', () => {
  it('queries query_range with a step and returns time series with exemplars', async () => {
    const ds = makeDataSource(server.url('tempo-metrics'));
    const response = await runQueries(ds, [
      { refId: 'A', query: '{ } | rate() by (resource.service.name)', step: '30s' },
    ]);
    expect(response.errors).toBeUndefined();
    const url = lastRequest('/tempo-metrics/api/metrics/query_range');
    expect(url.searchParams.get('step')).toBe('30s');
    const series = (response.data as DataFrame[]).filter((f) =>
      f.fields.some((x) => x.type === FieldType.number && x.labels)
    );
    expect(series).toHaveLength(1);
    expect(fieldValues(series[0], 'value')).toEqual([0.5, 0.25]);
    const exemplars = (response.data as DataFrame[]).find((f) => f.name === 'exemplar');
    expect(exemplars && fieldValues(exemplars, 'traceId')).toEqual(['948fa8de1f33f0601aecb1973e1c20bb']);
  });

  it('says when Tempo has no metrics API', async () => {
    const ds = makeDataSource(server.url('tempo-2.0.1'));
    const response = await runQueries(ds, [{ refId: 'A', query: '{ } | rate()' }]);
    expect(response.errors?.[0].message).toMatch(/no TraceQL metrics API/);
  });
});

describe('tag names and values for autocomplete and variables', () => {
  it('reads scoped names from v2 on Tempo 2.8.2, cached', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const before = server.requests.length;
    const scopes = await ds.tags.tagNames();
    await ds.tags.tagNames();
    expect(server.requests.length - before).toBe(1);
    expect(scopes.find((s) => s.scope === 'resource')?.tags).toContain('service.name');
    expect(scopes.find((s) => s.scope === 'span')?.tags).toContain('http.status_code');
  });

  it('falls back to v1 on Tempo 2.0.1', async () => {
    const ds = makeDataSource(server.url('tempo-2.0.1'));
    const scopes = await ds.tags.tagNames();
    expect(scopes).toEqual([{ scope: 'unscoped', tags: expect.arrayContaining(['service.name', 'http.status_code']) }]);
    const values = await ds.tags.tagValues('resource.service.name');
    expect(values.map((v) => v.value)).toContain('web-frontend');
    expect(lastRequest('/tempo-2.0.1/api/search/tag').pathname).toBe('/tempo-2.0.1/api/search/tag/service.name/values');
  });

  it('narrows values by the rest of the query on v2', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const values = await ds.tags.tagValues('span.http.status_code', '{ resource.service.name = "web-frontend" }');
    expect(values).toEqual([
      { type: 'int', value: '201' },
      { type: 'int', value: '500' },
    ]);
    expect(lastRequest('/tempo-2.8.2/api/v2/search/tag').searchParams.get('q')).toBe(
      '{ resource.service.name = "web-frontend" }'
    );
    const status = await ds.tags.tagValues('status');
    expect(status.map((v) => v.value)).toEqual(['ok', 'error', 'unset']);
  });

  it('feeds dashboard variables', async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const names = await ds.metricFindQuery({ refId: 'V', type: 'tagNames', scope: 'resource' });
    expect(names.map((n) => n.text)).toContain('resource.service.name');
    const values = await ds.metricFindQuery({ refId: 'V', type: 'tagValues', tag: 'resource.service.name' });
    expect(values.map((v) => v.text)).toContain('email-verifier');
  });

  it("answers Grafana's variable query (CustomVariableSupport) with the same values", async () => {
    const ds = makeDataSource(server.url('tempo-2.8.2'));
    const variables = ds.variables as ThreadlineVariableSupport;
    expect(variables.editor).toBe(VariableQueryEditor);
    const request = { targets: [{ refId: 'V', type: 'tagValues', tag: 'resource.service.name' }] };
    const response = await lastValueFrom(
      variables.query(request as unknown as DataQueryRequest<ThreadlineVariableQuery>)
    );
    expect(response.data.map((v: MetricFindValue) => v.text)).toContain('email-verifier');
  });
});
