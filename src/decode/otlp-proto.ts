/**
 * Reads Tempo's protobuf trace bodies by walking the wire format with protobufjs's
 * low-level Reader and pushing straight into the columns: no message objects are built,
 * which matters for traces of hundreds of thousands of spans.
 *
 * - v1 `GET /api/traces/{id}`: tempopb.Trace { repeated ResourceSpans batches = 1; }
 * - v2 `GET /api/v2/traces/{id}`: tempopb.TraceByIDResponse { Trace trace = 1;
 *   TraceByIDMetrics metrics = 2; PartialStatus status = 3 (COMPLETE = 0, PARTIAL = 1); string message = 4; }
 * Field numbers of the OTLP messages are from opentelemetry-proto v1 (trace.proto, common.proto).
 */
import type { TraceKeyValuePair, TraceLog, TraceSpanReference } from '@grafana/data';
import { Reader } from 'protobufjs/minimal';

import {
  DecodedTrace,
  DecodeError,
  emptyColumns,
  fillResource,
  fillScope,
  newSpanDraft,
  PlainValue,
  pushSpan,
  resetSpanDraft,
  tagValue,
} from './columns';
import { bytesToBase64, parentSpanIdFromBytes, spanIdFromBytes, traceIdFromBytes } from './ids';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

/** A message's known fields and the wire type each must have; other fields are skipped. */
interface MessageLayout {
  name: string;
  wireTypes: Record<number, number>;
}

function layout(name: string, delimited: number[], varint: number[] = [], fixed64: number[] = []): MessageLayout {
  const wireTypes: Record<number, number> = {};
  delimited.forEach((field) => (wireTypes[field] = LENGTH_DELIMITED));
  varint.forEach((field) => (wireTypes[field] = VARINT));
  fixed64.forEach((field) => (wireTypes[field] = FIXED64));
  return { name, wireTypes };
}

const TRACE = layout('tempopb.Trace', [1]);
const TRACE_BY_ID_RESPONSE = layout('tempopb.TraceByIDResponse', [1, 4], [3]);
// scope_spans = 2 was instrumentation_library_spans before OTLP 0.15 (wire-compatible);
// during the rename the old name moved to 1000.
const RESOURCE_SPANS = layout('ResourceSpans', [1, 2, 1000]);
const RESOURCE = layout('Resource', [1]);
const SCOPE_SPANS = layout('ScopeSpans', [1, 2]);
const SCOPE = layout('InstrumentationScope', [1, 2]);
const SPAN = layout('Span', [1, 2, 3, 4, 5, 9, 11, 13, 15], [6], [7, 8]);
const STATUS = layout('Status', [2], [3]);
const EVENT = layout('Span.Event', [2, 3], [], [1]);
const LINK = layout('Span.Link', [1, 2, 4]);
const KEY_VALUE = layout('KeyValue', [1, 2]);
const ANY_VALUE = layout('AnyValue', [1, 5, 6, 7], [2, 3], [4]);
const VALUE_LIST = layout('ArrayValue/KeyValueList', [1]);

const PARTIAL_STATUS_PARTIAL = 1;
const MAX_VALUE_DEPTH = 64;
const MAX_VARINT_BYTES = 10;
const NO_BYTES = new Uint8Array(0);

export function decodeOtlpProto(bytes: Uint8Array, shape: 'v1' | 'v2'): DecodedTrace {
  const walker = new TraceWireWalker(Reader.create(bytes));
  try {
    return walker.readBody(shape);
  } catch (error) {
    if (error instanceof DecodeError) {
      throw error;
    }
    // protobufjs throws RangeError on truncation and Error on bad varints or wire types.
    const reason = error instanceof Error ? error.message : String(error);
    throw new DecodeError(`malformed protobuf trace (${bytes.length} bytes): ${reason}`);
  }
}

class TraceWireWalker {
  private readonly columns = emptyColumns();
  private readonly draft = newSpanDraft();

  constructor(private readonly reader: Reader) {}

  readBody(shape: 'v1' | 'v2'): DecodedTrace {
    if (shape === 'v1') {
      this.readFields(TRACE, () => this.readResourceSpans());
      return { spans: this.columns };
    }
    let partial = false;
    let message = '';
    this.readFields(TRACE_BY_ID_RESPONSE, (field) => {
      if (field === 1) {
        this.readMessage(TRACE, () => this.readResourceSpans());
      } else if (field === 3) {
        partial = this.reader.int32() === PARTIAL_STATUS_PARTIAL;
      } else {
        message = this.reader.string();
      }
    });
    return partial ? { spans: this.columns, partialMessage: message } : { spans: this.columns };
  }

