import fs from 'fs';
import path from 'path';

import { DecodeError, SpanColumns } from './columns';
import { decodeOtlpJson } from './otlp-json';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures');

interface ManifestEntry {
  traceId: string;
  spanCount: number;
  services: string[];
  fail: boolean;
  rootService: string;
  rootName: string;
  startUnixNano: string;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
}

function manifestEntry(folder: string, traceId: string): ManifestEntry {
  const entries = readJson(`${folder}/traces.manifest.json`) as ManifestEntry[];
  const entry = entries.find((candidate) => candidate.traceId === traceId);
  if (!entry) {
    throw new Error(`${traceId} is not in the ${folder} manifest`);
  }
  return entry;
}

/** Index of the only root; fails unless every other span reaches it through parents. */
function rootOfTree(spans: SpanColumns): number {
  const indexById = new Map(spans.spanID.map((id, index) => [id, index]));
  const roots = spans.parentSpanID.flatMap((parent, index) => (parent === undefined ? [index] : []));
  expect(roots).toHaveLength(1);
  for (let index = 0; index < spans.spanID.length; index++) {
    let current = index;
    for (let steps = 0; spans.parentSpanID[current] !== undefined; steps++) {
      expect(steps).toBeLessThan(spans.spanID.length);
      const parent = indexById.get(spans.parentSpanID[current]!);
      expect(parent).toBeDefined();
      current = parent!;
    }
    expect(current).toBe(roots[0]);
  }
  return roots[0];
}

function spanNamed(spans: SpanColumns, name: string): number {
  const index = spans.operationName.indexOf(name);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}

function tagsOf(spans: SpanColumns, index: number): Record<string, unknown> {
  return Object.fromEntries(spans.tags[index].map((tag) => [tag.key, tag.value]));
}

function checkColumnLengths(spans: SpanColumns): void {
  for (const column of Object.values(spans)) {
    expect(column).toHaveLength(spans.spanID.length);
  }
}

describe.each([
  ['tempo-2.0.1', 'trace-by-id.json'],
  ['tempo-2.8.2', 'v1-trace-by-id.json'],
  ['tempo-2.8.2', 'v2-trace-by-id.json'],
])('decodeOtlpJson on %s/%s', (folder, file) => {
  const { spans, partialMessage } = decodeOtlpJson(readJson(`${folder}/${file}`));
  const manifest = manifestEntry(folder, '948fa8de1f33f0601aecb1973e1c20bb');

  it('reads every span into equally long columns', () => {
    expect(spans.spanID).toHaveLength(manifest.spanCount);
    checkColumnLengths(spans);
    expect(new Set(spans.traceID)).toEqual(new Set([manifest.traceId]));
    expect(new Set(spans.serviceName)).toEqual(new Set(manifest.services));
    expect(partialMessage).toBeUndefined();
  });

  it('links parents into one tree rooted at the manifest root', () => {
    const root = rootOfTree(spans);
    expect(spans.serviceName[root]).toBe(manifest.rootService);
    expect(spans.operationName[root]).toBe(manifest.rootName);
    expect(spans.spanID[root]).toBe('ddb052a64c5d8379');
    expect(spans.kind[root]).toBe('server');
    expect(spans.statusCode[root]).toBe(1);
    expect(spans.traceState[root]).toBe('vendor=abc');
    expect(spans.duration[root]).toBe(180);
  });

  it('reads kinds, scopes and resource attributes', () => {
    expect(spans.kind[spanNamed(spans, 'POST email-verifier/verify')]).toBe('client');
    expect(spans.kind[spanNamed(spans, 'anonymize')]).toBe('producer');
    expect(spans.kind[spanNamed(spans, 'strip-pii')]).toBe('consumer');
    expect(spans.kind[spanNamed(spans, 'qualify-lead')]).toBe('internal');
    const verify = spanNamed(spans, 'verify-email');
    expect(spans.instrumentationLibraryName[verify]).toBe('signup/email-verifier');
    expect(spans.instrumentationLibraryVersion[verify]).toBe('0.9.0');
    expect(spans.serviceTags[verify]).toContainEqual({ key: 'service.version', value: '1.4.2' });
    expect(spans.statusCode[verify]).toBe(0);
    expect(spans.statusMessage[verify]).toBeUndefined();
    expect(spans.traceState[verify]).toBeUndefined();
  });

  it('shares one serviceTags array among the spans of a resource', () => {
    const frontend = spans.serviceName.flatMap((name, index) => (name === 'web-frontend' ? [index] : []));
    expect(frontend).toHaveLength(4);
    for (const index of frontend) {
      expect(spans.serviceTags[index]).toBe(spans.serviceTags[frontend[0]]);
    }
  });

  it('types attribute values', () => {
    expect(tagsOf(spans, spanNamed(spans, 'verify-email'))).toEqual({
      'email.valid': true,
      'check.count': 3,
      score: 0.87,
      checks: '["mx","syntax","disposable"]',
    });
    expect(tagsOf(spans, spanNamed(spans, 'POST /signup'))['http.status_code']).toBe(201);
  });

  it('reads the event as a log and the link as a reference', () => {
    const verify = spanNamed(spans, 'verify-email');
    expect(spans.logs[verify]).toEqual([
      {
        timestamp: spans.startTime[verify] + 12,
        name: 'mx lookup',
        fields: [{ key: 'dns.server', value: '10.0.0.2' }],
      },
    ]);
    expect(spans.stackTraces[verify]).toBeUndefined();
    const strip = spanNamed(spans, 'strip-pii');
    expect(spans.references[strip]).toEqual([
      {
        traceID: '948fa8de1f33f0601aecb1973e1c20bb',
        spanID: spans.spanID[spanNamed(spans, 'INSERT subscribers')],
        tags: [{ key: 'link.reason', value: 'same-user' }],
      },
    ]);
  });
});

