/**
 * OTLP/JSON attributes (KeyValue lists) read from the bytes as tags, as `decodeOtlpJson` reads
 * them from parsed JSON. A tag whose key and value recur (most do: `http.method` = `GET`) is
 * one object shared by all the spans that have it.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import { NO_HASH, TagCache, Utf8Strings } from './byte-caches';
import { NO_TAGS, PlainValue, tagValue } from './columns';
import { NotFastPath } from './json-grammar';
import { END_OF_OBJECT } from './json-keys';
import { JsonScanner } from './json-scanner';
import { int64Value, MAX_VALUE_DEPTH } from './json-values';
import { ANY_VALUE, KEY_VALUE, VALUE_LIST } from './otlp-json-keys';

/** The bytes of an ASCII literal. */
const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** How Tempo and OTLP exporters write a KeyValue: `{"key":"…","value":{"<type>Value":…}}`, keys in this order. */
const KEY_VALUE_START = ascii('{"key":"');
const VALUE_START = ascii('","value":{"');
const STRING_VALUE = ascii('stringValue":');
const INT_VALUE = ascii('intValue":');
const DOUBLE_VALUE = ascii('doubleValue":');
const BOOL_VALUE = ascii('boolValue":');

function bytesAt(bytes: Uint8Array, pos: number, literal: Uint8Array): boolean {
  if (pos + literal.length > bytes.length) {
    return false;
  }
  for (let i = 0; i < literal.length; i++) {
    if (bytes[pos + i] !== literal[i]) {
      return false;
    }
  }
  return true;
}

export class JsonAttributeReader {
  private readonly tagCache = new TagCache<TraceKeyValuePair>();
  /** The tags of one list while it is read, copied into an array of their exact number at its end. */
  private readonly scratch: TraceKeyValuePair[] = [];
  /** The KeyValue read last (`keyValue`, `compactKeyValue`): its key and value, and their hashes (`Utf8Strings.lastHash`). */
  private key = '';
  private keyHash = 0;
  private value: PlainValue = '';
  /** Hash of the AnyValue read last by `anyValue`, or NO_HASH when its tag is not to be cached (long or non-ASCII text, lists). */
  private valueHash = NO_HASH;

  constructor(
    private readonly json: JsonScanner,
    private readonly strings: Utf8Strings
  ) {}

  /** A list of KeyValues (or null) as tags. */
  tags(): TraceKeyValuePair[] {
    const { json, scratch } = this;
    if (!json.arrayOrNull()) {
      return NO_TAGS;
    }
    let count = 0;
    while (json.nextItem(count)) {
      scratch[count++] = this.tag();
    }
    return count === 0 ? NO_TAGS : scratch.slice(0, count);
  }

  private tag(): TraceKeyValuePair {
    const { json } = this;
    const start = json.pos;
    if (!this.compactKeyValue()) {
      json.pos = start;
      this.keyValue();
    }
    const { key, keyHash, valueHash } = this;
    const scalar = tagValue(this.value);
    if (keyHash === NO_HASH || valueHash === NO_HASH) {
      return { key, value: scalar };
    }
    const slot = this.tagCache.slot(keyHash, valueHash);
    let tag = this.tagCache.get(slot, key, scalar);
    if (tag === undefined) {
      tag = { key, value: scalar };
      this.tagCache.set(slot, tag);
    }
    return tag;
  }

  /**
   * A KeyValue with a scalar value as exporters write it (see KEY_VALUE_START), matched on its bytes
   * without the key tables: most attributes. Sets what `keyValue` sets; false for any other shape
   * (spacing, key order, a list value, …), which `keyValue` then reads from the start.
   */
  private compactKeyValue(): boolean {
    const { json, strings } = this;
    const { bytes } = json;
    const keyStart = json.pos + KEY_VALUE_START.length;
    if (!bytesAt(bytes, json.pos, KEY_VALUE_START)) {
      return false;
    }
    let keyEnd = keyStart;
    // Up to the closing quote; an escape or a control character leaves the key to `keyValue`.
    while (keyEnd < bytes.length && bytes[keyEnd] !== 0x22 /* " */ && bytes[keyEnd] !== 0x5c && bytes[keyEnd] >= 0x20) {
      keyEnd++;
    }
    if (!bytesAt(bytes, keyEnd, VALUE_START)) {
      return false;
    }
    this.key = strings.read(bytes, keyStart, keyEnd);
    this.keyHash = strings.lastHash;
    const valueField = keyEnd + VALUE_START.length;
    if (bytesAt(bytes, valueField, STRING_VALUE)) {
      json.pos = valueField + STRING_VALUE.length;
      this.value = json.string();
      this.valueHash = strings.lastHash;
    } else if (bytesAt(bytes, valueField, INT_VALUE) || bytesAt(bytes, valueField, DOUBLE_VALUE)) {
      const isInt64 = bytes[valueField] === 0x69; /* i */
      json.pos = valueField + (isInt64 ? INT_VALUE.length : DOUBLE_VALUE.length);
      const value = this.number(isInt64);
      this.value = value;
      this.valueHash = typeof value === 'number' ? numberHash(value) : strings.lastHash;
    } else if (bytesAt(bytes, valueField, BOOL_VALUE)) {
      json.pos = valueField + BOOL_VALUE.length;
      const value = json.boolean();
      this.value = value;
      this.valueHash = value ? 1 : 2;
    } else {
      return false;
    }
    const { pos } = json;
    if (bytes[pos] !== 0x7d /* } */ || bytes[pos + 1] !== 0x7d) {
      return false;
    }
    json.pos = pos + 2;
    return true;
  }

