/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// One trace, every backend, the same trace frame (issue 14: "a trace that differs between
// backends only in what the backend's format cannot carry gives the same trace frame from all
// three"). Two sources:
//
// 1. Built here from one signup trace (docker/generator/signup-trace.mjs) holding only what every
//    format carries, then written as each server answers it: Tempo's `/api/v2/traces` JSON, Jaeger's
//    API v3 (`{result}`, OTLP) and legacy JSON (tests/support/otlp-to-jaeger.ts, Jaeger's translator's
//    mapping), and Zipkin v2 (docker/generator/otlp-to-zipkin.mjs, the OpenTelemetry exporter's). Each
//    goes through DataSource.query() from a local server; the frames must be equal, field by field.
// 2. The same signup trace as the real Jaeger 1.76.0 and Zipkin 3.6.1 answered it (the recordings
//    share trace IDs: both were seeded with seed 7), compared on what both servers keep.
import { DataFrame } from '@grafana/data';

import type { BackendKind } from '../src/types';
import { fieldValues, makeDataSource, runQueries } from './support/datasource';
import { FixtureServer, startFixtureServer, type Profile, type Recorded } from './support/fixture-server';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { jaegerProfiles } from './support/jaeger-fixtures';
import { otlpToJaeger, type OtlpExport } from './support/otlp-to-jaeger';
import { zipkinProfiles, zipkinSeed } from './support/zipkin-fixtures';

// Plain ES modules of the generator (no type declarations): swc compiles them for jest.
const { createSignupTraces } = require('../docker/generator/signup-trace.mjs') as {
  createSignupTraces(seed: number): { buildTrace(nowMs: number): { otlp: OtlpExport } };
};
const { otlpToZipkin } = require('../docker/generator/otlp-to-zipkin.mjs') as {
  otlpToZipkin(otlp: OtlpExport, options?: { remoteEndpoints?: boolean }): unknown[];
};

/**
 * A signup trace with an error span and its exception event, cut to what all formats carry:
 * - Zipkin's tags are strings: every attribute becomes its text;
 * - Zipkin has no resource apart from the service name (other resource attributes would be
 *   span tags there), no links, no trace state, and no INTERNAL kind (it is "no kind");
 * - Zipkin's remote endpoints are derived from attributes, which OTLP does not have as fields: the
 *   Zipkin body is written without them.
 */
function commonTrace(): OtlpExport {
  const { buildTrace } = createSignupTraces(11);
  let otlp: OtlpExport;
  let attempt = 0;
  do {
    otlp = buildTrace(Date.UTC(2026, 11, 1, 12, 0, attempt++)).otlp;
  } while (!otlp.resourceSpans.some((rs) => rs.scopeSpans.some((ss) => ss.spans.some((s) => s.status?.code === 2))));
  const text = (kv: { key: string; value: Record<string, unknown> }) => {
    const value = Object.values(kv.value)[0];
    return { key: kv.key, value: { stringValue: typeof value === 'object' ? JSON.stringify(value) : String(value) } };
  };
  for (const resourceSpans of otlp.resourceSpans) {
    const attributes = resourceSpans.resource?.attributes ?? [];
    resourceSpans.resource = { attributes: attributes.filter((kv) => kv.key === 'service.name') };
    for (const { spans } of resourceSpans.scopeSpans) {
      for (const span of spans) {
        span.attributes = (span.attributes ?? []).map(text);
        for (const event of span.events ?? []) {
          event.attributes = (event.attributes ?? []).map(text);
        }
        delete span.links;
        span.kind = span.kind === 1 ? 0 : span.kind;
      }
    }
  }
  return otlp;
}

const source = commonTrace();
const traceId = source.resourceSpans[0].scopeSpans[0].spans[0].traceId;
const json = (body: unknown): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});
/** What Go's HTTP server answers for a route it does not have (Jaeger v1 query without API v3). */
const goNotFound: Recorded = {
  status: 404,
  headers: { 'content-type': 'text/plain' },
  body: Buffer.from('404 page not found\n'),
};

const BUILT: Record<string, Profile> = {
  'built-tempo': (req) => (req.path === `/api/v2/traces/${traceId}` ? json({ trace: source }) : goNotFound),
  'built-jaeger-v3': (req) => (req.path === `/api/v3/traces/${traceId}` ? json({ result: source }) : goNotFound),
  'built-jaeger-legacy': (req) => (req.path === `/api/traces/${traceId}` ? json(otlpToJaeger(source)) : goNotFound),
  'built-zipkin': (req) =>
    req.path === `/api/v2/trace/${traceId}` ? json(otlpToZipkin(source, { remoteEndpoints: false })) : goNotFound,
};

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ ...BUILT, ...jaegerProfiles(), ...zipkinProfiles() });
  installRealBackendSrv();
  installTemplateSrv();
});
afterAll(() => server.close());

