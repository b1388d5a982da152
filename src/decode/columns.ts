/**
 * The decoders' output: one array per trace-frame column, one entry per span.
 * Decoders push straight into these arrays while they read the body, so no
 * per-span object is built and thrown away (traces reach hundreds of thousands of spans).
 *
 * Values are shared wherever they are equal, to keep big traces small: resource attributes
 * (one array per distinct resource), strings, empty `logs`/`references`, and tag objects
 * that recur (the same key and value in many spans). Treat everything here as read-only, but for
 * `spanTags`, which fills in the tags a decoder left unread.
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
  /**
   * Epoch milliseconds, sub-millisecond precision kept. A plain array: V8 keeps an array of
   * doubles unboxed (8 bytes each, as a Float64Array would), and every consumer can use it.
   */
  startTime: number[];
  /** Milliseconds. */
  duration: number[];
  /**
   * A span's attributes. In a trace larger than its span budget, the protobuf decoder leaves them
   * in the body (`UNREAD_TAGS`) until asked for: read them with `spanTags`, never by index.
   */
  tags: TraceKeyValuePair[][];
  /** Set when some `tags` are `UNREAD_TAGS`: reads them from the body. */
  tagsOnDemand?: TagsOnDemand;
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

/** The names of the columns proper (every field of SpanColumns but `tagsOnDemand`). */
export type SpanColumnName = Exclude<keyof SpanColumns, 'tagsOnDemand'>;

/** Reads the attributes of spans whose `tags` a decoder left unread. */
export interface TagsOnDemand {
  /** Span `row`'s tags, as the decoder would have built them; throws (the message names the span) for bytes it cannot read. */
  read(row: number): TraceKeyValuePair[];
}

/**
 * Stands for tags still in the body (`SpanColumns.tagsOnDemand`). Decoding them only for the
 * spans a view shows saves most of the decode of a huge trace: at 100k spans and the default
 * budget, four fifths of the spans are folded into summary rows and their tags never needed.
 */
export const UNREAD_TAGS = Object.freeze([]) as unknown as TraceKeyValuePair[];

/** Span `row`'s tags, read from the body first if the decoder left them there (and kept from then on). */
export function spanTags(spans: SpanColumns, row: number): TraceKeyValuePair[] {
  const tags = spans.tags[row];
  if (tags !== UNREAD_TAGS || !spans.tagsOnDemand) {
    return tags;
  }
  return (spans.tags[row] = spans.tagsOnDemand.read(row));
}

/** Reads every tag the decoder left unread (`spanTags`). */
export function readAllTags(spans: SpanColumns): void {
  if (!spans.tagsOnDemand) {
    return;
  }
  for (let row = 0; row < spans.tags.length; row++) {
    spanTags(spans, row);
  }
}

/** What a trace-by-ID decoder returns. */
export interface DecodedTrace {
  spans: SpanColumns;
  /** Set when Tempo says the trace is partial (v2 `status: PARTIAL`). */
  partialMessage?: string;
  /** Span row → the warning on its values left out for their wrong type (`SpanColumnsBuilder.noteSkipped`). */
  skippedValues?: Map<number, string>;
}

/** A decode that pauses (yields) between chunks of spans and returns the trace at the end. */
export type DecodeSteps = Generator<void, DecodedTrace, void>;

/** Runs a decode without pausing. */
export function finishSteps<T = DecodedTrace>(steps: Generator<void, T, void>): T {
  let step = steps.next();
  while (!step.done) {
    step = steps.next();
  }
  return step.value;
}

export function emptyColumns(): SpanColumns {
  return {
    traceID: anyValues(),
    spanID: anyValues(),
    parentSpanID: anyValues(),
    operationName: anyValues(),
    serviceName: anyValues(),
    serviceTags: anyValues(),
    startTime: doubles(),
    duration: doubles(),
    tags: anyValues(),
    kind: anyValues(),
    statusCode: [],
    statusMessage: anyValues(),
    instrumentationLibraryName: anyValues(),
    instrumentationLibraryVersion: anyValues(),
    traceState: anyValues(),
    logs: anyValues(),
    references: anyValues(),
    stackTraces: anyValues(),
  };
}

// Empty arrays already of the kind of element they will hold. A `[]` starts as small integers
// and changes kind on the first string or fraction pushed, in every decode, which throws away
// the optimised code of the function that pushed it.
function anyValues<T>(): T[] {
  const array: unknown[] = [undefined];
  array.length = 0;
  return array as T[];
}

function doubles(): number[] {
  const array = [0.5];
  array.length = 0;
  return array;
}

/** Thrown by decoders for a body they cannot read; the message names what is wrong. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/**
 * The most spans a trace may have to be opened. Beyond, its columns alone take gigabytes of the
 * page's memory (a body of 2-byte empty spans declares 5 million in 10 MB) before the span
 * budget could reduce anything: the decoders refuse it instead.
 */
export const MAX_TRACE_SPANS = 1_000_000;

/** Thrown by the decoders for a trace of more than MAX_TRACE_SPANS spans; the message says what to do. */
export class TraceTooLargeError extends Error {
  /** @param spans how many the body declares, when known before decoding */
  constructor(spans?: number) {
    super(tooManySpansMessage(spans));
    this.name = 'TraceTooLargeError';
  }
}

function tooManySpansMessage(spans: number | undefined): string {
  const most = MAX_TRACE_SPANS.toLocaleString('en-US');
  const found = spans === undefined ? `more than ${most} spans` : `${spans.toLocaleString('en-US')} spans`;
  return `This trace has ${found}, more than a browser can open (at most ${most}): find the spans you need with a search instead`;
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
 * for all its spans. `tags`, `logs` and `references` start as the shared empty arrays; a span
 * that has any gets arrays of its own (the columns keep them).
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

/**
 * Most spans have no events and no links: they all share these (frozen) empty arrays instead
 * of holding two of their own. Grafana's trace view copies `logs` and `references` before use.
 */
export const NO_TAGS = Object.freeze([]) as unknown as TraceKeyValuePair[];
export const NO_LOGS = Object.freeze([]) as unknown as TraceLog[];
export const NO_REFERENCES = Object.freeze([]) as unknown as TraceSpanReference[];

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
  draft.tags = NO_TAGS;
  draft.logs = NO_LOGS;
  draft.references = NO_REFERENCES;
}

export function addLog(draft: SpanDraft, log: TraceLog): void {
  if (draft.logs === NO_LOGS) {
    draft.logs = [];
  }
  draft.logs.push(log);
}

export function addReference(draft: SpanDraft, reference: TraceSpanReference): void {
  if (draft.references === NO_REFERENCES) {
    draft.references = [];
  }
  draft.references.push(reference);
}
