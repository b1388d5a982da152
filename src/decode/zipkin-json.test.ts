import fs from 'fs';
import path from 'path';

import { DecodeError, finishSteps, SpanColumns, UNKNOWN_SERVICE } from './columns';
import {
  decodeZipkinJson,
  decodeZipkinJsonBytes,
  decodeZipkinJsonSteps,
  looksLikeZipkinJson,
  ZIPKIN_SPAN_ID_TAG,
} from './zipkin-json';

const ZIPKIN_LENS = path.resolve(__dirname, '../../tests/fixtures/reference/zipkin-lens');

interface RawSpan {
  traceId: string;
  id: string;
  parentId?: string;
  kind?: string;
  name?: string;
  shared?: boolean;
  timestamp?: number;
  duration?: number;
  localEndpoint?: { serviceName?: string; ipv4?: string; port?: number };
  remoteEndpoint?: { serviceName?: string; ipv4?: string; port?: number };
  annotations?: Array<{ timestamp: number; value: string }>;
  tags?: Record<string, string>;
}

function reference(file: string): RawSpan[] {
  return JSON.parse(fs.readFileSync(path.join(ZIPKIN_LENS, file), 'utf8'));
}

const REFERENCE_FILES = fs.readdirSync(ZIPKIN_LENS).filter((file) => file.endsWith('.json'));

function tagsOf(spans: SpanColumns, index: number): Record<string, unknown> {
  return Object.fromEntries(spans.tags[index].map((tag) => [tag.key, tag.value]));
}

function indexWhere(spans: SpanColumns, test: (index: number) => boolean): number[] {
  return spans.spanID.flatMap((_, index) => (test(index) ? [index] : []));
}

/**
 * What each reference trace holds, counted from the files: spans in, spans out (pieces of one span
 * merged), shared server halves that get a derived ID, and parents missing from the file.
 */
const EXPECTED: Record<string, { spansIn: number; spansOut: number; derived: number; orphans: number }> = {
  'ascend.json': { spansIn: 8, spansOut: 8, derived: 2, orphans: 0 },
  'envoy.json': { spansIn: 1, spansOut: 1, derived: 0, orphans: 0 },
  'messaging-kafka.json': { spansIn: 28, spansOut: 28, derived: 0, orphans: 0 },
  'messaging.json': { spansIn: 4, spansOut: 4, derived: 0, orphans: 0 },
  // The trace's root (0153a596db406c83, 0153a596db406111) was never reported.
  'messaging2.json': { spansIn: 11, spansOut: 11, derived: 0, orphans: 6 },
  'simple-db-p6.json': { spansIn: 5, spansOut: 5, derived: 0, orphans: 0 },
  'skew.json': { spansIn: 4, spansOut: 4, derived: 1, orphans: 0 },
  // 84 kindless late pieces of server spans; 294 shared servers, some of them five for one client.
  'smartthings-mobile-web-install.json': { spansIn: 1041, spansOut: 957, derived: 294, orphans: 0 },
  // Three shared servers whose client was not reported keep their own IDs.
  'smartthings-oauth-authorization.json': { spansIn: 175, spansOut: 172, derived: 42, orphans: 0 },
  // The shared `routing` server 2e8cfb154b59a41f has no client in the file.
  'yelp.json': { spansIn: 16, spansOut: 16, derived: 3, orphans: 0 },
};

describe('decodeZipkinJson on the Zipkin UI real-world traces', () => {
  it('has an expectation for every reference file', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...REFERENCE_FILES].sort());
  });

  it.each(REFERENCE_FILES)('%s: spans, unique IDs, parents, services', (file) => {
    const raw = reference(file);
    const expected = EXPECTED[file];
    expect(raw).toHaveLength(expected.spansIn);
    const { spans } = decodeZipkinJson(raw);
    expect(spans.spanID).toHaveLength(expected.spansOut);
    for (const column of Object.values(spans)) {
      expect(column).toHaveLength(expected.spansOut);
    }
    const ids = new Set(spans.spanID);
    expect(ids.size).toBe(expected.spansOut);
    expect(indexWhere(spans, (i) => ZIPKIN_SPAN_ID_TAG in tagsOf(spans, i))).toHaveLength(expected.derived);
    const orphans = indexWhere(spans, (i) => spans.parentSpanID[i] !== undefined && !ids.has(spans.parentSpanID[i]!));
    expect(orphans).toHaveLength(expected.orphans);
    // envoy.json's span has an endpoint with an IP and no service name.
    expect(new Set(spans.serviceName)).toEqual(
      new Set(raw.map((span) => span.localEndpoint?.serviceName ?? UNKNOWN_SERVICE))
    );
    // One trace ID, 32 hex characters, as normalizeTraceId writes a pasted 64-bit ID.
    expect(new Set(spans.traceID)).toEqual(new Set([raw[0].traceId.padStart(32, '0')]));
    // Microseconds to milliseconds: the earliest span starts where the file says.
    const earliest = Math.min(...raw.filter((span) => span.timestamp).map((span) => span.timestamp!));
    expect(Math.min(...spans.startTime)).toBeCloseTo(earliest / 1000, 3);
  });
});

