/**
 * Zipkin v2 spans (what `/api/v2/trace/{id}` answers and `/api/v2/spans` accepts) read from
 * parsed JSON and cleaned the way Zipkin's own UI cleans them (zipkin-lens `span-cleaner.js`,
 * `span-node.js`) before they become columns:
 * - IDs lowercase hex, span IDs padded to 16; a span that names itself as parent has none;
 * - a span reported in several pieces (same trace, same ID, same side) is merged into one;
 * - a SERVER sharing its ID with a CLIENT is marked `shared` even when its instrumentation
 *   forgot the flag, and inherits the client's parent when it was not propagated one.
 * Deciding parents and derived IDs of shared halves is `zipkin-json.ts`'s part.
 */
import { DecodeError } from './columns';
import { describeJson, isJsonObject } from './json-values';

export type ZipkinKind = 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';

export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface ZipkinAnnotation {
  /** Epoch microseconds. */
  timestamp: number;
  value: string;
}

export interface ZipkinSpan {
  /** Lowercase hex as sent: 16 or 32 characters. */
  traceId: string;
  /** Lowercase hex, 16 characters. */
  id: string;
  parentId?: string;
  name: string;
  kind?: ZipkinKind;
  /** Epoch microseconds. */
  timestamp?: number;
  /** Microseconds. */
  duration?: number;
  localEndpoint?: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations: ZipkinAnnotation[];
  tags: Record<string, string>;
  /** Keys of tags left out because their value is not a string (noted on the span). */
  skippedTags?: string[];
  debug: boolean;
  shared: boolean;
}

const KINDS = new Set<string>(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);
const HEX = /^[0-9a-f]+$/;

/** One span of a Zipkin v2 JSON array; throws a DecodeError naming what is wrong. */
export function readZipkinSpan(value: unknown, index: number): ZipkinSpan {
  if (!isJsonObject(value)) {
    throw new DecodeError(`expected each Zipkin span to be an object, got ${describeJson(value)} at index ${index}`);
  }
  const traceId = hexId(value.traceId, 'traceId', index, 32);
  const id = hexId(value.id, 'id', index, 16).padStart(16, '0');
  const span: ZipkinSpan = {
    traceId: traceId.length > 16 ? traceId.padStart(32, '0') : traceId.padStart(16, '0'),
    id,
    name: typeof value.name === 'string' ? value.name : '',
    annotations: readAnnotations(value.annotations),
    tags: readTags(value.tags),
    debug: value.debug === true,
    shared: false,
  };
  const skippedTags = tagsNotStrings(value.tags);
  if (skippedTags) {
    span.skippedTags = skippedTags;
  }
  if (value.parentId !== undefined && value.parentId !== null && value.parentId !== '') {
    const parentId = hexId(value.parentId, 'parentId', index, 16).padStart(16, '0');
    if (parentId !== id) {
      span.parentId = parentId;
    }
  }
  if (typeof value.kind === 'string' && KINDS.has(value.kind)) {
    span.kind = value.kind as ZipkinKind;
  } else {
    span.kind = kindOfV1Annotations(span.annotations);
  }
  if (typeof value.timestamp === 'number' && value.timestamp > 0) {
    span.timestamp = value.timestamp;
  }
  if (typeof value.duration === 'number' && value.duration > 0) {
    span.duration = value.duration;
  }
  span.localEndpoint = readEndpoint(value.localEndpoint);
  span.remoteEndpoint = readEndpoint(value.remoteEndpoint);
  // `shared` belongs to the server side: a client that sets it is wrong (as Zipkin's UI decides).
  span.shared = value.shared === true && span.kind !== 'CLIENT';
  return span;
}

/** Spans converted from Zipkin v1 say their side only by core annotations (`cs`, `sr`, …). */
const KIND_OF_V1_ANNOTATION: Record<string, ZipkinKind> = {
  cs: 'CLIENT',
  cr: 'CLIENT',
  sr: 'SERVER',
  ss: 'SERVER',
  ms: 'PRODUCER',
  mr: 'CONSUMER',
};

function kindOfV1Annotations(annotations: ZipkinAnnotation[]): ZipkinKind | undefined {
  for (const annotation of annotations) {
    const kind = KIND_OF_V1_ANNOTATION[annotation.value];
    if (kind) {
      return kind;
    }
  }
  return undefined;
}

function hexId(value: unknown, field: string, index: number, maxLength: number): string {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if (text.length === 0 || text.length > maxLength || !HEX.test(text)) {
    throw new DecodeError(
      `expected \`${field}\` of the Zipkin span at index ${index} to be up to ${maxLength} hex characters, got ${describeJson(value)}`
    );
  }
  return text;
}

function readEndpoint(value: unknown): ZipkinEndpoint | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }
  const { serviceName, ipv4, ipv6, port } = value;
  const text = (field: unknown) => (typeof field === 'string' && field !== '' ? field : undefined);
  const endpoint: ZipkinEndpoint = {
    serviceName: text(serviceName),
    ipv4: text(ipv4),
    ipv6: text(ipv6),
    port: typeof port === 'number' && port > 0 ? port : undefined,
  };
  return endpoint.serviceName || endpoint.ipv4 || endpoint.ipv6 || endpoint.port ? endpoint : undefined;
}

