/**
 * A synthetic trace as the three bodies the data source reads:
 * - Tempo's v2 JSON (`/api/v2/traces/{id}`): base64 IDs, enum names, `"status":{}` on every span;
 * - spec OTLP/JSON (TracesData): hex IDs, enum numbers;
 * - Tempo's v2 protobuf (tempopb.TraceByIDResponse), encoded with protobufjs reflection.
 * JSON is built one ResourceSpans at a time so that 500k spans never exist as one object graph.
 */
import protobuf from 'protobufjs';

import { otlpTraceTypes } from '../tests/support/otlp-trace-proto';

import type { Attribute, AttributeValue, SyntheticBatch, SyntheticSpan, SyntheticTrace } from './synthetic-trace';

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

export const { ResourceSpans: ResourceSpansType, TraceByIDResponse: TraceByIdResponseType } = otlpTraceTypes();

interface IdEncoding {
  id(bytes: Uint8Array): string;
  kind(kind: number): string | number;
  statusCode(code: number): string | number;
}

const TEMPO: IdEncoding = {
  id: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  kind: (kind) => SPAN_KIND_NAMES[kind],
  statusCode: (code) => STATUS_CODE_NAMES[code],
};

const SPEC: IdEncoding = {
  id: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'),
  kind: (kind) => kind,
  statusCode: (code) => code,
};

/** Tempo v2 JSON: `{"trace":{"resourceSpans":[...]},"metrics":{...}}`. */
export function encodeTempoJson(trace: SyntheticTrace): string {
  const batches = trace.batches.map((batch) => JSON.stringify(jsonBatch(trace, batch, TEMPO)));
  return `{"trace":{"resourceSpans":[${batches.join(',')}]},"metrics":{"inspectedBytes":"${trace.spanCount * 700}"}}`;
}

/** Spec OTLP/JSON TracesData: `{"resourceSpans":[...]}`. */
export function encodeOtlpJson(trace: SyntheticTrace): string {
  const batches = trace.batches.map((batch) => JSON.stringify(jsonBatch(trace, batch, SPEC)));
  return `{"resourceSpans":[${batches.join(',')}]}`;
}

function jsonBatch(trace: SyntheticTrace, batch: SyntheticBatch, encoding: IdEncoding) {
  const traceId = encoding.id(trace.traceId);
  return {
    resource: { attributes: batch.resource.map(jsonAttribute) },
    scopeSpans: batch.scopes.map((scope) => ({
      scope: { name: scope.name, version: scope.version },
      spans: scope.spans.map((span) => jsonSpan(trace, span, traceId, encoding)),
    })),
  };
}

function jsonSpan(trace: SyntheticTrace, span: SyntheticSpan, traceId: string, encoding: IdEncoding) {
  const tempo = encoding === TEMPO;
  const status: Record<string, unknown> = {};
  if (span.statusMessage) {
    status.message = span.statusMessage;
  }
  if (span.statusCode) {
    status.code = encoding.statusCode(span.statusCode);
  }
  return {
    traceId,
    spanId: encoding.id(spanIdOf(trace, span.index)),
    traceState: span.traceState || undefined,
    parentSpanId: span.parent >= 0 ? encoding.id(spanIdOf(trace, span.parent)) : undefined,
    name: span.name,
    kind: encoding.kind(span.kind),
    startTimeUnixNano: String(span.startNanos),
    endTimeUnixNano: String(span.endNanos),
    attributes: span.attributes.map(jsonAttribute),
    events: span.events.length
      ? span.events.map((event) => ({
          timeUnixNano: String(event.timeNanos),
          name: event.name,
          attributes: event.attributes.map(jsonAttribute),
        }))
      : undefined,
    links: span.links.length
      ? span.links.map((link) => ({
          traceId: encoding.id(link.traceId),
          spanId: encoding.id(link.spanId),
          attributes: link.attributes.length ? link.attributes.map(jsonAttribute) : undefined,
        }))
      : undefined,
    status: tempo || span.statusCode || span.statusMessage ? status : undefined,
  };
}

function jsonAttribute({ key, value }: Attribute): object {
  return { key, value: jsonAnyValue(value) };
}

function jsonAnyValue(value: AttributeValue): object {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'int':
      return { intValue: String(value.value) };
    case 'double':
      return { doubleValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'array':
      return { arrayValue: { values: value.value.map(jsonAnyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: value.value.map(jsonAttribute) } };
  }
}

/** Tempo v2 protobuf. Each ResourceSpans is encoded on its own and framed by hand into Trace and TraceByIDResponse. */
export function encodeTempoProto(trace: SyntheticTrace): Uint8Array {
  const batches = trace.batches.map((batch) =>
    ResourceSpansType.encode(ResourceSpansType.fromObject(protoBatch(trace, batch))).finish()
  );
  const traceWriter = protobuf.Writer.create();
  for (const batch of batches) {
    traceWriter.uint32((1 << 3) | 2).bytes(batch); // Trace.batches
  }
  const traceBytes = traceWriter.finish();
  const metrics = protobuf.Writer.create()
    .uint32(1 << 3)
    .uint64(trace.spanCount * 700)
    .finish();
  const body = protobuf.Writer.create()
    .uint32((1 << 3) | 2) // TraceByIDResponse.trace
    .bytes(traceBytes)
    .uint32((2 << 3) | 2) // TraceByIDResponse.metrics
    .bytes(metrics)
    .finish();
  // A plain Uint8Array over its own buffer, as the browser's fetch gives: not a Buffer, not a pool slice.
  return new Uint8Array(body);
}

function protoBatch(trace: SyntheticTrace, batch: SyntheticBatch) {
  return {
    resource: { attributes: batch.resource.map(protoAttribute) },
    scopeSpans: batch.scopes.map((scope) => ({
      scope: { name: scope.name, version: scope.version },
      spans: scope.spans.map((span) => ({
        traceId: trace.traceId,
        spanId: spanIdOf(trace, span.index),
        traceState: span.traceState,
        parentSpanId: span.parent >= 0 ? spanIdOf(trace, span.parent) : undefined,
        name: span.name,
        kind: span.kind,
        startTimeUnixNano: String(span.startNanos),
        endTimeUnixNano: String(span.endNanos),
        attributes: span.attributes.map(protoAttribute),
        events: span.events.map((event) => ({
          timeUnixNano: String(event.timeNanos),
          name: event.name,
          attributes: event.attributes.map(protoAttribute),
        })),
        links: span.links.map((link) => ({
          traceId: link.traceId,
          spanId: link.spanId,
          attributes: link.attributes.map(protoAttribute),
        })),
        status:
          span.statusCode || span.statusMessage ? { code: span.statusCode, message: span.statusMessage } : undefined,
      })),
    })),
  };
}

function protoAttribute({ key, value }: Attribute): object {
  return { key, value: protoAnyValue(value) };
}

function protoAnyValue(value: AttributeValue): object {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'int':
      return { intValue: String(value.value) };
    case 'double':
      return { doubleValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'array':
      return { arrayValue: { values: value.value.map(protoAnyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: value.value.map(protoAttribute) } };
  }
}

function spanIdOf(trace: SyntheticTrace, index: number): Uint8Array {
  return trace.spanIds.subarray(8 * index, 8 * index + 8);
}
