/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Issue #13, defects 2 and 3 (the readers' part): no silent half-traces. Real recorded answers,
// mutated here, through the real DataSource over HTTP: another trace than the one asked for fails
// the query; invalid IDs, impossible times and spans of another trace are warned on the span;
// a truncated protobuf is an error; millions of declared spans are refused before being built.
import { DataFrame } from '@grafana/data';

import { decodeOtlpProto } from '../src/decode/otlp-proto';
import { DecodeError } from '../src/decode/columns';
import { emptySpansBatch } from './support/empty-spans';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { FixtureServer, readFixture, Recorded, startFixtureServer } from './support/fixture-server';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { jaegerRecordings } from './support/jaeger-fixtures';
import { zipkinRecordings } from './support/zipkin-fixtures';

const ASKED = '948fa8de1f33f0601aecb1973e1c20bb';
const OTHER = '0123456789abcdef0123456789abcdef';
const NOT_FOUND: Recorded = {
  status: 404,
  headers: { 'content-type': 'text/plain' },
  body: Buffer.from('404 page not found'),
};

let answers: Record<string, Recorded> = {};
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ mutated: (req) => answers[req.path] ?? NOT_FOUND });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

const protobuf = (body: Buffer): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/protobuf' },
  body,
});
const json = (text: string): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
});

async function openTrace(traceId: string, backend: 'tempo' | 'jaeger' | 'zipkin' = 'tempo') {
  return runQueries(makeDataSource(server.url('mutated'), { backend }), [{ refId: 'A', query: traceId }]);
}

const warningsOf = (frame: DataFrame) => fieldValues<string[] | undefined>(frame, 'warnings');

describe('another trace than the one asked for (decision: fail when no span has the asked ID)', () => {
  it.each([
    ['Tempo', 'tempo', `/api/v2/traces/${OTHER}`, () => protobuf(readFixture('2.8.2', 'v2-trace-by-id.pb')), ASKED],
    [
      'Jaeger',
      'jaeger',
      `/api/v3/traces/${OTHER}`,
      () => jaegerRecordings.recording('trace-v3'),
      '248c1e89af9ed025601c567fbb5522e5',
    ],
    [
      'Zipkin',
      'zipkin',
      `/api/v2/trace/${OTHER}`,
      () => zipkinRecordings.recording('trace-signup'),
      '248c1e89af9ed025601c567fbb5522e5',
    ],
  ] as const)('%s answering another trace fails the query', async (name, backend, path, answer, answered) => {
    answers = { [path]: answer() };
    const response = await openTrace(OTHER, backend);
    expect(response.data).toEqual([]);
    expect(response.errors?.[0].message).toBe(
      `${name} answered trace ${answered} for ${OTHER}: a cache or proxy between Grafana and ${name} may mix up answers, or ${name}'s storage holds the spans under the wrong ID`
    );
  });

  it('a span of another trace among the asked ones is shown, with a warning', async () => {
    const body = JSON.parse(readFixture('2.8.2', 'v2-trace-by-id.json').toString());
    body.trace.resourceSpans[1].scopeSpans[0].spans[0].traceId = Buffer.from(OTHER, 'hex').toString('base64');
    answers = { [`/api/v2/traces/${ASKED}`]: json(JSON.stringify(body)) };
    const response = await openTrace(ASKED);
    expect(response.errors).toBeUndefined();
    const [frame] = response.data;
    const row = fieldValues<string>(frame, 'operationName').indexOf('verify-email');
    expect(warningsOf(frame)[row]).toEqual([
      `It belongs to trace ${OTHER}, not to this one: the answer mixed in a span of another trace.`,
    ]);
    expect(warningsOf(frame).filter((w, i) => i !== row && w !== undefined)).toEqual([]);
  });

  it("a 64-bit trace ID is the lower half of the 128-bit one asked for (Zipkin's and Jaeger's rule)", async () => {
    const asked = 'abcdef0123456789' + '1e223ff1f80f1c69';
    answers = { [`/api/v2/trace/${asked}`]: zipkinRecordings.recording('trace-skew') };
    const response = await openTrace(asked, 'zipkin');
    expect(response.errors).toBeUndefined();
    expect(
      warningsOf(response.data[0])
        .flat()
        .filter((w) => w?.includes('belongs to trace'))
    ).toEqual([]);
  });
});

