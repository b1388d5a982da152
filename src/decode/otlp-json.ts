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
  addLog,
  addReference,
  DecodedTrace,
  DecodeError,
  DecodeSteps,
  finishSteps,
  newSpanDraft,
  NO_TAGS,
  PlainValue,
  resetSpanDraft,
  SpanDraft,
  tagValue,
} from './columns';
import { SpanColumnsBuilder } from './columns-builder';
import { parentSpanIdFromText, spanIdFromText, TraceIdMemo } from './ids';
import {
  enumNumber,
  int64Value,
  MAX_VALUE_DEPTH,
  nanosBetweenToMillis,
  nanosToMillis,
  SPAN_KIND_NUMBERS,
  STATUS_CODE_NUMBERS,
  arrayField,
  asObject,
  describeJson,
  isJsonObject,
  type JsonObject,
  optionalArray,
  stringOr,
} from './json-values';

export function decodeOtlpJson(body: unknown): DecodedTrace {
  return finishSteps(decodeOtlpJsonSteps(body, Infinity));
}

/** The same decode, pausing (yielding) after every `chunkSpans` spans: see chunked.ts. */
export function* decodeOtlpJsonSteps(body: unknown, chunkSpans: number): DecodeSteps {
  if (!isJsonObject(body)) {
    throw new DecodeError(`expected the trace body to be a JSON object, got ${describeJson(body)}`);
  }
  let resourceSpansList: unknown[];
  let partialMessage: string | undefined;
  if (body.batches !== undefined) {
    resourceSpansList = arrayField(body, 'batches');
  } else if (body.trace !== undefined) {
    if (!isJsonObject(body.trace)) {
      throw new DecodeError(`expected \`trace\` to be an object, got ${describeJson(body.trace)}`);
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

  const reader = new JsonTraceReader(chunkSpans);
  for (const resourceSpans of resourceSpansList) {
    yield* reader.readResourceSpans(asObject(resourceSpans, 'ResourceSpans'));
  }
  const columns = reader.builder.finish();
  return partialMessage === undefined ? { spans: columns } : { spans: columns, partialMessage };
}

class JsonTraceReader {
  readonly builder = new SpanColumnsBuilder();
  private readonly draft: SpanDraft = newSpanDraft();
  private readonly traceIds = new TraceIdMemo();
  private spansSinceYield = 0;

  constructor(private readonly chunkSpans: number) {}

  *readResourceSpans(resourceSpans: JsonObject): Generator<void, void, void> {
    const { builder } = this;
    const firstSpan = builder.count;
    // Spec: when both are set (double publishing during the rename), scopeSpans wins.
    const scopeSpansList =
      resourceSpans.scopeSpans !== undefined && resourceSpans.scopeSpans !== null
        ? arrayField(resourceSpans, 'scopeSpans')
        : arrayField(resourceSpans, 'instrumentationLibrarySpans');
    for (const scopeSpans of scopeSpansList) {
      yield* this.readScopeSpans(asObject(scopeSpans, 'ScopeSpans'));
    }
    const resource = resourceSpans.resource;
    const attributes = isJsonObject(resource) ? readAttributes(resource.attributes) : [];
    builder.endResource(firstSpan, attributes);
  }

  private *readScopeSpans(scopeSpans: JsonObject): Generator<void, void, void> {
    const { builder, draft } = this;
    const firstSpan = builder.count;
    const spans = arrayField(scopeSpans, 'spans');
    for (let i = 0; i < spans.length; i++) {
      readSpan(draft, asObject(spans[i], 'Span'), this.traceIds);
      builder.push(draft);
      if (++this.spansSinceYield >= this.chunkSpans) {
        this.spansSinceYield = 0;
        yield;
      }
    }
    const scope = scopeSpans.scope ?? scopeSpans.instrumentationLibrary;
    if (isJsonObject(scope)) {
      builder.endScope(firstSpan, stringOr(scope.name, ''), stringOr(scope.version, ''));
    }
  }
}

function readSpan(draft: SpanDraft, span: JsonObject, traceIds: TraceIdMemo): void {
  resetSpanDraft(draft);
  draft.traceID = traceIds.fromText(stringOr(span.traceId, ''));
  draft.spanID = spanIdFromText(stringOr(span.spanId, ''));
  draft.parentSpanID = parentSpanIdFromText(stringOr(span.parentSpanId, ''));
  draft.name = stringOr(span.name, '');
  draft.traceState = stringOr(span.traceState, '');
  draft.kind = enumNumber(span.kind, SPAN_KIND_NUMBERS);
  const start = span.startTimeUnixNano;
  const end = span.endTimeUnixNano;
  draft.startTime = nanosToMillis(start);
  draft.duration = nanosBetweenToMillis(start, end);
  draft.tags = readAttributes(span.attributes);
  const status = span.status;
  if (isJsonObject(status)) {
    draft.statusCode = enumNumber(status.code, STATUS_CODE_NUMBERS);
    draft.statusMessage = stringOr(status.message, '');
  }
  const events = span.events;
  if (events !== undefined) {
    for (const event of optionalArray(events, 'events')) {
      addLog(draft, readEvent(asObject(event, 'Span.Event')));
    }
  }
  const links = span.links;
  if (links !== undefined) {
    for (const link of optionalArray(links, 'links')) {
      addReference(draft, readLink(asObject(link, 'Span.Link'), traceIds));
    }
  }
}

function readEvent(event: JsonObject): TraceLog {
  return {
    timestamp: nanosToMillis(event.timeUnixNano),
    name: stringOr(event.name, ''),
    fields: readAttributes(event.attributes),
  };
}

function readLink(link: JsonObject, traceIds: TraceIdMemo): TraceSpanReference {
  const reference: TraceSpanReference = {
    traceID: traceIds.fromText(stringOr(link.traceId, '')),
    spanID: spanIdFromText(stringOr(link.spanId, '')),
  };
  const tags = readAttributes(link.attributes);
  if (tags.length > 0) {
    reference.tags = tags;
  }
  return reference;
}

/** Tags in an array of exactly their number (a pushed-to array would keep room for more). */
function readAttributes(attributes: unknown): TraceKeyValuePair[] {
  const list = optionalArray(attributes, 'attributes');
  if (list.length === 0) {
    return NO_TAGS;
  }
  const pairs = new Array<TraceKeyValuePair>(list.length);
  for (let i = 0; i < list.length; i++) {
    const keyValue = asObject(list[i], 'KeyValue');
    pairs[i] = { key: stringOr(keyValue.key, ''), value: tagValue(plainValue(keyValue.value, 0)) };
  }
  return pairs;
}

/**
 * An OTLP/JSON AnyValue (`{ stringValue }`, `{ intValue: "42" }`, …) as a tag value, the way the
 * trace decoders read attributes: int64 exact (text past 2^53), arrays and key-value lists as
 * their JSON text; `undefined` when it is not an object. For the other answers that carry
 * attributes (search results, metrics series labels). Throws a DecodeError for values nested
 * deeper than MAX_VALUE_DEPTH.
 */
export function anyValueToTagValue(anyValue: unknown): string | number | boolean | undefined {
  return isJsonObject(anyValue) ? tagValue(plainValue(anyValue, 0)) : undefined;
}

/**
 * An OTLP/JSON AnyValue as a plain JS value; an empty AnyValue is ''. The value kinds are tried
 * in a fixed order, each read only if the ones before it are absent (most values are strings).
 */
function plainValue(anyValue: unknown, depth: number): PlainValue {
  if (!isJsonObject(anyValue)) {
    return '';
  }
  if (depth > MAX_VALUE_DEPTH) {
    throw new DecodeError(`attribute value nests deeper than ${MAX_VALUE_DEPTH} levels`);
  }
  const stringValue = anyValue.stringValue;
  if (typeof stringValue === 'string') {
    return stringValue;
  }
  const boolValue = anyValue.boolValue;
  if (typeof boolValue === 'boolean') {
    return boolValue;
  }
  const intValue = anyValue.intValue;
  if (typeof intValue === 'string' || typeof intValue === 'number') {
    return int64Value(intValue);
  }
  const doubleValue = anyValue.doubleValue;
  if (typeof doubleValue === 'number') {
    return doubleValue;
  }
  if (typeof doubleValue === 'string') {
    // proto3 JSON writes NaN and the infinities as strings.
    return Number(doubleValue);
  }
  return compositeValue(anyValue, depth);
}

function compositeValue(anyValue: JsonObject, depth: number): PlainValue {
  const { arrayValue, kvlistValue, bytesValue } = anyValue;
  if (isJsonObject(arrayValue)) {
    return optionalArray(arrayValue.values, 'arrayValue.values').map((item) => plainValue(item, depth + 1));
  }
  if (isJsonObject(kvlistValue)) {
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
