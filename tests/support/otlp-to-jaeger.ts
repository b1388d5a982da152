/**
 * OTLP/JSON (an export request) to Jaeger's legacy JSON (`{data:[{traceID, spans, processes}]}`),
 * as Jaeger's OTLP→Jaeger translator writes it: the resource is the span's process (`serviceName`,
 * other attributes as process tags), attributes typed tags, the parent a CHILD_OF reference and
 * links FOLLOWS_FROM, kind `span.kind`, status `otel.status_code`/`otel.status_description` and
 * `error=true`, scope `otel.scope.*`, events logs with an `event` field; microseconds. For the
 * cross-backend test, which builds each backend's answer from one source trace.
 */
type AnyValue = { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
  events?: Array<{ timeUnixNano: string; name: string; attributes?: KeyValue[] }>;
  links?: Array<{ traceId: string; spanId: string }>;
  status?: { code?: number; message?: string };
}

export interface OtlpExport {
  resourceSpans: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans: Array<{ scope?: { name?: string; version?: string }; spans: OtlpSpan[] }>;
  }>;
}

const KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const micros = (nanos: string) => Number(BigInt(nanos) / BigInt(1000));

function jaegerTag({ key, value }: KeyValue) {
  if (value.boolValue !== undefined) {
    return { key, type: 'bool', value: value.boolValue };
  }
  if (value.intValue !== undefined) {
    return { key, type: 'int64', value: Number(value.intValue) };
  }
  if (value.doubleValue !== undefined) {
    return { key, type: 'float64', value: value.doubleValue };
  }
  return { key, type: 'string', value: value.stringValue ?? '' };
}

export function otlpToJaeger(otlp: OtlpExport) {
  const processes: Record<string, unknown> = {};
  const spans: unknown[] = [];
  otlp.resourceSpans.forEach((resourceSpans, index) => {
    const attributes = resourceSpans.resource?.attributes ?? [];
    const processID = `p${index + 1}`;
    processes[processID] = {
      serviceName: attributes.find((kv) => kv.key === 'service.name')?.value.stringValue ?? '',
      tags: attributes.filter((kv) => kv.key !== 'service.name').map(jaegerTag),
    };
    for (const { scope, spans: scopeSpans } of resourceSpans.scopeSpans) {
      for (const span of scopeSpans) {
        const tags = (span.attributes ?? []).map(jaegerTag);
        if (scope?.name) {
          tags.push({ key: 'otel.scope.name', type: 'string', value: scope.name });
        }
        if (scope?.version) {
          tags.push({ key: 'otel.scope.version', type: 'string', value: scope.version });
        }
        if (span.kind) {
          tags.push({ key: 'span.kind', type: 'string', value: KINDS[span.kind] });
        }
        if (span.status?.code === 2) {
          tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
          tags.push({ key: 'error', type: 'bool', value: true });
          if (span.status.message) {
            tags.push({ key: 'otel.status_description', type: 'string', value: span.status.message });
          }
        }
        spans.push({
          traceID: span.traceId,
          spanID: span.spanId,
          operationName: span.name,
          references: [
            ...(span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }] : []),
            ...(span.links ?? []).map((link) => ({
              refType: 'FOLLOWS_FROM',
              traceID: link.traceId,
              spanID: link.spanId,
            })),
          ],
          startTime: micros(span.startTimeUnixNano),
          duration: micros(span.endTimeUnixNano) - micros(span.startTimeUnixNano),
          tags,
          logs: (span.events ?? []).map((event) => ({
            timestamp: micros(event.timeUnixNano),
            fields: [{ key: 'event', type: 'string', value: event.name }, ...(event.attributes ?? []).map(jaegerTag)],
          })),
          processID,
        });
      }
    }
  });
  return { data: [{ traceID: otlp.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.traceId, spans, processes }] };
}
