/**
 * Reads a trace from parsed JSON in every shape Tempo and OTLP produce:
 * - Tempo v1 `/api/traces/{id}`: `{ batches: [ResourceSpans] }`
 * - Tempo v2 `/api/v2/traces/{id}`: `{ trace: { resourceSpans }, status?, message? }`;
 *   a missing trace is `{"trace":{},"metrics":{}}`, which is zero spans
 * - spec OTLP/JSON (TracesData): `{ resourceSpans: [...] }`
 * Tempo writes IDs in base64 and enums by name; spec OTLP/JSON uses hex and numbers.
 */
import type { TraceKeyValuePair, TraceLog, TraceSpanReference } from '@grafana/data';

import {
  DecodedTrace,
  DecodeError,
  emptyColumns,
  fillResource,
  fillScope,
  newSpanDraft,
  PlainValue,
  pushSpan,
  resetSpanDraft,
  SpanColumns,
  SpanDraft,
  tagValue,
} from './columns';
import { parentSpanIdFromText, spanIdFromText, traceIdFromText } from './ids';

type JsonObject = Record<string, unknown>;

const SPAN_KIND_NUMBERS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

const STATUS_CODE_NUMBERS: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** Deeper nesting of arrays and key-value lists in one attribute is treated as malformed. */
const MAX_VALUE_DEPTH = 64;

export function decodeOtlpJson(body: unknown): DecodedTrace {
  if (!isObject(body)) {
    throw new DecodeError(`expected the trace body to be a JSON object, got ${describe(body)}`);
  }
  let resourceSpansList: unknown[];
  let partialMessage: string | undefined;
  if (body.batches !== undefined) {
    resourceSpansList = arrayField(body, 'batches');
  } else if (body.trace !== undefined) {
    if (!isObject(body.trace)) {
      throw new DecodeError(`expected \`trace\` to be an object, got ${describe(body.trace)}`);
    }
    resourceSpansList = arrayField(body.trace, 'resourceSpans');
    if (body.status === 'PARTIAL' || body.status === 1) {
      partialMessage = typeof body.message === 'string' ? body.message : '';
    }
  } else if (body.resourceSpans !== undefined) {
    resourceSpansList = arrayField(body, 'resourceSpans');
  } else if (Object.keys(body).length === 0) {
    resourceSpansList = [];
  } else {
    const keys = Object.keys(body).slice(0, 5).join(', ');
    throw new DecodeError(`expected \`batches\`, \`trace\` or \`resourceSpans\` in the trace body, found: ${keys}`);
  }

  const columns = emptyColumns();
  const draft = newSpanDraft();
  for (const resourceSpans of resourceSpansList) {
    readResourceSpans(columns, draft, asObject(resourceSpans, 'ResourceSpans'));
  }
  return partialMessage === undefined ? { spans: columns } : { spans: columns, partialMessage };
}

function readResourceSpans(columns: SpanColumns, draft: SpanDraft, resourceSpans: JsonObject): void {
  const firstSpan = columns.spanID.length;
  // Spec: when both are set (double publishing during the rename), scopeSpans wins.
  const scopeSpansList =
    resourceSpans.scopeSpans !== undefined && resourceSpans.scopeSpans !== null
      ? arrayField(resourceSpans, 'scopeSpans')
      : arrayField(resourceSpans, 'instrumentationLibrarySpans');
  for (const scopeSpans of scopeSpansList) {
    readScopeSpans(columns, draft, asObject(scopeSpans, 'ScopeSpans'));
  }
  const resource = resourceSpans.resource;
  const attributes = isObject(resource) ? readAttributes(resource.attributes) : [];
  fillResource(columns, firstSpan, attributes);
}

function readScopeSpans(columns: SpanColumns, draft: SpanDraft, scopeSpans: JsonObject): void {
  const firstSpan = columns.spanID.length;
  for (const span of arrayField(scopeSpans, 'spans')) {
    readSpan(draft, asObject(span, 'Span'));
    pushSpan(columns, draft);
  }
  const scope = scopeSpans.scope ?? scopeSpans.instrumentationLibrary;
  if (isObject(scope)) {
    fillScope(columns, firstSpan, stringOr(scope.name, ''), stringOr(scope.version, ''));
  }
}

function readSpan(draft: SpanDraft, span: JsonObject): void {
  resetSpanDraft(draft);
  draft.traceID = traceIdFromText(stringOr(span.traceId, ''));
  draft.spanID = spanIdFromText(stringOr(span.spanId, ''));
  draft.parentSpanID = parentSpanIdFromText(stringOr(span.parentSpanId, ''));
  draft.name = stringOr(span.name, '');
  draft.traceState = stringOr(span.traceState, '');
  draft.kind = enumNumber(span.kind, SPAN_KIND_NUMBERS);
  draft.startTime = nanosToMillis(span.startTimeUnixNano);
  draft.duration = nanosBetweenToMillis(span.startTimeUnixNano, span.endTimeUnixNano);
  draft.tags = readAttributes(span.attributes);
  if (isObject(span.status)) {
    draft.statusCode = enumNumber(span.status.code, STATUS_CODE_NUMBERS);
    draft.statusMessage = stringOr(span.status.message, '');
  }
  for (const event of optionalArray(span.events, 'events')) {
    draft.logs.push(readEvent(asObject(event, 'Span.Event')));
  }
  for (const link of optionalArray(span.links, 'links')) {
    draft.references.push(readLink(asObject(link, 'Span.Link')));
  }
}

