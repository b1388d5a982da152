/**
 * Synthetic traces shaped like real ones, deterministic from a seed: ~12 services with a few
 * instances each, 4–8 span attributes of mixed types, resource attributes, events on ~5% of
 * spans (some `exception` events with stack traces), links on ~1%, deep chains and wide fan-outs.
 * Spans reach the body in batches per service instance, as Tempo returns them: the same resource
 * repeats in many ResourceSpans.
 *
 * The model keeps IDs in one buffer and parents as indexes, so 500k spans fit in memory next
 * to their encoded bodies.
 */

export type AttributeValue =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'double'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'array'; value: AttributeValue[] }
  | { type: 'kvlist'; value: Attribute[] };

export interface Attribute {
  key: string;
  value: AttributeValue;
}

export interface SyntheticEvent {
  timeNanos: bigint;
  name: string;
  attributes: Attribute[];
}

export interface SyntheticLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  attributes: Attribute[];
}

export interface SyntheticSpan {
  /** Index into the trace's `spanIds` (8 bytes per span). */
  index: number;
  /** Index of the parent span, -1 for the root. */
  parent: number;
  name: string;
  /** OTLP SpanKind number. */
  kind: number;
  startNanos: bigint;
  endNanos: bigint;
  attributes: Attribute[];
  events: SyntheticEvent[];
  links: SyntheticLink[];
  /** OTLP Status.code number. */
  statusCode: number;
  statusMessage: string;
  traceState: string;
}

export interface SyntheticScope {
  name: string;
  version: string;
  spans: SyntheticSpan[];
}

export interface SyntheticBatch {
  resource: Attribute[];
  scopes: SyntheticScope[];
}

export interface SyntheticTrace {
  traceId: Uint8Array;
  /** 8 bytes per span, span `i` at `8 * i`. */
  spanIds: Uint8Array;
  spanCount: number;
  batches: SyntheticBatch[];
}

const SERVICES = [
  'web-frontend', 'api-gateway', 'auth', 'users', 'orders', 'payments',
  'inventory', 'shipping', 'notifications', 'search', 'recommendations', 'billing-worker',
]; // prettier-ignore
const INSTANCES_PER_SERVICE = 3;
const MAX_DEPTH = 48;
const HUB_COUNT = 5;
const TRACE_START_NANOS = BigInt('1795501192468000000');
const ROOT_DURATION_NANOS = 42e9;

const str = (value: string): AttributeValue => ({ type: 'string', value });
const int = (value: number): AttributeValue => ({ type: 'int', value });

/** Deterministic PRNG (mulberry32): the same seed gives the same trace everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateTrace(spanCount: number, seed = 1): SyntheticTrace {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const traceId = randomBytes(random, 16);
  const spanIds = randomBytes(random, 8 * spanCount);
  const tree = spanTree(spanCount, random);
  const resources = SERVICES.flatMap((service, s) =>
    Array.from({ length: INSTANCES_PER_SERVICE }, (_, instance) => resourceAttributes(service, s, instance))
  );
  const operations = SERVICES.map((service) => operationNames(service));

  // One open batch per service instance; a batch closes after 100–400 spans, like an exporter's.
  const open = new Map<number, { batch: SyntheticBatch; size: number; limit: number }>();
  const batches: SyntheticBatch[] = [];
  for (let i = 0; i < spanCount; i++) {
    const service = tree.service[i];
    const resource = service * INSTANCES_PER_SERVICE + Math.floor(random() * INSTANCES_PER_SERVICE);
    let current = open.get(resource);
    if (!current) {
      const scopes = [0, 1].map((n) => ({
        name: `${SERVICES[service]}/${n ? 'db' : 'http'}`,
        version: '1.2.0',
        spans: [],
      }));
      current = { batch: { resource: resources[resource], scopes }, size: 0, limit: 100 + Math.floor(random() * 300) };
      open.set(resource, current);
    }
    const span = syntheticSpan(i, tree, random, pick, operations[service], spanIds);
    current.batch.scopes[span.kind === 3 && random() < 0.5 ? 1 : 0].spans.push(span);
    if (++current.size >= current.limit) {
      batches.push(current.batch);
      open.delete(resource);
    }
  }
  for (const { batch } of open.values()) {
    batches.push(batch);
  }
  for (const batch of batches) {
    batch.scopes = batch.scopes.filter((scope) => scope.spans.length > 0);
  }
  return { traceId, spanIds, spanCount, batches };
}

interface SpanTree {
  parent: Int32Array;
  service: Uint8Array;
  /** Nanoseconds after the trace start. */
  start: Float64Array;
  duration: Float64Array;
}