describe('shared client and server halves', () => {
  // skew.json: servicea's `get` calls serviceb's `post`; both halves of the call have span ID
  // 74280ae0c10d8062, and serviceb's `async` names that ID as parent.
  const { spans } = decodeZipkinJson(reference('skew.json'));
  const client = indexWhere(spans, (i) => spans.kind[i] === 'client')[0];
  const server = indexWhere(spans, (i) => spans.operationName[i] === 'post' && spans.kind[i] === 'server')[0];
  const child = spans.operationName.indexOf('async');
  const root = spans.operationName.indexOf('get');

  it('keeps the client with the shared ID under its own parent', () => {
    expect(spans.spanID[client]).toBe('74280ae0c10d8062');
    expect(spans.serviceName[client]).toBe('servicea');
    expect(spans.parentSpanID[client]).toBe(spans.spanID[root]);
    expect(spans.parentSpanID[root]).toBeUndefined();
  });

  it('gives the server a derived ID, the client as parent, and the Zipkin ID in a tag', () => {
    expect(spans.serviceName[server]).toBe('serviceb');
    expect(spans.spanID[server]).toMatch(/^[0-9a-f]{16}$/);
    expect(spans.spanID[server]).not.toBe('74280ae0c10d8062');
    expect(spans.parentSpanID[server]).toBe('74280ae0c10d8062');
    expect(tagsOf(spans, server)[ZIPKIN_SPAN_ID_TAG]).toBe('74280ae0c10d8062');
    expect(tagsOf(spans, client)[ZIPKIN_SPAN_ID_TAG]).toBeUndefined();
  });

  it("puts the server's own spans under the server half, as Zipkin's UI does", () => {
    expect(spans.serviceName[child]).toBe('serviceb');
    expect(spans.parentSpanID[child]).toBe(spans.spanID[server]);
  });

  it('derives the same ID every time (links and late spans keep pointing at it)', () => {
    const again = decodeZipkinJson(reference('skew.json')).spans;
    expect(again.spanID).toEqual(spans.spanID);
  });

  it('answers several servers of one client with one derived ID each, all under the client', () => {
    // smartthings: bouncer's `send iot-events360` (0e8e5a6d1ac4c17d… in the file) is received by five pusher hosts.
    const mobile = decodeZipkinJson(reference('smartthings-mobile-web-install.json')).spans;
    const receivers = indexWhere(mobile, (i) => mobile.operationName[i] === 'receive iot-events360');
    const byClient = new Map<string, number[]>();
    for (const index of receivers) {
      const parent = mobile.parentSpanID[index]!;
      byClient.set(parent, [...(byClient.get(parent) ?? []), index]);
    }
    const fanOut = [...byClient.entries()].find(([, indexes]) => indexes.length === 5);
    expect(fanOut).toBeDefined();
    const [clientId, servers] = fanOut!;
    const clientIndex = mobile.spanID.indexOf(clientId);
    expect(mobile.operationName[clientIndex]).toBe('send iot-events360');
    expect(mobile.serviceName[clientIndex]).toBe('bouncer');
    expect(new Set(servers.map((i) => mobile.spanID[i])).size).toBe(5);
    expect(new Set(servers.map((i) => tagsOf(mobile, i)['Local Address'])).size).toBe(5);
  });

  it('merges a kindless late piece into the server half on its endpoint', () => {
    // a0dc23f22c4fee3f: a kindless `post` piece on platformapi 10.104.90.167:8140, the shared
    // SERVER on the same endpoint, and strongman's CLIENT `post /app-execute`.
    const mobile = decodeZipkinJson(reference('smartthings-mobile-web-install.json')).spans;
    const halves = indexWhere(
      mobile,
      (i) => mobile.spanID[i] === 'a0dc23f22c4fee3f' || tagsOf(mobile, i)[ZIPKIN_SPAN_ID_TAG] === 'a0dc23f22c4fee3f'
    );
    expect(halves.map((i) => [mobile.serviceName[i], mobile.kind[i]]).sort()).toEqual([
      ['platformapi', 'server'],
      ['strongman', 'client'],
    ]);
    const server = halves.find((i) => mobile.kind[i] === 'server')!;
    expect(tagsOf(mobile, server)['http.path']).toBe('app-execute');
    expect(mobile.duration[server]).toBeCloseTo(558.631, 6);
  });

  it('marks a SERVER that reuses its client ID as shared when its instrumentation did not', () => {
    // skew.json with the `shared` flag taken off the server half.
    const raw = reference('skew.json').map((span) => ({ ...span, shared: undefined }));
    const decoded = decodeZipkinJson(raw).spans;
    expect(new Set(decoded.spanID).size).toBe(4);
    const serverIndex = indexWhere(
      decoded,
      (i) => decoded.serviceName[i] === 'serviceb' && decoded.kind[i] === 'server'
    )[0];
    expect(decoded.parentSpanID[serverIndex]).toBe('74280ae0c10d8062');
  });

  it('keeps the ID of a shared server whose client was not reported', () => {
    const yelp = decodeZipkinJson(reference('yelp.json')).spans;
    const routing = yelp.spanID.indexOf('2e8cfb154b59a41f');
    expect(yelp.serviceName[routing]).toBe('routing');
    expect(tagsOf(yelp, routing)[ZIPKIN_SPAN_ID_TAG]).toBeUndefined();
  });
});

