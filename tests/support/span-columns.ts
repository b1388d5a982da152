/**
 * Span columns for analysis tests, built without a decoder: from a few described spans, from a
 * Zipkin v2 span array (the minimal conversion the tests need: ids, parent, name, service,
 * kind, times; the Zipkin decoder proper lives with the Zipkin backend), and a decoded trace
 * with some rows taken out.
 */
import type { TraceKeyValuePair } from '@grafana/data';

import type { SyntheticTrace } from '../../bench/synthetic-trace';
import { emptyColumns, NO_LOGS, NO_REFERENCES, NO_TAGS, type SpanColumnName, type SpanColumns } from '../../src/decode/columns';

export interface SpanSpec {
  id: string;
  parent?: string;
  name?: string;
  service?: string;
  /** Milliseconds from the trace start. */
  start: number;
  duration: number;
  kind?: string;
  status?: number;
  statusMessage?: string;
  tags?: Record<string, string | number | boolean>;
  resource?: Record<string, string | number | boolean>;
  references?: Array<{ spanID: string; refType?: string }>;
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACE_START_MS = 1_795_501_192_468;

const keyValues = (record?: Record<string, string | number | boolean>): TraceKeyValuePair[] =>
  record ? Object.entries(record).map(([key, value]) => ({ key, value })) : NO_TAGS;

export function columnsOf(specs: SpanSpec[]): SpanColumns {
  const columns = emptyColumns();
  const resources = new Map<string, TraceKeyValuePair[]>();
  for (const spec of specs) {
    const service = spec.service ?? 'svc';
    const resourceKey = JSON.stringify([service, spec.resource]);
    if (!resources.has(resourceKey)) {
      resources.set(resourceKey, [{ key: 'service.name', value: service }, ...keyValues(spec.resource)]);
    }
    columns.traceID.push(TRACE_ID);
    columns.spanID.push(spec.id);
    columns.parentSpanID.push(spec.parent);
    columns.operationName.push(spec.name ?? `op-${spec.id}`);
    columns.serviceName.push(service);
    columns.serviceTags.push(resources.get(resourceKey)!);
    columns.startTime.push(TRACE_START_MS + spec.start);
    columns.duration.push(spec.duration);
    columns.tags.push(keyValues(spec.tags));
    columns.kind.push(spec.kind ?? 'internal');
    columns.statusCode.push(spec.status ?? 0);
    columns.statusMessage.push(spec.statusMessage);
    columns.instrumentationLibraryName.push(undefined);
    columns.instrumentationLibraryVersion.push(undefined);
    columns.traceState.push(undefined);
    columns.logs.push(NO_LOGS);
    columns.references.push((spec.references as SpanColumns['references'][number]) ?? NO_REFERENCES);
    columns.stackTraces.push(undefined);
  }
  return columns;
}

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: string;
  /** Microseconds since the epoch. */
  timestamp?: number;
  duration?: number;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

/** Zipkin v2 JSON spans as columns: one row per span, IDs as they are (shared spans keep theirs). */
export function columnsFromZipkin(spans: ZipkinSpan[]): SpanColumns {
  const columns = columnsOf(
    spans.map((span) => ({
      id: span.id,
      parent: span.parentId,
      name: span.name ?? '',
      service: span.localEndpoint?.serviceName ?? 'unknown',
      start: 0,
      duration: (span.duration ?? 0) / 1000,
      kind: span.kind ? span.kind.toLowerCase() : 'internal',
      tags: span.tags,
    }))
  );
  spans.forEach((span, row) => {
    columns.traceID[row] = span.traceId;
    columns.startTime[row] = (span.timestamp ?? 0) / 1000;
  });
  return columns;
}

/** The same columns without the given rows. */
export function withoutRows(spans: SpanColumns, drop: number[]): SpanColumns {
  const result = emptyColumns();
  for (const key of Object.keys(result) as SpanColumnName[]) {
    (result[key] as unknown[]) = (spans[key] as unknown[]).filter((_, row) => !drop.includes(row));
  }
  return result;
}

/**
 * A generated trace (bench/synthetic-trace.ts) straight into columns, without encoding and
 * decoding it: what the analysis sees of it is the same, at a fraction of the time.
 */
export function columnsFromSynthetic(trace: SyntheticTrace): SpanColumns {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const traceId = hex(trace.traceId);
  const spanId = (index: number) => hex(trace.spanIds.subarray(8 * index, 8 * index + 8));
  const columns = emptyColumns();
  for (const batch of trace.batches) {
    const resource: TraceKeyValuePair[] = batch.resource.map(({ key, value }) => ({
      key,
      value: value.value as string,
    }));
    const service = String(resource.find((tag) => tag.key === 'service.name')?.value);
    for (const scope of batch.scopes) {
      for (const span of scope.spans) {
        columns.traceID.push(traceId);
        columns.spanID.push(spanId(span.index));
        columns.parentSpanID.push(span.parent < 0 ? undefined : spanId(span.parent));
        columns.operationName.push(span.name);
        columns.serviceName.push(service);
        columns.serviceTags.push(resource);
        columns.startTime.push(Number(span.startNanos / BigInt(1000)) / 1000);
        columns.duration.push(Number(span.endNanos - span.startNanos) / 1e6);
        columns.tags.push(span.attributes.map(({ key, value }) => ({ key, value: value.value as string })));
        columns.kind.push(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'][span.kind]);
        columns.statusCode.push(span.statusCode);
        columns.statusMessage.push(undefined);
        columns.instrumentationLibraryName.push(scope.name);
        columns.instrumentationLibraryVersion.push(scope.version);
        columns.traceState.push(undefined);
        columns.logs.push(NO_LOGS);
        columns.references.push(NO_REFERENCES);
        columns.stackTraces.push(undefined);
      }
    }
  }
  return columns;
}
