/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Failures the fuzz suite found on the Jaeger, Zipkin and trace-file paths (the issue's six defects
// have their regression tests beside the code that fixed them). Part of `npm test`: each case is
// a recording with one value changed, as the fuzz case that found it (its family in the title).
import type { DataQueryResponse } from '@grafana/data';

import type { ThreadlineQuery } from '../../src/types';
import { fieldValues, makeDataSource, runQueries } from '../support/datasource';
import { type FixtureServer, type ParsedRequest, type Recorded, startFixtureServer } from '../support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from '../support/grafana-services';
import { jaegerRecordings } from '../support/jaeger-fixtures';
import { zipkinRecordings } from '../support/zipkin-fixtures';

const DEPTH = 10_000;
/** A value nested DEPTH arrays deep, as text: JSON.parse reads it, anything recursive after it overflows. */
const deepArray = '['.repeat(DEPTH) + '1' + ']'.repeat(DEPTH);

const text = (recording: Recorded) => recording.body.toString('utf8');
const withBody = (recording: Recorded, body: string): Recorded => ({ ...recording, body: Buffer.from(body) });

const JAEGER_TRACE = jaegerRecordings.recording('trace-legacy');
const ZIPKIN_TRACE = zipkinRecordings.recording('trace-signup');
const TRACE_ID = '248c1e89af9ed025601c567fbb5522e5';

/** The first Jaeger tag value of the recorded trace replaced by `value` (raw JSON text). */
const jaegerTagValue = (value: string, type = 'string') =>
  text(JAEGER_TRACE).replace(
    /\{"key":"([^"]+)","type":"string","value":"[^"]*"\}/,
    `{"key":"$1","type":"${type}","value":${value}}`
  );
/** The first Zipkin tag value of the recorded trace replaced by `value` (raw JSON text). */
const zipkinTagValue = (value: string) =>
  text(ZIPKIN_TRACE).replace(/"tags":\{"([^"]+)":"[^"]*"/, `"tags":{"$1":${value}`);

let server: FixtureServer;
beforeAll(async () => {
  const answer = (recording: Recorded, body: string) => () => withBody(recording, body);
  // A Jaeger v1 query service: no API v3 (its UI page for those routes, as recorded), the legacy trace.
  const legacyJaeger = (body: string) => (req: ParsedRequest) =>
    req.path.startsWith('/api/v3/') ? jaegerRecordings.recording('unknown-api-route') : withBody(JAEGER_TRACE, body);
  server = await startFixtureServer({
    'jaeger-deep-tag': legacyJaeger(jaegerTagValue(deepArray)),
    'jaeger-text-float': legacyJaeger(jaegerTagValue('"fast"', 'float64')),
    'zipkin-deep-tag': answer(ZIPKIN_TRACE, zipkinTagValue(deepArray)),
    'zipkin-huge-tag': answer(ZIPKIN_TRACE, zipkinTagValue(`[${Array(200_000).fill('null').join(',')}]`)),
    // Over the stepped parser's 64 KB pieces: the walk itself went 10,000 generators deep.
    'zipkin-deep-member': answer(
      ZIPKIN_TRACE,
      text(ZIPKIN_TRACE).replace(
        /"remoteEndpoint":\{[^}]*\}/,
        `"remoteEndpoint":${'{"value":'.repeat(DEPTH)}"x"${'}'.repeat(DEPTH)}`
      )
    ),
    'jaeger-dependencies': () =>
      withBody(
        jaegerRecordings.recording('dependencies'),
        `{"data":[{"parent":"a","child":"b","callCount":"12"},{"parent":"b","child":"c","callCount":${deepArray}}]}`
      ),
    'zipkin-dependencies': () =>
      withBody(
        zipkinRecordings.recording('dependencies'),
        `[{"parent":"a","child":"b","callCount":"x"},{"parent":"b","child":"c","callCount":${deepArray}}]`
      ),
  });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const traceQuery: ThreadlineQuery = { refId: 'A', query: TRACE_ID, queryType: 'traceId' };

function onlyError(response: DataQueryResponse): string {
  expect(response.data).toEqual([]);
  expect(response.errors).toHaveLength(1);
  return response.errors![0].message!;
}

describe('deep nesting (family deep-nesting): a message naming the field, not a stack overflow', () => {
  it('a Jaeger tag value nested 10,000 levels', async () => {
    const ds = makeDataSource(server.url('jaeger-deep-tag'), { backend: 'jaeger' });
    expect(onlyError(await runQueries(ds, [traceQuery]))).toMatch(
      /^Jaeger's answer could not be read: the value of Jaeger tag "[^"]+" nests deeper than 64 levels$/
    );
  });

  it('a Zipkin tag value nested 10,000 levels', async () => {
    const ds = makeDataSource(server.url('zipkin-deep-tag'), { backend: 'zipkin' });
    expect(onlyError(await runQueries(ds, [traceQuery]))).toMatch(
      /^Zipkin's trace could not be read: the value of Zipkin tag "[^"]+" nests deeper than 64 levels$/
    );
  });

  it('a Zipkin member nested 10,000 levels deep: read, the rest of the trace intact', async () => {
    const ds = makeDataSource(server.url('zipkin-deep-member'), { backend: 'zipkin' });
    const response = await runQueries(ds, [traceQuery]);
    expect(response.errors).toBeUndefined();
    const spans = JSON.parse(text(ZIPKIN_TRACE)).length;
    expect(response.data[0].length).toBe(spans);
  });

  it.each([
    [
      'Jaeger JSON',
      'trace.json',
      () => jaegerTagValue(deepArray),
      /the value of Jaeger tag "[^"]+" nests deeper than 64 levels/,
    ],
    [
      'Zipkin JSON',
      'spans.json',
      () => zipkinTagValue(deepArray),
      /the value of Zipkin tag "[^"]+" nests deeper than 64 levels/,
    ],
    // 450 KB, over the stepped parser's 64 KB pieces (the fuzz case: the whole body a nested kvlistValue).
    [
      'JSON of no trace format',
      'deep.json',
      () => '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(DEPTH) + '1' + '}]}}'.repeat(DEPTH),
      /is JSON but not a trace format/,
    ],
  ])('a trace file of %s nested 10,000 levels', async (_format, name, body, message) => {
    const ds = makeDataSource('');
    ds.traceFiles.keep(name, new TextEncoder().encode(body()));
    const error = onlyError(await runQueries(ds, [{ refId: 'A', queryType: 'upload', query: '', fileName: name }]));
    expect(error).toMatch(new RegExp(`^Cannot read ${name}: `));
    expect(error).toMatch(message);
  });
});

