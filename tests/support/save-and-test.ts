/**
 * The Save & test failures every backend explains the same way, named for its server: a proxy's
 * HTML page, credentials wanted, a URL of another server, no connection, no answer in time.
 * Call inside a `describe`; `url` gives a fixture server profile's URL once the server runs.
 * (tests/zipkin.test.ts and tests/jaeger.test.ts call it.)
 */
import type { ThreadlineOptions } from '../../src/types';
import { makeDataSource } from './datasource';

export function itExplainsSaveAndTestFailures(
  name: string,
  jsonData: ThreadlineOptions,
  url: (profile: string) => string,
  notThisServer: { profile: string; message: RegExp }
): void {
  it.each([
    [
      'a proxy page',
      'html-502',
      new RegExp(
        `^The data source URL answered with an HTML page \\("502 Bad Gateway"\\) \\(HTTP 502 Bad Gateway\\), not ${name}'s API`
      ),
    ],
    [
      'credentials wanted',
      'auth-401',
      new RegExp(
        `^${name} refused the request \\(HTTP 401 Unauthorized: Unauthorized\\): check the data source's authentication settings`
      ),
    ],
    [`a URL that is not ${name}`, notThisServer.profile, notThisServer.message],
  ])('explains %s', async (_label, profile, message) => {
    const result = await makeDataSource(url(profile), jsonData).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(message);
  });

  it(`names ${name} when it cannot connect or gets no answer in time`, async () => {
    const refused = await makeDataSource('http://127.0.0.1:1', jsonData).testDatasource();
    expect(refused.message).toMatch(
      new RegExp(`^Cannot connect to ${name}.*: check the data source URL and that ${name} is running$`)
    );
    const hanging = await makeDataSource(url('hang'), { ...jsonData, timeout: 1 }).testDatasource();
    expect(hanging.message).toBe(`${name} did not answer within 1 s (the data source's timeout setting)`);
  });
}