function readEvent(event: JsonObject): TraceLog {
  return {
    timestamp: nanosToMillis(event.timeUnixNano),
    name: stringOr(event.name, ''),
    fields: readAttributes(event.attributes),
  };
}

function readLink(link: JsonObject): TraceSpanReference {
  const reference: TraceSpanReference = {
    traceID: traceIdFromText(stringOr(link.traceId, '')),
    spanID: spanIdFromText(stringOr(link.spanId, '')),
  };
  const tags = readAttributes(link.attributes);
  if (tags.length > 0) {
    reference.tags = tags;
  }
  return reference;
}

function readAttributes(attributes: unknown): TraceKeyValuePair[] {
  const pairs: TraceKeyValuePair[] = [];
  for (const attribute of optionalArray(attributes, 'attributes')) {
    const keyValue = asObject(attribute, 'KeyValue');
    pairs.push({ key: stringOr(keyValue.key, ''), value: tagValue(plainValue(keyValue.value, 0)) });
  }
  return pairs;
}

/** An OTLP/JSON AnyValue as a plain JS value; an empty AnyValue is ''. */
function plainValue(anyValue: unknown, depth: number): PlainValue {
  if (!isObject(anyValue)) {
    return '';
  }
  if (depth > MAX_VALUE_DEPTH) {
    throw new DecodeError(`attribute value nests deeper than ${MAX_VALUE_DEPTH} levels`);
  }
  const { stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue } = anyValue;
  if (typeof stringValue === 'string') {
    return stringValue;
  }
  if (typeof boolValue === 'boolean') {
    return boolValue;
  }
  if (typeof intValue === 'string' || typeof intValue === 'number') {
    return int64Value(intValue);
  }
  if (typeof doubleValue === 'number') {
    return doubleValue;
  }
  if (typeof doubleValue === 'string') {
    // proto3 JSON writes NaN and the infinities as strings.
    return Number(doubleValue);
  }
  if (isObject(arrayValue)) {
    return optionalArray(arrayValue.values, 'arrayValue.values').map((item) => plainValue(item, depth + 1));
  }
  if (isObject(kvlistValue)) {
    // No prototype, so a key like "__proto__" is an ordinary key.
    const entries: { [key: string]: PlainValue } = Object.create(null);
    for (const entry of optionalArray(kvlistValue.values, 'kvlistValue.values')) {
      const keyValue = asObject(entry, 'KeyValue');
      entries[stringOr(keyValue.key, '')] = plainValue(keyValue.value, depth + 1);
    }
    return entries;
  }
  if (typeof bytesValue === 'string') {
    return bytesValue;
  }
  return '';
}

/** int64 arrives as a decimal string (proto3 JSON) or a number; past 2^53 it stays a string. */
function int64Value(value: string | number): number | string {
  if (typeof value === 'number') {
    return value;
  }
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

const DIGITS = /^\d+$/;

/**
 * Epoch nanoseconds (decimal string or number) to milliseconds. The string is split into
 * whole milliseconds and leftover nanoseconds so that both parts stay exact doubles.
 */
function nanosToMillis(nanos: unknown): number {
  if (typeof nanos === 'string' && nanos.length > 6 && DIGITS.test(nanos)) {
    return Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / 1e6;
  }
  return toNumber(nanos) / 1e6;
}

/** End minus start in milliseconds, from the exact nanosecond difference where the text allows. */
function nanosBetweenToMillis(start: unknown, end: unknown): number {
  if (
    typeof start === 'string' &&
    typeof end === 'string' &&
    start.length > 6 &&
    end.length > 6 &&
    DIGITS.test(start) &&
    DIGITS.test(end)
  ) {
    const wholeMillis = Number(end.slice(0, -6)) - Number(start.slice(0, -6));
    const nanos = Number(end.slice(-6)) - Number(start.slice(-6));
    return (wholeMillis * 1e6 + nanos) / 1e6;
  }
  return (toNumber(end) - toNumber(start)) / 1e6;
}

function toNumber(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : 0;
  return Number.isFinite(number) ? number : 0;
}

function enumNumber(value: unknown, numbersByName: Record<string, number>): number {
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' ? (numbersByName[value] ?? 0) : 0;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) {
    throw new DecodeError(`expected each ${what} to be an object, got ${describe(value)}`);
  }
  return value;
}

/** `object[key]` as an array; absent or null is empty (Go writes nil slices as null). */
function arrayField(object: JsonObject, key: string): unknown[] {
  return optionalArray(object[key], key);
}

function optionalArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (value === undefined || value === null) {
    return [];
  }
  throw new DecodeError(`expected \`${what}\` to be an array, got ${describe(value)}`);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
