/**
 * Profiles for the fixture server (`startFixtureServer(jaegerProfiles())`) that answer as the
 * recorded Jaeger v1.76.0 did (tests/fixtures/jaeger-1.76.0, recorded by
 * scripts/live/record-jaeger.mjs; never edited):
 *   /jaeger-1.76.0   Jaeger v2 with API v3 and the legacy API
 *   /jaeger-legacy   the same recordings without API v3, as a Jaeger v1 query service before v1.35:
 *                    a v3 route gets what Jaeger answers for any route it does not know (its UI page)
 *   /jaeger-v3-search the same without the legacy search `/api/traces`, to test the v3 search
 * A request is matched to the recording of the same path whose parameters are the same, time
 * parameters aside (the recordings have the recording's times).
 */
import fs from 'fs';
import path from 'path';

import { FIXTURES_DIR, parseHead, type ParsedRequest, type Profile, type Recorded } from './fixture-server';

export const JAEGER_DIR = path.join(FIXTURES_DIR, 'jaeger-1.76.0');

interface RecordedRequest {
  path: string;
  params: Record<string, string>;
}

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

const requests: Record<string, RecordedRequest> = JSON.parse(
  fs.readFileSync(path.join(JAEGER_DIR, 'requests.json'), 'utf8')
);

const TIME_PARAMS = new Set(['start', 'end', 'endTs', 'lookback', 'query.start_time_min', 'query.start_time_max']);

export function jaegerRecording(name: string): Recorded {
  const { status, headers } = parseHead(fs.readFileSync(path.join(JAEGER_DIR, `${name}.headers`), 'utf8'));
  // The body is replayed whole, with its length: not in the chunks it arrived in.
  delete headers['transfer-encoding'];
  return { status, headers, body: fs.readFileSync(path.join(JAEGER_DIR, `${name}.body`)) };
}

/** The recorded trace IDs asked for in the recordings, by API. */
function traceRecording(api: 'v3' | 'legacy', id: string): Recorded {
  const prefix = api === 'v3' ? '/api/v3/traces/' : '/api/traces/';
  const name = Object.keys(requests).find((key) => requests[key].path === prefix + id);
  if (name) {
    return jaegerRecording(name);
  }
  return jaegerRecording(/^[0-9a-f]+$/i.test(id) ? `trace-${api}-not-found` : `trace-${api}-invalid-id`);
}

function sameParams(recorded: Record<string, string>, query: URLSearchParams): boolean {
  const strip = (entries: Array<[string, string]>) =>
    JSON.stringify(entries.filter(([key]) => !TIME_PARAMS.has(key)).sort(([a], [b]) => a.localeCompare(b)));
  return strip(Object.entries(recorded)) === strip([...query.entries()]);
}

const noRecording = (req: ParsedRequest): Recorded => ({
  status: 599,
  headers: { 'content-type': 'text/plain' },
  body: Buffer.from(`no Jaeger recording for ${req.path}?${req.query.toString()}`),
});

function jaeger(withV3: boolean, withLegacySearch = true): Profile {
  return (req) => {
    const isV3 = req.path.startsWith('/api/v3/');
    if ((isV3 && !withV3) || (req.path === '/api/traces' && !withLegacySearch)) {
      return jaegerRecording('unknown-api-route');
    }
    const trace = /^\/api\/(v3\/)?traces\/([^/]+)$/.exec(req.path);
    if (trace) {
      return traceRecording(trace[1] ? 'v3' : 'legacy', trace[2]);
    }
    const samePath = Object.keys(requests).filter((name) => requests[name].path === req.path);
    if (samePath.length === 0) {
      return jaegerRecording('unknown-api-route');
    }
    const name = samePath.find((candidate) => sameParams(requests[candidate].params, req.query));
    return name ? jaegerRecording(name) : noRecording(req);
  };
}

export function jaegerProfiles(): Record<string, Profile> {
  return { 'jaeger-1.76.0': jaeger(true), 'jaeger-legacy': jaeger(false), 'jaeger-v3-search': jaeger(true, false) };
}
