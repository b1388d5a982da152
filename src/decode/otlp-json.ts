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
  const trace: DecodedTrace = partialMessage === undefined ? { spans: columns } : { spans: columns, partialMessage };
  const skippedValues = reader.builder.skippedValues();
  if (skippedValues) {
    trace.skippedValues = skippedValues;
  }
  return trace;
}

/** A value left out of a trace's attributes: noted on its span, by key. */
type Skip = (key: string) => void;

class JsonTraceReader {
  readonly builder = new SpanColumnsBuilder();
  private readonly draft: SpanDraft = newSpanDraft();
  private readonly traceIds = new TraceIdMemo();
  private spansSinceYield = 0;
  /** Notes a value left out of the span being read (not pushed yet: its row is the count). */
  private readonly skip: Skip = (key) => this.builder.noteSkipped(this.builder.count, key);

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
    const skip: Skip = (key) => builder.count > firstSpan && builder.noteSkipped(firstSpan, key);
    const attributes = isJsonObject(resource) ? readAttributes(resource.attributes, skip) : [];
    builder.endResource(firstSpan, attributes);
  }

  private *readScopeSpans(scopeSpans: JsonObject): Generator<void, void, void> {
    const { builder, draft } = this;
    const firstSpan = builder.count;
    const spans = arrayField(scopeSpans, 'spans');
    for (let i = 0; i < spans.length; i++) {
      readSpan(draft, asObject(spans[i], 'Span'), this.traceIds, this.skip);
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

function readSpan(draft: SpanDraft, span: JsonObject, traceIds: TraceIdMemo, skip: Skip): void {
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
  draft.tags = readAttributes(span.attributes, skip);
  const status = span.status;
  if (isJsonObject(status)) {
    draft.statusCode = enumNumber(status.code, STATUS_CODE_NUMBERS);
    draft.statusMessage = stringOr(status.message, '');
  }
  const events = span.events;
  if (events !== undefined) {
    for (const event of optionalArray(events, 'events')) {
      addLog(draft, readEvent(asObject(event, 'Span.Event'), skip));
    }
  }
  const links = span.links;
  if (links !== undefined) {
    for (const link of optionalArray(links, 'links')) {
      addReference(draft, readLink(asObject(link, 'Span.Link'), traceIds, skip));
    }
  }
}

function readEvent(event: JsonObject, skip: Skip): TraceLog {
  return {
    timestamp: nanosToMillis(event.timeUnixNano),
    name: stringOr(event.name, ''),
    fields: readAttributes(event.attributes, skip),
  };
}

function readLink(link: JsonObject, traceIds: TraceIdMemo, skip: Skip): TraceSpanReference {
  const reference: TraceSpanReference = {
    traceID: traceIds.fromText(stringOr(link.traceId, '')),
    spanID: spanIdFromText(stringOr(link.spanId, '')),
  };
  const tags = readAttributes(link.attributes, skip);
  if (tags.length > 0) {
    reference.tags = tags;
  }
  return reference;
}

/**
 * Tags in an array of exactly their number (a pushed-to array would keep room for more). A value
 * of the wrong type (`{ "stringValue": {…} }`) is left out and noted with `skip`.
 */
function readAttributes(attributes: unknown, skip: Skip): TraceKeyValuePair[] {
  const list = optionalArray(attributes, 'attributes');
  if (list.length === 0) {
    return NO_TAGS;
  }
  let pairs = new Array<TraceKeyValuePair>(list.length);
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const keyValue = asObject(list[i], 'KeyValue');
    const key = stringOr(keyValue.key, '');
    let value: string | number | boolean;
    try {
      value = tagValue(plainValue(keyValue.value, 0));
    } catch (error) {
      if (error !== WRONG_TYPE) {
        throw error;
      }
      skip(key);
      continue;
    }
    pairs[kept++] = { key, value };
  }
  if (kept < list.length) {
    pairs = pairs.slice(0, kept);
  }
  return kept === 0 ? NO_TAGS : pairs;
}

/** Thrown (and caught by readAttributes) for an AnyValue whose value is of the wrong type. */
class WrongType {}
const WRONG_TYPE = new WrongType();

/** The value kinds of an AnyValue; one of them present with a value of the wrong type is WRONG_TYPE. */
const VALUE_KINDS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'];

/**
 * An OTLP/JSON AnyValue as a plain JS value; an empty AnyValue is ''. The value kinds are tried
 * in a fixed order, each read only if the ones before it are absent (most values are strings).
 */
function plainValue(anyValue: unknown, depth: number): PlainValue {
  if (!isJsonObject(anyValue)) {
    if (anyValue === undefined || anyValue === null) {
      return '';
    }
    throw WRONG_TYPE;
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
    // proto3 JSON writes NaN and the infinities (and may write any double) as strings; other text is of the wrong type.
    return doubleText(doubleValue);
  }
  return compositeValue(anyValue, depth);
}

/** A double written as text: a number, `NaN` or `±Infinity`; any other text is a value of the wrong type. */
function doubleText(text: string): number {
  const value = Number(text);
  if (Number.isNaN(value) && text !== 'NaN') {
    throw WRONG_TYPE;
  }
  return value;
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
  // An empty AnyValue is ''; a kind that is there with a value of another type is not a value.
  if (VALUE_KINDS.some((kind) => anyValue[kind] !== undefined && anyValue[kind] !== null)) {
    throw WRONG_TYPE;
  }
  return '';
}
