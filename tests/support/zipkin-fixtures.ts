/**
 * Profiles for the fixture server (`startFixtureServer(zipkinProfiles())`) that answer as the
 * recorded Zipkin 3.6.1 did (tests/fixtures/zipkin-3.6.1, recorded by scripts/live/record-zipkin.mjs;
 * never edited):
 *   /zipkin-3.6.1   the recordings; a trace ID nobody recorded gets Zipkin's recorded "not found"
 *                   (or its "invalid ID" for one that is not hex), a path Zipkin lacks its 404
 */
import fs from 'fs';
import path from 'path';

import { FIXTURES_DIR, type Profile } from './fixture-server';
import { noRecording, recordedFolder } from './recorded-folder';

export const ZIPKIN_DIR = path.join(FIXTURES_DIR, 'zipkin-3.6.1');

export interface ZipkinSeedTrace {
  traceId: string;
  spanCount: number;
  services: string[];
  rootService: string;
  rootName: string;
  errorSpans: number;
  operations: string[];
  startUs: number;
  durationUs: number;
}

export interface ZipkinSeed {
  seededAt: number;
  reference: Array<{ file: string; traceId: string; spans: number; startUs: number }>;
  traces: ZipkinSeedTrace[];
}

export const zipkinSeed: ZipkinSeed = JSON.parse(fs.readFileSync(path.join(ZIPKIN_DIR, 'seed.json'), 'utf8'));

export const zipkinRecordings = recordedFolder(ZIPKIN_DIR, ['endTs', 'lookback']);

const zipkin: Profile = (req) => {
  const { recording, find, hasPath } = zipkinRecordings;
  const name = find(req);
  if (name) {
    return recording(name);
  }
  const trace = /^\/api\/v2\/trace\/([^/]+)$/.exec(req.path);
  if (trace) {
    return recording(/^[0-9a-f]+$/.test(trace[1]) ? 'trace-not-found' : 'trace-invalid-id');
  }
  return hasPath(req.path) ? noRecording('Zipkin', req) : recording('unknown-api-route');
};

export function zipkinProfiles(): Record<string, Profile> {
  return { 'zipkin-3.6.1': zipkin };
}
