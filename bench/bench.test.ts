/**
 * The bench's inputs are right: at 1,000 spans, the three encodings of one generated trace
 * decode to the same frame, and that frame has the shape the generator promises.
 * (Correctness only; speed is measured by `npm run bench`, never in jest.)
 */
import { decodeOtlpJson } from '../src/decode/otlp-json';
import { decodeOtlpProto } from '../src/decode/otlp-proto';
import { traceFrame } from '../src/frames/trace';
import { encodeOtlpJson, encodeTempoJson, encodeTempoProto, TraceByIdResponseType } from './encode';
import { generateTrace } from './synthetic-trace';

describe('bench inputs at 1,000 spans', () => {
  const trace = generateTrace(1000, 20260124);
  const tempoJson = encodeTempoJson(trace);
  const otlpJson = encodeOtlpJson(trace);
  const protobuf = encodeTempoProto(trace);
  const fromProtobuf = traceFrame(decodeOtlpProto(protobuf, 'v2'), 'A');

  it('decode to identical frames from Tempo JSON, spec OTLP/JSON and protobuf', () => {
    expect(traceFrame(decodeOtlpJson(JSON.parse(tempoJson)), 'A')).toEqual(fromProtobuf);
    expect(traceFrame(decodeOtlpJson(JSON.parse(otlpJson)), 'A')).toEqual(fromProtobuf);
  });

  it('are deterministic from the seed', () => {
    expect(encodeTempoJson(generateTrace(1000, 20260124))).toBe(tempoJson);
    expect(encodeTempoJson(generateTrace(1000, 7))).not.toBe(tempoJson);
  });

  it('use each format’s own conventions', () => {
    const tempoSpan = JSON.parse(tempoJson).trace.resourceSpans[0].scopeSpans[0].spans[0];
    expect(tempoSpan.spanId).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(tempoSpan.kind).toMatch(/^SPAN_KIND_/);
    const otlpSpan = JSON.parse(otlpJson).resourceSpans[0].scopeSpans[0].spans[0];
    expect(otlpSpan.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof otlpSpan.kind).toBe('number');
    const decoded = TraceByIdResponseType.toObject(TraceByIdResponseType.decode(protobuf), { longs: String });
    expect(decoded.trace.batches).toHaveLength(trace.batches.length);
  });

  it('look like a real trace', () => {
    const column = (name: string) => fromProtobuf.fields.find((field) => field.name === name)!.values as unknown[];
    const services = new Set(column('serviceName'));
    expect(services.size).toBe(12);
    expect(column('parentSpanID').filter((parent) => parent === undefined)).toHaveLength(1);
    const tagCounts = (column('tags') as Array<Array<{ key: string }>>).map(
      (tags) => tags.filter((tag) => tag.key !== 'error').length
    );
    expect(Math.min(...tagCounts)).toBe(4);
    expect(Math.max(...tagCounts)).toBe(8);
    const withEvents = column('logs').filter((logs) => (logs as unknown[]).length > 0).length;
    expect(withEvents).toBeGreaterThan(20);
    expect(withEvents).toBeLessThan(90);
    expect(column('stackTraces').some((traces) => traces !== undefined)).toBe(true);
    expect(column('references').some((links) => (links as unknown[]).length > 0)).toBe(true);
    // With more spans, many ResourceSpans repeat the same resource, as in Tempo's answers.
    const { batches } = generateTrace(10_000, 20260124);
    expect(batches.length).toBeGreaterThan(new Set(batches.map((batch) => batch.resource)).size);
  });
});
