/**
 * Zipkin's paths: trace by ID, search, services, span names, dependencies and Save & test (its
 * service list and its /info), from the recordings of Zipkin 3.6.1.
 */
import { zipkinProfiles } from '../../support/zipkin-fixtures';
import { recorded } from '../support/recordings';
import { runHealth, runQuery, runTraceQuery, runValues } from '../support/outcomes';
import type { Base, FuzzPath } from '../support/runner';
import type { SeenRequest } from '../support/raw-server';
import { fromProfile } from './recorded-fallback';

const ZIPKIN = { backend: 'zipkin' as const };
const zipkin = fromProfile(zipkinProfiles()['zipkin-3.6.1']);
const base = (name: string, traceId?: string): Base => ({ name, answer: recorded('zipkin-3.6.1', name), traceId });
const is = (pattern: RegExp) => (request: SeenRequest) => pattern.test(request.path);

export const ZIPKIN_PATHS: FuzzPath[] = [
  {
    name: 'zipkin trace',
    format: 'json',
    bases: [
      base('trace-signup', '248c1e89af9ed025601c567fbb5522e5'),
      base('trace-signup-error-span', 'f86584e9fd76be8a2b69d641abf541be'),
      base('trace-skew', '00000000000000001e223ff1f80f1c69'),
      base('trace-messaging-128-bit', '5aab74dbb904746bb33447baae403ed6'),
      base('trace-smartthings-oauth', '00000000000000008ce82b2e9ed820ba'),
    ],
    jsonData: ZIPKIN,
    isTarget: is(/^\/api\/v2\/trace\/[^/]+$/),
    fallback: zipkin,
    run: (ds, fuzzCase) => runTraceQuery(ds, fuzzCase, 'json'),
  },
  {
    name: 'zipkin search',
    format: 'json',
    bases: [base('search-service'), base('search-limit'), base('search-annotation-query')],
    jsonData: ZIPKIN,
    isTarget: is(/^\/api\/v2\/traces$/),
    fallback: zipkin,
    run: async (ds) =>
      (await runQuery(ds, { refId: 'A', query: '', queryType: 'serviceSearch', service: 'web-frontend' })).problem,
  },
  {
    name: 'zipkin services',
    format: 'json',
    bases: [base('services')],
    jsonData: ZIPKIN,
    isTarget: is(/^\/api\/v2\/services$/),
    fallback: zipkin,
    run: (ds, fuzzCase) => runValues(() => ds.backend.serviceSearch!.services(), fuzzCase),
  },
  {
    name: 'zipkin span names',
    format: 'json',
    bases: [base('spans-email-verifier')],
    jsonData: ZIPKIN,
    isTarget: is(/^\/api\/v2\/spans$/),
    fallback: zipkin,
    run: (ds, fuzzCase) => runValues(() => ds.backend.serviceSearch!.operations('email-verifier'), fuzzCase),
  },
  {
    name: 'zipkin dependencies',
    format: 'json',
    bases: [base('dependencies'), base('dependencies-reference')],
    jsonData: ZIPKIN,
    isTarget: is(/^\/api\/v2\/dependencies$/),
    fallback: zipkin,
    run: async (ds) => (await runQuery(ds, { refId: 'A', query: '', queryType: 'dependencies' })).problem,
  },
  {
    name: 'zipkin save & test (services)',
    format: 'json',
    bases: [base('services')],
    jsonData: ZIPKIN,
    isTarget: is(/^\/api\/v2\/services$/),
    fallback: zipkin,
    run: (ds) => runHealth(ds),
  },
  {
    name: 'zipkin save & test (info)',
    format: 'json',
    bases: [base('info')],
    jsonData: ZIPKIN,
    isTarget: is(/^\/info$/),
    fallback: zipkin,
    run: (ds) => runHealth(ds),
  },
];