  /** Any KeyValue object, through the key tables: sets `key`, `keyHash`, `value` and `valueHash`. */
  private keyValue(): void {
    const { json, strings } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('KeyValue is null');
    }
    this.key = '';
    this.keyHash = 0;
    this.value = '';
    let valueHash = 0;
    for (let field; (field = json.nextKey(KEY_VALUE)) !== END_OF_OBJECT;) {
      if (field === 'key') {
        this.key = json.string();
        this.keyHash = strings.lastHash;
      } else if (field === 'value') {
        this.value = this.anyValue(0);
        valueHash = this.valueHash;
      } else {
        json.skipValue();
      }
    }
    this.valueHash = valueHash;
  }

  /** An AnyValue with at most one value field (or null: ''); sets `valueHash`. */
  private anyValue(depth: number): PlainValue {
    const { json, strings } = this;
    this.valueHash = 0;
    if (!json.objectOrNull()) {
      return '';
    }
    if (depth > MAX_VALUE_DEPTH) {
      throw new NotFastPath('value nests too deep');
    }
    let value: PlainValue = '';
    let key;
    while ((key = json.nextKey(ANY_VALUE)) !== END_OF_OBJECT) {
      switch (key) {
        case 'stringValue':
        case 'bytesValue':
          value = json.string();
          this.valueHash = strings.lastHash;
          break;
        case 'intValue':
        case 'doubleValue':
          value = this.number(key === 'intValue');
          this.valueHash = typeof value === 'number' ? numberHash(value) : strings.lastHash;
          break;
        case 'boolValue':
          value = json.boolean();
          this.valueHash = value ? 1 : 2;
          break;
        case 'arrayValue':
        case 'kvlistValue':
          value = this.valueList(key === 'kvlistValue', depth + 1);
          this.valueHash = NO_HASH;
          break;
        default:
          json.skipValue();
      }
    }
    return value;
  }

  /** An int64 (decimal text or a number) or a double (a number, or text for NaN and the infinities). */
  private number(isInt64: boolean): number | string {
    const { json } = this;
    if (isInt64 && json.peek() === 0x22 /* " */) {
      return this.int64Text();
    }
    const number = json.stringOrNumber();
    if (number === undefined) {
      throw new NotFastPath('number field of another type');
    }
    if (isInt64) {
      return int64Value(number);
    }
    const double = Number(number);
    if (Number.isNaN(double) && number !== 'NaN') {
      // Text that is no double: the value is of the wrong type, which the full decoder notes.
      throw new NotFastPath('double field of another type');
    }
    return double;
  }

  /** int64 as decimal text, as `int64Value` reads it: digits straight from the bytes when there are at most 15. */
  private int64Text(): number | string {
    const { json } = this;
    const start = json.rawString();
    const end = json.pos - 1;
    const { bytes } = json;
    const negative = bytes[start] === 0x2d;
    const first = negative ? start + 1 : start;
    if (end > first && end - first <= 15) {
      let number = 0;
      let i = first;
      for (; i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39; i++) {
        number = number * 10 + bytes[i] - 0x30;
      }
      if (i === end) {
        return negative ? -number : number;
      }
    }
    return int64Value(this.strings.read(bytes, start, end));
  }

  /** `{ values: [AnyValue] }`, or keyed, `{ values: [KeyValue] }`. */
  private valueList(keyed: boolean, depth: number): PlainValue {
    const { json } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('value list is null');
    }
    const items: PlainValue[] = [];
    // No prototype, so a key like "__proto__" is an ordinary key.
    const entries: { [key: string]: PlainValue } = Object.create(null);
    for (let key; (key = json.nextKey(VALUE_LIST)) !== END_OF_OBJECT;) {
      if (key !== 'values') {
        json.skipValue();
        continue;
      }
      if (!json.arrayOrNull()) {
        continue;
      }
      for (let i = 0; json.nextItem(i); i++) {
        if (keyed) {
          const entry = this.keyedEntry(depth);
          entries[entry.key] = entry.value;
        } else {
          items.push(this.anyValue(depth));
        }
      }
    }
    return keyed ? entries : items;
  }

  private keyedEntry(depth: number): { key: string; value: PlainValue } {
    const { json } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('KeyValue is null');
    }
    const entry = { key: '', value: '' as PlainValue };
    for (let key; (key = json.nextKey(KEY_VALUE)) !== END_OF_OBJECT;) {
      if (key === 'key') {
        entry.key = json.string();
      } else if (key === 'value') {
        entry.value = this.anyValue(depth);
      } else {
        json.skipValue();
      }
    }
    return entry;
  }
}

function numberHash(value: number): number {
  return Math.imul(value | 0, 0x2545f491) ^ 7;
}
