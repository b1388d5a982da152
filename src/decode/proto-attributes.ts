/**
 * OTLP attributes (KeyValue, AnyValue, ArrayValue, KeyValueList) read from the protobuf wire as
 * tags. Equal KeyValue bytes make equal tags, so a recurring attribute (the same key and value
 * in many spans) is decoded once and its tag object shared.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import { MessageCache } from './byte-caches';
import { DecodeError, PlainValue, tagValue } from './columns';
import { bytesToBase64 } from './ids';
import { layout, ProtoWire } from './proto-wire';

const KEY_VALUE = layout('KeyValue', [1, 2]);
const ANY_VALUE = layout('AnyValue', [1, 5, 6, 7], [2, 3], [4]);
const VALUE_LIST = layout('ArrayValue/KeyValueList', [1]);
const MAX_VALUE_DEPTH = 64;

export class ProtoAttributeReader {
  private readonly tags = new MessageCache<TraceKeyValuePair>();
  /** Key of the KeyValue read last by `readKeyValueFields`. */
  private key = '';

  constructor(private readonly wire: ProtoWire) {}

  /**
   * A KeyValue as a tag. Equal KeyValue bytes make equal tags, so a recurring attribute (the
   * same key and value in many spans) is decoded once and its tag object shared.
   */
  readTag(): TraceKeyValuePair {
    const { wire } = this;
    const { reader } = wire;
    const outerEnd = wire.enter(KEY_VALUE);
    const start = reader.pos;
    const end = reader.len;
    const slot = this.tags.slot(reader.buf, start, end);
    let tag = slot < 0 ? undefined : this.tags.get(slot, reader.buf, start, end);
    if (tag) {
      reader.pos = end;
    } else {
      const value = this.readKeyValueFields(0);
      tag = { key: this.key, value: tagValue(value) };
      if (slot >= 0) {
        this.tags.set(slot, reader.buf, start, end, tag);
      }
    }
    reader.len = outerEnd;
    return tag;
  }

  /** The fields of the KeyValue the reader is narrowed to: returns the value, leaves the key in `this.key`. */
  private readKeyValueFields(depth: number): PlainValue {
    const { wire } = this;
    const { reader } = wire;
    let key = '';
    let value: PlainValue = '';
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag === 10) {
        // key = 1
        key = wire.readString();
      } else if (tag === 18) {
        // value = 2
        value = this.readAnyValue(depth);
      } else {
        wire.skipUnknown(tag, KEY_VALUE);
      }
    }
    this.key = key;
    return value;
  }

  /** An empty AnyValue (no field set) is ''. */
  private readAnyValue(depth: number): PlainValue {
    if (depth > MAX_VALUE_DEPTH) {
      throw new DecodeError(`attribute value nests deeper than ${MAX_VALUE_DEPTH} levels`);
    }
    const { wire } = this;
    const { reader } = wire;
    const outerEnd = wire.enter(ANY_VALUE);
    let value: PlainValue = '';
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      switch (tag) {
        case 10: // string_value = 1
          value = wire.readString();
          break;
        case 16: // bool_value = 2
          value = reader.bool();
          break;
        case 24: // int_value = 3
          value = wire.readInt64();
          break;
        case 33: // double_value = 4
          value = reader.double();
          break;
        case 42: // array_value = 5
        case 50: // kvlist_value = 6
          value = this.readValueList(tag === 50, depth + 1);
          break;
        case 58: {
          // bytes_value = 7
          const end = wire.delimitedEnd();
          value = bytesToBase64(reader.buf.subarray(reader.pos, end));
          reader.pos = end;
          break;
        }
        default:
          wire.skipUnknown(tag, ANY_VALUE);
      }
    }
    reader.len = outerEnd;
    return value;
  }

  /** ArrayValue { repeated AnyValue values = 1 } or, when keyed, KeyValueList { repeated KeyValue values = 1 }. */
  private readValueList(keyed: boolean, depth: number): PlainValue {
    const { wire } = this;
    const { reader } = wire;
    const items: PlainValue[] = [];
    // No prototype, so a key like "__proto__" is an ordinary key.
    const entries: { [key: string]: PlainValue } = Object.create(null);
    const outerEnd = wire.enter(VALUE_LIST);
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      if (tag !== 10) {
        wire.skipUnknown(tag, VALUE_LIST);
      } else if (keyed) {
        const keyValueEnd = wire.enter(KEY_VALUE);
        const value = this.readKeyValueFields(depth);
        entries[this.key] = value;
        reader.len = keyValueEnd;
      } else {
        items.push(this.readAnyValue(depth));
      }
    }
    reader.len = outerEnd;
    return keyed ? entries : items;
  }
}
