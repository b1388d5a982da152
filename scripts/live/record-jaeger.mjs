// Records what a live, seeded Jaeger answers into tests/fixtures/jaeger-<version>/, for `npm test`
// to cover Jaeger without a server (tests/support/jaeger-fixtures.ts replays them).
//
//   scripts/live/jaeger.sh start && node scripts/live/record-jaeger.mjs && scripts/live/jaeger.sh stop
//
// The layout of record-exchanges.mjs (`<name>.headers`, `<name>.body`, `requests.json`), and
// `seed.json`, the seed manifest (what was sent: ids, spans, services, roots, errors).
import fs from 'node:fs';
import path from 'node:path';

import { recordExchanges } from './record-exchanges.mjs';

const base = process.env.JAEGER_URL ?? `http://127.0.0.1:${process.env.JAEGER_QUERY_PORT ?? 16686}`;
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const out = path.join(repo, 'tests/fixtures/jaeger-1.76.0');
const seedPath = path.join(process.env.THREADLINE_LIVE_DIR ?? path.join(repo, 'test-results/live'), 'jaeger-seed.json');
const seed = JSON.parse(fs.readFileSync(seedPath, 'utf8'));

const ok = seed.traces.find((trace) => trace.errorSpans === 0);
const failed = seed.traces.find((trace) => trace.errorSpans > 0);
if (!ok || !failed) {
  throw new Error(`the seed needs a trace without and one with errors: ${seedPath}`);
}
const endUs = (seed.seededAt + 60_000) * 1000;
const startUs = endUs - 2 * 3600 * 1_000_000;
const iso = (us) => new Date(us / 1000).toISOString();
const legacyWindow = { start: startUs, end: endUs };
const v3Window = { 'query.start_time_min': iso(startUs), 'query.start_time_max': iso(endUs) };
const missing = '00000000000000000000000000000001';

/** name → [path, query parameters]: every answer the data source can meet, asked as it asks (durations in us). */
const EXCHANGES = {
  'services-v3': ['/api/v3/services', {}],
  'services-legacy': ['/api/services', {}],
  'operations-v3': ['/api/v3/operations', { service: 'email-verifier' }],
  'operations-legacy': ['/api/services/email-verifier/operations', {}],
  'trace-v3': [`/api/v3/traces/${ok.traceId}`, {}],
  'trace-v3-error-span': [`/api/v3/traces/${failed.traceId}`, {}],
  'trace-legacy': [`/api/traces/${ok.traceId}`, {}],
  'trace-legacy-error-span': [`/api/traces/${failed.traceId}`, {}],
  'trace-v3-not-found': [`/api/v3/traces/${missing}`, {}],
  'trace-legacy-not-found': [`/api/traces/${missing}`, {}],
  'trace-v3-invalid-id': ['/api/v3/traces/xyz', {}],
  'trace-legacy-invalid-id': ['/api/traces/xyz', {}],
  'search-legacy-service': ['/api/traces', { service: 'web-frontend', limit: 20, ...legacyWindow }],
  'search-legacy-limit': ['/api/traces', { service: 'web-frontend', limit: 3, ...legacyWindow }],
  'search-legacy-operation': [
    '/api/traces',
    { service: 'email-verifier', operation: 'INSERT signups', limit: 20, ...legacyWindow },
  ],
  'search-legacy-tags': [
    '/api/traces',
    { service: 'marketing-qualifier', tags: '{"http.response.status_code":"503"}', limit: 20, ...legacyWindow },
  ],
  'search-legacy-min-duration': [
    '/api/traces',
    { service: 'web-frontend', minDuration: '3600000000us', limit: 20, ...legacyWindow },
  ],
  'search-legacy-max-below-min': [
    '/api/traces',
    { service: 'web-frontend', minDuration: '2000000us', maxDuration: '1000000us', limit: 20, ...legacyWindow },
  ],
  'search-legacy-unknown-service': ['/api/traces', { service: 'no-such-service', limit: 20, ...legacyWindow }],
  'search-v3-service': [
    '/api/v3/traces',
    { 'query.service_name': 'web-frontend', 'query.num_traces': 20, ...v3Window },
  ],
  'search-v3-no-match': [
    '/api/v3/traces',
    { 'query.service_name': 'no-such-service', 'query.num_traces': 20, ...v3Window },
  ],
  'search-v3-no-times': ['/api/v3/traces', { 'query.service_name': 'web-frontend' }],
  dependencies: ['/api/dependencies', { endTs: endUs / 1000, lookback: 2 * 3600 * 1000 }],
  'unknown-api-route': ['/api/v3/no-such-endpoint', {}],
};

await recordExchanges(base, out, EXCHANGES);
fs.copyFileSync(seedPath, path.join(out, 'seed.json'));