/** Parents, services and times: deep chains (recent parents), random parents, and a few hubs with huge fan-outs. */
function spanTree(spanCount: number, random: () => number): SpanTree {
  const parent = new Int32Array(spanCount).fill(-1);
  const depth = new Int32Array(spanCount);
  const service = new Uint8Array(spanCount);
  const start = new Float64Array(spanCount);
  const duration = new Float64Array(spanCount);
  duration[0] = ROOT_DURATION_NANOS + Math.floor(random() * 1e6);
  for (let i = 1; i < spanCount; i++) {
    const r = random();
    let p =
      r < 0.55
        ? Math.max(0, i - 1 - Math.floor(random() * 6))
        : r < 0.85
          ? Math.floor(random() * i)
          : Math.min(i - 1, 1 + Math.floor(random() * HUB_COUNT) * 7);
    while (depth[p] >= MAX_DEPTH) {
      p = parent[p];
    }
    parent[i] = p;
    depth[i] = depth[p] + 1;
    service[i] = random() < 0.65 ? service[p] : Math.floor(random() * SERVICES.length);
    start[i] = start[p] + Math.floor(random() * 0.9 * duration[p]);
    duration[i] = Math.max(1000, Math.floor(random() * 0.8 * (start[p] + duration[p] - start[i])));
  }
  return { parent, service, start, duration };
}

function syntheticSpan(
  i: number,
  tree: SpanTree,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  operations: string[],
  spanIds: Uint8Array
): SyntheticSpan {
  const parent = tree.parent[i];
  const calledFromOtherService = parent >= 0 && tree.service[parent] !== tree.service[i];
  const kind = i === 0 || calledFromOtherService ? 2 : pick([1, 1, 1, 3, 3, 4, 5, 0]);
  const startNanos = TRACE_START_NANOS + BigInt(tree.start[i]);
  const span: SyntheticSpan = {
    index: i,
    parent,
    name: pick(operations),
    kind,
    startNanos,
    endNanos: startNanos + BigInt(tree.duration[i]),
    attributes: spanAttributes(random, pick),
    events: [],
    links: [],
    statusCode: random() < 0.15 ? 1 : 0,
    statusMessage: '',
    traceState: random() < 0.01 ? 'vendor=abc,rojo=00f067aa0ba902b7' : '',
  };
  if (random() < 0.05) {
    addEvents(span, tree.duration[i], random, pick);
  }
  if (random() < 0.01) {
    const linkCount = 1 + Math.floor(random() * 2);
    for (let l = 0; l < linkCount; l++) {
      const linked = Math.floor(random() * tree.parent.length);
      const attributes = random() < 0.5 ? [{ key: 'link.reason', value: str('batch') }] : [];
      span.links.push({
        traceId: randomBytes(random, 16),
        spanId: spanIds.slice(8 * linked, 8 * linked + 8),
        attributes,
      });
    }
  }
  return span;
}

/** 1–3 events; four in ten event-bearing spans failed with an `exception` event and an error status. */
function addEvents(span: SyntheticSpan, duration: number, random: () => number, pick: <T>(items: readonly T[]) => T) {
  const at = () => span.startNanos + BigInt(Math.floor(random() * duration));
  if (random() < 0.4) {
    const type = pick(['java.net.SocketTimeoutException', 'IllegalStateException', 'sql.ConnectionError']);
    const message = `${pick(['connect timed out', 'pool exhausted', 'unexpected EOF'])} after ${Math.floor(random() * 5000)} ms`;
    span.events.push({
      timeNanos: at(),
      name: 'exception',
      attributes: [
        { key: 'exception.type', value: str(type) },
        { key: 'exception.message', value: str(message) },
        { key: 'exception.stacktrace', value: str(stackTrace(type, message, random)) },
        { key: 'exception.escaped', value: { type: 'bool', value: random() < 0.5 } },
      ],
    });
    span.statusCode = 2;
    span.statusMessage = message;
  }
  const more = Math.floor(random() * 3);
  for (let e = 0; e < more; e++) {
    const name = pick(['cache.miss', 'retry', 'message', 'checkpoint']);
    span.events.push({ timeNanos: at(), name, attributes: [{ key: 'attempt', value: int(e + 1) }] });
  }
}

function stackTrace(type: string, message: string, random: () => number): string {
  const frames = 10 + Math.floor(random() * 16);
  let text = `${type}: ${message}`;
  for (let f = 0; f < frames; f++) {
    const cls = [
      'com.shop.orders.OrderService',
      'io.grpc.internal.ClientCallImpl',
      'org.postgresql.core.v3.QueryExecutorImpl',
    ][f % 3];
    text += `\n\tat ${cls}.method${Math.floor(random() * 40)}(${cls.split('.').pop()}.java:${Math.floor(random() * 900)})`;
  }
  return text;
}

