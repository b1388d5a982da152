/**
 * A local HTTP server that answers as the recorded Tempo servers did, from the files in
 * tests/fixtures (the recordings, copied byte for byte and kept in step by tests/fixtures-drift.test.ts; never edited). Each Tempo profile lives under its own path prefix, so
 * one server stands in for several data sources: `${origin}/tempo-2.8.2` is a Tempo 2.8.2.
 *
 * Profiles:
 *   /tempo-2.0.1, /tempo-2.8.2          the recordings, protobuf when asked for and recorded
 *   /tempo-2.0.1-json, /tempo-2.8.2-json the same servers answering JSON (Tempo does when no protobuf is asked)
 *   /tempo-2.8.2-partial                2.8.2 restarted with a per-trace size limit (partial traces)
 *   /html-502                           a proxy that answers every request with an HTML error page
 *   /auth-401                           a proxy that wants credentials
 *   /truncated                          2.8.2 whose trace bodies are cut in half (with matching length)
 *   /hang                               accepts requests and never answers
 */
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

export interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

type Profile = (req: ParsedRequest) => Recorded | 'hang';

export interface ParsedRequest {
  path: string;
  query: URLSearchParams;
  wantsProtobuf: boolean;
}

export function fixturePath(version: string, file: string): string {
  return path.join(FIXTURES_DIR, `tempo-${version}`, file);
}

export function readFixture(version: string, file: string): Buffer {
  return fs.readFileSync(fixturePath(version, file));
}

/** A `.headers` file (status line and headers) with the `.body` beside it. */
export function recordedExchange(version: string, name: string): Recorded {
  const head = readFixture(version, `${name}.headers`).toString('utf8');
  return { ...parseHead(head), body: readFixture(version, `${name}.body`) };
}

/** A whole raw HTTP answer in one file (status line, headers, blank line, body). */
function recordedRaw(version: string, file: string): Recorded {
  const raw = readFixture(version, file).toString('utf8');
  const split = raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : raw.indexOf('\r\n\r\n');
  const head = parseHead(raw.slice(0, split));
  return { ...head, body: Buffer.from(raw.slice(split).replace(/^\s+/, ''), 'utf8') };
}

export function parseHead(head: string): Pick<Recorded, 'status' | 'headers'> {
  const [statusLine, ...lines] = head.split(/\r?\n/).filter((line) => line.trim() !== '');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name !== 'content-length' && name !== 'date') {
      headers[name] = line.slice(colon + 1).trim();
    }
  }
  return { status, headers };
}

const json = (version: string, file: string): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: readFixture(version, file),
});
const protobuf = (version: string, file: string): Recorded => ({
  status: 200,
  headers: { 'content-type': 'application/protobuf' },
  body: readFixture(version, file),
});

/** Trace id → recorded bodies, per Tempo version and API. */
const TRACES: Record<string, Record<string, { json?: string; protobuf?: string }>> = {
  '2.0.1/v1': {
    '948fa8de1f33f0601aecb1973e1c20bb': { json: 'trace-by-id.json', protobuf: 'trace-by-id.pb' },
    bce16910ff8b588b0cc3e20152bd0089: { json: 'trace-by-id-error-span.json' },
    '9d1ec1b5b29a7c6d348a82845a167889': { protobuf: 'trace-by-id-2007-spans.pb' },
  },
  '2.8.2/v1': {
    '948fa8de1f33f0601aecb1973e1c20bb': { json: 'v1-trace-by-id.json' },
  },
  '2.8.2/v2': {
    '948fa8de1f33f0601aecb1973e1c20bb': { json: 'v2-trace-by-id.json', protobuf: 'v2-trace-by-id.pb' },
    bce16910ff8b588b0cc3e20152bd0089: { json: 'v2-trace-by-id-error-span.json' },
    '9d1ec1b5b29a7c6d348a82845a167889': { protobuf: 'v2-trace-by-id-2007-spans.pb' },
  },
};

function traceAnswer(version: string, api: 'v1' | 'v2', id: string, req: ParsedRequest, jsonOnly: boolean) {
  const files = TRACES[`${version}/${api}`][id.toLowerCase()];
  if (files) {
    if (files.protobuf && (req.wantsProtobuf || !files.json) && !jsonOnly) {
      return protobuf(version, files.protobuf);
    }
    if (files.json) {
      return json(version, files.json);
    }
  }
  if (version === '2.0.1') {
    return /^[0-9a-f]+$/i.test(id)
      ? recordedExchange(version, 'trace-not-found')
      : recordedExchange(version, 'trace-invalid-id');
  }
  return api === 'v2'
    ? recordedExchange(version, 'v2-trace-not-found')
    : recordedExchange(version, 'v1-trace-not-found');
}

/** No recording has an empty result; Tempo answers a search without matches with an empty list. */
const NO_MATCH: Recorded = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{"traces":[],"metrics":{"inspectedBytes":"0"}}'),
};

