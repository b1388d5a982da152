/**
 * Zipkin v2 JSON (a span array: `/api/v2/trace/{id}`, Zipkin trace files) into span columns.
 *
 * - Times are microseconds; the columns hold milliseconds.
 * - The service is `localEndpoint.serviceName`; the endpoints also become tags named as Zipkin's
 *   UI names its rows (`Local Address`, `Server Address`/`Client Address`/`Broker Address`).
 * - Annotations are span logs. An annotation written by the OpenTelemetry Zipkin exporter
 *   (`name|{"attribute":…}|dropped`) becomes a log with that name and those fields again.
 * - The `error` tag, and the OpenTelemetry exporter's `otel.status_code`, `otel.status_description`,
 *   `otel.scope.*` (`otel.library.*`) and `w3c.tracestate` tags, fill the status, scope and trace
 *   state columns as the OTLP decoders do, so one trace reads the same from every backend.
 * - Client and server halves of one RPC that share a span ID (B3's original scheme, `shared`)
 *   become two spans: the server half gets a derived span ID (a hash of the ID and its endpoint,
 *   so it stays the same when the trace is opened again) with the client as parent, and carries
 *   the ID Zipkin knows it by in a `zipkin.span_id` tag. Spans of the server's own service that
 *   name the shared ID as parent are the server's children, others the client's (Zipkin's UI
 *   keys them by endpoint the same way).
 */
import type { TraceKeyValuePair, TraceLog } from '@grafana/data';

import {
  addLog,
  DecodedTrace,
  DecodeSteps,
  finishSteps,
  newSpanDraft,
  NO_TAGS,
  PlainValue,
  resetSpanDraft,
  SpanDraft,
  STATUS_CODE_ERROR,
  tagValue,
  UNKNOWN_SERVICE,
} from './columns';
import { SpanColumnsBuilder } from './columns-builder';
import { isJsonObject } from './json-values';
import {
  endpointText,
  mergeZipkinSpans,
  spanKeys,
  readZipkinSpan,
  traceKey,
  ZipkinEndpoint,
  ZipkinKind,
  ZipkinSpan,
  zipkinSpanList,
} from './zipkin-spans';

/** The tag that keeps a derived server half's Zipkin span ID. */
export const ZIPKIN_SPAN_ID_TAG = 'zipkin.span_id';

export { looksLikeZipkinJson } from './zipkin-spans';

export function decodeZipkinJson(body: unknown): DecodedTrace {
  return finishSteps(decodeZipkinJsonSteps(body, Infinity));
}

/** A Zipkin v2 JSON array as UTF-8 bytes (a file, an HTTP body). Throws SyntaxError for text that is not JSON. */
export function decodeZipkinJsonBytes(bytes: Uint8Array): DecodedTrace {
  return decodeZipkinJson(JSON.parse(new TextDecoder().decode(bytes)));
}

/**
 * The same decode, pausing (yielding) after every `chunkSpans` spans read and every `chunkSpans`
 * spans written: see chunked.ts (`runChunked`). Spans of several traces may be mixed in one array.
 */
export function* decodeZipkinJsonSteps(body: unknown, chunkSpans: number): DecodeSteps {
  const list = zipkinSpanList(body);
  const read = new Array<ZipkinSpan>(list.length);
  for (let i = 0; i < list.length; i++) {
    read[i] = readZipkinSpan(list[i], i);
    if ((i + 1) % chunkSpans === 0) {
      yield;
    }
  }
  const spans = mergeZipkinSpans(read);
  const ids = new SharedSpanIds(spans);
  const earliest = earliestTimestamp(spans);
  const builder = new SpanColumnsBuilder(spans.length);
  const draft = newSpanDraft();
  let serviceRunStart = 0;
  let serviceOfRun = '';
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const service = span.localEndpoint?.serviceName ?? UNKNOWN_SERVICE;
    if (i > 0 && service !== serviceOfRun) {
      builder.endResource(serviceRunStart, serviceTags(serviceOfRun));
      serviceRunStart = i;
    }
    serviceOfRun = service;
    const scope = fillDraft(draft, span, ids, earliest);
    for (const key of span.skippedTags ?? []) {
      builder.noteSkipped(i, key);
    }
    builder.push(draft);
    if (scope.name || scope.version) {
      builder.endScope(i, scope.name, scope.version);
    }
    if ((i + 1) % chunkSpans === 0) {
      yield;
    }
  }
  if (spans.length > 0) {
    builder.endResource(serviceRunStart, serviceTags(serviceOfRun));
  }
  const skippedValues = builder.skippedValues();
  return skippedValues ? { spans: builder.finish(), skippedValues } : { spans: builder.finish() };
}

function serviceTags(service: string): TraceKeyValuePair[] {
  return service === UNKNOWN_SERVICE ? [] : [{ key: 'service.name', value: service }];
}

