/**
 * Tempo's paths, as the attacker ran them: trace by ID as protobuf v1 and v2, Tempo's
 * JSON v1 and v2 and spec OTLP/JSON, TraceQL search, tag names and values (v1, v2), TraceQL
 * metrics, Save & test (its echo and its build info).
 */
import { GO_NOT_FOUND, fixture, jsonAnswer, protobufAnswer, recorded } from '../support/recordings';
import { metricsAnswer } from '../../support/metrics-answer';
import type { Answer } from '../support/mutant';
import { runHealth, runQuery, runTraceQuery, runValues } from '../support/outcomes';
import type { Base, FuzzPath } from '../support/runner';
import type { SeenRequest } from '../support/raw-server';

const OK_TRACE = '948fa8de1f33f0601aecb1973e1c20bb';
const ERROR_TRACE = 'bce16910ff8b588b0cc3e20152bd0089';
const BIG_TRACE = '9d1ec1b5b29a7c6d348a82845a167889';

const trace = (name: string, answer: Answer, traceId: string): Base => ({ name, answer, traceId });
/** The 2,007-span recordings cost ten times the small ones per case: the small ones come `times` times as often. */
const often = (times: number, base: Base): Base[] => Array(times).fill(base);

/** Spec OTLP/JSON: the protocol's example, and Jaeger v3's `result` (hex IDs, enum numbers). */
function specOtlp(): Base[] {
  const jaegerResult = JSON.parse(new TextDecoder().decode(fixture('jaeger-1.76.0/trace-v3.body'))).result;
  return [
    trace('otlp/trace.json', jsonAnswer('reference/otlp/trace.json'), '5b8efff798038103d269b633813fc60c'),
    trace(
      'jaeger trace-v3 result',
      { status: 200, contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(jaegerResult)) },
      '248c1e89af9ed025601c567fbb5522e5'
    ),
  ];
}

const V1_NOT_FOUND = recorded('tempo-2.8.2', 'v1-trace-not-found');
const isV2Trace = (request: SeenRequest) => /^\/api\/v2\/traces\//.test(request.path);
const isV1Trace = (request: SeenRequest) => /^\/api\/traces\//.test(request.path);

/** A trace path: the mutant on one API; the other answers as the recorded server of that API did. */
function tracePath(name: string, api: 'v1' | 'v2', format: 'json' | 'proto-v1' | 'proto-v2', bases: Base[]): FuzzPath {
  return {
    name,
    format,
    bases,
    isTarget: api === 'v2' ? isV2Trace : isV1Trace,
    // v1 servers have no v2 route (Go's 404); after a v2 404 the client asks v1, which has no such trace.
    fallback: (request) => (api === 'v1' && isV2Trace(request) ? GO_NOT_FOUND : V1_NOT_FOUND),
    run: (ds, fuzzCase) => runTraceQuery(ds, fuzzCase, format),
  };
}

const METRICS_BODY = metricsAnswer(OK_TRACE);

const only = (path: string) => (request: SeenRequest) => request.path === path;
const ECHO: Answer = { status: 200, contentType: 'text/plain; charset=utf-8', body: new TextEncoder().encode('echo') };

