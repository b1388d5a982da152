/**
 * The span attributes of a huge protobuf trace, read from the body only for the spans a view
 * needs (`UNREAD_TAGS` in columns.ts). While decoding, the walker skips a span's attributes and
 * notes where the span's message lies; `read` walks that message again, reading its attributes
 * (field 9) through the decoder's own attribute reader, so recurring tags are still shared.
 *
 * The body stays in memory as long as the columns do. A malformed attribute of a span nobody
 * asks for goes unnoticed: the trace opens, where a full decode would have refused it.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import { type SpanColumns, STATUS_CODE_ERROR, TagsOnDemand } from './columns';
import { ERROR_TAG } from './columns-builder';
import type { ProtoAttributeReader } from './proto-attributes';
import type { ProtoWire } from './proto-wire';

const SPAN_ATTRIBUTES_TAG = 74; // Span.attributes = 9, length-delimited

export class ProtoTagsOnDemand implements TagsOnDemand {
  /** Per row, the start and end of the span's message in the body. */
  private readonly bounds: Float64Array;

  /**
   * @param columns the trace's columns, room reserved for all its spans: an error span's tags
   *   end with `error: true`, as decoded ones do, and a failure names the span's ID
   */
  constructor(
    private readonly wire: ProtoWire,
    private readonly attributes: ProtoAttributeReader,
    private readonly columns: SpanColumns
  ) {
    this.bounds = new Float64Array(2 * columns.spanID.length);
  }

  /** Notes where span `row`'s message lies, `start` to `end` in the body. */
  note(row: number, start: number, end: number): void {
    this.bounds[2 * row] = start;
    this.bounds[2 * row + 1] = end;
  }

  read(row: number): TraceKeyValuePair[] {
    const { reader } = this.wire;
    reader.pos = this.bounds[2 * row];
    reader.len = this.bounds[2 * row + 1];
    const tags: TraceKeyValuePair[] = [];
    try {
      while (reader.pos < reader.len) {
        const tag = reader.tag();
        if (tag === SPAN_ATTRIBUTES_TAG) {
          tags.push(this.attributes.readTag());
        } else {
          // The decode has checked every field's wire type already.
          reader.skipType(tag & 7);
        }
      }
    } catch (error) {
      // DecodeError, or protobufjs's RangeError (truncated) or Error (bad varint or wire type).
      const reason = error instanceof Error ? error.message : String(error);
      throw new UnreadableAttributesError(
        `The attributes of span ${this.columns.spanID[row]} could not be read from the protobuf answer (${reader.buf.length} bytes): ${reason}`
      );
    }
    if (this.columns.statusCode[row] === STATUS_CODE_ERROR) {
      tags.push(ERROR_TAG);
    }
    return tags;
  }
}

/**
 * Thrown when a view asks for attributes the decode left unread and their bytes are malformed:
 * the query fails with it as a full decode would have, but only if that span is shown.
 */
export class UnreadableAttributesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAttributesError';
  }
}
