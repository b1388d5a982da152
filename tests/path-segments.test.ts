/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Every tag or service name a user can type goes into a URL path as one segment, and the request
// the server receives stays on the endpoint asked for: `..` must not turn
// `/api/v2/search/tag/../values` into `/api/v2/search/values`.
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, startFixtureServer } from './support/fixture-server';
import { jaegerProfiles } from './support/jaeger-fixtures';
import { makeDataSource } from './support/datasource';
import type { JaegerClient } from '../src/backends/jaeger';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer(jaegerProfiles());
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

/** What a user can type as a name: dot segments, slashes, URL syntax, spaces, other scripts, nothing. */
const NAMES = [
  '.',
  '..',
  '...',
  'a/b',
  'a/../b',
  '../..',
  '%2e%2e',
  '%2E',
  '.%2e',
  '?',
  '#',
  'a?b=c#d',
  ' ',
  'two words',
  'ünïcødé ✓',
  '日本語',
  '😀',
  '\\..\\',
  '',
];

/** The requests that reached the server while `run` ran. */
async function sent(run: () => Promise<unknown>): Promise<{ paths: string[]; outcome: unknown }> {
  const start = server.requests.length;
  const outcome = await run().then(
    () => 'answered',
    (error: Error) => error
  );
  return { paths: server.requests.slice(start).map((r) => new URL(r.url, server.origin).pathname), outcome };
}

/** `prefix` + exactly one segment + `suffix`, that segment decoding to `name`. */
function expectOneSegment(path: string, prefix: string, suffix: string, name: string) {
  expect(path.startsWith(prefix) && path.endsWith(suffix)).toBe(true);
  const segment = path.slice(prefix.length, path.length - suffix.length);
  expect(segment).not.toContain('/');
  expect(decodeURIComponent(segment)).toBe(name);
}

const REFUSED =
  /^"\.{0,2}" cannot be looked up as a (tag|service): a URL cannot carry an empty, "\." or "\.\." path segment/;

describe.each([
  ['Tempo 2.8.2 (API v2), as typed', 'tempo-2.8.2', '/tempo-2.8.2/api/v2/search/tag/', ''],
  ['Tempo 2.8.2 (API v2), scoped', 'tempo-2.8.2', '/tempo-2.8.2/api/v2/search/tag/', 'span.'],
  ['Tempo 2.0.1 (API v1, unscoped names)', 'tempo-2.0.1', '/tempo-2.0.1/api/search/tag/', ''],
])('tag values of %s', (_label, profile, prefix, scope) => {
  it.each(NAMES)('tag %j', async (typed) => {
    const ds = makeDataSource(server.url(profile));
    if (profile === 'tempo-2.0.1') {
      // Learn that this server has only API v1, so the one request asked is the v1 one.
      await ds.metricFindQuery({ refId: 'v', type: 'tagValues', tag: 'service.name' });
    }
    const tag = scope + typed;
    const { paths, outcome } = await sent(() => ds.metricFindQuery({ refId: 'v', type: 'tagValues', tag }));
    if (tag === '') {
      expect(paths).toEqual([]); // an empty variable asks nothing
      return;
    }
    // API v1 knows names without their scope: a leading `.` goes as the (empty) scope's separator.
    const segment = profile === 'tempo-2.0.1' ? tag.replace(/^\./, '') : tag;
    if (segment === '' || segment === '.' || segment === '..') {
      expect(outcome).toEqual(expect.objectContaining({ message: expect.stringMatching(REFUSED) }));
      expect(paths).toEqual([]);
      return;
    }
    expect(outcome).toBe('answered');
    expect(paths).toHaveLength(1);
    expectOneSegment(paths[0], prefix, '/values', segment);
  });
});

describe("operations of a service on Jaeger's legacy API (/api/services/{service}/operations)", () => {
  it.each(NAMES)('service %j', async (service) => {
    const ds = makeDataSource(server.url('jaeger-legacy'), { backend: 'jaeger' });
    const jaeger = ds.backend as JaegerClient;
    await jaeger.serviceSearch.services(); // learns that only the legacy API is there
    const { paths, outcome } = await sent(() => jaeger.serviceSearch.operations(service));
    if (service === '' || service === '.' || service === '..') {
      expect(outcome).toEqual(expect.objectContaining({ message: expect.stringMatching(REFUSED) }));
      expect(paths).toEqual([]);
      return;
    }
    expect(paths).toHaveLength(1);
    expectOneSegment(paths[0], '/jaeger-legacy/api/services/', '/operations', service);
  });
});
