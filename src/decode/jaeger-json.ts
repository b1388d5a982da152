/**
 * Reads Jaeger's legacy JSON: what `/api/traces/{id}` and `/api/traces?service=` answer and what
 * Jaeger UI's "Download JSON" saves.
 * - `{ data: [{ traceID, spans, processes }] }` with one or many traces (Jaeger's API envelope),
 * - or one bare trace object `{ traceID, spans, processes }`.
 * Returns one DecodedTrace per trace, in the file's order.
 *
 * The mapping is the one Jaeger's own Jaeger→OTLP translator applies, so that a trace reads the
 * same from Jaeger JSON as from the OTLP it came from:
 * - `startTime` and `duration` are microseconds; log `timestamp`s too;
 * - `processes[processID]` (or a span's embedded `process`, as Jaeger UI keeps it) is the resource:
 *   `serviceName` becomes `service.name`, its tags the other resource attributes;
 * - the parent is the first CHILD_OF reference in the same trace (else the first FOLLOWS_FROM, as
 *   Jaeger's model and UI take it); every other reference is a span reference (link);
 * - the tags the translator writes for OTLP fields go back to them and leave the tags: `span.kind`,
 *   `otel.status_code`, `otel.status_description`, `error`, `otel.scope.*` / `otel.library.*`,
 *   `w3c.tracestate`; a log's `event` field is the log's name.
 * IDs made of hex digits are normalised like OTLP's (lowercase, padded to 32 / 16); other IDs (test
 * data such as Jaeger UI's `span-1`) are kept as written, since Jaeger UI accepts them.
 */
import type { TraceKeyValuePair, TraceLog, TraceSpanReference } from '@grafana/data';

import {
  addLog,
  addReference,
  DecodedTrace,
  DecodeError,
  finishSteps,
  newSpanDraft,
  NO_TAGS,
  resetSpanDraft,
  SpanDraft,
  UNKNOWN_SERVICE,
} from './columns';
import { SpanColumnsBuilder } from './columns-builder';
import { parentSpanIdFromText, spanIdFromText, traceIdFromText } from './ids';
import {
  asObject,
  describeJson,
  int64Value,
  isJsonObject,
  type JsonObject,
  optionalArray,
  stringOr,
} from './json-values';

/** A decode of several traces that pauses (yields) between chunks of spans: see chunked.ts. */
export type MultiDecodeSteps = Generator<void, DecodedTrace[], void>;

export function decodeJaegerJson(body: unknown): DecodedTrace[] {
  return finishSteps(decodeJaegerJsonSteps(body, Infinity));
}

/** True for a body in one of the two shapes above (a quick look at its keys, for format detection). */
export function looksLikeJaegerJson(body: unknown): boolean {
  if (!isJsonObject(body)) {
    return false;
  }
  if (Array.isArray(body.data)) {
    return body.data.every((trace) => isJsonObject(trace) && Array.isArray(trace.spans));
  }
  return Array.isArray(body.spans) && (isJsonObject(body.processes) || typeof body.traceID === 'string');
}

/** The same decode, pausing after every `chunkSpans` spans. */
export function* decodeJaegerJsonSteps(body: unknown, chunkSpans: number): MultiDecodeSteps {
  if (!isJsonObject(body)) {
    throw new DecodeError(`expected Jaeger JSON to be an object, got ${describeJson(body)}`);
  }
  let traces: unknown[];
  if (body.data !== undefined) {
    traces = optionalArray(body.data, 'data');
  } else if (body.spans !== undefined) {
    traces = [body];
  } else {
    const keys = Object.keys(body).slice(0, 5).join(', ');
    throw new DecodeError(
      `expected \`data\` (a list of traces) or \`spans\` in Jaeger JSON, found: ${keys || 'nothing'}`
    );
  }
  const reader = new JaegerTraceReader(chunkSpans);
  const decoded: DecodedTrace[] = [];
  for (const trace of traces) {
    decoded.push(yield* reader.readTrace(asObject(trace, 'Jaeger trace')));
  }
  return decoded;
}

/** A process as a resource: its attributes, and one shared array of them per process. */
interface Resource {
  attributes: TraceKeyValuePair[];
}

class JaegerTraceReader {
  private readonly draft: SpanDraft = newSpanDraft();
  private spansSinceYield = 0;

  constructor(private readonly chunkSpans: number) {}

