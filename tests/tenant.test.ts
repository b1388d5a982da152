/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// The tenant of a multi-tenant Tempo: Grafana's data proxy adds it (a custom header of the data
// source, its value in secureJsonData); the browser never sends X-Scope-OrgID itself.
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { makeDataSource, runQueries } from './support/datasource';
import type { ThreadlineOptions } from '../src/types';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const TRACE_ID = '948fa8de1f33f0601aecb1973e1c20bb';
const MIGRATED = { httpHeaderName1: 'X-Scope-OrgID' } as ThreadlineOptions;

/** Trace by ID, TraceQL search, tag names and values, Save & test: every kind of Tempo request. */
async function everyRequest(jsonData: ThreadlineOptions) {
  const ds = makeDataSource(server.url('tempo-2.8.2'), jsonData);
  const start = server.requests.length;
  const response = await runQueries(ds, [
    { refId: 'A', query: TRACE_ID },
    { refId: 'B', queryType: 'traceql', query: '{ status = error }' },
  ]);
  const outcomes = [
    await ds.metricFindQuery({ refId: 'v', type: 'tagNames' }).then(String, (e: Error) => e.message),
    await ds
      .metricFindQuery({ refId: 'v', type: 'tagValues', tag: 'resource.service.name' })
      .then(String, (e: Error) => e.message),
    (await ds.testDatasource()).message,
  ];
  return { response, outcomes, sent: server.requests.slice(start) };
}

it('sends no X-Scope-OrgID from the browser, whatever the settings hold', async () => {
  const { response, sent } = await everyRequest({ ...MIGRATED, tenantId: 'team-a' });
  expect(response.errors).toBeUndefined();
  expect(sent.length).toBeGreaterThanOrEqual(5);
  expect(sent.filter((r) => 'x-scope-orgid' in r.headers)).toEqual([]);
});

it('fails every request, sending nothing, while a tenant of older versions is not moved to the header', async () => {
  const { response, outcomes, sent } = await everyRequest({ tenantId: 'team-a' });
  const message =
    "This data source's tenant is set the old way (jsonData.tenantId), which Threadline no longer sends because any viewer could change it: open the data source settings, which move it to the X-Scope-OrgID header, and click Save & test (in a provisioning file: jsonData.httpHeaderName1: X-Scope-OrgID and secureJsonData.httpHeaderValue1: <tenant>)";
  expect(response.errors).toEqual([
    { refId: 'A', message },
    { refId: 'B', message },
  ]);
  expect(outcomes).toEqual([message, message, message]);
  expect(sent).toEqual([]);
});

it('a single-tenant data source (no tenant, or an empty one) works as before', async () => {
  for (const jsonData of [{}, { tenantId: '' }]) {
    const { response, sent } = await everyRequest(jsonData);
    expect(response.errors).toBeUndefined();
    expect(sent.filter((r) => 'x-scope-orgid' in r.headers)).toEqual([]);
  }
});
