/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The real DataSource set to Zipkin against a real Zipkin 3.6.1 (scripts/live/zipkin.sh), seeded
// with the Zipkin UI's real-world traces and the signup traces: what the recordings in
// tests/fixtures/zipkin-3.6.1 show, live. Zipkin lowercases span names when it stores them.
import fs from 'fs';
import path from 'path';

import { DataFrame, DataQueryResponse } from '@grafana/data';

import { decodeZipkinJson } from '../../src/decode/zipkin-json';
import { ThreadlineQuery } from '../../src/types';
import { fieldValues, makeDataSource, runQueries } from '../support/datasource';
import { installRealBackendSrv, installTemplateSrv } from '../support/grafana-services';
import type { ZipkinSeed } from '../support/zipkin-fixtures';
import { liveUrl, seedManifest } from './live-servers';

const url = liveUrl('THREADLINE_ZIPKIN_URL', 'http://127.0.0.1:19411');
const seed = seedManifest<ZipkinSeed>('zipkin');
const ZIPKIN = { backend: 'zipkin' as const };
const range = { from: seed.seededAt - 3 * 3600_000, to: Date.now() + 60_000 };
/** Back to 2016, where the reference traces' timestamps are. */
const referenceRange = { from: Date.UTC(2016, 0, 1), to: Date.now() + 60_000 };
const REFERENCE_DIR = path.resolve(__dirname, '../fixtures/reference/zipkin-lens');
const ds = () => makeDataSource(url, ZIPKIN);
const search = (fields: Partial<ThreadlineQuery>): ThreadlineQuery => ({
  refId: 'A',
  query: '',
  queryType: 'serviceSearch',
  ...fields,
});
const traceQuery = (traceId: string): ThreadlineQuery => ({ refId: 'A', query: traceId, queryType: 'traceId' });
const failing = seed.traces.filter((trace) => trace.errorSpans > 0).map((trace) => trace.traceId);

function referenceSpans(file: string): Array<{ localEndpoint?: { serviceName?: string } }> {
  return JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8'));
}

beforeAll(() => {
  installRealBackendSrv();
  installTemplateSrv();
});

function frames(response: DataQueryResponse): DataFrame[] {
  expect(response.errors).toBeUndefined();
  return response.data;
}

it('Save & test names the version and every service seeded', async () => {
  const services = new Set(seed.traces.flatMap((trace) => trace.services));
  for (const { file } of seed.reference) {
    for (const span of referenceSpans(file)) {
      if (span.localEndpoint?.serviceName) {
        services.add(span.localEndpoint.serviceName.toLowerCase());
      }
    }
  }
  expect(await ds().testDatasource()).toEqual({
    status: 'success',
    message: `Connected to Zipkin 3.6.1: ${services.size} services`,
  });
});

it('opens every seeded signup trace by its ID', async () => {
  for (const seeded of seed.traces) {
    const [frame] = frames(await runQueries(ds(), [traceQuery(seeded.traceId)], range));
    expect(frame.length).toBe(seeded.spanCount);
    expect([...new Set(fieldValues(frame, 'serviceName'))].sort()).toEqual(seeded.services);
    const root = fieldValues<string | undefined>(frame, 'parentSpanID').indexOf(undefined);
    expect(fieldValues(frame, 'operationName')[root]).toBe(seeded.rootName.toLowerCase());
    expect(fieldValues<number>(frame, 'statusCode').filter((code) => code === 2)).toHaveLength(seeded.errorSpans);
  }
});