/** Attribute makers, each with the share of spans that get it (before the 4–8 cut). */
const SPAN_ATTRIBUTES: Array<(random: () => number) => Attribute> = [
  (r) => ({ key: 'http.method', value: str(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'][Math.floor(r() * 6)]) }),
  (r) => ({ key: 'http.status_code', value: int([200, 200, 200, 201, 204, 404, 500][Math.floor(r() * 7)]) }),
  (r) => ({
    key: 'http.url',
    value: str(`https://shop.example.com/api/items/${Math.floor(r() * 1e9)}?page=${Math.floor(r() * 50)}`),
  }),
  (r) => ({
    key: 'http.route',
    value: str(['/api/items/{id}', '/api/cart', '/api/checkout', '/healthz'][Math.floor(r() * 4)]),
  }),
  (r) => ({ key: 'net.peer.port', value: int(8000 + Math.floor(r() * 100)) }),
  (r) => ({
    key: 'db.statement',
    value: str(`SELECT id, sku, qty FROM order_items WHERE order_id = $1 LIMIT ${Math.floor(r() * 100)}`),
  }),
  (r) => ({ key: 'thread.id', value: int(Math.floor(r() * 200)) }),
  (r) => ({ key: 'sampling.ratio', value: { type: 'double', value: Math.floor(r() * 1000) / 1000 } }),
  (r) => ({ key: 'cache.hit', value: { type: 'bool', value: r() < 0.7 } }),
  (r) => ({ key: 'user.id', value: str(`u-${Math.floor(r() * 1e7).toString(36)}`) }),
  (r) => ({ key: 'payload.bytes', value: int(Math.floor(r() * 2 ** 40)) }),
  (r) => ({ key: 'messaging.kafka.partition', value: int(Math.floor(r() * 32)) }),
  (r) =>
    r() < 0.2
      ? {
          key: 'http.request.header.accept',
          value: { type: 'array', value: [str('application/json'), str('text/plain')] },
        }
      : { key: 'rpc.system', value: str('grpc') },
  (r) =>
    r() < 0.05
      ? {
          key: 'feature.flags',
          value: { type: 'kvlist', value: [{ key: 'new-checkout', value: { type: 'bool', value: true } }] },
        }
      : { key: 'component', value: str('http') },
];

function spanAttributes(random: () => number, pick: <T>(items: readonly T[]) => T): Attribute[] {
  const count = 4 + Math.floor(random() * 5);
  const first = Math.floor(random() * SPAN_ATTRIBUTES.length);
  const step = pick([1, 3, 5]); // coprime with the list length: `count` distinct makers
  const attributes: Attribute[] = [];
  for (let a = 0; a < count; a++) {
    attributes.push(SPAN_ATTRIBUTES[(first + a * step) % SPAN_ATTRIBUTES.length](random));
  }
  return attributes;
}

function resourceAttributes(service: string, serviceIndex: number, instance: number): Attribute[] {
  const pod = `${service}-7d9f${serviceIndex}-${(instance * 7919 + serviceIndex * 104729).toString(36).padStart(5, 'x')}`;
  return [
    { key: 'service.name', value: str(service) },
    { key: 'service.namespace', value: str('shop') },
    { key: 'service.version', value: str(`1.${serviceIndex}.${instance}`) },
    { key: 'deployment.environment', value: str('prod') },
    { key: 'host.name', value: str(`node-${(serviceIndex * 3 + instance) % 8}`) },
    { key: 'k8s.namespace.name', value: str('shop-prod') },
    { key: 'k8s.pod.name', value: str(pod) },
    { key: 'container.id', value: str(pod.repeat(4).slice(0, 64)) },
    { key: 'process.pid', value: int(1000 + serviceIndex * 10 + instance) },
    { key: 'telemetry.sdk.name', value: str('opentelemetry') },
    { key: 'telemetry.sdk.language', value: str(serviceIndex % 2 ? 'java' : 'go') },
    { key: 'telemetry.sdk.version', value: str('1.38.0') },
  ];
}

function operationNames(service: string): string[] {
  const names = ['GET', 'POST', 'PUT'].flatMap((verb) =>
    ['items', 'cart', 'orders', 'profile'].map((path) => `${verb} /api/${service}/${path}`)
  );
  return names.concat(['SELECT order_items', 'INSERT events', 'cache.get', `${service}.process`, 'kafka.publish']);
}

function randomBytes(random: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = Math.floor(random() * 256);
  }
  return bytes;
}
