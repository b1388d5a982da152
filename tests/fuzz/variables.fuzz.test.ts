/**
 * @jest-environment ./tests/fuzz/support/fuzz-environment.js
 */
// Hostile template variable values and trace IDs through the real DataSource over HTTP: no value
// changes a query's structure (the TraceQL the server receives parses to the shape a benign value
// gives), no trace ID request leaves the trace API's path, every error is ours (npm run fuzz).
import { lastValueFrom } from 'rxjs';

import { DataSource } from '../../src/datasource';
import type { ThreadlineOptions, ThreadlineQuery } from '../../src/types';
import { makeDataSource, queryRequest } from '../support/datasource';
import { installRealBackendSrv, installTemplateSrv } from '../support/grafana-services';
import { jaegerProfiles } from '../support/jaeger-fixtures';
import { zipkinProfiles } from '../support/zipkin-fixtures';
import { fromProfile } from './paths/recorded-fallback';
import { badCells, badMessage, badRejection } from './support/checks';
import { HOSTILE_TRACE_IDS, hostileVariable } from './support/hostile-values';
import type { Answer } from './support/mutant';
import { caseSeed, Rng } from './support/prng';
import { type RawServer, type SeenRequest, startRawServer } from './support/raw-server';
import { jsonAnswer, protobufAnswer } from './support/recordings';
import { CaseWatch, fuzzConfig, TIMEOUT_S } from './support/runner';
import { traceqlShape } from './support/traceql-shape';
import { VARIABLE_USAGES, type VariableUsage } from './support/variable-usages';

const config = fuzzConfig();
const json = (text: string): Answer => ({
  status: 200,
  contentType: 'application/json',
  body: new TextEncoder().encode(text),
});
const jaeger = fromProfile(jaegerProfiles()['jaeger-1.76.0']);
const zipkin = fromProfile(zipkinProfiles()['zipkin-3.6.1']);
const TEMPO_TRACE = protobufAnswer('tempo-2.8.2/v2-trace-by-id.pb');

/** Every backend's answers: Tempo's on /tempo, the recorded Jaeger and Zipkin on /jaeger and /zipkin. */
function route(request: SeenRequest): Answer {
  const [, prefix, ...rest] = request.path.split('/');
  const inner = { ...request, path: '/' + rest.join('/') };
  if (prefix === 'jaeger') {
    return jaeger(inner);
  }
  if (prefix === 'zipkin') {
    return zipkin(inner);
  }
  if (/^\/api\/v2\/traces\/948fa8de1f33f0601aecb1973e1c20bb$/.test(inner.path)) {
    return TEMPO_TRACE;
  }
  if (inner.path === '/api/search') {
    return jsonAnswer('tempo-2.8.2/search-traceql-errors.json');
  }
  if (inner.path === '/api/metrics/query_range') {
    return json('{"series":[],"metrics":{}}');
  }
  if (/\/values$/.test(inner.path)) {
    return json('{"tagValues":[]}');
  }
  return { status: 404, contentType: 'text/plain', body: new TextEncoder().encode('404 page not found') };
}

let server: RawServer;
beforeAll(async () => {
  server = await startRawServer();
  server.route = route;
  installRealBackendSrv();
});
afterAll(() => server.close());

function dataSource(jsonData: ThreadlineOptions = {}): DataSource {
  const prefix = jsonData.backend === 'jaeger' ? '/jaeger' : jsonData.backend === 'zipkin' ? '/zipkin' : '/tempo';
  return makeDataSource(server.origin + prefix, { timeout: TIMEOUT_S, ...jsonData });
}

/** Strips the data source's prefix: the paths the backend asked for. */
function requestsSent(): SeenRequest[] {
  return server.requests.map((request) => ({ ...request, path: request.path.replace(/^\/(tempo|jaeger|zipkin)/, '') }));
}

async function runUsage(usage: VariableUsage, value: string | string[]): Promise<string | undefined> {
  installTemplateSrv({ v: value });
  const ds = dataSource(usage.jsonData);
  if (usage.variableQuery) {
    try {
      await ds.metricFindQuery({ refId: 'V', ...usage.variableQuery });
    } catch (error) {
      return badRejection(error);
    }
  } else {
    const response = await lastValueFrom(ds.query(queryRequest([usage.target as ThreadlineQuery])));
    const bad =
      (response.errors ?? []).map((error) => badMessage(error.message)).find(Boolean) ?? badCells(response.data);
    if (bad) {
      return bad;
    }
  }
  return requestsSent()
    .map((request) => usage.badRequest(request, value, traceqlShape))
    .find(Boolean);
}

interface Failed {
  line: string;
}