describe('span content', () => {
  it('turns annotations into logs at their time, in milliseconds', () => {
    const raw = reference('smartthings-mobile-web-install.json');
    const { spans } = decodeZipkinJson(raw);
    const index = spans.spanID.indexOf('60e1ace16723844a');
    expect(spans.logs[index].map((log) => [log.timestamp, log.name])).toEqual([
      [1543549826261, 'Body Part Received'],
      [1543549826261, 'Headers Received'],
      [1543549826261, 'Status Received'],
    ]);
    const logCount = spans.logs.reduce((count, logs) => count + logs.length, 0);
    expect(logCount).toBe(raw.reduce((count, span) => count + (span.annotations?.length ?? 0), 0));
  });

  it('reads the error tag as error status, with its text as the status message', () => {
    const { spans } = decodeZipkinJson(reference('messaging-kafka.json'));
    const failed = indexWhere(spans, (i) => spans.statusCode[i] === 2);
    expect(failed.map((i) => [spans.spanID[i], spans.statusMessage[i]]).sort()).toEqual([
      ['2f77d5b0b8e0de35', 'some error'],
      ['4a64a63e4b58e665', 'some error'],
      ['568b33e6af8a225a', undefined],
    ]);
    expect(failed.every((i) => tagsOf(spans, i).error === true)).toBe(true);
  });

  it.each([
    ['smartthings-oauth-authorization.json', 'c8a2bcb3011b9fcd', 'client', 'Server Address', '10.0.0.3:9042 (auth)'],
    ['ascend.json', 'ecc00062ceef4bf0', 'server', 'Client Address', '10.230.16.208:3400'],
    ['messaging-kafka.json', '0562809467078eab', 'consumer', 'Broker Address', 'kafka'],
  ])('%s %s: the remote endpoint as Zipkin UI names it, kind, tags, service', (file, id, kind, label, address) => {
    const raw = reference(file).find((span) => span.id === id && (span.kind ?? '').toLowerCase() === kind)!;
    const { spans } = decodeZipkinJson(reference(file));
    const zipkinId = (i: number) => tagsOf(spans, i)[ZIPKIN_SPAN_ID_TAG] ?? spans.spanID[i];
    const index = indexWhere(spans, (i) => zipkinId(i) === id && spans.kind[i] === kind)[0];
    const tags = tagsOf(spans, index);
    expect(tags[label]).toBe(address);
    for (const [key, value] of Object.entries(raw.tags ?? {})) {
      expect(tags[key]).toBe(key === 'error' ? true : value);
    }
    const local = raw.localEndpoint!;
    expect(tags['Local Address']).toBe(
      local.ipv4 ? `${local.ipv4}${local.port ? `:${local.port}` : ''} (${local.serviceName})` : undefined
    );
    expect(spans.serviceName[index]).toBe(local.serviceName);
    expect(spans.serviceTags[index]).toEqual([{ key: 'service.name', value: local.serviceName }]);
  });

  it('reads what the OpenTelemetry Zipkin exporter writes back into events, status and scope', () => {
    const { spans } = decodeZipkinJson([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        id: 'eee19b7ec3c1b174',
        name: 'POST /qualify',
        kind: 'SERVER',
        timestamp: 1700000000000123,
        duration: 2500,
        localEndpoint: { serviceName: 'marketing-qualifier' },
        annotations: [
          { timestamp: 1700000000001000, value: 'exception|{"exception.type":"TimeoutError","retries":2}|0' },
          { timestamp: 1700000000002000, value: 'cache miss' },
        ],
        tags: {
          'otel.status_code': 'ERROR',
          'otel.status_description': 'model timed out',
          'otel.scope.name': 'threadline-generator',
          'otel.scope.version': '1.0.0',
          'http.route': '/qualify',
        },
      },
    ]);
    expect(spans.statusCode[0]).toBe(2);
    expect(spans.statusMessage[0]).toBe('model timed out');
    expect(spans.instrumentationLibraryName[0]).toBe('threadline-generator');
    expect(spans.instrumentationLibraryVersion[0]).toBe('1.0.0');
    expect(spans.tags[0]).toEqual([
      { key: 'http.route', value: '/qualify' },
      { key: 'error', value: true },
    ]);
    expect(spans.logs[0]).toEqual([
      {
        timestamp: 1700000000001,
        name: 'exception',
        fields: [
          { key: 'exception.type', value: 'TimeoutError' },
          { key: 'retries', value: 2 },
        ],
      },
      { timestamp: 1700000000002, name: 'cache miss', fields: [] },
    ]);
    expect(spans.startTime[0]).toBeCloseTo(1700000000000.123, 3);
    expect(spans.duration[0]).toBe(2.5);
  });

  it('joins 64- and 128-bit trace IDs of one trace on the longest', () => {
    // messaging.json has a 128-bit trace ID: one span reported with only its lower 64 bits.
    const raw = reference('messaging.json');
    const mixed = raw.map((span, i) => (i === 0 ? { ...span, traceId: span.traceId.slice(16) } : span));
    const { spans } = decodeZipkinJson(mixed);
    expect(new Set(spans.traceID)).toEqual(new Set([raw[1].traceId]));
  });
});