it('opens every real-world trace by its ID as the file itself decodes: same spans, parents, services', async () => {
  for (const { file, traceId } of seed.reference) {
    const [frame] = frames(await runQueries(ds(), [traceQuery(traceId)], range));
    // Zipkin stores service names lowercased (and derived server IDs hash the service name).
    const stored = referenceSpans(file).map((span) => ({
      ...span,
      localEndpoint: span.localEndpoint && {
        ...span.localEndpoint,
        serviceName: span.localEndpoint.serviceName?.toLowerCase(),
      },
    }));
    const fromFile = decodeZipkinJson(stored).spans;
    const pairs = (ids: string[], parents: Array<string | undefined>) =>
      ids.map((id, i) => `${id}<-${parents[i]}`).sort();
    expect(pairs(fieldValues(frame, 'spanID'), fieldValues(frame, 'parentSpanID'))).toEqual(
      pairs(fromFile.spanID, fromFile.parentSpanID)
    );
    expect(new Set(fieldValues(frame, 'serviceName'))).toEqual(new Set(fromFile.serviceName));
  }
});

it('says a trace Zipkin does not have is not found', async () => {
  const response = await runQueries(ds(), [traceQuery('00000000000000000000000000000001')], range);
  expect(response.errors).toEqual([
    { refId: 'A', message: 'Trace 00000000000000000000000000000001 not found in Zipkin' },
  ]);
});

it('searches a service: every seeded trace, newest first', async () => {
  const [table] = frames(await runQueries(ds(), [search({ service: 'web-frontend' })], range));
  const newestFirst = [...seed.traces].sort((a, b) => b.startUs - a.startUs);
  expect(fieldValues(table, 'traceID')).toEqual(newestFirst.map((trace) => trace.traceId));
  expect(fieldValues(table, 'spanCount')).toEqual(newestFirst.map((trace) => trace.spanCount));
});

it('searches by tags (annotationQuery), span name, duration and limit', async () => {
  for (const tags of ['http.response.status_code=503', 'error']) {
    const [table] = frames(await runQueries(ds(), [search({ service: 'marketing-qualifier', tags })], range));
    expect([...fieldValues<string>(table, 'traceID')].sort()).toEqual([...failing].sort());
  }
  const withSelect = seed.traces.filter((trace) => trace.operations.includes('email-verifier\tSELECT signups'));
  const [bySpan] = frames(
    await runQueries(ds(), [search({ service: 'email-verifier', operation: 'select signups' })], range)
  );
  expect(bySpan.length).toBe(withSelect.length);
  const [limited] = frames(await runQueries(ds(), [search({ service: 'web-frontend', limit: 3 })], range));
  expect(limited.length).toBe(3);
  const [none] = frames(await runQueries(ds(), [search({ service: 'web-frontend', minDuration: '1h' })], range));
  expect(none.length).toBe(0);
});

it('finds the real-world traces with a time range back to their own timestamps', async () => {
  const skew = seed.reference.find((trace) => trace.file === 'skew.json')!;
  const [table] = frames(await runQueries(ds(), [search({ service: 'serviceb' })], referenceRange));
  expect(fieldValues(table, 'traceID')).toContain(skew.traceId.padStart(32, '0'));
  const [recent] = frames(await runQueries(ds(), [search({ service: 'serviceb' })], range));
  expect(recent.length).toBe(0);
});

it("shows Zipkin's reason when it rejects a search", async () => {
  const response = await runQueries(
    ds(),
    [search({ service: 'web-frontend', minDuration: '2s', maxDuration: '1s' })],
    range
  );
  expect(response.errors).toEqual([{ refId: 'A', message: 'Zipkin rejected the search: maxDuration < minDuration' }]);
});

it('draws the dependency graph of the seeded services', async () => {
  const [, edges] = frames(await runQueries(ds(), [{ refId: 'A', query: '', queryType: 'dependencies' }], range));
  const calls = fieldValues<number>(edges, 'mainstat');
  const traces = seed.traces.length;
  const selects = seed.traces.filter((trace) => trace.operations.includes('email-verifier\tSELECT signups')).length;
  expect(new Map(fieldValues<string>(edges, 'id').map((id, i) => [id, calls[i]]))).toEqual(
    new Map([
      ['web-frontend->email-verifier', traces],
      ['email-verifier->postgres', traces + selects],
      ['email-verifier->kafka', traces],
      ['kafka->anonymizer', traces],
      ['anonymizer->marketing-qualifier', traces],
    ])
  );
});