/** Which recorded search answers a query: the recordings don't keep the query, so we match on its gist. */
function recordedSearch(version: string, q: string): Recorded {
  const unbalanced = (q.match(/\{/g) ?? []).length !== (q.match(/\}/g) ?? []).length;
  if (unbalanced || /=\s*\}/.test(q)) {
    return recordedExchange(version, 'search-invalid-traceql');
  }
  const rules: Array<[RegExp, string]> =
    version === '2.0.1'
      ? [
          [/status\s*=\s*error/, 'search-traceql-errors.json'],
          [/db\.system/, 'search-traceql-db.json'],
          [/enrich/, 'search-traceql-many-matches.json'],
        ]
      : [
          [/\|\s*by\(/, 'search-traceql-by.json'],
          [/select\(/, 'search-traceql-select-many-matches.json'],
          [/>>/, 'search-traceql-structural.json'],
          [/status\s*=\s*error/, 'search-traceql-errors.json'],
        ];
  const match = rules.find(([pattern]) => pattern.test(q));
  return match ? json(version, match[1]) : NO_MATCH;
}

const TAG_VALUES: Record<string, Record<string, string>> = {
  '2.0.1/v1': {
    'service.name': 'search-tag-values-service.name.json',
    'http.status_code': 'search-tag-values-http.status_code.json',
  },
  '2.8.2/v2': {
    'resource.service.name': 'v2-tag-values-resource.service.name.json',
    status: 'v2-tag-values-status.json',
    'span.http.status_code': 'v2-tag-values-filtered.json',
  },
};

function searchAnswer(version: string, req: ParsedRequest): Recorded | undefined {
  if (req.path === '/api/search') {
    const q = req.query.get('q');
    return q === null && version === '2.0.1' ? json(version, 'search-tags.json') : recordedSearch(version, q ?? '');
  }
  if (req.path === '/api/search/tags') {
    return json(version, version === '2.0.1' ? 'search-tags-list.json' : 'v1-search-tags.json');
  }
  if (req.path === '/api/v2/search/tags' && version === '2.8.2') {
    return json(
      version,
      req.query.get('scope') === 'resource' ? 'v2-search-tags-resource.json' : 'v2-search-tags.json'
    );
  }
  const values = /^\/api\/(v2\/)?search\/tag\/([^/]+)\/values$/.exec(req.path);
  if (values && (version === '2.8.2' || !values[1])) {
    const file = TAG_VALUES[`${version}/${values[1] ? 'v2' : 'v1'}`]?.[decodeURIComponent(values[2])];
    return file ? json(version, file) : { ...NO_MATCH, body: Buffer.from('{"tagValues":[],"metrics":{}}') };
  }
  return undefined;
}

function tempo(version: '2.0.1' | '2.8.2', jsonOnly = false): Profile {
  return (req) => {
    const v2 = /^\/api\/v2\/traces\/([^/]+)$/.exec(req.path);
    const v1 = /^\/api\/traces\/([^/]+)$/.exec(req.path);
    if (req.path === '/api/echo') {
      return recordedRaw(version, 'echo.txt');
    }
    if (req.path === '/api/status/buildinfo') {
      return version === '2.0.1' ? recordedExchange(version, 'buildinfo-missing') : json(version, 'buildinfo.json');
    }
    const search = searchAnswer(version, req);
    if (search) {
      return search;
    }
    if (v2 && version === '2.8.2') {
      return traceAnswer(version, 'v2', v2[1], req, jsonOnly);
    }
    if (v1) {
      return traceAnswer(version, 'v1', v1[1], req, jsonOnly);
    }
    // Go's default answer for a path the server does not know: Tempo 2.0.1's, recorded.
    return recordedExchange('2.0.1', 'buildinfo-missing');
  };
}

const PROFILES: Record<string, Profile> = {
  'tempo-2.0.1': tempo('2.0.1'),
  'tempo-2.8.2': tempo('2.8.2'),
  'tempo-2.0.1-json': tempo('2.0.1', true),
  'tempo-2.8.2-json': tempo('2.8.2', true),
  'tempo-2.8.2-partial': (req) =>
    /^\/api\/v2\/traces\/9d1ec1b5b29a7c6d348a82845a167889$/.test(req.path)
      ? protobuf('2.8.2', 'v2-trace-by-id-partial.pb')
      : tempo('2.8.2')(req),
  'html-502': () => ({
    status: 502,
    headers: { 'content-type': 'text/html' },
    body: Buffer.from(
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'
    ),
  }),
  'auth-401': () => ({
    status: 401,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: Buffer.from('Unauthorized'),
  }),
  truncated: (req) => {
    const answer = tempo('2.8.2')(req);
    if (answer === 'hang' || !/traces/.test(req.path)) {
      return answer;
    }
    return { ...answer, body: answer.body.subarray(0, Math.floor(answer.body.length / 2)) };
  },
  hang: () => 'hang',
};

export interface FixtureServer {
  origin: string;
  /** The base URL of a profile: what a data source's URL would be. */
  url(profile: keyof typeof PROFILES | string): string;
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

export type { Profile };

/** `extraProfiles`: shapes a test builds itself (it says where the shape comes from). */
export async function startFixtureServer(extraProfiles: Record<string, Profile> = {}): Promise<FixtureServer> {
  const requests: RequestLogEntry[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, profileName, ...rest] = url.pathname.split('/');
    const profile = extraProfiles[profileName] ?? PROFILES[profileName];
    if (!profile) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture profile "${profileName}"`);
      return;
    }
    const answer = profile({
      path: '/' + rest.join('/'),
      query: url.searchParams,
      wantsProtobuf: (req.headers.accept ?? '').includes('application/protobuf'),
    });
    if (answer === 'hang') {
      hanging.add(res);
      return;
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (profile) => `${origin}/${profile}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        hanging.forEach((res) => res.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
