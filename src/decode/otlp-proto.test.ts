import fs from 'fs';
import path from 'path';
import protobuf from 'protobufjs';

import { DecodedTrace, DecodeError, SpanColumns } from './columns';
import { decodeOtlpJson } from './otlp-json';
import { decodeOtlpProto } from './otlp-proto';
import { otlpTraceTypes, RECORDED_PROTOBUF_TRACES } from '../../tests/support/otlp-trace-proto';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');

function readBytes(file: string): Uint8Array {
  // A plain Uint8Array, as the browser's fetch gives, not a Buffer.
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)));
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
}

const {
  Trace: TraceType,
  TraceByIDResponse: TraceByIdResponseType,
  ResourceSpans: ResourceSpansType,
} = otlpTraceTypes();
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, bytes: String, defaults: true, arrays: true };

type Plain = Record<string, any>; // protobufjs toObject output, checked by the assertions

/** Nanosecond text to milliseconds by parsing the decimal text, which JS rounds correctly. */
function nanosTextToMillis(nanos: string): number {
  const digits = nanos.padStart(7, '0');
  return Number(`${digits.slice(0, -6)}.${digits.slice(-6)}`);
}

/** The reference decode as [spanID, name, startTime, duration, tags] rows, in body order. */
function referenceRows(trace: Plain): unknown[][] {
  const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');
  const anyValue = (value: Plain): unknown =>
    value.intValue !== undefined
      ? Number(value.intValue)
      : value.arrayValue
        ? value.arrayValue.values.map(anyValue)
        : (value.stringValue ?? value.boolValue ?? value.doubleValue);
  const attributes = (list: Plain[]) =>
    list.map(({ key, value }) => {
      const plain = anyValue(value);
      return { key, value: Array.isArray(plain) ? JSON.stringify(plain) : plain };
    });
  return trace.batches.flatMap((batch: Plain) =>
    batch.scopeSpans.flatMap((scope: Plain) =>
      scope.spans.map((span: Plain) => [
        hex(span.spanId),
        span.name,
        nanosTextToMillis(span.startTimeUnixNano),
        Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6,
        attributes(span.attributes),
      ])
    )
  );
}

function decodedRows(spans: SpanColumns): unknown[][] {
  return spans.spanID.map((id, i) => {
    const tags = spans.tags[i].filter((tag) => tag.key !== 'error');
    return [id, spans.operationName[i], spans.startTime[i], spans.duration[i], tags];
  });
}

describe('decodeOtlpProto agrees with protobufjs reflection', () => {
  it.each(RECORDED_PROTOBUF_TRACES)('%s', (file, shape) => {
    const bytes = readBytes(file);
    const trace: Plain =
      shape === 'v1'
        ? TraceType.toObject(TraceType.decode(bytes), TO_OBJECT)
        : TraceByIdResponseType.toObject(TraceByIdResponseType.decode(bytes), TO_OBJECT).trace;
    const expected = referenceRows(trace);
    const decoded = decodedRows(decodeOtlpProto(bytes, shape).spans);
    expect(decoded).toHaveLength(expected.length);
    expect(decoded).toEqual(expected);
  });
});