  *readTrace(trace: JsonObject): Generator<void, DecodedTrace, void> {
    const spans = optionalArray(trace.spans, 'spans');
    const processes = isJsonObject(trace.processes) ? trace.processes : {};
    const resources = new Map<unknown, Resource>();
    const builder = new SpanColumnsBuilder(spans.length);
    const traceId = stringOr(trace.traceID, '');
    const { draft } = this;
    // Resource and scope are set per run of consecutive spans that share them (the builder's
    // unit); spans of one process mostly come together.
    let run: { start: number; resource: Resource; scopeName: string; scopeVersion: string } | undefined;
    // Values left out are noted on the span being read (not pushed yet: its row is the count).
    const skip: Skip = (key) => builder.noteSkipped(builder.count, key);
    for (const item of spans) {
      const span = asObject(item, 'Jaeger span');
      const process = isJsonObject(span.process) ? span.process : processes[stringOr(span.processID, '')];
      let resource = resources.get(process);
      if (resource === undefined) {
        resource = readProcess(process, skip);
        resources.set(process, resource);
      }
      const scope = readSpan(draft, span, traceId, skip);
      if (run && (run.resource !== resource || run.scopeName !== scope.name || run.scopeVersion !== scope.version)) {
        endRun(builder, run);
        run = undefined;
      }
      run ??= { start: builder.count, resource, scopeName: scope.name, scopeVersion: scope.version };
      builder.push(draft);
      if (++this.spansSinceYield >= this.chunkSpans) {
        this.spansSinceYield = 0;
        yield;
      }
    }
    if (run) {
      endRun(builder, run);
    }
    const skippedValues = builder.skippedValues();
    return skippedValues ? { spans: builder.finish(), skippedValues } : { spans: builder.finish() };
  }
}

function endRun(
  builder: SpanColumnsBuilder,
  run: { start: number; resource: Resource; scopeName: string; scopeVersion: string }
): void {
  builder.endResource(run.start, run.resource.attributes);
  builder.endScope(run.start, run.scopeName, run.scopeVersion);
}

/** A tag value left out for its type: noted on its span, by key. */
type Skip = (key: string) => void;

/** `skip` notes a process tag left out on the first span of the process. */
function readProcess(process: unknown, skip: Skip): Resource {
  if (!isJsonObject(process)) {
    return { attributes: [] };
  }
  const serviceName = stringOr(process.serviceName, '');
  const tags = readTags(process.tags, 'process tags', skip);
  const attributes: TraceKeyValuePair[] = [{ key: 'service.name', value: serviceName || UNKNOWN_SERVICE }];
  for (const tag of tags) {
    attributes.push(tag);
  }
  return { attributes };
}

const SPAN_KIND_NUMBERS: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_CODE_NUMBERS: Record<string, number> = { OK: 1, ERROR: 2 };

/** Fills `draft` from one Jaeger span; returns its instrumentation scope (taken from its tags). */
function readSpan(draft: SpanDraft, span: JsonObject, traceId: string, skip: Skip): { name: string; version: string } {
  resetSpanDraft(draft);
  draft.traceID = idOf(stringOr(span.traceID, traceId), traceIdFromText);
  draft.spanID = idOf(stringOr(span.spanID, ''), spanIdFromText);
  draft.name = stringOr(span.operationName, '');
  draft.startTime = microsToMillis(span.startTime);
  draft.duration = microsToMillis(span.duration);
  readReferences(draft, optionalArray(span.references, 'references'), stringOr(span.traceID, traceId));

  const scope = { name: '', version: '' };
  let errorTag = false;
  let statusSet = false;
  const tags: TraceKeyValuePair[] = [];
  for (const tag of readTags(span.tags, 'tags', skip)) {
    const value = tag.value;
    switch (tag.key) {
      case 'span.kind':
        draft.kind = SPAN_KIND_NUMBERS[String(value).toLowerCase()] ?? 0;
        continue;
      case 'otel.status_code':
        draft.statusCode = STATUS_CODE_NUMBERS[String(value).toUpperCase()] ?? 0;
        statusSet = true;
        continue;
      case 'otel.status_description':
        draft.statusMessage = String(value);
        continue;
      case 'otel.scope.name':
      case 'otel.library.name':
        scope.name = String(value);
        continue;
      case 'otel.scope.version':
      case 'otel.library.version':
        scope.version = String(value);
        continue;
      case 'w3c.tracestate':
        draft.traceState = String(value);
        continue;
      case 'error':
        if (value === true) {
          errorTag = true;
          continue;
        }
    }
    tags.push(tag);
  }
  if (errorTag && !statusSet) {
    draft.statusCode = STATUS_CODE_NUMBERS.ERROR;
  }
  draft.tags = tags.length > 0 ? tags : NO_TAGS;
  for (const log of optionalArray(span.logs, 'logs')) {
    addLog(draft, readLog(asObject(log, 'Jaeger log'), skip));
  }
  return scope;
}