  private readResourceSpans(): void {
    const firstSpan = this.columns.spanID.length;
    let attributes: TraceKeyValuePair[] = [];
    this.readMessage(RESOURCE_SPANS, (field) => {
      if (field === 1) {
        attributes = [];
        this.readMessage(RESOURCE, () => attributes.push(this.readKeyValue()));
      } else {
        this.readScopeSpans();
      }
    });
    fillResource(this.columns, firstSpan, attributes);
  }

  private readScopeSpans(): void {
    const firstSpan = this.columns.spanID.length;
    let name = '';
    let version = '';
    this.readMessage(SCOPE_SPANS, (field) => {
      if (field === 1) {
        this.readMessage(SCOPE, (scopeField) => {
          if (scopeField === 1) {
            name = this.reader.string();
          } else {
            version = this.reader.string();
          }
        });
      } else {
        this.readSpan();
        pushSpan(this.columns, this.draft);
      }
    });
    fillScope(this.columns, firstSpan, name, version);
  }

  private readSpan(): void {
    const { reader, draft } = this;
    resetSpanDraft(draft);
    let startHigh = 0;
    let startLow = 0;
    let endHigh = 0;
    let endLow = 0;
    this.readMessage(SPAN, (field) => {
      switch (field) {
        case 1:
          draft.traceID = traceIdFromBytes(reader.bytes());
          break;
        case 2:
          draft.spanID = spanIdFromBytes(reader.bytes());
          break;
        case 3:
          draft.traceState = reader.string();
          break;
        case 4:
          draft.parentSpanID = parentSpanIdFromBytes(reader.bytes());
          break;
        case 5:
          draft.name = reader.string();
          break;
        case 6:
          draft.kind = reader.int32();
          break;
        case 7: // fixed64 is little-endian: low half first
          startLow = reader.fixed32();
          startHigh = reader.fixed32();
          break;
        case 8:
          endLow = reader.fixed32();
          endHigh = reader.fixed32();
          break;
        case 9:
          draft.tags.push(this.readKeyValue());
          break;
        case 11:
          draft.logs.push(this.readEvent());
          break;
        case 13:
          draft.references.push(this.readLink());
          break;
        case 15:
          this.readMessage(STATUS, (statusField) => {
            if (statusField === 2) {
              draft.statusMessage = reader.string();
            } else {
              draft.statusCode = reader.int32();
            }
          });
      }
    });
    draft.startTime = nanosToMillis(startHigh, startLow);
    // Exact while the difference is below 2^53 ns (104 days).
    draft.duration = ((endHigh - startHigh) * 2 ** 32 + (endLow - startLow)) / 1e6;
  }

  private readEvent(): TraceLog {
    const log: TraceLog = { timestamp: 0, name: '', fields: [] };
    this.readMessage(EVENT, (field) => {
      if (field === 1) {
        const low = this.reader.fixed32();
        log.timestamp = nanosToMillis(this.reader.fixed32(), low);
      } else if (field === 2) {
        log.name = this.reader.string();
      } else {
        log.fields.push(this.readKeyValue());
      }
    });
    return log;
  }

  private readLink(): TraceSpanReference {
    let traceID = traceIdFromBytes(NO_BYTES);
    let spanID = spanIdFromBytes(NO_BYTES);
    const tags: TraceKeyValuePair[] = [];
    this.readMessage(LINK, (field) => {
      if (field === 1) {
        traceID = traceIdFromBytes(this.reader.bytes());
      } else if (field === 2) {
        spanID = spanIdFromBytes(this.reader.bytes());
      } else {
        tags.push(this.readKeyValue());
      }
    });
    return tags.length > 0 ? { traceID, spanID, tags } : { traceID, spanID };
  }

  private readKeyValue(): TraceKeyValuePair {
    const { key, value } = this.readKeyAndPlainValue(0);
    return { key, value: tagValue(value) };
  }

  private readKeyAndPlainValue(depth: number): { key: string; value: PlainValue } {
    let key = '';
    let value: PlainValue = '';
    this.readMessage(KEY_VALUE, (field) => {
      if (field === 1) {
        key = this.reader.string();
      } else {
        value = this.readAnyValue(depth);
      }
    });
    return { key, value };
  }

