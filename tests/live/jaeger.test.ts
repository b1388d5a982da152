/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The real DataSource set to Jaeger against a real Jaeger v1.76.0 (scripts/live/jaeger.sh),
// seeded with the signup traces: what the recordings in tests/fixtures/jaeger-1.76.0 show, live.

import { JaegerClient } from '../../src/backends/jaeger';
import { ThreadlineQuery } from '../../src/types';
import { fieldValues, framesWithoutErrors as frames, makeDataSource, runQueries } from '../support/datasource';
import { installRealBackendSrv, installTemplateSrv } from '../support/grafana-services';
import type { JaegerSeedTrace } from '../support/jaeger-fixtures';
import { liveUrl, seedManifest } from './live-servers';

const url = liveUrl('THREADLINE_JAEGER_URL', 'http://127.0.0.1:16686');
const seed = seedManifest<{ seededAt: number; traces: JaegerSeedTrace[] }>('jaeger');
const JAEGER = { backend: 'jaeger' as const };
const range = { from: seed.seededAt - 3 * 3600_000, to: Date.now() + 60_000 };
const ds = () => makeDataSource(url, JAEGER);
const search = (fields: Partial<ThreadlineQuery>): ThreadlineQuery => ({
  refId: 'A',
  query: '',
  queryType: 'serviceSearch',
  ...fields,
});

beforeAll(() => {
  installRealBackendSrv();
  installTemplateSrv();
});

it('Save & test names the seeded services', async () => {
  const services = new Set(seed.traces.flatMap((trace) => trace.services));
  expect(await ds().testDatasource()).toEqual({
    status: 'success',
    message: `Connected to Jaeger: ${services.size} services`,
  });
});

it('opens every seeded trace by its ID, on API v3', async () => {
  const source = ds();
  for (const seeded of seed.traces) {
    const [frame] = frames(
      await runQueries(source, [{ refId: 'A', query: seeded.traceId, queryType: 'traceId' }], range)
    );
    expect(frame.length).toBe(seeded.spanCount);
    expect([...new Set(fieldValues(frame, 'serviceName'))].sort()).toEqual(seeded.services);
    const parents = fieldValues<string | undefined>(frame, 'parentSpanID');
    const root = parents.indexOf(undefined);
    expect(fieldValues(frame, 'operationName')[root]).toBe(seeded.rootName);
    expect(fieldValues<number>(frame, 'statusCode').filter((code) => code === 2)).toHaveLength(seeded.errorSpans);
  }
  expect((source.backend as JaegerClient).knownApi).toBe('v3');
});

it('says an unknown trace is not found', async () => {
  const response = await runQueries(ds(), [{ refId: 'A', query: 'ffffffffffffffffffffffffffffffff' }], range);
  expect(response.errors).toEqual([
    { refId: 'A', message: 'Trace ffffffffffffffffffffffffffffffff not found in Jaeger' },
  ]);
});

it('searches a service and lists each seeded trace once, newest first, with spans and errors', async () => {
  const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend', limit: 100 })], range));
  const newestFirst = [...seed.traces].sort((a, b) => b.startMs - a.startMs);
  expect(fieldValues(table, 'traceID')).toEqual(newestFirst.map((trace) => trace.traceId));
  expect(fieldValues(table, 'spanCount')).toEqual(newestFirst.map((trace) => trace.spanCount));
  expect(fieldValues(table, 'errorSpanCount')).toEqual(newestFirst.map((trace) => trace.errorSpans));
  expect(fieldValues(table, 'traceName')).toEqual(newestFirst.map((trace) => trace.rootName));
});

it('searches by tags (logfmt) and by operation, and honours the limit', async () => {
  const failing = seed.traces.filter((trace) => trace.errorSpans > 0).map((trace) => trace.traceId);
  const response = await runQueries(
    ds(),
    [
      search({ refId: 'tags', service: 'marketing-qualifier', tags: 'http.response.status_code=503' }),
      search({ refId: 'operation', service: 'marketing-qualifier', operation: 'score lead', limit: 100 }),
      search({ refId: 'limit', service: 'web-frontend', limit: 2 }),
    ],
    range
  );
  const [byTags, byOperation, limited] = frames(response);
  expect([...fieldValues<string>(byTags, 'traceID')].sort()).toEqual([...failing].sort());
  const scored = seed.traces.filter((trace) => trace.operations.includes('marketing-qualifier\tscore lead'));
  expect([...fieldValues<string>(byOperation, 'traceID')].sort()).toEqual(scored.map((t) => t.traceId).sort());
  expect(limited.length).toBe(2);
});

it('filters by duration', async () => {
  const longest = Math.max(...seed.traces.map((trace) => trace.durationMs));
  const [none] = frames(
    await runQueries(ds(), [search({ service: 'web-frontend', minDuration: `${Math.ceil(longest) + 1}ms` })], range)
  );
  expect(none.length).toBe(0);
  expect(none.meta?.notices).toEqual([{ severity: 'info', text: 'No traces found' }]);
});

it("shows Jaeger's reason for a search it rejects", async () => {
  const response = await runQueries(
    ds(),
    [search({ service: 'web-frontend', minDuration: '2s', maxDuration: '1s' })],
    range
  );
  expect(response.errors).toEqual([
    { refId: 'A', message: "Jaeger rejected the search: 'maxDuration' should be greater than 'minDuration'" },
  ]);
});

it('lists services and operations for the pickers', async () => {
  const api = ds().backend.serviceSearch!;
  expect(await api.services()).toEqual([...new Set(seed.traces.flatMap((trace) => trace.services))].sort());
  const operations = seed.traces
    .flatMap((trace) => trace.operations)
    .filter((op) => op.startsWith('email-verifier\t'))
    .map((op) => op.split('\t')[1]);
  expect(await api.operations('email-verifier')).toEqual([...new Set(operations)].sort((a, b) => a.localeCompare(b)));
});

it('draws the dependency graph from the calls between services', async () => {
  const [, edges] = frames(await runQueries(ds(), [{ refId: 'A', query: '', queryType: 'dependencies' }], range));
  const expected = new Map<string, number>();
  for (const pair of seed.traces.flatMap((trace) => trace.parentChildServices)) {
    expected.set(pair, (expected.get(pair) ?? 0) + 1);
  }
  const ids = fieldValues<string>(edges, 'id');
  const calls = fieldValues<number>(edges, 'mainstat');
  expect(new Map(ids.map((id, i) => [id, calls[i]]))).toEqual(expected);
});