describe('input that is not a Zipkin trace', () => {
  it.each([
    [{ data: [] }, 'expected a Zipkin v2 span array'],
    [[42], 'expected each Zipkin span to be an object, got number 42 at index 0'],
    [
      [{ traceId: 'abc', name: 'x' }],
      'expected `id` of the Zipkin span at index 0 to be up to 16 hex characters, got undefined',
    ],
    [[{ traceId: 'not hex', id: 'a' }], 'expected `traceId` of the Zipkin span at index 0'],
  ])('%j fails with a message naming what was expected', (body, message) => {
    expect(() => decodeZipkinJson(body)).toThrow(DecodeError);
    expect(() => decodeZipkinJson(body)).toThrow(message);
  });

  it('decodes an empty array as no spans', () => {
    expect(decodeZipkinJson([]).spans.spanID).toEqual([]);
  });
});

describe('decodeZipkinJsonSteps', () => {
  it('pauses every chunk of spans and gives the one-shot result', () => {
    const raw = reference('smartthings-mobile-web-install.json');
    const steps = decodeZipkinJsonSteps(raw, 100);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    // 1041 spans read, 957 written: 10 + 9 pauses.
    expect(pauses).toBe(19);
    expect(step.value).toEqual(finishSteps(decodeZipkinJsonSteps(raw, Infinity)));
  });

  it('reads bytes as a file holds them', () => {
    const bytes = fs.readFileSync(path.join(ZIPKIN_LENS, 'yelp.json'));
    expect(decodeZipkinJsonBytes(new Uint8Array(bytes))).toEqual(decodeZipkinJson(reference('yelp.json')));
  });
});

describe('looksLikeZipkinJson and arrays of traces', () => {
  it('tells Zipkin span arrays and arrays of traces from other JSON', () => {
    expect(looksLikeZipkinJson(reference('yelp.json'))).toBe(true);
    expect(looksLikeZipkinJson([reference('yelp.json'), reference('skew.json')])).toBe(true);
    expect(looksLikeZipkinJson({ resourceSpans: [] })).toBe(false);
    expect(looksLikeZipkinJson([{ traceID: 'a', spanID: 'b' }])).toBe(false);
    expect(looksLikeZipkinJson([])).toBe(false);
  });

  it('decodes an array of traces (what /api/v2/traces answers) as all their spans', () => {
    const { spans } = decodeZipkinJson([reference('yelp.json'), reference('skew.json')]);
    expect(spans.spanID).toHaveLength(20);
    expect(new Set(spans.traceID).size).toBe(2);
  });
});
