/** What the recordings hold, read from the fixture files themselves (never hard-coded counts). */
import fs from 'fs';
import path from 'path';

import { FIXTURES_DIR } from '../../support/fixture-server';

interface ManifestTrace {
  traceId: string;
  spanCount: number;
  rootService: string;
  rootName: string;
}

export function manifestTrace(version: string, traceId: string): ManifestTrace {
  const file = path.join(FIXTURES_DIR, `tempo-${version}`, 'traces.manifest.json');
  const traces = JSON.parse(fs.readFileSync(file, 'utf8')) as ManifestTrace[];
  const trace = traces.find((t) => t.traceId === traceId);
  if (!trace) {
    throw new Error(`${file} has no trace ${traceId}`);
  }
  return trace;
}

export function recordedJson<T>(version: string, file: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, `tempo-${version}`, file), 'utf8')) as T;
}

export function recordedText(version: string, file: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, `tempo-${version}`, file), 'utf8');
}