/** Most spans have no annotations: they share this (frozen) empty list. */
const NO_ANNOTATIONS = Object.freeze([]) as unknown as ZipkinAnnotation[];

function readAnnotations(value: unknown): ZipkinAnnotation[] {
  if (!Array.isArray(value) || value.length === 0) {
    return NO_ANNOTATIONS;
  }
  const annotations: ZipkinAnnotation[] = [];
  for (const item of value) {
    if (isJsonObject(item) && typeof item.timestamp === 'number') {
      annotations.push({ timestamp: item.timestamp, value: typeof item.value === 'string' ? item.value : '' });
    }
  }
  return annotations;
}

const NO_ZIPKIN_TAGS = Object.freeze(Object.create(null)) as Record<string, string>;

/**
 * Zipkin tags are strings: the parsed object is kept as it is (read-only from here on). A value
 * of another type is left out (in a copy), never turned into text it does not hold (`"null"`).
 */
function readTags(value: unknown): Record<string, string> {
  if (!isJsonObject(value)) {
    return NO_ZIPKIN_TAGS;
  }
  if (!tagsNotStrings(value)) {
    return value as Record<string, string>;
  }
  const tags: Record<string, string> = Object.create(null);
  for (const [name, tag] of Object.entries(value)) {
    if (typeof tag === 'string') {
      tags[name] = tag;
    }
  }
  return tags;
}

/** The keys of tags whose value is not a string; undefined when there are none. */
function tagsNotStrings(value: unknown): string[] | undefined {
  let keys: string[] | undefined;
  if (isJsonObject(value)) {
    for (const key in value) {
      if (typeof value[key] !== 'string') {
        (keys ??= []).push(key);
      }
    }
  }
  return keys;
}

/** The lower 64 bits of a trace ID: Zipkin joins 64- and 128-bit IDs of one trace on them. */
export function traceKey(traceId: string): string {
  return traceId.slice(-16);
}

/**
 * Merges spans sent in several pieces and completes shared server halves, per trace and span ID.
 * The result keeps the order in which each span first appears, the client half before the server.
 * Within a trace, spans take the longest (128-bit) trace ID any of them carries.
 */
export function mergeZipkinSpans(spans: ZipkinSpan[]): ZipkinSpan[] {
  const longTraceIds = new Map<string, string>();
  const keyOf = spanKeys(spans);
  // The first span of each key, and the rest only where an ID repeats (few do).
  const first = new Map<string, ZipkinSpan>();
  const repeated = new Map<string, ZipkinSpan[]>();
  for (const span of spans) {
    if (span.traceId.length === 32) {
      longTraceIds.set(traceKey(span.traceId), span.traceId);
    }
    const key = keyOf(span);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, span);
    } else {
      const group = repeated.get(key);
      if (group) {
        group.push(span);
      } else {
        repeated.set(key, [earlier, span]);
      }
    }
  }
  const merged: ZipkinSpan[] = [];
  for (const [key, span] of first) {
    const group = repeated.get(key);
    for (const piece of group ? mergeGroup(group) : [span]) {
      if (longTraceIds.size > 0) {
        piece.traceId = longTraceIds.get(traceKey(piece.traceId)) ?? piece.traceId;
      }
      merged.push(piece);
    }
  }
  return merged;
}

/**
 * The key of a span's trace and ID: the ID alone when every span is of one trace (a trace
 * answer, most files), else the trace's lower 64 bits and the ID.
 */
export function spanKeys(spans: ZipkinSpan[]): (span: ZipkinSpan) => string {
  const trace = spans.length > 0 ? traceKey(spans[0].traceId) : '';
  const oneTrace = spans.every((span) => span.traceId.endsWith(trace));
  return oneTrace ? (span) => span.id : (span) => `${traceKey(span.traceId)}/${span.id}`;
}

/** The spans of one trace that share one ID. */
function mergeGroup(group: ZipkinSpan[]): ZipkinSpan[] {
  const sorted = [...group].sort(bySideThenEndpoint);
  const result: ZipkinSpan[] = [];
  for (const span of sorted) {
    const last = result[result.length - 1];
    if (last && last.shared === span.shared && sameEndpoint(last.localEndpoint, span.localEndpoint)) {
      result[result.length - 1] = mergePieces(last, span);
    } else {
      result.push(span);
    }
  }
  absorbKindlessPieces(result);
  const client = result.find((span) => !span.shared && span.kind === 'CLIENT');
  for (const span of result) {
    if (client && span !== client && span.kind === 'SERVER') {
      // Instrumentation that reuses the client's ID but forgot the flag.
      span.shared = true;
    }
    if (client && span.shared && span.parentId === undefined) {
      // A shared server that was not propagated its parent's ID.
      span.parentId = client.parentId;
    }
  }
  return result;
}

