/**
 * OTLP/JSON (and Tempo's JSON, the same messages) as the byte reader reads it: for each message,
 * the keys it reads. Everything else about a key is derived from here: the name a `switch`
 * matches (its type checks every `case`), and the check that no key comes twice in one object
 * (nor two keys listed together, which are alternatives): a body that breaks it is left to
 * `JSON.parse` and `decodeOtlpJson`, which then decide.
 */
import { JsonKeys } from './json-keys';

/** Tempo v1 `{ batches }`, v2 `{ trace, status, message }`, spec `{ resourceSpans }`. */
export const BODY = new JsonKeys('body', [['batches', 'resourceSpans', 'trace'], 'status', 'message']);
export const TRACE = new JsonKeys('trace', ['resourceSpans']);
export const RESOURCE_SPANS = new JsonKeys('ResourceSpans', [
  ['scopeSpans', 'instrumentationLibrarySpans'],
  'resource',
]);
export const RESOURCE = new JsonKeys('Resource', ['attributes']);
export const SCOPE_SPANS = new JsonKeys('ScopeSpans', ['spans', ['scope', 'instrumentationLibrary']]);
export const SCOPE = new JsonKeys('InstrumentationScope', ['name', 'version']);

export const SPAN = new JsonKeys('Span', [
  'traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'attributes',
  'status', 'events', 'links', 'traceState',
]); // prettier-ignore
export const STATUS = new JsonKeys('Status', ['code', 'message']);
export const EVENT = new JsonKeys('Span.Event', ['timeUnixNano', 'name', 'attributes']);
export const LINK = new JsonKeys('Span.Link', ['traceId', 'spanId', 'attributes']);

export const KEY_VALUE = new JsonKeys('KeyValue', ['key', 'value']);
/** An AnyValue holds one value. */
export const ANY_VALUE = new JsonKeys('AnyValue', [
  ['stringValue', 'bytesValue', 'intValue', 'doubleValue', 'boolValue', 'arrayValue', 'kvlistValue'],
]);
/** ArrayValue and KeyValueList. */
export const VALUE_LIST = new JsonKeys('ArrayValue/KeyValueList', ['values']);