describe('decodeOtlpProto on the fixtures', () => {
  it.each([
    ['tempo-2.0.1/trace-by-id.pb', 'v1', 'tempo-2.0.1/trace-by-id.json'],
    ['tempo-2.8.2/v2-trace-by-id.pb', 'v2', 'tempo-2.8.2/v2-trace-by-id.json'],
  ] as const)('%s gives the same columns as the JSON of the same trace', (file, shape, jsonFile) => {
    const fromProto = decodeOtlpProto(readBytes(file), shape);
    const fromJson = decodeOtlpJson(readJson(jsonFile));
    expect(fromProto.spans.spanID).toHaveLength(7);
    expect(fromProto).toEqual(fromJson);
  });

  it.each([
    ['tempo-2.0.1/trace-by-id-2007-spans.pb', 'v1'],
    ['tempo-2.8.2/v2-trace-by-id-2007-spans.pb', 'v2'],
    ['tempo-2.8.2/v2-trace-by-id-partial.pb', 'v2'],
  ] as const)('%s: 2,007 spans in one tree, as the manifest says', (file, shape) => {
    const { spans } = decodeOtlpProto(readBytes(file), shape);
    const manifest = (readJson('tempo-2.8.2/traces.manifest.json') as Plain[]).find(
      (entry) => entry.spanCount === 2007
    )!;
    expect(spans.spanID).toHaveLength(2007);
    expect(new Set(spans.spanID).size).toBe(2007);
    expect(new Set(spans.traceID)).toEqual(new Set([manifest.traceId]));
    expect([...new Set(spans.serviceName)].sort()).toEqual(manifest.services);
    const roots = spans.parentSpanID.flatMap((parent, i) => (parent === undefined ? [i] : []));
    expect(roots).toHaveLength(1);
    expect([spans.serviceName[roots[0]], spans.operationName[roots[0]]]).toEqual([
      manifest.rootService,
      manifest.rootName,
    ]);
    const ids = new Set(spans.spanID);
    expect(spans.parentSpanID.every((parent) => parent === undefined || ids.has(parent))).toBe(true);
    for (const column of Object.values(spans)) {
      expect(column).toHaveLength(2007);
    }
  });

  it('reads the partial status and message of the v2 response', () => {
    const partial = decodeOtlpProto(readBytes('tempo-2.8.2/v2-trace-by-id-partial.pb'), 'v2');
    expect(partial.partialMessage).toBe('Trace exceeds maximum size of 100000 bytes, a partial trace is returned');
    const complete = decodeOtlpProto(readBytes('tempo-2.8.2/v2-trace-by-id-2007-spans.pb'), 'v2');
    expect(complete.partialMessage).toBeUndefined();
    expect(partial.spans).toEqual(complete.spans);
  });

  it('reads an empty body as zero spans', () => {
    expect(decodeOtlpProto(new Uint8Array(0), 'v1').spans.spanID).toEqual([]);
    expect(decodeOtlpProto(new Uint8Array(0), 'v2')).toEqual({ spans: decodeOtlpProto(new Uint8Array(0), 'v1').spans });
  });
});

