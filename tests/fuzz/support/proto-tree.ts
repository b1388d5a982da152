/**
 * Tempo's protobuf trace bodies as a tree of wire fields (field number, wire type, bytes), so the
 * mutators can cut at any field boundary, change a field's type, repeat a field that is not
 * repeated, or insert spans, and write the body back with every enclosing length right. Message
 * fields are those of opentelemetry-proto v1 and tempopb (see src/decode/otlp-proto.ts).
 */
import { concat } from './mutant';

export interface WireField {
  no: number;
  wireType: number;
  /** The encoded field: tag, length and value. */
  start: number;
  end: number;
  /** The value's bytes (for wire type 2 without the length). */
  valueStart: number;
  /** The message type of a length-delimited field, when it parsed as one. */
  type?: string;
  children?: WireField[];
  /** Set by mutators: bytes that replace the field's value (wire type 2: without the length). */
  replacement?: Uint8Array;
  /** Set by mutators: encoded fields (tags included) written in this field's place. */
  raw?: Uint8Array;
}

/** Message type → field number → the message type of that field. */
const MESSAGES: Record<string, Record<number, string>> = {
  v1: { 1: 'ResourceSpans' },
  v2: { 1: 'Trace' },
  Trace: { 1: 'ResourceSpans' },
  ResourceSpans: { 1: 'Resource', 2: 'ScopeSpans', 1000: 'ScopeSpans' },
  Resource: { 1: 'KeyValue' },
  ScopeSpans: { 1: 'Scope', 2: 'Span' },
  Scope: { 3: 'KeyValue' },
  Span: { 9: 'KeyValue', 11: 'Event', 13: 'Link', 15: 'Status' },
  Event: { 3: 'KeyValue' },
  Link: { 4: 'KeyValue' },
  KeyValue: { 2: 'AnyValue' },
  AnyValue: { 5: 'ArrayValue', 6: 'KeyValueList' },
  ArrayValue: { 1: 'AnyValue' },
  KeyValueList: { 1: 'KeyValue' },
};

class Truncated extends Error {}
/** Groups (wire types 3 and 4) and field 0: protobufjs skips them; this walker does not try. */
class Unsure extends Error {}

function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= bytes.length) {
      throw new Truncated();
    }
    const byte = bytes[pos++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) {
      return [value, pos];
    }
  }
  throw new Truncated();
}

/** The fields of one message in `bytes[from, to)`; throws when a field runs past `to`. */
export function parseMessage(bytes: Uint8Array, from: number, to: number, type: string): WireField[] {
  const fields: WireField[] = [];
  let pos = from;
  while (pos < to) {
    const start = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    const no = Math.floor(tag / 8);
    const wireType = tag % 8;
    let valueStart = afterTag;
    let end: number;
    if (wireType === 0) {
      end = readVarint(bytes, afterTag)[1];
    } else if (wireType === 1) {
      end = afterTag + 8;
    } else if (wireType === 5) {
      end = afterTag + 4;
    } else if (wireType === 2) {
      const [length, afterLength] = readVarint(bytes, afterTag);
      valueStart = afterLength;
      end = afterLength + length;
    } else if (wireType === 3 || wireType === 4) {
      throw new Unsure();
    } else {
      throw new Truncated();
    }
    if (no === 0) {
      throw new Unsure();
    }
    if (end > to) {
      throw new Truncated();
    }
    const field: WireField = { no, wireType, start, end, valueStart };
    const childType = MESSAGES[type]?.[no];
    if (wireType === 2 && childType) {
      try {
        field.children = parseMessage(bytes, valueStart, end, childType);
        field.type = childType;
      } catch (error) {
        if (error instanceof Unsure && type === 'opaque') {
          throw error;
        }
        // not a message after all: kept as bytes
      }
    }
    fields.push(field);
    pos = end;
  }
  return fields;
}

export function parseBody(bytes: Uint8Array, shape: 'v1' | 'v2'): WireField[] {
  return parseMessage(bytes, 0, bytes.length, shape);
}

export function varint(value: number | bigint): number[] {
  const out: number[] = [];
  if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
    let v = value;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    return out;
  }
  // Negative and 64-bit values: two's complement over 64 bits, as protobuf writes int64.
  let v = BigInt.asUintN(64, BigInt(value));
  const [high, low7, seven] = [BigInt(0x80), BigInt(0x7f), BigInt(7)];
  while (v >= high) {
    out.push(Number(v & low7) | 0x80);
    v >>= seven;
  }
  out.push(Number(v));
  return out;
}

export function tagBytes(no: number, wireType: number): number[] {
  return varint(no * 8 + wireType);
}

/** A length-delimited field around `value`. */
export function lengthDelimited(no: number, value: Uint8Array): Uint8Array {
  const head = [...tagBytes(no, 2), ...varint(value.length)];
  const out = new Uint8Array(head.length + value.length);
  out.set(head);
  out.set(value, head.length);
  return out;
}

/** The body again from the tree, with every length recomputed. */
export function writeFields(bytes: Uint8Array, fields: WireField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    if (field.raw) {
      parts.push(field.raw);
    } else if (field.replacement) {
      parts.push(
        field.wireType === 2
          ? lengthDelimited(field.no, field.replacement)
          : concat(Uint8Array.from(tagBytes(field.no, field.wireType)), field.replacement)
      );
    } else if (field.children) {
      parts.push(lengthDelimited(field.no, writeFields(bytes, field.children)));
    } else {
      parts.push(bytes.subarray(field.start, field.end));
    }
  }
  return concat(...parts);
}

/** Every field of the tree, with its parent's list, depth first. */
export function allFields(fields: WireField[]): Array<{ field: WireField; siblings: WireField[] }> {
  const found: Array<{ field: WireField; siblings: WireField[] }> = [];
  const visit = (list: WireField[]) => {
    for (const field of list) {
      found.push({ field, siblings: list });
      if (field.children) {
        visit(field.children);
      }
    }
  };
  visit(fields);
  return found;
}

/**
 * The spans a body holds (`Span` messages under ResourceSpans → ScopeSpans), or `malformed` when
 * its structure down to the spans does not hold together: a decoder must then return no trace
 * (`unsure` for wire types this walker does not follow).
 */
export function countProtoSpans(bytes: Uint8Array, shape: 'v1' | 'v2'): number | 'malformed' | 'unsure' {
  try {
    const walk = (from: number, to: number, path: number[][]): number => {
      const [here, ...below] = path;
      let count = 0;
      for (const field of parseMessage(bytes, from, to, 'opaque')) {
        if (field.wireType === 2 && here.includes(field.no)) {
          count += below.length === 0 ? 1 : walk(field.valueStart, field.end, below);
        }
      }
      return count;
    };
    return walk(0, bytes.length, shape === 'v2' ? [[1], [1], [2, 1000], [2]] : [[1], [2, 1000], [2]]);
  } catch (error) {
    return error instanceof Unsure ? 'unsure' : 'malformed';
  }
}