export const TEMPO_PATHS: FuzzPath[] = [
  tracePath('tempo trace protobuf v1', 'v1', 'proto-v1', [
    ...often(4, trace('2.0.1 trace-by-id.pb', protobufAnswer('tempo-2.0.1/trace-by-id.pb'), OK_TRACE)),
    trace('2.0.1 trace-by-id-2007-spans.pb', protobufAnswer('tempo-2.0.1/trace-by-id-2007-spans.pb'), BIG_TRACE),
  ]),
  tracePath('tempo trace protobuf v2', 'v2', 'proto-v2', [
    ...often(4, trace('2.8.2 v2-trace-by-id.pb', protobufAnswer('tempo-2.8.2/v2-trace-by-id.pb'), OK_TRACE)),
    trace('2.8.2 v2-trace-by-id-partial.pb', protobufAnswer('tempo-2.8.2/v2-trace-by-id-partial.pb'), BIG_TRACE),
  ]),
  tracePath('tempo trace json v1', 'v1', 'json', [
    trace('2.0.1 trace-by-id.json', jsonAnswer('tempo-2.0.1/trace-by-id.json'), OK_TRACE),
    trace('2.0.1 trace-by-id-error-span.json', jsonAnswer('tempo-2.0.1/trace-by-id-error-span.json'), ERROR_TRACE),
    trace('2.8.2 v1-trace-by-id.json', jsonAnswer('tempo-2.8.2/v1-trace-by-id.json'), OK_TRACE),
  ]),
  tracePath('tempo trace json v2', 'v2', 'json', [
    trace('2.8.2 v2-trace-by-id.json', jsonAnswer('tempo-2.8.2/v2-trace-by-id.json'), OK_TRACE),
    trace(
      '2.8.2 v2-trace-by-id-error-span.json',
      jsonAnswer('tempo-2.8.2/v2-trace-by-id-error-span.json'),
      ERROR_TRACE
    ),
  ]),
  tracePath('tempo trace spec OTLP/JSON', 'v2', 'json', specOtlp()),
  {
    name: 'tempo search',
    format: 'json',
    bases: [
      'tempo-2.0.1/search-traceql-errors.json',
      'tempo-2.0.1/search-traceql-db.json',
      'tempo-2.8.2/search-traceql-by.json',
      'tempo-2.8.2/search-traceql-structural.json',
      'tempo-2.8.2/search-traceql-select-many-matches.json',
    ].map((file) => ({ name: file, answer: jsonAnswer(file) })),
    isTarget: only('/api/search'),
    run: async (ds, fuzzCase) =>
      (
        await runQuery(ds, {
          refId: 'A',
          query: '{ status = error }',
          queryType: 'traceql',
          tableType: fuzzCase.rng.chance(0.5) ? 'spans' : 'traces',
        })
      ).problem,
  },
  {
    name: 'tempo tag names v1',
    format: 'json',
    bases: ['tempo-2.0.1/search-tags-list.json', 'tempo-2.8.2/v1-search-tags.json'].map((file) => ({
      name: file,
      answer: jsonAnswer(file),
    })),
    isTarget: only('/api/search/tags'),
    fallback: () => GO_NOT_FOUND,
    run: (ds, fuzzCase) => runValues(async () => (await ds.tags.tagNames()).flatMap(({ tags }) => tags), fuzzCase),
  },
  {
    name: 'tempo tag names v2',
    format: 'json',
    bases: ['tempo-2.8.2/v2-search-tags.json', 'tempo-2.8.2/v2-search-tags-resource.json'].map((file) => ({
      name: file,
      answer: jsonAnswer(file),
    })),
    isTarget: only('/api/v2/search/tags'),
    fallback: () => ({
      status: 200,
      contentType: 'application/json',
      body: new TextEncoder().encode('{"tagNames":[]}'),
    }),
    run: (ds, fuzzCase) =>
      runValues(async () => (await ds.tags.tagNames()).flatMap(({ scope, tags }) => [scope, ...tags]), fuzzCase, [
        'unscoped',
      ]),
  },
  {
    name: 'tempo tag values v1',
    format: 'json',
    bases: [
      'tempo-2.0.1/search-tag-values-service.name.json',
      'tempo-2.0.1/search-tag-values-http.status_code.json',
    ].map((file) => ({ name: file, answer: jsonAnswer(file) })),
    isTarget: (request) => /^\/api\/search\/tag\/[^/]+\/values$/.test(request.path),
    fallback: () => GO_NOT_FOUND,
    run: (ds, fuzzCase) =>
      runValues(
        async () =>
          (await ds.metricFindQuery({ refId: 'V', type: 'tagValues', tag: 'service.name' })).map(({ text }) =>
            String(text)
          ),
        fuzzCase
      ),
  },
  {
    name: 'tempo tag values v2',
    format: 'json',
    bases: [
      'tempo-2.8.2/v2-tag-values-resource.service.name.json',
      'tempo-2.8.2/v2-tag-values-status.json',
      'tempo-2.8.2/v2-tag-values-filtered.json',
    ].map((file) => ({ name: file, answer: jsonAnswer(file) })),
    isTarget: (request) => /^\/api\/v2\/search\/tag\/[^/]+\/values$/.test(request.path),
    fallback: () => ({
      status: 200,
      contentType: 'application/json',
      body: new TextEncoder().encode('{"tagValues":[]}'),
    }),
    run: (ds, fuzzCase) =>
      runValues(async () => (await ds.tags.tagValues('resource.service.name')).map(({ value }) => value), fuzzCase),
  },
  {
    name: 'tempo metrics',
    format: 'json',
    bases: [
      {
        name: 'query_range (docs)',
        answer: {
          status: 200,
          contentType: 'application/json',
          body: new TextEncoder().encode(JSON.stringify(METRICS_BODY)),
        },
      },
    ],
    isTarget: only('/api/metrics/query_range'),
    run: async (ds) =>
      (await runQuery(ds, { refId: 'A', query: '{ } | rate() by (resource.service.name)', queryType: 'traceql' }))
        .problem,
  },
  {
    name: 'tempo save & test (buildinfo)',
    format: 'json',
    bases: [{ name: '2.8.2 buildinfo.json', answer: jsonAnswer('tempo-2.8.2/buildinfo.json') }],
    isTarget: only('/api/status/buildinfo'),
    fallback: () => ECHO,
    run: (ds) => runHealth(ds),
  },
  {
    name: 'tempo save & test (echo)',
    format: 'text',
    bases: [{ name: 'echo', answer: ECHO }],
    isTarget: only('/api/echo'),
    fallback: () => jsonAnswer('tempo-2.8.2/buildinfo.json'),
    run: (ds) => runHealth(ds),
  },
];
