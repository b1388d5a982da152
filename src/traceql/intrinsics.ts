/**
 * TraceQL intrinsics, reviewed against Tempo's "Construct a TraceQL query" docs (intrinsic
 * fields table) and pinned by tests to parse with @grafana/lezer-traceql 1.0.0.
 * Left out on purpose: `span:childCount` (vParquet5 only, and lezer 1.0.0 rejects it),
 * `nestedSetLeft/Right/Parent` (internal), `parent` (a scope prefix, not a field).
 */

export type IntrinsicType = 'string' | 'duration' | 'status' | 'kind';

export interface Intrinsic {
  name: string;
  type: IntrinsicType;
  description: string;
}

export const INTRINSICS: readonly Intrinsic[] = [
  { name: 'name', type: 'string', description: 'Span name (the operation)' },
  { name: 'status', type: 'status', description: 'Span status: error, ok or unset' },
  { name: 'statusMessage', type: 'string', description: 'Optional text accompanying the span status' },
  { name: 'kind', type: 'kind', description: 'Span kind: server, client, producer, consumer, internal, unspecified' },
  { name: 'duration', type: 'duration', description: 'Span duration, end minus start (same as span:duration)' },
  { name: 'rootName', type: 'string', description: 'Name of the trace root span (same as trace:rootName)' },
  {
    name: 'rootServiceName',
    type: 'string',
    description: 'Service of the trace root span (same as trace:rootService)',
  },
  {
    name: 'traceDuration',
    type: 'duration',
    description: 'Trace duration, last end minus first start (same as trace:duration)',
  },
  { name: 'span:name', type: 'string', description: 'Span name (the operation)' },
  { name: 'span:status', type: 'status', description: 'Span status: error, ok or unset' },
  { name: 'span:statusMessage', type: 'string', description: 'Optional text accompanying the span status' },
  {
    name: 'span:kind',
    type: 'kind',
    description: 'Span kind: server, client, producer, consumer, internal, unspecified',
  },
  { name: 'span:duration', type: 'duration', description: 'Span duration, end minus start' },
  { name: 'span:id', type: 'string', description: 'Span ID as a hex string' },
  { name: 'span:parentID', type: 'string', description: 'Parent span ID as a hex string' },
  { name: 'trace:id', type: 'string', description: 'Trace ID as a hex string' },
  { name: 'trace:duration', type: 'duration', description: 'Trace duration, last end minus first start' },
  { name: 'trace:rootName', type: 'string', description: 'Name of the trace root span, if it exists' },
  { name: 'trace:rootService', type: 'string', description: 'Service name of the trace root span, if it exists' },
  { name: 'event:name', type: 'string', description: 'Span event name' },
  { name: 'event:timeSinceStart', type: 'duration', description: 'Time of the event relative to the span start' },
  { name: 'link:traceID', type: 'string', description: 'Trace ID of a span link, as a hex string' },
  { name: 'link:spanID', type: 'string', description: 'Span ID of a span link, as a hex string' },
  { name: 'instrumentation:name', type: 'string', description: 'Instrumentation scope name' },
  { name: 'instrumentation:version', type: 'string', description: 'Instrumentation scope version' },
];

const INTRINSIC_NAMES = new Set(INTRINSICS.map((intrinsic) => intrinsic.name));

export function isIntrinsic(name: string): boolean {
  return INTRINSIC_NAMES.has(name);
}

/** Attribute scopes a query can name before `.` (`.` alone is the unscoped form). */
export const ATTRIBUTE_SCOPES = ['span', 'resource', 'event', 'link', 'instrumentation'] as const;
export type AttributeScope = (typeof ATTRIBUTE_SCOPES)[number];
