// OTLP/JSON (an export request: `{resourceSpans:[…]}`) to Zipkin v2 JSON spans, for servers that
// take only Zipkin (Zipkin 3.x has no OTLP endpoint: POST /v1/traces answers 404). Follows what
// the OpenTelemetry Collector's Zipkin exporter writes, so Threadline's Zipkin decoder reads the
// trace back as it was:
// - service.name → localEndpoint.serviceName; other resource attributes and span attributes → tags
//   (Zipkin tags are strings: other values as their text, arrays as JSON);
// - kind SERVER/CLIENT/PRODUCER/CONSUMER as is, INTERNAL/UNSPECIFIED → no kind;
// - status → `otel.status_code` (and `error` with the message for an error), scope → `otel.scope.*`;
// - events → annotations `name|{attributes JSON}|droppedAttributesCount` (the bare name when none);
// - nanoseconds → microseconds. Links have no place in Zipkin and are dropped.
// With `remoteEndpoints` (default), clients, producers and consumers get the remote endpoint that
// Brave's instrumentation reports (peer.service or server.address; the messaging system), so that
// Zipkin's dependency graph has the database and the broker. No npm dependencies. Used by the
// compose stack's generator (generate.mjs) and the live Zipkin's seeding (scripts/live/seed-zipkin.mjs).

const KIND_NAMES = { 2: 'SERVER', 3: 'CLIENT', 4: 'PRODUCER', 5: 'CONSUMER' };

/** An OTLP AnyValue as a plain value. */
function plain(anyValue) {
  if (!anyValue) {
    return '';
  }
  if ('stringValue' in anyValue) {
    return anyValue.stringValue;
  }
  if ('boolValue' in anyValue) {
    return anyValue.boolValue;
  }
  if ('intValue' in anyValue) {
    return Number(anyValue.intValue);
  }
  if ('doubleValue' in anyValue) {
    return anyValue.doubleValue;
  }
  if ('arrayValue' in anyValue) {
    return (anyValue.arrayValue.values ?? []).map(plain);
  }
  if ('kvlistValue' in anyValue) {
    return Object.fromEntries((anyValue.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  }
  return '';
}

const asTag = (value) =>
  typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
const micros = (nanos) => Number(BigInt(nanos) / 1000n);

function remoteEndpoint(kind, attributes) {
  if (kind === 3) {
    const serviceName = attributes['peer.service'] ?? attributes['server.address'];
    if (serviceName !== undefined) {
      const port = Number(attributes['server.port']);
      return { serviceName: String(serviceName), ...(port > 0 ? { port } : {}) };
    }
  }
  if ((kind === 4 || kind === 5) && attributes['messaging.system'] !== undefined) {
    return { serviceName: String(attributes['messaging.system']) };
  }
  return undefined;
}

/** The Zipkin v2 spans of an OTLP/JSON export request. */
export function otlpToZipkin(otlp, { remoteEndpoints = true } = {}) {
  const spans = [];
  for (const resourceSpans of otlp.resourceSpans ?? []) {
    const resource = Object.fromEntries(
      (resourceSpans.resource?.attributes ?? []).map((kv) => [kv.key, plain(kv.value)])
    );
    const { 'service.name': serviceName, ...resourceTags } = resource;
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = scopeSpans.scope ?? {};
      for (const span of scopeSpans.spans ?? []) {
        const attributes = Object.fromEntries((span.attributes ?? []).map((kv) => [kv.key, plain(kv.value)]));
        const tags = {};
        for (const [key, value] of Object.entries({ ...resourceTags, ...attributes })) {
          tags[key] = asTag(value);
        }
        if (scope.name) {
          tags['otel.scope.name'] = scope.name;
        }
        if (scope.version) {
          tags['otel.scope.version'] = scope.version;
        }
        const status = span.status?.code ?? 0;
        if (status === 2) {
          tags['otel.status_code'] = 'ERROR';
          tags.error = span.status.message ?? '';
        } else if (status === 1) {
          tags['otel.status_code'] = 'OK';
        }
        const zipkin = {
          traceId: span.traceId,
          id: span.spanId,
          ...(span.parentSpanId ? { parentId: span.parentSpanId } : {}),
          ...(KIND_NAMES[span.kind] ? { kind: KIND_NAMES[span.kind] } : {}),
          name: span.name,
          timestamp: micros(span.startTimeUnixNano),
          duration: Math.max(1, micros(span.endTimeUnixNano) - micros(span.startTimeUnixNano)),
          localEndpoint: { serviceName: String(serviceName ?? 'unknown_service') },
          tags,
        };
        const remote = remoteEndpoints ? remoteEndpoint(span.kind, attributes) : undefined;
        if (remote) {
          zipkin.remoteEndpoint = remote;
        }
        if (span.events?.length) {
          zipkin.annotations = span.events.map((event) => {
            const eventAttributes = Object.fromEntries((event.attributes ?? []).map((kv) => [kv.key, plain(kv.value)]));
            const value =
              Object.keys(eventAttributes).length === 0
                ? event.name
                : `${event.name}|${JSON.stringify(eventAttributes)}|${event.droppedAttributesCount ?? 0}`;
            return { timestamp: micros(event.timeUnixNano), value };
          });
        }
        spans.push(zipkin);
      }
    }
  }
  return spans;
}