interface Scope {
  name: string;
  version: string;
}

/** Tags the OpenTelemetry Zipkin exporter writes for OTLP fields Zipkin has no place for. */
const STATUS_CODE_TAG = 'otel.status_code';
const STATUS_DESCRIPTION_TAG = 'otel.status_description';
const SCOPE_NAME_TAGS = ['otel.scope.name', 'otel.library.name'];
const SCOPE_VERSION_TAGS = ['otel.scope.version', 'otel.library.version'];
const TRACE_STATE_TAG = 'w3c.tracestate';
const COLUMN_TAGS = new Set([
  'error',
  STATUS_CODE_TAG,
  STATUS_DESCRIPTION_TAG,
  ...SCOPE_NAME_TAGS,
  ...SCOPE_VERSION_TAGS,
  TRACE_STATE_TAG,
]);

/** OTLP `SpanKind` numbers. */
const KIND_NUMBERS: Record<ZipkinKind, number> = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };

/** Zipkin UI's name for the remote endpoint, by the span's side. */
const REMOTE_ADDRESS_LABEL: Record<ZipkinKind, string> = {
  CLIENT: 'Server Address',
  SERVER: 'Client Address',
  PRODUCER: 'Broker Address',
  CONSUMER: 'Broker Address',
};

function fillDraft(draft: SpanDraft, span: ZipkinSpan, ids: SharedSpanIds, earliest: number): Scope {
  resetSpanDraft(draft);
  const { tags } = span;
  draft.traceID = span.traceId.padStart(32, '0');
  draft.spanID = ids.spanId(span);
  draft.parentSpanID = ids.parentId(span);
  draft.name = span.name;
  draft.kind = span.kind ? KIND_NUMBERS[span.kind] : 0;
  const firstAnnotation = span.annotations[0]?.timestamp;
  const lastAnnotation = span.annotations[span.annotations.length - 1]?.timestamp;
  const start = span.timestamp ?? firstAnnotation ?? earliest;
  const duration = span.duration ?? (firstAnnotation !== undefined ? lastAnnotation - firstAnnotation : 0);
  draft.startTime = start / 1000;
  draft.duration = duration / 1000;
  if (tags.error !== undefined) {
    draft.statusCode = STATUS_CODE_ERROR;
    draft.statusMessage = tags.error === 'true' ? '' : tags.error;
  } else if (tags[STATUS_CODE_TAG] === 'ERROR') {
    draft.statusCode = STATUS_CODE_ERROR;
  } else if (tags[STATUS_CODE_TAG] === 'OK') {
    draft.statusCode = 1;
  }
  draft.statusMessage = tags[STATUS_DESCRIPTION_TAG] ?? draft.statusMessage;
  draft.traceState = tags[TRACE_STATE_TAG] ?? '';
  draft.tags = spanTags(span, ids.isDerived(span));
  for (const annotation of span.annotations) {
    addLog(draft, annotationLog(annotation.timestamp, annotation.value));
  }
  return {
    name: firstTag(tags, SCOPE_NAME_TAGS),
    version: firstTag(tags, SCOPE_VERSION_TAGS),
  };
}

function firstTag(tags: Record<string, string>, keys: string[]): string {
  for (const key of keys) {
    if (tags[key] !== undefined) {
      return tags[key];
    }
  }
  return '';
}

function spanTags(span: ZipkinSpan, derived: boolean): TraceKeyValuePair[] {
  const pairs: TraceKeyValuePair[] = [];
  for (const key in span.tags) {
    if (!COLUMN_TAGS.has(key)) {
      pairs.push({ key, value: span.tags[key] });
    }
  }
  const local = span.localEndpoint;
  if (local && (local.ipv4 || local.ipv6)) {
    pairs.push({ key: 'Local Address', value: formatEndpoint(local) });
  }
  if (span.remoteEndpoint) {
    const label = span.kind ? REMOTE_ADDRESS_LABEL[span.kind] : 'Server Address';
    pairs.push({ key: label, value: formatEndpoint(span.remoteEndpoint) });
  }
  if (span.debug) {
    pairs.push({ key: 'debug', value: true });
  }
  if (derived) {
    pairs.push({ key: ZIPKIN_SPAN_ID_TAG, value: span.id });
  }
  return pairs.length > 0 ? pairs : NO_TAGS;
}

/** As Zipkin's UI writes an endpoint: `10.0.0.1:8080 (backend)`, or the service name alone. */
export function formatEndpoint(endpoint: ZipkinEndpoint): string {
  const ip = endpoint.ipv6 ? `[${endpoint.ipv6}]` : endpoint.ipv4;
  if (!ip) {
    return endpoint.serviceName ?? '';
  }
  const port = endpoint.port ? `:${endpoint.port}` : '';
  return `${ip}${port}${endpoint.serviceName ? ` (${endpoint.serviceName})` : ''}`;
}

