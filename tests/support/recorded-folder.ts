/**
 * Replays a folder of recorded HTTP answers (`<name>.headers`, `<name>.body`, and `requests.json`
 * naming the path and parameters each answered, as scripts/live/record-exchanges.mjs writes them).
 * Generic, for any server's recordings: zipkin-fixtures.ts and jaeger-fixtures.ts use it.
 */
import fs from 'fs';
import path from 'path';

import { parseHead, type ParsedRequest, type Recorded } from './fixture-server';

interface RecordedRequest {
  path: string;
  params: Record<string, string>;
}

export interface RecordedFolder {
  requests: Record<string, RecordedRequest>;
  /** The recorded answer of that name, with its length (never in the chunks it arrived in). */
  recording(name: string): Recorded;
  /** The name of the recording of this path and parameters (time parameters aside), if any. */
  find(req: ParsedRequest): string | undefined;
  /** True when something was recorded for this path, whatever its parameters. */
  hasPath(path: string): boolean;
}

/** `timeParams`: parameters that hold the recording's times, ignored when matching a request. */
export function recordedFolder(dir: string, timeParams: string[]): RecordedFolder {
  const requests: Record<string, RecordedRequest> = JSON.parse(
    fs.readFileSync(path.join(dir, 'requests.json'), 'utf8')
  );
  const ignored = new Set(timeParams);
  const strip = (entries: Array<[string, string]>) =>
    JSON.stringify(entries.filter(([key]) => !ignored.has(key)).sort(([a], [b]) => a.localeCompare(b)));
  return {
    requests,
    recording(name) {
      const { status, headers } = parseHead(fs.readFileSync(path.join(dir, `${name}.headers`), 'utf8'));
      delete headers['transfer-encoding'];
      return { status, headers, body: fs.readFileSync(path.join(dir, `${name}.body`)) };
    },
    find(req) {
      const wanted = strip([...req.query.entries()]);
      return Object.keys(requests).find(
        (name) => requests[name].path === req.path && strip(Object.entries(requests[name].params)) === wanted
      );
    },
    hasPath: (requestPath) => Object.values(requests).some((request) => request.path === requestPath),
  };
}

/** What the fixture server answers for a request nothing was recorded for: a test asking what was never asked. */
export function noRecording(server: string, req: ParsedRequest): Recorded {
  return {
    status: 599,
    headers: { 'content-type': 'text/plain' },
    body: Buffer.from(`no ${server} recording for ${req.path}?${req.query.toString()}`),
  };
}
