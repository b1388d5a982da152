/**
 * The protobuf wire format as the trace decoder reads it: protobufjs's Reader for tags, varints
 * and lengths (bounds-checked), plus what the decoder needs on top of it: messages narrowed to
 * their bytes, unknown fields skipped (known ones checked for their wire type), strings through
 * the shared string cache, int64 without Long.
 */
import { Reader } from 'protobufjs/minimal';

import { Utf8Strings } from './byte-caches';
import { DecodeError } from './columns';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const MAX_VARINT_BYTES = 10;

/** A message's known fields and the wire type each must have; other fields are skipped. */
export interface MessageLayout {
  name: string;
  wireTypes: Record<number, number>;
}

export function layout(
  name: string,
  delimited: number[],
  varint: number[] = [],
  fixed64: number[] = []
): MessageLayout {
  const wireTypes: Record<number, number> = {};
  delimited.forEach((field) => (wireTypes[field] = LENGTH_DELIMITED));
  varint.forEach((field) => (wireTypes[field] = VARINT));
  fixed64.forEach((field) => (wireTypes[field] = FIXED64));
  return { name, wireTypes };
}

/**
 * Callers read fields while `reader.pos < reader.len`, matching wire tags (field number << 3 |
 * wire type) written as literals, and restore `reader.len` to what `enter` returned.
 */
export class ProtoWire {
  readonly reader: Reader;
  readonly strings = new Utf8Strings();

  constructor(bytes: Uint8Array) {
    this.reader = Reader.create(bytes);
  }

  readString(): string {
    const { reader } = this;
    const end = this.delimitedEnd();
    const text = this.strings.read(reader.buf, reader.pos, end);
    reader.pos = end;
    return text;
  }

  /** A varint int64 built from two 32-bit halves, as protobufjs would need Long for it. */
  readInt64(): number | string {
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

  /** End of the length-delimited field whose length comes next; checked against the message's end. */
  delimitedEnd(): number {
    const { reader } = this;
    const length = reader.size();
    if (length > reader.len - reader.pos) {
      throw new DecodeError(`field of ${length} bytes at byte ${reader.pos} runs past its message`);
    }
    return reader.pos + length;
  }

  /** Narrows the reader to the embedded message whose length comes next; returns the end to restore. */
  enter(message: MessageLayout): number {
    const { reader } = this;
    const length = reader.size();
    const outerEnd = reader.len;
    if (length > outerEnd - reader.pos) {
      throw new DecodeError(`${message.name} of ${length} bytes at byte ${reader.pos} runs past its container`);
    }
    reader.len = reader.pos + length;
    return outerEnd;
  }

  /** Skips a field `message` does not know; a known field with the wrong wire type is an error. */
  skipUnknown(tag: number, message: MessageLayout): void {
    const { reader } = this;
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) {
      throw new DecodeError(`illegal field number 0 in ${message.name} at byte ${reader.pos}`);
    }
    const expected = message.wireTypes[field];
    if (expected !== undefined) {
      throw new DecodeError(`${message.name} field ${field} has wire type ${wireType}, expected ${expected}`);
    }
    reader.skipType(wireType, 0, field);
  }
}

/**
 * fixed64 nanoseconds (as two 32-bit halves) to epoch milliseconds. 2^32 ns is 4294 ms plus
 * 967296 ns, so every intermediate stays an exact integer below 2^53 and only the last step rounds.
 */
export function nanosToMillis(high: number, low: number): number {
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
