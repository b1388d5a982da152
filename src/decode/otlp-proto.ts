/**
 * Reads Tempo's protobuf trace bodies by walking the wire format and pushing straight into the
 * columns: no message objects are built, which matters for traces of hundreds of thousands of
 * spans. protobufjs's Reader reads tags, varints and lengths (bounds-checked); strings and IDs
 * are read from its buffer directly, through caches that share recurring values (byte-caches.ts).
 *
 * - v1 `GET /api/traces/{id}`: tempopb.Trace { repeated ResourceSpans batches = 1; }
 * - v2 `GET /api/v2/traces/{id}`: tempopb.TraceByIDResponse { Trace trace = 1;
 *   TraceByIDMetrics metrics = 2; PartialStatus status = 3 (COMPLETE = 0, PARTIAL = 1); string message = 4; }
 * Field numbers of the OTLP messages are from opentelemetry-proto v1 (trace.proto, common.proto).
 */
import type { TraceKeyValuePair, TraceLog, TraceSpanReference } from '@grafana/data';

import {
  addLog,
  addReference,
  DecodedTrace,
  DecodeError,
  DecodeSteps,
  finishSteps,
  newSpanDraft,
  resetSpanDraft,
  SpanColumns,
  UNREAD_TAGS,
} from './columns';
import { SpanColumnsBuilder } from './columns-builder';
import { parentSpanIdFromBytes, spanIdFromBytes, TraceIdMemo } from './ids';
import { ProtoAttributeReader } from './proto-attributes';
import { countSpansSteps } from './proto-span-count';
import { ProtoTagsOnDemand } from './proto-tags-on-demand';
import { layout, nanosToMillis, ProtoWire } from './proto-wire';

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

const PARTIAL_STATUS_PARTIAL = 1;
const NO_BYTES = new Uint8Array(0);

/**
 * `tagsOnDemandAbove`: in a trace of more spans than this (the span budget), span attributes are
 * left in the body and read when asked for (`spanTags`, proto-tags-on-demand.ts).
 */
export function decodeOtlpProto(bytes: Uint8Array, shape: 'v1' | 'v2', tagsOnDemandAbove = Infinity): DecodedTrace {
  return finishSteps(decodeOtlpProtoSteps(bytes, shape, Infinity, tagsOnDemandAbove));
}

/** The same decode, pausing (yielding) after every `chunkSpans` spans: see chunked.ts. */
export function* decodeOtlpProtoSteps(
  bytes: Uint8Array,
  shape: 'v1' | 'v2',
  chunkSpans: number,
  tagsOnDemandAbove = Infinity
): DecodeSteps {
  // Counting the spans and reserving their columns take ~150 ms at 500k spans: both pause too.
  const spanCount = yield* countSpansSteps(bytes, shape, chunkSpans);
  const builder = yield* SpanColumnsBuilder.reservingSteps(spanCount);
  const walker = new TraceWireWalker(new ProtoWire(bytes), builder, chunkSpans, spanCount > tagsOnDemandAbove);
  try {
    return yield* walker.readBody(shape);
  } catch (error) {
    if (error instanceof DecodeError) {
      throw error;
    }
    // protobufjs throws RangeError on truncation and Error on bad varints or wire types.
    const reason = error instanceof Error ? error.message : String(error);
    throw new DecodeError(`malformed protobuf trace (${bytes.length} bytes): ${reason}`);
  }
}

/**
 * Each `read…` method reads the fields of one message up to `reader.len`, matching wire tags
 * (field number << 3 | wire type) written as literals, with the field named beside each. `enter`
 * narrows to the message's own bytes meanwhile, so that no read can run past them.
 */
class TraceWireWalker {
  private readonly draft = newSpanDraft();
  private readonly traceIds = new TraceIdMemo();
  private readonly reader: ProtoWire['reader'];
  private readonly attributes: ProtoAttributeReader;
  private spansSinceYield = 0;
  /** A span's tags while it is read, copied into an array of their exact number at its end. */
  private readonly spanTags: TraceKeyValuePair[] = [];
  /** Set when span attributes are left in the body. */
  private readonly tagsOnDemand: ProtoTagsOnDemand | undefined;

