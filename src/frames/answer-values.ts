/**
 * Values of Tempo's search and metrics answers read strictly: a value of the wrong type is never
 * turned into text or a number by `String()`/`Number()` (which make `"[object Object]"`, `"null"`,
 * `NaN`, and recurse through nested arrays); it is left out, and counted for one notice per frame.
 */
import type { QueryResultMetaNotice } from '@grafana/data';

import { tagValue, type PlainValue } from '../decode/columns';
import { int64Value, isJsonObject, MAX_VALUE_DEPTH } from '../decode/json-values';

export type AttributeValue = string | number | boolean;

/** Nanoseconds since the epoch are digits (proto3 JSON writes uint64 as text), or a JSON number. */
const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
/** int64 as text: past 2^53 it stays text (int64Value). */
const INTEGER = /^-?\d+$/;

/**
 * A number as proto3 JSON writes one (a JSON number, or its decimal text), finite; undefined
 * for anything else (`NaN` from garbage, `1e400` read as Infinity, an object or array).
 */
export function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const digits = digitsValue(value);
    if (digits === digits) {
      return digits;
    }
  }
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** 2^53 / 1953125 (1e9 is 1953125 · 2^9): a whole number below it times 1e9 is exact in a double. */
const MAX_EXACT_BILLIONS = 2 ** 53 / 1953125;

/**
 * The value of 1 to 20 decimal digits, the very double `Number()` gives; NaN for any other text.
 * `Number()` of the 19 digits of a nanosecond timestamp (every start time in a search answer) takes
 * V8's slow path, and the regular expression before it costs as much again: this one loop is about
 * half of the two. The digits before the last nine and the last nine are each read exactly, and so
 * is the first part times 1e9 while below MAX_EXACT_BILLIONS: the one addition left rounds once, to
 * the double nearest the decimal, which is what `Number()` returns (ECMAScript rounds correctly up
 * to 20 significant digits). Beyond MAX_EXACT_BILLIONS `Number()` reads the digits.
 */
function digitsValue(text: string): number {
  const length = text.length;
  if (length === 0 || length > 20) {
    return NaN;
  }
  const split = length > 9 ? length - 9 : 0;
  let high = 0;
  let low = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return NaN;
    }
    if (i < split) {
      high = high * 10 + digit;
    } else {
      low = low * 10 + digit;
    }
  }
  return high < MAX_EXACT_BILLIONS ? high * 1e9 + low : Number(text);
}

/** Nanoseconds (text or number) as milliseconds; undefined when they are not a finite number. */
export function nanosToMs(nanos: unknown): number | undefined {
  const number = finiteNumber(nanos);
  return number === undefined ? undefined : number / 1e6;
}

/**
 * An OTLP/JSON AnyValue as a cell, read as the trace decoders read attributes (int64 exact,
 * arrays and key-value lists as their JSON text, an empty AnyValue as ''); undefined when it is
 * not of OTLP's shape (`{ "stringValue": 42 }`, an array, a list with such an element) or nests
 * deeper than MAX_VALUE_DEPTH.
 */
export function attributeCell(anyValue: unknown): AttributeValue | undefined {
  const plain = strictValue(anyValue, 0);
  return plain === undefined ? undefined : tagValue(plain);
}

function strictValue(anyValue: unknown, depth: number): PlainValue | undefined {
  if (!isJsonObject(anyValue) || depth > MAX_VALUE_DEPTH) {
    return undefined;
  }
  // Each kind read only once the ones before it are absent: most values are strings.
  const stringValue = anyValue.stringValue;
  if (stringValue != null) {
    return typeof stringValue === 'string' ? stringValue : undefined;
  }
  const boolValue = anyValue.boolValue;
  if (boolValue != null) {
    return typeof boolValue === 'boolean' ? boolValue : undefined;
  }
  const intValue = anyValue.intValue;
  if (intValue != null) {
    const whole =
      typeof intValue === 'number'
        ? Number.isSafeInteger(intValue)
        : typeof intValue === 'string' && INTEGER.test(intValue);
    return whole ? int64Value(intValue as string | number) : undefined;
  }
  const doubleValue = anyValue.doubleValue;
  if (doubleValue != null) {
    // proto3 JSON writes NaN and the infinities as text.
    return typeof doubleValue === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(doubleValue as string)
      ? Number(doubleValue)
      : finiteNumber(doubleValue);
  }
  const arrayValue = anyValue.arrayValue;
  if (arrayValue != null) {
    return listOf(arrayValue, (item) => strictValue(item, depth + 1));
  }
  const kvlistValue = anyValue.kvlistValue;
  if (kvlistValue != null) {
    const entries: { [key: string]: PlainValue } = Object.create(null);
    const read = listOf(kvlistValue, (entry) => {
      const value =
        isJsonObject(entry) && typeof entry.key === 'string' ? strictValue(entry.value, depth + 1) : undefined;
      if (value !== undefined) {
        entries[(entry as { key: string }).key] = value;
      }
      return value;
    });
    return read === undefined ? undefined : entries;
  }
  const bytesValue = anyValue.bytesValue;
  if (bytesValue != null) {
    return typeof bytesValue === 'string' ? bytesValue : undefined;
  }
  // An empty AnyValue (proto3 JSON may write its unset kinds as null) is ''.
  return Object.values(anyValue).every((value) => value === null) ? '' : undefined;
}

/** `{ values: [...] }` read item by item; undefined when it is not that or an item is not a value. */
function listOf(list: unknown, read: (item: unknown) => PlainValue | undefined): PlainValue[] | undefined {
  if (!isJsonObject(list)) {
    return undefined;
  }
  const values = list.values ?? [];
  if (!Array.isArray(values)) {
    return undefined;
  }
  const plain: PlainValue[] = [];
  for (const item of values) {
    const value = read(item);
    if (value === undefined) {
      return undefined;
    }
    plain.push(value);
  }
  return plain;
}

/** 2200-01-01: no trace was recorded later (nor before 1970). */
export const LATEST_TIME_MS = Date.UTC(2200, 0, 1);

/** A start time in epoch milliseconds within 1970–2200 (what `SkippedValues.startTime` keeps). */
export function isStartTime(ms: number | undefined): ms is number {
  return ms !== undefined && ms > 0 && ms < LATEST_TIME_MS;
}

/** Values left out of one frame, by what they were: one notice each, naming the first. */
export class SkippedValues {
  private readonly counts = new Map<string, { count: number; first: string }>();

  /** `what`: e.g. `attribute value`; `where`: the field, e.g. `traces[2].startTimeUnixNano`. */
  add(what: string, where: string): void {
    const entry = this.counts.get(what);
    if (entry) {
      entry.count++;
    } else {
      this.counts.set(what, { count: 1, first: where });
    }
  }

  /** Notes a value left out; its cell stays empty (null). */
  skip(what: string, where: string): null {
    this.add(what, where);
    return null;
  }

  /** Epoch milliseconds of a start time; missing, unreadable or outside 1970–2200, null and noted. */
  startTime(ms: number | undefined, where: string): number | null {
    return isStartTime(ms) ? ms : this.skip('start time', where);
  }

  notices(): QueryResultMetaNotice[] {
    return Array.from(this.counts, ([what, { count, first }]) => ({
      severity: 'warning' as const,
      text: skippedNotice(count, what, first),
    }));
  }
}

function skippedNotice(count: number, what: string, first: string): string {
  const subject = count === 1 ? `1 ${what}` : `${count.toLocaleString('en-US')} ${what}s`;
  return `${subject} of the wrong type or out of range left out (the first at ${first}): the answer is not as Tempo writes it.`;
}
