/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The real DataSource set to Zipkin, against a local server replaying what Zipkin 3.6.1 answered
// (tests/fixtures/zipkin-3.6.1): trace by ID (signup traces, real-world reference traces with
// shared client/server spans), the search form, pickers, the dependency graph, Save & test, and
// every error it recorded. Zipkin lowercases span names when it stores them: expectations from
// what was sent (seed.json) are lowercased where Zipkin answers names.
import { DataFrame, DataQueryResponse } from '@grafana/data';

import { ThreadlineQuery } from '../src/types';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { itExplainsSaveAndTestFailures } from './support/save-and-test';
import { expectSeededTrace } from './support/seeded-trace';
import { zipkinProfiles, zipkinRecordings, zipkinSeed, type ZipkinSeedTrace } from './support/zipkin-fixtures';

const ok = zipkinSeed.traces.find((trace) => trace.errorSpans === 0)!;
const failed = zipkinSeed.traces.find((trace) => trace.errorSpans > 0)!;
const ZIPKIN = { backend: 'zipkin' as const };
const PROFILE = 'zipkin-3.6.1';
const search = (fields: Partial<ThreadlineQuery>): ThreadlineQuery => ({
  refId: 'A',
  query: '',
  queryType: 'serviceSearch',
  ...fields,
});
const traceQuery = (traceId: string, refId = 'A'): ThreadlineQuery => ({ refId, query: traceId, queryType: 'traceId' });

/** Zipkin's recorded signup trace, cut in half (with a matching length): a proxy's size limit, a dropped connection. */
const cutInHalf = () => {
  const answer = zipkinRecordings.recording('trace-signup');
  return { ...answer, body: answer.body.subarray(0, Math.floor(answer.body.length / 2)) };
};
/** JSON that is not Zipkin's: Jaeger's legacy trace answer where a Zipkin span array belongs. */
const notSpans = () => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{"data":[{"traceID":"1","spans":[]}]}'),
});

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ ...zipkinProfiles(), 'zipkin-cut': cutInHalf, 'not-spans': notSpans });
  installRealBackendSrv();
  installTemplateSrv({ service: 'marketing-qualifier', status: '503' });
});
afterAll(() => server.close());

const ds = () => makeDataSource(server.url(PROFILE), ZIPKIN);

function frames(response: DataQueryResponse): DataFrame[] {
  expect(response.errors).toBeUndefined();
  return response.data;
}

function lastRequest(): URL {
  return new URL(server.requests[server.requests.length - 1].url, server.origin);
}

/** As seeded, with Zipkin's lowercased span names and its microsecond start time. */
function expectZipkinTrace(frame: DataFrame, seeded: ZipkinSeedTrace) {
  const root = expectSeededTrace(frame, seeded, seeded.rootName.toLowerCase());
  expect(fieldValues<number>(frame, 'startTime')[root]).toBeCloseTo(seeded.startUs / 1000, 3);
}

