/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
import { DataSource } from '../src/datasource';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, ParsedRequest, startFixtureServer } from './support/fixture-server';
import { makeDataSource, runQueries } from './support/datasource';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    // A release build of Tempo reports its version (`/api/status/buildinfo` of a 2.8.2 release);
    // the recorded 2.8.2 was built from source and reports "".
    'tempo-release': (req: ParsedRequest) =>
      req.path === '/api/status/buildinfo'
        ? {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: Buffer.from('{"version":"2.8.2","revision":"a1b2c3"}'),
          }
        : { status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from('echo') },
    // A web server that is not Tempo but answers 200 to everything with a page.
    'web-page': () => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: Buffer.from('<!DOCTYPE html><html><head><title>Grafana</title></head><body></body></html>'),
    }),
  });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const saveAndTest = (ds: DataSource) => ds.testDatasource();

describe('Save & test', () => {
  it('names the version a release build reports', async () => {
    expect(await saveAndTest(makeDataSource(server.url('tempo-release')))).toEqual({
      status: 'success',
      message: 'Connected to Tempo 2.8.2',
    });
  });

  it('succeeds on a source build that reports an empty version (recorded 2.8.2)', async () => {
    expect(await saveAndTest(makeDataSource(server.url('tempo-2.8.2')))).toEqual({
      status: 'success',
      message: 'Connected to Tempo (it reports no version: a build from source)',
    });
  });

  it('succeeds on Tempo 2.0.1, which has no buildinfo endpoint (404)', async () => {
    expect(await saveAndTest(makeDataSource(server.url('tempo-2.0.1')))).toEqual({
      status: 'success',
      message: 'Connected to Tempo (version unknown: this Tempo has no build info endpoint)',
    });
  });

  it.each([
    [
      'a URL that is not Tempo (404)',
      'not-tempo',
      /^The data source URL does not point at Tempo: \/api\/echo answered HTTP 404/,
    ],
    [
      "a proxy's HTML error page",
      'html-502',
      /HTML page \("502 Bad Gateway"\) \(HTTP 502 Bad Gateway\), not Tempo's API/,
    ],
    ['a web page answering 200', 'web-page', /HTML page \("Grafana"\) \(HTTP 200 OK\)/],
    [
      'missing credentials (401)',
      'auth-401',
      /^Tempo refused the request \(HTTP 401 Unauthorized: Unauthorized\): check the data source's authentication settings/,
    ],
  ])('fails clearly on %s', async (_name, profile, message) => {
    const result = await saveAndTest(makeDataSource(server.url(profile)));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(message);
  });

  it('fails clearly when nothing listens at the URL', async () => {
    const result = await saveAndTest(makeDataSource('http://127.0.0.1:9'));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^Cannot connect to Tempo.*: check the data source URL and that Tempo is running$/);
  });

  it('fails clearly on a timeout', async () => {
    const result = await saveAndTest(makeDataSource(server.url('hang'), { timeout: 1 }));
    expect(result).toEqual({
      status: 'error',
      message: "Tempo did not answer within 1 s (the data source's timeout setting)",
    });
  });
});

describe('trace query errors', () => {
  const id = '948fa8de1f33f0601aecb1973e1c20bb';

  it.each([
    ["a proxy's HTML error page", 'html-502', /HTML page \("502 Bad Gateway"\)/],
    ['missing credentials', 'auth-401', /check the data source's authentication settings/],
    [
      'a truncated protobuf body',
      'truncated',
      /^Tempo's answer could not be read as protobuf \(971 bytes; truncated or malformed\?\)/,
    ],
    [
      'a URL that is not Tempo',
      'not-tempo',
      /^The data source URL does not point at Tempo: neither \/api\/v2\/traces nor \/api\/traces exists there$/,
    ],
  ])('%s', async (_name, profile, message) => {
    const response = await runQueries(makeDataSource(server.url(profile)), [{ refId: 'A', query: id }]);
    expect(response.data).toEqual([]);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].refId).toBe('A');
    expect(response.errors![0].message).toMatch(message);
  });

  it('a timeout fails the query, not the whole request', async () => {
    const response = await runQueries(makeDataSource(server.url('hang'), { timeout: 1 }), [{ refId: 'A', query: id }]);
    expect(response.errors?.[0]).toEqual({
      refId: 'A',
      message: "Tempo did not answer within 1 s (the data source's timeout setting)",
    });
  });

  it("Tempo's own message for an ID it rejects (recorded 2.0.1 answer)", async () => {
    const ds = makeDataSource(server.url('tempo-2.0.1'));
    // The editor never sends such an id; the client still reports Tempo's words if it happens.
    await expect(ds.backend.traceById({ traceId: 'xyz' })).rejects.toThrow(
      "Tempo rejected trace ID xyz: trace IDs can only contain hex characters: invalid character 'n' at position 1"
    );
  });
});