describe('huge arrays (family huge-array)', () => {
  it('a Zipkin tag whose value is an array of 200,000 elements: the trace opens, the tag as its JSON text', async () => {
    const ds = makeDataSource(server.url('zipkin-huge-tag'), { backend: 'zipkin' });
    const response = await runQueries(ds, [traceQuery]);
    expect(response.errors).toBeUndefined();
    const tags = fieldValues<Array<{ key: string; value: unknown }>>(response.data[0], 'tags').flat();
    expect(tags.some(({ value }) => typeof value === 'string' && value.startsWith('[null,null,'))).toBe(true);
  });
});

describe('wrong types (family wrong-types): no NaN in frames', () => {
  it('a Jaeger float64 tag whose value is text keeps the text', async () => {
    const ds = makeDataSource(server.url('jaeger-text-float'), { backend: 'jaeger' });
    const [frame] = (await runQueries(ds, [traceQuery])).data;
    const tags = fieldValues<Array<{ key: string; value: unknown }>>(frame, 'tags').flat();
    expect(tags.some(({ value }) => value === 'fast')).toBe(true);
    expect(tags.some(({ value }) => typeof value === 'number' && Number.isNaN(value))).toBe(false);
  });

  it.each([
    ['Jaeger', 'jaeger-dependencies', 'jaeger' as const],
    ['Zipkin', 'zipkin-dependencies', 'zipkin' as const],
  ])(
    '%s dependencies with a call count that is text or nested: counted 0, never NaN',
    async (_name, profile, backend) => {
      const ds = makeDataSource(server.url(profile), { backend });
      const response = await runQueries(ds, [{ refId: 'A', query: '', queryType: 'dependencies' }]);
      expect(response.errors).toBeUndefined();
      const edges = response.data.find((frame) => frame.name === 'Edges')!;
      expect(fieldValues(edges, 'mainstat')).toEqual([0, 0]);
    }
  );
});

describe('hostile trace IDs: a message of reasonable length', () => {
  it("a 10,000-character ID a trace file does not hold is shown cut, as 'not a trace ID' shows it", async () => {
    const ds = makeDataSource('');
    ds.traceFiles.keep('trace.json', new TextEncoder().encode(text(ZIPKIN_TRACE)));
    const id = 'f'.repeat(10_000);
    const error = onlyError(
      await runQueries(ds, [{ refId: 'A', queryType: 'upload', query: id, fileName: 'trace.json' }])
    );
    expect(error).toBe(
      `The trace file trace.json holds no trace ${'f'.repeat(60)}…: clear the trace ID to list the file's traces`
    );
  });
});
