/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The real DataSource set to Jaeger, against a local server replaying what Jaeger v1.76.0
// answered (tests/fixtures/jaeger-1.76.0): trace by ID on API v3 and on the legacy API, the
// search form, pickers, the dependency graph, Save & test, and every error it recorded.
import { DataFrame } from '@grafana/data';

import { JaegerClient } from '../src/backends/jaeger';
import { ThreadlineQuery } from '../src/types';
import { fieldValues, framesWithoutErrors as frames, makeDataSource, runQueries } from './support/datasource';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { itExplainsSaveAndTestFailures } from './support/save-and-test';
import { jaegerProfiles, jaegerSeed } from './support/jaeger-fixtures';
import { expectSeededTrace } from './support/seeded-trace';

const ok = jaegerSeed.traces.find((trace) => trace.errorSpans === 0)!;
const failed = jaegerSeed.traces.find((trace) => trace.errorSpans > 0)!;
const JAEGER = { backend: 'jaeger' as const };
const search = (fields: Partial<ThreadlineQuery>): ThreadlineQuery => ({
  refId: 'A',
  query: '',
  queryType: 'serviceSearch',
  ...fields,
});

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer(jaegerProfiles());
  installRealBackendSrv();
  installTemplateSrv({ service: 'marketing-qualifier', status: '503' });
});
afterAll(() => server.close());

describe('Jaeger: trace by ID', () => {
  it.each([
    ['API v3 (OTLP JSON)', 'jaeger-1.76.0', 'v3'],
    ['the legacy API (Jaeger JSON) when there is no API v3', 'jaeger-legacy', 'legacy'],
  ])('opens a trace from %s', async (_label, profile, api) => {
    const ds = makeDataSource(server.url(profile), JAEGER);
    for (const seeded of [ok, failed]) {
      const [frame] = frames(await runQueries(ds, [{ refId: 'A', query: seeded.traceId, queryType: 'traceId' }]));
      expectSeededTrace(frame, seeded);
    }
    expect((ds.backend as JaegerClient).knownApi).toBe(api);
  });

  it('gives the same trace frame from API v3 and from the legacy API', async () => {
    const query = { refId: 'A', query: failed.traceId, queryType: 'traceId' as const };
    const [v3] = frames(await runQueries(makeDataSource(server.url('jaeger-1.76.0'), JAEGER), [query]));
    const [legacy] = frames(await runQueries(makeDataSource(server.url('jaeger-legacy'), JAEGER), [query]));
    // The APIs list spans in different orders: compare span by span.
    const bySpan = (frame: DataFrame) => {
      const ids = fieldValues<string>(frame, 'spanID');
      const columns = ['parentSpanID', 'operationName', 'serviceName', 'startTime', 'duration', 'kind', 'statusCode'];
      const resource = fieldValues<Array<{ key: string; value: unknown }>>(frame, 'serviceTags');
      return new Map(
        ids.map((id, i) => [
          id,
          {
            ...Object.fromEntries(columns.map((name) => [name, fieldValues(frame, name)[i]])),
            resource: Object.fromEntries(resource[i].map(({ key, value }) => [key, value])),
          },
        ])
      );
    };
    expect(bySpan(legacy)).toEqual(bySpan(v3));
    expect(bySpan(v3).size).toBe(failed.spanCount);
  });

  it('asks API v3 only once it knows the server has it, and the legacy API only once it knows it has not', async () => {
    for (const profile of ['jaeger-1.76.0', 'jaeger-legacy']) {
      const ds = makeDataSource(server.url(profile), JAEGER);
      const before = server.requests.length;
      await runQueries(ds, [{ refId: 'A', query: ok.traceId, queryType: 'traceId' }]);
      await runQueries(ds, [{ refId: 'A', query: failed.traceId, queryType: 'traceId' }]);
      const paths = server.requests.slice(before).map((request) => new URL(request.url, server.origin).pathname);
      expect(paths).toEqual(
        profile === 'jaeger-1.76.0'
          ? [`/${profile}/api/v3/traces/${ok.traceId}`, `/${profile}/api/v3/traces/${failed.traceId}`]
          : [
              `/${profile}/api/v3/traces/${ok.traceId}`,
              `/${profile}/api/traces/${ok.traceId}`,
              `/${profile}/api/traces/${failed.traceId}`,
            ]
      );
    }
  });

  it("sends the trace time window when the data source limits lookups to it, in each API's units", async () => {
    const range = { from: Date.UTC(2026, 11, 1, 20), to: Date.UTC(2026, 11, 1, 23) };
    const limited = {
      ...JAEGER,
      traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '30m', spanEndTimeShift: '30m' },
    };
    for (const profile of ['jaeger-1.76.0', 'jaeger-legacy']) {
      const before = server.requests.length;
      const response = await runQueries(
        makeDataSource(server.url(profile), limited),
        [{ refId: 'A', query: ok.traceId, queryType: 'traceId' }],
        range
      );
      expect(response.errors).toBeUndefined();
      const sent = server.requests.slice(before).map((request) => new URL(request.url, server.origin).searchParams);
      expect(Object.fromEntries(sent[0])).toEqual({
        start_time: '2026-12-01T19:30:00.000Z',
        end_time: '2026-12-01T23:30:00.000Z',
      });
      if (profile === 'jaeger-legacy') {
        expect(Object.fromEntries(sent[1])).toEqual({
          start: String((range.from - 1800_000) * 1000),
          end: String((range.to + 1800_000) * 1000),
        });
      }
    }
  });

  it.each(['jaeger-1.76.0', 'jaeger-legacy'])(
    'says a trace Jaeger does not have is not found (%s)',
    async (profile) => {
      const response = await runQueries(makeDataSource(server.url(profile), JAEGER), [
        { refId: 'A', query: '00000000000000000000000000000001', queryType: 'traceId' },
      ]);
      expect(response.errors).toEqual([
        { refId: 'A', message: 'Trace 00000000000000000000000000000001 not found in Jaeger' },
      ]);
    }
  );
});