describe('Zipkin: trace by ID', () => {
  it('opens the seeded signup traces, with error status from the error tag', async () => {
    for (const seeded of [ok, failed]) {
      expectZipkinTrace(frames(await runQueries(ds(), [traceQuery(seeded.traceId)]))[0], seeded);
    }
    expect(lastRequest().pathname).toBe(`/${PROFILE}/api/v2/trace/${failed.traceId}`);
  });

  it('reads the exception event, scope and status message back from what the OpenTelemetry way of writing them', async () => {
    const [frame] = frames(await runQueries(ds(), [traceQuery(failed.traceId)]));
    const failedSpan = fieldValues<number>(frame, 'statusCode').indexOf(2);
    expect(fieldValues(frame, 'statusMessage')[failedSpan]).toBe('lead scoring model timed out');
    expect(fieldValues(frame, 'instrumentationLibraryName')[failedSpan]).toBe('threadline-generator');
    const logs = fieldValues<Array<{ name: string; fields: Array<{ key: string; value: unknown }> }>>(frame, 'logs');
    expect(logs[failedSpan].map((log) => log.name)).toEqual(['exception']);
    expect(logs[failedSpan][0].fields.map((field) => field.key)).toEqual([
      'exception.type',
      'exception.message',
      'exception.stacktrace',
    ]);
    // The stack trace column the trace view shows, from the event's exception.stacktrace.
    expect(fieldValues<string[] | undefined>(frame, 'stackTraces')[failedSpan]?.[0]).toMatch(/^TimeoutError: /);
  });

  it.each([
    ['skew.json', 4, 1],
    ['yelp.json', 16, 3],
    ['smartthings-oauth-authorization.json', 172, 42],
  ])(
    'opens the real-world trace %s by its zero-padded ID: %i spans, %i shared server halves split off',
    async (file, spans, derived) => {
      const reference = zipkinSeed.reference.find((trace) => trace.file === file)!;
      const [frame] = frames(await runQueries(ds(), [traceQuery(reference.traceId)]));
      expect(frame.length).toBe(spans);
      const ids = fieldValues<string>(frame, 'spanID');
      expect(new Set(ids).size).toBe(spans);
      const tags = fieldValues<Array<{ key: string }>>(frame, 'tags');
      expect(tags.filter((spanTags) => spanTags.some((tag) => tag.key === 'zipkin.span_id'))).toHaveLength(derived);
      // Every parent is in the trace: halves split and re-parented as Zipkin's UI does.
      const parents = fieldValues<string | undefined>(frame, 'parentSpanID');
      expect(parents.filter((parent) => parent !== undefined && !ids.includes(parent))).toEqual([]);
      expect(new Set(fieldValues(frame, 'traceID'))).toEqual(new Set([reference.traceId.padStart(32, '0')]));
    }
  );

  it('opens a trace with a 128-bit ID', async () => {
    const reference = zipkinSeed.reference.find((trace) => trace.file === 'messaging.json')!;
    const [frame] = frames(await runQueries(ds(), [traceQuery(reference.traceId)]));
    expect(frame.length).toBe(reference.spans);
  });

  it('says a trace Zipkin does not have is not found, beside the frames of other queries', async () => {
    const response = await runQueries(ds(), [
      traceQuery('00000000000000000000000000000001'),
      traceQuery(ok.traceId, 'B'),
    ]);
    expect(response.errors).toEqual([
      { refId: 'A', message: 'Trace 00000000000000000000000000000001 not found in Zipkin' },
    ]);
    expect(response.data.map((frame: DataFrame) => frame.refId)).toContain('B');
  });
  it('says what is wrong with an answer it cannot read', async () => {
    const cut = await runQueries(makeDataSource(server.url('zipkin-cut'), ZIPKIN), [traceQuery(ok.traceId)]);
    expect(cut.errors?.[0].message).toMatch(
      /^Zipkin's trace could not be read as JSON \(1726 bytes; truncated or malformed\?\): /
    );
    const other = await runQueries(makeDataSource(server.url('not-spans'), ZIPKIN), [traceQuery(ok.traceId)]);
    expect(other.errors?.[0].message).toBe(
      'Zipkin\'s trace could not be read: expected a Zipkin v2 span array (`[{"traceId":…,"id":…}, …]`), got an object'
    );
  });

  it('says when the URL is not Zipkin, for a trace, a search and the dependencies', async () => {
    const notZipkin = makeDataSource(server.url('tempo-2.8.2'), ZIPKIN);
    const response = await runQueries(notZipkin, [
      traceQuery(ok.traceId),
      search({ refId: 'B', service: 'web-frontend' }),
      { refId: 'C', query: '', queryType: 'dependencies' },
    ]);
    expect(response.errors?.map((error) => error.refId)).toEqual(['A', 'B', 'C']);
    for (const error of response.errors!) {
      expect(error.message).toMatch(/^The data source URL does not point at Zipkin: it has no \/api\/v2\/services/);
    }
  });
});