describe('decodeOtlpProto on built messages', () => {
  const traceId = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
  const spanId = Buffer.from('b7ad6b7169203331', 'hex');

  function encodeTrace(batch: Plain): Uint8Array {
    return TraceType.encode(TraceType.fromObject({ batches: [batch] })).finish();
  }

  function decodeSpan(span: Plain, attributes: Plain[] = []): SpanColumns {
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] };
    const scopeSpans = [{ spans: [{ traceId, spanId, name: 'op', ...span, attributes }] }];
    return decodeOtlpProto(encodeTrace({ resource, scopeSpans }), 'v1').spans;
  }

  it('keeps sub-millisecond precision of fixed64 nanoseconds', () => {
    const spans = decodeSpan({ startTimeUnixNano: '1795501192468123456', endTimeUnixNano: '1795501192468123457' });
    expect(spans.startTime[0]).toBe(1795501192468.123456);
    expect(spans.duration[0]).toBe(0.000001);
  });

  it('types int64 values, keeping those beyond 2^53 as text', () => {
    const int = (intValue: string) => ({ intValue });
    const attributes = [
      { key: 'small', value: int('3') },
      { key: 'negative', value: int('-7') },
      { key: 'max-safe', value: int('9007199254740991') },
      { key: 'beyond', value: int('9007199254740993') },
      { key: 'min', value: int('-9223372036854775808') },
      { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 3]) } },
      { key: 'map', value: { kvlistValue: { values: [{ key: 'a', value: { doubleValue: 0.5 } }] } } },
      { key: 'empty', value: {} },
    ];
    const tags = decodeSpan({}, attributes).tags[0];
    expect(Object.fromEntries(tags.map((tag) => [tag.key, tag.value]))).toEqual({
      small: 3,
      negative: -7,
      'max-safe': 9007199254740991,
      beyond: '9007199254740993',
      min: '-9223372036854775808',
      bytes: 'AQID',
      map: '{"a":0.5}',
      empty: '',
    });
  });

  it('reads instrumentation_library_spans (field 1000) and a resource written after its spans', () => {
    const span = { traceId, spanId, name: 'op', kind: 5, status: { code: 2, message: 'boom' } };
    const encode = (object: Plain) => ResourceSpansType.encode(ResourceSpansType.fromObject(object)).finish();
    const spansFirst = encode({
      instrumentationLibrarySpans: [{ scope: { name: 'lib', version: '1' }, spans: [span] }],
    });
    const resourceLast = encode({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] },
    });
    // Two encoded bodies back to back are one message, here with the resource (field 1) last.
    const batch = Buffer.concat([spansFirst, resourceLast]);
    const { spans } = decodeOtlpProto(protobuf.Writer.create().uint32(0x0a).bytes(batch).finish(), 'v1');
    expect(spans.serviceName).toEqual(['late']);
    expect(spans.serviceTags).toEqual([[{ key: 'service.name', value: 'late' }]]);
    expect([spans.instrumentationLibraryName[0], spans.instrumentationLibraryVersion[0]]).toEqual(['lib', '1']);
    expect([spans.kind[0], spans.statusCode[0], spans.statusMessage[0]]).toEqual(['consumer', 2, 'boom']);
    expect(spans.tags[0]).toEqual([{ key: 'error', value: true }]);
  });

  it('rejects a known field with the wrong wire type, and too deep values', () => {
    // batches (field 1) as a varint: tag 0x08.
    expect(() => decodeOtlpProto(Uint8Array.from([0x08, 0x01]), 'v1')).toThrow(/wire type 0, expected 2/);
    // Built by hand: protobufjs itself refuses to encode this deep.
    const field = (number: number, content: Uint8Array) =>
      protobuf.Writer.create()
        .uint32((number << 3) | 2)
        .bytes(content)
        .finish();
    let anyValue = field(1, Buffer.from('leaf'));
    for (let depth = 0; depth < 100; depth++) {
      anyValue = field(5, field(1, anyValue)); // AnyValue.array_value → ArrayValue.values
    }
    const span = Buffer.concat([field(1, traceId), field(2, spanId), field(9, field(2, anyValue))]);
    const body = field(1, field(2, field(2, span))); // Trace.batches → ResourceSpans.scope_spans → ScopeSpans.spans
    expect(() => decodeOtlpProto(body, 'v1')).toThrow(/nests deeper than 64/);
  });
});

describe('decodeOtlpProto on truncated and garbage input', () => {
  function decodesOrThrowsDecodeError(bytes: Uint8Array, shape: 'v1' | 'v2'): 'decoded' | 'rejected' {
    let trace: DecodedTrace;
    try {
      trace = decodeOtlpProto(bytes, shape);
    } catch (error) {
      expect(error).toBeInstanceOf(DecodeError);
      return 'rejected';
    }
    for (const column of Object.values(trace.spans)) {
      expect(column).toHaveLength(trace.spans.spanID.length);
    }
    return 'decoded';
  }

  it.each([
    ['tempo-2.0.1/trace-by-id.pb', 'v1'],
    ['tempo-2.8.2/v2-trace-by-id.pb', 'v2'],
  ] as const)('every prefix of %s decodes or throws DecodeError', (file, shape) => {
    const bytes = readBytes(file);
    const outcomes = { decoded: 0, rejected: 0 };
    for (let length = 0; length < bytes.length; length++) {
      outcomes[decodesOrThrowsDecodeError(bytes.subarray(0, length), shape)]++;
    }
    // Cuts between top-level fields are valid messages; every other cut must be caught.
    expect(outcomes.rejected).toBeGreaterThan(bytes.length - 10);
  });

  it('random bytes and corrupted fixtures decode or throw DecodeError', () => {
    let state = 20260124;
    const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const fixture = readBytes('tempo-2.0.1/trace-by-id.pb');
    for (let round = 0; round < 1000; round++) {
      const noise = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
      decodesOrThrowsDecodeError(noise, round % 2 ? 'v1' : 'v2');
      const corrupted = fixture.slice();
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) {
        corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
      }
      decodesOrThrowsDecodeError(corrupted, 'v1');
    }
  });
});
