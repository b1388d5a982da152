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