describe('Zipkin: search form', () => {
  const newestFirst = [...zipkinSeed.traces].sort((a, b) => b.startUs - a.startUs);

  it('lists every seeded trace of a service, newest first, with root, spans and errors', async () => {
    const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend' })]));
    expect(table.meta?.preferredVisualisationType).toBe('table');
    expect(fieldValues(table, 'traceID')).toEqual(newestFirst.map((trace) => trace.traceId));
    expect(fieldValues(table, 'traceService')).toEqual(newestFirst.map((trace) => trace.rootService));
    expect(fieldValues(table, 'traceName')).toEqual(newestFirst.map((trace) => trace.rootName.toLowerCase()));
    expect(fieldValues(table, 'spanCount')).toEqual(newestFirst.map((trace) => trace.spanCount));
    expect(fieldValues(table, 'errorSpanCount')).toEqual(newestFirst.map((trace) => trace.errorSpans));
    const durations = fieldValues<number>(table, 'traceDuration');
    newestFirst.forEach((trace, row) => expect(durations[row]).toBeCloseTo(trace.durationUs / 1000, 3));
    const sent = lastRequest().searchParams;
    expect(sent.get('serviceName')).toBe('web-frontend');
    // The query's hour, in whole seconds outward.
    expect(Number(sent.get('lookback'))).toBeGreaterThanOrEqual(3600_000);
    expect(Number(sent.get('lookback'))).toBeLessThanOrEqual(3602_000);
    expect(Math.abs(Number(sent.get('endTs')) - Date.now())).toBeLessThan(60_000);
  });

  it('sends tags as an annotationQuery and finds only the failed traces', async () => {
    const failing = zipkinSeed.traces.filter((trace) => trace.errorSpans > 0).map((trace) => trace.traceId);
    for (const tags of ['http.response.status_code=$status', 'error']) {
      const [table] = frames(await runQueries(ds(), [search({ service: '$service', tags })]));
      expect([...fieldValues<string>(table, 'traceID')].sort()).toEqual(failing.sort());
    }
    expect(lastRequest().searchParams.get('annotationQuery')).toBe('error');
  });

  it('limits the number of traces', async () => {
    const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend', limit: 3 })]));
    expect(table.length).toBe(3);
  });

  it('searches by span name', async () => {
    const [table] = frames(
      await runQueries(ds(), [search({ service: 'email-verifier', operation: 'select signups' })])
    );
    const withSelect = zipkinSeed.traces.filter((trace) => trace.operations.includes('email-verifier\tSELECT signups'));
    expect([...fieldValues<string>(table, 'traceID')].sort()).toEqual(withSelect.map((trace) => trace.traceId).sort());
  });

  it('says "No traces found" for a search without matches', async () => {
    for (const fields of [{ service: 'web-frontend', minDuration: '1h' }, { service: 'no-such-service' }]) {
      const [table] = frames(await runQueries(ds(), [search(fields)]));
      expect(table.length).toBe(0);
      expect(table.meta?.notices).toEqual([{ severity: 'info', text: 'No traces found' }]);
    }
  });

  it("shows Zipkin's reason when it rejects a search", async () => {
    const response = await runQueries(ds(), [
      search({ service: 'web-frontend', minDuration: '2s', maxDuration: '1s' }),
    ]);
    expect(response.errors).toEqual([{ refId: 'A', message: 'Zipkin rejected the search: maxDuration < minDuration' }]);
  });

  it('lists services and the span names of one for the pickers, sorted', async () => {
    const api = ds().backend.serviceSearch!;
    const services = JSON.parse(zipkinRecordings.recording('services').body.toString('utf8'));
    expect(await api.services()).toEqual([...services].sort((a: string, b: string) => a.localeCompare(b)));
    expect(await api.services()).toEqual(expect.arrayContaining(zipkinSeed.traces[0].services));
    const seeded = zipkinSeed.traces.flatMap((trace) => trace.operations);
    const expected = [...new Set(seeded.filter((op) => op.startsWith('email-verifier\t')))]
      .map((op) => op.split('\t')[1].toLowerCase())
      .sort((a, b) => a.localeCompare(b));
    expect(await api.operations('email-verifier')).toEqual(expected);
    expect(await api.operations('no-such-service')).toEqual([]);
  });
});

describe('Zipkin: dependencies', () => {
  it('draws the service graph Zipkin aggregated, with the database and broker from remote endpoints', async () => {
    const [nodes, edges] = frames(await runQueries(ds(), [{ refId: 'A', query: '', queryType: 'dependencies' }]));
    expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(fieldValues(nodes, 'id')).toEqual([
      'anonymizer',
      'email-verifier',
      'kafka',
      'marketing-qualifier',
      'postgres',
      'web-frontend',
    ]);
    // From what was sent: every trace calls email-verifier, INSERTs, publishes and is consumed; half SELECT too.
    const traces = zipkinSeed.traces.length;
    const selects = zipkinSeed.traces.filter((trace) =>
      trace.operations.includes('email-verifier\tSELECT signups')
    ).length;
    const calls = fieldValues<number>(edges, 'mainstat');
    expect(new Map(fieldValues<string>(edges, 'id').map((id, i) => [id, calls[i]]))).toEqual(
      new Map([
        ['web-frontend->email-verifier', traces],
        ['email-verifier->postgres', traces + selects],
        ['email-verifier->kafka', traces],
        ['kafka->anonymizer', traces],
        ['anonymizer->marketing-qualifier', traces],
      ])
    );
    const sent = lastRequest().searchParams;
    // The query's hour, in whole seconds outward.
    expect(Number(sent.get('lookback'))).toBeGreaterThanOrEqual(3600_000);
    expect(Number(sent.get('lookback'))).toBeLessThanOrEqual(3602_000);
  });
});

describe('Zipkin: Save & test', () => {
  it('names the version and how many services Zipkin knows', async () => {
    const services = JSON.parse(zipkinRecordings.recording('services').body.toString('utf8'));
    expect(await ds().testDatasource()).toEqual({
      status: 'success',
      message: `Connected to Zipkin 3.6.1: ${services.length} services`,
    });
  });

  itExplainsSaveAndTestFailures('Zipkin', ZIPKIN, (profile) => server.url(profile), {
    profile: 'tempo-2.8.2',
    message: /^The data source URL does not point at Zipkin: it has no \/api\/v2\/services/,
  });
});