async function traceFrame(profile: string, backend: BackendKind, id: string): Promise<DataFrame> {
  const response = await runQueries(makeDataSource(server.url(profile), { backend }), [
    { refId: 'A', query: id, queryType: 'traceId' },
  ]);
  expect(response.errors).toBeUndefined();
  const frame = response.data.find((candidate: DataFrame) => candidate.meta?.preferredVisualisationType === 'trace');
  expect(frame).toBeDefined();
  return frame!;
}

/** Every field of the frame, span by span (the formats list spans in different orders). */
function rowsBySpan(frame: DataFrame): Map<string, Record<string, unknown>> {
  const ids = fieldValues<string>(frame, 'spanID');
  return new Map(
    ids.map((id, row) => [id, Object.fromEntries(frame.fields.map((field) => [field.name, field.values[row]]))])
  );
}

describe('one trace built from one source gives the same trace frame from every backend', () => {
  it('has what the comparison needs: an error span with its exception event, several services', () => {
    const spans = source.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(spans.filter((span) => span.status?.code === 2)).toHaveLength(1);
    expect(spans.flatMap((span) => span.events ?? []).map((event) => event.name)).toEqual(['exception']);
    expect(source.resourceSpans.length).toBe(4);
  });

  it('Tempo, Jaeger (API v3 and legacy JSON) and Zipkin give equal frames', async () => {
    const tempo = rowsBySpan(await traceFrame('built-tempo', 'tempo', traceId));
    const spanCount = source.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length;
    expect(tempo.size).toBe(spanCount);
    // The frame holds what the trace view shows: a field by field look at one span.
    const failed = [...tempo.values()].find((row) => row.statusCode === 2)!;
    expect(failed).toMatchObject({ statusMessage: 'lead scoring model timed out', serviceName: 'marketing-qualifier' });
    for (const [profile, backend] of [
      ['built-jaeger-v3', 'jaeger'],
      ['built-jaeger-legacy', 'jaeger'],
      ['built-zipkin', 'zipkin'],
    ] as const) {
      expect({ profile, rows: rowsBySpan(await traceFrame(profile, backend, traceId)) }).toEqual({
        profile,
        rows: tempo,
      });
    }
  });
});

describe('the same signup trace as real Jaeger and Zipkin servers answered it', () => {
  // The recorded traces of both servers (same seed, so the same IDs and shapes; seeded at
  // different times): the first, and the first with an error span. Compared on what both servers keep, relative to the trace's start: Zipkin
  // stores span names lowercased, tags as strings and resource attributes as tags; INTERNAL is no
  // kind there; it adds the remote endpoint as an address tag.
  function comparable(frame: DataFrame) {
    const start = Math.min(...fieldValues<number>(frame, 'startTime'));
    const resourceKeys = new Set(['host.name', 'service.namespace']);
    const rows = rowsBySpan(frame);
    return new Map(
      [...rows].map(([spanId, row]) => {
        const tags = (row.tags as Array<{ key: string; value: unknown }>)
          .filter((tag) => !resourceKeys.has(tag.key) && !tag.key.endsWith(' Address'))
          .map((tag) => [tag.key, String(tag.value)]);
        return [
          spanId,
          {
            parentSpanID: row.parentSpanID,
            serviceName: row.serviceName,
            operationName: String(row.operationName).toLowerCase(),
            kind: row.kind === 'internal' ? 'unspecified' : row.kind,
            statusCode: row.statusCode,
            statusMessage: row.statusMessage,
            instrumentationLibraryName: row.instrumentationLibraryName,
            tags: Object.fromEntries(tags),
            logs: (row.logs as Array<{ name?: string; timestamp: number }>).map((log) => [
              log.name,
              log.timestamp - start,
            ]),
            offsetUs: Math.round(((row.startTime as number) - start) * 1000),
            durationUs: Math.round((row.duration as number) * 1000),
          },
        ];
      })
    );
  }

  it.each([zipkinSeed.traces[0], zipkinSeed.traces.find((trace) => trace.errorSpans > 0)!])(
    'Jaeger 1.76.0 (API v3) and Zipkin 3.6.1 give the same spans, tree, services, tags, status and times ($traceId)',
    async ({ traceId: id, spanCount }) => {
      const jaeger = comparable(await traceFrame('jaeger-1.76.0', 'jaeger', id));
      const zipkin = comparable(await traceFrame('zipkin-3.6.1', 'zipkin', id));
      expect(zipkin.size).toBe(spanCount);
      expect(zipkin).toEqual(jaeger);
    }
  );
});