describe('Jaeger: search form', () => {
  const ds = () => makeDataSource(server.url('jaeger-1.76.0'), JAEGER);

  it('lists every seeded trace of a service, newest first, with root, spans and errors', async () => {
    const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend' })]));
    expect(table.meta?.preferredVisualisationType).toBe('table');
    const ids = fieldValues<string>(table, 'traceID');
    const newestFirst = [...jaegerSeed.traces].sort((a, b) => b.startMs - a.startMs);
    expect(ids).toEqual(newestFirst.map((trace) => trace.traceId));
    expect(fieldValues(table, 'traceService')).toEqual(newestFirst.map((trace) => trace.rootService));
    expect(fieldValues(table, 'traceName')).toEqual(newestFirst.map((trace) => trace.rootName));
    expect(fieldValues(table, 'spanCount')).toEqual(newestFirst.map((trace) => trace.spanCount));
    expect(fieldValues(table, 'errorSpanCount')).toEqual(newestFirst.map((trace) => trace.errorSpans));
    const durations = fieldValues<number>(table, 'traceDuration');
    newestFirst.forEach((trace, row) => expect(durations[row]).toBeCloseTo(trace.durationMs, 2));
    expect(fieldValues<number>(table, 'startTime')[0]).toBeCloseTo(newestFirst[0].startMs, 2);
    // The trace ID opens the trace in this data source, as a trace ID query.
    const link = table.fields[0].config.links?.[0];
    expect(link?.internal).toMatchObject({ datasourceUid: 'threadline-uid', query: { queryType: 'traceId' } });
  });

  it('sends tags as Jaeger wants them and finds only the failed traces', async () => {
    const response = await runQueries(ds(), [
      search({ service: '$service', tags: 'http.response.status_code=$status' }),
    ]);
    const [table] = frames(response);
    const failing = jaegerSeed.traces.filter((trace) => trace.errorSpans > 0).map((trace) => trace.traceId);
    expect([...fieldValues<string>(table, 'traceID')].sort()).toEqual(failing.sort());
    const sent = new URL(server.requests[server.requests.length - 1].url, server.origin).searchParams;
    expect(JSON.parse(sent.get('tags')!)).toEqual({ 'http.response.status_code': '503' });
  });

  it('limits the number of traces', async () => {
    const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend', limit: 3 })]));
    expect(table.length).toBe(3);
  });

  it('searches by operation', async () => {
    const [table] = frames(
      await runQueries(ds(), [search({ service: 'email-verifier', operation: 'INSERT signups' })])
    );
    expect(table.length).toBe(jaegerSeed.traces.length);
  });

  it('says "No traces found" for a search without matches', async () => {
    const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend', minDuration: '1h' })]));
    expect(table.length).toBe(0);
    expect(table.meta?.notices).toEqual([{ severity: 'info', text: 'No traces found' }]);
  });

  it("shows Jaeger's reason when it rejects a search, and our own before sending what cannot work", async () => {
    const response = await runQueries(ds(), [
      search({ refId: 'A', service: 'web-frontend', minDuration: '2s', maxDuration: '1s' }),
      search({ refId: 'B', service: 'web-frontend', minDuration: '5' }),
      search({ refId: 'C' }),
      search({ refId: 'D', service: 'web-frontend', tags: 'error="unterminated' }),
    ]);
    expect(response.errors).toEqual([
      { refId: 'A', message: "Jaeger rejected the search: 'maxDuration' should be greater than 'minDuration'" },
      {
        refId: 'B',
        message: 'Min duration "5" is not a duration: write a number with a unit (us, ms, s, m, h), e.g. 100ms or 1.2s',
      },
      { refId: 'C', message: 'Choose a service to search: the search form needs one' },
      { refId: 'D', message: expect.stringMatching(/^Tags "error="unterminated" are not logfmt near ""unterminated"/) },
    ]);
  });

  it('searches API v3 when the legacy search is not there', async () => {
    const [table] = frames(
      await runQueries(makeDataSource(server.url('jaeger-v3-search'), JAEGER), [search({ service: 'web-frontend' })])
    );
    expect([...fieldValues<string>(table, 'traceID')].sort()).toEqual(
      jaegerSeed.traces.map((trace) => trace.traceId).sort()
    );
  });

  it('lists services and the operations of one for the pickers, sorted', async () => {
    for (const profile of ['jaeger-1.76.0', 'jaeger-legacy']) {
      const api = makeDataSource(server.url(profile), JAEGER).backend.serviceSearch!;
      expect(await api.services()).toEqual(['anonymizer', 'email-verifier', 'marketing-qualifier', 'web-frontend']);
      const seeded = jaegerSeed.traces.flatMap((trace) => trace.operations);
      const expected = [...new Set(seeded.filter((op) => op.startsWith('email-verifier\t')))]
        .map((op) => op.split('\t')[1])
        .sort((a, b) => a.localeCompare(b));
      expect(await api.operations('email-verifier')).toEqual(expected);
    }
  });
});

