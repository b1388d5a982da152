// The signup traces of the demo and the live tests: web-frontend → email-verifier (PostgreSQL,
// Kafka) → anonymizer → marketing-qualifier, as an OTLP/HTTP JSON request body, plus the log
// lines that carry its trace ID (Loki push JSON). Pure: sending is up to the caller
// (generate.mjs for the compose stack, scripts/live/ for the live tests). No npm dependencies.

// OTLP enums are integers in OTLP/JSON.
const KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };
const STATUS_ERROR = 2;

/**
 * A generator of signup traces. `seed` makes its output repeatable; by default it is seeded from
 * the clock, so a restarted generator never reuses trace IDs it already sent.
 */
export function createSignupTraces(seedValue = Date.now()) {
  // mulberry32: small seeded PRNG.
  let seed = seedValue >>> 0;
  function random() {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const between = (min, max) => min + random() * (max - min);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const hex = (bytes) =>
    Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

  /** An OTLP AnyValue; int64 goes as a decimal string (proto3 JSON mapping). */
  function anyValue(v) {
    if (Array.isArray(v)) {
      return { arrayValue: { values: v.map(anyValue) } };
    }
    switch (typeof v) {
      case 'boolean':
        return { boolValue: v };
      case 'number':
        return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
      default:
        return { stringValue: String(v) };
    }
  }
  const attributes = (obj) => Object.entries(obj).map(([key, v]) => ({ key, value: anyValue(v) }));

  const SERVICES = ['web-frontend', 'email-verifier', 'anonymizer', 'marketing-qualifier'];
  const HOSTS = Object.fromEntries(SERVICES.map((service) => [service, `${service}-${hex(3)}`]));
  let previousProducer; // the last trace's Kafka publish, for the occasional batch link

  /** One signup: web-frontend → email-verifier (PostgreSQL, Kafka) → anonymizer → marketing-qualifier. */
  function buildTrace(nowMs = Date.now()) {
    const traceId = hex(16);
    const spans = [];
    // Span times are ms offsets from the trace start, a second ago so that no span ends in the future.
    // OTLP wants nanosecond strings: beyond 2^53, hence BigInt.
    const t0 = BigInt(nowMs - 1000) * 1_000_000n;
    const ns = (ms) => String(t0 + BigInt(Math.round(ms * 1000)) * 1000n);
    // `duration` 0: the end is set once the children are known.
    const span = (service, name, kind, parent, start, duration, attrs) => {
      const s = {
        service,
        traceId,
        spanId: hex(8),
        parentSpanId: parent?.spanId,
        name,
        kind,
        start,
        end: start + duration,
        attrs,
      };
      spans.push(s);
      return s;
    };

    const plan = pick(['free', 'pro', 'team']);
    const domain = pick(['example.com', 'example.org', 'mail.test']);
    const root = span('web-frontend', 'POST /signup', KIND.SERVER, null, 0, 0, {
      'http.request.method': 'POST',
      'http.route': '/signup',
      'url.path': '/signup',
      'http.response.status_code': 201,
      'user_agent.original': pick(['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (Macintosh)', 'curl/8.5.0']),
      'signup.plan': plan,
      'signup.referred': chance(0.3),
    });
    const verifier = span('email-verifier', 'POST /verify', KIND.SERVER, root, between(4, 9), 0, {
      'http.request.method': 'POST',
      'http.route': '/verify',
      'http.response.status_code': 200,
      'email.domain': domain,
      'email.mx_checked': true,
      'email.mx_lookup_ms': Number(between(2, 30).toFixed(2)),
    });
    // email-verifier's PostgreSQL calls
    const query = (operation, statement, start, duration) =>
      span('email-verifier', `${operation} signups`, KIND.CLIENT, verifier, start, duration, {
        'db.system': 'postgresql',
        'db.name': 'signups',
        'db.operation': operation,
        'db.statement': statement,
        'server.address': 'postgres',
        'server.port': 5432,
      });
    let cursor = verifier.start + 2;
    if (chance(0.5)) {
      cursor = query('SELECT', 'SELECT 1 FROM signups WHERE email = $1', cursor, between(1, 6)).end + 1;
    }
    const insert = query('INSERT', 'INSERT INTO signups (email, plan) VALUES ($1, $2)', cursor, between(3, 15));
    const publish = span('email-verifier', 'signups publish', KIND.PRODUCER, verifier, insert.end + 1, between(1, 4), {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'publish',
      'messaging.destination.name': 'signups',
      'messaging.kafka.destination.partition': Math.floor(between(0, 6)),
    });
    verifier.end = publish.end + between(1, 5);
    root.end = verifier.end + between(2, 10);

    // Kafka is asynchronous: the consumer may start after the signup request has been answered.
    const consume = span('anonymizer', 'signups process', KIND.CONSUMER, publish, publish.end + between(5, 60), 0, {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'signups',
      'messaging.consumer.group.name': 'anonymizer',
      'messaging.kafka.message.offset': Math.floor(between(1e3, 1e6)),
      'pii.fields_redacted': ['email', 'ip'],
    });
    if (chance(0.15)) {
      const target = previousProducer ?? { traceId: hex(16), spanId: hex(8) };
      consume.links = [{ ...target, attributes: attributes({ 'link.reason': 'consumed in the same batch' }) }];
    }
    previousProducer = { traceId, spanId: publish.spanId };

    const failed = chance(0.2);
    const score = Number(between(0, 1).toFixed(3));
    const qualifyAt = consume.start + between(3, 8);
    const qualify = span('marketing-qualifier', 'POST /qualify', KIND.SERVER, consume, qualifyAt, between(20, 60), {
      'http.request.method': 'POST',
      'http.route': '/qualify',
      'http.response.status_code': failed ? 503 : 200,
      ...(failed ? {} : { 'lead.score': score, 'lead.qualified': score > 0.6 }),
    });
    if (chance(0.5)) {
      const at = qualify.start + 2;
      const scoring = span('marketing-qualifier', 'score lead', KIND.INTERNAL, qualify, at, between(10, 80), {
        'lead.model': 'gbm-v3',
        'lead.features': 42,
      });
      qualify.end = Math.max(qualify.end, scoring.end + 1);
    }
    consume.end = qualify.end + between(1, 4);
    if (failed) {
      qualify.status = { code: STATUS_ERROR, message: 'lead scoring model timed out' };
      qualify.events = [
        {
          timeUnixNano: ns(qualify.end - 1),
          name: 'exception',
          attributes: attributes({
            'exception.type': 'TimeoutError',
            'exception.message': 'lead scoring model timed out after 100ms',
            'exception.stacktrace': [
              'TimeoutError: lead scoring model timed out after 100ms',
              '    at ScoringClient.score (/app/src/scoring.js:41:13)',
              '    at async qualifyLead (/app/src/qualify.js:18:17)',
              '    at async /app/src/server.js:27:5',
            ].join('\n'),
          }),
        },
      ];
    }

    const otlpSpan = (s) => ({
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId, // undefined on the root: JSON.stringify leaves it out
      name: s.name,
      kind: s.kind,
      startTimeUnixNano: ns(s.start),
      endTimeUnixNano: ns(s.end),
      attributes: attributes(s.attrs),
      events: s.events,
      links: s.links,
      status: s.status,
    });
    const otlp = {
      resourceSpans: SERVICES.map((service) => ({
        resource: {
          attributes: attributes({
            'service.name': service,
            'service.namespace': 'signup',
            'host.name': HOSTS[service],
          }),
        },
        scopeSpans: [
          {
            scope: { name: 'threadline-generator', version: '1.0.0' },
            spans: spans.filter((s) => s.service === service).map(otlpSpan),
          },
        ],
      })),
    };

    // Three spellings, as real services write them: email-verifier logfmt `trace_id=`, anonymizer JSON
    // (`"trace_id":"…"`, as OpenTelemetry log exporters write it), the others logfmt `traceID=`.
    const logs = [
      [root, 'info', 'signup accepted', { plan }],
      [verifier, 'info', 'verification email queued', { domain }],
      [insert, 'debug', 'signup row inserted', { table: 'signups' }],
      [consume, 'info', 'pii redacted', { fields: 'email,ip' }],
      failed
        ? [qualify, 'error', 'lead scoring failed', { err: 'model timed out after 100ms' }]
        : [qualify, 'info', 'lead scored', { score }],
    ];
    const logfmt = (fields) =>
      Object.entries(fields)
        .map(([key, value]) => `${key}=${/[\s",]/.test(String(value)) ? JSON.stringify(String(value)) : value}`)
        .join(' ');
    const logLine = (s, level, msg, fields) => {
      if (s.service === 'anonymizer') {
        return JSON.stringify({ level, msg, ...fields, trace_id: traceId, span_id: s.spanId });
      }
      const ids =
        s.service === 'email-verifier' ? { trace_id: traceId, span_id: s.spanId } : { traceID: traceId, spanID: s.spanId };
      return logfmt({ level, msg, ...fields, ...ids });
    };
    const streams = new Map();
    for (const [s, level, msg, fields] of logs) {
      if (!streams.has(s.service)) {
        streams.set(s.service, { stream: { service_name: s.service, job: 'threadline-generator' }, values: [] });
      }
      streams.get(s.service).values.push([ns(s.start + 0.5), logLine(s, level, msg, fields)]);
    }
    return { otlp, loki: { streams: [...streams.values()] } };
  }

  return { buildTrace };
}
