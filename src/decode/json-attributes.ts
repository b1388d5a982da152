/**
 * OTLP/JSON attributes (KeyValue lists) read from the bytes as tags, as `decodeOtlpJson` reads
 * them from parsed JSON. A tag whose key and value recur (most do: `http.method` = `GET`) is
 * one object shared by all the spans that have it.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import { TagCache, Utf8Strings } from './byte-caches';
import { NO_TAGS, PlainValue, tagValue } from './columns';
import { NotFastPath } from './json-grammar';
import { END_OF_OBJECT, JsonKeys, onlyOnce } from './json-keys';
import { JsonScanner } from './json-scanner';
import { int64Value, MAX_VALUE_DEPTH } from './json-values';

/** The keys read here, numbered by their place in KEYS (a const enum: each `case` is a literal). */
const enum Key {
  key, value, stringValue, bytesValue, intValue, doubleValue, boolValue, arrayValue, kvlistValue, values,
} // prettier-ignore
const KEYS = new JsonKeys([
  'key', 'value', 'stringValue', 'bytesValue', 'intValue', 'doubleValue', 'boolValue', 'arrayValue', 'kvlistValue', 'values',
]); // prettier-ignore

/** Hash of a tag value that is not to be cached (long or non-ASCII text, lists). */
const UNCACHED = -1;

export class JsonAttributeReader {
  private readonly tagCache = new TagCache<TraceKeyValuePair>();
  /** The tags of one list while it is read, copied into an array of their exact number at its end. */
  private readonly scratch: TraceKeyValuePair[] = [];
  /** Hash of the AnyValue read last by `anyValue`, or UNCACHED. */
  private valueHash = UNCACHED;

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
    let seen = 0;
    for (let k = 0, field; (field = json.nextKey(k, KEYS)) !== END_OF_OBJECT; k++) {
      if (field === Key.key) {
        seen = onlyOnce(seen, 1);
        key = json.string();
        keyHash = strings.lastSlot;
      } else if (field === Key.value) {
        seen = onlyOnce(seen, 2);
        value = this.anyValue(0);
        valueHash = this.valueHash;
      } else {
        json.skipValue();
      }
    }
    const scalar = tagValue(value);
    if (keyHash < 0 || valueHash === UNCACHED) {
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
    let seen = 0;
    for (let k = 0, key; (key = json.nextKey(k, KEYS)) !== END_OF_OBJECT; k++) {
      if (key === Key.stringValue || key === Key.bytesValue) {
        seen = onlyOnce(seen, 1);
        value = json.string();
        this.valueHash = strings.lastSlot;
      } else if (key === Key.intValue && json.peek() === 0x22 /* " */) {
        seen = onlyOnce(seen, 1);
        value = this.int64Text();
        this.valueHash = typeof value === 'number' ? numberHash(value) : strings.lastSlot;
      } else if (key === Key.intValue || key === Key.doubleValue) {
        seen = onlyOnce(seen, 1);
        const number = json.stringOrNumber();
        if (number === undefined) {
          throw new NotFastPath('number field of another type');
        }
        value = key === Key.intValue ? int64Value(number) : Number(number);
        this.valueHash = typeof value === 'number' ? numberHash(value) : strings.lastSlot;
      } else if (key === Key.boolValue) {
        seen = onlyOnce(seen, 1);
        value = json.boolean();
        this.valueHash = value ? 1 : 2;
      } else if (key === Key.arrayValue || key === Key.kvlistValue) {
        seen = onlyOnce(seen, 1);
        value = this.valueList(key === Key.kvlistValue, depth + 1);
        this.valueHash = UNCACHED;
      } else {
        json.skipValue();
      }
    }
    return value;
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
    let seen = 0;
    for (let k = 0, key; (key = json.nextKey(k, KEYS)) !== END_OF_OBJECT; k++) {
      if (key !== Key.values) {
        json.skipValue();
        continue;
      }
      seen = onlyOnce(seen, 1);
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
    let seen = 0;
    for (let k = 0, key; (key = json.nextKey(k, KEYS)) !== END_OF_OBJECT; k++) {
      if (key === Key.key) {
        seen = onlyOnce(seen, 1);
        entry.key = json.string();
      } else if (key === Key.value) {
        seen = onlyOnce(seen, 2);
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
