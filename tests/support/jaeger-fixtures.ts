/**
 * Profiles for the fixture server (`startFixtureServer(jaegerProfiles())`) that answer as the
 * recorded Jaeger v1.76.0 did (tests/fixtures/jaeger-1.76.0, recorded by
 * scripts/live/record-jaeger.mjs; never edited):
 *   /jaeger-1.76.0   Jaeger v2 with API v3 and the legacy API
 *   /jaeger-legacy   the same recordings without API v3, as an older Jaeger v1 query service:
 *                    a v3 route gets what Jaeger answers for any route it does not know (its UI page)
 *   /jaeger-v3-search the same without the legacy search `/api/traces`, to test the v3 search
 * A request is matched to the recording of the same path whose parameters are the same, time
 * parameters aside (the recordings have the recording's times): `recordedFolder`.
 */
import fs from 'fs';
import path from 'path';

import { FIXTURES_DIR, type Profile, type Recorded } from './fixture-server';
import { noRecording, recordedFolder } from './recorded-folder';

export const JAEGER_DIR = path.join(FIXTURES_DIR, 'jaeger-1.76.0');

export interface JaegerSeedTrace {
  traceId: string;
  spanCount: number;
  services: string[];
  rootService: string;
  rootName: string;
  errorSpans: number;
  operations: string[];
  startMs: number;
  durationMs: number;
  parentChildServices: string[];
}

export const jaegerSeed: { seededAt: number; traces: JaegerSeedTrace[] } = JSON.parse(
  fs.readFileSync(path.join(JAEGER_DIR, 'seed.json'), 'utf8')
);

export const jaegerRecordings = recordedFolder(JAEGER_DIR, [
  'start',
  'end',
  'endTs',
  'lookback',
  'query.start_time_min',
  'query.start_time_max',
]);

/** A recorded trace, else what Jaeger answered for an ID it does not have, or for one that is not hex. */
function traceRecording(api: 'v3' | 'legacy', id: string): Recorded {
  const { requests, recording } = jaegerRecordings;
  const prefix = api === 'v3' ? '/api/v3/traces/' : '/api/traces/';
  const name = Object.keys(requests).find((key) => requests[key].path === prefix + id);
  return recording(name ?? (/^[0-9a-f]+$/i.test(id) ? `trace-${api}-not-found` : `trace-${api}-invalid-id`));
}

function jaeger(withV3: boolean, withLegacySearch = true): Profile {
  return (req) => {
    const { recording, find, hasPath } = jaegerRecordings;
    const isV3 = req.path.startsWith('/api/v3/');
    if ((isV3 && !withV3) || (req.path === '/api/traces' && !withLegacySearch)) {
      return recording('unknown-api-route');
    }
    const trace = /^\/api\/(v3\/)?traces\/([^/]+)$/.exec(req.path);
    if (trace) {
      return traceRecording(trace[1] ? 'v3' : 'legacy', trace[2]);
    }
    const name = find(req);
    if (name) {
      return recording(name);
    }
    return hasPath(req.path) ? noRecording('Jaeger', req) : recording('unknown-api-route');
  };
}

export function jaegerProfiles(): Record<string, Profile> {
  return { 'jaeger-1.76.0': jaeger(true), 'jaeger-legacy': jaeger(false), 'jaeger-v3-search': jaeger(true, false) };
}
