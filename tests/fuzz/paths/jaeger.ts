/**
 * Jaeger's paths: trace by ID on API v3 and on the legacy API, the search (legacy and v3),
 * services, operations, dependencies and Save & test, from the recordings of Jaeger v1.76.0.
 */
import { jaegerProfiles } from '../../support/jaeger-fixtures';
import { recorded } from '../support/recordings';
import { runHealth, runQuery, runTraceQuery, runValues } from '../support/outcomes';
import type { Base, FuzzPath } from '../support/runner';
import type { SeenRequest } from '../support/raw-server';
import { fromProfile } from './recorded-fallback';

const JAEGER = { backend: 'jaeger' as const };
const profiles = jaegerProfiles();
const withV3 = fromProfile(profiles['jaeger-1.76.0']);
const legacyOnly = fromProfile(profiles['jaeger-legacy']);
const v3SearchOnly = fromProfile(profiles['jaeger-v3-search']);

const base = (name: string, traceId?: string): Base => ({ name, answer: recorded('jaeger-1.76.0', name), traceId });
const OK = '248c1e89af9ed025601c567fbb5522e5';
const FAILED = 'f86584e9fd76be8a2b69d641abf541be';
const is = (pattern: RegExp) => (request: SeenRequest) => pattern.test(request.path);

const search = { refId: 'A', query: '', queryType: 'serviceSearch' as const, service: 'web-frontend' };

export const JAEGER_PATHS: FuzzPath[] = [
  {
    name: 'jaeger trace API v3',
    format: 'json',
    bases: [base('trace-v3', OK), base('trace-v3-error-span', FAILED)],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/v3\/traces\/[^/]+$/),
    fallback: withV3,
    run: (ds, fuzzCase) => runTraceQuery(ds, fuzzCase, 'json'),
  },
  {
    name: 'jaeger trace legacy',
    format: 'json',
    bases: [base('trace-legacy', OK), base('trace-legacy-error-span', FAILED)],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/traces\/[^/]+$/),
    fallback: legacyOnly,
    run: (ds, fuzzCase) => runTraceQuery(ds, fuzzCase, 'json'),
  },
  {
    name: 'jaeger search legacy',
    format: 'json',
    bases: [base('search-legacy-service'), base('search-legacy-limit'), base('search-legacy-tags')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/traces$/),
    fallback: withV3,
    run: async (ds) => (await runQuery(ds, search)).problem,
  },
  {
    name: 'jaeger search API v3',
    format: 'json',
    bases: [base('search-v3-service'), base('search-v3-no-times')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/v3\/traces$/),
    fallback: v3SearchOnly,
    run: async (ds) => (await runQuery(ds, search)).problem,
  },
  {
    name: 'jaeger services',
    format: 'json',
    bases: [base('services-v3')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/v3\/services$/),
    fallback: legacyOnly,
    run: (ds, fuzzCase) => runValues(() => ds.backend.serviceSearch!.services(), fuzzCase),
  },
  {
    name: 'jaeger services legacy',
    format: 'json',
    bases: [base('services-legacy')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/services$/),
    fallback: legacyOnly,
    run: (ds, fuzzCase) => runValues(() => ds.backend.serviceSearch!.services(), fuzzCase),
  },
  {
    name: 'jaeger operations',
    format: 'json',
    bases: [base('operations-v3')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/v3\/operations$/),
    fallback: legacyOnly,
    run: (ds, fuzzCase) => runValues(() => ds.backend.serviceSearch!.operations('email-verifier'), fuzzCase),
  },
  {
    name: 'jaeger operations legacy',
    format: 'json',
    bases: [base('operations-legacy')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/services\/[^/]+\/operations$/),
    fallback: legacyOnly,
    run: (ds, fuzzCase) => runValues(() => ds.backend.serviceSearch!.operations('email-verifier'), fuzzCase),
  },
  {
    name: 'jaeger dependencies',
    format: 'json',
    bases: [base('dependencies')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/dependencies$/),
    fallback: withV3,
    run: async (ds) => (await runQuery(ds, { refId: 'A', query: '', queryType: 'dependencies' })).problem,
  },
  {
    name: 'jaeger save & test',
    format: 'json',
    bases: [base('services-v3')],
    jsonData: JAEGER,
    isTarget: is(/^\/api\/v3\/services$/),
    fallback: legacyOnly,
    run: (ds) => runHealth(ds),
  },
];
