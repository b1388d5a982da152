/**
 * Appends decoded spans to the columns. The resource and scope of a span are filled in once
 * its enclosing message is read (protobuf may put them after the spans).
 *
 * Given the number of spans up front, the columns are allocated once at that size: growing an
 * array of hundreds of thousands of elements one push at a time copies it again and again and
 * stalls the page for hundreds of milliseconds at a time.
 */
import type { TraceKeyValuePair, TraceLog } from '@grafana/data';

import {
  emptyColumns,
  MAX_TRACE_SPANS,
  NO_LOGS,
  NO_TAGS,
  SpanColumnName,
  SpanColumns,
  SpanDraft,
  spanKindName,
  STATUS_CODE_ERROR,
  TraceTooLargeError,
  UNKNOWN_SERVICE,
  UNREAD_TAGS,
} from './columns';

/** The tag an error status adds; one object shared by all failed spans. */
export const ERROR_TAG: TraceKeyValuePair = Object.freeze({ key: 'error', value: true });
const NO_SERVICE_TAGS: TraceKeyValuePair[] = [];
const STACK_TRACE_KEY = 'exception.stacktrace';

export class SpanColumnsBuilder {
  readonly columns: SpanColumns;
  /** Spans appended so far (the columns may be longer while they hold reserved room). */
  count = 0;
  /** One attributes array per distinct resource: Tempo repeats the same resource in many ResourceSpans. */
  private readonly resources = new Map<string, TraceKeyValuePair[]>();
  /** Per span row, the values left out for their wrong type: how many, and the first one's key. */
  private skipped: Map<number, { count: number; first: string }> | undefined;

  /**
   * @param capacity the number of spans expected, if known
   * @param reserved columns already reserved for them (`reservingSteps`)
   */
  constructor(capacity = 0, reserved?: SpanColumns) {
    if (capacity > MAX_TRACE_SPANS) {
      throw new TraceTooLargeError(capacity);
    }
    this.columns = reserved ?? (capacity > 0 ? reservedColumns(capacity) : emptyColumns());
  }

  /**
   * A builder for `capacity` spans, pausing (yielding) after each column it reserves: at 500k
   * spans the 18 columns take ~50 ms to allocate, too long for one step of a chunked decode.
   */
  static *reservingSteps(capacity: number): Generator<void, SpanColumnsBuilder, void> {
    if (capacity > MAX_TRACE_SPANS) {
      throw new TraceTooLargeError(capacity);
    }
    const columns = emptyColumns();
    if (capacity > 0) {
      for (const name of Object.keys(columns) as SpanColumnName[]) {
        reserveColumn(columns, name, capacity);
        yield;
      }
    }
    return new SpanColumnsBuilder(capacity, columns);
  }

  /** Appends the span in `draft`, with placeholders for its resource and scope. */
  push(draft: SpanDraft): void {
    const { columns } = this;
    const i = this.count++;
    if (i >= MAX_TRACE_SPANS) {
      throw new TraceTooLargeError();
    }
    const statusCode = draft.statusCode === 1 || draft.statusCode === STATUS_CODE_ERROR ? draft.statusCode : 0;
    // Unread tags get the error tag when they are read (`ERROR_TAG` is for that decoder too).
    if (statusCode === STATUS_CODE_ERROR && draft.tags !== UNREAD_TAGS) {
      if (draft.tags === NO_TAGS) {
        draft.tags = [ERROR_TAG];
      } else {
        draft.tags.push(ERROR_TAG);
      }
    }
    columns.traceID[i] = draft.traceID;
    columns.spanID[i] = draft.spanID;
    columns.parentSpanID[i] = draft.parentSpanID;
    columns.operationName[i] = draft.name;
    columns.serviceName[i] = UNKNOWN_SERVICE;
    columns.serviceTags[i] = NO_SERVICE_TAGS;
    columns.startTime[i] = draft.startTime;
    columns.duration[i] = draft.duration;
    columns.tags[i] = draft.tags;
    columns.kind[i] = spanKindName(draft.kind);
    columns.statusCode[i] = statusCode;
    columns.statusMessage[i] = draft.statusMessage || undefined;
    columns.instrumentationLibraryName[i] = undefined;
    columns.instrumentationLibraryVersion[i] = undefined;
    columns.traceState[i] = draft.traceState || undefined;
    columns.logs[i] = draft.logs;
    columns.references[i] = draft.references;
    columns.stackTraces[i] = draft.logs === NO_LOGS ? undefined : stackTracesOf(draft.logs);
  }

