// An OTLP/JSON export request (as signup-trace.mjs builds it) as a Zipkin v2 span array, the body
// Zipkin's POST /api/v2/spans takes: Zipkin's server reads no OTLP. The mapping is the
// OpenTelemetry Zipkin exporter's, so the trace reads back as it was sent wherever the format can
// carry it: kind (INTERNAL has none), microsecond times, the resource's service.name as the local
// endpoint and its other attributes as tags, status and scope as `otel.*` tags (`error` holding the
// message), events as `name|{attributes}|0` annotations. Links have no place in Zipkin and are left
// out. No npm dependencies.

const ZIPKIN_KIND = { 2: 'SERVER', 3: 'CLIENT', 4: 'PRODUCER', 5: 'CONSUMER' };
const STATUS_ERROR = 2;

/** An OTLP AnyValue as a plain value: arrays and maps as JSON text in tags. */
function plain(value) {
  if (value.arrayValue) {
    return (value.arrayValue.values ?? []).map(plain);
  }
  if ('intValue' in value) {
    return Number(value.intValue);
  }
  return value.stringValue ?? value.boolValue ?? value.doubleValue ?? '';
}

const tagText = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
const attributeMap = (attributes = []) => Object.fromEntries(attributes.map(({ key, value }) => [key, plain(value)]));

/** Nanoseconds (decimal text) to whole microseconds. */
const micros = (nanos) => Number(BigInt(nanos) / 1000n);

export function otlpToZipkinSpans(otlp) {
  const spans = [];
  for (const { resource, scopeSpans } of otlp.resourceSpans) {
    const { 'service.name': serviceName, ...resourceTags } = attributeMap(resource?.attributes);
    for (const { scope, spans: otlpSpans } of scopeSpans) {
      for (const span of otlpSpans) {
        const tags = {};
        for (const [key, value] of Object.entries({ ...resourceTags, ...attributeMap(span.attributes) })) {
          tags[key] = tagText(value);
        }
        if (scope?.name) {
          tags['otel.scope.name'] = scope.name;
        }
        if (scope?.version) {
          tags['otel.scope.version'] = scope.version;
        }
        if (span.status?.code === STATUS_ERROR) {
          tags['otel.status_code'] = 'ERROR';
          tags.error = span.status.message || 'true';
          if (span.status.message) {
            tags['otel.status_description'] = span.status.message;
          }
        }
        const start = micros(span.startTimeUnixNano);
        spans.push({
          traceId: span.traceId,
          id: span.spanId,
          parentId: span.parentSpanId, // undefined on the root: JSON.stringify leaves it out
          name: span.name,
          kind: ZIPKIN_KIND[span.kind],
          timestamp: start,
          duration: Math.max(1, micros(span.endTimeUnixNano) - start),
          localEndpoint: { serviceName },
          tags,
          annotations: (span.events ?? []).map((event) => ({
            timestamp: micros(event.timeUnixNano),
            value: `${event.name}|${JSON.stringify(attributeMap(event.attributes))}|0`,
          })),
        });
      }
    }
  }
  return spans;
}