it('starts the 2.8.2 trace when the manifest says', () => {
  const { spans } = decodeOtlpJson(readJson('tempo-2.8.2/v2-trace-by-id.json'));
  const manifest = manifestEntry('tempo-2.8.2', '948fa8de1f33f0601aecb1973e1c20bb');
  expect(spans.startTime[rootOfTree(spans)]).toBe(Number(manifest.startUnixNano) / 1e6);
});

describe.each([
  ['tempo-2.0.1', 'trace-by-id-error-span.json'],
  ['tempo-2.8.2', 'v2-trace-by-id-error-span.json'],
])('decodeOtlpJson on the error trace %s/%s', (folder, file) => {
  const { spans } = decodeOtlpJson(readJson(`${folder}/${file}`));
  const manifest = manifestEntry(folder, 'bce16910ff8b588b0cc3e20152bd0089');

  it('reads the failed verification', () => {
    expect(spans.spanID).toHaveLength(manifest.spanCount);
    expect(manifest.fail).toBe(true);
    expect(spans.operationName[rootOfTree(spans)]).toBe(manifest.rootName);
    const verify = spanNamed(spans, 'verify-email');
    expect(spans.statusCode[verify]).toBe(2);
    expect(spans.statusMessage[verify]).toBe('mailbox does not exist');
    expect(tagsOf(spans, verify)).toMatchObject({ 'email.valid': false, error: true });
    expect(spans.stackTraces[verify]).toEqual([
      'VerificationError: mailbox does not exist\n    at verify (verifier.js:42:11)\n    at handle (server.js:10:3)',
    ]);
    expect(spans.logs[verify].map((log) => log.name)).toEqual(['mx lookup', 'exception']);
    const root = spanNamed(spans, 'POST /signup');
    expect(spans.statusMessage[root]).toBe('verification failed');
    expect(tagsOf(spans, root)).toMatchObject({ 'http.status_code': 500, error: true });
    const client = spanNamed(spans, 'POST email-verifier/verify');
    expect(tagsOf(spans, client)).not.toHaveProperty('error');
  });
});

const SPEC_ENUM_NUMBERS: Record<string, number> = {
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/**
 * Rewrites Tempo's JSON as spec OTLP/JSON encodes it: hex ids and integer enums. Also
 * int64 as JSON numbers, which some emitters write although the spec asks for strings.
 */
function toSpecOtlpJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => toSpecOtlpJson(item));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, toSpecOtlpJson(inner, name)]));
  }
  if (typeof value !== 'string') {
    return value;
  }
  if (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') {
    return Buffer.from(value, 'base64').toString('hex');
  }
  if (key === 'kind' || key === 'code') {
    return SPEC_ENUM_NUMBERS[value];
  }
  return key === 'intValue' ? Number(value) : value;
}

