/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Failures the fuzz suite found on the Jaeger, Zipkin and trace-file paths that the issue's
// regression tests (tests/readers-robustness.test.ts, tests/half-traces.test.ts, the transport
// tests) do not reproduce. Part of `npm test`: each case is a recording with one value changed, as
// the fuzz case that found it (its family in the title).
import type { DataQueryResponse } from '@grafana/data';

import type { ThreadlineQuery } from '../../src/types';
import { fieldValues, makeDataSource, runQueries } from '../support/datasource';
import {
  type FixtureServer,
  type ParsedRequest,
  readFixture,
  type Recorded,
  startFixtureServer,
} from '../support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from '../support/grafana-services';
import { jaegerRecordings } from '../support/jaeger-fixtures';
import { zipkinRecordings } from '../support/zipkin-fixtures';

const DEPTH = 10_000;
/** A value nested DEPTH arrays deep, as text: JSON.parse reads it, anything recursive after it overflows. */
const deepArray = '['.repeat(DEPTH) + '1' + ']'.repeat(DEPTH);
/** 200,000 elements: spread into a call (`push(...values)`), an array this long overflows the stack too. */
const hugeArray = `[${Array(200_000).fill('null').join(',')}]`;

const text = (recording: Recorded) => recording.body.toString('utf8');
const withBody = (recording: Recorded, body: string): Recorded => ({ ...recording, body: Buffer.from(body) });

const JAEGER_TRACE = jaegerRecordings.recording('trace-legacy');
const ZIPKIN_TRACE = zipkinRecordings.recording('trace-signup');
const TRACE_ID = '248c1e89af9ed025601c567fbb5522e5';

/** The first string tag of the recorded Jaeger trace, its value replaced by `value` (JSON text). */
const jaegerTagValue = (value: string) =>
  text(JAEGER_TRACE).replace(
    /\{"key":"([^"]+)","type":"string","value":"[^"]*"\}/,
    `{"key":"$1","type":"string","value":${value}}`
  );
/** The first tag of the recorded Zipkin trace, its value replaced by `value` (JSON text). */
const zipkinTagValue = (value: string) =>
  text(ZIPKIN_TRACE).replace(/"tags":\{"([^"]+)":"[^"]*"/, `"tags":{"$1":${value}`);

const TEMPO_TRACE = readFixture('2.8.2', 'v2-trace-by-id.json').toString('utf8');
const TEMPO_TRACE_ID = '948fa8de1f33f0601aecb1973e1c20bb';
const tempoJson = (body: string): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(body),
});

let server: FixtureServer;
beforeAll(async () => {
  // A Jaeger v1 query service: no API v3 (its UI page for those routes, as recorded), the legacy trace.
  const legacyJaeger = (body: string) => (req: ParsedRequest) =>
    req.path.startsWith('/api/v3/') ? jaegerRecordings.recording('unknown-api-route') : withBody(JAEGER_TRACE, body);
  server = await startFixtureServer({
    'jaeger-deep-tag': legacyJaeger(jaegerTagValue(deepArray)),
    'zipkin-huge-tag': () => withBody(ZIPKIN_TRACE, zipkinTagValue(hugeArray)),
    'jaeger-endless-start': legacyJaeger(
      text(JAEGER_TRACE).replace(/"startTime":\d+/, '"startTime":18446744073709551615')
    ),
    'tempo-double-as-text': () => tempoJson(TEMPO_TRACE.replace('"doubleValue":0.87', '"doubleValue":"0.87 ms"')),
    // Every span with a parent (all but the root) without a trace ID: the budget folds some into summaries.
    'tempo-spans-without-trace-id': () =>
      tempoJson(TEMPO_TRACE.replace(/"traceId":"[^"]*"(?=,"spanId":"[^"]*","parentSpanId")/g, '"traceId":""')),
    'tempo-empty-400': () => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(0) }),
    // A login proxy's page, sent with the content type Tempo's JSON answers have.
    'tempo-html-as-json': () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        '<?xml version="1.0"?>\n<html><head><title>Sign in</title></head><body><h1>Sign in</h1></body></html>'
      ),
    }),
  });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const traceQuery: ThreadlineQuery = { refId: 'A', query: TRACE_ID, queryType: 'traceId' };

