// Records what a live, seeded Zipkin 3.6.1 answers into tests/fixtures/zipkin-3.6.1/, for
// `npm test` to cover Zipkin without a server (tests/support/zipkin-fixtures.ts replays them).
//
//   scripts/live/zipkin.sh start && node scripts/live/record-zipkin.mjs && scripts/live/zipkin.sh stop
//
// Every request is asked as the data source asks it (parameter names and units of
// src/backends/zipkin.ts); `seed.json` is the seed manifest (what was sent).
import fs from 'node:fs';
import path from 'node:path';

import { recordExchanges } from './record-exchanges.mjs';

const base = process.env.ZIPKIN_URL ?? `http://127.0.0.1:${process.env.ZIPKIN_PORT ?? 19411}`;
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const out = path.join(repo, 'tests/fixtures/zipkin-3.6.1');
const seedPath = path.join(process.env.THREADLINE_LIVE_DIR ?? path.join(repo, 'test-results/live'), 'zipkin-seed.json');
const seed = JSON.parse(fs.readFileSync(seedPath, 'utf8'));

const ok = seed.traces.find((trace) => trace.errorSpans === 0);
const failed = seed.traces.find((trace) => trace.errorSpans > 0);
if (!ok || !failed) {
  throw new Error(`the seed needs a trace without and one with errors: ${seedPath}`);
}
const reference = (file) => seed.reference.find((trace) => trace.file === file).traceId;
const endTs = seed.seededAt + 60_000;
const recent = { endTs, lookback: 2 * 3600 * 1000 };
// Back to 2016, for the reference traces' own timestamps.
const sinceReference = { endTs, lookback: endTs - Date.UTC(2016, 0, 1) };

await recordExchanges(base, out, {
  info: ['/info', {}],
  services: ['/api/v2/services', {}],
  'spans-email-verifier': ['/api/v2/spans', { serviceName: 'email-verifier' }],
  'spans-unknown-service': ['/api/v2/spans', { serviceName: 'no-such-service' }],
  'trace-signup': [`/api/v2/trace/${ok.traceId}`, {}],
  'trace-signup-error-span': [`/api/v2/trace/${failed.traceId}`, {}],
  'trace-skew': [`/api/v2/trace/${reference('skew.json').padStart(32, '0')}`, {}],
  'trace-yelp': [`/api/v2/trace/${reference('yelp.json').padStart(32, '0')}`, {}],
  'trace-messaging-128-bit': [`/api/v2/trace/${reference('messaging.json')}`, {}],
  'trace-smartthings-oauth': [
    `/api/v2/trace/${reference('smartthings-oauth-authorization.json').padStart(32, '0')}`,
    {},
  ],
  'trace-not-found': ['/api/v2/trace/00000000000000000000000000000001', {}],
  'trace-invalid-id': ['/api/v2/trace/xyz', {}],
  'search-service': ['/api/v2/traces', { serviceName: 'web-frontend', ...recent, limit: 20 }],
  'search-limit': ['/api/v2/traces', { serviceName: 'web-frontend', ...recent, limit: 3 }],
  'search-span-name': [
    '/api/v2/traces',
    { serviceName: 'email-verifier', spanName: 'select signups', ...recent, limit: 20 },
  ],
  'search-annotation-query': [
    '/api/v2/traces',
    { serviceName: 'marketing-qualifier', annotationQuery: 'http.response.status_code=503', ...recent, limit: 20 },
  ],
  'search-error': [
    '/api/v2/traces',
    { serviceName: 'marketing-qualifier', annotationQuery: 'error', ...recent, limit: 20 },
  ],
  'search-min-duration': [
    '/api/v2/traces',
    { serviceName: 'web-frontend', minDuration: 3600000000, ...recent, limit: 20 },
  ],
  'search-max-below-min': [
    '/api/v2/traces',
    { serviceName: 'web-frontend', minDuration: 2000000, maxDuration: 1000000, ...recent, limit: 20 },
  ],
  'search-unknown-service': ['/api/v2/traces', { serviceName: 'no-such-service', ...recent, limit: 20 }],
  'search-reference': ['/api/v2/traces', { serviceName: 'serviceb', ...sinceReference, limit: 20 }],
  dependencies: ['/api/v2/dependencies', recent],
  'dependencies-reference': ['/api/v2/dependencies', sinceReference],
  'unknown-api-route': ['/api/v2/no-such-endpoint', {}],
});
fs.copyFileSync(seedPath, path.join(out, 'seed.json'));