describe('Jaeger: dependencies', () => {
  it('draws the service graph Jaeger aggregated, with the calls on each edge', async () => {
    const ds = makeDataSource(server.url('jaeger-1.76.0'), JAEGER);
    const [nodes, edges] = frames(await runQueries(ds, [{ refId: 'A', query: '', queryType: 'dependencies' }]));
    expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(fieldValues(nodes, 'id')).toEqual(['anonymizer', 'email-verifier', 'marketing-qualifier', 'web-frontend']);
    // Calls between services of the seeded traces, counted from what was sent (within a service: no edge).
    const expected = new Map<string, number>();
    for (const pair of jaegerSeed.traces.flatMap((trace) => trace.parentChildServices)) {
      expected.set(pair, (expected.get(pair) ?? 0) + 1);
    }
    const ids = fieldValues<string>(edges, 'id');
    const calls = fieldValues<number>(edges, 'mainstat');
    expect(new Map(ids.map((id, i) => [id, calls[i]]))).toEqual(expected);
  });
});

describe('query types a backend does not have', () => {
  it('says what to use instead, and names the backend', async () => {
    const tempo = makeDataSource(server.url('tempo-2.8.2'));
    const jaeger = makeDataSource(server.url('jaeger-1.76.0'), JAEGER);
    const response = await runQueries(tempo, [
      search({ refId: 'A', service: 'web-frontend' }),
      { refId: 'B', query: '', queryType: 'dependencies' },
    ]);
    expect(response.errors).toEqual([
      { refId: 'A', message: 'Tempo has no service search form: use TraceQL or the Search builder' },
      {
        refId: 'B',
        message:
          "Tempo has no service dependencies API: turn on the node graph in the data source settings to see each trace's services, or use TraceQL or the Search builder",
      },
    ]);
    const traceql = await runQueries(jaeger, [{ refId: 'C', query: '{ status = error }', queryType: 'traceql' }]);
    expect(traceql.errors).toEqual([
      { refId: 'C', message: 'Jaeger does not understand TraceQL: open a trace by its ID, or use the search form' },
    ]);
  });
});

describe('Jaeger: Save & test', () => {
  it('names how many services Jaeger knows', async () => {
    for (const profile of ['jaeger-1.76.0', 'jaeger-legacy']) {
      expect(await makeDataSource(server.url(profile), JAEGER).testDatasource()).toEqual({
        status: 'success',
        message: 'Connected to Jaeger: 4 services',
      });
    }
  });

  itExplainsSaveAndTestFailures('Jaeger', JAEGER, (profile) => server.url(profile), {
    profile: 'tempo-2.8.2',
    message:
      /^The data source URL does not point at Jaeger: neither \/api\/v3\/services nor \/api\/services exists there/,
  });
});
