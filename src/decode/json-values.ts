/**
 * OTLP/JSON scalar conventions shared by both JSON decoders (parsed objects and raw bytes), so
 * that they read every value the same way: enum names, int64 as text, nanoseconds as text.
 */
import { DecodeError } from './columns';

export const SPAN_KIND_NUMBERS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

export const STATUS_CODE_NUMBERS: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** Deeper nesting of arrays and key-value lists in one attribute is treated as malformed. */
export const MAX_VALUE_DEPTH = 64;

/** int64 arrives as a decimal string (proto3 JSON) or a number; past 2^53 it stays a string. */
export function int64Value(value: string | number): number | string {
  if (typeof value === 'number') {
    return value;
  }
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/** Whole milliseconds of at most 15 digits stay exact integers while accumulated digit by digit. */
const MAX_NANOS_DIGITS = 21;

/**
 * Decimal nanoseconds split into `out`: whole milliseconds and the nanoseconds below them, both
 * exact integers (as `Number` of each part of the text would give). False unless `text` is 7 to
 * 21 decimal digits.
 */
function splitNanos(text: string, out: SplitNanos): boolean {
  const length = text.length;
  if (length <= 6 || length > MAX_NANOS_DIGITS) {
    return false;
  }
  let whole = 0;
  let below = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return false;
    }
    if (i < length - 6) {
      whole = whole * 10 + digit;
    } else {
      below = below * 10 + digit;
    }
  }
  out.wholeMillis = whole;
  out.nanosBelowMilli = below;
  return true;
}

/** A nanosecond time split into whole milliseconds and the nanoseconds below them (see `splitNanosBytes`). */
export interface SplitNanos {
  wholeMillis: number;
  nanosBelowMilli: number;
}

/**
 * `splitNanos` on the UTF-8 bytes of the text (between its quotes), into `out`. Gives what
 * `nanosToMillis` and `nanosBetweenToMillis` compute from the same text.
 */
export function splitNanosBytes(bytes: Uint8Array, start: number, end: number, out: SplitNanos): boolean {
  const length = end - start;
  if (length <= 6 || length > MAX_NANOS_DIGITS) {
    return false;
  }
  let whole = 0;
  let below = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i] - 48;
    if (digit < 0 || digit > 9) {
      return false;
    }
    if (i < end - 6) {
      whole = whole * 10 + digit;
    } else {
      below = below * 10 + digit;
    }
  }
  out.wholeMillis = whole;
  out.nanosBelowMilli = below;
  return true;
}

/** Milliseconds from split nanoseconds, as `nanosToMillis` computes them from the text. */
export function splitToMillis(time: SplitNanos): number {
  return time.wholeMillis + time.nanosBelowMilli / 1e6;
}

/** End minus start in milliseconds, as `nanosBetweenToMillis` computes it from the texts. */
export function splitDifferenceToMillis(start: SplitNanos, end: SplitNanos): number {
  return ((end.wholeMillis - start.wholeMillis) * 1e6 + (end.nanosBelowMilli - start.nanosBelowMilli)) / 1e6;
}

/**
 * Epoch nanoseconds (decimal string or number) to milliseconds. The string is split into
 * whole milliseconds and leftover nanoseconds so that both parts stay exact doubles.
 */
export function nanosToMillis(nanos: unknown): number {
  if (typeof nanos === 'string') {
    const time: SplitNanos = { wholeMillis: 0, nanosBelowMilli: 0 };
    if (splitNanos(nanos, time)) {
      return splitToMillis(time);
    }
    if (nanos.length > MAX_NANOS_DIGITS && DIGITS.test(nanos)) {
      return Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / 1e6;
    }
  }
  return toNumber(nanos) / 1e6;
}

const DIGITS = /^\d+$/;

/** End minus start in milliseconds, from the exact nanosecond difference where the text allows. */
export function nanosBetweenToMillis(start: unknown, end: unknown): number {
  if (typeof start === 'string' && typeof end === 'string') {
    const startTime: SplitNanos = { wholeMillis: 0, nanosBelowMilli: 0 };
    const endTime: SplitNanos = { wholeMillis: 0, nanosBelowMilli: 0 };
    if (splitNanos(start, startTime) && splitNanos(end, endTime)) {
      return splitDifferenceToMillis(startTime, endTime);
    }
    if (start.length > 6 && end.length > 6 && DIGITS.test(start) && DIGITS.test(end)) {
      const whole = Number(end.slice(0, -6)) - Number(start.slice(0, -6));
      const nanos = Number(end.slice(-6)) - Number(start.slice(-6));
      return (whole * 1e6 + nanos) / 1e6;
    }
  }
  return (toNumber(end) - toNumber(start)) / 1e6;
}

function toNumber(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : 0;
  return Number.isFinite(number) ? number : 0;
}

export function enumNumber(value: unknown, numbersByName: Record<string, number>): number {
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' ? (numbersByName[value] ?? 0) : 0;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of an unexpected JSON value, for error messages. */
export function describeJson(value: unknown): string {
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

export function asObject(value: unknown, what: string): JsonObject {
  if (!isJsonObject(value)) {
    throw new DecodeError(`expected each ${what} to be an object, got ${describeJson(value)}`);
  }
  return value;
}

/** `object[key]` as an array; absent or null is empty (Go writes nil slices as null). */
export function arrayField(object: JsonObject, key: string): unknown[] {
  return optionalArray(object[key], key);
}

export function optionalArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (value === undefined || value === null) {
    return [];
  }
  throw new DecodeError(`expected \`${what}\` to be an array, got ${describeJson(value)}`);
}

/**
 * A dependency link's call count (a JSON number; text tolerated): 0 when absent or of another
 * type, never `Number()` of an object (NaN, and a stack overflow for deeply nested arrays).
 */
export function callCountOf(value: unknown): number {
  const count = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
  return Number.isFinite(count) && count >= 0 ? count : 0;
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
