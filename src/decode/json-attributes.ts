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

export class JsonAttributeReader {
  private readonly tagCache = new TagCache<TraceKeyValuePair>();
  /** The tags of one list while it is read, copied into an array of their exact number at its end. */
  private readonly scratch: TraceKeyValuePair[] = [];
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
    const { json, strings } = this;
    if (!json.objectOrNull()) {
      throw new NotFastPath('KeyValue is null');
    }
    let key = '';
    let keyHash = 0;
    let value: PlainValue = '';
    let valueHash = 0;
    for (let field; (field = json.nextKey(KEY_VALUE)) !== END_OF_OBJECT;) {
      if (field === 'key') {
        key = json.string();
        keyHash = strings.lastHash;
      } else if (field === 'value') {
        value = this.anyValue(0);
        valueHash = this.valueHash;
      } else {
        json.skipValue();
      }
    }
    const scalar = tagValue(value);
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
