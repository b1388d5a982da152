/**
 * Where a template variable `$v` can stand, each run through the real DataSource: TraceQL search
 * and metrics (in strings, bare, in regexes, raw strings), span filters, tag value lists, the
 * Jaeger and Zipkin search forms and trace IDs. Each says what the server may receive.
 */
import type { ThreadlineOptions, ThreadlineQuery } from '../../../src/types';
import type { SeenRequest } from './raw-server';

export interface VariableUsage {
  name: string;
  jsonData?: ThreadlineOptions;
  target?: ThreadlineQuery;
  /** A variable query (metricFindQuery) instead of a query. */
  variableQuery?: { type: 'tagValues'; tag: string };
  /** Why this request should not have been sent as it was, if it should not. */
  badRequest(request: SeenRequest, value: string | string[], shapeOf: (query: string) => string): string | undefined;
}

const query = (text: string, fields: Partial<ThreadlineQuery> = {}): ThreadlineQuery => ({
  refId: 'A',
  query: text,
  queryType: 'traceql',
  ...fields,
});

/**
 * The query as benign values make it: in a string each is written as it is; bare, a value is
 * inserted as it is when it is one safe token (a number, a duration, a name), else quoted.
 */
function benignQueries(text: string): string[] {
  const inString = (word: string) => text.replace(/"\$\{v\}"|"\$v"/g, `"${word}"`).replace(/`\$v`/g, `\`${word}\``);
  const words = ['1.5', '-1.5', '10ms', 'abc', 'span.x', 'true', 'error'];
  return [inString('x y').replace(/\$v/g, '"x y"'), ...words.map((word) => inString(word).replace(/\$v/g, word))];
}

/**
 * lezer-traceql 1.0.0 marks `\n`, `\r` and `\t` escapes in strings as errors, which Tempo accepts
 * (src/traceql/literals.ts): they are read as plain characters here, escape pairs left to right.
 */
const withoutControlEscapes = (query: string) =>
  query.replace(/\\(.)/gs, (pair, char: string) => ('nrt'.includes(char) ? 'x' : pair));

function traceqlUsage(name: string, text: string): VariableUsage {
  const benign = benignQueries(text);
  return {
    name,
    target: query(text),
    badRequest(request, value, shapeOf) {
      if (request.path !== '/api/search' && request.path !== '/api/metrics/query_range') {
        return `a request to ${request.path}`;
      }
      const sent = request.query.get('q') ?? '';
      const got = shapeOf(withoutControlEscapes(sent));
      const wanted = benign.map(shapeOf);
      return wanted.includes(got)
        ? undefined
        : `the query's structure changed: sent ${JSON.stringify(sent.slice(0, 160))} (${got}) where ${wanted[0]} was expected`;
    },
  };
}

const TRACE_PATH = /^\/api\/(v2\/)?traces\/[0-9a-f]{32}$/;

/** Parameters a search form may send, per backend: a value never adds one. */
function formUsage(name: string, backend: 'jaeger' | 'zipkin'): VariableUsage {
  const allowed =
    backend === 'jaeger'
      ? new Set([
          'service',
          'operation',
          'tags',
          'minDuration',
          'maxDuration',
          'limit',
          'start',
          'end',
          'query.service_name',
          'query.operation_name',
          'query.start_time_min',
          'query.start_time_max',
          'query.num_traces',
          'query.duration_min',
          'query.duration_max',
        ])
      : new Set([
          'serviceName',
          'spanName',
          'annotationQuery',
          'minDuration',
          'maxDuration',
          'endTs',
          'lookback',
          'limit',
        ]);
  const paths = backend === 'jaeger' ? ['/api/traces', '/api/v3/traces'] : ['/api/v2/traces'];
  return {
    name,
    jsonData: { backend },
    target: {
      refId: 'A',
      query: '',
      queryType: 'serviceSearch',
      service: '$v',
      operation: '$v',
      tags: 'http.status_code=$v error',
    },
    badRequest(request) {
      if (!paths.includes(request.path)) {
        return `a request to ${request.path}`;
      }
      const keys = [...request.query.keys()];
      const extra = keys.find((key) => !allowed.has(key) || keys.indexOf(key) !== keys.lastIndexOf(key));
      return extra === undefined ? undefined : `the search sent the parameter ${JSON.stringify(extra)} (or twice)`;
    },
  };
}

export const VARIABLE_USAGES: VariableUsage[] = [
  traceqlUsage('TraceQL string', '{ resource.service.name = "$v" }'),
  traceqlUsage('TraceQL bare operand', '{ span.http.status_code = $v && name != "x" }'),
  traceqlUsage('TraceQL regex', '{ name =~ "$v" }'),
  traceqlUsage('TraceQL bare regex', '{ name !~ $v }'),
  traceqlUsage('TraceQL braces', '{ resource.service.name = "${v}" } | select(span.http.route)'),
  traceqlUsage('TraceQL raw string', '{ name = `$v` }'),
  traceqlUsage('TraceQL two places', '{ span.db.system = $v } >> { name = "$v" }'),
  traceqlUsage('TraceQL metrics', '{ resource.service.name = "$v" } | rate() by (resource.service.name)'),
  {
    name: 'span filter',
    target: query('948fa8de1f33f0601aecb1973e1c20bb', {
      queryType: 'traceId',
      spanFilter: '{ name = "$v" || span.http.status_code = $v }',
    }),
    badRequest: (request) => (TRACE_PATH.test(request.path) ? undefined : `a request to ${request.path}`),
  },
  {
    name: 'tag values',
    variableQuery: { type: 'tagValues', tag: '$v' },
    badRequest(request, value) {
      const match = /^\/api\/(v2\/)?search\/tag\/([^/]+)\/values$/.exec(request.path);
      if (!match) {
        return `a tag values request to ${request.path} (target ${JSON.stringify(request.target.slice(0, 120))})`;
      }
      const tag = decodeURIComponent(match[2]);
      const asked = Array.isArray(value) ? `{${value.join(',')}}` : value;
      return tag === asked || asked.endsWith(tag)
        ? undefined
        : `the tag ${JSON.stringify(tag.slice(0, 80))} asked for ${JSON.stringify(asked.slice(0, 80))}`;
    },
  },
  formUsage('Jaeger search form', 'jaeger'),
  formUsage('Zipkin search form', 'zipkin'),
  {
    name: 'trace ID',
    target: query('$v', { queryType: 'traceId' }),
    badRequest: (request) =>
      TRACE_PATH.test(request.path) && !request.target.includes('?')
        ? undefined
        : `a trace request to ${request.target.slice(0, 120)}`,
  },
];
