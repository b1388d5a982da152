import fs from 'fs';
import path from 'path';

import { traceFrame } from '../frames/trace';
import { DecodedTrace, DecodeError } from './columns';
import { decodeJaegerJson, looksLikeJaegerJson } from './jaeger-json';
import { decodeOtlpJson } from './otlp-json';

const REFERENCE = path.resolve(__dirname, '../../tests/fixtures/reference');
const readJson = (file: string): any => JSON.parse(fs.readFileSync(path.join(REFERENCE, file), 'utf8'));

/** The trace frame's fields as plain values; durations truncated to the microsecond, as Jaeger's translator writes them. */
function frameValues(trace: DecodedTrace): Record<string, unknown[]> {
  const frame = traceFrame(trace);
  const values: Record<string, unknown[]> = {};
  for (const field of frame.fields) {
    const column = Array.from(field.values as unknown[]);
    values[field.name] =
      field.name === 'duration' ? column.map((ms) => Math.floor((ms as number) * 1000 + 1e-6)) : column;
  }
  return JSON.parse(JSON.stringify(values));
}

describe('decodeJaegerJson, beside the OTLP JSON each Jaeger file was converted from', () => {
  it.each([
    ['otlp2jaeger-out.json', 'otlp2jaeger-in.json'],
    ['jaeger-ui-otlp2jaeger-multi-out.json', 'jaeger-ui-otlp2jaeger-multi-in-combined.json'],
  ])('%s gives the trace frame %s gives', (jaegerFile, otlpFile) => {
    const jaeger = decodeJaegerJson(readJson(`jaeger-legacy/${jaegerFile}`));
    const otlp = decodeOtlpJson(readJson(`jaeger-legacy/${otlpFile}`));
    expect(jaeger).toHaveLength(1);
    expect(jaeger[0].spans.spanID.length).toBe(otlp.spans.spanID.length);
    expect(frameValues(jaeger[0])).toEqual(frameValues(otlp));
  });

  it('reads the tags the translator wrote for OTLP fields back into those fields', () => {
    const [trace] = decodeJaegerJson(readJson('jaeger-legacy/jaeger-ui-otlp2jaeger-multi-out.json'));
    const { spans } = trace;
    expect(spans.instrumentationLibraryName).toContain('widgets');
    expect(spans.instrumentationLibraryVersion).toContain('1.2.3');
    const tagKeys = spans.tags.flatMap((tags) => tags.map((tag) => tag.key));
    expect(tagKeys).not.toContain('span.kind');
    expect(tagKeys).not.toContain('otel.library.name');
    expect(spans.serviceTags[0]).toContainEqual({ key: 'telemetry.sdk.language', value: 'nodejs' });
    expect(spans.serviceTags[0][0]).toEqual({ key: 'service.name', value: 'example-trace' });
  });
});

describe('decodeJaegerJson on the traces Jaeger UI tests its statistics with (bare trace objects)', () => {
  const files = fs.readdirSync(path.join(REFERENCE, 'jaeger-ui-statistics')).filter((file) => file.endsWith('.json'));

  it.each(files)('%s: every span, its service, and a parent inside the trace or none', (file) => {
    const body = readJson(`jaeger-ui-statistics/${file}`);
    expect(looksLikeJaegerJson(body)).toBe(true);
    const [trace] = decodeJaegerJson(body);
    const { spans } = trace;
    expect(spans.spanID).toEqual(
      body.spans.map((span: any) => (/^[0-9a-f]+$/.test(span.spanID) ? span.spanID.padStart(16, '0') : span.spanID))
    );
    expect(spans.serviceName).toEqual(body.spans.map((span: any) => body.processes[span.processID].serviceName));
    expect(spans.startTime).toEqual(body.spans.map((span: any) => span.startTime / 1000));
    const ids = new Set(spans.spanID);
    for (const parent of spans.parentSpanID) {
      expect(parent === undefined || ids.has(parent)).toBe(true);
    }
  });

  it('keeps IDs that are not hex as written, and reads kind, error and FOLLOWS_FROM', () => {
    const body = readJson('jaeger-ui-statistics/testTrace.json');
    const { spans } = decodeJaegerJson(body)[0];
    expect(spans.traceID[0]).toBe('trace-123');
    const at = (id: string) => spans.spanID.indexOf(id);
    expect(spans.parentSpanID[at('span-2')]).toBe('span-1');
    expect(spans.kind[at('span-1')]).toBe('server');
    // `"type": "bool", "value": "true"`: Jaeger UI's fixture writes the value as text.
    expect(spans.statusCode[at('span-2')]).toBe(2);
    expect(spans.tags[at('span-2')]).toContainEqual({ key: 'error', value: true });
    const followsFrom = body.spans.find((span: any) =>
      span.references.some((ref: any) => ref.refType === 'FOLLOWS_FROM')
    );
    const parentRef =
      followsFrom.references.find((ref: any) => ref.refType === 'CHILD_OF') ?? followsFrom.references[0];
    expect(spans.parentSpanID[at(followsFrom.spanID)]).toBe(parentRef.spanID);
  });
});