/** The parent is the first CHILD_OF within the trace, else the first FOLLOWS_FROM; the rest are links. */
function readReferences(draft: SpanDraft, references: unknown[], traceIdText: string): void {
  let parent = -1;
  for (let i = 0; i < references.length; i++) {
    const reference = asObject(references[i], 'Jaeger reference');
    if (stringOr(reference.traceID, traceIdText) !== traceIdText) {
      continue;
    }
    if (reference.refType === 'CHILD_OF') {
      parent = i;
      break;
    }
    if (parent < 0 && reference.refType === 'FOLLOWS_FROM') {
      parent = i;
    }
  }
  for (let i = 0; i < references.length; i++) {
    const reference = references[i] as JsonObject;
    if (i === parent) {
      draft.parentSpanID = idOf(stringOr(reference.spanID, ''), parentSpanIdFromText);
      continue;
    }
    const link: TraceSpanReference = {
      traceID: idOf(stringOr(reference.traceID, traceIdText), traceIdFromText),
      spanID: idOf(stringOr(reference.spanID, ''), spanIdFromText),
    };
    addReference(draft, link);
  }
}

function readLog(log: JsonObject, skip: Skip): TraceLog {
  const fields: TraceKeyValuePair[] = [];
  let name: string | undefined;
  for (const field of readTags(log.fields, 'log fields', skip)) {
    if (field.key === 'event' && name === undefined && typeof field.value === 'string') {
      name = field.value;
    } else {
      fields.push(field);
    }
  }
  const decoded: TraceLog = { timestamp: microsToMillis(log.timestamp), fields };
  if (name !== undefined) {
    decoded.name = name;
  }
  return decoded;
}

/**
 * Jaeger's typed tags (`string`, `bool`, `int64`, `float64`, `binary`) as tag values. A value
 * that is not of its type (an object, `null`, `"abc"` as int64) is left out and noted with `skip`.
 */
function readTags(value: unknown, what: string, skip: Skip): TraceKeyValuePair[] {
  const list = optionalArray(value, what);
  const tags: TraceKeyValuePair[] = [];
  for (let i = 0; i < list.length; i++) {
    const tag = asObject(list[i], 'Jaeger tag');
    const key = stringOr(tag.key, '');
    const tagValue = tagValueOf(tag);
    if (tagValue === undefined) {
      skip(key);
    } else {
      tags.push({ key, value: tagValue });
    }
  }
  return tags;
}

const INTEGER = /^-?\d+$/;

function tagValueOf(tag: JsonObject): string | number | boolean | undefined {
  const value = tag.value;
  switch (tag.type) {
    case 'bool':
      return typeof value === 'boolean' ? value : value === 'true' || value === 'false' ? value === 'true' : undefined;
    case 'int64':
      return Number.isSafeInteger(value) || (typeof value === 'string' && INTEGER.test(value))
        ? int64Value(value as number | string)
        : undefined;
    case 'float64':
      return typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))
          ? Number(value)
          : undefined;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/**
 * Microseconds to milliseconds as whole plus fraction, the same double the OTLP decoders compute
 * from the nanoseconds (a plain `/ 1000` can differ in the last bit).
 */
function microsToMillis(value: unknown): number {
  const micros = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
  if (!Number.isFinite(micros)) {
    return 0;
  }
  const whole = Math.floor(micros / 1000);
  return whole + (micros - whole * 1000) / 1000;
}

const HEX_ONLY = /^[0-9a-fA-F]+$/;

/** Hex IDs normalised as OTLP's are; any other ID kept as written (`normalize` would read it as base64). */
function idOf<T extends string | undefined>(text: string, normalize: (text: string) => T): T | string {
  return HEX_ONLY.test(text) || text === '' ? normalize(text) : text;
}
