/**
 * The decoders' output: one array per trace-frame column, one entry per span.
 * Decoders push straight into these arrays while they read the body, so no
 * per-span object is built and thrown away (traces reach hundreds of thousands of spans).
 */
import type { TraceKeyValuePair, TraceLog, TraceSpanReference, TraceSpanRow } from '@grafana/data';

type Column<K extends keyof TraceSpanRow> = Array<TraceSpanRow[K]>;

export interface SpanColumns {
  traceID: Column<'traceID'>;
  spanID: Column<'spanID'>;
  parentSpanID: Column<'parentSpanID'>;
  operationName: Column<'operationName'>;
  serviceName: Column<'serviceName'>;
  /** Resource attributes: one array per resource, shared by all spans of that resource. */
  serviceTags: TraceKeyValuePair[][];
  /** Epoch milliseconds, sub-millisecond precision kept. */
  startTime: number[];
  /** Milliseconds. */
  duration: number[];
  tags: TraceKeyValuePair[][];
  /** Lowercase: `server`, `client`, `producer`, `consumer`, `internal`, or `unspecified`. */
  kind: string[];
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number[];
  statusMessage: Array<string | undefined>;
  instrumentationLibraryName: Array<string | undefined>;
  instrumentationLibraryVersion: Array<string | undefined>;
  traceState: Array<string | undefined>;
  logs: TraceLog[][];
  references: TraceSpanReference[][];
  stackTraces: Array<string[] | undefined>;
}

/** What a trace-by-ID decoder returns. */
export interface DecodedTrace {
  spans: SpanColumns;
  /** Set when Tempo says the trace is partial (v2 `status: PARTIAL`). */
  partialMessage?: string;
}

export function emptyColumns(): SpanColumns {
  return {
    traceID: [],
    spanID: [],
    parentSpanID: [],
    operationName: [],
    serviceName: [],
    serviceTags: [],
    startTime: [],
    duration: [],
    tags: [],
    kind: [],
    statusCode: [],
    statusMessage: [],
    instrumentationLibraryName: [],
    instrumentationLibraryVersion: [],
    traceState: [],
    logs: [],
    references: [],
    stackTraces: [],
  };
}

/** Thrown by decoders for a body they cannot read; the message names what is wrong. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

// ---------------------------------------------------------------------------
// Helpers shared by the JSON and protobuf decoders, so both fill the columns by the same rules.

/** `serviceName` of spans whose resource has no `service.name` (the OpenTelemetry SDK default). */
export const UNKNOWN_SERVICE = 'unknown_service';

/** Attribute value as decoded from an OTLP AnyValue, before it becomes a tag value. */
export type PlainValue = string | number | boolean | PlainValue[] | { [key: string]: PlainValue };

/** Tag values stay scalars; arrays and key-value lists become their JSON text. */
export function tagValue(value: PlainValue): string | number | boolean {
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

const SPAN_KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** OTLP `Span.SpanKind` number to the lowercase name the trace view shows. */
export function spanKindName(kind: number): string {
  return SPAN_KIND_NAMES[kind] ?? 'unspecified';
}

export const STATUS_CODE_ERROR = 2;

/**
 * One span's own values while a decoder reads it. A decoder resets and reuses one draft
 * for all its spans; the arrays in it are fresh per span because the columns keep them.
 */
export interface SpanDraft {
  traceID: string;
  spanID: string;
  parentSpanID: string | undefined;
  name: string;
  /** OTLP enum number. */
  kind: number;
  startTime: number;
  duration: number;
  /** OTLP enum number. */
  statusCode: number;
  statusMessage: string;
  traceState: string;
  tags: TraceKeyValuePair[];
  logs: TraceLog[];
  references: TraceSpanReference[];
}

export function newSpanDraft(): SpanDraft {
  const draft = {} as SpanDraft;
  resetSpanDraft(draft);
  return draft;
}

export function resetSpanDraft(draft: SpanDraft): void {
  draft.traceID = '';
  draft.spanID = '';
  draft.parentSpanID = undefined;
  draft.name = '';
  draft.kind = 0;
  draft.startTime = 0;
  draft.duration = 0;
  draft.statusCode = 0;
  draft.statusMessage = '';
  draft.traceState = '';
  draft.tags = [];
  draft.logs = [];
  draft.references = [];
}

const NO_SERVICE_TAGS: TraceKeyValuePair[] = [];
const STACK_TRACE_KEY = 'exception.stacktrace';

/**
 * Appends one span. The resource and scope columns get placeholders: protobuf may put a
 * resource or scope after its spans, so decoders fill them with `fillResource`/`fillScope`
 * once the enclosing message is read.
 */
export function pushSpan(columns: SpanColumns, draft: SpanDraft): void {
  const statusCode = draft.statusCode === 1 || draft.statusCode === STATUS_CODE_ERROR ? draft.statusCode : 0;
  if (statusCode === STATUS_CODE_ERROR) {
    draft.tags.push({ key: 'error', value: true });
  }
  columns.traceID.push(draft.traceID);
  columns.spanID.push(draft.spanID);
  columns.parentSpanID.push(draft.parentSpanID);
  columns.operationName.push(draft.name);
  columns.serviceName.push(UNKNOWN_SERVICE);
  columns.serviceTags.push(NO_SERVICE_TAGS);
  columns.startTime.push(draft.startTime);
  columns.duration.push(draft.duration);
  columns.tags.push(draft.tags);
  columns.kind.push(spanKindName(draft.kind));
  columns.statusCode.push(statusCode);
  columns.statusMessage.push(draft.statusMessage || undefined);
  columns.instrumentationLibraryName.push(undefined);
  columns.instrumentationLibraryVersion.push(undefined);
  columns.traceState.push(draft.traceState || undefined);
  columns.logs.push(draft.logs);
  columns.references.push(draft.references);
  columns.stackTraces.push(stackTracesOf(draft.logs));
}

function stackTracesOf(logs: TraceLog[]): string[] | undefined {
  let stackTraces: string[] | undefined;
  for (const log of logs) {
    for (const field of log.fields) {
      if (field.key === STACK_TRACE_KEY && typeof field.value === 'string') {
        (stackTraces ??= []).push(field.value);
      }
    }
  }
  return stackTraces;
}

/** Sets the resource columns of the spans appended since `firstSpan`; they all share `attributes`. */
export function fillResource(columns: SpanColumns, firstSpan: number, attributes: TraceKeyValuePair[]): void {
  let serviceName = UNKNOWN_SERVICE;
  for (const attribute of attributes) {
    if (attribute.key === 'service.name' && typeof attribute.value === 'string' && attribute.value !== '') {
      serviceName = attribute.value;
    }
  }
  for (let i = firstSpan; i < columns.spanID.length; i++) {
    columns.serviceName[i] = serviceName;
    columns.serviceTags[i] = attributes;
  }
}

/** Sets the instrumentation scope (library) columns of the spans appended since `firstSpan`. */
export function fillScope(columns: SpanColumns, firstSpan: number, name: string, version: string): void {
  for (let i = firstSpan; i < columns.spanID.length; i++) {
    columns.instrumentationLibraryName[i] = name || undefined;
    columns.instrumentationLibraryVersion[i] = version || undefined;
  }
}