/** `name|{"key":value,…}|droppedCount`: an OpenTelemetry span event as the Zipkin exporter writes it. */
const EXPORTED_EVENT = /^([\s\S]*?)\|(\{[\s\S]*\})\|(\d+)$/;

function annotationLog(timestampUs: number, value: string): TraceLog {
  const timestamp = timestampUs / 1000;
  const exported = EXPORTED_EVENT.exec(value);
  if (exported) {
    const fields = eventFields(exported[2]);
    if (fields) {
      return { timestamp, name: exported[1], fields };
    }
  }
  return { timestamp, name: value, fields: [] };
}

function eventFields(json: string): TraceKeyValuePair[] | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!isJsonObject(parsed)) {
      return undefined;
    }
    return Object.entries(parsed).map(([key, value]) => ({ key, value: tagValue((value ?? '') as PlainValue) }));
  } catch {
    return undefined;
  }
}

function earliestTimestamp(spans: ZipkinSpan[]): number {
  let earliest = Infinity;
  for (const span of spans) {
    const start = span.timestamp ?? span.annotations[0]?.timestamp;
    if (start !== undefined && start < earliest) {
      earliest = start;
    }
  }
  return earliest === Infinity ? 0 : earliest;
}

interface SharedHalf {
  service: string | undefined;
  endpoint: string;
  /** The span ID it is shown with: the derived one, or its own when nothing else has that ID. */
  spanId: string;
}

/**
 * Span IDs and parents where client and server halves share an ID. Keys are trace (low 64 bits)
 * and span ID when spans of several traces are mixed (`spanKeys`), so traces do not mix. Only IDs
 * with a shared half are looked at: most traces have none, or few.
 */
class SharedSpanIds {
  private readonly keyOf: (span: ZipkinSpan) => string;
  /** Keys of shared IDs whose unshared (client) half is in the trace. */
  private readonly withClient = new Set<string>();
  private readonly halves = new Map<string, SharedHalf[]>();
  private readonly derived = new Map<ZipkinSpan, string>();
  private readonly oneTrace: boolean;

  constructor(spans: ZipkinSpan[]) {
    this.keyOf = spanKeys(spans);
    this.oneTrace = spans.length === 0 || this.keyOf(spans[0]) === spans[0].id;
    const shared = spans.filter((span) => span.shared);
    if (shared.length === 0) {
      return;
    }
    const sharedKeys = new Set(shared.map(this.keyOf));
    const used = new Set<string>();
    for (const span of spans) {
      used.add(span.id);
      if (!span.shared && sharedKeys.has(this.keyOf(span))) {
        this.withClient.add(this.keyOf(span));
      }
    }
    for (const span of shared) {
      const key = this.keyOf(span);
      const halves = this.halves.get(key) ?? [];
      this.halves.set(key, halves);
      let spanId = span.id;
      if (this.withClient.has(key) || halves.length > 0) {
        spanId = derivedSpanId(span, used);
        used.add(spanId);
        this.derived.set(span, spanId);
      }
      halves.push({ service: span.localEndpoint?.serviceName, endpoint: endpointText(span.localEndpoint), spanId });
    }
  }

  isDerived(span: ZipkinSpan): boolean {
    return this.derived.has(span);
  }

  spanId(span: ZipkinSpan): string {
    return this.derived.get(span) ?? span.id;
  }

  parentId(span: ZipkinSpan): string | undefined {
    if (this.halves.size === 0) {
      return span.parentId;
    }
    if (this.derived.has(span) && this.withClient.has(this.keyOf(span))) {
      return span.id;
    }
    const parent = span.parentId;
    if (span.shared || parent === undefined) {
      return parent;
    }
    const halves = this.halves.get(this.oneTrace ? parent : `${traceKey(span.traceId)}/${parent}`);
    if (!halves) {
      return parent;
    }
    // The server on this span's own endpoint (several servers may answer one client), else on its service.
    const endpoint = endpointText(span.localEndpoint);
    const service = span.localEndpoint?.serviceName;
    const own =
      halves.find((half) => endpoint !== '' && half.endpoint === endpoint) ??
      halves.find((half) => half.service !== undefined && half.service === service);
    return own?.spanId ?? parent;
  }
}

/** 16 hex digits from the span ID and the server's endpoint, unused by any other span of the trace. */
function derivedSpanId(span: ZipkinSpan, used: Set<string>): string {
  const base = `${span.id}/${endpointText(span.localEndpoint)}`;
  for (let attempt = 0; ; attempt++) {
    const text = `${base}/${attempt}`;
    const id = hash32(text, 0x811c9dc5) + hash32(text, 0x01000193);
    if (!used.has(id)) {
      return id;
    }
  }
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function hash32(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