/**
 * A piece with no kind (a late flush of tags or annotations) that shares an ID with a client and
 * its server belongs to the half on its own endpoint: the side-by-side merge above keeps it apart
 * because its side is unknown. Real data has them (SmartThings' traces, 84 times in one trace).
 */
function absorbKindlessPieces(result: ZipkinSpan[]): void {
  for (let i = 0; i < result.length && result.length > 1; i++) {
    const piece = result[i];
    if (piece.kind !== undefined || piece.shared || !piece.localEndpoint) {
      continue;
    }
    const own = endpointText(piece.localEndpoint);
    const target = result.findIndex((other) => other.kind !== undefined && endpointText(other.localEndpoint) === own);
    if (target >= 0) {
      result[target] = mergePieces(result[target], piece);
      result.splice(i, 1);
      i--;
    }
  }
}

/** Endpoint identity for keys: service, IPs and port. */
export function endpointText(endpoint: ZipkinEndpoint | undefined): string {
  return endpoint
    ? `${endpoint.serviceName ?? ''}/${endpoint.ipv4 ?? ''}/${endpoint.ipv6 ?? ''}/${endpoint.port ?? ''}`
    : '';
}

/** The unshared half first (a client before others), then by endpoint; endpointless pieces first. */
function bySideThenEndpoint(a: ZipkinSpan, b: ZipkinSpan): number {
  if (a.shared !== b.shared) {
    return a.shared ? 1 : -1;
  }
  if (a.kind !== b.kind && (a.kind === 'CLIENT' || b.kind === 'CLIENT')) {
    return a.kind === 'CLIENT' ? -1 : 1;
  }
  return endpointText(a.localEndpoint).localeCompare(endpointText(b.localEndpoint));
}

/** Pieces of one span agree on every endpoint field both of them set (a missing field agrees). */
function sameEndpoint(a: ZipkinEndpoint | undefined, b: ZipkinEndpoint | undefined): boolean {
  if (!a || !b) {
    return true;
  }
  const agree = <T>(x: T | undefined, y: T | undefined) => x === undefined || y === undefined || x === y;
  return agree(a.serviceName, b.serviceName) && agree(a.ipv4, b.ipv4) && agree(a.ipv6, b.ipv6) && agree(a.port, b.port);
}

/** Two pieces of one span: the first piece's values win, the second fills what it lacks. */
function mergePieces(left: ZipkinSpan, right: ZipkinSpan): ZipkinSpan {
  const annotations = [...left.annotations];
  for (const annotation of right.annotations) {
    if (!annotations.some((a) => a.timestamp === annotation.timestamp && a.value === annotation.value)) {
      annotations.push(annotation);
    }
  }
  annotations.sort((a, b) => a.timestamp - b.timestamp);
  return {
    traceId: right.traceId.length > left.traceId.length ? right.traceId : left.traceId,
    id: left.id,
    parentId: left.parentId ?? right.parentId,
    name: left.name || right.name,
    kind: left.kind ?? right.kind,
    timestamp: left.timestamp ?? right.timestamp,
    duration: left.duration ?? right.duration,
    localEndpoint: mergeEndpoints(left.localEndpoint, right.localEndpoint),
    remoteEndpoint: mergeEndpoints(left.remoteEndpoint, right.remoteEndpoint),
    annotations,
    tags: Object.assign(Object.create(null), left.tags, right.tags),
    ...(left.skippedTags || right.skippedTags
      ? { skippedTags: [...(left.skippedTags ?? []), ...(right.skippedTags ?? [])] }
      : {}),
    debug: left.debug || right.debug,
    shared: left.shared || right.shared,
  };
}

/** The first endpoint's fields, the second's where the first has none. */
function mergeEndpoints(a: ZipkinEndpoint | undefined, b: ZipkinEndpoint | undefined): ZipkinEndpoint | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return {
    serviceName: a.serviceName ?? b.serviceName,
    ipv4: a.ipv4 ?? b.ipv4,
    ipv6: a.ipv6 ?? b.ipv6,
    port: a.port ?? b.port,
  };
}

/**
 * The spans of a Zipkin v2 span array (`[span, …]`), or of an array of traces (`[[span, …], …]`,
 * as `/api/v2/traces` answers); throws a DecodeError for anything else.
 */
export function zipkinSpanList(body: unknown): unknown[] {
  if (!Array.isArray(body)) {
    throw new DecodeError(`expected a Zipkin v2 span array (\`[{"traceId":…,"id":…}, …]\`), got ${describeJson(body)}`);
  }
  return body.some(Array.isArray) ? body.flat() : body;
}

/**
 * True for what only Zipkin v2 JSON looks like: an array (of spans, or of arrays of spans) whose
 * first span is an object with string `traceId` and `id`. For telling formats apart by content.
 */
export function looksLikeZipkinJson(body: unknown): boolean {
  if (!Array.isArray(body)) {
    return false;
  }
  const first: unknown = Array.isArray(body[0]) ? body[0][0] : body[0];
  return isJsonObject(first) && typeof first.traceId === 'string' && typeof first.id === 'string';
}