  constructor(
    private readonly wire: ProtoWire,
    private readonly builder: SpanColumnsBuilder,
    private readonly chunkSpans: number,
    tagsOnDemand: boolean
  ) {
    this.reader = wire.reader;
    this.attributes = new ProtoAttributeReader(wire);
    this.tagsOnDemand = tagsOnDemand ? new ProtoTagsOnDemand(wire, this.attributes, builder.columns) : undefined;
  }

  /** The columns, with the reader of the tags left in the body. */
  private finishColumns(): SpanColumns {
    const spans = this.builder.finish();
    if (this.tagsOnDemand) {
      spans.tagsOnDemand = this.tagsOnDemand;
    }
    return spans;
  }

  *readBody(shape: 'v1' | 'v2'): DecodeSteps {
    if (shape === 'v1') {
      yield* this.readTrace();
      return { spans: this.finishColumns() };
    }
    const { reader } = this;
    let partial = false;
    let message = '';
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 10) {
        // trace = 1
        const outerEnd = this.wire.enter(TRACE);
        yield* this.readTrace();
        reader.len = outerEnd;
      } else if (tag === 24) {
        // status = 3
        partial = reader.int32() === PARTIAL_STATUS_PARTIAL;
      } else if (tag === 34) {
        // message = 4
        message = this.wire.readString();
      } else {
        this.wire.skipUnknown(tag, TRACE_BY_ID_RESPONSE);
      }
    }
    const spans = this.finishColumns();
    return partial ? { spans, partialMessage: message } : { spans };
  }

  private *readTrace(): Generator<void, void, void> {
    const { reader } = this;
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 10) {
        // batches = 1
        const outerEnd = this.wire.enter(RESOURCE_SPANS);
        yield* this.readResourceSpans();
        reader.len = outerEnd;
      } else {
        this.wire.skipUnknown(tag, TRACE);
      }
    }
  }

  private *readResourceSpans(): Generator<void, void, void> {
    const { reader, builder } = this;
    const firstSpan = builder.count;
    let attributes: TraceKeyValuePair[] = [];
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 18 || tag === 8002) {
        // scope_spans = 2, instrumentation_library_spans = 1000
        const outerEnd = this.wire.enter(SCOPE_SPANS);
        yield* this.readScopeSpans();
        reader.len = outerEnd;
      } else if (tag === 10) {
        // resource = 1
        const outerEnd = this.wire.enter(RESOURCE);
        attributes = [];
        while (reader.pos < reader.len) {
          const resourceTag = reader.tag();
          if (resourceTag === 10) {
            // attributes = 1
            attributes.push(this.attributes.readTag());
          } else {
            this.wire.skipUnknown(resourceTag, RESOURCE);
          }
        }
        reader.len = outerEnd;
      } else {
        this.wire.skipUnknown(tag, RESOURCE_SPANS);
      }
    }
    builder.endResource(firstSpan, attributes);
  }

  private *readScopeSpans(): Generator<void, void, void> {
    const { reader, builder } = this;
    const firstSpan = builder.count;
    let name = '';
    let version = '';
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 18) {
        // spans = 2
        const outerEnd = this.wire.enter(SPAN);
        const start = reader.pos;
        const end = reader.len;
        this.readSpan();
        reader.len = outerEnd;
        if (this.draft.tags === UNREAD_TAGS) {
          this.tagsOnDemand?.note(builder.count, start, end);
        }
        builder.push(this.draft);
        if (++this.spansSinceYield >= this.chunkSpans) {
          this.spansSinceYield = 0;
          yield;
        }
      } else if (tag === 10) {
        // scope = 1
        const outerEnd = this.wire.enter(SCOPE);
        while (reader.pos < reader.len) {
          const scopeTag = reader.tag();
          if (scopeTag === 10) {
            // name = 1
            name = this.wire.readString();
          } else if (scopeTag === 18) {
            // version = 2
            version = this.wire.readString();
          } else {
            this.wire.skipUnknown(scopeTag, SCOPE);
          }
        }
        reader.len = outerEnd;
      } else {
        this.wire.skipUnknown(tag, SCOPE_SPANS);
      }
    }
    builder.endScope(firstSpan, name, version);
  }

  private readSpan(): void {
    const { reader, draft, spanTags } = this;
    resetSpanDraft(draft);
    let tagCount = 0;
    let startHigh = 0;
    let startLow = 0;
    let endHigh = 0;
    let endLow = 0;
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      switch (tag) {
        case 10: {
          // trace_id = 1
          const end = this.wire.delimitedEnd();
          draft.traceID = this.traceIds.fromBytes(reader.buf, reader.pos, end);
          reader.pos = end;
          break;
        }
        case 18: {
          // span_id = 2
          const end = this.wire.delimitedEnd();
          draft.spanID = spanIdFromBytes(reader.buf, reader.pos, end);
          reader.pos = end;
          break;
        }
        case 26: // trace_state = 3
          draft.traceState = this.wire.readString();
          break;
        case 34: {
          // parent_span_id = 4
          const end = this.wire.delimitedEnd();
          draft.parentSpanID = parentSpanIdFromBytes(reader.buf, reader.pos, end);
          reader.pos = end;
          break;
        }
        case 42: // name = 5
          draft.name = this.wire.readString();
          break;
        case 48: // kind = 6
          draft.kind = reader.int32();
          break;
        case 57: // start_time_unix_nano = 7, little-endian: low half first
          startLow = reader.fixed32();
          startHigh = reader.fixed32();
          break;
        case 65: // end_time_unix_nano = 8
          endLow = reader.fixed32();
          endHigh = reader.fixed32();
          break;
        case 74: // attributes = 9
          if (this.tagsOnDemand) {
            reader.pos = this.wire.delimitedEnd();
            draft.tags = UNREAD_TAGS;
          } else {
            spanTags[tagCount++] = this.attributes.readTag();
          }
          break;
        case 90: // events = 11
          addLog(draft, this.readEvent());
          break;
        case 106: // links = 13
          addReference(draft, this.readLink());
          break;
        case 122: // status = 15
          this.readStatus();
          break;
        default:
          this.wire.skipUnknown(tag, SPAN);
      }
    }
    if (tagCount > 0) {
      draft.tags = spanTags.slice(0, tagCount);
    }
    draft.startTime = nanosToMillis(startHigh, startLow);
    // Exact while the difference is below 2^53 ns (104 days).
    draft.duration = ((endHigh - startHigh) * 2 ** 32 + (endLow - startLow)) / 1e6;
  }

  private readStatus(): void {
    const { reader, draft } = this;
    const outerEnd = this.wire.enter(STATUS);
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 18) {
        // message = 2
        draft.statusMessage = this.wire.readString();
      } else if (tag === 24) {
        // code = 3
        draft.statusCode = reader.int32();
      } else {
        this.wire.skipUnknown(tag, STATUS);
      }
    }
    reader.len = outerEnd;
  }

  private readEvent(): TraceLog {
    const { reader } = this;
    const log: TraceLog = { timestamp: 0, name: '', fields: [] };
    const outerEnd = this.wire.enter(EVENT);
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 9) {
        // time_unix_nano = 1
        const low = reader.fixed32();
        log.timestamp = nanosToMillis(reader.fixed32(), low);
      } else if (tag === 18) {
        // name = 2
        log.name = this.wire.readString();
      } else if (tag === 26) {
        // attributes = 3
        log.fields.push(this.attributes.readTag());
      } else {
        this.wire.skipUnknown(tag, EVENT);
      }
    }
    reader.len = outerEnd;
    return log;
  }

  private readLink(): TraceSpanReference {
    const { reader } = this;
    let traceID = this.traceIds.fromBytes(NO_BYTES);
    let spanID = spanIdFromBytes(NO_BYTES);
    const tags: TraceKeyValuePair[] = [];
    const outerEnd = this.wire.enter(LINK);
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 10 || tag === 18) {
        // trace_id = 1, span_id = 2
        const end = this.wire.delimitedEnd();
        if (tag === 10) {
          // trace_id
          traceID = this.traceIds.fromBytes(reader.buf, reader.pos, end);
        } else {
          spanID = spanIdFromBytes(reader.buf, reader.pos, end);
        }
        reader.pos = end;
      } else if (tag === 34) {
        // attributes = 4
        tags.push(this.attributes.readTag());
      } else {
        this.wire.skipUnknown(tag, LINK);
      }
    }
    reader.len = outerEnd;
    return tags.length > 0 ? { traceID, spanID, tags } : { traceID, spanID };
  }
}