/** The trace opened with every span, the bad value left out and said so on its span. */
function expectTraceWithValueLeftOut(response: DataQueryResponse, spans: number) {
  expect(response.errors).toBeUndefined();
  const [frame] = response.data;
  expect(frame.length).toBe(spans);
  const warnings = fieldValues<string[] | undefined>(frame, 'warnings').flatMap((list) => list ?? []);
  expect(warnings.some((warning) => /of the wrong type left out of its attributes/.test(warning))).toBe(true);
}

const jaegerSpans = JSON.parse(text(JAEGER_TRACE)).data[0].spans.length;
const zipkinSpans = JSON.parse(text(ZIPKIN_TRACE)).length;

describe('deep nesting (family deep-nesting)', () => {
  it('a Jaeger tag value nested 10,000 levels: the trace opens, the value left out with a warning', async () => {
    const ds = makeDataSource(server.url('jaeger-deep-tag'), { backend: 'jaeger' });
    expectTraceWithValueLeftOut(await runQueries(ds, [traceQuery]), jaegerSpans);
  });

  it.each([
    ['Jaeger JSON', () => jaegerTagValue(deepArray), jaegerSpans],
    ['Zipkin JSON', () => zipkinTagValue(deepArray), zipkinSpans],
  ])(
    'a trace file of %s with a tag value nested 10,000 levels: opens, the value left out',
    async (_format, body, spans) => {
      const ds = makeDataSource('');
      ds.traceFiles.keep('trace.json', new TextEncoder().encode(body()));
      const response = await runQueries(ds, [{ refId: 'A', queryType: 'upload', query: '', fileName: 'trace.json' }]);
      expectTraceWithValueLeftOut(response, spans);
    }
  );

  it('a trace file of no trace format nested 10,000 levels, 450 KB: past the pieces the stepped parser walks', async () => {
    const ds = makeDataSource('');
    const body = '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(DEPTH) + '1' + '}]}}'.repeat(DEPTH);
    ds.traceFiles.keep('deep.json', new TextEncoder().encode(body));
    const response = await runQueries(ds, [{ refId: 'A', queryType: 'upload', query: '', fileName: 'deep.json' }]);
    expect(response.errors?.[0].message).toMatch(/^Cannot read deep\.json: the file is JSON but not a trace format/);
  });
});

describe('huge arrays (family huge-array)', () => {
  it('a Zipkin tag whose value is an array of 200,000 elements: the trace opens, the value left out', async () => {
    const ds = makeDataSource(server.url('zipkin-huge-tag'), { backend: 'zipkin' });
    expectTraceWithValueLeftOut(await runQueries(ds, [traceQuery]), zipkinSpans);
  });
});

describe('hostile trace IDs: a message of reasonable length', () => {
  it("a 10,000-character ID a trace file does not hold is shown cut, as 'not a trace ID' shows it", async () => {
    const ds = makeDataSource('');
    ds.traceFiles.keep('trace.json', new TextEncoder().encode(text(ZIPKIN_TRACE)));
    const id = 'f'.repeat(10_000);
    const response = await runQueries(ds, [{ refId: 'A', queryType: 'upload', query: id, fileName: 'trace.json' }]);
    expect(response.errors?.[0].message).toBe(
      `The trace file trace.json holds no trace ${'f'.repeat(60)}…: clear the trace ID to list the file's traces`
    );
  });
});