async function watched(run: () => Promise<string | undefined>): Promise<string | undefined> {
  server.requests.length = 0;
  const watch = new CaseWatch();
  let reason: string | undefined;
  try {
    reason = await run();
  } catch (error) {
    reason = `the case threw: ${String(error).slice(0, 200)}`;
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  watch.stop();
  return [reason, ...watch.problems].filter(Boolean).join('; ') || undefined;
}

const report = (failures: Failed[], total: number) =>
  failures.length === 0
    ? ''
    : `${failures.length} of ${total} failed\n${failures
        .slice(0, 15)
        .map((f) => f.line)
        .join('\n')}`;

const PATH_TIMEOUT_MS = 60 * 60 * 1000;
const VARIABLES_PATH = 'template variables';
const IDS_PATH = 'hostile trace IDs';

describe('Template variables and trace IDs', () => {
  (!config.path || config.path === VARIABLES_PATH ? it : it.skip)(
    `${VARIABLES_PATH}: no value changes a query's structure`,
    async () => {
      // 12,000 values for the 10,000 cases per path; FUZZ_CASES scales both.
      const count = Math.ceil(config.cases * 1.2);
      const indexes = config.caseIndex !== undefined ? [config.caseIndex] : Array.from({ length: count }, (_, i) => i);
      const failures: Failed[] = [];
      const started = Date.now();
      for (const index of indexes) {
        const rng = new Rng(caseSeed(config.seed, VARIABLES_PATH, index));
        const value = hostileVariable(rng);
        const usage = rng.pick(VARIABLE_USAGES);
        const reason = await watched(() => runUsage(usage, value));
        if (reason) {
          failures.push({
            line: `FUZZ_SEED=${config.seed} FUZZ_PATH='${VARIABLES_PATH}' FUZZ_CASE=${index}  [${usage.name}] ${JSON.stringify(value).slice(0, 100)}\n    → ${reason}`,
          });
        }
      }
      process.stdout.write(
        `fuzz: ${VARIABLES_PATH}: ${indexes.length} cases, ${failures.length} failed, ${Date.now() - started} ms\n`
      );
      expect(report(failures, indexes.length)).toBe('');
    },
    PATH_TIMEOUT_MS
  );

  const TRACE_PATHS: Record<string, RegExp> = {
    tempo: /^\/api\/(v2\/)?traces\/[0-9a-f]{32}$/,
    jaeger: /^\/api\/(v3\/)?traces\/[0-9a-f]{32}$/,
    zipkin: /^\/api\/v2\/trace\/[0-9a-f]{32}$/,
  };

  (!config.path || config.path === IDS_PATH ? it : it.skip)(
    `${IDS_PATH}: ${HOSTILE_TRACE_IDS.length} IDs, typed, as variables and compared, on every backend`,
    async () => {
      const failures: Failed[] = [];
      const started = Date.now();
      let cases = 0;
      for (const [index, id] of HOSTILE_TRACE_IDS.entries()) {
        if (config.caseIndex !== undefined && config.caseIndex !== index) {
          continue;
        }
        for (const backend of ['tempo', 'jaeger', 'zipkin'] as const) {
          const targets: ThreadlineQuery[] = [
            { refId: 'A', query: id },
            { refId: 'A', query: '$v', queryType: 'traceId' },
            { refId: 'A', query: '${v}', queryType: 'compare', compareTo: id },
            { refId: 'A', query: id, queryType: 'upload' },
          ];
          for (const target of targets) {
            cases++;
            const reason = await watched(async () => {
              installTemplateSrv({ v: id });
              const ds = dataSource(backend === 'tempo' ? {} : { backend });
              ds.traceFiles.keep('trace.json', jsonAnswer('tempo-2.8.2/v2-trace-by-id.json').body);
              const response = await lastValueFrom(ds.query(queryRequest([target])));
              const bad = (response.errors ?? []).map((error) => badMessage(error.message)).find(Boolean);
              // A query without a type that holds `{` is TraceQL (the editor's default mode): a search, not a trace.
              const search = backend === 'tempo' && target.queryType === undefined && id.includes('{');
              const stray = requestsSent().find(
                (request) =>
                  !(search && request.path === '/api/search') &&
                  (!TRACE_PATHS[backend].test(request.path) || request.target.includes('?'))
              );
              return bad ?? (stray && `a request to ${JSON.stringify(stray.target.slice(0, 120))}`);
            });
            if (reason) {
              failures.push({
                line: `FUZZ_SEED=${config.seed} FUZZ_PATH='${IDS_PATH}' FUZZ_CASE=${index}  [${backend} ${target.queryType ?? 'query'}] ${JSON.stringify(id).slice(0, 80)}\n    → ${reason}`,
              });
            }
          }
        }
      }
      process.stdout.write(
        `fuzz: ${IDS_PATH}: ${cases} cases, ${failures.length} failed, ${Date.now() - started} ms\n`
      );
      expect(report(failures, cases)).toBe('');
    },
    PATH_TIMEOUT_MS
  );
});