  /**
   * Sets the resource columns of the spans appended since `firstSpan`. They share `attributes`,
   * or the array of an earlier resource with the same attributes.
   */
  endResource(firstSpan: number, attributes: TraceKeyValuePair[]): void {
    const content = JSON.stringify(attributes);
    const shared = this.resources.get(content) ?? attributes;
    this.resources.set(content, shared);
    let serviceName = UNKNOWN_SERVICE;
    for (const attribute of shared) {
      if (attribute.key === 'service.name' && typeof attribute.value === 'string' && attribute.value !== '') {
        serviceName = attribute.value;
      }
    }
    const { columns } = this;
    for (let i = firstSpan; i < this.count; i++) {
      columns.serviceName[i] = serviceName;
      columns.serviceTags[i] = shared;
    }
  }

  /** Sets the instrumentation scope (library) columns of the spans appended since `firstSpan`. */
  endScope(firstSpan: number, name: string, version: string): void {
    const scopeName = name || undefined;
    const scopeVersion = version || undefined;
    const { columns } = this;
    for (let i = firstSpan; i < this.count; i++) {
      columns.instrumentationLibraryName[i] = scopeName;
      columns.instrumentationLibraryVersion[i] = scopeVersion;
    }
  }

  /**
   * Notes a value left out of span `row` (its attributes, events, links, or its resource's
   * attributes, noted on the resource's first span) because it is of the wrong type: a value is
   * never turned into text it does not hold (`"[object Object]"`, `"null"`).
   */
  noteSkipped(row: number, key: string): void {
    this.skipped ??= new Map();
    const entry = this.skipped.get(row);
    if (entry) {
      entry.count++;
    } else {
      this.skipped.set(row, { count: 1, first: key });
    }
  }

  /** The span warnings for the values left out, by row (`DecodedTrace.skippedValues`). */
  skippedValues(): Map<number, string> | undefined {
    if (!this.skipped) {
      return undefined;
    }
    const warnings = new Map<number, string>();
    for (const [row, { count, first }] of this.skipped) {
      const values = count === 1 ? '1 value' : `${count} values`;
      warnings.set(row, `${values} of the wrong type left out of its attributes (the first: "${first}").`);
    }
    return warnings;
  }

  /** The columns, cut to the spans appended when room was reserved for more. */
  finish(): SpanColumns {
    const { columns, count } = this;
    if (columns.spanID.length > count) {
      for (const column of Object.values(columns) as unknown[][]) {
        column.length = count;
      }
    }
    return columns;
  }
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

/**
 * Columns of `capacity` elements, each already of the kind of element it will hold (the
 * first store decides it; changing it later would copy the array).
 */
function reservedColumns(capacity: number): SpanColumns {
  const columns = emptyColumns();
  for (const name of Object.keys(columns) as SpanColumnName[]) {
    reserveColumn(columns, name, capacity);
  }
  return columns;
}

function reserveColumn(columns: SpanColumns, name: SpanColumnName, capacity: number): void {
  const reserved = new Array(capacity);
  reserved[0] = name === 'startTime' || name === 'duration' ? 0.5 : name === 'statusCode' ? 0 : undefined;
  (columns as unknown as Record<string, unknown[]>)[name] = reserved;
}