describe('invalid IDs and impossible times become span warnings', () => {
  it('on a mutated Tempo JSON trace, each on its span', async () => {
    const body = JSON.parse(readFixture('2.8.2', 'v2-trace-by-id.json').toString());
    const spans = body.trace.resourceSpans[0].scopeSpans[0].spans;
    spans[2].spanId = 'AAAAAAAAAAA='; // 8 zero bytes: a leaf, so no child loses its parent
    spans[1].traceId = '';
    [spans[3].startTimeUnixNano, spans[3].endTimeUnixNano] = [spans[3].endTimeUnixNano, spans[3].startTimeUnixNano];
    const later = body.trace.resourceSpans[1].scopeSpans[0].spans[0];
    later.startTimeUnixNano = '10573000000000000000'; // 2305
    later.endTimeUnixNano = '10573000000001000000';
    delete body.trace.resourceSpans[2].scopeSpans[0].spans[0].startTimeUnixNano;
    answers = { [`/api/v2/traces/${ASKED}`]: json(JSON.stringify(body)) };
    const response = await openTrace(ASKED);
    expect(response.errors).toBeUndefined();
    const [frame] = response.data;
    const byName = Object.fromEntries(
      fieldValues<string>(frame, 'operationName').map((name, row) => [name, warningsOf(frame)[row]])
    );
    expect(byName['INSERT subscribers']).toEqual(['Its span ID is missing or all zeros: links to it cannot find it.']);
    expect(byName['POST email-verifier/verify']).toEqual([
      'Its trace ID is missing or all zeros: its instrumentation did not set one.',
    ]);
    expect(byName.anonymize?.[0]).toMatch(/^Ends \d+ ms before it starts: its start and end times are wrong\.$/);
    expect(byName['verify-email']?.[0]).toBe(
      "Its start time (2305-01-17T16:26:40.000Z) is missing or not a time a span can have (1970 to 2200): its host's clock or its instrumentation is wrong."
    );
    expect(byName['strip-pii']?.[0]).toBe(
      "Its start time is missing or not a time a span can have (1970 to 2200): its host's clock or its instrumentation is wrong."
    );
    expect(byName['POST /signup']).toBeUndefined();
  });
});

describe('a truncated protobuf is an error, never a shorter trace (v2)', () => {
  const full = readFixture('2.8.2', 'v2-trace-by-id.pb');
  // TraceByIDResponse: trace (field 1) in bytes 0–1935, metrics (field 2) in 1936–1941.
  const END_OF_TRACE = 1936;

  it('at every cut point, the decoder fails, or (cut before the metrics) gives the whole trace', () => {
    const whole = decodeOtlpProto(full, 'v2').spans.spanID.length;
    for (let cut = 1; cut < full.length; cut++) {
      const prefix = full.subarray(0, cut);
      if (cut === END_OF_TRACE) {
        expect(decodeOtlpProto(prefix, 'v2').spans.spanID.length).toBe(whole);
      } else {
        expect(() => decodeOtlpProto(prefix, 'v2')).toThrow(DecodeError);
      }
    }
  });

  it.each([3, 843, 1306, 1625, 100, 1000, 1900, 1939])('through the data source, cut at byte %i', async (cut) => {
    answers = { [`/api/v2/traces/${ASKED}`]: protobuf(full.subarray(0, cut)) };
    const response = await openTrace(ASKED);
    expect(response.data).toEqual([]);
    expect(response.errors?.[0].message).toMatch(
      new RegExp(`^Tempo's answer could not be read as protobuf \\(${cut} bytes; truncated or malformed\\?\\)`)
    );
  });
});

describe('v1 cut exactly at a batch boundary is a valid, shorter message', () => {
  // tempopb.Trace is `repeated ResourceSpans batches = 1`: the recording's batches end at bytes
  // 840, 1303 and 1622. Only the transport can tell such a cut (the body shorter than its
  // Content-Length); a server that sends it with a matching length sends a smaller trace.
  const full = readFixture('2.0.1', 'trace-by-id.pb');

  it.each([
    [840, 4],
    [1303, 5],
    [1622, 6],
  ])('cut at %i: %i of the 7 spans, decoded without error', (cut, spans) => {
    expect(decodeOtlpProto(full.subarray(0, cut), 'v1').spans.spanID.length).toBe(spans);
  });

  it('any other cut fails', () => {
    const boundaries = new Set([840, 1303, 1622]);
    for (let cut = 1; cut < full.length; cut++) {
      if (!boundaries.has(cut)) {
        expect(() => decodeOtlpProto(full.subarray(0, cut), 'v1')).toThrow(DecodeError);
      }
    }
  });
});

describe('millions of declared spans (defect 3)', () => {
  const v1 = (extra: Buffer) => protobuf(Buffer.concat([readFixture('2.0.1', 'trace-by-id.pb'), extra]));

  it('10 MB declaring 5,000,000 empty spans is refused before it is built', async () => {
    answers = { [`/api/traces/${ASKED}`]: v1(emptySpansBatch(5_000_000)) };
    const response = await openTrace(ASKED);
    expect(response.data).toEqual([]);
    expect(response.errors?.[0].message).toBe(
      'This trace has 5,000,007 spans, more than a browser can open (at most 1,000,000): find the spans you need with a search instead'
    );
  });

  it('30,000 empty spans: a frame within the span budget, the empty spans warned on', async () => {
    answers = { [`/api/traces/${ASKED}`]: v1(emptySpansBatch(30_000)) };
    const response = await openTrace(ASKED);
    expect(response.errors).toBeUndefined();
    const [frame] = response.data;
    expect(frame.length).toBe(20_000);
    expect(frame.meta?.notices?.[0].text).toMatch(/^Showing 20,000 of 30,007 spans/);
    expect(fieldValues<string>(frame, 'operationName')).toContain('POST /signup');
    // An empty span has no IDs at all: the decoder keeps them empty.
    const empty = fieldValues<string>(frame, 'spanID').indexOf('');
    expect(warningsOf(frame)[empty]).toEqual([
      'Its trace ID is missing or all zeros: its instrumentation did not set one.',
      'Its span ID is missing or all zeros: links to it cannot find it.',
      "Its start time is missing or not a time a span can have (1970 to 2200): its host's clock or its instrumentation is wrong.",
    ]);
  });
});
