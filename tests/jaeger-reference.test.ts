/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The Jaeger backend on Jaeger's own data (tests/fixtures/reference): its API v3 handler
// snapshots, and its OTLP → Jaeger JSON translator fixture, served through DataSource.query().
import fs from 'fs';
import path from 'path';

import { DataFrame } from '@grafana/data';

import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { FIXTURES_DIR, FixtureServer, ParsedRequest, Recorded, startFixtureServer } from './support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';

const reference = (folder: string, file: string) => fs.readFileSync(path.join(FIXTURES_DIR, 'reference', folder, file));
const jsonAnswer = (body: Buffer): Recorded => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
/** Jaeger's answer for a route it does not have (recorded from v1.76.0: its UI page). */
const NO_ROUTE: Recorded = {
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: fs.readFileSync(path.join(FIXTURES_DIR, 'jaeger-1.76.0', 'unknown-api-route.body')),
};
const TRANSLATED_ID = '83a9efd15c1c98a977e0711cc93ee28b';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    // Jaeger's API v3 snapshots, each at the route whose handler test wrote it.
    'apiv3-snapshots': (req: ParsedRequest) => {
      const snapshot: Record<string, string> = {
        '/api/v3/services': 'GetServices.json',
        '/api/v3/operations': 'GetOperations.json',
        '/api/v3/traces/00000000000000000000000000000001': 'GetTrace.json',
        '/api/v3/traces': 'FindTraces.json',
      };
      // Without the legacy search, as a server with API v3 only.
      return snapshot[req.path] ? jsonAnswer(reference('jaeger-apiv3', snapshot[req.path])) : NO_ROUTE;
    },
    // The same trace as Jaeger's translator takes it in (OTLP, wrapped in `result` as API v3's
    // GRPCGatewayWrapper does) and gives it out (Jaeger JSON, as the legacy API answers).
    'translated-v3': (req) =>
      req.path === `/api/v3/traces/${TRANSLATED_ID}`
        ? jsonAnswer(
            Buffer.from(`{"result":${reference('jaeger-legacy', 'otlp2jaeger-in.json').toString('utf8')}}`, 'utf8')
          )
        : NO_ROUTE,
    'translated-legacy': (req) =>
      req.path === `/api/traces/${TRANSLATED_ID}`
        ? jsonAnswer(reference('jaeger-legacy', 'otlp2jaeger-out.json'))
        : NO_ROUTE,
  });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const JAEGER = { backend: 'jaeger' as const };

describe("Jaeger's API v3 snapshots", () => {
  const ds = () => makeDataSource(server.url('apiv3-snapshots'), JAEGER);

  it('opens GetTrace: one error span, hex ids as they are', async () => {
    const response = await runQueries(ds(), [{ refId: 'A', query: '00000000000000000000000000000001' }]);
    expect(response.errors).toBeUndefined();
    const [frame] = response.data as DataFrame[];
    expect(fieldValues(frame, 'traceID')).toEqual(['00000000000000000000000000000001']);
    expect(fieldValues(frame, 'spanID')).toEqual(['0000000000000002']);
    expect(fieldValues(frame, 'operationName')).toEqual(['foobar']);
    expect(fieldValues(frame, 'kind')).toEqual(['server']);
    expect(fieldValues(frame, 'statusCode')).toEqual([2]);
  });

  it('reads GetServices and GetOperations for the pickers', async () => {
    const api = ds().backend.serviceSearch!;
    expect(await api.services()).toEqual(['foo']);
    expect(await api.operations('foo')).toEqual(['get_users']);
    expect(await ds().testDatasource()).toEqual({ status: 'success', message: 'Connected to Jaeger: 1 service' });
  });

  it('summarizes FindTraces in the traces table when only API v3 can search', async () => {
    const response = await runQueries(ds(), [{ refId: 'A', query: '', queryType: 'serviceSearch', service: 'foo' }]);
    expect(response.errors).toBeUndefined();
    const [table] = response.data as DataFrame[];
    expect(fieldValues(table, 'traceID')).toEqual(['00000000000000000000000000000001']);
    expect(fieldValues(table, 'spanCount')).toEqual([1]);
    expect(fieldValues(table, 'errorSpanCount')).toEqual([1]);
    expect(fieldValues(table, 'traceName')).toEqual(['foobar']);
  });
});

describe("Jaeger's OTLP → Jaeger JSON translator fixture", () => {
  it('gives the same trace frame from API v3 (its input) and from the legacy API (its output)', async () => {
    const query = { refId: 'A', query: TRANSLATED_ID };
    const [v3] = (await runQueries(makeDataSource(server.url('translated-v3'), JAEGER), [query])).data as DataFrame[];
    const [legacy] = (await runQueries(makeDataSource(server.url('translated-legacy'), JAEGER), [query]))
      .data as DataFrame[];
    expect(v3.length).toBeGreaterThan(0);
    expect(legacy.length).toBe(v3.length);
    for (const name of [
      'spanID',
      'parentSpanID',
      'operationName',
      'serviceName',
      'startTime',
      'duration',
      'kind',
      'statusCode',
    ]) {
      expect({ name, values: fieldValues(legacy, name) }).toEqual({ name, values: fieldValues(v3, name) });
    }
  });
});
