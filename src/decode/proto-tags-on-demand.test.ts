import fs from 'fs';
import path from 'path';

import { DecodeError, readAllTags, spanTags, UNREAD_TAGS, type SpanColumns } from './columns';
import { decodeOtlpProto } from './otlp-proto';
import { UnreadableAttributesError } from './proto-tags-on-demand';
import { otlpTraceTypes, RECORDED_PROTOBUF_TRACES } from '../../tests/support/otlp-trace-proto';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');
const readBytes = (file: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, file)));
const { Trace: TraceType } = otlpTraceTypes();

/** The columns proper, without the reader of unread tags. */
function columnsOnly(spans: SpanColumns): SpanColumns {
  const { tagsOnDemand, ...columns } = spans;
  return columns;
}

describe('span attributes read on demand', () => {
  it.each(RECORDED_PROTOBUF_TRACES)('%s: left unread, then read, give the columns of a whole decode', (file, shape) => {
    const bytes = readBytes(file);
    const whole = decodeOtlpProto(bytes, shape);
    const onDemand = decodeOtlpProto(bytes, shape, 0);
    expect(whole.spans.tagsOnDemand).toBeUndefined();
    expect(onDemand.spans.tagsOnDemand).toBeDefined();
    const unread = onDemand.spans.tags.filter((tags) => tags === UNREAD_TAGS).length;
    const withTags = whole.spans.tags.filter((tags) => tags.length > 0).length;
    expect(withTags).toBeGreaterThan(0);
    expect(unread).toBe(withTags);
    readAllTags(onDemand.spans);
    expect(onDemand.spans.tags.includes(UNREAD_TAGS)).toBe(false);
    expect({ ...onDemand, spans: columnsOnly(onDemand.spans) }).toEqual(whole);
  });

  it('are left unread only in a trace of more spans than the threshold', () => {
    const bytes = readBytes('tempo-2.8.2/v2-trace-by-id-2007-spans.pb');
    expect(decodeOtlpProto(bytes, 'v2', 2007).spans.tagsOnDemand).toBeUndefined();
    expect(decodeOtlpProto(bytes, 'v2', 2006).spans.tagsOnDemand).toBeDefined();
  });

  const traceId = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] };
  const encodeSpans = (spans: object[]) =>
    TraceType.encode(TraceType.fromObject({ batches: [{ resource, scopeSpans: [{ spans }] }] })).finish();
  const span = (id: string, extra: object) => ({ traceId, spanId: Buffer.from(id, 'hex'), name: 'op', ...extra });

  it('end with the error tag of a failed span, as a whole decode gives them, and are kept once read', () => {
    const attributes = [
      { key: 'http.method', value: { stringValue: 'GET' } },
      { key: 'retries', value: { intValue: 3 } },
    ];
    const bytes = encodeSpans([
      span('b7ad6b7169203331', { attributes, status: { code: 2, message: 'boom' } }),
      span('b7ad6b7169203332', { status: { code: 2 } }),
      span('b7ad6b7169203333', { attributes: attributes.slice(0, 1), events: [{ name: 'e', attributes }] }),
    ]);
    const whole = decodeOtlpProto(bytes, 'v1').spans;
    const onDemand = decodeOtlpProto(bytes, 'v1', 0).spans;
    expect(whole.tags[0]).toEqual([
      { key: 'http.method', value: 'GET' },
      { key: 'retries', value: 3 },
      { key: 'error', value: true },
    ]);
    expect([0, 1, 2].map((row) => spanTags(onDemand, row))).toEqual(whole.tags);
    expect(onDemand.tags[0]).toBe(spanTags(onDemand, 0));
    expect(onDemand.logs).toEqual(whole.logs);
  });

  it('malformed in a span nobody asks for leave the trace openable; asked for, they fail naming the span row', () => {
    const good = { key: 'a', value: { stringValue: 'x' } };
    // KeyValue { key = 1: "a", value = 2: AnyValue { string_value = 1: "x" } } on the wire.
    const keyValue = [0x0a, 1, 0x61, 0x12, 3, 0x0a, 1, 0x78];
    const bytes = Buffer.from(
      encodeSpans([span('b7ad6b7169203331', {}), span('b7ad6b7169203332', { attributes: [good] })])
    );
    // The KeyValue's first tag (key = 1, 0x0a) becomes wire type 7, which no field may have.
    const at = bytes.indexOf(Buffer.from(keyValue));
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0x0f;
    const corrupted = new Uint8Array(bytes);
    expect(() => decodeOtlpProto(corrupted, 'v1')).toThrow(DecodeError);
    const onDemand = decodeOtlpProto(corrupted, 'v1', 0).spans;
    expect(onDemand.spanID).toEqual(['b7ad6b7169203331', 'b7ad6b7169203332']);
    expect(spanTags(onDemand, 0)).toEqual([]);
    expect(() => spanTags(onDemand, 1)).toThrow(UnreadableAttributesError);
    expect(() => spanTags(onDemand, 1)).toThrow(
      `The attributes of span b7ad6b7169203332 could not be read from the protobuf answer (${corrupted.length} bytes): KeyValue field 1 has wire type 7, expected 2`
    );
  });
});