describe('found by seed 13 after the merges', () => {
  it('a Jaeger span starting 2^64 - 1 µs after 1970 (jaeger trace legacy, case 104): opens, its start time warned', async () => {
    const ds = makeDataSource(server.url('jaeger-endless-start'), { backend: 'jaeger' });
    const response = await runQueries(ds, [traceQuery]);
    expect(response.errors).toBeUndefined();
    const warnings = fieldValues<string[] | undefined>(response.data[0], 'warnings').flatMap((list) => list ?? []);
    expect(
      warnings.some((w) => /^Its start time \(18446744073709\d+ ms since 1970\) is missing or not a time/.test(w))
    ).toBe(true);
  });

  it('an HTML page sent as JSON for a Tempo trace (tempo trace json v1, case 253): named as a page, no markup', async () => {
    const ds = makeDataSource(server.url('tempo-html-as-json'));
    const response = await runQueries(ds, [traceQuery]);
    const message = response.errors?.[0].message ?? '';
    expect(message).toMatch(/^The data source URL answered with an HTML page \("Sign in"\) \(HTTP 200/);
    expect(message).not.toContain('<');
  });

  it('a span filter of 40,000 characters that is not TraceQL (template variables, case 1167): a message of reasonable length', async () => {
    const ds = makeDataSource(server.url('jaeger-deep-tag'), { backend: 'jaeger' });
    const spanFilter = `{ .a = "${'x'.repeat(40_000)}" && }`;
    const response = await runQueries(ds, [{ ...traceQuery, spanFilter }]);
    const message = response.errors?.[0].message ?? '';
    expect(message).toMatch(/^The span filter \{ \.a = "x+…x+" && \} is not valid TraceQL/);
    expect(message.length).toBeLessThan(400);
  });
});

describe('found by the full run (seed 13, 10,000 cases per path)', () => {
  it('a double written as text that is no number (tempo trace json v2, case 2005): left out with a warning, never NaN', async () => {
    const ds = makeDataSource(server.url('tempo-double-as-text'));
    const response = await runQueries(ds, [{ ...traceQuery, query: TEMPO_TRACE_ID }]);
    expect(response.errors).toBeUndefined();
    const tags = fieldValues<Array<{ value: unknown }> | undefined>(response.data[0], 'tags').flatMap((t) => t ?? []);
    expect(tags.some((tag) => typeof tag.value === 'number' && Number.isNaN(tag.value))).toBe(false);
    const warnings = fieldValues<string[] | undefined>(response.data[0], 'warnings').flatMap((list) => list ?? []);
    expect(warnings.some((warning) => /of the wrong type left out of its attributes/.test(warning))).toBe(true);
  });

  it('spans without a trace ID folded by the span budget (tempo trace json v2, case 6145): summaries are rows of the asked trace', async () => {
    const ds = makeDataSource(server.url('tempo-spans-without-trace-id'), { traceQuery: { spanBudget: 4 } });
    const response = await runQueries(ds, [{ ...traceQuery, query: TEMPO_TRACE_ID }]);
    expect(response.errors).toBeUndefined();
    const [frame] = response.data;
    const traceIds = fieldValues<string>(frame, 'traceID');
    const spanIds = fieldValues<string>(frame, 'spanID');
    const warnings = fieldValues<string[] | undefined>(frame, 'warnings');
    const summaries = spanIds.flatMap((id, row) => (id.startsWith('f01d') ? [row] : []));
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.length).toBeLessThan(spanIds.length);
    for (const row of summaries) {
      expect(traceIds[row]).toBe(TEMPO_TRACE_ID);
    }
    traceIds.forEach((id, row) => {
      if (id !== TEMPO_TRACE_ID) {
        expect(warnings[row]?.join(' ')).toMatch(/trace ID is missing or all zeros/);
      }
    });
  });
});

describe('found by the full run on the other paths', () => {
  it('a search answered HTTP 400 with an empty body (tempo search, case 1383): the status named, never an empty message', async () => {
    const ds = makeDataSource(server.url('tempo-empty-400'));
    const response = await runQueries(ds, [{ refId: 'A', query: '{ status = error }' }]);
    expect(response.errors?.[0].message).toMatch(/^Tempo answered HTTP 400/);
  });
});