describe('decodeJaegerJson, shapes and failures', () => {
  it('gives one DecodedTrace per trace of `data`', () => {
    // The API envelope of /api/traces?service=…, holding two of the reference traces.
    const first = readJson('jaeger-ui-statistics/testTraceNormal.json');
    const second = readJson('jaeger-ui-statistics/spanLongerAsParent.json');
    const traces = decodeJaegerJson({ data: [first, second], total: 0, limit: 0, offset: 0, errors: null });
    expect(traces.map((trace) => trace.spans.traceID[0])).toEqual([first.traceID, second.traceID]);
    expect(traces.map((trace) => trace.spans.spanID.length)).toEqual([first.spans.length, second.spans.length]);
  });

  it('reads logs (microsecond timestamps, `event` as the name) and every tag type', () => {
    // A span as Jaeger's JSON model (model/json) writes one, built here: the reference files have no logs.
    const span = {
      traceID: 'ab',
      spanID: 'cd',
      operationName: 'GET /',
      references: [{ refType: 'FOLLOWS_FROM', traceID: 'ef', spanID: '01' }],
      startTime: 1700000000123456,
      duration: 1500,
      tags: [
        { key: 'n', type: 'int64', value: 42 },
        { key: 'f', type: 'float64', value: 0.5 },
        { key: 'b', type: 'bool', value: false },
        { key: 'bin', type: 'binary', value: 'AQI=' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'otel.status_description', type: 'string', value: 'boom' },
      ],
      logs: [
        {
          timestamp: 1700000000124000,
          fields: [
            { key: 'event', type: 'string', value: 'exception' },
            { key: 'exception.stacktrace', type: 'string', value: 'at x' },
          ],
        },
      ],
      processID: 'p1',
    };
    const [{ spans }] = decodeJaegerJson({
      traceID: 'ab',
      spans: [span],
      processes: { p1: { serviceName: 'web', tags: [] } },
    });
    expect(spans.traceID[0]).toBe('ab'.padStart(32, '0'));
    expect(spans.parentSpanID[0]).toBeUndefined(); // the reference is to another trace: a link
    expect(spans.references[0]).toEqual([{ traceID: 'ef'.padStart(32, '0'), spanID: '01'.padStart(16, '0') }]);
    expect(spans.startTime[0]).toBe(1700000000123.456);
    expect(spans.duration[0]).toBe(1.5);
    expect(spans.tags[0]).toEqual([
      { key: 'n', value: 42 },
      { key: 'f', value: 0.5 },
      { key: 'b', value: false },
      { key: 'bin', value: 'AQI=' },
      { key: 'error', value: true },
    ]);
    expect(spans.statusCode[0]).toBe(2);
    expect(spans.statusMessage[0]).toBe('boom');
    expect(spans.logs[0]).toEqual([
      { timestamp: 1700000000124, name: 'exception', fields: [{ key: 'exception.stacktrace', value: 'at x' }] },
    ]);
    expect(spans.stackTraces[0]).toEqual(['at x']);
  });

  it.each([
    [{ foo: 1 }, /expected `data` \(a list of traces\) or `spans` in Jaeger JSON, found: foo/],
    [{ data: {} }, /expected `data` to be an array, got an object/],
    [{ data: [{ spans: [1] }] }, /expected each Jaeger span to be an object, got number 1/],
    [[], /expected Jaeger JSON to be an object, got an array/],
  ])('fails on %j with a message naming what is wrong', (body, message) => {
    expect(() => decodeJaegerJson(body)).toThrow(DecodeError);
    expect(() => decodeJaegerJson(body)).toThrow(message);
  });

  it('tells Jaeger JSON from the other formats', () => {
    expect(looksLikeJaegerJson(readJson('otlp/trace.json'))).toBe(false);
    expect(looksLikeJaegerJson(readJson('zipkin-lens/yelp.json'))).toBe(false);
    expect(looksLikeJaegerJson(readJson('jaeger-legacy/otlp2jaeger-out.json'))).toBe(true);
  });
});