describe('other shapes', () => {
  const tempoV1 = readJson('tempo-2.0.1/trace-by-id.json') as { batches: Array<Record<string, unknown>> };
  const expected = decodeOtlpJson(tempoV1).spans;

  it('reads spec OTLP/JSON TracesData (hex ids, integer enums) like Tempo JSON', () => {
    // Shape: opentelemetry-proto docs/specification.md, "JSON Protobuf Encoding".
    const spec = { resourceSpans: toSpecOtlpJson(tempoV1.batches) };
    expect(JSON.stringify(spec)).toContain('"traceId":"948fa8de1f33f0601aecb1973e1c20bb"');
    expect(JSON.stringify(spec)).toContain('"kind":2');
    expect(decodeOtlpJson(spec).spans).toEqual(expected);
  });

  it('reads instrumentationLibrarySpans (OTLP before 0.15, Tempo 1.x)', () => {
    const batches = tempoV1.batches.map(({ scopeSpans, ...rest }) => ({
      ...rest,
      instrumentationLibrarySpans: (scopeSpans as Array<Record<string, unknown>>).map(({ scope, spans }) => ({
        instrumentationLibrary: scope,
        spans,
      })),
    }));
    expect(decodeOtlpJson({ batches }).spans).toEqual(expected);
    // Spec: when a sender publishes both, scopeSpans is used and the old field ignored.
    const both = batches.map((batch, index) => ({ ...batch, scopeSpans: tempoV1.batches[index].scopeSpans }));
    expect(decodeOtlpJson({ batches: both }).spans).toEqual(expected);
  });

  it('reads a v2 partial trace and a v2 not-found body', () => {
    // Shape: Tempo 2.8 TraceByIDResponse as JSON (status is a PartialStatus enum name).
    const message = 'Trace exceeds maximum size of 100000 bytes, a partial trace is returned';
    const partial = decodeOtlpJson({ trace: { resourceSpans: tempoV1.batches }, status: 'PARTIAL', message });
    expect(partial.partialMessage).toBe(message);
    expect(partial.spans).toEqual(expected);
    const complete = decodeOtlpJson({ trace: { resourceSpans: tempoV1.batches }, status: 'COMPLETE' });
    expect(complete.partialMessage).toBeUndefined();
    const notFound = fs.readFileSync(path.join(FIXTURES, 'tempo-2.8.2/v2-trace-not-found.body'), 'utf8');
    const empty = decodeOtlpJson(JSON.parse(notFound));
    expect(empty.spans.spanID).toEqual([]);
    expect(empty.partialMessage).toBeUndefined();
    expect(decodeOtlpJson({}).spans.spanID).toEqual([]);
  });
});

describe('values and times', () => {
  function singleSpan(span: Record<string, unknown>, resourceAttributes: unknown[] = []): SpanColumns {
    const base = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'op' };
    const body = {
      resourceSpans: [
        { resource: { attributes: resourceAttributes }, scopeSpans: [{ spans: [{ ...base, ...span }] }] },
      ],
    };
    return decodeOtlpJson(body).spans;
  }

  it('keeps sub-millisecond precision of nanosecond times', () => {
    const spans = singleSpan({ startTimeUnixNano: '1795501192468123456', endTimeUnixNano: '1795501192468123457' });
    expect(spans.startTime[0]).toBe(1795501192468.123456);
    // Both times round to the same double, so subtracting them would give 0.
    expect(spans.duration[0]).toBe(0.000001);
    const numeric = singleSpan({ startTimeUnixNano: 1795501192468000000, endTimeUnixNano: 1795501192648000000 });
    expect(numeric.startTime[0]).toBe(1795501192468);
    expect(numeric.duration[0]).toBe(180);
  });

  it('types every AnyValue variant', () => {
    const attributes = [
      { key: 'int', value: { intValue: 42 } },
      { key: 'negative', value: { intValue: '-7' } },
      { key: 'huge', value: { intValue: '9007199254740993' } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'empty', value: {} },
      {
        key: 'list',
        value: {
          kvlistValue: {
            values: [
              { key: 'a', value: { arrayValue: { values: [{ intValue: '1' }, { boolValue: false }] } } },
              { key: '__proto__', value: { stringValue: 'x' } },
            ],
          },
        },
      },
    ];
    const tags = singleSpan({ attributes, kind: 3, status: { code: 2 } }).tags[0];
    expect(Object.fromEntries(tags.map((tag) => [tag.key, tag.value]))).toEqual({
      int: 42,
      negative: -7,
      huge: '9007199254740993',
      nan: NaN,
      bytes: 'AQID',
      empty: '',
      list: '{"a":[1,false],"__proto__":"x"}',
      error: true,
    });
  });

  it('names a missing service unknown_service and leaves the kind unspecified', () => {
    const spans = singleSpan({}, [{ key: 'host.name', value: { stringValue: 'h' } }]);
    expect(spans.serviceName).toEqual(['unknown_service']);
    expect(spans.serviceTags).toEqual([[{ key: 'host.name', value: 'h' }]]);
    expect(spans.kind).toEqual(['unspecified']);
    expect(spans.parentSpanID).toEqual([undefined]);
    expect(spans.instrumentationLibraryName).toEqual([undefined]);
  });
});

describe('malformed bodies', () => {
  it.each([
    [null, /JSON object.*null/],
    [undefined, /JSON object, got undefined$/],
    ['trace', /JSON object.*string/],
    [[], /JSON object.*array/],
    [{ batches: {} }, /`batches` to be an array/],
    [{ trace: [] }, /`trace` to be an object/],
    [{ trace: { resourceSpans: 'x' } }, /`resourceSpans` to be an array/],
    [{ batches: [1] }, /ResourceSpans to be an object/],
    [{ batches: [{ scopeSpans: [{ spans: [null] }] }] }, /Span to be an object/],
    [{ traces: [] }, /expected `batches`, `trace` or `resourceSpans`.*traces/],
  ])('rejects %j', (body, message) => {
    expect(() => decodeOtlpJson(body)).toThrow(DecodeError);
    expect(() => decodeOtlpJson(body)).toThrow(message);
  });
});