  /** An empty AnyValue (no field set) is ''. */
  private readAnyValue(depth: number): PlainValue {
    if (depth > MAX_VALUE_DEPTH) {
      throw new DecodeError(`attribute value nests deeper than ${MAX_VALUE_DEPTH} levels`);
    }
    const { reader } = this;
    let value: PlainValue = '';
    this.readMessage(ANY_VALUE, (field) => {
      if (field === 1) {
        value = reader.string();
      } else if (field === 2) {
        value = reader.bool();
      } else if (field === 3) {
        value = this.readInt64();
      } else if (field === 4) {
        value = reader.double();
      } else if (field === 7) {
        value = bytesToBase64(reader.bytes());
      } else {
        value = this.readValueList(field === 6, depth + 1);
      }
    });
    return value;
  }

  /** ArrayValue { repeated AnyValue values = 1 } or, when keyed, KeyValueList { repeated KeyValue values = 1 }. */
  private readValueList(keyed: boolean, depth: number): PlainValue {
    const items: PlainValue[] = [];
    // No prototype, so a key like "__proto__" is an ordinary key.
    const entries: { [key: string]: PlainValue } = Object.create(null);
    this.readMessage(VALUE_LIST, () => {
      if (keyed) {
        const { key, value } = this.readKeyAndPlainValue(depth);
        entries[key] = value;
      } else {
        items.push(this.readAnyValue(depth));
      }
    });
    return keyed ? entries : items;
  }

  /** A varint int64 built from two 32-bit halves, as protobufjs would need Long for it. */
  private readInt64(): number | string {
    const { reader } = this;
    const start = reader.pos;
    reader.skip(); // bounds-checked varint skip
    if (reader.pos - start > MAX_VARINT_BYTES) {
      throw new DecodeError(`varint longer than ${MAX_VARINT_BYTES} bytes at byte ${start}`);
    }
    let high = 0;
    let low = 0;
    for (let i = reader.pos - 1; i >= start; i--) {
      high = (high << 7) | (low >>> 25);
      low = ((low << 7) | (reader.buf[i] & 0x7f)) >>> 0;
    }
    return int64FromHalves(high, low);
  }

  /**
   * Reads an embedded message: its length, then its fields (see `readFields`). The reader is
   * narrowed to the message's bytes meanwhile, so that no read can run past them.
   */
  private readMessage(message: MessageLayout, onField: (field: number) => void): void {
    const { reader } = this;
    const length = reader.size();
    const outerEnd = reader.len;
    if (reader.pos + length > outerEnd) {
      throw new DecodeError(`${message.name} of ${length} bytes at byte ${reader.pos} runs past its container`);
    }
    reader.len = reader.pos + length;
    this.readFields(message, onField);
    reader.len = outerEnd;
  }

  /** Reads fields up to the reader's end, handing each known one (wire type checked) to `onField`. */
  private readFields(message: MessageLayout, onField: (field: number) => void): void {
    while (this.reader.pos < this.reader.len) {
      const field = this.nextField(message);
      if (field !== 0) {
        onField(field);
      }
    }
  }

  /** The next field number of `message` after checking its wire type; 0 for an unknown field, skipped. */
  private nextField(message: MessageLayout): number {
    const { reader } = this;
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) {
      throw new DecodeError(`illegal field number 0 in ${message.name} at byte ${reader.pos}`);
    }
    const expected = message.wireTypes[field];
    if (expected === undefined) {
      reader.skipType(wireType, 0, field);
      return 0;
    }
    if (wireType !== expected) {
      throw new DecodeError(`${message.name} field ${field} has wire type ${wireType}, expected ${expected}`);
    }
    return field;
  }
}

/**
 * fixed64 nanoseconds (as two 32-bit halves) to epoch milliseconds. 2^32 ns is 4294 ms plus
 * 967296 ns, so every intermediate stays an exact integer below 2^53 and only the last step rounds.
 */
function nanosToMillis(high: number, low: number): number {
  const nanosBelowMilli = high * 967296 + low;
  const wholeMillis = high * 4294 + Math.floor(nanosBelowMilli / 1e6);
  return wholeMillis + (nanosBelowMilli % 1e6) / 1e6;
}

/** A two's-complement int64 from its halves: a number when exact, else its decimal text. */
function int64FromHalves(high: number, low: number): number | string {
  if (high >= -0x200000 && high < 0x200000) {
    return high * 2 ** 32 + low;
  }
  return BigInt.asIntN(64, (BigInt(high >>> 0) << BigInt(32)) | BigInt(low)).toString();
}
